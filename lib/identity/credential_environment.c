/* The environment credential: a service principal described by the standard
 * AZURE_* variables, with a secret or a certificate (azure-identity's
 * EnvironmentCredential). It is the client-secret or client-certificate
 * credential itself; this file only chooses and configures it. */
#include "identity/credential_impl.h"

#include "core/buf.h"
#include "core/error.h"
#include "core/str.h"
#include "identity/token_endpoint.h"

#include <stdlib.h>
#include <string.h>

static const char *env(const char *name) {
  const char *v = getenv(name);
  return aml__str_empty(v) ? NULL : v;
}

static bool env_true(const char *name) {
  const char *v = env(name);
  return v && (strcmp(v, "1") == 0 || aml__strcasecmp(v, "true") == 0);
}

aml_result aml_environment_credential_new(const aml_credential_options *opts, aml_credential **out,
                                          aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_environment_credential_new: out is required");
  *out = NULL;
  const char *tenant = env("AZURE_TENANT_ID"), *client = env("AZURE_CLIENT_ID");
  const char *secret = env("AZURE_CLIENT_SECRET"), *cert = env("AZURE_CLIENT_CERTIFICATE_PATH");
  if (!tenant || !client || (!secret && !cert)) {
    aml_buf missing = AML_BUF_INIT;
    if (!tenant) aml__buf_puts(&missing, "AZURE_TENANT_ID");
    if (!client) aml__buf_printf(&missing, "%sAZURE_CLIENT_ID", missing.len ? ", " : "");
    if (!secret && !cert)
      aml__buf_printf(&missing, "%sAZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH", missing.len ? ", " : "");
    aml_result rc = aml__fail(err, AML_ERR_CREDENTIAL_UNAVAILABLE,
                              "environment credential: not configured: %s not set (it needs AZURE_TENANT_ID, "
                              "AZURE_CLIENT_ID and AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH)",
                              missing.len ? aml__buf_cstr(&missing) : "?");
    aml__buf_free(&missing);
    return rc;
  }
  /* The secret wins when both are set, as in azure-identity. */
  if (secret) return aml_client_secret_credential_new(tenant, client, secret, opts, out, err);

  aml_credential_options o;
  aml_result rc = aml__credential_options_resolve(opts, &o, err);
  if (rc < 0) return rc;
  if (env_true("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN")) o.send_certificate_chain = 1;
  return aml_client_certificate_credential_new(tenant, client, cert, env("AZURE_CLIENT_CERTIFICATE_PASSWORD"), &o,
                                               out, err);
}
