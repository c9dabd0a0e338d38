/**
 * @file azureml/batch_endpoint.h
 * @brief ::aml_batch_endpoint — a batch endpoint (azure-ai-ml `BatchEndpoint`),
 *        its defaults, validation and JSON mapping.
 *
 * Two kinds of ::aml_batch_endpoint exist:
 * - **Caller-built**: declared by the caller (stack or heap), initialised with
 *   aml_batch_endpoint_init(); its strings and maps are borrowed and the
 *   library copies whatever it needs before a call returns.
 * - **Library-returned**: from aml_batch_endpoint_from_json(),
 *   aml_batch_endpoint_clone() and the operations (get, list, pollers). The
 *   library owns every string and map it put there and releases them with
 *   aml_batch_endpoint_free(). The caller may assign its own strings into
 *   fields of such a struct (to change and send it back): the free function
 *   releases only what the library allocated, never the caller's pointers.
 *
 * Unset is not zero: strings and maps are unset when NULL; only set fields
 * are sent. Read-only fields (id, scoring_uri, ...) are filled from service
 * responses and ignored on input.
 *
 * @threadsafety A struct is used by one thread at a time. The functions in
 *        this header keep no shared state except the process-wide registry of
 *        library-returned structs, which is internally locked.
 */
#ifndef AZUREML_BATCH_ENDPOINT_H
#define AZUREML_BATCH_ENDPOINT_H

#include "common.h"
#include "compute.h"
#include "errors.h"

AML_BEGIN_DECL

/** Version of ::aml_batch_endpoint understood by this header. */
#define AML_BATCH_ENDPOINT_VERSION 2

/** `auth_mode`: Microsoft Entra tokens (the default; wire `AADToken`). */
#define AML_AUTH_MODE_AAD_TOKEN "aad_token"
/** `auth_mode`: Azure Machine Learning tokens (wire `AMLToken`). */
#define AML_AUTH_MODE_AML_TOKEN "aml_token"
/** `auth_mode`: endpoint keys (wire `Key`). */
#define AML_AUTH_MODE_KEY "key"

/**
 * @brief A batch endpoint (`Microsoft.MachineLearningServices/workspaces/batchEndpoints`).
 *
 * Maps: `tags` and `properties` are arrays of pairs plus a count. A NULL
 * pointer means "not set" (nothing is sent); a non-NULL pointer with a count
 * of 0 is an empty map that is sent as `{}`.
 *
 * Enum-valued strings (`auth_mode`) accept the Python spelling (`aad_token`)
 * and the wire spelling (`AADToken`, `aadToken`) in any case; values the
 * library does not know are sent unchanged. Parsed structs show the Python
 * spelling for known values and the service's raw value otherwise.
 */
typedef struct aml_batch_endpoint {
  uint32_t version; /**< #AML_BATCH_ENDPOINT_VERSION, set by aml_batch_endpoint_init(). */
  /** Endpoint name (URL segment): 3–32 characters, `^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$`. */
  const char *name;
  const char *description;          /**< [nullable] `properties.description`. */
  const aml_string_pair *tags;      /**< [nullable] `tags`; NULL = not set. */
  size_t tags_count;                /**< Entries in @c tags. */
  const aml_string_pair *properties; /**< [nullable] `properties.properties` (add-only on the service). */
  size_t properties_count;          /**< Entries in @c properties. */
  /** [nullable] Azure region; NULL = the workspace's location (filled by the operations). */
  const char *location;
  /** `properties.authMode`; init sets #AML_AUTH_MODE_AAD_TOKEN. */
  const char *auth_mode;
  /** [nullable] `properties.defaults.deploymentName`: the deployment an invoke without a
   *  deployment name goes to. */
  const char *default_deployment_name;
  /* ---- read-only: filled from service responses, ignored on input ---- */
  const char *id;                 /**< [nullable] ARM resource id. Read-only. */
  const char *scoring_uri;        /**< [nullable] `properties.scoringUri` (invoke URL). Read-only. */
  const char *openapi_uri;        /**< [nullable] `properties.swaggerUri`. Read-only. */
  const char *provisioning_state; /**< [nullable] `properties.provisioningState`, e.g. "Succeeded". Read-only. */
  /**
   * [nullable] The whole resource as the service sent it (set by
   * aml_batch_endpoint_from_json() and the operations). aml_batch_endpoint_to_json()
   * starts from it, minus the read-only members, and overlays the set fields,
   * so an update keeps what this struct does not model (sku, kind,
   * new service fields). Fields left unset keep their value from here.
   * Read-only: library-owned.
   */
  const char *raw_json;
  /* ---- version 2 ---- */
  /** [nullable] Managed identity → `identity` (principal and tenant ids are read-only);
   *  aml_batch_endpoints_begin_update() sends it with the tags. */
  const aml_compute_identity *identity;
} aml_batch_endpoint;

