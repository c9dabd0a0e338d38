/* aml_error: an immutable (once returned) description of a failure. */
#include "core/error.h"

#include "core/alloc.h"
#include "core/str.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct error_detail {
  char *code;
  char *message;
  char *target;
} error_detail;

struct aml_error {
  aml_result code;
  char *message;
  int32_t http_status;
  char *service_code;
  char *service_message;
  char *target;
  char *request_id;
  char *client_request_id;
  error_detail *details;
  size_t details_count;
};

/* Every string an error holds may come from the wire: one line, no
 * terminal controls, before any accessor or the log callback sees it. */
static char *wire_copy(const char *value) {
  char *copy = aml__strdup(value);
  aml__str_neutralize_controls(copy);
  return copy;
}

static aml_error *error_new_message(aml_result code, const char *message) {
  aml_error *e = aml__calloc(1, sizeof(*e));
  if (!e) return NULL;
  e->code = code;
  e->message = wire_copy(message ? message : aml_result_str(code));
  if (!e->message) {
    aml__free(e);
    return NULL;
  }
  return e;
}

static aml_error *error_vnewf(aml_result code, const char *fmt, va_list ap) {
  char stack[512];
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(stack, sizeof(stack), fmt, copy);
  va_end(copy);
  if (n < 0) return error_new_message(code, NULL);
  if ((size_t)n < sizeof(stack)) return error_new_message(code, stack);
  char *big = aml__malloc((size_t)n + 1);
  if (!big) return NULL;
  vsnprintf(big, (size_t)n + 1, fmt, ap);
  aml_error *e = error_new_message(code, big);
  aml__free(big);
  return e;
}

aml_error *aml_error_new(aml_result code, const char *message) {
  if (code >= 0) return NULL;
  return error_new_message(code, message);
}

aml_error *aml__error_newf(aml_result code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  aml_error *e = error_vnewf(code, fmt, ap);
  va_end(ap);
  return e;
}

aml_result aml__fail(aml_error **err, aml_result code, const char *fmt, ...) {
  if (err && !*err) {
    va_list ap;
    va_start(ap, fmt);
    *err = error_vnewf(code, fmt, ap);
    va_end(ap);
  }
  return code;
}

void aml__error_propagate(aml_error **dst, aml_error *src) {
  if (!src) return;
  if (dst && !*dst)
    *dst = src;
  else
    aml_error_free(src);
}

void aml_error_free(aml_error *e) {
  if (!e) return;
  aml__free(e->message);
  aml__free(e->service_code);
  aml__free(e->service_message);
  aml__free(e->target);
  aml__free(e->request_id);
  aml__free(e->client_request_id);
  for (size_t i = 0; i < e->details_count; i++) {
    aml__free(e->details[i].code);
    aml__free(e->details[i].message);
    aml__free(e->details[i].target);
  }
  aml__free(e->details);
  aml__free(e);
}

static void replace(char **field, const char *value) {
  if (!value) return;
  char *copy = wire_copy(value);
  if (!copy) return;
  aml__free(*field);
  *field = copy;
}

void aml__error_set_http_status(aml_error *e, int32_t status) {
  if (e) e->http_status = status;
}

void aml__error_set_service(aml_error *e, const char *code, const char *message, const char *target) {
  if (!e) return;
  replace(&e->service_code, code);
  replace(&e->service_message, message);
  replace(&e->target, target);
}

void aml__error_set_request_ids(aml_error *e, const char *request_id, const char *client_request_id) {
  if (!e) return;
  replace(&e->request_id, request_id);
  replace(&e->client_request_id, client_request_id);
}

void aml__error_add_detail(aml_error *e, const char *code, const char *message, const char *target) {
  if (!e) return;
  error_detail *grown = aml__realloc(e->details, (e->details_count + 1) * sizeof(*grown));
  if (!grown) return;
  e->details = grown;
  error_detail *d = &grown[e->details_count];
  d->code = wire_copy(code);
  d->message = wire_copy(message);
  d->target = wire_copy(target);
  e->details_count++;
}

void aml__error_set_message(aml_error *e, const char *message) {
  if (e) replace(&e->message, message);
}

void aml__error_set_code(aml_error *e, aml_result code) {
  if (e && code < 0) e->code = code;
}

aml_result aml_error_code(const aml_error *e) { return e ? e->code : AML_OK; }
const char *aml_error_message(const aml_error *e) { return e && e->message ? e->message : ""; }
int32_t aml_error_http_status(const aml_error *e) { return e ? e->http_status : 0; }
const char *aml_error_service_code(const aml_error *e) { return e ? e->service_code : NULL; }
const char *aml_error_service_message(const aml_error *e) { return e ? e->service_message : NULL; }
const char *aml_error_target(const aml_error *e) { return e ? e->target : NULL; }
const char *aml_error_request_id(const aml_error *e) { return e ? e->request_id : NULL; }
const char *aml_error_client_request_id(const aml_error *e) { return e ? e->client_request_id : NULL; }
size_t aml_error_details_count(const aml_error *e) { return e ? e->details_count : 0; }

aml_result aml_error_detail_at(const aml_error *e, size_t index, const char **code,
                               const char **message, const char **target) {
  if (!e || index >= e->details_count) return AML_ERR_INVALID_ARG;
  if (code) *code = e->details[index].code;
  if (message) *message = e->details[index].message;
  if (target) *target = e->details[index].target;
  return AML_OK;
}

static void mask(char *s, const char *secret, size_t n) {
  if (!s) return;
  for (char *hit = strstr(s, secret); hit; hit = strstr(hit + n, secret)) memset(hit, '*', n);
}

void aml__error_scrub(aml_error *e, const char *secret) {
  if (!e || !secret || !*secret) return;
  size_t n = strlen(secret);
  char *fields[] = {e->message, e->service_code, e->service_message, e->target, e->request_id, e->client_request_id};
  for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) mask(fields[i], secret, n);
  for (size_t i = 0; i < e->details_count; i++) {
    mask(e->details[i].code, secret, n);
    mask(e->details[i].message, secret, n);
    mask(e->details[i].target, secret, n);
  }
}

aml_error *aml__error_clone(const aml_error *e) {
  if (!e) return NULL;
  aml_error *c = error_new_message(e->code, e->message);
  if (!c) return NULL;
  c->http_status = e->http_status;
  aml__error_set_service(c, e->service_code, e->service_message, e->target);
  aml__error_set_request_ids(c, e->request_id, e->client_request_id);
  for (size_t i = 0; i < e->details_count; i++)
    aml__error_add_detail(c, e->details[i].code, e->details[i].message, e->details[i].target);
  return c;
}
