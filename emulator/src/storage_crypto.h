/* The hashes Blob Storage speaks: HMAC-SHA256 signatures (Shared Key, SAS)
 * and the base64 MD5 of contents (Content-MD5), over OpenSSL, plus standard
 * base64 decoding of account keys and header values. */
#ifndef EM_STORAGE_CRYPTO_H
#define EM_STORAGE_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Standard base64 (with padding) decoded; NULL when s is not base64. */
unsigned char *em_b64_decode(const char *s, size_t *out_len);
/* Base64 of HMAC-SHA256(key, msg); caller frees. */
char *em_hmac_sha256_b64(const unsigned char *key, size_t key_len, const char *msg);
/* Constant-time comparison of two signatures. */
bool em_sig_equal(const char *a, const char *b);
/* Base64 MD5 of a buffer; caller frees. */
char *em_md5_b64(const void *data, size_t len);
/* Base64 MD5 of len bytes of a file from offset (len < 0: to the end);
 * NULL when it cannot be read. */
char *em_md5_file_b64(const char *path, int64_t offset, int64_t len);

#endif
