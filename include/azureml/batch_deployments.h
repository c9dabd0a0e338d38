/**
 * @file azureml/batch_deployments.h
 * @brief Operations on batch deployments (azure-ai-ml `ml_client.batch_deployments`).
 *
 * A deployment lives under its endpoint (`endpoint_name`). References to
 * workspace assets and computes may be given short: `azureml:<name>:<version>`
 * for model, code and environment, and a compute name (with or without the
 * `azureml:` prefix); they are sent as the workspace's ARM ids.
 *
 * @threadsafety Every function may be called concurrently on one client.
 */
#ifndef AZUREML_BATCH_DEPLOYMENTS_H
#define AZUREML_BATCH_DEPLOYMENTS_H

#include "batch_deployment.h"
#include "client.h"
#include "pager.h"
#include "poller.h"

AML_BEGIN_DECL

/**
 * @brief Create or replace a deployment (`PUT .../batchEndpoints/{endpoint}/deployments/{name}`).
 *
 * A NULL `location` takes the workspace's. Validated first (nothing is sent
 * when a rule is broken).
 * @param[in] deployment [transfer none] copied before the call returns.
 * @param[out] out [transfer full] free with aml_poller_free(); aml_poller_batch_deployment() when done.
 * @param client the client [transfer none].
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK accepted.
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_VALIDATION a client-side rule is broken; nothing was sent.
 * @retval other negative codes from the service (a missing compute or asset may also
 *         surface later, as a Failed operation).
 */
AML_API aml_result aml_batch_deployments_begin_create_or_update(aml_client *client,
                                                                const aml_batch_deployment *deployment,
                                                                aml_poller **out, aml_error **err);

/**
 * @brief Get a deployment.
 * @param[out] out [transfer full] free with aml_batch_deployment_free().
 * @param client the client [transfer none].
 * @param endpoint_name the batch endpoint's name.
 * @param name the resource name (a URL segment).
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOT_FOUND no such endpoint or deployment.
 */
AML_API aml_result aml_batch_deployments_get(aml_client *client, const char *endpoint_name, const char *name,
                                             aml_batch_deployment **out, aml_error **err);

/**
 * @brief List an endpoint's deployments; read them with aml_pager_next_batch_deployment().
 * @param[out] out [transfer full] free with aml_pager_free().
 * @param client the client [transfer none].
 * @param endpoint_name the batch endpoint's name.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 */
AML_API aml_result aml_batch_deployments_list(aml_client *client, const char *endpoint_name, aml_pager **out,
                                              aml_error **err);

/**
 * @brief The next deployment of a pager from aml_batch_deployments_list().
 * @param[out] out [transfer full] free with aml_batch_deployment_free(); NULL at the end.
 * @param pager a pager from the matching list function.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ITER_END no more deployments.
 * @retval AML_ERR_INVALID_ARG NULL argument, or a pager of another list.
 */
AML_API aml_result aml_pager_next_batch_deployment(aml_pager *pager, aml_batch_deployment **out,
                                                   aml_error **err);

/**
 * @brief Delete a deployment.
 * @param[out] out [transfer full] free with aml_poller_free().
 * @param client the client [transfer none].
 * @param endpoint_name the batch endpoint's name.
 * @param name the resource name (a URL segment).
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK accepted.
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 */
AML_API aml_result aml_batch_deployments_begin_delete(aml_client *client, const char *endpoint_name,
                                                      const char *name, aml_poller **out, aml_error **err);

/**
 * @brief Update a deployment's description and tags (`PATCH`: the only mutable fields);
 *        `endpoint_name`, `name`, `description` and `tags` of @p deployment are used.
 * @param[out] out [transfer full] free with aml_poller_free(); aml_poller_batch_deployment() when done.
 * @param client the client [transfer none].
 * @param deployment [transfer none] the deployment; copied before the call returns.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_VALIDATION bad names, or neither description nor tags set.
 */
AML_API aml_result aml_batch_deployments_begin_update(aml_client *client, const aml_batch_deployment *deployment,
                                                      aml_poller **out, aml_error **err);

/**
 * @brief The deployment a done create/update operation produced.
 * @param poller the poller.
 * @return [transfer none][nullable] owned by the poller; NULL while running or on failure.
 */
AML_API const aml_batch_deployment *aml_poller_batch_deployment(aml_poller *poller);

AML_END_DECL

#endif /* AZUREML_BATCH_DEPLOYMENTS_H */
