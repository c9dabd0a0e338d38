/* JSON Web Tokens: the emulator's RS256 signing key (generated or persisted),
 * signing of issued access tokens, and signature checks of the tokens and
 * client assertions it receives. Claims semantics live in identity_* and
 * auth.c; this file only knows the JWS compact format. */
#ifndef EM_JWT_H
#define EM_JWT_H

#include <jansson.h>
#include <openssl/evp.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct em_signer {
    EVP_PKEY *key;
    char kid[64];   /* base64url SHA-1 of the public key DER, also used as x5t */
    char *n_b64;    /* JWK modulus */
    char *e_b64;    /* JWK exponent */
} em_signer;

/* Load the RSA key from path, or generate one (and save it when path != NULL,
 * so tokens stay valid across restarts). Returns 0 or -1 with *err set. */
int em_signer_init(em_signer *s, const char *path, char **err);
void em_signer_free(em_signer *s);
/* RS256-sign claims (borrowed). Returns the compact JWS. */
char *em_jwt_sign(const em_signer *s, const json_t *claims);
/* The public key as a JWK object (new reference). */
json_t *em_signer_jwk(const em_signer *s);

/* A decoded compact JWS. */
typedef struct em_jwt {
    json_t *header;
    json_t *payload;
    char *signing_input;   /* "<b64 header>.<b64 payload>" */
    unsigned char *sig;
    size_t sig_len;
} em_jwt;

/* Returns 0 when the token has three base64url parts whose first two are JSON
 * objects; -1 otherwise. */
int em_jwt_decode(const char *token, em_jwt *out);
void em_jwt_free(em_jwt *jwt);
/* Check the signature with pub for the header's alg (RS256 or PS256). */
bool em_jwt_verify(const em_jwt *jwt, EVP_PKEY *pub);

/* A registered verification key (client certificate or federated issuer). */
typedef struct em_pubkey {
    EVP_PKEY *key;
    char x5t[64];        /* base64url SHA-1 of the certificate DER ("" for bare keys) */
    char x5t_s256[64];   /* base64url SHA-256 of the certificate DER */
} em_pubkey;
/* Load a PEM certificate or public key (the first one in the file). */
int em_pubkey_load(em_pubkey *out, const char *path, char **err);
void em_pubkey_free(em_pubkey *k);

#endif
