/* The versions of a model, code or environment asset, newest first
 * (`GET {workspace}/{models|codes|environments}/{name}/versions?$orderBy=createdtime desc`,
 * paged by nextLink), as data asset versions are listed: the first item is
 * what azure-ai-ml calls the `latest` version. */
#include <azureml/asset_versions.h>

#include "core/error.h"
#include "ml/entity_assets.h"
#include "ml/ops_common.h"


static aml_result list_versions(aml_client *client, const char *collection, const char *name, int32_t kind,
                                const char *fn, aml_pager **out, aml_error **err) {
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc = aml__ops_require(name, fn, "name", err);
  if (rc < 0) return rc;
  return aml__ops_list_versions(client, collection, name, 0, kind, out, err);
}

aml_result aml_models_list_versions(aml_client *client, const char *name, aml_pager **out, aml_error **err) {
  return list_versions(client, "models", name, AML_RESULT_MODEL_VERSION, "aml_models_list_versions", out, err);
}

aml_result aml_codes_list_versions(aml_client *client, const char *name, aml_pager **out, aml_error **err) {
  return list_versions(client, "codes", name, AML_RESULT_CODE_VERSION, "aml_codes_list_versions", out, err);
}

aml_result aml_environments_list_versions(aml_client *client, const char *name, aml_pager **out, aml_error **err) {
  return list_versions(client, "environments", name, AML_RESULT_ENVIRONMENT_VERSION,
                       "aml_environments_list_versions", out, err);
}

aml_result aml_pager_next_model_version(aml_pager *pager, aml_model_version **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_pager_next_model_version: out is required");
  void *v = NULL;
  aml_result rc = aml__ops_next(pager, AML_RESULT_MODEL_VERSION, aml__model_version_parse_item, &v, err);
  *out = v;
  return rc;
}

aml_result aml_pager_next_code_version(aml_pager *pager, aml_code_version **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_pager_next_code_version: out is required");
  void *v = NULL;
  aml_result rc = aml__ops_next(pager, AML_RESULT_CODE_VERSION, aml__code_version_parse_item, &v, err);
  *out = v;
  return rc;
}

aml_result aml_pager_next_environment_version(aml_pager *pager, aml_environment_version **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_pager_next_environment_version: out is required");
  void *v = NULL;
  aml_result rc = aml__ops_next(pager, AML_RESULT_ENVIRONMENT_VERSION, aml__environment_version_parse_item, &v, err);
  *out = v;
  return rc;
}
