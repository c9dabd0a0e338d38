/* ml_client.jobs: get, list, cancel (ARM-API.md §2.4), and waiting for a
 * terminal status. */
#include <azureml/jobs.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "core/str.h"
#include "ml/entity_job.h"
#include "ml/job_finish.h"
#include "ml/ops_common.h"
#include "ml/workspace_api.h"

static aml_result parse_job(json_t *v, void **out, aml_error **err) {
  aml_job *j = NULL;
  aml_result rc = aml__job_from_json_value(v, &j, err);
  *out = j;
  return rc;
}

aml_result aml_jobs_get(aml_client *client, const char *name, aml_job **out, aml_error **err) {
  static const char fn[] = "aml_jobs_get";
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc = aml__ops_require(name, fn, "name", err);
  if (rc < 0) return rc;
  const char *seg[] = {"jobs", name};
  void *j = NULL;
  rc = aml__ops_get(client, seg, 2, parse_job, &j, err);
  *out = j;
  return rc;
}

aml_result aml_jobs_list(aml_client *client, aml_pager **out, aml_error **err) {
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_jobs_list: client and out are required");
  *out = NULL;
  const char *seg[] = {"jobs"};
  return aml__ops_list(client, seg, 1, AML_RESULT_JOB, out, err);
}

aml_result aml_pager_next_job(aml_pager *pager, aml_job **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_pager_next_job: out is required");
  void *j = NULL;
  aml_result rc = aml__ops_next(pager, AML_RESULT_JOB, parse_job, &j, err);
  *out = j;
  return rc;
}

aml_result aml_jobs_begin_cancel(aml_client *client, const char *name, aml_poller **out, aml_error **err) {
  static const char fn[] = "aml_jobs_begin_cancel";
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc = aml__ops_require(name, fn, "name", err);
  if (rc < 0) return rc;
  const char *seg[] = {"jobs", name, "cancel"};
  char *url = NULL;
  if ((rc = aml__ops_url(client, seg, 3, &url, err)) < 0) return rc;
  /* Asking twice to cancel is harmless: the POST may be retried. */
  rc = aml__client_begin_idempotent(client, "POST", url, NULL, "jobs.begin_cancel", AML_RESULT_NONE,
                                    AML_FINAL_NONE, out, err);
  aml__free(url);
  return rc;
}

/* Run history of a job (`{api}/history/v1.0/.../runs/{name}/details`): the
 * start and end times and the failure reason, which ARM's JobBase lacks. */
static aml_result read_history(aml_client *client, aml_job *job, aml_error **err) {
  char *api = NULL, *url = NULL;
  aml_result rc = aml__workspace_api_host(client, &api, err);
  const char *seg[] = {"runs", job->name, "details"};
  if (rc == AML_OK) rc = aml__workspace_api_url(client, api, "/history/v1.0", seg, 3, NULL, &url, err);
  aml_http_response *resp = NULL;
  if (rc == AML_OK) rc = aml__client_send(client, "GET", url, NULL, &resp, err);
  json_t *root = NULL;
  if (rc == AML_OK) rc = aml__json_parse(resp->body.ptr, resp->body.len, &root, err);
  if (rc == AML_OK) rc = aml__job_apply_history(job, root, err);
  json_decref(root);
  aml_http_response_free(resp);
  aml__free(url);
  aml__free(api);
  return rc;
}

/* Best effort: a service (or emulator) without run history still gives the
 * job. Only running out of memory is reported (as such, never as another
 * outcome). */
static aml_result add_history(aml_client *client, aml_job *job, aml_error **err) {
  aml_error *failure = NULL;
  aml_result rc = job->name ? read_history(client, job, &failure) : AML_OK;
  if (rc == AML_ERR_NOMEM) {
    aml__error_propagate(err, failure);
    return rc;
  }
  aml_error_free(failure);
  return AML_OK;
}

aml_result aml_jobs_get_details(aml_client *client, const char *name, aml_job **out, aml_error **err) {
  static const char fn[] = "aml_jobs_get_details";
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  aml_result rc = aml_jobs_get(client, name, out, err);
  if (rc == AML_OK && (rc = add_history(client, *out, err)) < 0) {
    aml_job_free(*out);
    *out = NULL;
  }
  return rc;
}

/* The outcome a terminal job status stands for, with the service's reason. */
static aml_result verdict(const aml_job *job, aml_error **err) {
  const char *name = job->name ? job->name : "";
  if (aml__strcasecmp(job->status, AML_JOB_STATUS_COMPLETED) == 0) return AML_OK;
  if (aml__strcasecmp(job->status, AML_JOB_STATUS_CANCELED) == 0 || aml__strcasecmp(job->status, "Cancelled") == 0)
    return aml__fail(err, AML_ERR_CANCELED, "job %s ended %s", name, job->status);
  if (job->error_code || job->error_message)
    return aml__fail(err, AML_ERR_OPERATION_FAILED, "job %s ended %s: %s%s%s", name, job->status,
                     job->error_code ? job->error_code : "", job->error_code && job->error_message ? ": " : "",
                     job->error_message ? job->error_message : "");
  return aml__fail(err, AML_ERR_OPERATION_FAILED, "job %s ended %s (the service gave no reason)", name, job->status);
}

aml_result aml__job_finish(aml_client *client, aml_job *job, aml_error **err) {
  aml_result rc = add_history(client, job, err);
  return rc < 0 ? rc : verdict(job, err);
}
