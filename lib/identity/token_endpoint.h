/* The Entra ID v2.0 token endpoint, shared by every credential that posts a
 * form to {authority}/{tenant}/oauth2/v2.0/token. */
#ifndef AML_IDENTITY_TOKEN_ENDPOINT_H
#define AML_IDENTITY_TOKEN_ENDPOINT_H

#include <azureml/credential.h>

#include "core/buf.h"
#include "http/pipeline.h"

typedef struct aml_token_endpoint {
  char *url; /* {authority}/{tenant}/oauth2/v2.0/token */
  aml_pipeline pipeline;
} aml_token_endpoint;

aml_result aml__token_endpoint_init(aml_token_endpoint *te, const char *tenant_id,
                                    const aml_credential_options *opts, aml_error **err);
void aml__token_endpoint_cleanup(aml_token_endpoint *te);

/* Append "name=value" (form-encoded) to a form body, with '&' between pairs. */
aml_result aml__form_add(aml_buf *form, const char *name, const char *value);

/* POST the form; parse access_token and expires_in/expires_on. Failures are
 * AML_ERR_AUTH carrying the endpoint's error / error_description; `secret`
 * (nullable) is scrubbed from anything that could echo it. */
aml_result aml__token_endpoint_request(const aml_token_endpoint *te, const aml_buf *form, const char *secret,
                                       aml_access_token *out, aml_error **err);

/* The client-credentials grant with a client assertion (a certificate's
 * signed JWT, or a federated token) for `scope`; the assertion is scrubbed
 * from any error and wiped from the request body afterwards. */
aml_result aml__token_endpoint_assertion_request(const aml_token_endpoint *te, const char *client_id,
                                                 const char *assertion, const char *scope, aml_access_token *out,
                                                 aml_error **err);

/* Options validation and defaults shared by credentials: any version from 1
 * on is read (fields a caller's version lacks get their defaults). The
 * authority host is opts->authority_host, else AZURE_AUTHORITY_HOST (as
 * azure-identity reads it), else the public cloud's. */
aml_result aml__credential_options_resolve(const aml_credential_options *in, aml_credential_options *out,
                                           aml_error **err);

#endif
