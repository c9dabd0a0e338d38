#include "jwt.h"

#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static char *bn_param_b64(EVP_PKEY *key, const char *name)
{
    BIGNUM *bn = NULL;
    if (!EVP_PKEY_get_bn_param(key, name, &bn))
        return NULL;
    int n = BN_num_bytes(bn);
    unsigned char *buf = em_xmalloc((size_t)n);
    BN_bn2bin(bn, buf);
    char *out = em_b64url_encode(buf, (size_t)n);
    free(buf);
    BN_free(bn);
    return out;
}

static int compute_kid(em_signer *s)
{
    unsigned char *der = NULL;
    int len = i2d_PUBKEY(s->key, &der);
    if (len <= 0)
        return -1;
    unsigned char md[SHA_DIGEST_LENGTH];
    SHA1(der, (size_t)len, md);
    OPENSSL_free(der);
    char *b = em_b64url_encode(md, sizeof md);
    snprintf(s->kid, sizeof s->kid, "%s", b);
    free(b);
    return 0;
}

int em_signer_init(em_signer *s, const char *path, char **err)
{
    memset(s, 0, sizeof *s);
    if (path) {
        FILE *f = fopen(path, "r");
        if (f) {
            s->key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
            fclose(f);
            if (!s->key) {
                *err = em_printf("cannot parse signing key %s", path);
                return -1;
            }
        }
    }
    if (!s->key) {
        s->key = EVP_RSA_gen(2048);
        if (!s->key) {
            *err = em_xstrdup("RSA key generation failed");
            return -1;
        }
        if (path) {
            BIO *bio = BIO_new(BIO_s_mem());
            PEM_write_bio_PrivateKey(bio, s->key, NULL, NULL, 0, NULL, NULL);
            char *pem;
            long n = BIO_get_mem_data(bio, &pem);
            int rc = em_write_file(path, pem, (size_t)n, 0600);
            BIO_free(bio);
            if (rc != 0) {
                *err = em_printf("cannot write signing key %s", path);
                return -1;
            }
        }
    }
    if (compute_kid(s) != 0) {
        *err = em_xstrdup("cannot encode the signing key");
        return -1;
    }
    s->n_b64 = bn_param_b64(s->key, OSSL_PKEY_PARAM_RSA_N);
    s->e_b64 = bn_param_b64(s->key, OSSL_PKEY_PARAM_RSA_E);
    if (!s->n_b64 || !s->e_b64) {
        *err = em_xstrdup("signing key is not an RSA key");
        return -1;
    }
    return 0;
}

void em_signer_free(em_signer *s)
{
    EVP_PKEY_free(s->key);
    free(s->n_b64);
    free(s->e_b64);
    memset(s, 0, sizeof *s);
}

json_t *em_signer_jwk(const em_signer *s)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "kty", "RSA", "use", "sig", "alg",
                     "RS256", "kid", s->kid, "x5t", s->kid, "n", s->n_b64, "e", s->e_b64);
}

static char *b64_json(const json_t *j)
{
    char *s = json_dumps(j, JSON_COMPACT);
    char *b = em_b64url_encode((const unsigned char *)s, strlen(s));
    free(s);
    return b;
}

char *em_jwt_sign(const em_signer *s, const json_t *claims)
{
    json_t *hdr = json_pack("{s:s, s:s, s:s, s:s}", "typ", "JWT", "alg", "RS256", "x5t", s->kid,
                            "kid", s->kid);
    char *h = b64_json(hdr);
    char *p = b64_json(claims);
    json_decref(hdr);
    char *input = em_printf("%s.%s", h, p);
    free(h);
    free(p);

    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t siglen = 0;
    unsigned char *sig = NULL;
    if (EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, s->key) == 1 &&
        EVP_DigestSign(ctx, NULL, &siglen, (const unsigned char *)input, strlen(input)) == 1) {
        sig = em_xmalloc(siglen);
        if (EVP_DigestSign(ctx, sig, &siglen, (const unsigned char *)input, strlen(input)) != 1) {
            free(sig);
            sig = NULL;
        }
    }
    EVP_MD_CTX_free(ctx);
    if (!sig) {
        free(input);
        return NULL;
    }
    char *sb = em_b64url_encode(sig, siglen);
    free(sig);
    char *out = em_printf("%s.%s", input, sb);
    free(input);
    free(sb);
    return out;
}

