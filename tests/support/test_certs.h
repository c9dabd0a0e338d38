/* Test-only certificates, generated at test time with OpenSSL into a
 * directory (no private key is checked in): an RSA key and a self-signed
 * certificate for it, written in every form a client-certificate credential
 * reads, plus the forms it must refuse. */
#ifndef AML_TEST_CERTS_H
#define AML_TEST_CERTS_H

#include <stddef.h>
#include <stdint.h>

#define AML_TEST_CERT_PASSWORD "test-only-pfx-password"

typedef struct aml_test_cert {
  char pem[512];       /* certificate then private key (PKCS#8, plain) */
  char key_first[512]; /* private key then certificate, then a CA certificate (chain) */
  char enc_pem[512];   /* certificate and the key encrypted with AML_TEST_CERT_PASSWORD */
  char pfx[512];       /* PKCS#12 without a password */
  char pfx_pw[512];    /* PKCS#12 protected by AML_TEST_CERT_PASSWORD */
  char cert_only[512]; /* the certificate alone (what the emulator's --client-cert reads; no key) */
  char ec_pem[512];    /* an EC key and its certificate (not usable for RS256) */
  char x5t[64];        /* base64url SHA-1 thumbprint of the certificate */
  char x5t_s256[64];   /* base64url SHA-256 thumbprint */
} aml_test_cert;

/* Generate a fresh key and certificate (CN=`name`) into `dir` (which must
 * exist) as dir/name*.pem|pfx. Fails the test on error. */
void aml_test_cert_make(const char *dir, const char *name, aml_test_cert *out);

/* Read a whole file (malloc'd, NUL-terminated); fails the test on error. */
uint8_t *aml_test_read_file(const char *path, size_t *len);

/* A fresh directory under $TMPDIR (or /tmp) for certificates and token files;
 * remove it with aml_test_rmdir(). */
void aml_test_mkdtemp(char *out, size_t size);
void aml_test_rmdir(const char *dir);

/* An RS256 JWT over `claims_json` signed with the private key in `key_pem`
 * (a PEM file such as aml_test_cert.pem): a stand-in for a platform-issued
 * federated token. Test-side code, independent of the library's signer.
 * Returns malloc'd text. */
char *aml_test_jwt_sign(const char *key_pem, const char *claims_json);

#endif
