#include "ml/ops_common.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/buf.h"
#include "core/str.h"
#include "core/url.h"

#include <string.h>

aml_result aml__ops_url(aml_client *c, const char *const *segments, size_t n, char **out, aml_error **err) {
  aml_buf b = AML_BUF_INIT;
  if (aml__client_url(c, &b, segments, n) != AML_OK || !(*out = aml__buf_detach(&b))) {
    aml__buf_free(&b);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory building a URL");
  }
  return AML_OK;
}

aml_result aml__ops_require(const char *s, const char *fn, const char *what, aml_error **err) {
  return aml__str_empty(s) ? aml__fail(err, AML_ERR_INVALID_ARG, "%s: %s is required", fn, what) : AML_OK;
}

aml_result aml__ops_parse_text(const char *json, aml_value_parse_fn parse, void **out, aml_error **err) {
  json_t *root = NULL;
  aml_result rc = aml__json_parse(json, strlen(json), &root, err);
  if (rc == AML_OK) rc = parse(root, out, err);
  json_decref(root);
  return rc;
}

aml_result aml__ops_get(aml_client *c, const char *const *segments, size_t n, aml_value_parse_fn parse, void **out,
                        aml_error **err) {
  char *url = NULL;
  aml_result rc = aml__ops_url(c, segments, n, &url, err);
  if (rc < 0) return rc;
  aml_http_response *resp = NULL;
  rc = aml__client_send(c, "GET", url, NULL, &resp, err);
  aml__free(url);
  if (rc < 0) return rc;
  json_t *root = NULL;
  rc = aml__json_parse(resp->body.ptr, resp->body.len, &root, err);
  aml_http_response_free(resp);
  if (rc == AML_OK) rc = parse(root, out, err);
  json_decref(root);
  return rc;
}

aml_result aml__ops_begin(aml_client *c, const char *method, const char *const *segments, size_t n,
                          const char *body, const char *operation, int32_t kind, aml_final_state final_state,
                          aml_poller **out, aml_error **err) {
  char *url = NULL;
  aml_result rc = aml__ops_url(c, segments, n, &url, err);
  if (rc < 0) return rc;
  rc = aml__client_begin(c, method, url, body, operation, kind, final_state, out, err);
  aml__free(url);
  return rc;
}

aml_result aml__ops_list(aml_client *c, const char *const *segments, size_t n, int32_t kind, aml_pager **out,
                         aml_error **err) {
  char *url = NULL;
  aml_result rc = aml__ops_url(c, segments, n, &url, err);
  if (rc < 0) return rc;
  rc = aml__pager_new(c, "GET", url, "value", kind, out, err);
  aml__free(url);
  return rc;
}

aml_result aml__ops_list_versions(aml_client *c, const char *collection, const char *name, int top, int32_t kind,
                                  aml_pager **out, aml_error **err) {
  const char *seg[] = {collection, name, "versions"};
  char *url = NULL;
  aml_result rc = aml__ops_url(c, seg, 3, &url, err);
  if (rc < 0) return rc;
  aml_buf b = AML_BUF_INIT;
  char *full = NULL;
  if (aml__buf_puts(&b, url) != AML_OK || aml__url_add_query(&b, "$orderBy", "createdtime desc") != AML_OK ||
      (top > 0 && aml__url_add_query(&b, "$top", "1") != AML_OK) || !(full = aml__buf_detach(&b)))
    rc = aml__fail(err, AML_ERR_NOMEM, "out of memory building a URL");
  aml__buf_free(&b);
  aml__free(url);
  if (rc == AML_OK) rc = aml__pager_new(c, "GET", full, "value", kind, out, err);
  aml__free(full);
  return rc;
}

aml_result aml__ops_next(aml_pager *p, int32_t kind, aml_value_parse_fn parse, void **out, aml_error **err) {
  if (!p || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "pager and out are required");
  *out = NULL;
  if (aml__pager_kind(p) != kind) return aml__fail(err, AML_ERR_INVALID_ARG, "this pager lists another kind of item");
  json_t *item = NULL;
  aml_result rc = aml__pager_next(p, &item, err);
  if (rc != AML_OK) return rc;
  return parse(item, out, err);
}
