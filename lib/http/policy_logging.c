/* Policy 5: log each try (INFO: request and response lines; DEBUG: headers).
 * Bodies are never logged; header values outside the allow-list and query
 * values other than api-version print as REDACTED. */
#include "core/buf.h"
#include "core/clock.h"
#include "core/url.h"
#include "http/pipeline.h"
#include "http/redact.h"

static void log_headers(const aml_pipeline *p, const char *dir, const aml_kvlist *h) {
  aml_buf line = AML_BUF_INIT;
  for (size_t i = 0; i < h->count; i++) {
    const char *name = h->items[i].name, *value = h->items[i].value;
    aml__buf_clear(&line);
    aml__buf_printf(&line, "%s %s: ", dir, name);
    if (!aml__header_is_loggable(name))
      aml__buf_puts(&line, "REDACTED");
    else if (aml__header_is_url(name))
      aml__url_redact(&line, value);
    else
      aml__buf_puts(&line, value);
    aml__pipeline_log(p, AML_LOG_DEBUG, "%s", aml__buf_cstr(&line));
  }
  aml__buf_free(&line);
}

aml_result aml__policy_logging(aml_policy_ctx *ctx, aml_error **err) {
  const aml_pipeline *p = ctx->pipeline;
  if (!aml__pipeline_logs(p, AML_LOG_INFO)) return aml__policy_next(ctx, err);
  aml_buf url = AML_BUF_INIT;
  aml__url_redact(&url, ctx->req->url);
  aml__pipeline_log(p, AML_LOG_INFO, "--> %s %s (try %d)", ctx->req->method, aml__buf_cstr(&url), ctx->attempt);
  log_headers(p, ">", &ctx->req->headers);
  int64_t start = aml__monotonic_ms();
  aml_result rc = aml__policy_next(ctx, err);
  int64_t elapsed = aml__monotonic_ms() - start;
  if (rc == AML_OK) {
    aml__pipeline_log(p, AML_LOG_INFO, "<-- %d %s %s (%lld ms)", ctx->resp->status, ctx->req->method,
                      aml__buf_cstr(&url), (long long)elapsed);
    log_headers(p, "<", &ctx->resp->headers);
  } else {
    aml__pipeline_log(p, AML_LOG_WARNING, "<-- %s %s failed after %lld ms: %s", ctx->req->method,
                      aml__buf_cstr(&url), (long long)elapsed, aml_result_str(rc));
  }
  aml__buf_free(&url);
  return rc;
}
