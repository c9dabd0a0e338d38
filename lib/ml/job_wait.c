/* Waiting for a job is a poller like every other wait (cancel, progress,
 * resume tokens, Retry-After): each poll reads `GET {P}/jobs/{name}`; at a
 * terminal status the same poll adds the run history (the failure reason)
 * and ends the poller with the job's verdict. */
#include "ml/job_wait.h"

#include <azureml/jobs.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "ml/entity_job.h"
#include "ml/job_finish.h"
#include "ml/lro_glue.h"
#include "ml/ops_common.h"

static void free_job(void *job) { aml_job_free(job); }

aml_result aml__job_wait_read(aml_poller *p, void *owner, const aml_http_response *resp, aml_error **err) {
  json_t *root = NULL;
  aml_job *job = NULL;
  aml_result rc = aml__json_parse(resp->body.ptr, resp->body.len, &root, err);
  if (rc == AML_OK) rc = aml__job_from_json_value(root, &job, err);
  json_decref(root);
  if (rc < 0) return rc;
  /* The poller keeps the job as last read (aml_poller_job). */
  aml__poller_set_typed_result(p, job, free_job);
  if (!aml_job_status_is_terminal(job->status)) return aml__poller_set_status(p, job->status ? job->status : "");
  aml_error *failure = NULL;
  aml_result verdict = aml__job_finish(owner, job, &failure);
  /* Out of memory for the reason too: no verdict yet, rather than one without it. */
  if (verdict == AML_ERR_NOMEM || (verdict < 0 && !failure)) {
    if (!failure) return aml__fail(err, AML_ERR_NOMEM, "out of memory reading job %s", job->name ? job->name : "");
    aml__error_propagate(err, failure);
    return verdict; /* the poller stays running: the next poll reads it again */
  }
  return aml__poller_finish(p, job->status, verdict, failure, job->raw_json);
}

aml_result aml_jobs_begin_wait(aml_client *client, const char *name, aml_poller **out, aml_error **err) {
  static const char fn[] = "aml_jobs_begin_wait";
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc = aml__ops_require(name, fn, "name", err);
  if (rc < 0) return rc;
  const char *seg[] = {"jobs", name};
  char *url = NULL;
  if ((rc = aml__ops_url(client, seg, 2, &url, err)) < 0) return rc;
  rc = aml__client_begin_custom(client, url, "jobs.begin_wait", AML_RESULT_JOB, aml__job_wait_read, out, err);
  aml__free(url);
  return rc;
}

const aml_job *aml_poller_job(const aml_poller *poller) {
  return poller && aml__poller_result_kind(poller) == AML_RESULT_JOB ? aml__poller_typed_result(poller) : NULL;
}

aml_result aml_jobs_wait(aml_client *client, const char *name, int64_t timeout_ms, aml_job **out, aml_error **err) {
  static const char fn[] = "aml_jobs_wait";
  if (out) *out = NULL;
  if (!client) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client is required", fn);
  aml_result rc = aml__ops_require(name, fn, "name", err);
  if (rc < 0) return rc;
  aml_poller *p = NULL;
  if ((rc = aml_jobs_begin_wait(client, name, &p, err)) < 0) return rc;
  rc = aml_poller_wait(p, timeout_ms, err);
  aml_job *job = aml__poller_detach_typed_result(p);
  aml_poller_free(p);
  if (out)
    *out = job;
  else
    aml_job_free(job);
  return rc;
}
