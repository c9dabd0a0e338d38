#include "core/base64.h"

#include "core/alloc.h"
#include "core/secure.h"

#include <limits.h>
#include <stdbool.h>
#include <openssl/evp.h>
#include <string.h>

aml_result aml__base64_encode(aml_buf *out, const void *data, size_t len) {
  if (len > (size_t)INT_MAX / 4 * 3 - 3) return AML_ERR_INVALID_ARG;
  size_t need = (len + 2) / 3 * 4;
  if (aml__buf_reserve(out, need + 1)) return AML_ERR_NOMEM;
  int n = EVP_EncodeBlock((unsigned char *)out->ptr + out->len, (const unsigned char *)data, (int)len);
  out->len += (size_t)n;
  out->ptr[out->len] = '\0';
  return AML_OK;
}

aml_result aml__base64url_encode(aml_buf *out, const void *data, size_t len) {
  size_t start = out->len;
  aml_result rc = aml__base64_encode(out, data, len);
  if (rc != AML_OK) return rc;
  size_t end = out->len;
  while (end > start && out->ptr[end - 1] == '=') end--;
  for (size_t i = start; i < end; i++) {
    if (out->ptr[i] == '+') out->ptr[i] = '-';
    else if (out->ptr[i] == '/') out->ptr[i] = '_';
  }
  out->len = end;
  out->ptr[end] = '\0';
  return AML_OK;
}

static bool b64_char(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

aml_result aml__base64_decode(const char *in, size_t len, uint8_t **out, size_t *out_len) {
  *out = NULL;
  *out_len = 0;
  if (len % 4 || len > (size_t)INT_MAX) return AML_ERR_PARSE;
  size_t pad = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)in[i];
    if (c == '=' && i + 2 >= len && (i + 1 == len || in[i + 1] == '=')) {
      pad++;
    } else if (!b64_char(c) || pad) {
      return AML_ERR_PARSE;
    }
  }
  uint8_t *buf = aml__malloc(len / 4 * 3 + 1);
  if (!buf) return AML_ERR_NOMEM;
  int n = len ? EVP_DecodeBlock(buf, (const unsigned char *)in, (int)len) : 0;
  if (n < 0) {
    aml__free(buf);
    return AML_ERR_PARSE;
  }
  *out = buf;
  *out_len = (size_t)n - pad; /* EVP_DecodeBlock counts padding as zero bytes */
  return AML_OK;
}
