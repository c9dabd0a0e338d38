/**
 * @file azureml/yaml.h
 * @brief Entities from and to YAML in the az ml schema: the files that
 *        `az ml batch-endpoint create --file endpoint.yml` and azure-ai-ml's
 *        `load_batch_endpoint()`, `load_batch_deployment()`, `load_compute()`,
 *        `load_model()` ... read.
 *
 * A loader reads a file (or a string named like one), applies `--set`-style
 * overrides to the document, checks every key and type against the schema of
 * the kind, maps the document onto the entity struct and runs the struct's
 * own aml_*_validate(). What it returns is library-owned, exactly as if it
 * came from the entity's _clone(), and is freed with the entity's _free().
 *
 * The schema: the keys azure-ai-ml accepts for the kind (`$schema` is read and
 * ignored; read-only keys such as `id` or `provisioning_state` are refused, as
 * azure-ai-ml refuses them). Enum values take the Python spelling
 * (`aad_token`, `low_priority`, `append_row`). Durations are integer seconds
 * (`idle_time_before_scale_down: 120`, `retry_settings.timeout: 30`).
 * Relative local paths (`path: ./model`, `code: ./src`, `conda_file: env.yml`)
 * are resolved against the folder of the file (or #aml_yaml_options.base_dir).
 *
 * Every failure message names the file, the line and column, and the field:
 * `deployment.yml:12:3: settings.mini_batch_size: expected an integer, got "ten"`.
 * Result codes:
 * - #AML_ERR_NOT_FOUND: the file (or a file it names, such as a conda file) does not exist;
 * - #AML_ERR_PARSE: malformed YAML (libyaml's problem, at its line and column), a
 *   duplicate key, or not a mapping at the top;
 * - #AML_ERR_VALIDATION: an unknown key, a value of the wrong type, a value that
 *   breaks a rule of the entity (the message of aml_*_validate(), placed at the value);
 * - #AML_ERR_INVALID_ARG: a malformed override or one whose path is not in the schema;
 * - #AML_ERR_UNSUPPORTED: a document the library knows but does not handle
 *   (`type: pipeline` deployments);
 * - #AML_ERR_NOMEM.
 *
 * Secret values (a compute's `ssh_settings.admin_password`) never appear in a
 * message and are not written back by the _to_yaml() functions.
 *
 * @threadsafety Every function is safe to call from any thread on distinct
 *        arguments; the library keeps no state between calls.
 */
#ifndef AZUREML_YAML_H
#define AZUREML_YAML_H

#include "asset_versions.h"
#include "assets.h"
#include "batch_deployment.h"
#include "batch_deployments.h"
#include "batch_endpoint.h"
#include "client.h"
#include "compute.h"
#include "data_assets.h"
#include "invoke.h"
#include "poller.h"

AML_BEGIN_DECL

/** Version of ::aml_yaml_options understood by this header. */
#define AML_YAML_OPTIONS_VERSION 1

/**
 * @brief How to load a document. Every loader takes a NULL options pointer as
 *        "no overrides, paths relative to the file's folder".
 */
typedef struct aml_yaml_options {
  uint32_t version; /**< #AML_YAML_OPTIONS_VERSION, set by aml_yaml_options_init(). */
  /** [nullable] Overrides applied in order to the document before it is checked, each
   *  `dotted.path=value` as az ml's `--set` takes them: `settings.mini_batch_size=20`,
   *  `resources.instance_count=2`, `tags.team=vision`, `description="a b"`. The value is
   *  read as YAML (`20` is a number, `"20"` a string, `{a: b}` a mapping). A path that the
   *  kind's schema does not have is refused with #AML_ERR_INVALID_ARG. */
  const char *const *overrides;
  size_t overrides_count; /**< Entries in @c overrides. */
  /** [nullable] Folder that relative local paths resolve against; NULL = the folder of the
   *  file (for the _parse_ functions: of @p file_name, "" when it has none = the current one). */
  const char *base_dir;
} aml_yaml_options;

