/* The HTTP pipeline: request id, user agent, bearer token, retry, logging,
 * transport — in that order, one file per policy. */
#ifndef AML_HTTP_PIPELINE_H
#define AML_HTTP_PIPELINE_H

#include <azureml/credential.h>
#include <azureml/pipeline.h>
#include <azureml/transport.h>

#include "core/error.h"
#include "http/message.h"

typedef struct aml_pipeline {
  aml_transport *transport;   /* reference held */
  aml_credential *credential; /* reference held; NULL = no bearer policy */
  aml_retry_options retry;
  aml_log_fn log_fn;
  void *log_user_data;
  int32_t log_level;
  aml_sleep_fn sleep_fn;
  void *sleep_user_data;
  char *user_agent;
} aml_pipeline;

typedef struct aml_pipeline_config {
  aml_transport *transport;   /* NULL = a new libcurl transport trusting ca_bundle */
  const char *ca_bundle;
  aml_credential *credential;
  const aml_retry_options *retry; /* NULL = defaults */
  aml_log_fn log_fn;
  void *log_user_data;
  int32_t log_level;
  aml_sleep_fn sleep_fn;
  void *sleep_user_data;
  const char *user_agent_suffix;
} aml_pipeline_config;

aml_result aml__pipeline_init(aml_pipeline *p, const aml_pipeline_config *cfg, aml_error **err);
void aml__pipeline_cleanup(aml_pipeline *p);

/* Run the policies. AML_OK means a response arrived (any status, after
 * retries); a negative code means none did. */
aml_result aml__pipeline_send(const aml_pipeline *p, aml_http_request *req, aml_http_response *resp,
                              aml_error **err);
/* As aml__pipeline_send, and a status >= 400 becomes an error built from the
 * response (aml__error_from_response). */
aml_result aml__pipeline_send_checked(const aml_pipeline *p, aml_http_request *req,
                                      aml_http_response *resp, aml_error **err);

/* Sleep through the configured hook. */
aml_result aml__pipeline_sleep(const aml_pipeline *p, int64_t ms);
bool aml__pipeline_logs(const aml_pipeline *p, int32_t level);
void aml__pipeline_log(const aml_pipeline *p, int32_t level, const char *fmt, ...) AML_PRINTF(3, 4);

/* ---- policy chain (internal to lib/http) ---- */
typedef struct aml_policy_ctx {
  const aml_pipeline *pipeline;
  aml_http_request *req;
  aml_http_response *resp;
  size_t next;     /* index of the policy to run next */
  int32_t attempt; /* 1-based try number, set by the retry policy */
} aml_policy_ctx;

aml_result aml__policy_next(aml_policy_ctx *ctx, aml_error **err);

aml_result aml__policy_request_id(aml_policy_ctx *ctx, aml_error **err);
aml_result aml__policy_user_agent(aml_policy_ctx *ctx, aml_error **err);
aml_result aml__policy_bearer(aml_policy_ctx *ctx, aml_error **err);
aml_result aml__policy_retry(aml_policy_ctx *ctx, aml_error **err);
aml_result aml__policy_per_try(aml_policy_ctx *ctx, aml_error **err);
aml_result aml__policy_logging(aml_policy_ctx *ctx, aml_error **err);
aml_result aml__policy_transport(aml_policy_ctx *ctx, aml_error **err);

/* Build the user-agent string: azsdk-c-azureml/<ver> (<os> <arch>)[ suffix]. */
char *aml__user_agent_build(const char *suffix);

/* Exposed for tests: the delay the retry policy would choose. `server_ms`
 * receives the delay the response asked for (-1 when it asked none). */
int64_t aml__retry_backoff_ms(const aml_retry_options *o, int32_t attempt);
int64_t aml__retry_after_ms(const aml_http_response *resp, int64_t now_unix_s);

#endif
