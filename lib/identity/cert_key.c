#include "identity/cert_key.h"

#include "core/alloc.h"
#include "core/base64.h"
#include "core/error.h"
#include "core/secure.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <stdbool.h>
#include <string.h>

/* Hands OpenSSL the caller's password, or nothing: without a callback it
 * would prompt on the terminal, which a library must never do. */
static int password_cb(char *buf, int size, int rwflag, void *u) {
  (void)rwflag;
  const char *pw = u;
  if (!pw) return 0;
  size_t n = strlen(pw);
  if (n > (size_t)size) return -1;
  memcpy(buf, pw, n);
  return (int)n;
}

static bool looks_like_pem(const uint8_t *data, size_t len) {
  static const char marker[] = "-----BEGIN ";
  size_t m = sizeof(marker) - 1;
  for (size_t i = 0; i + m <= len; i++)
    if (memcmp(data + i, marker, m) == 0) return true;
  return false;
}

static bool contains(const uint8_t *data, size_t len, const char *needle) {
  size_t m = strlen(needle);
  for (size_t i = 0; i + m <= len; i++)
    if (memcmp(data + i, needle, m) == 0) return true;
  return false;
}

/* Candidates for the leaf: every certificate found, in order. */
typedef struct cert_list {
  X509 **items;
  size_t count;
} cert_list;

static bool list_add(cert_list *l, X509 *x) {
  X509 **grown = aml__realloc(l->items, (l->count + 1) * sizeof(*grown));
  if (!grown) return false;
  l->items = grown;
  l->items[l->count++] = x;
  return true;
}

static void list_free(cert_list *l) {
  for (size_t i = 0; i < l->count; i++) X509_free(l->items[i]);
  aml__free(l->items);
  *l = (cert_list){0};
}

static aml_result load_pem(const uint8_t *data, size_t len, const char *password, const char *source,
                           EVP_PKEY **key, cert_list *certs, aml_error **err) {
  BIO *bio = BIO_new_mem_buf(data, (int)len);
  if (!bio) return aml__fail(err, AML_ERR_NOMEM, "out of memory reading a certificate");
  /* PEM_read_bio_PrivateKey skips blocks of other kinds (certificates). */
  *key = PEM_read_bio_PrivateKey(bio, NULL, password_cb, (void *)password);
  BIO_free(bio);
  if (!*key) {
    bool encrypted = contains(data, len, "ENCRYPTED");
    ERR_clear_error();
    if (encrypted)
      return aml__fail(err, AML_ERR_INVALID_ARG, "the private key in %s is encrypted and the password is %s", source,
                       password && *password ? "wrong" : "missing");
    return aml__fail(err, AML_ERR_PARSE, "%s holds no private key (a PEM file needs the certificate and its key)",
                     source);
  }
  bio = BIO_new_mem_buf(data, (int)len);
  if (!bio) return aml__fail(err, AML_ERR_NOMEM, "out of memory reading a certificate");
  X509 *x;
  while ((x = PEM_read_bio_X509(bio, NULL, password_cb, NULL)) != NULL) {
    if (!list_add(certs, x)) {
      X509_free(x);
      BIO_free(bio);
      return aml__fail(err, AML_ERR_NOMEM, "out of memory reading a certificate");
    }
  }
  BIO_free(bio);
  ERR_clear_error(); /* the loop ends on "no start line" */
  return AML_OK;
}

static aml_result load_pkcs12(const uint8_t *data, size_t len, const char *password, const char *source,
                              EVP_PKEY **key, cert_list *certs, aml_error **err) {
  const unsigned char *p = data;
  PKCS12 *p12 = d2i_PKCS12(NULL, &p, (long)len);
  if (!p12) {
    ERR_clear_error();
    return aml__fail(err, AML_ERR_PARSE, "%s is neither PEM nor PKCS#12", source);
  }
  /* Check the password first so that a wrong one is reported as such rather
   * than as a corrupt file. A file without a password may use NULL or "". */
  if (PKCS12_mac_present(p12)) {
    bool ok = password && *password ? PKCS12_verify_mac(p12, password, -1)
                                    : (PKCS12_verify_mac(p12, NULL, 0) || PKCS12_verify_mac(p12, "", 0));
    if (!ok) {
      PKCS12_free(p12);
      ERR_clear_error();
      return aml__fail(err, AML_ERR_INVALID_ARG, "the password of the PKCS#12 file %s is %s", source,
                       password && *password ? "wrong" : "missing");
    }
  }
  X509 *leaf = NULL;
  STACK_OF(X509) *ca = NULL;
  /* PKCS12_parse itself tries NULL and "" for an empty password. */
  int ok = PKCS12_parse(p12, password && *password ? password : NULL, key, &leaf, &ca);
  PKCS12_free(p12);
  if (!ok) {
    unsigned long e = ERR_peek_last_error();
    char detail[160];
    ERR_error_string_n(e, detail, sizeof(detail));
    ERR_clear_error();
    return aml__fail(err, AML_ERR_PARSE,
                     "cannot read the PKCS#12 file %s (%s; files using RC2 or other legacy ciphers need the "
                     "OpenSSL legacy provider, or a re-export with AES)",
                     source, detail);
  }
  aml_result rc = AML_OK;
  if (leaf && !list_add(certs, leaf)) {
    X509_free(leaf);
    rc = AML_ERR_NOMEM;
  }
  while (ca && sk_X509_num(ca) > 0) {
    X509 *x = sk_X509_shift(ca);
    if (rc == AML_OK && list_add(certs, x)) continue;
    X509_free(x);
    rc = AML_ERR_NOMEM;
  }
  sk_X509_free(ca);
  if (rc != AML_OK) return aml__fail(err, rc, "out of memory reading a certificate");
  if (!*key) return aml__fail(err, AML_ERR_PARSE, "the PKCS#12 file %s holds no private key", source);
  return AML_OK;
}

