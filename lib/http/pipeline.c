/* The pipeline object and the policy chain driver. */
#include "http/pipeline.h"

#include "core/alloc.h"
#include "core/clock.h"
#include "core/str.h"
#include "http/service_error.h"

#include <stdarg.h>
#include <stdio.h>

typedef aml_result (*policy_fn)(aml_policy_ctx *ctx, aml_error **err);

/* The order is the contract documented in azureml/pipeline.h. */
static const policy_fn k_policies[] = {
    aml__policy_request_id, aml__policy_user_agent, aml__policy_bearer,
    aml__policy_retry,      aml__policy_per_try,    aml__policy_logging,
    aml__policy_transport,
};

aml_result aml__policy_next(aml_policy_ctx *ctx, aml_error **err) {
  if (ctx->next >= sizeof(k_policies) / sizeof(k_policies[0]))
    return aml__fail(err, AML_ERR_INTERNAL, "pipeline ran past its last policy");
  policy_fn fn = k_policies[ctx->next++];
  return fn(ctx, err);
}

aml_result aml__pipeline_init(aml_pipeline *p, const aml_pipeline_config *cfg, aml_error **err) {
  *p = (aml_pipeline){0};
  if (cfg->retry) {
    if (cfg->retry->version != AML_RETRY_OPTIONS_VERSION)
      return aml__fail(err, AML_ERR_VERSION, "unknown aml_retry_options version %u", cfg->retry->version);
    if (cfg->retry->max_retries < 0 || cfg->retry->base_delay_ms < 0 || cfg->retry->max_delay_ms < 0)
      return aml__fail(err, AML_ERR_INVALID_ARG, "retry options must not be negative");
    p->retry = *cfg->retry;
  } else {
    aml_retry_options_init(&p->retry, AML_RETRY_OPTIONS_VERSION);
  }
  p->user_agent = aml__user_agent_build(cfg->user_agent_suffix);
  if (!p->user_agent) return aml__fail(err, AML_ERR_NOMEM, "out of memory building the user agent");
  if (cfg->transport) {
    p->transport = aml_transport_ref(cfg->transport);
  } else {
    aml_curl_transport_options co;
    aml_curl_transport_options_init(&co, AML_CURL_TRANSPORT_OPTIONS_VERSION);
    co.ca_bundle = cfg->ca_bundle;
    aml_result rc = aml_curl_transport_new(&co, &p->transport, err);
    if (rc < 0) {
      aml__pipeline_cleanup(p);
      return rc;
    }
  }
  p->credential = aml_credential_ref(cfg->credential);
  p->log_fn = cfg->log_fn;
  p->log_user_data = cfg->log_user_data;
  p->log_level = cfg->log_level;
  p->sleep_fn = cfg->sleep_fn;
  p->sleep_user_data = cfg->sleep_user_data;
  return AML_OK;
}

void aml__pipeline_cleanup(aml_pipeline *p) {
  aml_transport_unref(p->transport);
  aml_credential_unref(p->credential);
  aml__free(p->user_agent);
  *p = (aml_pipeline){0};
}

aml_result aml__pipeline_send(const aml_pipeline *p, aml_http_request *req, aml_http_response *resp,
                              aml_error **err) {
  aml_policy_ctx ctx = {p, req, resp, 0, 0};
  aml_error *local = NULL;
  aml_result rc = aml__policy_next(&ctx, &local);
  if (rc < 0) {
    if (local) aml__pipeline_log(p, AML_LOG_ERROR, "%s", aml_error_message(local));
    aml__error_propagate(err, local);
  } else {
    aml_error_free(local);
  }
  return rc;
}

aml_result aml__pipeline_send_checked(const aml_pipeline *p, aml_http_request *req,
                                      aml_http_response *resp, aml_error **err) {
  aml_result rc = aml__pipeline_send(p, req, resp, err);
  if (rc < 0) return rc;
  if (resp->status >= 400) {
    aml_error *e = NULL;
    rc = aml__error_from_response(req, resp, &e);
    if (e) aml__pipeline_log(p, AML_LOG_ERROR, "%s", aml_error_message(e));
    aml__error_propagate(err, e);
    return rc;
  }
  return AML_OK;
}

aml_result aml__pipeline_sleep(const aml_pipeline *p, int64_t ms) {
  if (ms < 0) ms = 0;
  if (p->sleep_fn) {
    aml_result rc = p->sleep_fn(ms, p->sleep_user_data);
    return rc < 0 ? rc : AML_OK;
  }
  aml__sleep_ms(ms);
  return AML_OK;
}

bool aml__pipeline_logs(const aml_pipeline *p, int32_t level) {
  return p->log_fn && level > AML_LOG_NONE && level <= p->log_level;
}

void aml__pipeline_log(const aml_pipeline *p, int32_t level, const char *fmt, ...) {
  if (!aml__pipeline_logs(p, level)) return;
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof(line), fmt, ap);
  va_end(ap);
  aml__str_neutralize_controls(line); /* one line: a server must not forge log lines */
  p->log_fn(level, line, p->log_user_data);
}

aml_result aml_retry_options_init(aml_retry_options *opts, uint32_t version) {
  if (!opts) return AML_ERR_INVALID_ARG;
  if (version != AML_RETRY_OPTIONS_VERSION) return AML_ERR_VERSION;
  opts->version = version;
  opts->max_retries = 3;
  opts->base_delay_ms = 800;
  opts->max_delay_ms = 60000;
  return AML_OK;
}
