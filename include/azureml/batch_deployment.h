/**
 * @file azureml/batch_deployment.h
 * @brief ::aml_batch_deployment — a model deployment under a batch endpoint
 *        (azure-ai-ml `BatchDeployment`), its parts, validation and JSON mapping.
 *
 * Ownership follows azureml/batch_endpoint.h: caller-built structs hold
 * borrowed pointers the library copies; library-returned structs own what the
 * library put in them and are released with aml_batch_deployment_free(),
 * which never frees a pointer the caller assigned. Parts
 * (::aml_code_configuration, ::aml_batch_retry_settings, ::aml_data_path) are
 * referenced by pointer, NULL meaning "not set"; in library-returned structs
 * they belong to the deployment and are freed with it.
 *
 * Unset is not zero: optional `int32_t` fields are unset at #AML_UNSET, the
 * `int64_t` ones at #AML_UNSET64 (`error_threshold = -1` is a real value: ignore all
 * failures). Only set fields are sent.
 *
 * @threadsafety A struct is used by one thread at a time.
 */
#ifndef AZUREML_BATCH_DEPLOYMENT_H
#define AZUREML_BATCH_DEPLOYMENT_H

#include "common.h"
#include "compute.h"
#include "errors.h"

AML_BEGIN_DECL

/** Version of ::aml_batch_deployment understood by this header. */
#define AML_BATCH_DEPLOYMENT_VERSION 2
/** Version of ::aml_code_configuration understood by this header. */
#define AML_CODE_CONFIGURATION_VERSION 1
/** Version of ::aml_batch_retry_settings understood by this header. */
#define AML_BATCH_RETRY_SETTINGS_VERSION 2
/** Version of ::aml_data_path understood by this header. */
#define AML_DATA_PATH_VERSION 1

/** `output_action`: append each mini-batch's results to one output file (wire `AppendRow`). */
#define AML_OUTPUT_ACTION_APPEND_ROW "append_row"
/** `output_action`: keep only a summary; no output file (wire `SummaryOnly`). */
#define AML_OUTPUT_ACTION_SUMMARY_ONLY "summary_only"

/** `logging_level`: informational (wire `Info`; the service default). */
#define AML_BATCH_LOGGING_LEVEL_INFO "info"
/** `logging_level`: warnings only (wire `Warning`). */
#define AML_BATCH_LOGGING_LEVEL_WARNING "warning"
/** `logging_level`: verbose (wire `Debug`). */
#define AML_BATCH_LOGGING_LEVEL_DEBUG "debug"

/**
 * @brief The scoring code of a deployment (`properties.codeConfiguration`).
 */
typedef struct aml_code_configuration {
  uint32_t version; /**< #AML_CODE_CONFIGURATION_VERSION, set by aml_code_configuration_init(). */
  /** [nullable] Code asset: an ARM id (`/subscriptions/.../codes/<name>/versions/<v>`),
   *  `azureml:<name>:<version>`, or a registry id (`azureml://registries/...`). → `codeId`. */
  const char *code;
  /** Script run on each node, relative to the code root, e.g. "score.py". → `scoringScript`
   *  (required by the service whenever a code configuration is sent). */
  const char *scoring_script;
} aml_code_configuration;

/**
 * @brief Per-mini-batch retry settings (`properties.retrySettings`).
 */
typedef struct aml_batch_retry_settings {
  uint32_t version;    /**< #AML_BATCH_RETRY_SETTINGS_VERSION, set by aml_batch_retry_settings_init(). */
  int32_t max_retries; /**< Retries of a failed mini-batch (service default 3); #AML_UNSET = not set. */
  int64_t timeout_s;   /**< Timeout of one mini-batch in seconds (service default 30), sent as ISO-8601
                            (`PT30S`); #AML_UNSET64 = not set. */
  /* ---- version 2 ---- */
  /** [nullable] `timeout` as the service sent it, kept when it is not a whole number of seconds
   *  (`P1M`, `PT0.5S`): @c timeout_s then holds its approximation (a month 30 days, a year 365,
   *  rounded to the second). While @c timeout_s still equals it, this text is sent back instead;
   *  NULL = send @c timeout_s. */
  const char *timeout_iso;
} aml_batch_retry_settings;

/**
 * @brief A model given as a datastore path rather than a registered asset
 *        (`properties.model` with `referenceType: DataPath`).
 */
typedef struct aml_data_path {
  uint32_t version;         /**< #AML_DATA_PATH_VERSION, set by aml_data_path_init(). */
  const char *datastore_id; /**< [nullable] ARM id of the datastore. → `datastoreId`. */
  const char *path;         /**< [nullable] Path inside the datastore. → `path`. */
} aml_data_path;

/**
 * @brief A batch deployment
 *        (`Microsoft.MachineLearningServices/workspaces/batchEndpoints/deployments`).
 *
 * Maps (`tags`, `properties`, `environment_variables`): NULL = not set; non-NULL with a
 * count of 0 = an empty map, sent as `{}`.
 */
