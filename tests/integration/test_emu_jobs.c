/* Invoke and jobs against aml-emulator over HTTP: the invoke reaches the
 * scoring URI with a data-plane token and creates a job; the same
 * repeatability id never makes a second job; jobs get/list; waiting follows
 * the status to Completed; cancel moves a job through CancelRequested to
 * Canceled. (The emulator's job runner comes later: the test moves the status
 * through the control API, as a runner would.) */
#include "emulator_harness.h"
#include "test_support.h"

#include <stdio.h>
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
  aml_emu_create_endpoint(g_client, "jobs-endpoint");
  aml_emu_create_compute(g_client, "jobs-cluster");
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
  aml_emu_deploy_as_default(g_client, &d);
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

static void count_progress(const aml_poller *p, void *user_data) {
  (void)p;
  (*(int *)user_data)++;
}

/* Waiting with the poller machinery: one poll sees the job Running; a
 * second client resumes the wait from the token; both end Completed. */
static void test_begin_wait_to_completed(void **state) {
  (void)state;
  aml_job *job = invoke(NULL, NULL);
  set_status(job->name, "Running");
  aml_poller *p = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_jobs_begin_wait(g_client, job->name, &p, &err), &err, "begin_wait");
  int progress = 0;
  aml_poller_set_progress(p, count_progress, &progress);
  aml_emu_must(aml_poller_poll(p, &err), &err, "poll");
  assert_false(aml_poller_done(p));
  assert_string_equal(aml_poller_status(p), "Running");
  assert_string_equal(aml_poller_job(p)->name, job->name);
  assert_int_equal(progress, 1);

  char *token = NULL;
  aml_emu_must(aml_poller_resume_token(p, &token, &err), &err, "resume token");
  aml_client *other = aml_emu_client(50, NULL, NULL);
  aml_poller *resumed = NULL;
  aml_emu_must(aml_poller_from_resume_token(other, token, &resumed, &err), &err, "resume");

  set_status(job->name, "Completed");
  aml_emu_must(aml_poller_wait(p, 30000, &err), &err, "wait");
  assert_true(aml_poller_done(p));
  assert_string_equal(aml_poller_status(p), "Completed");
  assert_string_equal(aml_poller_job(p)->status, "Completed");
  assert_non_null(aml_job_find_output(aml_poller_job(p), AML_JOB_OUTPUT_SCORE));
  assert_true(progress >= 2);
  aml_emu_must(aml_poller_wait(resumed, 30000, &err), &err, "resumed wait");
  assert_string_equal(aml_poller_job(resumed)->name, job->name);
  assert_string_equal(aml_poller_job(resumed)->status, "Completed");

  aml_poller_free(resumed);
  aml_client_unref(other);
  aml_free(token);
  aml_poller_free(p);
  aml_job_free(job);
}

static int list_names(aml_pager *it, char names[][64], int max) {
  int n = 0;
  aml_job *job = NULL;
  aml_error *err = NULL;
  aml_result rc;
  while ((rc = aml_pager_next_job(it, &job, &err)) == AML_OK) {
    if (n < max) snprintf(names[n], 64, "%s", job->name);
    n++;
    aml_job_free(job);
  }
  if (rc != AML_ITER_END) fail_msg("listing jobs: %s", aml_error_message(err));
  aml_pager_free(it);
  return n;
}

static int index_of(char names[][64], int n, const char *name) {
  for (int i = 0; i < n && i < 64; i++)
    if (strcmp(names[i], name) == 0) return i;
  return -1;
}

static int contains(char names[][64], int n, const char *name) { return index_of(names, n, name) >= 0; }

/* The endpoint's and the deployment's job lists (the management front end
 * on the discovery document's api host), and the status filter. */
