/* ml_client.batch_deployments: PUT/GET/LIST/DELETE/PATCH on
 * {workspace}/batchEndpoints/{endpoint}/deployments (ARM-API.md §2.2). */
#include <azureml/batch_deployments.h>

#include "core/alloc.h"
#include "core/error.h"
#include "ml/entity_batch_deployment.h"
#include "ml/ops_common.h"

static aml_result parse_deployment(json_t *v, void **out, aml_error **err) {
  aml_batch_deployment *d = NULL;
  aml_result rc = aml__batch_deployment_from_json_value(v, &d, err);
  *out = d;
  return rc;
}

static void free_deployment(void *d) { aml_batch_deployment_free(d); }

static aml_result parse_deployment_text(const char *json, void **out, aml_error **err) {
  return aml__ops_parse_text(json, parse_deployment, out, err);
}

/* Both parts of a deployment's identity, or AML_ERR_INVALID_ARG naming the missing one. */
static aml_result require_names(const char *fn, const char *endpoint_name, const char *name, aml_error **err) {
  aml_result rc = aml__ops_require(endpoint_name, fn, "endpoint_name", err);
  return rc < 0 ? rc : aml__ops_require(name, fn, "name", err);
}

aml_result aml_batch_deployments_begin_create_or_update(aml_client *client, const aml_batch_deployment *dep,
                                                        aml_poller **out, aml_error **err) {
  static const char fn[] = "aml_batch_deployments_begin_create_or_update";
  if (!client || !dep || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client, deployment and out are required", fn);
  *out = NULL;
  aml_result rc = aml_batch_deployment_validate(dep, err);
  if (rc < 0) return rc;
  const char *location = dep->location;
  if (!location && (rc = aml__client_workspace_location(client, &location, err)) < 0) return rc;
  aml__arm_scope scope = {client->subscription_id, client->resource_group, client->workspace};
  char *body = NULL;
  if ((rc = aml__batch_deployment_put_body(dep, &scope, location, &body, err)) < 0) return rc;
  const char *seg[] = {"batchEndpoints", dep->endpoint_name, "deployments", dep->name};
  rc = aml__ops_begin(client, "PUT", seg, 4, body, "batch_deployments.begin_create_or_update",
                      AML_RESULT_BATCH_DEPLOYMENT, AML_FINAL_ORIGINAL_URI, out, err);
  aml__free(body);
  return rc;
}

aml_result aml_batch_deployments_get(aml_client *client, const char *endpoint_name, const char *name,
                                     aml_batch_deployment **out, aml_error **err) {
  static const char fn[] = "aml_batch_deployments_get";
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc = require_names(fn, endpoint_name, name, err);
  if (rc < 0) return rc;
  const char *seg[] = {"batchEndpoints", endpoint_name, "deployments", name};
  void *d = NULL;
  rc = aml__ops_get(client, seg, 4, parse_deployment, &d, err);
  *out = d;
  return rc;
}

aml_result aml_batch_deployments_list(aml_client *client, const char *endpoint_name, aml_pager **out, aml_error **err) {
  static const char fn[] = "aml_batch_deployments_list";
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc = aml__ops_require(endpoint_name, fn, "endpoint_name", err);
  if (rc < 0) return rc;
  const char *seg[] = {"batchEndpoints", endpoint_name, "deployments"};
  return aml__ops_list(client, seg, 3, AML_RESULT_BATCH_DEPLOYMENT, out, err);
}

aml_result aml_pager_next_batch_deployment(aml_pager *pager, aml_batch_deployment **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_pager_next_batch_deployment: out is required");
  void *d = NULL;
  aml_result rc = aml__ops_next(pager, AML_RESULT_BATCH_DEPLOYMENT, parse_deployment, &d, err);
  *out = d;
  return rc;
}

aml_result aml_batch_deployments_begin_delete(aml_client *client, const char *endpoint_name, const char *name,
                                              aml_poller **out, aml_error **err) {
  static const char fn[] = "aml_batch_deployments_begin_delete";
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc = require_names(fn, endpoint_name, name, err);
  if (rc < 0) return rc;
  const char *seg[] = {"batchEndpoints", endpoint_name, "deployments", name};
  return aml__ops_begin(client, "DELETE", seg, 4, NULL, "batch_deployments.begin_delete", AML_RESULT_NONE,
                        AML_FINAL_NONE, out, err);
}

aml_result aml_batch_deployments_begin_update(aml_client *client, const aml_batch_deployment *dep, aml_poller **out,
                                              aml_error **err) {
  static const char fn[] = "aml_batch_deployments_begin_update";
  if (!client || !dep || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client, deployment and out are required", fn);
  *out = NULL;
  aml_result rc = require_names(fn, dep->endpoint_name, dep->name, err);
  if (rc < 0) return rc;
  if (!dep->description && !dep->tags)
    return aml__fail(err, AML_ERR_VALIDATION, "%s: set description or tags (the only fields PATCH changes); "
                     "use aml_batch_deployments_begin_create_or_update for others", fn);
  char *body = NULL;
  if ((rc = aml__batch_deployment_patch_body(dep, &body, err)) < 0) return rc;
  const char *seg[] = {"batchEndpoints", dep->endpoint_name, "deployments", dep->name};
  rc = aml__ops_begin(client, "PATCH", seg, 4, body, "batch_deployments.begin_update", AML_RESULT_BATCH_DEPLOYMENT,
                      AML_FINAL_LOCATION, out, err);
  aml__free(body);
  return rc;
}

const aml_batch_deployment *aml_poller_batch_deployment(aml_poller *poller) {
  return aml__poller_typed(poller, AML_RESULT_BATCH_DEPLOYMENT, parse_deployment_text, free_deployment);
}