typedef struct aml_batch_deployment {
  uint32_t version; /**< #AML_BATCH_DEPLOYMENT_VERSION, set by aml_batch_deployment_init(). */
  const char *name;          /**< Deployment name (URL segment). Required. */
  const char *endpoint_name; /**< Name of the endpoint it belongs to (URL segment). Required. */
  const char *description;   /**< [nullable] `properties.description`. */
  const aml_string_pair *tags; /**< [nullable] `tags`. */
  size_t tags_count;           /**< Entries in @c tags. */
  const aml_string_pair *properties; /**< [nullable] `properties.properties` (add-only on the service). */
  size_t properties_count;           /**< Entries in @c properties. */
  /** [nullable] Azure region; NULL = the workspace's location (filled by the operations). */
  const char *location;
  /** [nullable] Model asset: ARM id, `azureml:<name>:<version>` or registry id.
   *  → `properties.model = {"referenceType":"Id","assetId":...}`. Exclusive with @c model_path. */
  const char *model;
  /** [nullable] Model as a datastore path → `{"referenceType":"DataPath",...}`. Exclusive with @c model. */
  const aml_data_path *model_path;
  /** [nullable] Scoring code and script → `properties.codeConfiguration`. */
  const aml_code_configuration *code_configuration;
  /** [nullable] Environment asset (ARM id, `azureml:<name>:<version>` or registry id) → `environmentId`. */
  const char *environment;
  const aml_string_pair *environment_variables; /**< [nullable] `properties.environmentVariables`. */
  size_t environment_variables_count;           /**< Entries in @c environment_variables. */
  /** Compute cluster: a name, `azureml:<name>` (prefix stripped), or an ARM id. Required.
   *  → `properties.compute`. */
  const char *compute;
  int32_t instance_count; /**< Nodes per job (≥ 1) → `resources.instanceCount`; #AML_UNSET = not set. */
  const char *instance_type; /**< [nullable] → `resources.instanceType`. */
  int32_t max_concurrency_per_instance; /**< Parallel runs per node (≥ 1; service default 1); #AML_UNSET = not set. */
  int64_t mini_batch_size; /**< Files (or bytes for tabular data) per mini-batch (> 0; service default 10);
                                #AML_UNSET64 = not set. */
  const char *output_action;    /**< [nullable] #AML_OUTPUT_ACTION_APPEND_ROW (service default) or
                                     #AML_OUTPUT_ACTION_SUMMARY_ONLY. */
  const char *output_file_name; /**< [nullable] Output file of `append_row` (service default "predictions.csv").
                                     Ignored by the service with `summary_only`, which still reports it: a
                                     deployment read with GET is written back unchanged, not refused. */
  int32_t error_threshold; /**< Failures tolerated before the job aborts; -1 = ignore all failures (service
                                default); ≥ -1; #AML_UNSET = not set. */
  /** [nullable] → `properties.retrySettings`. */
  const aml_batch_retry_settings *retry_settings;
  const char *logging_level; /**< [nullable] #AML_BATCH_LOGGING_LEVEL_INFO, _WARNING or _DEBUG. */
  /* ---- read-only: filled from service responses, ignored on input ---- */
  const char *id;                 /**< [nullable] ARM resource id. Read-only. */
  const char *provisioning_state; /**< [nullable] `properties.provisioningState`. Read-only. */
  /** [nullable] The whole resource as the service sent it; aml_batch_deployment_to_json() starts
   *  from it (minus read-only members) so unmodelled members survive an update. Fields left unset
   *  keep their value from here. Read-only: library-owned. */
  const char *raw_json;
  /* ---- version 2 ---- */
  /** [nullable] Managed identity → `identity` (principal and tenant ids are read-only). Not changed by
   *  aml_batch_deployments_begin_update() (the service's PATCH takes description and tags only). */
  const aml_compute_identity *identity;
  /** [nullable] `resources.properties` (values of any JSON type): keys and the JSON texts of their
   *  values, compact, as read (a string value reads `"\"text\""`, an object `{"a":1}`). On output
   *  a value that is not valid JSON text is sent as a JSON string. */
  const aml_string_pair *resources_properties;
  size_t resources_properties_count; /**< Entries in @c resources_properties. */
} aml_batch_deployment;

/**
 * @brief Initialise a code configuration: both strings NULL.
 * @param[out] cc [transfer none]
 * @param version #AML_CODE_CONFIGURATION_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p cc is NULL.
 * @retval AML_ERR_VERSION unknown @p version.
 * @threadsafety Safe from any thread on distinct structs.
 */
AML_API aml_result aml_code_configuration_init(aml_code_configuration *cc, uint32_t version);

/**
 * @brief Initialise retry settings: `max_retries` = #AML_UNSET, `timeout_s` = #AML_UNSET64.
 * @param[out] rs [transfer none]
 * @param version #AML_BATCH_RETRY_SETTINGS_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p rs is NULL.
 * @retval AML_ERR_VERSION unknown @p version.
 * @threadsafety Safe from any thread on distinct structs.
 */
AML_API aml_result aml_batch_retry_settings_init(aml_batch_retry_settings *rs, uint32_t version);

