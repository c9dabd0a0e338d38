/* OAuth2 client-credentials flow with a certificate: a JWT client assertion
 * signed with the certificate's private key replaces the secret. */
#include "identity/credential_impl.h"

#include "core/alloc.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/secure.h"
#include "core/str.h"
#include "identity/cert_key.h"
#include "identity/client_assertion.h"
#include "identity/secret_file.h"
#include "identity/token_endpoint.h"

#include <string.h>

typedef struct cert_cred {
  char *client_id;
  aml_cert_key ck;
  bool send_chain;
  aml_token_endpoint endpoint;
} cert_cred;

static aml_result cc_get_token(void *self, const char *scope, aml_access_token *out, aml_error **err) {
  cert_cred *cc = self;
  char *assertion = NULL;
  aml_result rc = aml__client_assertion_build(&cc->ck, cc->client_id, cc->endpoint.url, cc->send_chain,
                                              aml__now_unix_s(), &assertion);
  if (rc != AML_OK)
    return aml__fail(err, rc, "could not sign a client assertion: %s", aml_result_str(rc));
  rc = aml__token_endpoint_assertion_request(&cc->endpoint, cc->client_id, assertion, scope, out, err);
  aml__free_secret(assertion);
  return rc;
}

static void cc_destroy(void *self) {
  cert_cred *cc = self;
  if (!cc) return;
  aml__free(cc->client_id);
  aml__cert_key_cleanup(&cc->ck);
  aml__token_endpoint_cleanup(&cc->endpoint);
  aml__free(cc);
}

/* Takes nothing from the caller: data and password stay the caller's. */
static aml_result cert_new(const char *fn, const char *tenant_id, const char *client_id, const uint8_t *data,
                           size_t len, const char *password, const char *source,
                           const aml_credential_options *opts, aml_credential **out, aml_error **err) {
  aml_credential_options o;
  aml_result rc = aml__credential_options_resolve(opts, &o, err);
  if (rc < 0) return rc;
  cert_cred *cc = aml__calloc(1, sizeof(*cc));
  if (!cc) return aml__fail(err, AML_ERR_NOMEM, "%s: out of memory", fn);
  cc->send_chain = o.send_certificate_chain == 1;
  cc->client_id = aml__strdup(client_id);
  if (!cc->client_id) rc = aml__fail(err, AML_ERR_NOMEM, "%s: out of memory", fn);
  if (rc == AML_OK) rc = aml__token_endpoint_init(&cc->endpoint, tenant_id, &o, err);
  if (rc == AML_OK) rc = aml__cert_key_load(data, len, password, source, &cc->ck, err);
  if (rc < 0) {
    cc_destroy(cc);
    return rc;
  }
  static const aml_credential_vtable vt = {AML_CREDENTIAL_VTABLE_VERSION, cc_get_token, cc_destroy};
  return aml_credential_new(&vt, cc, out, err);
}

aml_result aml_client_certificate_credential_new(const char *tenant_id, const char *client_id,
                                                 const char *certificate_path, const char *password,
                                                 const aml_credential_options *opts, aml_credential **out,
                                                 aml_error **err) {
  static const char fn[] = "aml_client_certificate_credential_new";
  if (out) *out = NULL;
  if (aml__str_empty(tenant_id) || aml__str_empty(client_id) || aml__str_empty(certificate_path) || !out)
    return aml__fail(err, AML_ERR_INVALID_ARG, "%s: tenant_id, client_id, certificate_path and out are required", fn);
  uint8_t *data = NULL;
  size_t len = 0;
  aml_result rc = aml__secret_file_read(certificate_path, "certificate file", &data, &len, err);
  if (rc < 0) return rc;
  rc = cert_new(fn, tenant_id, client_id, data, len, password, certificate_path, opts, out, err);
  aml__secret_file_free(data, len);
  return rc;
}

aml_result aml_client_certificate_credential_new_from_memory(const char *tenant_id, const char *client_id,
                                                             const uint8_t *certificate, size_t certificate_len,
                                                             const char *password,
                                                             const aml_credential_options *opts,
                                                             aml_credential **out, aml_error **err) {
  static const char fn[] = "aml_client_certificate_credential_new_from_memory";
  if (out) *out = NULL;
  if (aml__str_empty(tenant_id) || aml__str_empty(client_id) || !certificate || certificate_len == 0 || !out)
    return aml__fail(err, AML_ERR_INVALID_ARG, "%s: tenant_id, client_id, certificate and out are required", fn);
  return cert_new(fn, tenant_id, client_id, certificate, certificate_len, password, "the certificate in memory",
                  opts, out, err);
}
