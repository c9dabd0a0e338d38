/* A growable byte buffer that always keeps a NUL after its contents. */
#ifndef AML_CORE_BUF_H
#define AML_CORE_BUF_H

#include <azureml/errors.h>
#include <stdarg.h>
#include "core/error.h"

typedef struct aml_buf {
  char *ptr;  /* NULL until the first append */
  size_t len; /* bytes in use, NUL not counted */
  size_t cap; /* bytes allocated */
} aml_buf;

#define AML_BUF_INIT {NULL, 0, 0}

aml_result aml__buf_reserve(aml_buf *b, size_t extra);
aml_result aml__buf_append(aml_buf *b, const void *data, size_t len);
aml_result aml__buf_puts(aml_buf *b, const char *s);
aml_result aml__buf_putc(aml_buf *b, char c);
aml_result aml__buf_printf(aml_buf *b, const char *fmt, ...) AML_PRINTF(2, 3);
/* Contents as a C string ("" when empty); valid until the next change. */
const char *aml__buf_cstr(const aml_buf *b);
/* Hand over the heap string (never NULL on success: "" when empty). */
char *aml__buf_detach(aml_buf *b);
void aml__buf_clear(aml_buf *b);
void aml__buf_free(aml_buf *b);
/* Wipe the bytes before freeing (the buffer held a secret). */
void aml__buf_free_secret(aml_buf *b);

#endif