/**
 * @brief Initialise a datastore path: both strings NULL.
 * @param[out] dp [transfer none]
 * @param version #AML_DATA_PATH_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p dp is NULL.
 * @retval AML_ERR_VERSION unknown @p version.
 * @threadsafety Safe from any thread on distinct structs.
 */
AML_API aml_result aml_data_path_init(aml_data_path *dp, uint32_t version);

/**
 * @brief Set every field to "not set": strings, maps and parts NULL, counts 0,
 *        `int32_t` fields #AML_UNSET, `mini_batch_size` #AML_UNSET64.
 * @param[out] dep [transfer none] overwritten, not freed.
 * @param version #AML_BATCH_DEPLOYMENT_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p dep is NULL.
 * @retval AML_ERR_VERSION unknown @p version.
 * @threadsafety Safe from any thread on distinct structs.
 */
AML_API aml_result aml_batch_deployment_init(aml_batch_deployment *dep, uint32_t version);

/**
 * @brief Check the client-side rules before sending.
 *
 * Rules: `name` is 3–32 characters matching `^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$` (the
 * rule azure-ai-ml applies to endpoint and deployment names; the ARM spec sets no pattern);
 * `endpoint_name` follows the endpoint name rule; `compute` is set (and is not an empty
 * `azureml:`); exactly one of `model` / `model_path` is set, and a `model_path` has a
 * `path`; a code configuration with anything set has a `scoring_script` containing a
 * letter, digit or `_`; `output_action` `summary_only` has no `output_file_name`;
 * `error_threshold` ≥ -1; `mini_batch_size` > 0; `instance_count` ≥ 1;
 * `max_concurrency_per_instance` ≥ 1; `retry_settings.max_retries` ≥ 0 and
 * `retry_settings.timeout_s` ≥ 0; parts carry a known version; map keys are neither NULL
 * nor empty and values are not NULL.
 *
 * @param[in] dep [transfer none]
 * @param[out] err [nullable][transfer full] on failure, a message naming the rule broken.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p dep is NULL.
 * @retval AML_ERR_VERSION @p dep->version (or a part's version) is unknown.
 * @retval AML_ERR_VALIDATION a rule is broken.
 * @retval AML_ERR_NOMEM no memory for the error message.
 * @threadsafety Safe from any thread; @p dep is only read.
 */
AML_API aml_result aml_batch_deployment_validate(const aml_batch_deployment *dep, aml_error **err);

/**
 * @brief The ARM request body (PUT, default api-version) for this deployment.
 *
 * Starts from `raw_json` (when set) minus read-only members, overlays the set fields, and
 * always carries `properties` and `tags` (`{}` when none). `compute` loses an `azureml:`
 * prefix; a bare compute name and `azureml:<name>:<version>` asset references are sent as
 * given (the create operation expands them to workspace ARM ids). Does not validate.
 *
 * @param[in] dep [transfer none]
 * @param[out] json_out [transfer full] compact JSON; free with aml_free().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p dep or @p json_out is NULL.
 * @retval AML_ERR_VERSION @p dep->version or a part's version is unknown.
 * @retval AML_ERR_PARSE `raw_json` is not a JSON object.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p dep is only read.
 */
AML_API aml_result aml_batch_deployment_to_json(const aml_batch_deployment *dep, char **json_out,
                                                aml_error **err);

/**
 * @brief Parse an ARM batch deployment resource (a GET response body).
 *
 * `endpoint_name` is taken from the resource id. A model referenced by id fills `model`;
 * one referenced by datastore path fills `model_path`; other reference kinds stay in
 * `raw_json` only.
 *
 * @param[in] json [transfer none] NUL-terminated JSON text.
 * @param[out] out [transfer full] free with aml_batch_deployment_free(); NULL on failure.
 * @param[out] err [nullable][transfer full] on failure, a message naming the field.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p json or @p out is NULL.
 * @retval AML_ERR_PARSE not JSON, not an object, or a field of the wrong type.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_batch_deployment_from_json(const char *json, aml_batch_deployment **out,
                                                  aml_error **err);

/**
 * @brief Deep copy (parts included) into a library-owned struct.
 * @param[in] in [transfer none] caller-built or library-returned.
 * @param[out] out [transfer full] free with aml_batch_deployment_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p in or @p out is NULL.
 * @retval AML_ERR_VERSION @p in->version or a part's version is unknown.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p in is only read.
 */
AML_API aml_result aml_batch_deployment_clone(const aml_batch_deployment *in, aml_batch_deployment **out,
                                              aml_error **err);

/**
 * @brief Free a library-returned deployment, its parts and everything the library
 *        allocated for it; pointers the caller assigned into it are left alone.
 *
 * Give it only structs the library returned; NULL and pointers the library did not
 * return are ignored without being read.
 *
 * @param dep [nullable][transfer full]
 * @threadsafety Not concurrently with other use of @p dep.
 */
AML_API void aml_batch_deployment_free(aml_batch_deployment *dep);

AML_END_DECL

#endif /* AZUREML_BATCH_DEPLOYMENT_H */
