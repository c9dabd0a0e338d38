/**
 * @file azureml/asset_versions.h
 * @brief The assets a batch deployment references: model, code and
 *        environment versions (azure-ai-ml `ml_client.models`, `ml_client.environments`
 *        and the code assets it registers for you). A version points at files
 *        already stored somewhere (a datastore path or URL) or, for an
 *        environment, at a container image. A model or code version may also
 *        point at a local file or folder: it is uploaded first (azureml/data_transfer.h).
 *
 * Creating a version is a plain (not long-running) PUT; the result carries the
 * version's ARM `id`, which a deployment's `model`, `code_configuration->code`
 * and `environment` take (or use the short `azureml:<name>:<version>` form).
 *
 * @threadsafety Every function may be called concurrently on one client.
 */
#ifndef AZUREML_ASSET_VERSIONS_H
#define AZUREML_ASSET_VERSIONS_H

#include "assets.h"
#include "client.h"
#include "data_transfer.h"
#include "pager.h"

AML_BEGIN_DECL

/**
 * @brief Create or update a model version (`PUT .../models/{name}/versions/{version}`).
 *
 * When `path` is a local file or folder (no `scheme://`, not `azureml:...`),
 * it is first uploaded with aml_data_upload_local() to the workspace's
 * default datastore (content-addressed: unchanged content is not sent again)
 * and the version is registered with the upload's `azureml://` URI, as
 * azure-ai-ml's `Model(path="./model")` does. The caller's struct is not changed.
 * @param[out] out [nullable][transfer full] the version as stored; free with aml_model_version_free().
 * @param client the client [transfer none].
 * @param model [transfer none] the model version; copied before the call returns.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_VALIDATION a client-side rule is broken; nothing was sent.
 * @retval AML_ERR_NOT_FOUND a local `path` does not exist.
 * @retval other negative codes from the upload, the service or the pipeline.
 */
AML_API aml_result aml_models_create_or_update(aml_client *client, const aml_model_version *model,
                                               aml_model_version **out, aml_error **err);

/**
 * @brief Get a model version.
 * @param[out] out [transfer full] free with aml_model_version_free().
 * @param client the client [transfer none].
 * @param name the model name.
 * @param version the version label, e.g. "1" (a URL segment).
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOT_FOUND no such model version.
 */
AML_API aml_result aml_models_get(aml_client *client, const char *name, const char *version,
                                  aml_model_version **out, aml_error **err);

/**
 * @brief Create or update a code version (`PUT .../codes/{name}/versions/{version}`). As
 *        aml_models_create_or_update(), including the upload of a local `path` (a folder of code).
 * @param client the client [transfer none].
 * @param code [transfer none] the code version; copied before the call returns.
 * @param[out] out [transfer full] receives the result; set to NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 */
AML_API aml_result aml_codes_create_or_update(aml_client *client, const aml_code_version *code,
                                              aml_code_version **out, aml_error **err);

/**
 * @brief Get a code version. As aml_models_get().
 * @param client the client [transfer none].
 * @param name the code asset name.
 * @param version the version label (a URL segment).
 * @param[out] out [transfer full] receives the result; set to NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 */
AML_API aml_result aml_codes_get(aml_client *client, const char *name, const char *version,
                                 aml_code_version **out, aml_error **err);

/**
 * @brief Create or update an environment version (`PUT .../environments/{name}/versions/{version}`).
 * @param client the client [transfer none].
 * @param env [transfer none] the environment version; copied before the call returns.
 * @param[out] out [transfer full] receives the result; set to NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 */
AML_API aml_result aml_environments_create_or_update(aml_client *client, const aml_environment_version *env,
                                                     aml_environment_version **out, aml_error **err);

/**
 * @brief Get an environment version. As aml_models_get().
 * @param client the client [transfer none].
 * @param name the environment name.
 * @param version the version label (a URL segment).
 * @param[out] out [transfer full] receives the result; set to NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 */
AML_API aml_result aml_environments_get(aml_client *client, const char *name, const char *version,
                                        aml_environment_version **out, aml_error **err);

/**
 * @brief List a model's versions, newest first (`GET .../models/{name}/versions?$orderBy=createdtime desc`,
 *        paged by `nextLink`); read them with aml_pager_next_model_version(). The first item is the
 *        version azure-ai-ml calls `latest`.
 * @param client the client [transfer none].
 * @param name the model name.
 * @param[out] out [transfer full] free with aml_pager_free(). No request is sent until the first next.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe to call concurrently on one client; the pager is used by one thread at a time.
 */
AML_API aml_result aml_models_list_versions(aml_client *client, const char *name, aml_pager **out, aml_error **err);

/**
 * @brief The next version of a pager from aml_models_list_versions().
 * @param pager a pager from aml_models_list_versions().
 * @param[out] out [transfer full] free with aml_model_version_free(); NULL at the end.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ITER_END no more versions.
 * @retval AML_ERR_INVALID_ARG NULL argument, or a pager of another list.
 * @retval other negative codes when a page could not be fetched or parsed.
 * @threadsafety A pager is used by one thread at a time.
 */
AML_API aml_result aml_pager_next_model_version(aml_pager *pager, aml_model_version **out, aml_error **err);

/**
 * @brief List a code asset's versions, newest first; as aml_models_list_versions().
 *        Read them with aml_pager_next_code_version().
 * @param client the client [transfer none].
 * @param name the code asset name.
 * @param[out] out [transfer full] free with aml_pager_free(). No request is sent until the first next.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe to call concurrently on one client; the pager is used by one thread at a time.
 */
AML_API aml_result aml_codes_list_versions(aml_client *client, const char *name, aml_pager **out, aml_error **err);

/**
 * @brief The next version of a pager from aml_codes_list_versions().
 * @param pager a pager from aml_codes_list_versions().
 * @param[out] out [transfer full] free with aml_code_version_free(); NULL at the end.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ITER_END no more versions.
 * @retval AML_ERR_INVALID_ARG NULL argument, or a pager of another list.
 * @retval other negative codes when a page could not be fetched or parsed.
 * @threadsafety A pager is used by one thread at a time.
 */
AML_API aml_result aml_pager_next_code_version(aml_pager *pager, aml_code_version **out, aml_error **err);

/**
 * @brief List an environment's versions, newest first; as aml_models_list_versions().
 *        Read them with aml_pager_next_environment_version().
 * @param client the client [transfer none].
 * @param name the environment name.
 * @param[out] out [transfer full] free with aml_pager_free(). No request is sent until the first next.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe to call concurrently on one client; the pager is used by one thread at a time.
 */
AML_API aml_result aml_environments_list_versions(aml_client *client, const char *name, aml_pager **out,
                                                  aml_error **err);

/**
 * @brief The next version of a pager from aml_environments_list_versions().
 * @param pager a pager from aml_environments_list_versions().
 * @param[out] out [transfer full] free with aml_environment_version_free(); NULL at the end.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ITER_END no more versions.
 * @retval AML_ERR_INVALID_ARG NULL argument, or a pager of another list.
 * @retval other negative codes when a page could not be fetched or parsed.
 * @threadsafety A pager is used by one thread at a time.
 */
AML_API aml_result aml_pager_next_environment_version(aml_pager *pager, aml_environment_version **out,
                                                      aml_error **err);

AML_END_DECL

#endif /* AZUREML_ASSET_VERSIONS_H */
