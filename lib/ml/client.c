/* aml_client: the workspace-bound entry point (azure-ai-ml's MLClient). */
#include "ml/client_impl.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/str.h"
#include "core/url.h"

#include <string.h>

aml_result aml_client_options_init(aml_client_options *opts, uint32_t version) {
  if (!opts) return AML_ERR_INVALID_ARG;
  if (version != AML_CLIENT_OPTIONS_VERSION) return AML_ERR_VERSION;
  memset(opts, 0, sizeof(*opts));
  opts->version = version;
  aml_retry_options_init(&opts->retry, AML_RETRY_OPTIONS_VERSION);
  opts->log_level = AML_LOG_INFO;
  opts->poll_interval_ms = 5000;
  return AML_OK;
}

static void client_free(aml_client *c) {
  aml__free(c->subscription_id);
  aml__free(c->resource_group);
  aml__free(c->workspace);
  aml__free(c->api_version);
  aml__free(c->arm_url);
  aml__free(c->workspace_location);
  aml__free(c->workspace_api_host);
  aml__pipeline_cleanup(&c->pipeline);
  aml__free(c);
}

static char *trimmed_url(const char *url) {
  size_t n = strlen(url);
  while (n && url[n - 1] == '/') n--;
  return aml__strndup(url, n);
}

aml_result aml_client_new(aml_credential *cred, const char *subscription_id, const char *resource_group,
                          const char *workspace, const aml_client_options *opts, aml_client **out,
                          aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_client_new: out is required");
  *out = NULL;
  if (!cred) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_client_new: a credential is required");
  if (aml__str_empty(subscription_id) || aml__str_empty(resource_group) || aml__str_empty(workspace))
    return aml__fail(err, AML_ERR_INVALID_ARG,
                     "aml_client_new: subscription_id, resource_group and workspace must be non-empty");
  aml_client_options defaults;
  if (!opts) {
    aml_client_options_init(&defaults, AML_CLIENT_OPTIONS_VERSION);
    opts = &defaults;
  } else if (opts->version != AML_CLIENT_OPTIONS_VERSION) {
    return aml__fail(err, AML_ERR_VERSION, "aml_client_new: unknown aml_client_options version %u", opts->version);
  }
  const char *arm = opts->resource_manager_url ? opts->resource_manager_url : AML_DEFAULT_RESOURCE_MANAGER_URL;
  if (!aml__url_is_http(arm))
    return aml__fail(err, AML_ERR_INVALID_ARG, "aml_client_new: resource_manager_url must be an http(s) URL");
  if (opts->api_version && aml__str_empty(opts->api_version))
    return aml__fail(err, AML_ERR_INVALID_ARG, "aml_client_new: api_version must not be empty");
  if (opts->poll_interval_ms < 0)
    return aml__fail(err, AML_ERR_INVALID_ARG, "aml_client_new: poll_interval_ms must not be negative");

  aml_client *c = aml__calloc(1, sizeof(*c));
  if (!c) return aml__fail(err, AML_ERR_NOMEM, "out of memory creating a client");
  if (!aml__mutex_init(&c->lock)) {
    aml__free(c);
    return aml__fail(err, AML_ERR_INTERNAL, "could not create a mutex");
  }
  aml__ref_init(&c->refs);
  c->subscription_id = aml__strdup(subscription_id);
  c->resource_group = aml__strdup(resource_group);
  c->workspace = aml__strdup(workspace);
  c->api_version = aml__strdup(opts->api_version ? opts->api_version : AML_DEFAULT_API_VERSION);
  c->arm_url = trimmed_url(arm);
  c->poll_interval_ms = opts->poll_interval_ms;
  if (!c->subscription_id || !c->resource_group || !c->workspace || !c->api_version || !c->arm_url) {
    aml__mutex_destroy(&c->lock);
    client_free(c);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory creating a client");
  }

  aml_pipeline_config cfg = {0};
  cfg.transport = opts->transport;
  cfg.ca_bundle = opts->ca_bundle;
  cfg.credential = cred;
  cfg.retry = &opts->retry;
  cfg.log_fn = opts->log_fn;
  cfg.log_user_data = opts->log_user_data;
  cfg.log_level = opts->log_level;
  cfg.sleep_fn = opts->sleep_fn;
  cfg.sleep_user_data = opts->sleep_user_data;
  cfg.user_agent_suffix = opts->user_agent_suffix;
  aml_result rc = aml__pipeline_init(&c->pipeline, &cfg, err);
  if (rc < 0) {
    aml__mutex_destroy(&c->lock);
    client_free(c);
    return rc;
  }
  *out = c;
  return AML_OK;
}

