#include "http/service_error.h"

#include "core/buf.h"
#include "core/json.h"
#include "core/url.h"

#include <ctype.h>
#include <string.h>

aml_result aml__result_from_status(int32_t status) {
  switch (status) {
  case 400: return AML_ERR_BAD_REQUEST;
  case 401: return AML_ERR_UNAUTHORIZED;
  case 403: return AML_ERR_FORBIDDEN;
  case 404: return AML_ERR_NOT_FOUND;
  case 409: return AML_ERR_CONFLICT;
  case 429: return AML_ERR_THROTTLED;
  default: return status >= 500 ? AML_ERR_SERVER : AML_ERR_HTTP;
  }
}

static const char *str_member(json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

void aml__error_fill_from_json(aml_error *e, void *obj) {
  json_t *o = obj;
  if (!json_is_object(o)) return;
  aml__error_set_service(e, str_member(o, "code"), str_member(o, "message"), str_member(o, "target"));
  json_t *details = json_object_get(o, "details");
  size_t i;
  json_t *d;
  json_array_foreach(details, i, d) {
    if (json_is_object(d)) aml__error_add_detail(e, str_member(d, "code"), str_member(d, "message"), str_member(d, "target"));
  }
}

/* One line, printable ASCII, at most `max` bytes of the body. */
static void append_excerpt(aml_buf *b, const char *body, size_t len, size_t max) {
  size_t n = len < max ? len : max;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)body[i];
    aml__buf_putc(b, (c >= 0x20 && c < 0x7f) ? (char)c : ' ');
  }
  if (len > max) aml__buf_puts(b, "...");
}

aml_result aml__error_from_response(const aml_http_request *req, const aml_http_response *resp,
                                    aml_error **out) {
  aml_result code = aml__result_from_status(resp->status);
  const char *body = aml__buf_cstr(&resp->body);
  json_t *root = NULL;
  /* Through the core parser, which notices jansson's silent damage on
   * allocation failure (a dropped character in a code would be a wrong
   * answer, not a smaller one); a body that is not JSON is an excerpt. */
  if (resp->body.len && aml__json_parse(body, resp->body.len, &root, NULL) == AML_ERR_NOMEM)
    return aml__fail(out, AML_ERR_NOMEM, "out of memory reading an HTTP %d error response", resp->status);
  const char *svc_code = NULL, *svc_msg = NULL, *svc_target = NULL;
  json_t *arm = NULL;
  if (json_is_object(root)) {
    json_t *e = json_object_get(root, "error");
    if (json_is_object(e)) { /* ARM */
      arm = e;
      svc_code = str_member(e, "code");
      svc_msg = str_member(e, "message");
      svc_target = str_member(e, "target");
    } else if (json_is_string(e)) { /* OAuth2 token endpoint */
      svc_code = json_string_value(e);
      svc_msg = str_member(root, "error_description");
    } else {
      svc_code = str_member(root, "code");
      svc_msg = str_member(root, "message");
      arm = root;
    }
  }

  aml_buf msg = AML_BUF_INIT;
  aml_buf url = AML_BUF_INIT;
  aml__url_redact(&url, req ? req->url : "");
  aml__buf_printf(&msg, "%s %s: HTTP %d", req ? req->method : "", aml__buf_cstr(&url), resp->status);
  if (svc_code) aml__buf_printf(&msg, " (%s)", svc_code);
  if (svc_msg) {
    aml__buf_puts(&msg, ": ");
    append_excerpt(&msg, svc_msg, strlen(svc_msg), 500);
  } else if (!svc_code && resp->body.len) {
    aml__buf_puts(&msg, ": ");
    append_excerpt(&msg, body, resp->body.len, 200);
  }
  aml__buf_free(&url);

  aml_error *e = aml_error_new(code, msg.ptr ? msg.ptr : aml_result_str(code));
  aml__buf_free(&msg);
  if (!e) {
    json_decref(root);
    return AML_ERR_NOMEM; /* as documented: not even the error could be built */
  }
  aml__error_set_http_status(e, resp->status);
  if (arm)
    aml__error_fill_from_json(e, arm);
  else
    aml__error_set_service(e, svc_code, svc_msg, svc_target);
  aml__error_set_request_ids(e, aml__kvlist_get(&resp->headers, "x-ms-request-id"),
                             req ? aml__kvlist_get(&req->headers, "x-ms-client-request-id") : NULL);
  json_decref(root);
  *out = e;
  return code;
}
