#include "tls_cert.h"

#include <arpa/inet.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static EVP_PKEY *new_key(void)
{
    /* P-256: fast to generate, and accepted by GnuTLS (the server side),
     * OpenSSL, Python and Node (the clients). */
    return EVP_EC_gen("P-256");
}

static char *pem_of_key(EVP_PKEY *k)
{
    BIO *b = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(b, k, NULL, NULL, 0, NULL, NULL);
    char *p;
    long n = BIO_get_mem_data(b, &p);
    char *out = em_xstrndup(p, (size_t)n);
    BIO_free(b);
    return out;
}

static char *pem_of_cert(X509 *c)
{
    BIO *b = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(b, c);
    char *p;
    long n = BIO_get_mem_data(b, &p);
    char *out = em_xstrndup(p, (size_t)n);
    BIO_free(b);
    return out;
}

static int add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (!ext)
        return -1;
    int ok = X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
    return ok ? 0 : -1;
}

static X509 *make_cert(EVP_PKEY *key, const char *cn, X509 *issuer, EVP_PKEY *issuer_key,
                       bool is_ca, const char *san)
{
    X509 *c = X509_new();
    X509_set_version(c, 2);
    unsigned char serial[16];
    em_random_bytes(serial, sizeof serial);
    serial[0] &= 0x7f; /* positive */
    BIGNUM *bn = BN_bin2bn(serial, sizeof serial, NULL);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(c));
    BN_free(bn);
    /* Backdated an hour so clients with a little clock skew accept it. */
    X509_gmtime_adj(X509_getm_notBefore(c), -3600);
    X509_gmtime_adj(X509_getm_notAfter(c), (long)60 * 60 * 24 * 825);
    X509_set_pubkey(c, key);
    X509_NAME *name = X509_get_subject_name(c);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, (const unsigned char *)"aml-emulator", -1,
                               -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
    X509_set_issuer_name(c, issuer ? X509_get_subject_name(issuer) : name);
    X509 *iss = issuer ? issuer : c;
    int rc = 0;
    if (is_ca) {
        rc |= add_ext(c, iss, NID_basic_constraints, "critical,CA:TRUE,pathlen:0");
        rc |= add_ext(c, iss, NID_key_usage, "critical,keyCertSign,cRLSign");
        rc |= add_ext(c, iss, NID_subject_key_identifier, "hash");
    } else {
        rc |= add_ext(c, iss, NID_basic_constraints, "critical,CA:FALSE");
        rc |= add_ext(c, iss, NID_key_usage, "critical,digitalSignature,keyEncipherment");
        rc |= add_ext(c, iss, NID_ext_key_usage, "serverAuth");
        rc |= add_ext(c, iss, NID_subject_key_identifier, "hash");
        rc |= add_ext(c, iss, NID_authority_key_identifier, "keyid:always");
        rc |= add_ext(c, iss, NID_subject_alt_name, san);
    }
    if (rc != 0 || !X509_sign(c, issuer_key, EVP_sha256())) {
        X509_free(c);
        return NULL;
    }
    return c;
}

static bool is_ip(const char *s)
{
    unsigned char buf[16];
    return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

static int load_existing(em_tls_material *out, const char *dir)
{
    char *cp = em_printf("%s/server.pem", dir), *kp = em_printf("%s/server-key.pem", dir),
         *ap = em_printf("%s/ca.pem", dir);
    out->cert_pem = em_read_file(cp, NULL);
    out->key_pem = em_read_file(kp, NULL);
    out->ca_pem = em_read_file(ap, NULL);
    free(cp);
    free(kp);
    free(ap);
    if (out->cert_pem && out->key_pem && out->ca_pem)
        return 0;
    em_tls_free(out);
    return -1;
}

int em_tls_generate(em_tls_material *out, const char *dir, const char *extra_name, char **err)
{
    memset(out, 0, sizeof *out);
    if (dir && load_existing(out, dir) == 0)
        return 0;
    EVP_PKEY *ca_key = new_key(), *srv_key = new_key();
    X509 *ca = NULL, *srv = NULL;
    int rc = -1;
    if (!ca_key || !srv_key) {
        *err = em_xstrdup("key generation failed");
        goto done;
    }
    ca = make_cert(ca_key, "aml-emulator local CA", NULL, ca_key, true, NULL);
    em_buf san = {0};
    em_buf_puts(&san, "DNS:localhost,IP:127.0.0.1,IP:::1");
    if (extra_name && *extra_name && strcmp(extra_name, "localhost") != 0 &&
        strcmp(extra_name, "127.0.0.1") != 0 && strcmp(extra_name, "::1") != 0 &&
        strcmp(extra_name, "0.0.0.0") != 0 && strcmp(extra_name, "::") != 0)
        em_buf_printf(&san, ",%s:%s", is_ip(extra_name) ? "IP" : "DNS", extra_name);
    srv = ca ? make_cert(srv_key, "localhost", ca, ca_key, false, san.data) : NULL;
    em_buf_free(&san);
    if (!ca || !srv) {
        *err = em_xstrdup("certificate generation failed");
        goto done;
    }
    out->ca_pem = pem_of_cert(ca);
    out->cert_pem = pem_of_cert(srv);
    out->key_pem = pem_of_key(srv_key);
    if (dir) {
        char *cp = em_printf("%s/server.pem", dir), *kp = em_printf("%s/server-key.pem", dir),
             *ap = em_printf("%s/ca.pem", dir), *akp = em_printf("%s/ca-key.pem", dir);
        char *ca_key_pem = pem_of_key(ca_key);
        int w = em_write_file(kp, out->key_pem, strlen(out->key_pem), 0600) |
                em_write_file(cp, out->cert_pem, strlen(out->cert_pem), 0644) |
                em_write_file(akp, ca_key_pem, strlen(ca_key_pem), 0600) |
                em_write_file(ap, out->ca_pem, strlen(out->ca_pem), 0644);
        free(ca_key_pem);
        free(cp);
        free(kp);
        free(ap);
        free(akp);
        if (w != 0) {
            *err = em_printf("cannot write certificates to %s", dir);
            em_tls_free(out);
            goto done;
        }
    }
    rc = 0;
done:
    X509_free(ca);
    X509_free(srv);
    EVP_PKEY_free(ca_key);
    EVP_PKEY_free(srv_key);
    return rc;
}

int em_tls_load(em_tls_material *out, const char *cert_file, const char *key_file, char **err)
{
    memset(out, 0, sizeof *out);
    out->cert_pem = em_read_file(cert_file, NULL);
    out->key_pem = em_read_file(key_file, NULL);
    if (!out->cert_pem || !out->key_pem) {
        *err = em_printf("cannot read %s or %s", cert_file, key_file);
        em_tls_free(out);
        return -1;
    }
    return 0;
}

void em_tls_free(em_tls_material *m)
{
    free(m->cert_pem);
    free(m->key_pem);
    free(m->ca_pem);
    memset(m, 0, sizeof *m);
}