/**
 * @brief Initialise options: no overrides, @c base_dir NULL.
 * @param[out] opts [transfer none] overwritten.
 * @param version #AML_YAML_OPTIONS_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p opts is NULL.
 * @retval AML_ERR_VERSION unknown @p version.
 * @threadsafety Safe from any thread on distinct structs.
 */
AML_API aml_result aml_yaml_options_init(aml_yaml_options *opts, uint32_t version);

/* ---- batch endpoints ----------------------------------------------------- */

/**
 * @brief Load a batch endpoint (`batchEndpoint.schema.json`): `name`, `description`,
 *        `tags`, `properties`, `location`, `auth_mode`, `defaults.deployment_name`,
 *        `identity` (`type`, `user_assigned_identities: [{resource_id: ...}]`).
 * @param[in] path [transfer none] the YAML file.
 * @param[in] opts [nullable][transfer none] overrides and base folder.
 * @param[out] out [transfer full] free with aml_batch_endpoint_free(); NULL on failure.
 * @param[out] err [nullable][transfer full] on failure, a message naming file, line, column and field.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p path or @p out is NULL, or a bad override.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval AML_ERR_NOT_FOUND no such file.
 * @retval AML_ERR_PARSE malformed YAML.
 * @retval AML_ERR_VALIDATION unknown key, wrong type, or a broken rule.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_yaml_load_batch_endpoint(const char *path, const aml_yaml_options *opts,
                                                aml_batch_endpoint **out, aml_error **err);

/**
 * @brief As aml_yaml_load_batch_endpoint(), from YAML text.
 * @param[in] text [transfer none] NUL-terminated YAML.
 * @param[in] file_name [nullable][transfer none] the name messages use ("<string>" when NULL);
 *        its folder is the base of relative paths unless @c opts->base_dir is set.
 * @param[in] opts [nullable][transfer none]
 * @param[out] out [transfer full] free with aml_batch_endpoint_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p text or @p out is NULL, or a bad override.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval AML_ERR_PARSE malformed YAML.
 * @retval AML_ERR_VALIDATION unknown key, wrong type, or a broken rule.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_yaml_parse_batch_endpoint(const char *text, const char *file_name,
                                                 const aml_yaml_options *opts, aml_batch_endpoint **out,
                                                 aml_error **err);

/**
 * @brief Write a batch endpoint as YAML in the schema the loaders read (`$schema` first;
 *        unset fields and read-only ones left out), so loading the text gives an equal struct.
 * @param[in] ep [transfer none]
 * @param[out] yaml_out [transfer full] NUL-terminated YAML; free with aml_free().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p ep or @p yaml_out is NULL.
 * @retval AML_ERR_VERSION @p ep->version is unknown.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p ep is only read.
 */
AML_API aml_result aml_batch_endpoint_to_yaml(const aml_batch_endpoint *ep, char **yaml_out, aml_error **err);

/* ---- computes ------------------------------------------------------------ */

/**
 * @brief Load a compute cluster (`amlCompute.schema.json`, `type: amlcompute`, required):
 *        `name`, `description`, `tags`, `location`, `size`, `tier`, `min_instances`,
 *        `max_instances`, `idle_time_before_scale_down` (seconds), `ssh_public_access_enabled`,
 *        `ssh_settings` (`admin_username`, `admin_password`, `ssh_key_value`),
 *        `network_settings.subnet`, `enable_node_public_ip`, `identity`. Fields the file leaves
 *        out keep aml_compute_init()'s defaults (size STANDARD_DS3_V2, 0 to 1 instances).
 * @param[in] path [transfer none] the YAML file.
 * @param[in] opts [nullable][transfer none]
 * @param[out] out [transfer full] free with aml_compute_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p path or @p out is NULL, or a bad override.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval AML_ERR_NOT_FOUND no such file.
 * @retval AML_ERR_PARSE malformed YAML.
 * @retval AML_ERR_VALIDATION unknown key, wrong type, another `type`, or a broken rule.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_yaml_load_compute(const char *path, const aml_yaml_options *opts, aml_compute **out,
                                         aml_error **err);

/**
 * @brief As aml_yaml_load_compute(), from YAML text (see aml_yaml_parse_batch_endpoint()).
 * @param[in] text [transfer none] NUL-terminated YAML.
 * @param[in] file_name [nullable][transfer none] the name messages use.
 * @param[in] opts [nullable][transfer none]
 * @param[out] out [transfer full] free with aml_compute_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p text or @p out is NULL, or a bad override.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval AML_ERR_PARSE malformed YAML.
 * @retval AML_ERR_VALIDATION unknown key, wrong type, or a broken rule.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_yaml_parse_compute(const char *text, const char *file_name, const aml_yaml_options *opts,
                                          aml_compute **out, aml_error **err);

/**
 * @brief Write a compute cluster as YAML (`type: amlcompute`). `admin_password` is never
 *        written; read-only fields are left out.
 * @param[in] compute [transfer none]
 * @param[out] yaml_out [transfer full] free with aml_free().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p compute or @p yaml_out is NULL.
 * @retval AML_ERR_VERSION @p compute->version is unknown.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p compute is only read.
 */
