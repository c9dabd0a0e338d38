/**
 * @file azureml/batch_endpoints.h
 * @brief Operations on batch endpoints (azure-ai-ml `ml_client.batch_endpoints`).
 *
 * Create, update and delete are long-running: they return an ::aml_poller.
 * Names are checked before anything is sent (aml_batch_endpoint_validate()).
 * A get of a missing endpoint is #AML_ERR_NOT_FOUND with the service's message.
 *
 * The default deployment is a property of the endpoint: set
 * `default_deployment_name` and call aml_batch_endpoints_begin_create_or_update()
 * (typically on the struct aml_batch_endpoints_get() returned, so nothing the
 * service set is dropped).
 *
 * @threadsafety Every function may be called concurrently on one client.
 */
#ifndef AZUREML_BATCH_ENDPOINTS_H
#define AZUREML_BATCH_ENDPOINTS_H

#include "batch_endpoint.h"
#include "client.h"
#include "pager.h"
#include "poller.h"

AML_BEGIN_DECL

/**
 * @brief Create or replace a batch endpoint (`PUT .../batchEndpoints/{name}`).
 *
 * A NULL `location` takes the workspace's (read once per client). Only set
 * fields are sent; a struct from aml_batch_endpoints_get() keeps what the
 * service set.
 * @param[in] endpoint [transfer none] copied before the call returns.
 * @param[out] out [transfer full] the operation; free with aml_poller_free().
 *        When done, aml_poller_batch_endpoint() has the endpoint.
 * @param[out] err [nullable][transfer full]
 * @param client the client [transfer none].
 * @retval AML_OK the service accepted the request.
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_VALIDATION a client-side rule is broken; nothing was sent.
 * @retval other negative codes from the service or the pipeline.
 */
AML_API aml_result aml_batch_endpoints_begin_create_or_update(aml_client *client,
                                                              const aml_batch_endpoint *endpoint,
                                                              aml_poller **out, aml_error **err);

/**
 * @brief Get a batch endpoint.
 * @param[out] out [transfer full] free with aml_batch_endpoint_free().
 * @param client the client [transfer none].
 * @param name the resource name (a URL segment).
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOT_FOUND no such endpoint (the error has the service's message).
 * @retval AML_ERR_PARSE the response is not a batch endpoint.
 */
AML_API aml_result aml_batch_endpoints_get(aml_client *client, const char *name,
                                           aml_batch_endpoint **out, aml_error **err);

/**
 * @brief List the workspace's batch endpoints; read them with aml_pager_next_batch_endpoint().
 * @param[out] out [transfer full] free with aml_pager_free(). No request is sent until the first next.
 * @param client the client [transfer none].
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 */
AML_API aml_result aml_batch_endpoints_list(aml_client *client, aml_pager **out, aml_error **err);

/**
 * @brief The next endpoint of a pager from aml_batch_endpoints_list().
 * @param[out] out [transfer full] free with aml_batch_endpoint_free(); NULL at the end.
 * @param pager a pager from the matching list function.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ITER_END no more endpoints.
 * @retval AML_ERR_INVALID_ARG NULL argument, or a pager of another list.
 */
AML_API aml_result aml_pager_next_batch_endpoint(aml_pager *pager, aml_batch_endpoint **out,
                                                 aml_error **err);

/**
 * @brief Delete a batch endpoint (and its deployments).
 * @param[out] out [transfer full] the operation; free with aml_poller_free().
 * @param client the client [transfer none].
 * @param name the resource name (a URL segment).
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK accepted (the poller may already be done: 200/204).
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_CONFLICT the service refuses now (e.g. deployments still being created).
 */
AML_API aml_result aml_batch_endpoints_begin_delete(aml_client *client, const char *name,
                                                    aml_poller **out, aml_error **err);

/**
 * @brief Update an endpoint's tags and managed identity (`PATCH`, body
 *        `PartialMinimalTrackedResourceWithIdentity`: the only mutable parts).
 *        `name`, `tags` and `identity` of @p endpoint are used (each only when set, so an
 *        endpoint read with GET keeps its identity); to change anything else, use
 *        aml_batch_endpoints_begin_create_or_update().
 * @param[out] out [transfer full] the operation; aml_poller_batch_endpoint() has the result.
 * @param client the client [transfer none].
 * @param endpoint [transfer none] the endpoint; copied before the call returns.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_VALIDATION the name is invalid, or neither tags nor identity is set.
 */
AML_API aml_result aml_batch_endpoints_begin_update(aml_client *client, const aml_batch_endpoint *endpoint,
                                                    aml_poller **out, aml_error **err);

/** Version of ::aml_endpoint_keys. */
#define AML_ENDPOINT_KEYS_VERSION 1

/** @brief An endpoint's authentication keys (secrets: wiped by aml_endpoint_keys_free()). */
typedef struct aml_endpoint_keys {
  uint32_t version; /**< Struct version, set by the library (output only: there is no _init). */
  const char *primary_key;   /**< [nullable] */
  const char *secondary_key; /**< [nullable] */
} aml_endpoint_keys;

/**
 * @brief List an endpoint's keys (`POST .../listkeys`).
 * @param[out] out [transfer full] free with aml_endpoint_keys_free().
 * @param client the client [transfer none].
 * @param name the resource name (a URL segment).
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOT_FOUND no such endpoint.
 */
AML_API aml_result aml_batch_endpoints_list_keys(aml_client *client, const char *name,
                                                 aml_endpoint_keys **out, aml_error **err);

/**
 * @brief Wipe and free keys. NULL-safe.
 * @param keys [nullable][transfer full] the keys to wipe and free.
 */
AML_API void aml_endpoint_keys_free(aml_endpoint_keys *keys);

/**
 * @brief The endpoint a done create/update operation produced.
 * @param poller the poller.
 * @return [transfer none][nullable] owned by the poller (valid until aml_poller_free());
 *         NULL while running, on failure, or for another kind of operation.
 */
AML_API const aml_batch_endpoint *aml_poller_batch_endpoint(aml_poller *poller);

AML_END_DECL

#endif /* AZUREML_BATCH_ENDPOINTS_H */