/**
 * @brief Set every field to its default: strings and maps NULL, counts 0,
 *        `auth_mode` = #AML_AUTH_MODE_AAD_TOKEN.
 * @param[out] ep [transfer none] struct to initialise (any previous content is overwritten,
 *        not freed).
 * @param version #AML_BATCH_ENDPOINT_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p ep is NULL.
 * @retval AML_ERR_VERSION @p version is not one this library knows.
 * @threadsafety Safe from any thread on distinct structs.
 */
AML_API aml_result aml_batch_endpoint_init(aml_batch_endpoint *ep, uint32_t version);

/**
 * @brief Check the client-side rules (the ones the service enforces) before sending.
 *
 * Rules: `name` is 3–32 characters and matches `^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$`;
 * `auth_mode` is set and not empty; `default_deployment_name`, when set, follows the
 * deployment name rule (see aml_batch_deployment_validate()); map keys are not NULL or
 * empty and values are not NULL. Read-only fields are not checked.
 *
 * @param[in] ep [transfer none]
 * @param[out] err [nullable][transfer full] on failure, a message naming the rule broken.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p ep is NULL.
 * @retval AML_ERR_VERSION @p ep->version is unknown.
 * @retval AML_ERR_VALIDATION a rule is broken.
 * @retval AML_ERR_NOMEM no memory for the error message.
 * @threadsafety Safe from any thread; @p ep is only read.
 */
AML_API aml_result aml_batch_endpoint_validate(const aml_batch_endpoint *ep, aml_error **err);

/**
 * @brief The ARM request body (PUT, default api-version) for this endpoint.
 *
 * Starts from `raw_json` (when set) minus its read-only members, then overlays the
 * set fields. Always carries `properties` and `tags` (`{}` when none: the service has
 * rejected a create without tags). `location` is sent when set here or in `raw_json`;
 * the create operation fills the workspace location otherwise. Does not validate.
 *
 * @param[in] ep [transfer none]
 * @param[out] json_out [transfer full] NUL-terminated compact JSON; free with aml_free().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p ep or @p json_out is NULL.
 * @retval AML_ERR_VERSION @p ep->version is unknown.
 * @retval AML_ERR_PARSE `raw_json` is not a JSON object.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p ep is only read.
 */
AML_API aml_result aml_batch_endpoint_to_json(const aml_batch_endpoint *ep, char **json_out,
                                              aml_error **err);

/**
 * @brief Parse an ARM batch endpoint resource (a GET response body).
 * @param[in] json [transfer none] NUL-terminated JSON text.
 * @param[out] out [transfer full] library-owned struct; free with aml_batch_endpoint_free().
 *        `raw_json` holds a copy of @p json. Set to NULL on failure.
 * @param[out] err [nullable][transfer full] on failure, a message naming the field.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p json or @p out is NULL.
 * @retval AML_ERR_PARSE not JSON, not an object, or a field of the wrong type.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_batch_endpoint_from_json(const char *json, aml_batch_endpoint **out,
                                                aml_error **err);

/**
 * @brief Deep copy into a library-owned struct (handy for bindings that must own
 *        what they keep). Every string and map is copied, read-only fields included.
 * @param[in] in [transfer none] caller-built or library-returned.
 * @param[out] out [transfer full] free with aml_batch_endpoint_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p in or @p out is NULL.
 * @retval AML_ERR_VERSION @p in->version is unknown.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p in is only read.
 */
AML_API aml_result aml_batch_endpoint_clone(const aml_batch_endpoint *in, aml_batch_endpoint **out,
                                            aml_error **err);

/**
 * @brief Free a struct the library returned, and every string and map the library
 *        allocated for it. Strings the caller assigned into its fields are left alone.
 *
 * Give it only structs the library returned. NULL is a no-op; so is a pointer the
 * library did not return (a caller-built struct, one already freed): it is
 * recognised without being read and ignored.
 *
 * @param ep [nullable][transfer full]
 * @threadsafety Safe from any thread, but not concurrently with other use of @p ep.
 */
AML_API void aml_batch_endpoint_free(aml_batch_endpoint *ep);

AML_END_DECL

#endif /* AZUREML_BATCH_ENDPOINT_H */
