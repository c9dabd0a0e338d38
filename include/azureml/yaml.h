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

AML_END_DECL

#endif /* AZUREML_YAML_H */