AML_API aml_result aml_compute_to_yaml(const aml_compute *compute, char **yaml_out, aml_error **err);

/* ---- batch deployments --------------------------------------------------- */

/**
 * @brief A loaded batch deployment spec: the deployment plus the assets the file defines
 *        inline (`model: {path: ./model}`, `code_configuration.code: ./src`,
 *        `environment: {image: ..., conda_file: ./env.yml}`) until they are registered.
 *
 * Opaque. Created by aml_yaml_load_batch_deployment_spec(), freed with
 * aml_batch_deployment_spec_free().
 * @threadsafety Used by one thread at a time.
 */
typedef struct aml_batch_deployment_spec aml_batch_deployment_spec;

/**
 * @brief Load a model batch deployment (`batchDeployment.schema.json` or
 *        `modelBatchDeployment.schema.json`; `type: model` or no type).
 *
 * Keys: `name`, `endpoint_name`, `description`, `tags`, `properties`, `type`, `model`,
 * `code_configuration` (`code`, `scoring_script`), `environment`, `compute`
 * (`azureml:cpu-cluster`, a name or an ARM id), `resources` (`instance_count`,
 * `instance_type`), and the settings, either in a `settings:` block or at the top level (not
 * both for one key): `mini_batch_size`, `max_concurrency_per_instance`, `error_threshold`,
 * `output_action`, `output_file_name`, `logging_level`, `environment_variables`,
 * `retry_settings` (`max_retries`, `timeout` in seconds), and `settings.instance_count`.
 * An override names either spelling (`settings.mini_batch_size=20` changes a top-level
 * `mini_batch_size` when that is where the file has it).
 *
 * `model` and `environment` are references (`azureml:<name>:<version>`,
 * `azureml:<name>@latest`, an ARM id or a registry id, kept as written) or inline objects in
 * the model / environment schema; `code_configuration.code` is a reference or a local folder.
 * Inline assets are kept in the spec (see aml_batch_deployment_spec_model()): until they are
 * registered the deployment's `model`, `environment` or `code_configuration->code` is NULL. The
 * deployment is validated as it will be sent (with the inline assets standing for their
 * references). A `type: pipeline` deployment is refused with #AML_ERR_UNSUPPORTED.
 *
 * @param[in] path [transfer none] the YAML file.
 * @param[in] opts [nullable][transfer none]
 * @param[out] out [transfer full] free with aml_batch_deployment_spec_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p path or @p out is NULL, or a bad override.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval AML_ERR_NOT_FOUND no such file, or no such conda file.
 * @retval AML_ERR_PARSE malformed YAML.
 * @retval AML_ERR_VALIDATION unknown key, wrong type, a setting given twice, or a broken rule.
 * @retval AML_ERR_UNSUPPORTED a pipeline deployment, or an environment `build` context.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_yaml_load_batch_deployment_spec(const char *path, const aml_yaml_options *opts,
                                                       aml_batch_deployment_spec **out, aml_error **err);

/**
 * @brief As aml_yaml_load_batch_deployment_spec(), from YAML text (see aml_yaml_parse_batch_endpoint()).
 * @param[in] text [transfer none] NUL-terminated YAML.
 * @param[in] file_name [nullable][transfer none] the name messages use; its folder is the base
 *        of relative paths unless @c opts->base_dir is set.
 * @param[in] opts [nullable][transfer none]
 * @param[out] out [transfer full] free with aml_batch_deployment_spec_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p text or @p out is NULL, or a bad override.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval AML_ERR_NOT_FOUND no such conda file.
 * @retval AML_ERR_PARSE malformed YAML.
 * @retval AML_ERR_VALIDATION unknown key, wrong type, or a broken rule.
 * @retval AML_ERR_UNSUPPORTED a pipeline deployment.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_yaml_parse_batch_deployment_spec(const char *text, const char *file_name,
                                                        const aml_yaml_options *opts,
                                                        aml_batch_deployment_spec **out, aml_error **err);

/**
 * @brief Load a batch deployment that references all its assets (no inline ones): the
 *        deployment alone. Same schema and errors as aml_yaml_load_batch_deployment_spec();
 *        a file with an inline asset is refused with #AML_ERR_UNSUPPORTED (load it as a spec).
 * @param[in] path [transfer none] the YAML file.
 * @param[in] opts [nullable][transfer none]
 * @param[out] out [transfer full] free with aml_batch_deployment_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p path or @p out is NULL, or a bad override.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval AML_ERR_NOT_FOUND no such file.
 * @retval AML_ERR_PARSE malformed YAML.
 * @retval AML_ERR_VALIDATION unknown key, wrong type, or a broken rule.
 * @retval AML_ERR_UNSUPPORTED a pipeline deployment, or an inline asset.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_yaml_load_batch_deployment(const char *path, const aml_yaml_options *opts,
                                                  aml_batch_deployment **out, aml_error **err);

/**
 * @brief As aml_yaml_load_batch_deployment(), from YAML text.
 * @param[in] text [transfer none] NUL-terminated YAML.
 * @param[in] file_name [nullable][transfer none] the name messages use.
 * @param[in] opts [nullable][transfer none]
 * @param[out] out [transfer full] free with aml_batch_deployment_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p text or @p out is NULL, or a bad override.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval AML_ERR_PARSE malformed YAML.
 * @retval AML_ERR_VALIDATION unknown key, wrong type, or a broken rule.
 * @retval AML_ERR_UNSUPPORTED a pipeline deployment, or an inline asset.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_yaml_parse_batch_deployment(const char *text, const char *file_name,
                                                   const aml_yaml_options *opts, aml_batch_deployment **out,
                                                   aml_error **err);

/**
 * @brief The spec's deployment. The caller may change its fields (assigning its own strings,
 *        which are never freed by the library) before creating it.
 * @param[in] spec [nullable]
 * @return [transfer none] owned by @p spec (valid until aml_batch_deployment_spec_free()); NULL for NULL.
 * @threadsafety Not concurrently with other use of @p spec.
 */
