#include "core/buf.h"

#include "core/alloc.h"
#include "core/secure.h"

#include <stdio.h>
#include <string.h>

aml_result aml__buf_reserve(aml_buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap) return AML_OK;
  size_t need = b->len + extra + 1;
  if (need < b->len) return AML_ERR_NOMEM; /* overflow */
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need) {
    if (cap > (size_t)-1 / 2) { cap = need; break; }
    cap *= 2;
  }
  /* Never realloc: it would free the old block unwiped, and any buffer may
   * hold a secret (token request forms, token responses arriving in
   * chunks, Authorization values). Move, wipe, free. */
  char *p = aml__malloc(cap);
  if (!p) return AML_ERR_NOMEM;
  if (b->ptr) {
    memcpy(p, b->ptr, b->len);
    p[b->len] = '\0';
    aml__secure_wipe(b->ptr, b->cap);
    aml__free(b->ptr);
  }
  b->ptr = p;
  b->cap = cap;
  return AML_OK;
}

aml_result aml__buf_append(aml_buf *b, const void *data, size_t len) {
  if (aml__buf_reserve(b, len) != AML_OK) return AML_ERR_NOMEM;
  if (len) memcpy(b->ptr + b->len, data, len);
  b->len += len;
  b->ptr[b->len] = '\0';
  return AML_OK;
}

aml_result aml__buf_puts(aml_buf *b, const char *s) { return aml__buf_append(b, s, strlen(s)); }

aml_result aml__buf_putc(aml_buf *b, char c) { return aml__buf_append(b, &c, 1); }

aml_result aml__buf_printf(aml_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  va_list copy;
  va_copy(copy, ap);
  int n = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  aml_result rc = AML_ERR_INTERNAL;
  if (n >= 0 && aml__buf_reserve(b, (size_t)n) == AML_OK) {
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    rc = AML_OK;
  } else if (n >= 0) {
    rc = AML_ERR_NOMEM;
  }
  va_end(ap);
  return rc;
}

const char *aml__buf_cstr(const aml_buf *b) { return b->ptr ? b->ptr : ""; }

char *aml__buf_detach(aml_buf *b) {
  if (!b->ptr && aml__buf_reserve(b, 0) != AML_OK) return NULL;
  b->ptr[b->len] = '\0';
  char *p = b->ptr;
  b->ptr = NULL;
  b->len = b->cap = 0;
  return p;
}

void aml__buf_clear(aml_buf *b) {
  b->len = 0;
  if (b->ptr) b->ptr[0] = '\0';
}

void aml__buf_free(aml_buf *b) {
  aml__free(b->ptr);
  b->ptr = NULL;
  b->len = b->cap = 0;
}

void aml__buf_free_secret(aml_buf *b) {
  if (b->ptr) aml__secure_wipe(b->ptr, b->cap);
  aml__buf_free(b);
}
