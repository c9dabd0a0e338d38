/* Workload identity (Kubernetes, GitHub Actions OIDC...): a token issued to
 * the workload by its platform, read from a file, is exchanged at Entra ID as
 * a client assertion for the application's token. */
#include "identity/credential_impl.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/secure.h"
#include "core/str.h"
#include "identity/secret_file.h"
#include "identity/token_endpoint.h"

#include <stdlib.h>
#include <string.h>

typedef struct workload_cred {
  char *client_id;
  char *token_file;
  aml_token_endpoint endpoint;
} workload_cred;

static bool is_space(uint8_t c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* The file is read at every token request rather than once: the platform
 * rotates it (Kubernetes projects a new token well before the old one
 * expires), and a request happens only when the cache needs a token, so a
 * rotated file is always picked up at no measurable cost. */
static aml_result wi_get_token(void *self, const char *scope, aml_access_token *out, aml_error **err) {
  workload_cred *wi = self;
  uint8_t *data = NULL;
  size_t len = 0;
  aml_result rc = aml__secret_file_read(wi->token_file, "federated token file", &data, &len, err);
  if (rc < 0) return rc;
  size_t start = 0, end = len;
  while (start < end && is_space(data[start])) start++;
  while (end > start && is_space(data[end - 1])) end--;
  if (start == end) {
    aml__secret_file_free(data, len);
    return aml__fail(err, AML_ERR_AUTH, "the federated token file %s is empty", wi->token_file);
  }
  data[end] = '\0';
  rc = aml__token_endpoint_assertion_request(&wi->endpoint, wi->client_id, (const char *)data + start, scope, out,
                                             err);
  aml__secret_file_free(data, len);
  return rc;
}

static void wi_destroy(void *self) {
  workload_cred *wi = self;
  if (!wi) return;
  aml__free(wi->client_id);
  aml__free(wi->token_file);
  aml__token_endpoint_cleanup(&wi->endpoint);
  aml__free(wi);
}

static const char *arg_or_env(const char *arg, const char *var, aml_buf *missing) {
  if (arg) return arg;
  const char *v = getenv(var);
  if (!aml__str_empty(v)) return v;
  aml__buf_printf(missing, "%s%s", missing->len ? ", " : "", var);
  return NULL;
}

aml_result aml_workload_identity_credential_new(const char *tenant_id, const char *client_id,
                                                const char *token_file_path, const aml_credential_options *opts,
                                                aml_credential **out, aml_error **err) {
  static const char fn[] = "aml_workload_identity_credential_new";
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: out is required", fn);
  *out = NULL;
  if ((tenant_id && !*tenant_id) || (client_id && !*client_id) || (token_file_path && !*token_file_path))
    return aml__fail(err, AML_ERR_INVALID_ARG, "%s: tenant_id, client_id and token_file_path are NULL or non-empty",
                     fn);
  aml_buf missing = AML_BUF_INIT;
  tenant_id = arg_or_env(tenant_id, "AZURE_TENANT_ID", &missing);
  client_id = arg_or_env(client_id, "AZURE_CLIENT_ID", &missing);
  token_file_path = arg_or_env(token_file_path, "AZURE_FEDERATED_TOKEN_FILE", &missing);
  if (missing.len) {
    aml_result rc = aml__fail(err, AML_ERR_CREDENTIAL_UNAVAILABLE,
                              "workload identity is not configured: %s not set (and not passed)", missing.ptr);
    aml__buf_free(&missing);
    return rc;
  }
  aml__buf_free(&missing);
  aml_credential_options o;
  aml_result rc = aml__credential_options_resolve(opts, &o, err);
  if (rc < 0) return rc;
  workload_cred *wi = aml__calloc(1, sizeof(*wi));
  if (!wi) return aml__fail(err, AML_ERR_NOMEM, "%s: out of memory", fn);
  wi->client_id = aml__strdup(client_id);
  wi->token_file = aml__strdup(token_file_path);
  if (!wi->client_id || !wi->token_file) rc = aml__fail(err, AML_ERR_NOMEM, "%s: out of memory", fn);
  if (rc == AML_OK) rc = aml__token_endpoint_init(&wi->endpoint, tenant_id, &o, err);
  if (rc < 0) {
    wi_destroy(wi);
    return rc;
  }
  static const aml_credential_vtable vt = {AML_CREDENTIAL_VTABLE_VERSION, wi_get_token, wi_destroy};
  return aml_credential_new(&vt, wi, out, err);
}
