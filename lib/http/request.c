/* aml_http_request: what the pipeline hands to a transport. */
#include "http/message.h"

#include "core/alloc.h"
#include "core/secure.h"
#include "core/str.h"

#include <string.h>

aml_result aml__http_request_new(const char *method, const char *url, aml_http_request **out) {
  aml_http_request *req = aml__calloc(1, sizeof(*req));
  if (!req) return AML_ERR_NOMEM;
  aml__kvlist_init(&req->headers, true);
  req->method = aml__strdup(method);
  req->url = aml__strdup(url);
  if (!req->method || !req->url) {
    aml__http_request_free(req);
    return AML_ERR_NOMEM;
  }
  *out = req;
  return AML_OK;
}

void aml__http_request_free(aml_http_request *req) {
  if (!req) return;
  aml__free(req->method);
  aml__free(req->url);
  aml__kvlist_clear_secret(&req->headers);
  if (req->body) aml__secure_wipe(req->body, req->body_size); /* token requests carry secrets */
  aml__free(req->body);
  aml__free(req);
}

aml_result aml__http_request_set_header(aml_http_request *req, const char *name, const char *value) {
  return aml__kvlist_set(&req->headers, name, value);
}

aml_result aml__http_request_set_body(aml_http_request *req, const void *data, size_t size) {
  uint8_t *copy = NULL;
  if (size) {
    copy = aml__malloc(size);
    if (!copy) return AML_ERR_NOMEM;
    memcpy(copy, data, size);
  }
  if (req->body) aml__secure_wipe(req->body, req->body_size);
  aml__free(req->body);
  req->body = copy;
  req->body_size = size;
  return AML_OK;
}

aml_result aml__parse_header_lines(aml_kvlist *into, const char *text) {
  const char *p = text;
  while (p && *p) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    size_t a, b;
    aml__str_trim_bounds(p, len, &a, &b);
    if (b > a) {
      const char *colon = memchr(p + a, ':', b - a);
      if (!colon || colon == p + a) return AML_ERR_INVALID_ARG;
      size_t na, nb, va, vb;
      aml__str_trim_bounds(p + a, (size_t)(colon - (p + a)), &na, &nb);
      const char *v = colon + 1;
      aml__str_trim_bounds(v, (size_t)((p + b) - v), &va, &vb);
      if (nb == na) return AML_ERR_INVALID_ARG;
      if (aml__kvlist_add_n(into, p + a + na, nb - na, v + va, vb - va)) return AML_ERR_NOMEM;
    }
    p = nl ? nl + 1 : NULL;
  }
  return AML_OK;
}

const char *aml_http_request_method(const aml_http_request *req) {
  return req && req->method ? req->method : "";
}

const char *aml_http_request_url(const aml_http_request *req) { return req && req->url ? req->url : ""; }

size_t aml_http_request_header_count(const aml_http_request *req) { return req ? req->headers.count : 0; }

aml_result aml_http_request_header_at(const aml_http_request *req, size_t index, const char **name,
                                      const char **value) {
  if (!req || !name || !value || index >= req->headers.count) return AML_ERR_INVALID_ARG;
  *name = req->headers.items[index].name;
  *value = req->headers.items[index].value;
  return AML_OK;
}

const char *aml_http_request_header(const aml_http_request *req, const char *name) {
  if (!req || !name) return NULL;
  return aml__kvlist_get(&req->headers, name);
}

aml_result aml_http_request_body(const aml_http_request *req, const uint8_t **data, size_t *size) {
  if (!req || !data || !size) return AML_ERR_INVALID_ARG;
  *data = req->body;
  *size = req->body_size;
  return AML_OK;
}

int64_t aml_http_request_timeout_ms(const aml_http_request *req) { return req ? req->timeout_ms : 0; }
