/* The versions of a model, code or environment asset, newest first
 * (`GET {workspace}/{models|codes|environments}/{name}/versions?$orderBy=createdtime desc`,
 * paged by nextLink), as data asset versions are listed: the first item is
 * what azure-ai-ml calls the `latest` version. */
#include <azureml/asset_versions.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/url.h"
#include "ml/entity_assets.h"
#include "ml/ops_common.h"

static aml_result parse_model(json_t *v, void **out, aml_error **err) {
  aml_model_version *m = NULL;
  aml_result rc = aml__model_version_from_json_value(v, &m, err);
  *out = m;
  return rc;
}
static aml_result parse_code(json_t *v, void **out, aml_error **err) {
  aml_code_version *c = NULL;
  aml_result rc = aml__code_version_from_json_value(v, &c, err);
  *out = c;
  return rc;
}
static aml_result parse_env(json_t *v, void **out, aml_error **err) {
  aml_environment_version *e = NULL;
  aml_result rc = aml__environment_version_from_json_value(v, &e, err);
  *out = e;
  return rc;
}

static aml_result list_versions(aml_client *client, const char *collection, const char *name, int32_t kind,
                                const char *fn, aml_pager **out, aml_error **err) {
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc = aml__ops_require(name, fn, "name", err);
  if (rc < 0) return rc;
  const char *seg[] = {collection, name, "versions"};
  char *url = NULL;
  if ((rc = aml__ops_url(client, seg, 3, &url, err)) < 0) return rc;
  aml_buf b = AML_BUF_INIT;
  char *full = NULL;
  if (aml__buf_puts(&b, url) != AML_OK || aml__url_add_query(&b, "$orderBy", "createdtime desc") != AML_OK ||
      !(full = aml__buf_detach(&b)))
    rc = aml__fail(err, AML_ERR_NOMEM, "out of memory building a URL");
  aml__buf_free(&b);
  aml__free(url);
  if (rc == AML_OK) rc = aml__pager_new(client, "GET", full, "value", kind, out, err);
  aml__free(full);
  return rc;
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
  aml_result rc = aml__ops_next(pager, AML_RESULT_MODEL_VERSION, parse_model, &v, err);
  *out = v;
  return rc;
}

aml_result aml_pager_next_code_version(aml_pager *pager, aml_code_version **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_pager_next_code_version: out is required");
  void *v = NULL;
  aml_result rc = aml__ops_next(pager, AML_RESULT_CODE_VERSION, parse_code, &v, err);
  *out = v;
  return rc;
}

aml_result aml_pager_next_environment_version(aml_pager *pager, aml_environment_version **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_pager_next_environment_version: out is required");
  void *v = NULL;
  aml_result rc = aml__ops_next(pager, AML_RESULT_ENVIRONMENT_VERSION, parse_env, &v, err);
  *out = v;
  return rc;
}
