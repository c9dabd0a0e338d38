/* Model, code and environment versions: synchronous PUT and GET on
 * {workspace}/{models|codes|environments}/{name}/versions/{version}. */
#include <azureml/asset_versions.h>

#include "core/alloc.h"
#include "core/error.h"
#include "ml/data_access.h"
#include "ml/entity_assets.h"
#include "ml/ops_common.h"

#include <string.h>

typedef aml_result (*to_json_fn)(const void *entity, char **json, aml_error **err);

/* What differs between the three asset kinds. */
typedef struct asset_kind {
  const char *collection; /* URL segment */
  const char *fn_put;     /* for messages */
  const char *fn_get;
  aml_value_parse_fn parse;
} asset_kind;


static const asset_kind k_model = {"models", "aml_models_create_or_update", "aml_models_get", aml__model_version_parse_item};
static const asset_kind k_code = {"codes", "aml_codes_create_or_update", "aml_codes_get", aml__code_version_parse_item};
static const asset_kind k_env = {"environments", "aml_environments_create_or_update", "aml_environments_get", aml__environment_version_parse_item};

/* PUT an already validated and serialised version; parse the answer when wanted. */
static aml_result put_version(aml_client *client, const asset_kind *k, const char *name, const char *version,
                              const char *body, void **out, aml_error **err) {
  const char *seg[] = {k->collection, name, "versions", version};
  char *url = NULL;
  aml_result rc = aml__ops_url(client, seg, 4, &url, err);
  if (rc < 0) return rc;
  aml_http_response *resp = NULL;
  rc = aml__client_send(client, "PUT", url, body, &resp, err);
  aml__free(url);
  if (rc < 0) return rc;
  if (out) {
    json_t *root = NULL;
    rc = aml__json_parse(resp->body.ptr, resp->body.len, &root, err);
    if (rc == AML_OK) rc = k->parse(root, out, err);
    json_decref(root);
  }
  aml_http_response_free(resp);
  return rc;
}

static aml_result get_version(aml_client *client, const asset_kind *k, const char *name, const char *version,
                              void **out, aml_error **err) {
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", k->fn_get);
  *out = NULL;
  aml_result rc;
  if ((rc = aml__ops_require(name, k->fn_get, "name", err)) < 0 ||
      (rc = aml__ops_require(version, k->fn_get, "version", err)) < 0)
    return rc;
  const char *seg[] = {k->collection, name, "versions", version};
  return aml__ops_get(client, seg, 4, k->parse, out, err);
}

/* Shared flow of the three create_or_update functions. */
#define CREATE_OR_UPDATE(kind, entity, validate, to_json)                                                  \
  do {                                                                                                   \
    if (!client || !(entity)) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and the version are required", (kind)->fn_put); \
    if (out) *out = NULL;                                                                                \
    aml_result rc_ = validate((entity), err);                                                            \
    if (rc_ < 0) return rc_;                                                                             \
    char *body_ = NULL;                                                                                  \
    if ((rc_ = to_json((entity), &body_, err)) < 0) return rc_;                                          \
    void *res_ = NULL;                                                                                   \
    rc_ = put_version(client, (kind), (entity)->name, (entity)->asset_version, body_, out ? &res_ : NULL, err); \
    aml__free(body_);                                                                                    \
    if (out) *out = res_;                                                                                \
    return rc_;                                                                                          \
  } while (0)

/* A model or code version whose path is local (azure-ai-ml's
 * Model(path="./model")) is uploaded first, content-addressed to the default
 * datastore, and registered with the azureml:// URI of the upload. `copy` is
 * a shallow copy of the caller's struct whose `*path` may be replaced. */
static aml_result create_from_path(aml_client *client, const asset_kind *k, const void *copy, const char **path,
                                   const char *name, const char *version, to_json_fn to_json, void **out,
                                   aml_error **err) {
  char *uploaded = NULL;
  aml_result rc = AML_OK;
  if (aml__data_is_local_path(*path)) {
    if ((rc = aml__data_upload_local_named(client, *path, NULL, name, version, NULL, &uploaded, err)) < 0) return rc;
    *path = uploaded;
  }
  char *body = NULL;
  rc = to_json(copy, &body, err);
  aml__free(uploaded);
  if (rc == AML_OK) rc = put_version(client, k, name, version, body, out, err);
  aml__free(body);
  return rc;
}

static aml_result model_to_json(const void *m, char **json, aml_error **err) { return aml_model_version_to_json(m, json, err); }
static aml_result code_to_json(const void *c, char **json, aml_error **err) { return aml_code_version_to_json(c, json, err); }

aml_result aml_models_create_or_update(aml_client *client, const aml_model_version *model, aml_model_version **out,
                                       aml_error **err) {
  if (!client || !model) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and the version are required", k_model.fn_put);
  if (out) *out = NULL;
  aml_result rc = aml_model_version_validate(model, err);
  if (rc < 0) return rc;
  aml_model_version copy = *model; /* version checked: exactly this struct's size */
  void *res = NULL;
  rc = create_from_path(client, &k_model, &copy, &copy.path, copy.name, copy.asset_version, model_to_json,
                        out ? &res : NULL, err);
  if (out) *out = res;
  return rc;
}

aml_result aml_codes_create_or_update(aml_client *client, const aml_code_version *code, aml_code_version **out,
                                      aml_error **err) {
  if (!client || !code) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and the version are required", k_code.fn_put);
  if (out) *out = NULL;
  aml_result rc = aml_code_version_validate(code, err);
  if (rc < 0) return rc;
  aml_code_version copy = *code;
  void *res = NULL;
  rc = create_from_path(client, &k_code, &copy, &copy.path, copy.name, copy.asset_version, code_to_json,
                        out ? &res : NULL, err);
  if (out) *out = res;
  return rc;
}

aml_result aml_environments_create_or_update(aml_client *client, const aml_environment_version *env,
                                             aml_environment_version **out, aml_error **err) {
  CREATE_OR_UPDATE(&k_env, env, aml_environment_version_validate, aml_environment_version_to_json);
}

aml_result aml_models_get(aml_client *client, const char *name, const char *version, aml_model_version **out,
                          aml_error **err) {
  void *v = NULL;
  aml_result rc = get_version(client, &k_model, name, version, out ? &v : NULL, err);
  if (out) *out = v;
  return rc;
}

aml_result aml_codes_get(aml_client *client, const char *name, const char *version, aml_code_version **out,
                         aml_error **err) {
  void *v = NULL;
  aml_result rc = get_version(client, &k_code, name, version, out ? &v : NULL, err);
  if (out) *out = v;
  return rc;
}

aml_result aml_environments_get(aml_client *client, const char *name, const char *version,
                                aml_environment_version **out, aml_error **err) {
  void *v = NULL;
  aml_result rc = get_version(client, &k_env, name, version, out ? &v : NULL, err);
  if (out) *out = v;
  return rc;
}
