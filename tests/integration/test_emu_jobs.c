/* Invoke and jobs against aml-emulator over HTTP: the invoke reaches the
 * scoring URI with a data-plane token and creates a job; the same
 * repeatability id never makes a second job; jobs get/list; waiting follows
 * the status to Completed; cancel moves a job through CancelRequested to
 * Canceled. (The emulator's job runner comes later: the test moves the status
 * through the control API, as a runner would.) */
#include "emulator_harness.h"
#include "test_support.h"

#include <stdlib.h>
#include <string.h>

static aml_emu g_emu;
static aml_client *g_client;

/* An endpoint with a default deployment, on a compute and registered assets. */
static int setup_group(void **state) {
  (void)state;
  static const char *const args[] = {"--provisioning-delay-ms", "100", NULL};
  aml_emu_start(&g_emu, AML_EMULATOR_PATH, args);
  g_client = aml_emu_client(50, NULL, NULL);
  aml_error *err = NULL;
  aml_poller *p = NULL;
  aml_batch_endpoint ep;
  aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
  ep.name = "jobs-endpoint";
  aml_emu_must(aml_batch_endpoints_begin_create_or_update(g_client, &ep, &p, &err), &err, "endpoint");
  aml_emu_wait(p, "endpoint");
  aml_compute c;
  aml_compute_init(&c, AML_COMPUTE_VERSION);
  c.name = "jobs-cluster";
  c.size = "STANDARD_DS11_V2";
  c.max_instances = 2;
  aml_emu_must(aml_computes_begin_create_or_update(g_client, &c, &p, &err), &err, "compute");
  aml_emu_wait(p, "compute");
  aml_model_version m;
  aml_model_version_init(&m, AML_MODEL_VERSION_VERSION);
  m.name = "model";
  m.asset_version = "1";
  m.path = "azureml://datastores/workspaceblobstore/paths/model";
  aml_emu_must(aml_models_create_or_update(g_client, &m, NULL, &err), &err, "model");
  aml_batch_deployment d;
  aml_batch_deployment_init(&d, AML_BATCH_DEPLOYMENT_VERSION);
  d.name = "blue";
  d.endpoint_name = "jobs-endpoint";
  d.model = "azureml:model:1";
  d.compute = "jobs-cluster";
  aml_emu_must(aml_batch_deployments_begin_create_or_update(g_client, &d, &p, &err), &err, "deployment");
  aml_emu_wait(p, "deployment");
  aml_batch_endpoint *got = NULL;
  aml_emu_must(aml_batch_endpoints_get(g_client, "jobs-endpoint", &got, &err), &err, "get endpoint");
  got->default_deployment_name = "blue";
  aml_emu_must(aml_batch_endpoints_begin_create_or_update(g_client, got, &p, &err), &err, "default deployment");
  aml_emu_wait(p, "default deployment");
  aml_batch_endpoint_free(got);
  return 0;
}

static int teardown_group(void **state) {
  (void)state;
  aml_client_unref(g_client);
  aml_emu_cleanup(&g_emu);
  return 0;
}

static aml_job *invoke(const char *deployment, const char *repeatability_id) {
  aml_job_input in;
  aml_job_input_init(&in, AML_JOB_INPUT_VERSION);
  in.name = "images";
  in.uri = "azureml://datastores/workspaceblobstore/paths/mnist/images/";
  aml_invoke_options o;
  aml_invoke_options_init(&o, AML_INVOKE_OPTIONS_VERSION);
  o.inputs = &in;
  o.inputs_count = 1;
  o.deployment_name = deployment;
  o.repeatability_id = repeatability_id;
  o.mini_batch_size = 4;
  aml_job *job = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_batch_endpoints_invoke(g_client, "jobs-endpoint", &o, &job, &err), &err, "invoke");
  return job;
}

static void set_status(const char *job, const char *status) {
  char path[256], body[256];
  snprintf(path, sizeof(path), "/_emulator/jobs/%s/status", job);
  snprintf(body, sizeof(body), "{\"status\":\"%s\",\"workspace\":\"%s/%s/%s\"}", status, getenv("AZURE_SUBSCRIPTION_ID"),
           getenv("AZURE_RESOURCE_GROUP"), getenv("AZUREML_WORKSPACE"));
  int st = aml_emu_control(&g_emu, "POST", path, body, NULL);
  if (st / 100 != 2) fail_msg("setting job %s to %s: HTTP %d", job, status, st);
}