static void test_list_jobs_of_endpoint_and_deployment(void **state) {
  (void)state;
  aml_job *a = invoke("blue", NULL);
  aml_job *b = invoke(NULL, NULL);
  set_status(a->name, "Failed");
  aml_pager *it = NULL;
  aml_error *err = NULL;
  char names[64][64];
  aml_emu_must(aml_batch_endpoints_list_jobs(g_client, "jobs-endpoint", NULL, &it, &err), &err, "list endpoint jobs");
  int n = list_names(it, names, 64);
  assert_true(n >= 2);
  assert_true(contains(names, n, a->name) && contains(names, n, b->name));
  assert_true(index_of(names, n, b->name) < index_of(names, n, a->name)); /* newest first */

  aml_emu_must(aml_batch_deployments_list_jobs(g_client, "jobs-endpoint", "blue", NULL, &it, &err), &err,
               "list deployment jobs");
  n = list_names(it, names, 64);
  assert_true(contains(names, n, a->name) && contains(names, n, b->name)); /* b ran on the default, blue */

  aml_job_list_options o;
  aml_job_list_options_init(&o, AML_JOB_LIST_OPTIONS_VERSION);
  o.status = "Failed";
  aml_emu_must(aml_batch_endpoints_list_jobs(g_client, "jobs-endpoint", &o, &it, &err), &err, "list failed jobs");
  n = list_names(it, names, 64);
  assert_true(contains(names, n, a->name));
  assert_false(contains(names, n, b->name));

  /* A deployment nobody invoked has no jobs; an unknown endpoint is an error. */
  aml_emu_must(aml_batch_endpoints_list_jobs(g_client, "missing-endpoint", NULL, &it, &err), &err, "list");
  aml_job *job = NULL;
  aml_result rc = aml_pager_next_job(it, &job, &err);
  assert_true(rc == AML_ERR_NOT_FOUND || rc == AML_ITER_END);
  aml_error_free(err);
  aml_pager_free(it);
  aml_job_free(a);
  aml_job_free(b);
}

/* Named outputs and overrides reach the service: the job reports the
 * outputs with the URIs given, as typed fields. */
static void test_invoke_named_outputs_and_overrides(void **state) {
  (void)state;
  aml_job_input in;
  aml_job_input_init(&in, AML_JOB_INPUT_VERSION);
  in.name = "images";
  in.uri = "azureml://datastores/workspaceblobstore/paths/mnist/images/";
  aml_job_output score;
  aml_job_output_init(&score, AML_JOB_OUTPUT_VERSION);
  score.name = AML_JOB_OUTPUT_SCORE;
  score.uri = "azureml://datastores/workspaceblobstore/paths/results/named-1/";
  const aml_job_output *outs[] = {&score};
  aml_batch_retry_settings rs;
  aml_batch_retry_settings_init(&rs, AML_BATCH_RETRY_SETTINGS_VERSION);
  rs.max_retries = 1;
  rs.timeout_s = 60;
  aml_string_pair tags[] = {{"team", "risk"}};
  aml_invoke_options o;
  aml_invoke_options_init(&o, AML_INVOKE_OPTIONS_VERSION);
  o.inputs = &in;
  o.inputs_count = 1;
  o.outputs = outs;
  o.outputs_count = 1;
  o.retry_settings = &rs;
  o.max_concurrency_per_instance = 2;
  o.logging_level = AML_BATCH_LOGGING_LEVEL_WARNING;
  o.tags = tags;
  o.tags_count = 1;
  o.description = "named outputs";
  aml_job *job = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_batch_endpoints_invoke(g_client, "jobs-endpoint", &o, &job, &err), &err, "invoke");
  const aml_job_output *got = aml_job_find_output(job, AML_JOB_OUTPUT_SCORE);
  assert_non_null(got); /* the data plane's answer, typed */
  assert_string_equal(got->uri, score.uri);
  assert_string_equal(got->type, AML_OUTPUT_TYPE_URI_FOLDER);
  assert_int_equal(job->inputs_count, 1);
  assert_string_equal(job->inputs[0]->uri, in.uri);
  assert_string_equal(job->description, "named outputs");
  aml_job *arm = NULL;
  aml_emu_must(aml_jobs_get(g_client, job->name, &arm, &err), &err, "jobs get");
  got = aml_job_find_output(arm, AML_JOB_OUTPUT_SCORE);
  assert_non_null(got); /* and ARM's JobBase */
  assert_string_equal(got->uri, score.uri);
  assert_string_equal(arm->inputs[0]->type, AML_INPUT_TYPE_URI_FOLDER);
  aml_job_free(arm);
  aml_job_free(job);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_invoke_and_wait_for_completion),
      cmocka_unit_test(test_same_repeatability_id_same_job),
      cmocka_unit_test(test_invoke_errors),
      cmocka_unit_test(test_cancel),
      cmocka_unit_test(test_begin_wait_to_completed),
      cmocka_unit_test(test_list_jobs_of_endpoint_and_deployment),
      cmocka_unit_test(test_invoke_named_outputs_and_overrides),
  };
  return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
