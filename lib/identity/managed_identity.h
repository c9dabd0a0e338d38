/* Internal pieces of the managed identity credential that live in their own
 * files: the Azure Arc challenge file and the token response. */
#ifndef AML_IDENTITY_MANAGED_IDENTITY_H
#define AML_IDENTITY_MANAGED_IDENTITY_H

#include <azureml/credential.h>

#include "core/buf.h"
#include "http/message.h"

/* Largest challenge file Azure Arc writes (the limit azure-identity enforces). */
#define AML_ARC_KEY_MAX 4096

/* From a 401's `WWW-Authenticate: Basic realm=<path>`, read the challenge
 * file into *key (a secret: wipe it). The path must name a regular `.key`
 * file directly inside `key_dir`, of at most AML_ARC_KEY_MAX bytes; symbolic
 * links are not followed. Failures are AML_ERR_AUTH with a message naming
 * the rule that was broken (never the file's contents). */
aml_result aml__arc_read_challenge(const aml_http_response *resp, const char *key_dir, aml_buf *key,
                                   aml_error **err);

/* Parse a managed identity token response: access_token, and expires_on
 * (Unix seconds, a number or a numeric string) or else expires_in counted
 * from sent_at. `where` names the endpoint in messages. */
aml_result aml__mi_parse_token(const aml_http_response *resp, int64_t sent_at, const char *where,
                               aml_access_token *out, aml_error **err);

#endif