AML_API aml_batch_deployment *aml_batch_deployment_spec_deployment(const aml_batch_deployment_spec *spec);

/**
 * @brief The model the file defines inline: as loaded (`name` and `asset_version` NULL when the
 *        file gives none: registration names it by content), and after
 *        aml_batch_deployment_spec_register_assets() the registered version (with its `id`).
 * @param[in] spec [nullable]
 * @return [transfer none][nullable] owned by @p spec; NULL when the model is a reference.
 * @threadsafety Not concurrently with other use of @p spec.
 */
AML_API const aml_model_version *aml_batch_deployment_spec_model(const aml_batch_deployment_spec *spec);

/**
 * @brief The code the file defines inline (`code_configuration.code: ./src`), as
 *        aml_batch_deployment_spec_model().
 * @param[in] spec [nullable]
 * @return [transfer none][nullable] owned by @p spec; NULL when the code is a reference or absent.
 * @threadsafety Not concurrently with other use of @p spec.
 */
AML_API const aml_code_version *aml_batch_deployment_spec_code(const aml_batch_deployment_spec *spec);

/**
 * @brief The environment the file defines inline, as aml_batch_deployment_spec_model(). Its
 *        `conda_file` holds the conda file's content.
 * @param[in] spec [nullable]
 * @return [transfer none][nullable] owned by @p spec; NULL when the environment is a reference or absent.
 * @threadsafety Not concurrently with other use of @p spec.
 */