static json_t *decode_part(const char *p, size_t n)
{
    size_t len;
    unsigned char *raw = em_b64url_decode(p, n, &len);
    if (!raw)
        return NULL;
    json_t *j = json_loadb((const char *)raw, len, 0, NULL);
    free(raw);
    if (j && !json_is_object(j)) {
        json_decref(j);
        return NULL;
    }
    return j;
}

int em_jwt_decode(const char *token, em_jwt *out)
{
    memset(out, 0, sizeof *out);
    const char *d1 = strchr(token, '.');
    if (!d1)
        return -1;
    const char *d2 = strchr(d1 + 1, '.');
    if (!d2 || strchr(d2 + 1, '.'))
        return -1;
    out->header = decode_part(token, (size_t)(d1 - token));
    out->payload = decode_part(d1 + 1, (size_t)(d2 - d1 - 1));
    out->sig = em_b64url_decode(d2 + 1, strlen(d2 + 1), &out->sig_len);
    if (!out->header || !out->payload || !out->sig) {
        em_jwt_free(out);
        return -1;
    }
    out->signing_input = em_xstrndup(token, (size_t)(d2 - token));
    return 0;
}

void em_jwt_free(em_jwt *jwt)
{
    json_decref(jwt->header);
    json_decref(jwt->payload);
    free(jwt->signing_input);
    free(jwt->sig);
    memset(jwt, 0, sizeof *jwt);
}

bool em_jwt_verify(const em_jwt *jwt, EVP_PKEY *pub)
{
    const char *alg = json_string_value(json_object_get(jwt->header, "alg"));
    if (!alg || !pub)
        return false;
    bool pss;
    if (strcmp(alg, "RS256") == 0)
        pss = false;
    else if (strcmp(alg, "PS256") == 0)
        pss = true; /* newer MSAL versions sign certificate assertions with PS256 */
    else
        return false;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = NULL;
    bool ok = false;
    if (EVP_DigestVerifyInit(ctx, &pctx, EVP_sha256(), NULL, pub) == 1) {
        if (pss) {
            EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
            EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_AUTO);
        }
        ok = EVP_DigestVerify(ctx, jwt->sig, jwt->sig_len,
                              (const unsigned char *)jwt->signing_input,
                              strlen(jwt->signing_input)) == 1;
    }
    EVP_MD_CTX_free(ctx);
    return ok;
}

int em_pubkey_load(em_pubkey *out, const char *path, char **err)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "r");
    if (!f) {
        *err = em_printf("cannot open %s", path);
        return -1;
    }
    X509 *cert = PEM_read_X509(f, NULL, NULL, NULL);
    if (cert) {
        out->key = X509_get_pubkey(cert);
        unsigned char *der = NULL;
        int len = i2d_X509(cert, &der);
        if (len > 0) {
            unsigned char md1[SHA_DIGEST_LENGTH], md2[SHA256_DIGEST_LENGTH];
            SHA1(der, (size_t)len, md1);
            SHA256(der, (size_t)len, md2);
            char *a = em_b64url_encode(md1, sizeof md1);
            char *b = em_b64url_encode(md2, sizeof md2);
            snprintf(out->x5t, sizeof out->x5t, "%s", a);
            snprintf(out->x5t_s256, sizeof out->x5t_s256, "%s", b);
            free(a);
            free(b);
            OPENSSL_free(der);
        }
        X509_free(cert);
    } else {
        rewind(f);
        out->key = PEM_read_PUBKEY(f, NULL, NULL, NULL);
    }
    fclose(f);
    if (!out->key) {
        *err = em_printf("%s holds no PEM certificate or public key", path);
        return -1;
    }
    return 0;
}

void em_pubkey_free(em_pubkey *k)
{
    EVP_PKEY_free(k->key);
    memset(k, 0, sizeof *k);
}
