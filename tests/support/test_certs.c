#include "test_certs.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

static EVP_PKEY *make_key(int ec) {
  EVP_PKEY *k = ec ? EVP_EC_gen("P-256") : EVP_RSA_gen(2048);
  assert_non_null(k);
  return k;
}

static X509 *make_cert(EVP_PKEY *key, const char *cn, EVP_PKEY *issuer_key, X509 *issuer) {
  X509 *x = X509_new();
  assert_non_null(x);
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), (long)(rand() & 0x7fffffff) + 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 86400L * 30);
  X509_set_pubkey(x, key);
  X509_NAME *name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
  X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name);
  assert_true(X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256()) > 0);
  return x;
}

static FILE *open_out(char *path, size_t size, const char *dir, const char *name, const char *suffix) {
  snprintf(path, size, "%s/%s%s", dir, name, suffix);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  return f;
}

static void b64url(const unsigned char *d, unsigned n, char *out, size_t size) {
  unsigned char tmp[128];
  int len = EVP_EncodeBlock(tmp, d, (int)n);
  size_t j = 0;
  for (int i = 0; i < len && j + 1 < size; i++) {
    char c = (char)tmp[i];
    if (c == '=') break;
    out[j++] = c == '+' ? '-' : c == '/' ? '_' : c;
  }
  out[j] = '\0';
}

static void write_pfx(const char *path, EVP_PKEY *key, X509 *cert, const char *password) {
  /* Modern defaults (AES-256-CBC, PBKDF2, SHA-256 MAC): what OpenSSL 3 makes. */
  PKCS12 *p12 = PKCS12_create(password, "test", key, cert, NULL, 0, 0, 0, 0, 0);
  assert_non_null(p12);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_true(i2d_PKCS12_fp(f, p12) == 1);
  fclose(f);
  PKCS12_free(p12);
}

void aml_test_cert_make(const char *dir, const char *name, aml_test_cert *out) {
  memset(out, 0, sizeof(*out));
  EVP_PKEY *key = make_key(0);
  X509 *cert = make_cert(key, name, NULL, NULL);
  EVP_PKEY *ca_key = make_key(0);
  X509 *ca = make_cert(ca_key, "test-only CA", NULL, NULL);

  FILE *f = open_out(out->pem, sizeof(out->pem), dir, name, ".pem");
  PEM_write_X509(f, cert);
  PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
  fclose(f);

  f = open_out(out->key_first, sizeof(out->key_first), dir, name, "-key-first.pem");
  PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
  PEM_write_X509(f, ca); /* a certificate that is not the key's comes first */
  PEM_write_X509(f, cert);
  fclose(f);

  f = open_out(out->enc_pem, sizeof(out->enc_pem), dir, name, "-enc.pem");
  PEM_write_X509(f, cert);
  static char pw[] = AML_TEST_CERT_PASSWORD;
  assert_true(PEM_write_PKCS8PrivateKey(f, key, EVP_aes_256_cbc(), pw, (int)strlen(pw), NULL, NULL) == 1);
  fclose(f);

  f = open_out(out->cert_only, sizeof(out->cert_only), dir, name, "-cert.pem");
  PEM_write_X509(f, cert);
  fclose(f);

  snprintf(out->pfx, sizeof(out->pfx), "%s/%s.pfx", dir, name);
  write_pfx(out->pfx, key, cert, NULL);
  snprintf(out->pfx_pw, sizeof(out->pfx_pw), "%s/%s-pw.pfx", dir, name);
  write_pfx(out->pfx_pw, key, cert, AML_TEST_CERT_PASSWORD);

  EVP_PKEY *ec = make_key(1);
  X509 *ec_cert = make_cert(ec, name, NULL, NULL);
  f = open_out(out->ec_pem, sizeof(out->ec_pem), dir, name, "-ec.pem");
  PEM_write_X509(f, ec_cert);
  PEM_write_PrivateKey(f, ec, NULL, NULL, 0, NULL, NULL);
  fclose(f);

  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned n = 0;
  X509_digest(cert, EVP_sha1(), md, &n);
  b64url(md, n, out->x5t, sizeof(out->x5t));
  X509_digest(cert, EVP_sha256(), md, &n);
  b64url(md, n, out->x5t_s256, sizeof(out->x5t_s256));

  X509_free(ec_cert);
  EVP_PKEY_free(ec);
  X509_free(ca);
  EVP_PKEY_free(ca_key);
  X509_free(cert);
  EVP_PKEY_free(key);
}

uint8_t *aml_test_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  uint8_t *buf = malloc((size_t)n + 1);
  assert_non_null(buf);
  assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  buf[n] = 0;
  *len = (size_t)n;
  return buf;
}

void aml_test_mkdtemp(char *out, size_t size) {
  const char *tmp = getenv("TMPDIR");
  snprintf(out, size, "%s/aml-cred-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  assert_non_null(mkdtemp(out));
}

void aml_test_rmdir(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) return;
  struct dirent *e;
  char path[1024];
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
    unlink(path);
  }
  closedir(d);
  rmdir(dir);
}

static void append_b64url(char **buf, size_t *len, const unsigned char *d, size_t n) {
  unsigned char *tmp = malloc(n / 3 * 4 + 8);
  int enc = EVP_EncodeBlock(tmp, d, (int)n);
  *buf = realloc(*buf, *len + (size_t)enc + 1);
  for (int i = 0; i < enc && tmp[i] != '='; i++) {
    char c = (char)tmp[i];
    (*buf)[(*len)++] = c == '+' ? '-' : c == '/' ? '_' : c;
  }
  (*buf)[*len] = '\0';
  free(tmp);
}

char *aml_test_jwt_sign(const char *key_pem, const char *claims_json) {
  FILE *f = fopen(key_pem, "rb");
  assert_non_null(f);
  EVP_PKEY *key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
  fclose(f);
  assert_non_null(key);
  static const char header[] = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"test-issuer\"}";
  char *jwt = NULL;
  size_t len = 0;
  append_b64url(&jwt, &len, (const unsigned char *)header, strlen(header));
  jwt = realloc(jwt, len + 2);
  jwt[len++] = '.';
  append_b64url(&jwt, &len, (const unsigned char *)claims_json, strlen(claims_json));
  size_t signed_len = len;
  unsigned char sig[1024];
  size_t sig_len = sizeof(sig);
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  assert_int_equal(EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, key), 1);
  assert_int_equal(EVP_DigestSign(ctx, sig, &sig_len, (unsigned char *)jwt, signed_len), 1);
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  jwt = realloc(jwt, len + 2);
  jwt[len++] = '.';
  append_b64url(&jwt, &len, sig, sig_len);
  return jwt;
}