static void test_invoke_and_wait_for_completion(void **state) {
  (void)state;
  aml_emu_control(&g_emu, "DELETE", "/_emulator/requests", NULL, NULL);
  aml_job *job = invoke(NULL, NULL);
  assert_non_null(job->name);
  assert_string_equal(job->status, "NotStarted");
  /* The POST went to the scoring URI, with a token for the data-plane audience. */
  assert_int_equal(aml_emu_count_requests(&g_emu, "POST", "/jobs-endpoint/jobs"), 1);
  assert_true(aml_emu_count_requests(&g_emu, "POST", "/oauth2/v2.0/token") >= 1);

  aml_job *seen = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_jobs_get(g_client, job->name, &seen, &err), &err, "jobs get");
  assert_string_equal(seen->name, job->name);
  assert_string_equal(seen->status, "NotStarted");
  aml_job_free(seen);

  /* Still running at a short deadline. */
  set_status(job->name, "Running");
  err = NULL;
  assert_int_equal(aml_jobs_wait(g_client, job->name, 120, &seen, &err), AML_ERR_STILL_RUNNING);
  assert_string_equal(seen->status, "Running");
  aml_job_free(seen);
  aml_error_free(err);

  set_status(job->name, "Completed");
  err = NULL;
  aml_emu_must(aml_jobs_wait(g_client, job->name, 30000, &seen, &err), &err, "wait");
  assert_string_equal(seen->status, "Completed");
  aml_job_free(seen);

  /* And it is in the workspace's job list. */
  aml_pager *it = NULL;
  aml_emu_must(aml_jobs_list(g_client, &it, &err), &err, "jobs list");
  int found = 0;
  while (aml_pager_next_job(it, &seen, NULL) == AML_OK) {
    if (strcmp(seen->name, job->name) == 0) found++;
    aml_job_free(seen);
  }
  aml_pager_free(it);
  assert_int_equal(found, 1);
  aml_job_free(job);
}

static void test_same_repeatability_id_same_job(void **state) {
  (void)state;
  aml_job *a = invoke("blue", "0c4b8a8e-8d1a-4a55-9d0f-6f1b1f3e2a10");
  aml_job *b = invoke("blue", "0c4b8a8e-8d1a-4a55-9d0f-6f1b1f3e2a10");
  aml_job *c = invoke("blue", NULL);
  assert_string_equal(a->name, b->name);
  assert_string_not_equal(a->name, c->name);
  aml_job_free(a);
  aml_job_free(b);
  aml_job_free(c);
}

static void test_invoke_errors(void **state) {
  (void)state;
  aml_job_input in;
  aml_job_input_init(&in, AML_JOB_INPUT_VERSION);
  in.name = "images";
  in.uri = "azureml://datastores/workspaceblobstore/paths/x/";
  aml_invoke_options o;
  aml_invoke_options_init(&o, AML_INVOKE_OPTIONS_VERSION);
  o.inputs = &in;
  o.inputs_count = 1;
  o.deployment_name = "no-such-deployment";
  aml_job *job = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_batch_endpoints_invoke(g_client, "jobs-endpoint", &o, &job, &err), AML_ERR_NOT_FOUND);
  assert_null(job);
  aml_error_free(err);
  err = NULL;
  o.deployment_name = NULL;
  assert_int_equal(aml_batch_endpoints_invoke(g_client, "missing-endpoint", &o, &job, &err), AML_ERR_NOT_FOUND);
  aml_error_free(err);
}

static void test_cancel(void **state) {
  (void)state;
  aml_job *job = invoke(NULL, NULL);
  set_status(job->name, "Running");
  aml_poller *p = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_jobs_begin_cancel(g_client, job->name, &p, &err), &err, "cancel");
  aml_emu_wait(p, "cancel");
  aml_job *seen = NULL;
  err = NULL;
  assert_int_equal(aml_jobs_wait(g_client, job->name, 30000, &seen, &err), AML_ERR_CANCELED);
  assert_string_equal(seen->status, "Canceled");
  aml_job_free(seen);
  aml_error_free(err);
  aml_job_free(job);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_invoke_and_wait_for_completion),
      cmocka_unit_test(test_same_repeatability_id_same_job),
      cmocka_unit_test(test_invoke_errors),
      cmocka_unit_test(test_cancel),
  };
  return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
