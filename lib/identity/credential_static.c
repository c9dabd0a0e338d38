/* A credential that hands out one fixed token (tests, tokens minted elsewhere). */
#include "identity/credential_impl.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/secure.h"
#include "core/str.h"

typedef struct static_token {
  char *token;
  int64_t expires_on;
} static_token;

static aml_result static_get_token(void *self, const char *scope, aml_access_token *out, aml_error **err) {
  static_token *s = self;
  aml_result rc = aml_access_token_set(out, s->token, s->expires_on);
  return rc == AML_OK ? AML_OK : aml__fail(err, rc, "out of memory copying a token");
}

static void static_destroy(void *self) {
  static_token *s = self;
  aml__free_secret(s->token);
  aml__free(s);
}

aml_result aml_static_token_credential_new(const char *token, int64_t expires_on, aml_credential **out,
                                           aml_error **err) {
  if (aml__str_empty(token) || !out)
    return aml__fail(err, AML_ERR_INVALID_ARG, "aml_static_token_credential_new: a non-empty token and out are required");
  static_token *s = aml__calloc(1, sizeof(*s));
  if (!s || !(s->token = aml__strdup(token))) {
    aml__free(s);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory creating a credential");
  }
  s->expires_on = expires_on;
  static const aml_credential_vtable vt = {AML_CREDENTIAL_VTABLE_VERSION, static_get_token, static_destroy};
  return aml_credential_new(&vt, s, out, err);
}