static aml_result thumbprint(const unsigned char *der, int der_len, const EVP_MD *md, char **out) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (!EVP_Digest(der, (size_t)der_len, digest, &n, md, NULL)) return AML_ERR_INTERNAL;
  aml_buf b = AML_BUF_INIT;
  if (aml__base64url_encode(&b, digest, n) != AML_OK) {
    aml__buf_free(&b);
    return AML_ERR_NOMEM;
  }
  *out = aml__buf_detach(&b);
  return *out ? AML_OK : AML_ERR_NOMEM;
}

static aml_result x5c_entry(X509 *x, char **out) {
  unsigned char *der = NULL;
  int n = i2d_X509(x, &der);
  if (n <= 0) return AML_ERR_NOMEM;
  aml_buf b = AML_BUF_INIT;
  aml_result rc = aml__base64_encode(&b, der, (size_t)n);
  OPENSSL_free(der);
  if (rc != AML_OK) {
    aml__buf_free(&b);
    return AML_ERR_NOMEM;
  }
  *out = aml__buf_detach(&b);
  return *out ? AML_OK : AML_ERR_NOMEM;
}

static aml_result describe(aml_cert_key *ck, cert_list *certs, size_t leaf) {
  unsigned char *der = NULL;
  int n = i2d_X509(certs->items[leaf], &der);
  if (n <= 0) return AML_ERR_NOMEM;
  aml_result rc = thumbprint(der, n, EVP_sha1(), &ck->x5t);
  if (rc == AML_OK) rc = thumbprint(der, n, EVP_sha256(), &ck->x5t_s256);
  OPENSSL_free(der);
  if (rc != AML_OK) return rc;
  ck->x5c = aml__calloc(certs->count, sizeof(char *));
  if (!ck->x5c) return AML_ERR_NOMEM;
  /* The leaf first, then the rest in the order found (RFC 7515 §4.1.6). */
  rc = x5c_entry(certs->items[leaf], &ck->x5c[ck->x5c_count]);
  if (rc == AML_OK) ck->x5c_count++;
  for (size_t i = 0; rc == AML_OK && i < certs->count; i++) {
    if (i == leaf) continue;
    rc = x5c_entry(certs->items[i], &ck->x5c[ck->x5c_count]);
    if (rc == AML_OK) ck->x5c_count++;
  }
  return rc;
}

aml_result aml__cert_key_load(const uint8_t *data, size_t len, const char *password, const char *source,
                              aml_cert_key *out, aml_error **err) {
  *out = (aml_cert_key){0};
  if (len == 0 || len > (size_t)INT32_MAX) return aml__fail(err, AML_ERR_PARSE, "%s is empty or too large", source);
  EVP_PKEY *key = NULL;
  cert_list certs = {0};
  aml_result rc = looks_like_pem(data, len) ? load_pem(data, len, password, source, &key, &certs, err)
                                            : load_pkcs12(data, len, password, source, &key, &certs, err);
  if (rc == AML_OK && EVP_PKEY_base_id(key) != EVP_PKEY_RSA)
    rc = aml__fail(err, AML_ERR_PARSE, "the private key in %s is not an RSA key (client assertions are RS256)",
                   source);
  size_t leaf = certs.count;
  for (size_t i = 0; rc == AML_OK && i < certs.count && leaf == certs.count; i++)
    if (X509_check_private_key(certs.items[i], key) == 1) leaf = i;
  ERR_clear_error();
  if (rc == AML_OK && leaf == certs.count)
    rc = aml__fail(err, AML_ERR_PARSE, "%s holds no certificate for its private key", source);
  if (rc == AML_OK) {
    out->key = key;
    key = NULL;
    rc = describe(out, &certs, leaf);
    if (rc != AML_OK) {
      aml__cert_key_cleanup(out);
      rc = aml__fail(err, rc, "could not read the certificate in %s", source);
    }
  }
  EVP_PKEY_free(key);
  list_free(&certs);
  return rc;
}

void aml__cert_key_cleanup(aml_cert_key *ck) {
  if (!ck) return;
  EVP_PKEY_free(ck->key);
  aml__free(ck->x5t);
  aml__free(ck->x5t_s256);
  for (size_t i = 0; i < ck->x5c_count; i++) aml__free(ck->x5c[i]);
  aml__free(ck->x5c);
  *ck = (aml_cert_key){0};
}

aml_result aml__cert_key_sign_rs256(const aml_cert_key *ck, const char *data, size_t len, aml_buf *sig) {
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  if (!ctx) return AML_ERR_NOMEM;
  size_t n = (size_t)EVP_PKEY_size(ck->key);
  unsigned char *raw = aml__malloc(n ? n : 1);
  aml_result rc = raw ? AML_OK : AML_ERR_NOMEM;
  if (rc == AML_OK &&
      (EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, ck->key) != 1 ||
       EVP_DigestSign(ctx, raw, &n, (const unsigned char *)data, len) != 1))
    rc = AML_ERR_INTERNAL;
  if (rc == AML_OK) rc = aml__base64url_encode(sig, raw, n);
  EVP_MD_CTX_free(ctx);
  aml__free(raw);
  ERR_clear_error();
  return rc;
}
