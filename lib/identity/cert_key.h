/* A client certificate and its private key, loaded from PEM or PKCS#12
 * bytes, ready to sign client assertions: the RSA key, the leaf
 * certificate's thumbprints and the chain as it goes in an `x5c` header. */
#ifndef AML_IDENTITY_CERT_KEY_H
#define AML_IDENTITY_CERT_KEY_H

#include <stddef.h>
#include <stdint.h>

#include <azureml/errors.h>
#include <openssl/evp.h>

#include "core/buf.h"

typedef struct aml_cert_key {
  EVP_PKEY *key;  /* RSA private key; OpenSSL clears it when freed */
  char *x5t;      /* base64url(SHA-1(leaf DER)) */
  char *x5t_s256; /* base64url(SHA-256(leaf DER)) */
  char **x5c;     /* base64(DER) of the leaf, then the other certificates in file order */
  size_t x5c_count;
} aml_cert_key;

/* Parse `data` (PEM holding a private key and its certificate, in any order,
 * possibly with more certificates; or a DER PKCS#12 file). `password`
 * (nullable) decrypts an encrypted PEM key or the PKCS#12 file; it is never
 * prompted for. `source` names the input in messages (a path or "memory").
 * Errors: AML_ERR_PARSE when no usable key and matching certificate are found
 * (not PEM/PKCS#12, no private key, no certificate of that key, not RSA),
 * AML_ERR_INVALID_ARG for a wrong or missing password, AML_ERR_NOMEM. */
aml_result aml__cert_key_load(const uint8_t *data, size_t len, const char *password, const char *source,
                              aml_cert_key *out, aml_error **err);
void aml__cert_key_cleanup(aml_cert_key *ck);

/* RS256 (RSASSA-PKCS1-v1_5 with SHA-256) signature of `data`, appended to
 * `sig` as base64url. */
aml_result aml__cert_key_sign_rs256(const aml_cert_key *ck, const char *data, size_t len, aml_buf *sig);

#endif
