/* ml_client.datastores: get, list, the default one (isDefault=true, first
 * item, as azure-ai-ml's get_default), and listSecrets (DATA-API.md §1). */
#include <azureml/datastores.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/secure.h"
#include "core/url.h"
#include "ml/datastore_entity.h"
#include "ml/ops_common.h"

#include <string.h>

static aml_result parse_datastore(json_t *v, void **out, aml_error **err) {
  aml_datastore *d = NULL;
  aml_result rc = aml__datastore_from_json_value(v, &d, err);
  *out = d;
  return rc;
}

aml_result aml_datastores_get(aml_client *client, const char *name, aml_datastore **out, aml_error **err) {
  static const char fn[] = "aml_datastores_get";
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc = aml__ops_require(name, fn, "name", err);
  if (rc < 0) return rc;
  const char *seg[] = {"datastores", name};
  void *d = NULL;
  rc = aml__ops_get(client, seg, 2, parse_datastore, &d, err);
  *out = d;
  return rc;
}

aml_result aml_datastores_list(aml_client *client, aml_pager **out, aml_error **err) {
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_datastores_list: client and out are required");
  *out = NULL;
  const char *seg[] = {"datastores"};
  return aml__ops_list(client, seg, 1, AML_RESULT_DATASTORE, out, err);
}

aml_result aml_pager_next_datastore(aml_pager *pager, aml_datastore **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_pager_next_datastore: out is required");
  void *d = NULL;
  aml_result rc = aml__ops_next(pager, AML_RESULT_DATASTORE, parse_datastore, &d, err);
  *out = d;
  return rc;
}

aml_result aml_datastores_get_default(aml_client *client, aml_datastore **out, aml_error **err) {
  static const char fn[] = "aml_datastores_get_default";
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  const char *seg[] = {"datastores"};
  char *url = NULL;
  aml_result rc = aml__ops_url(client, seg, 1, &url, err);
  if (rc < 0) return rc;
  aml_pager *p = NULL;
  aml_buf b = AML_BUF_INIT;
  if (aml__buf_puts(&b, url) != AML_OK || aml__url_add_query(&b, "isDefault", "true") != AML_OK)
    rc = aml__fail(err, AML_ERR_NOMEM, "out of memory building a URL");
  else
    rc = aml__pager_new(client, "GET", aml__buf_cstr(&b), "value", AML_RESULT_DATASTORE, &p, err);
  aml__free(url);
  aml__buf_free(&b);
  if (rc < 0) return rc;
  void *d = NULL;
  rc = aml__ops_next(p, AML_RESULT_DATASTORE, parse_datastore, &d, err);
  aml_pager_free(p);
  if (rc == AML_ITER_END) return aml__fail(err, AML_ERR_NOT_FOUND, "%s: the workspace has no default datastore", fn);
  *out = d;
  return rc;
}

/* Overwrite the secret strings jansson holds before the tree is freed. */
static void wipe_json_strings(json_t *obj) {
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    if (json_is_string(v)) aml__secure_wipe((char *)json_string_value(v), json_string_length(v));
  }
}

aml_result aml_datastores_list_secrets(aml_client *client, const char *name, aml_datastore_secrets **out,
                                       aml_error **err) {
  static const char fn[] = "aml_datastores_list_secrets";
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc = aml__ops_require(name, fn, "name", err);
  if (rc < 0) return rc;
  const char *seg[] = {"datastores", name, "listSecrets"};
  char *url = NULL;
  if ((rc = aml__ops_url(client, seg, 3, &url, err)) < 0) return rc;
  aml_http_response *resp = NULL;
  /* Reading secrets changes nothing: safe to repeat. */
  rc = aml__client_send_idempotent(client, "POST", url, NULL, &resp, err);
  aml__free(url);
  if (rc < 0) return rc;
  json_t *root = NULL;
  /* jansson's messages quote the text near a syntax error: keep them out of
   * the error, which must never carry a secret. */
  aml_error *parse_err = NULL;
  rc = aml__json_parse(resp->body.ptr, resp->body.len, &root, &parse_err);
  aml_error_free(parse_err);
  if (rc < 0)
    rc = aml__fail(err, rc, "%s: the answer is not %s", fn, rc == AML_ERR_NOMEM ? "readable (out of memory)" : "JSON");
  aml__secure_wipe(resp->body.ptr, resp->body.len);
  aml_http_response_free(resp);
  if (rc == AML_OK) rc = aml__datastore_secrets_from_json_value(root, out, err);
  if (json_is_object(root)) wipe_json_strings(root);
  json_decref(root);
  return rc;
}
