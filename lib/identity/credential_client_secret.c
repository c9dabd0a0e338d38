/* OAuth2 client-credentials flow with a client secret. */
#include "identity/credential_impl.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/secure.h"
#include "core/str.h"
#include "identity/token_endpoint.h"

typedef struct secret_cred {
  char *client_id;
  char *secret; /* wiped on free */
  aml_token_endpoint endpoint;
} secret_cred;

static aml_result cs_get_token(void *self, const char *scope, aml_access_token *out, aml_error **err) {
  secret_cred *cs = self;
  aml_buf form = AML_BUF_INIT;
  aml_result rc = AML_OK;
  if (aml__form_add(&form, "client_id", cs->client_id) || aml__form_add(&form, "client_secret", cs->secret) ||
      aml__form_add(&form, "scope", scope) || aml__form_add(&form, "grant_type", "client_credentials"))
    rc = aml__fail(err, AML_ERR_NOMEM, "out of memory building a token request");
  if (rc == AML_OK) rc = aml__token_endpoint_request(&cs->endpoint, &form, cs->secret, out, err);
  aml__buf_free_secret(&form);
  return rc;
}

static void cs_destroy(void *self) {
  secret_cred *cs = self;
  if (!cs) return;
  aml__free(cs->client_id);
  aml__free_secret(cs->secret);
  aml__token_endpoint_cleanup(&cs->endpoint);
  aml__free(cs);
}

aml_result aml_client_secret_credential_new(const char *tenant_id, const char *client_id, const char *client_secret,
                                            const aml_credential_options *opts, aml_credential **out,
                                            aml_error **err) {
  if (aml__str_empty(tenant_id) || aml__str_empty(client_id) || aml__str_empty(client_secret) || !out)
    return aml__fail(err, AML_ERR_INVALID_ARG,
                     "aml_client_secret_credential_new: tenant_id, client_id, client_secret and out are required");
  aml_credential_options o;
  aml_result rc = aml__credential_options_resolve(opts, &o, err);
  if (rc < 0) return rc;
  secret_cred *cs = aml__calloc(1, sizeof(*cs));
  if (!cs) return aml__fail(err, AML_ERR_NOMEM, "out of memory creating a credential");
  cs->client_id = aml__strdup(client_id);
  cs->secret = aml__strdup(client_secret);
  if (!cs->client_id || !cs->secret) {
    cs_destroy(cs);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory creating a credential");
  }
  rc = aml__token_endpoint_init(&cs->endpoint, tenant_id, &o, err);
  if (rc < 0) {
    cs_destroy(cs);
    return rc;
  }
  static const aml_credential_vtable vt = {AML_CREDENTIAL_VTABLE_VERSION, cs_get_token, cs_destroy};
  return aml_credential_new(&vt, cs, out, err);
}
