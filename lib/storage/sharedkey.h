/* Shared Key authorisation of Blob Storage requests (DATA-API §3.3). */
#ifndef AML_STORAGE_SHAREDKEY_H
#define AML_STORAGE_SHAREDKEY_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/kv.h"

/* The string-to-sign of a request: verb, the standard headers (Content-Length
 * empty when body_size is 0), canonicalized x-ms-* headers and the
 * canonicalized resource ("/" + account + URL path as sent, then each query
 * parameter sorted by lower-cased name as "\nname:decoded,values"). */
aml_result aml__sharedkey_string_to_sign(const char *account, const char *method, const char *url,
                                         const aml_kvlist *headers, uint64_t body_size, aml_buf *out);

/* Base64(HMAC-SHA256(key, string_to_sign)) appended to out. */
aml_result aml__sharedkey_signature(const uint8_t *key, size_t key_len, const char *string_to_sign, aml_buf *out);

/* "Sun, 11 Oct 2009 21:49:13 GMT" (locale-independent). */
void aml__http_date_format(int64_t unix_s, char out[32]);

#endif
