/* Policy 4: retry on 408/429/500/502/503/504 and connection failures, with
 * exponential backoff and jitter, honouring the server's retry-after headers.
 * A POST that reached the server is not repeated (it could run twice) unless
 * the operation made it safe with a repeatability id (req->retry_post). */
#include "core/clock.h"
#include "core/str.h"
#include "core/url.h"
#include "http/pipeline.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool status_retriable(int32_t s) {
  return s == 408 || s == 429 || s == 500 || s == 502 || s == 503 || s == 504;
}

int64_t aml__retry_backoff_ms(const aml_retry_options *o, int32_t attempt) {
  double d = (double)o->base_delay_ms * ldexp(1.0, attempt - 1);
  if (d > (double)o->max_delay_ms) d = (double)o->max_delay_ms;
  d *= 0.8 + 0.4 * aml__random_unit(); /* jitter spreads synchronized clients */
  if (d > (double)o->max_delay_ms) d = (double)o->max_delay_ms;
  return (int64_t)d;
}

/* Every server-given wait ends up in [0, AML_RETRY_AFTER_MAX_MS]: a
 * year-3000 date or a 20-digit number must neither overflow nor sleep for
 * centuries. Values are clamped while still in seconds/doubles, before any
 * multiplication can overflow. */
static int64_t clamp_ms(double ms) {
  if (!(ms > 0)) return 0;
  if (ms >= (double)AML_RETRY_AFTER_MAX_MS) return AML_RETRY_AFTER_MAX_MS;
  return (int64_t)ceil(ms);
}

/* A non-negative decimal number (fractions allowed for the ms headers). */
static bool parse_number(const char *v, bool fraction_ok, double *out) {
  if (!v || !*v) return false;
  const char *p = v;
  bool digits = false;
  while (*p >= '0' && *p <= '9') { p++; digits = true; }
  if (fraction_ok && *p == '.') {
    p++;
    while (*p >= '0' && *p <= '9') { p++; digits = true; }
  }
  if (!digits || *p) return false;
  *out = strtod(v, NULL); /* overflow gives HUGE_VAL: clamped by the caller */
  return true;
}

int64_t aml__retry_after_ms(const aml_http_response *resp, int64_t now_unix_s) {
  double n;
  if (parse_number(aml__kvlist_get(&resp->headers, "retry-after-ms"), true, &n)) return clamp_ms(n);
  if (parse_number(aml__kvlist_get(&resp->headers, "x-ms-retry-after-ms"), true, &n)) return clamp_ms(n);
  const char *ra = aml__kvlist_get(&resp->headers, "Retry-After");
  if (!ra) return -1;
  if (parse_number(ra, false, &n)) return clamp_ms(n * 1000.0);
  int64_t when;
  if (!aml__parse_http_date(ra, &when)) return -1;
  if (when <= now_unix_s) return 0;
  int64_t secs = when - now_unix_s; /* both are sane epoch seconds: no overflow */
  return secs >= AML_RETRY_AFTER_MAX_MS / 1000 ? AML_RETRY_AFTER_MAX_MS : secs * 1000;
}

static bool is_post(const aml_http_request *req) { return aml__strcasecmp(req->method, "POST") == 0; }

aml_result aml__policy_retry(aml_policy_ctx *ctx, aml_error **err) {
  const aml_pipeline *p = ctx->pipeline;
  const size_t resume_at = ctx->next;
  const int32_t max_tries = p->retry.max_retries + 1;
  for (int32_t attempt = 1;; attempt++) {
    aml_error *try_err = NULL;
    ctx->attempt = attempt;
    ctx->next = resume_at;
    aml_result rc = aml__policy_next(ctx, &try_err);

    bool retry;
    int64_t delay = -1;
    char reason[64];
    if (rc == AML_OK) {
      bool (*retriable)(int32_t) = ctx->req->retry_status ? ctx->req->retry_status : status_retriable;
      retry = retriable(ctx->resp->status) && (!is_post(ctx->req) || ctx->req->retry_post);
      snprintf(reason, sizeof(reason), "HTTP %d", ctx->resp->status);
      /* The server's wait is honoured even above max_delay_ms (which caps
       * only the computed backoff), clamped to AML_RETRY_AFTER_MAX_MS. */
      if (retry) delay = aml__retry_after_ms(ctx->resp, aml__now_unix_s());
    } else {
      /* CONNECT: nothing reached the server, any method is safe to repeat. */
      retry = rc == AML_ERR_CONNECT ||
              ((rc == AML_ERR_TRANSPORT || rc == AML_ERR_TIMEOUT) && (!is_post(ctx->req) || ctx->req->retry_post));
      snprintf(reason, sizeof(reason), "%s", aml_result_str(rc));
    }
    if (!retry || attempt >= max_tries || rc == AML_ERR_NOMEM) {
      aml__error_propagate(err, try_err);
      return rc;
    }
    aml_error_free(try_err);
    if (delay < 0) delay = aml__retry_backoff_ms(&p->retry, attempt);
    if (aml__pipeline_logs(p, AML_LOG_WARNING)) {
      aml_buf url = AML_BUF_INIT;
      aml__url_redact(&url, ctx->req->url);
      aml__pipeline_log(p, AML_LOG_WARNING, "retry %d of %d for %s %s after %s, in %lld ms", attempt,
                        p->retry.max_retries, ctx->req->method, aml__buf_cstr(&url), reason, (long long)delay);
      aml__buf_free(&url);
    }
    aml_result slept = aml__pipeline_sleep(p, delay);
    if (slept < 0) return aml__fail(err, slept, "retry abandoned: the sleep hook returned %s", aml_result_str(slept));
  }
}
