/* The workspace a client is bound to: GET {workspace} and the cached location
 * that creating tracked resources without a location needs. */
#include <azureml/workspace.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "ml/client_impl.h"

#include <string.h>

/* The struct and its strings live in one block, so aml_workspace_free never
 * touches a pointer a caller may have put into a field. */
static aml_result workspace_from_json(json_t *root, aml_workspace **out, aml_error **err) {
  const char *fields[8] = {
      aml__json_path_str(root, "id"),
      aml__json_path_str(root, "name"),
      aml__json_path_str(root, "location"),
      aml__json_path_str(root, "properties.discoveryUrl"),
      aml__json_path_str(root, "properties.description"),
      aml__json_path_str(root, "properties.friendlyName"),
      aml__json_path_str(root, "properties.provisioningState"),
      aml__json_path_str(root, "properties.workspaceId"),
  };
  if (!fields[1] || !fields[2])
    return aml__fail(err, AML_ERR_PARSE, "workspace response lacks %s", fields[1] ? "location" : "name");
  size_t size = sizeof(aml_workspace);
  for (size_t i = 0; i < 8; i++)
    if (fields[i]) size += strlen(fields[i]) + 1;
  aml_workspace *ws = aml__calloc(1, size);
  if (!ws) return aml__fail(err, AML_ERR_NOMEM, "out of memory reading a workspace");
  char *p = (char *)(ws + 1);
  const char **slots[8] = {&ws->id, &ws->name, &ws->location, &ws->discovery_url, &ws->description,
                           &ws->friendly_name, &ws->provisioning_state, &ws->workspace_id};
  for (size_t i = 0; i < 8; i++) {
    if (!fields[i]) continue;
    size_t n = strlen(fields[i]) + 1;
    memcpy(p, fields[i], n);
    *slots[i] = p;
    p += n;
  }
  ws->version = AML_WORKSPACE_VERSION;
  *out = ws;
  return AML_OK;
}

aml_result aml_workspaces_get(aml_client *client, aml_workspace **out, aml_error **err) {
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_workspaces_get: client and out are required");
  *out = NULL;
  aml_buf url = AML_BUF_INIT;
  if (aml__client_url(client, &url, NULL, 0) != AML_OK) {
    aml__buf_free(&url);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory building a URL");
  }
  aml_http_response *resp = NULL;
  aml_result rc = aml__client_send(client, "GET", url.ptr, NULL, &resp, err);
  aml__buf_free(&url);
  if (rc < 0) return rc;
  json_t *root = NULL;
  rc = aml__json_parse(resp->body.ptr, resp->body.len, &root, err);
  if (rc == AML_OK) {
    rc = json_is_object(root) ? workspace_from_json(root, out, err)
                              : aml__fail(err, AML_ERR_PARSE, "workspace response is not a JSON object");
  }
  json_decref(root);
  aml_http_response_free(resp);
  if (rc == AML_OK) {
    /* Cache the location as a side effect: later creates need it. */
    aml__mutex_lock(&client->lock);
    if (!client->workspace_location) client->workspace_location = aml__strdup((*out)->location);
    aml__mutex_unlock(&client->lock);
  }
  return rc;
}

void aml_workspace_free(aml_workspace *ws) { aml__free(ws); }

aml_result aml__client_workspace_location(aml_client *c, const char **out, aml_error **err) {
  aml__mutex_lock(&c->lock);
  const char *loc = c->workspace_location;
  aml__mutex_unlock(&c->lock);
  if (!loc) {
    aml_workspace *ws = NULL;
    aml_result rc = aml_workspaces_get(c, &ws, err);
    aml_workspace_free(ws);
    if (rc < 0) return rc;
    aml__mutex_lock(&c->lock);
    loc = c->workspace_location;
    aml__mutex_unlock(&c->lock);
    if (!loc) return aml__fail(err, AML_ERR_NOMEM, "out of memory caching the workspace location");
  }
  /* Set once and never freed before the client: safe to hand out. */
  *out = loc;
  return AML_OK;
}