AML_API const aml_environment_version *aml_batch_deployment_spec_environment(const aml_batch_deployment_spec *spec);

/**
 * @brief Register the spec's inline assets and fill the deployment's references with their ARM ids.
 *
 * A model or code with a local path is uploaded by aml_models_create_or_update() /
 * aml_codes_create_or_update() (content-addressed to the default datastore). An asset without
 * a name is named as azure-ai-ml names anonymous assets: a model or code by the MD5 content hash
 * of its files (version "1"), an environment `CliV2AnonymousEnvironment` with the hash of its
 * image, conda file and OS as version. Assets already registered by an earlier call are not
 * registered again, so the call can be repeated after a failure.
 * @param client [transfer none]
 * @param spec [transfer none] updated in place.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_NOT_FOUND a local path does not exist.
 * @retval other negative codes from the upload, the service or the pipeline.
 * @threadsafety Not concurrently with other use of @p spec; @p client may be shared.
 */
AML_API aml_result aml_batch_deployment_spec_register_assets(aml_client *client, aml_batch_deployment_spec *spec,
                                                             aml_error **err);

/**
 * @brief Register the inline assets (aml_batch_deployment_spec_register_assets()), then start
 *        creating the deployment (aml_batch_deployments_begin_create_or_update()): what
 *        `az ml batch-deployment create --file` does, in one call.
 * @param client [transfer none]
 * @param spec [transfer none] updated in place (references filled).
 * @param[out] out [transfer full] free with aml_poller_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK the create was accepted; wait on the poller.
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval other negative codes from registration, validation, the service or the pipeline.
 * @threadsafety Not concurrently with other use of @p spec; @p client may be shared.
 */
AML_API aml_result aml_batch_deployment_spec_begin_create(aml_client *client, aml_batch_deployment_spec *spec,
                                                          aml_poller **out, aml_error **err);

/**
 * @brief Free a spec and everything it owns (deployment, inline assets). NULL is a no-op.
 * @param spec [nullable][transfer full]
 * @threadsafety Not concurrently with other use of @p spec.
 */
AML_API void aml_batch_deployment_spec_free(aml_batch_deployment_spec *spec);

/**
 * @brief Write a batch deployment as YAML (`modelBatchDeployment.schema.json`, `type: model`,
 *        settings in a `settings:` block, `resources.instance_count`). A `model_path` (datastore
 *        model) and the identity have no place in the schema and are not written; read-only
 *        fields are left out.
 * @param[in] dep [transfer none]
 * @param[out] yaml_out [transfer full] free with aml_free().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p dep or @p yaml_out is NULL.
 * @retval AML_ERR_VERSION @p dep->version is unknown.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p dep is only read.
 */
AML_API aml_result aml_batch_deployment_to_yaml(const aml_batch_deployment *dep, char **yaml_out, aml_error **err);

/* ---- model, code, environment and data assets ----------------------------- */

