/* Standard base64 (RFC 4648 §4, padded), over OpenSSL, and its URL-safe
 * unpadded form (§5, as JWTs use it). */
#ifndef AML_CORE_BASE64_H
#define AML_CORE_BASE64_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

aml_result aml__base64_encode(aml_buf *out, const void *data, size_t len);
/* Decode `len` characters (whitespace not allowed; padding required).
 * *out is allocated (free with aml__free; wipe if secret). AML_ERR_PARSE on
 * bad input. */
aml_result aml__base64_decode(const char *in, size_t len, uint8_t **out, size_t *out_len);

/* base64url without padding ('-' and '_' for '+' and '/'), appended to out. */
aml_result aml__base64url_encode(aml_buf *out, const void *data, size_t len);

#endif
