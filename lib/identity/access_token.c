/* aml_access_token: a bearer token and its expiry; the value is wiped on free. */
#include "identity/credential_impl.h"

#include "core/alloc.h"
#include "core/secure.h"

aml_result aml_access_token_set(aml_access_token *tok, const char *value, int64_t expires_on) {
  if (!tok || !value || !*value) return AML_ERR_INVALID_ARG;
  char *copy = aml__strdup(value);
  if (!copy) return AML_ERR_NOMEM;
  aml__free_secret(tok->value);
  tok->value = copy;
  tok->expires_on = expires_on;
  return AML_OK;
}

const char *aml_access_token_value(const aml_access_token *tok) {
  return tok && tok->value ? tok->value : "";
}

int64_t aml_access_token_expires_on(const aml_access_token *tok) { return tok ? tok->expires_on : 0; }

void aml_access_token_free(aml_access_token *tok) {
  if (!tok) return;
  aml__free_secret(tok->value);
  aml__free(tok);
}
