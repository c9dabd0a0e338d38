/* The workspace's `api` host: where run history and the batch job lists live
 * (ARM-API.md §5.4, DATA-API.md §5.5). Read once per client: every job list,
 * run-history read and job poll would otherwise cost two more requests. */
#include "ml/workspace_api.h"

#include <azureml/workspace.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "core/str.h"
#include "core/url.h"
#include "http/message.h"

#include <stdbool.h>
#include <string.h>

static aml_result get_discovery(aml_client *c, const char *url, aml_http_response **resp, aml_error **err) {
  aml_http_request *req = NULL;
  *resp = NULL;
  if (aml__http_request_new("GET", url, &req) != AML_OK ||
      aml__http_request_set_header(req, "Accept", "application/json") != AML_OK ||
      aml__http_response_new(resp) != AML_OK) {
    aml__http_request_free(req);
    aml_http_response_free(*resp);
    *resp = NULL;
    return aml__fail(err, AML_ERR_NOMEM, "out of memory building a request");
  }
  req->scope = NULL; /* a public document: no token leaves for a host the service named */
  aml_result rc = aml__pipeline_send_checked(&c->pipeline, req, *resp, err);
  aml__http_request_free(req);
  if (rc < 0) {
    aml_http_response_free(*resp);
    *resp = NULL;
  }
  return rc;
}

static aml_result cached_copy(aml_client *c, char **out, aml_error **err) {
  aml__mutex_lock(&c->lock);
  *out = c->workspace_api_host ? aml__strdup(c->workspace_api_host) : NULL;
  bool cached = c->workspace_api_host != NULL;
  aml__mutex_unlock(&c->lock);
  if (cached && !*out) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  return AML_OK;
}

static aml_result read_api_host(aml_client *c, char **out, aml_error **err);

aml_result aml__workspace_api_host(aml_client *c, char **out, aml_error **err) {
  aml_result rc = cached_copy(c, out, err);
  if (rc < 0 || *out) return rc;
  if ((rc = read_api_host(c, out, err)) < 0) return rc;
  /* First reader wins; a concurrent second read found the same document. */
  aml__mutex_lock(&c->lock);
  if (!c->workspace_api_host) c->workspace_api_host = aml__strdup(*out);
  aml__mutex_unlock(&c->lock);
  return AML_OK;
}

static aml_result read_api_host(aml_client *c, char **out, aml_error **err) {
  *out = NULL;
  aml_workspace *ws = NULL;
  aml_result rc = aml_workspaces_get(c, &ws, err);
  if (rc < 0) return rc;
  if (aml__str_empty(ws->discovery_url)) {
    aml_workspace_free(ws);
    return aml__fail(err, AML_ERR_PARSE, "workspace %s has no discoveryUrl", c->workspace);
  }
  aml_http_response *resp = NULL;
  rc = get_discovery(c, ws->discovery_url, &resp, err);
  aml_workspace_free(ws);
  if (rc < 0) return rc;
  json_t *root = NULL;
  rc = aml__json_parse(resp->body.ptr, resp->body.len, &root, err);
  aml_http_response_free(resp);
  if (rc < 0) return rc;
  const char *api = json_string_value(json_object_get(root, "api"));
  if (aml__str_empty(api) || !(aml__url_is_https(api) || aml__url_is_http(api)))
    rc = aml__fail(err, AML_ERR_PARSE, "the workspace discovery document has no http(s) \"api\" URL");
  else if (!(*out = aml__strdup(api)))
    rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
  else {
    size_t n = strlen(*out);
    while (n > 0 && (*out)[n - 1] == '/') (*out)[--n] = '\0';
  }
  json_decref(root);
  return rc;
}

aml_result aml__workspace_api_url(const aml_client *c, const char *api_host, const char *prefix,
                                  const char *const *segments, size_t n, const char *api_version, char **out,
                                  aml_error **err) {
  aml_buf b = AML_BUF_INIT;
  bool bad = aml__buf_puts(&b, api_host) || aml__buf_puts(&b, prefix) || aml__buf_puts(&b, "/subscriptions/") ||
             aml__url_escape(&b, c->subscription_id) || aml__buf_puts(&b, "/resourceGroups/") ||
             aml__url_escape(&b, c->resource_group) ||
             aml__buf_puts(&b, "/providers/Microsoft.MachineLearningServices/workspaces/") ||
             aml__url_escape(&b, c->workspace);
  for (size_t i = 0; !bad && i < n; i++) bad = aml__buf_putc(&b, '/') || aml__url_escape(&b, segments[i]);
  if (!bad && api_version) bad = aml__url_add_query(&b, "api-version", api_version) != AML_OK;
  if (bad) {
    aml__buf_free(&b);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory building a URL");
  }
  *out = aml__buf_detach(&b);
  return AML_OK;
}