/**
 * @brief Load a model version (`model.schema.json`): `name`, `version`, `path` (a local file
 *        or folder, resolved against the file's folder; or an `azureml://` / `https://` URI),
 *        `type` (`custom_model`, `mlflow_model`, `triton_model`), `description`, `tags`,
 *        `properties`. Register it with aml_models_create_or_update() (which uploads a local path).
 * @param[in] path [transfer none] the YAML file.
 * @param[in] opts [nullable][transfer none]
 * @param[out] out [transfer full] free with aml_model_version_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p path or @p out is NULL, or a bad override.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval AML_ERR_NOT_FOUND no such file.
 * @retval AML_ERR_PARSE malformed YAML.
 * @retval AML_ERR_VALIDATION unknown key, wrong type, or a broken rule (name, version and path are required).
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_yaml_load_model_version(const char *path, const aml_yaml_options *opts,
                                               aml_model_version **out, aml_error **err);

/**
 * @brief As aml_yaml_load_model_version(), from YAML text.
 * @param[in] text [transfer none] NUL-terminated YAML.
 * @param[in] file_name [nullable][transfer none] the name messages use.
 * @param[in] opts [nullable][transfer none]
 * @param[out] out [transfer full] free with aml_model_version_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p text or @p out is NULL, or a bad override.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval AML_ERR_PARSE malformed YAML.
 * @retval AML_ERR_VALIDATION unknown key, wrong type, or a broken rule.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_yaml_parse_model_version(const char *text, const char *file_name,
                                                const aml_yaml_options *opts, aml_model_version **out,
                                                aml_error **err);

/**
 * @brief Load a code version (`code.schema.json`): `name`, `version`, `path`, `description`,
 *        `tags`, `properties`. As aml_yaml_load_model_version().
 * @param[in] path [transfer none] the YAML file.
 * @param[in] opts [nullable][transfer none]
 * @param[out] out [transfer full] free with aml_code_version_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p path or @p out is NULL, or a bad override.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval AML_ERR_NOT_FOUND no such file.
 * @retval AML_ERR_PARSE malformed YAML.
 * @retval AML_ERR_VALIDATION unknown key, wrong type, or a broken rule.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_yaml_load_code_version(const char *path, const aml_yaml_options *opts,
                                              aml_code_version **out, aml_error **err);

/**
 * @brief As aml_yaml_load_code_version(), from YAML text.
 * @param[in] text [transfer none] NUL-terminated YAML.
 * @param[in] file_name [nullable][transfer none] the name messages use.
 * @param[in] opts [nullable][transfer none]
 * @param[out] out [transfer full] free with aml_code_version_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p text or @p out is NULL, or a bad override.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval AML_ERR_PARSE malformed YAML.
 * @retval AML_ERR_VALIDATION unknown key, wrong type, or a broken rule.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_yaml_parse_code_version(const char *text, const char *file_name,
                                               const aml_yaml_options *opts, aml_code_version **out,
                                               aml_error **err);

/**
 * @brief Load an environment version (`environment.schema.json`): `name`, `version`, `image`,
 *        `conda_file` (a file, resolved against the YAML file's folder and read, or the
 *        specification inline as a mapping: the struct holds it as YAML text), `os_type`, `description`, `tags`, `properties`. A `build` context
 *        is refused with #AML_ERR_UNSUPPORTED.
 * @param[in] path [transfer none] the YAML file.
 * @param[in] opts [nullable][transfer none]
 * @param[out] out [transfer full] free with aml_environment_version_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p path or @p out is NULL, or a bad override.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval AML_ERR_NOT_FOUND no such file, or no such conda file.
 * @retval AML_ERR_PARSE malformed YAML.
 * @retval AML_ERR_VALIDATION unknown key, wrong type, or a broken rule.
 * @retval AML_ERR_UNSUPPORTED a `build` context.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_yaml_load_environment_version(const char *path, const aml_yaml_options *opts,
                                                     aml_environment_version **out, aml_error **err);

/**
 * @brief As aml_yaml_load_environment_version(), from YAML text.
 * @param[in] text [transfer none] NUL-terminated YAML.
 * @param[in] file_name [nullable][transfer none] the name messages use; its folder is the base
 *        of a relative `conda_file` unless @c opts->base_dir is set.
 * @param[in] opts [nullable][transfer none]
 * @param[out] out [transfer full] free with aml_environment_version_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p text or @p out is NULL, or a bad override.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval AML_ERR_NOT_FOUND no such conda file.
 * @retval AML_ERR_PARSE malformed YAML.
 * @retval AML_ERR_VALIDATION unknown key, wrong type, or a broken rule.
 * @retval AML_ERR_UNSUPPORTED a `build` context.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_yaml_parse_environment_version(const char *text, const char *file_name,
                                                      const aml_yaml_options *opts,
                                                      aml_environment_version **out, aml_error **err);

/**
 * @brief Load a data asset version (`data.schema.json`): `name`, `version`, `type`
 *        (`uri_folder` by default, `uri_file`, `mltable`), `path`, `description`, `tags`,
 *        `properties`. Register it with aml_data_assets_create_or_update() (which uploads a local path).
 * @param[in] path [transfer none] the YAML file.
 * @param[in] opts [nullable][transfer none]
 * @param[out] out [transfer full] free with aml_data_asset_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p path or @p out is NULL, or a bad override.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval AML_ERR_NOT_FOUND no such file.
 * @retval AML_ERR_PARSE malformed YAML.
 * @retval AML_ERR_VALIDATION unknown key, wrong type, or a broken rule.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_yaml_load_data_asset(const char *path, const aml_yaml_options *opts, aml_data_asset **out,
                                            aml_error **err);

/**
 * @brief As aml_yaml_load_data_asset(), from YAML text.
 * @param[in] text [transfer none] NUL-terminated YAML.
 * @param[in] file_name [nullable][transfer none] the name messages use.
 * @param[in] opts [nullable][transfer none]
 * @param[out] out [transfer full] free with aml_data_asset_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p text or @p out is NULL, or a bad override.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval AML_ERR_PARSE malformed YAML.
 * @retval AML_ERR_VALIDATION unknown key, wrong type, or a broken rule.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_yaml_parse_data_asset(const char *text, const char *file_name, const aml_yaml_options *opts,
                                             aml_data_asset **out, aml_error **err);

/**
 * @brief Write a model version as YAML (`model.schema.json`); read-only fields left out.
 * @param[in] model [transfer none]
 * @param[out] yaml_out [transfer full] free with aml_free().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_VERSION unknown struct version.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p model is only read.
 */
