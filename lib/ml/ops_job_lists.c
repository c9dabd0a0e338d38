/* The jobs of a batch endpoint and of one of its deployments: the
 * management front end's lists on the workspace's `api` host (ARM-API.md
 * §5.4), as azure-ai-ml's batch_endpoints.list_jobs and
 * batch_deployments.list_jobs read them. */
#include <azureml/jobs.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "core/str.h"
#include "ml/ops_common.h"
#include "ml/validate.h"
#include "ml/workspace_api.h"

#include <string.h>

#define MFE_PREFIX "/mferp/managementfrontend"
#define MFE_API_VERSION "2020-09-01-dataplanepreview"

aml_result aml_job_list_options_init(aml_job_list_options *opts, uint32_t version) {
  if (!opts) return AML_ERR_INVALID_ARG;
  if (version != AML_JOB_LIST_OPTIONS_VERSION) return AML_ERR_VERSION;
  memset(opts, 0, sizeof(*opts));
  opts->version = version;
  return AML_OK;
}

/* The status filter: the service lists every job, whatever its status. */
static bool status_matches(json_t *item, void *ctx) {
  const char *status = json_string_value(json_object_get(json_object_get(item, "properties"), "status"));
  return status && aml__strcasecmp(status, ctx) == 0;
}

static aml_result list_jobs(aml_client *client, const char *fn, const char *endpoint_name, bool per_deployment,
                            const char *deployment_name, const aml_job_list_options *opts, aml_pager **out,
                            aml_error **err) {
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc = aml__ops_require(endpoint_name, fn, "endpoint_name", err);
  if (rc == AML_OK && per_deployment) rc = aml__ops_require(deployment_name, fn, "deployment_name", err);
  if (rc < 0) return rc;
  if (opts && opts->version != AML_JOB_LIST_OPTIONS_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "%s: unknown aml_job_list_options version %u", fn, opts->version);
  const char *status = opts && !aml__str_empty(opts->status) ? opts->status : NULL;
  char *filter = NULL;
  if (status && !(filter = aml__strdup(status))) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  const char *seg[] = {"batchEndpoints", endpoint_name, "deployments", deployment_name, "jobs"};
  const char *ep_seg[] = {"batchEndpoints", endpoint_name, "jobs"};
  char *api = NULL, *url = NULL;
  rc = aml__workspace_api_host(client, &api, err);
  if (rc == AML_OK)
    rc = per_deployment ? aml__workspace_api_url(client, api, MFE_PREFIX, seg, 5, MFE_API_VERSION, &url, err)
                         : aml__workspace_api_url(client, api, MFE_PREFIX, ep_seg, 3, MFE_API_VERSION, &url, err);
  aml_pager *p = NULL;
  if (rc == AML_OK) rc = aml__pager_new(client, "GET", url, "value", AML_RESULT_JOB, &p, err);
  if (rc == AML_OK && aml__pager_set_origin(p, api) != AML_OK) rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
  if (rc == AML_OK && filter) {
    aml__pager_set_filter(p, status_matches, filter);
    filter = NULL;
  }
  if (rc == AML_OK) {
    *out = p;
    p = NULL;
  }
  aml_pager_free(p);
  aml__free(filter);
  aml__free(url);
  aml__free(api);
  return rc;
}

aml_result aml_batch_endpoints_list_jobs(aml_client *client, const char *endpoint_name,
                                         const aml_job_list_options *opts, aml_pager **out, aml_error **err) {
  return list_jobs(client, "aml_batch_endpoints_list_jobs", endpoint_name, false, NULL, opts, out, err);
}

aml_result aml_batch_deployments_list_jobs(aml_client *client, const char *endpoint_name,
                                           const char *deployment_name, const aml_job_list_options *opts,
                                           aml_pager **out, aml_error **err) {
  return list_jobs(client, "aml_batch_deployments_list_jobs", endpoint_name, true, deployment_name, opts, out, err);
}
