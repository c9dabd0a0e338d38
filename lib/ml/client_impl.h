/* Internal side of aml_client, used by every operation in lib/ml. */
#ifndef AML_ML_CLIENT_IMPL_H
#define AML_ML_CLIENT_IMPL_H

#include <azureml/client.h>

#include "core/buf.h"
#include "core/sync.h"
#include "http/pipeline.h"

struct aml_client {
  aml_refcount refs;
  char *subscription_id;
  char *resource_group;
  char *workspace;
  char *api_version;
  char *arm_url; /* no trailing slash */
  int64_t poll_interval_ms;
  aml_pipeline pipeline; /* holds the transport and credential references */
  aml_mutex lock;        /* guards the cached workspace location and api host */
  char *workspace_location;
  char *workspace_api_host; /* the discovery document's "api" (workspace_api.c) */
};

/* {arm}/subscriptions/{sub}/resourceGroups/{rg}/providers/
 * Microsoft.MachineLearningServices/workspaces/{ws} — every part escaped. */
aml_result aml__client_workspace_path(const aml_client *c, aml_buf *out);

/* Workspace path + "/" + each segment (escaped), then ?api-version=...
 * segments may be NULL-terminated list; count given explicitly. */
aml_result aml__client_url(const aml_client *c, aml_buf *out, const char *const *segments, size_t count);

/* {arm}/subscriptions/{sub}/providers/Microsoft.MachineLearningServices/
 * + each segment (escaped) + ?api-version=... (location-level resources:
 * vmSizes, usages). */
aml_result aml__client_subscription_url(const aml_client *c, aml_buf *out, const char *const *segments, size_t count);

/* Send an ARM request (scope ARM, Accept JSON, JSON body when given);
 * statuses >= 400 become errors. *resp is always set to a response the caller
 * frees with aml_http_response_free() on success, NULL on failure. */
aml_result aml__client_send(aml_client *c, const char *method, const char *url, const char *json_body,
                            aml_http_response **resp, aml_error **err);

/* As aml__client_send, for a POST that is safe to repeat (a read-only action
 * such as listkeys): the retry policy may send it again. */
aml_result aml__client_send_idempotent(aml_client *c, const char *method, const char *url, const char *json_body,
                                       aml_http_response **resp, aml_error **err);

/* Same, but returns the response whatever its status (pollers read 4xx/5xx). */
aml_result aml__client_send_raw(aml_client *c, const char *method, const char *url, const char *json_body,
                                aml_http_response **resp, aml_error **err);

/* The workspace's location, read once per client and cached. *out is borrowed
 * from the client and stays valid for its lifetime. */
aml_result aml__client_workspace_location(aml_client *c, const char **out, aml_error **err);

#endif