AML_API aml_result aml_model_version_to_yaml(const aml_model_version *model, char **yaml_out, aml_error **err);

/**
 * @brief Write a code version as YAML (`code.schema.json`); read-only fields left out.
 * @param[in] code [transfer none]
 * @param[out] yaml_out [transfer full] free with aml_free().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_VERSION unknown struct version.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p code is only read.
 */
AML_API aml_result aml_code_version_to_yaml(const aml_code_version *code, char **yaml_out, aml_error **err);

/**
 * @brief Write an environment version as YAML (`environment.schema.json`). Its `conda_file`
 *        (the content of a conda file) is written inline, as the mapping it holds, which the
 *        loader reads back into the same text; read-only fields are left out.
 * @param[in] env [transfer none]
 * @param[out] yaml_out [transfer full] free with aml_free().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_VERSION unknown struct version.
 * @retval AML_ERR_PARSE `conda_file` is not a YAML mapping.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p env is only read.
 */
AML_API aml_result aml_environment_version_to_yaml(const aml_environment_version *env, char **yaml_out,
                                                   aml_error **err);

/**
 * @brief Write a data asset version as YAML (`data.schema.json`); read-only fields left out.
 * @param[in] asset [transfer none]
 * @param[out] yaml_out [transfer full] free with aml_free().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_VERSION unknown struct version.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p asset is only read.
 */
AML_API aml_result aml_data_asset_to_yaml(const aml_data_asset *asset, char **yaml_out, aml_error **err);

/* ---- invoke inputs --------------------------------------------------------- */

/**
 * @brief The inputs (and outputs) of an invoke, loaded from a file:
 * @code{.yaml}
 * inputs:
 *   heart_dataset: {type: uri_folder, path: ./data}       # local: uploaded by the invoke
 *   threshold: {type: number, value: 0.5}                  # literal (string, integer, number, boolean)
 * outputs:
 *   score: {type: uri_file, path: azureml://datastores/workspaceblobstore/paths/out/predictions.csv}
 * @endcode
 * Opaque; freed with aml_invoke_inputs_spec_free().
 * @threadsafety Used by one thread at a time; read-only use (apply, accessors) may be shared.
 */
typedef struct aml_invoke_inputs_spec aml_invoke_inputs_spec;

