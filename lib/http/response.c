/* aml_http_response: filled by a transport, read by the pipeline and callers. */
#include "http/message.h"

#include "core/alloc.h"
#include "core/str.h"

#include <string.h>

aml_result aml__http_response_new(aml_http_response **out) {
  aml_http_response *resp = aml__calloc(1, sizeof(*resp));
  if (!resp) return AML_ERR_NOMEM;
  aml__kvlist_init(&resp->headers, true);
  *out = resp;
  return AML_OK;
}

void aml__http_response_reset(aml_http_response *resp) {
  resp->status = 0;
  aml__kvlist_clear_secret(&resp->headers);
  aml__kvlist_init(&resp->headers, true);
  aml__buf_free_secret(&resp->body); /* token responses carry secrets */
}

void aml_http_response_free(aml_http_response *resp) {
  if (!resp) return;
  aml__http_response_reset(resp);
  aml__free(resp);
}

aml_result aml_http_response_set_status(aml_http_response *resp, int32_t status) {
  if (!resp || status < 100 || status > 599) return AML_ERR_INVALID_ARG;
  resp->status = status;
  return AML_OK;
}

aml_result aml_http_response_add_header(aml_http_response *resp, const char *name, const char *value) {
  if (!resp || aml__str_empty(name) || !value) return AML_ERR_INVALID_ARG;
  size_t a, b;
  aml__str_trim_bounds(value, strlen(value), &a, &b);
  return aml__kvlist_add_n(&resp->headers, name, strlen(name), value + a, b - a);
}

aml_result aml_http_response_append_body(aml_http_response *resp, const uint8_t *data, size_t size) {
  if (!resp || (!data && size)) return AML_ERR_INVALID_ARG;
  return aml__buf_append(&resp->body, data, size);
}

int32_t aml_http_response_status(const aml_http_response *resp) { return resp ? resp->status : 0; }

const char *aml_http_response_header(const aml_http_response *resp, const char *name) {
  if (!resp || !name) return NULL;
  return aml__kvlist_get(&resp->headers, name);
}

size_t aml_http_response_header_count(const aml_http_response *resp) {
  return resp ? resp->headers.count : 0;
}

aml_result aml_http_response_header_at(const aml_http_response *resp, size_t index, const char **name,
                                       const char **value) {
  if (!resp || !name || !value || index >= resp->headers.count) return AML_ERR_INVALID_ARG;
  *name = resp->headers.items[index].name;
  *value = resp->headers.items[index].value;
  return AML_OK;
}

aml_result aml_http_response_body(const aml_http_response *resp, const uint8_t **data, size_t *size) {
  if (!resp || !data || !size) return AML_ERR_INVALID_ARG;
  *data = (const uint8_t *)aml__buf_cstr(&resp->body);
  *size = resp->body.len;
  return AML_OK;
}
