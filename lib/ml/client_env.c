/* aml_client_new_from_env: one program, configured by the environment, runs
 * against Azure or a stand-in such as aml-emulator without a rebuild. */
#include <azureml/client.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/str.h"

#include <stdlib.h>
#include <string.h>

static const char *env(const char *name) {
  const char *v = getenv(name);
  return aml__str_empty(v) ? NULL : v;
}

aml_result aml_client_new_from_env(const aml_client_options *opts, aml_client **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_client_new_from_env: out is required");
  *out = NULL;
  aml_client_options o;
  if (opts) {
    if (opts->version != AML_CLIENT_OPTIONS_VERSION)
      return aml__fail(err, AML_ERR_VERSION, "aml_client_new_from_env: unknown aml_client_options version %u",
                       opts->version);
    o = *opts;
  } else {
    aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  }
  /* A client secret needs its tenant and client id; without one, the
   * default chain finds a credential (managed identity, Azure CLI, ...). */
  static const char *const required[] = {"AZURE_SUBSCRIPTION_ID", "AZURE_RESOURCE_GROUP", "AZUREML_WORKSPACE",
                                         "AZURE_TENANT_ID", "AZURE_CLIENT_ID"};
  const bool secret = env("AZURE_CLIENT_SECRET") != NULL;
  aml_buf missing = AML_BUF_INIT;
  for (size_t i = 0; i < (secret ? 5u : 3u); i++)
    if (!env(required[i])) aml__buf_printf(&missing, "%s%s", missing.len ? ", " : "", required[i]);
  if (missing.len) {
    aml_result rc = aml__fail(err, AML_ERR_CONFIG, "required environment variable%s not set: %s",
                              strchr(missing.ptr, ',') ? "s" : "", missing.ptr);
    aml__buf_free(&missing);
    return rc;
  }
  aml__buf_free(&missing);

  if (!o.resource_manager_url) o.resource_manager_url = env("AZURE_RESOURCE_MANAGER_URL");
  if (!o.ca_bundle) o.ca_bundle = env("AZUREML_CA_BUNDLE");

  /* One transport for ARM and token requests: one connection pool, one CA. */
  aml_transport *owned = NULL;
  if (!o.transport) {
    aml_curl_transport_options co;
    aml_curl_transport_options_init(&co, AML_CURL_TRANSPORT_OPTIONS_VERSION);
    co.ca_bundle = o.ca_bundle;
    aml_result rc = aml_curl_transport_new(&co, &owned, err);
    if (rc < 0) return rc;
    o.transport = owned;
  }
  aml_credential_options co;
  aml_credential_options_init(&co, AML_CREDENTIAL_OPTIONS_VERSION);
  co.authority_host = env("AZURE_AUTHORITY_HOST");
  co.transport = o.transport;
  co.retry = o.retry;
  co.log_fn = o.log_fn;
  co.log_user_data = o.log_user_data;
  co.log_level = o.log_level;
  co.sleep_fn = o.sleep_fn;
  co.sleep_user_data = o.sleep_user_data;
  aml_credential *cred = NULL;
  aml_result rc;
  if (secret) {
    rc = aml_client_secret_credential_new(env("AZURE_TENANT_ID"), env("AZURE_CLIENT_ID"), env("AZURE_CLIENT_SECRET"),
                                          &co, &cred, err);
  } else {
    aml_default_credential_options dco;
    aml_default_credential_options_init(&dco, AML_DEFAULT_CREDENTIAL_OPTIONS_VERSION);
    dco.credential = &co;
    rc = aml_default_azure_credential_new(&dco, &cred, err);
  }
  if (rc == AML_OK)
    rc = aml_client_new(cred, env("AZURE_SUBSCRIPTION_ID"), env("AZURE_RESOURCE_GROUP"), env("AZUREML_WORKSPACE"),
                        &o, out, err);
  aml_credential_unref(cred);
  aml_transport_unref(owned);
  return rc;
}
