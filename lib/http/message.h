/* Internal layout of aml_http_request / aml_http_response. */
#ifndef AML_HTTP_MESSAGE_H
#define AML_HTTP_MESSAGE_H

#include <azureml/http.h>
#include <stdbool.h>

#include "core/buf.h"
#include "core/kv.h"

struct aml_http_request {
  char *method;
  char *url;
  aml_kvlist headers; /* case-insensitive; may hold Authorization: wiped on free */
  uint8_t *body;
  size_t body_size;
  int64_t timeout_ms;
  /* Pipeline instructions (never sent): */
  const char *scope;   /* token scope for the bearer policy; NULL = no token */
  bool retry_post;     /* a POST that is safe to repeat (repeatability id) */
  /* Called before each try, after the retry policy decided to send it (a
   * signature over x-ms-date must be fresh on every try); NULL = none. */
  aml_result (*per_try)(aml_http_request *req, void *user_data, aml_error **err);
  void *per_try_data;
  /* The statuses worth another try for this request (a service's own rule,
   * e.g. Blob Storage's); NULL = the retry policy's. */
  bool (*retry_status)(int32_t status);
};

struct aml_http_response {
  int32_t status;
  aml_kvlist headers;
  aml_buf body;
};

aml_result aml__http_request_new(const char *method, const char *url, aml_http_request **out);
void aml__http_request_free(aml_http_request *req);
aml_result aml__http_request_set_header(aml_http_request *req, const char *name, const char *value);
/* Copies the bytes. */
aml_result aml__http_request_set_body(aml_http_request *req, const void *data, size_t size);
/* Parse "Name: value\nName: value" lines into headers (fake transport, tests). */
aml_result aml__parse_header_lines(aml_kvlist *into, const char *text);

aml_result aml__http_response_new(aml_http_response **out);
/* Forget status, headers and body (before a retry). */
void aml__http_response_reset(aml_http_response *resp);

#endif