aml_client *aml_client_ref(aml_client *c) {
  if (c) aml__ref_inc(&c->refs);
  return c;
}

void aml_client_unref(aml_client *c) {
  if (!c || !aml__ref_dec(&c->refs)) return;
  aml__mutex_destroy(&c->lock);
  client_free(c);
}

const char *aml_client_subscription_id(const aml_client *c) { return c ? c->subscription_id : NULL; }
const char *aml_client_resource_group(const aml_client *c) { return c ? c->resource_group : NULL; }
const char *aml_client_workspace_name(const aml_client *c) { return c ? c->workspace : NULL; }
const char *aml_client_api_version(const aml_client *c) { return c ? c->api_version : NULL; }
const char *aml_client_resource_manager_url(const aml_client *c) { return c ? c->arm_url : NULL; }

aml_result aml__client_workspace_path(const aml_client *c, aml_buf *out) {
  if (aml__buf_puts(out, c->arm_url) || aml__buf_puts(out, "/subscriptions/") ||
      aml__url_escape(out, c->subscription_id) || aml__buf_puts(out, "/resourceGroups/") ||
      aml__url_escape(out, c->resource_group) ||
      aml__buf_puts(out, "/providers/Microsoft.MachineLearningServices/workspaces/") ||
      aml__url_escape(out, c->workspace))
    return AML_ERR_NOMEM;
  return AML_OK;
}

aml_result aml__client_url(const aml_client *c, aml_buf *out, const char *const *segments, size_t count) {
  if (aml__client_workspace_path(c, out)) return AML_ERR_NOMEM;
  for (size_t i = 0; i < count; i++)
    if (aml__buf_putc(out, '/') || aml__url_escape(out, segments[i])) return AML_ERR_NOMEM;
  return aml__url_add_query(out, "api-version", c->api_version);
}

aml_result aml__client_subscription_url(const aml_client *c, aml_buf *out, const char *const *segments, size_t count) {
  if (aml__buf_puts(out, c->arm_url) || aml__buf_puts(out, "/subscriptions/") ||
      aml__url_escape(out, c->subscription_id) || aml__buf_puts(out, "/providers/Microsoft.MachineLearningServices"))
    return AML_ERR_NOMEM;
  for (size_t i = 0; i < count; i++)
    if (aml__buf_putc(out, '/') || aml__url_escape(out, segments[i])) return AML_ERR_NOMEM;
  return aml__url_add_query(out, "api-version", c->api_version);
}

static aml_result build_request(const char *method, const char *url, const char *json_body, aml_http_request **out) {
  aml_http_request *req = NULL;
  aml_result rc = aml__http_request_new(method, url, &req);
  if (rc == AML_OK) rc = aml__http_request_set_header(req, "Accept", "application/json");
  if (rc == AML_OK && json_body) rc = aml__http_request_set_header(req, "Content-Type", "application/json");
  if (rc == AML_OK && json_body) rc = aml__http_request_set_body(req, json_body, strlen(json_body));
  if (rc != AML_OK) {
    aml__http_request_free(req);
    return AML_ERR_NOMEM;
  }
  req->scope = AML_SCOPE_ARM;
  *out = req;
  return AML_OK;
}

static aml_result send_common(aml_client *c, const char *method, const char *url, const char *json_body,
                              bool checked, bool idempotent, aml_http_response **resp, aml_error **err) {
  *resp = NULL;
  aml_http_request *req = NULL;
  aml_http_response *r = NULL;
  if (build_request(method, url, json_body, &req) != AML_OK || aml__http_response_new(&r) != AML_OK) {
    aml__http_request_free(req);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory building a request");
  }
  req->retry_post = idempotent;
  aml_result rc = checked ? aml__pipeline_send_checked(&c->pipeline, req, r, err)
                          : aml__pipeline_send(&c->pipeline, req, r, err);
  aml__http_request_free(req);
  if (rc < 0) {
    aml_http_response_free(r);
    return rc;
  }
  *resp = r;
  return AML_OK;
}

aml_result aml__client_send(aml_client *c, const char *method, const char *url, const char *json_body,
                            aml_http_response **resp, aml_error **err) {
  return send_common(c, method, url, json_body, true, false, resp, err);
}

aml_result aml__client_send_idempotent(aml_client *c, const char *method, const char *url, const char *json_body,
                                       aml_http_response **resp, aml_error **err) {
  return send_common(c, method, url, json_body, true, true, resp, err);
}

aml_result aml__client_send_raw(aml_client *c, const char *method, const char *url, const char *json_body,
                                aml_http_response **resp, aml_error **err) {
  return send_common(c, method, url, json_body, false, false, resp, err);
}
