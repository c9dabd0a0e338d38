/* ml_client.batch_endpoints: PUT/GET/LIST/DELETE/PATCH/listkeys on
 * {workspace}/batchEndpoints (ARM-API.md §2.1). */
#include <azureml/batch_endpoints.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/secure.h"
#include "ml/entity_batch_endpoint.h"
#include "ml/ops_common.h"

#include <string.h>

static aml_result parse_endpoint(json_t *v, void **out, aml_error **err) {
  aml_batch_endpoint *ep = NULL;
  aml_result rc = aml__batch_endpoint_from_json_value(v, &ep, err);
  *out = ep;
  return rc;
}

static void free_endpoint(void *ep) { aml_batch_endpoint_free(ep); }

static aml_result parse_endpoint_text(const char *json, void **out, aml_error **err) {
  return aml__ops_parse_text(json, parse_endpoint, out, err);
}

aml_result aml_batch_endpoints_begin_create_or_update(aml_client *client, const aml_batch_endpoint *endpoint,
                                                      aml_poller **out, aml_error **err) {
  static const char fn[] = "aml_batch_endpoints_begin_create_or_update";
  if (!client || !endpoint || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client, endpoint and out are required", fn);
  *out = NULL;
  aml_result rc = aml_batch_endpoint_validate(endpoint, err);
  if (rc < 0) return rc;
  const char *location = endpoint->location;
  if (!location && (rc = aml__client_workspace_location(client, &location, err)) < 0) return rc;
  char *body = NULL;
  if ((rc = aml__batch_endpoint_put_body(endpoint, location, &body, err)) < 0) return rc;
  const char *seg[] = {"batchEndpoints", endpoint->name};
  rc = aml__ops_begin(client, "PUT", seg, 2, body, "batch_endpoints.begin_create_or_update", AML_RESULT_BATCH_ENDPOINT,
                      AML_FINAL_ORIGINAL_URI, out, err);
  aml__free(body);
  return rc;
}

aml_result aml_batch_endpoints_get(aml_client *client, const char *name, aml_batch_endpoint **out, aml_error **err) {
  static const char fn[] = "aml_batch_endpoints_get";
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc = aml__ops_require(name, fn, "name", err);
  if (rc < 0) return rc;
  const char *seg[] = {"batchEndpoints", name};
  void *ep = NULL;
  rc = aml__ops_get(client, seg, 2, parse_endpoint, &ep, err);
  *out = ep;
  return rc;
}

aml_result aml_batch_endpoints_list(aml_client *client, aml_pager **out, aml_error **err) {
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_batch_endpoints_list: client and out are required");
  *out = NULL;
  const char *seg[] = {"batchEndpoints"};
  return aml__ops_list(client, seg, 1, AML_RESULT_BATCH_ENDPOINT, out, err);
}

aml_result aml_pager_next_batch_endpoint(aml_pager *pager, aml_batch_endpoint **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_pager_next_batch_endpoint: out is required");
  void *ep = NULL;
  aml_result rc = aml__ops_next(pager, AML_RESULT_BATCH_ENDPOINT, parse_endpoint, &ep, err);
  *out = ep;
  return rc;
}

aml_result aml_batch_endpoints_begin_delete(aml_client *client, const char *name, aml_poller **out, aml_error **err) {
  static const char fn[] = "aml_batch_endpoints_begin_delete";
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc = aml__ops_require(name, fn, "name", err);
  if (rc < 0) return rc;
  const char *seg[] = {"batchEndpoints", name};
  return aml__ops_begin(client, "DELETE", seg, 2, NULL, "batch_endpoints.begin_delete", AML_RESULT_NONE,
                        AML_FINAL_NONE, out, err);
}

aml_result aml_batch_endpoints_begin_update(aml_client *client, const aml_batch_endpoint *endpoint, aml_poller **out,
                                            aml_error **err) {
  static const char fn[] = "aml_batch_endpoints_begin_update";
  if (!client || !endpoint || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client, endpoint and out are required", fn);
  *out = NULL;
  aml_result rc = aml_batch_endpoint_validate(endpoint, err);
  if (rc < 0) return rc;
  if (!endpoint->tags && (endpoint->version < 2 || !endpoint->identity))
    return aml__fail(err, AML_ERR_VALIDATION, "%s: set tags or identity (the only fields PATCH changes); "
                     "use aml_batch_endpoints_begin_create_or_update for others", fn);
  char *body = NULL;
  if ((rc = aml__batch_endpoint_patch_body(endpoint, &body, err)) < 0) return rc;
  const char *seg[] = {"batchEndpoints", endpoint->name};
  rc = aml__ops_begin(client, "PATCH", seg, 2, body, "batch_endpoints.begin_update", AML_RESULT_BATCH_ENDPOINT,
                      AML_FINAL_LOCATION, out, err);
  aml__free(body);
  return rc;
}

void aml_endpoint_keys_free(aml_endpoint_keys *keys) {
  if (!keys) return;
  aml__free_secret((char *)keys->primary_key);
  aml__free_secret((char *)keys->secondary_key);
  aml__free(keys);
}

aml_result aml_batch_endpoints_list_keys(aml_client *client, const char *name, aml_endpoint_keys **out,
                                         aml_error **err) {
  static const char fn[] = "aml_batch_endpoints_list_keys";
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc = aml__ops_require(name, fn, "name", err);
  if (rc < 0) return rc;
  const char *seg[] = {"batchEndpoints", name, "listkeys"};
  char *url = NULL;
  if ((rc = aml__ops_url(client, seg, 3, &url, err)) < 0) return rc;
  aml_http_response *resp = NULL;
  rc = aml__client_send_idempotent(client, "POST", url, NULL, &resp, err); /* a read: safe to repeat */
  aml__free(url);
  if (rc < 0) return rc;
  json_t *root = NULL;
  rc = aml__json_parse(resp->body.ptr, resp->body.len, &root, err);
  aml_http_response_free(resp);
  if (rc < 0) return rc;
  aml_endpoint_keys *k = aml__calloc(1, sizeof(*k));
  const char *p = aml__json_path_str(root, "primaryKey"), *s = aml__json_path_str(root, "secondaryKey");
  if (k) {
    k->version = AML_ENDPOINT_KEYS_VERSION;
    k->primary_key = aml__strdup(p);
    k->secondary_key = aml__strdup(s);
  }
  json_decref(root);
  if (!k || (p && !k->primary_key) || (s && !k->secondary_key)) {
    aml_endpoint_keys_free(k);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory reading endpoint keys");
  }
  *out = k;
  return AML_OK;
}

const aml_batch_endpoint *aml_poller_batch_endpoint(aml_poller *poller) {
  return aml__poller_typed(poller, AML_RESULT_BATCH_ENDPOINT, parse_endpoint_text, free_endpoint);
}