/**
 * @brief Load an invoke inputs file. `inputs` (at least one) maps names to `type` (default
 *        `uri_folder`; also `uri_file`, `mltable`, or a literal type `string`, `integer`,
 *        `number`, `boolean`, `literal`) and `path` (local paths resolved against the file's
 *        folder) or, for literals, `value` (or `default`). `outputs` maps names to `type`
 *        (`uri_folder`, `uri_file`) and a datastore `path`.
 * @param[in] path [transfer none] the YAML file.
 * @param[in] opts [nullable][transfer none] overrides such as `inputs.heart_dataset.path=./other`.
 * @param[out] out [transfer full] free with aml_invoke_inputs_spec_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p path or @p out is NULL, or a bad override.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval AML_ERR_NOT_FOUND no such file.
 * @retval AML_ERR_PARSE malformed YAML.
 * @retval AML_ERR_VALIDATION unknown key, wrong type, no input, an input without path or value,
 *         an output to a local path.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_yaml_load_invoke_inputs(const char *path, const aml_yaml_options *opts,
                                               aml_invoke_inputs_spec **out, aml_error **err);

/**
 * @brief As aml_yaml_load_invoke_inputs(), from YAML text.
 * @param[in] text [transfer none] NUL-terminated YAML.
 * @param[in] file_name [nullable][transfer none] the name messages use; its folder is the base
 *        of relative paths unless @c opts->base_dir is set.
 * @param[in] opts [nullable][transfer none]
 * @param[out] out [transfer full] free with aml_invoke_inputs_spec_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p text or @p out is NULL, or a bad override.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval AML_ERR_PARSE malformed YAML.
 * @retval AML_ERR_VALIDATION as aml_yaml_load_invoke_inputs().
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_yaml_parse_invoke_inputs(const char *text, const char *file_name,
                                                const aml_yaml_options *opts, aml_invoke_inputs_spec **out,
                                                aml_error **err);

/**
 * @brief Point @p opts's `inputs` (and, for options of version 2 or later, `outputs`) at the
 *        spec's. The other fields of @p opts are left alone.
 * @param[in] spec [transfer none] must outlive every use of @p opts.
 * @param[in,out] opts [transfer none] initialised with aml_invoke_options_init().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_VERSION @p opts has an unknown version, or is version 1 and the file has outputs.
 * @threadsafety Safe from any thread; @p spec is only read.
 */
AML_API aml_result aml_invoke_inputs_spec_apply(const aml_invoke_inputs_spec *spec, aml_invoke_options *opts,
                                                aml_error **err);

/**
 * @brief The number of inputs.
 * @param[in] spec [nullable]
 * @return 0 for NULL.
 * @threadsafety Safe from any thread; @p spec is only read.
 */
AML_API size_t aml_invoke_inputs_spec_inputs_count(const aml_invoke_inputs_spec *spec);

/**
 * @brief One input, in the file's order.
 * @param[in] spec [nullable]
 * @param index 0 .. aml_invoke_inputs_spec_inputs_count() - 1.
 * @return [transfer none][nullable] owned by @p spec; NULL when out of range.
 * @threadsafety Safe from any thread; @p spec is only read.
 */
AML_API const aml_job_input *aml_invoke_inputs_spec_input(const aml_invoke_inputs_spec *spec, size_t index);

/**
 * @brief The number of outputs.
 * @param[in] spec [nullable]
 * @return 0 for NULL.
 * @threadsafety Safe from any thread; @p spec is only read.
 */
AML_API size_t aml_invoke_inputs_spec_outputs_count(const aml_invoke_inputs_spec *spec);

/**
 * @brief One output, in the file's order.
 * @param[in] spec [nullable]
 * @param index 0 .. aml_invoke_inputs_spec_outputs_count() - 1.
 * @return [transfer none][nullable] owned by @p spec; NULL when out of range.
 * @threadsafety Safe from any thread; @p spec is only read.
 */
AML_API const aml_job_output *aml_invoke_inputs_spec_output(const aml_invoke_inputs_spec *spec, size_t index);

/**
 * @brief Free an invoke inputs spec. NULL is a no-op.
 * @param spec [nullable][transfer full]
 * @threadsafety Not concurrently with other use of @p spec.
 */
AML_API void aml_invoke_inputs_spec_free(aml_invoke_inputs_spec *spec);

AML_END_DECL

#endif /* AZUREML_YAML_H */
