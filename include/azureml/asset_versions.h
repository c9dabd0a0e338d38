/**
 * @file azureml/asset_versions.h
 * @brief The assets a batch deployment references: model, code and
 *        environment versions (azure-ai-ml `ml_client.models`, `ml_client.environments`
 *        and the code assets it registers for you). A version points at files
 *        already stored somewhere (a datastore path or URL) or, for an
 *        environment, at a container image; uploading local files comes with datastores.
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

AML_BEGIN_DECL

/**
 * @brief Create or update a model version (`PUT .../models/{name}/versions/{version}`).
 * @param[out] out [nullable][transfer full] the version as stored; free with aml_model_version_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_VALIDATION a client-side rule is broken; nothing was sent.
 */
AML_API aml_result aml_models_create_or_update(aml_client *client, const aml_model_version *model,
                                               aml_model_version **out, aml_error **err);

/**
 * @brief Get a model version.
 * @param[out] out [transfer full] free with aml_model_version_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOT_FOUND no such model version.
 */
AML_API aml_result aml_models_get(aml_client *client, const char *name, const char *version,
                                  aml_model_version **out, aml_error **err);

/** @brief Create or update a code version (`PUT .../codes/{name}/versions/{version}`). As aml_models_create_or_update(). */
AML_API aml_result aml_codes_create_or_update(aml_client *client, const aml_code_version *code,
                                              aml_code_version **out, aml_error **err);

/** @brief Get a code version. As aml_models_get(). */
AML_API aml_result aml_codes_get(aml_client *client, const char *name, const char *version,
                                 aml_code_version **out, aml_error **err);

/** @brief Create or update an environment version (`PUT .../environments/{name}/versions/{version}`). */
AML_API aml_result aml_environments_create_or_update(aml_client *client, const aml_environment_version *env,
                                                     aml_environment_version **out, aml_error **err);

/** @brief Get an environment version. As aml_models_get(). */
AML_API aml_result aml_environments_get(aml_client *client, const char *name, const char *version,
                                        aml_environment_version **out, aml_error **err);

AML_END_DECL

#endif /* AZUREML_ASSET_VERSIONS_H */
