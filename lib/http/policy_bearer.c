/* Policy 3: attach "Authorization: Bearer <token>" for the request's scope.
 * Tokens never travel over plain http except to a loopback host (a local
 * emulator). A 401 makes the policy drop the cached token and, when the
 * credential then yields a different token, send once more (the token may
 * have been revoked before its expiry). */
#include "core/buf.h"
#include "core/secure.h"
#include "core/str.h"
#include "core/url.h"
#include "http/pipeline.h"
#include "identity/credential_impl.h"

#include <string.h>

static bool host_is_loopback(const char *url) {
  const char *h = strstr(url, "://");
  if (!h) return false;
  h += 3;
  if (aml__str_starts_with_ci(h, "localhost") && (h[9] == ':' || h[9] == '/' || h[9] == '\0')) return true;
  return aml__str_starts_with(h, "127.") || aml__str_starts_with(h, "[::1]");
}

/* Sets the header; *value_out (optional) receives a copy of the token to compare later. */
static aml_result attach(aml_policy_ctx *ctx, aml_buf *header, aml_error **err) {
  aml_access_token *tok = NULL;
  aml_result rc = aml_credential_get_token(ctx->pipeline->credential, ctx->req->scope, &tok, err);
  if (rc < 0) return rc;
  aml__buf_clear(header);
  rc = aml__buf_puts(header, "Bearer ");
  if (rc == AML_OK) rc = aml__buf_puts(header, aml_access_token_value(tok));
  aml_access_token_free(tok);
  if (rc == AML_OK) rc = aml__kvlist_set(&ctx->req->headers, "Authorization", aml__buf_cstr(header));
  if (rc != AML_OK) return aml__fail(err, AML_ERR_NOMEM, "out of memory setting the Authorization header");
  return AML_OK;
}

aml_result aml__policy_bearer(aml_policy_ctx *ctx, aml_error **err) {
  if (!ctx->req->scope || !ctx->pipeline->credential) return aml__policy_next(ctx, err);
  if (!aml__url_is_https(ctx->req->url) && !host_is_loopback(ctx->req->url))
    return aml__fail(err, AML_ERR_CONFIG,
                     "refusing to send a bearer token over plain http to a non-loopback host; use https");
  aml_buf first = AML_BUF_INIT, second = AML_BUF_INIT;
  aml_result rc = attach(ctx, &first, err);
  if (rc < 0) goto done;
  size_t resume_at = ctx->next;
  rc = aml__policy_next(ctx, err);
  if (rc == AML_OK && ctx->resp->status == 401) {
    aml__credential_invalidate(ctx->pipeline->credential, ctx->req->scope);
    if ((rc = attach(ctx, &second, err)) < 0) goto done;
    if (strcmp(aml__buf_cstr(&first), aml__buf_cstr(&second)) != 0) {
      aml__pipeline_log(ctx->pipeline, AML_LOG_WARNING,
                        "401 received; sending once more with a refreshed token");
      ctx->next = resume_at;
      rc = aml__policy_next(ctx, err);
    }
  }
done:
  aml__buf_free_secret(&first);
  aml__buf_free_secret(&second);
  return rc;
}
