/* The JWT a confidential client presents instead of a secret (RFC 7523):
 * header {alg RS256, typ JWT, x5t, x5t#S256[, x5c]}, claims aud = the token
 * URL, iss = sub = client id, a random jti, nbf/iat = now, exp = now + 10 min,
 * signed with the certificate's key. */
#ifndef AML_IDENTITY_CLIENT_ASSERTION_H
#define AML_IDENTITY_CLIENT_ASSERTION_H

#include <stdbool.h>

#include "identity/cert_key.h"

/* How long an assertion is valid: enough for retries of one token request. */
#define AML_CLIENT_ASSERTION_LIFETIME_S 600

/* *out: "header.claims.signature", library-allocated; it authenticates the
 * client until it expires, so wipe it (aml__free_secret) after use. */
aml_result aml__client_assertion_build(const aml_cert_key *ck, const char *client_id, const char *audience,
                                       bool send_chain, int64_t now, char **out);

#endif
