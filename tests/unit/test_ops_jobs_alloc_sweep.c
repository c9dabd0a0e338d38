/* Allocation failure on every allocation of the jobs calls that parse and
 * build the most: waiting for a failed job (typed job with inputs and
 * outputs, the api host from the discovery document, run history with the
 * reason), an endpoint's job list (two pages, status filter), and an invoke
 * with named outputs and overrides. Every run must end without a crash or a
 * leak; a run that succeeds must give the right result, and a run that fails
 * must say it ran out of memory. */
#include "test_support.h"

#include <string.h>

#define JOB_FAILED "{\"id\":\"/jobs/j\",\"name\":\"j\",\"properties\":{\"status\":\"Failed\",\"jobType\":\"Pipeline\"," \
  "\"tags\":{\"t\":\"v\"},\"inputs\":{\"in\":{\"jobInputType\":\"uri_folder\",\"uri\":\"azureml://datastores/d/paths/p/\"}}," \
  "\"outputs\":{\"score\":{\"jobOutputType\":\"uri_folder\",\"uri\":\"azureml://datastores/d/paths/o/\"}}}}"
#define WORKSPACE "{\"id\":\"/w\",\"name\":\"ws\",\"location\":\"eastus\",\"properties\":{\"discoveryUrl\":\"https://api.test/discovery\"}}"
#define DISCOVERY "{\"api\":\"https://api.test\"}"
#define DETAILS "{\"runId\":\"j\",\"status\":\"Failed\",\"startTimeUtc\":\"2026-01-01T00:00:00Z\",\"endTimeUtc\":\"2026-01-01T00:01:00Z\"," \
  "\"error\":{\"error\":{\"code\":\"UserError\",\"message\":\"bad row\"}}}"
#define MFE_JOB(n, s) "{\"name\":\"" n "\",\"properties\":{\"status\":\"" s "\",\"inputData\":{\"a\":{\"jobInputType\":\"UriFile\",\"uri\":\"https://x/a.csv\"}}}}"

/* Queue answers; the first failure (out of memory) is returned. */
static aml_result queue(aml_transport *t, const char *const *bodies, size_t n, aml_error **err) {
  aml_result rc = AML_OK;
  for (size_t i = 0; rc == AML_OK && i < n; i++)
    rc = aml_fake_transport_add_response(t, 200, "Content-Type: application/json", bodies[i], err);
  return rc;
}

static void expect_nomem(long fail_at, aml_result rc, const aml_error *err) {
  if (rc != AML_ERR_NOMEM) fail_msg("fail_at=%ld: got %s (%s)", fail_at, aml_result_str(rc), aml_error_message(err));
  if (err) assert_int_equal(aml_error_code(err), AML_ERR_NOMEM);
}

static aml_result wait_scenario(long fail_at) {
  static const char *const answers[] = {JOB_FAILED, WORKSPACE, DISCOVERY, DETAILS};
  aml_transport *t = NULL;
  aml_client *c = NULL;
  aml_job *job = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_fake_transport_new(&t, &err);
  if (rc == AML_OK) rc = queue(t, answers, 4, &err);
  if (rc == AML_OK) rc = aml_test_sweep_client(t, &c, &err);
  if (rc == AML_OK) rc = aml_jobs_wait(c, "j", -1, &job, &err);
  if (rc == AML_ERR_OPERATION_FAILED) {
    assert_string_equal(job->status, "Failed");
    assert_string_equal(job->inputs[0]->uri, "azureml://datastores/d/paths/p/");
    assert_string_equal(aml_job_find_output(job, "score")->uri, "azureml://datastores/d/paths/o/");
    assert_string_equal(job->error_message, "bad row");
    assert_string_equal(job->end_time, "2026-01-01T00:01:00Z");
    if (err) assert_non_null(strstr(aml_error_message(err), "UserError: bad row")); /* NULL: no memory for it */
  } else {
    expect_nomem(fail_at, rc, err);
  }
  aml_job_free(job);
  aml_error_free(err);
  aml_client_unref(c);
  aml_transport_unref(t);
  return rc == AML_ERR_OPERATION_FAILED ? AML_OK : rc;
}

static aml_result list_scenario(long fail_at) {
  static const char *const answers[] = {
      WORKSPACE, DISCOVERY,
      "{\"value\":[" MFE_JOB("j3", "Failed") "," MFE_JOB("j2", "Completed") "],\"nextLink\":\"https://api.test/next?p=2\"}",
      "{\"value\":[" MFE_JOB("j1", "Failed") "]}"};
  aml_transport *t = NULL;
  aml_client *c = NULL;
  aml_pager *it = NULL;
  aml_job *job = NULL;
  aml_error *err = NULL;
  aml_job_list_options o;
  aml_job_list_options_init(&o, AML_JOB_LIST_OPTIONS_VERSION);
  o.status = "failed";
  aml_result rc = aml_fake_transport_new(&t, &err);
  if (rc == AML_OK) rc = queue(t, answers, 4, &err);
  if (rc == AML_OK) rc = aml_test_sweep_client(t, &c, &err);
  if (rc == AML_OK) rc = aml_batch_endpoints_list_jobs(c, "ep", &o, &it, &err);
  const char *expect[] = {"j3", "j1"};
  int n = 0;
  while (rc == AML_OK && (rc = aml_pager_next_job(it, &job, &err)) == AML_OK) {
    assert_true(n < 2);
    assert_string_equal(job->name, expect[n++]);
    assert_string_equal(job->inputs[0]->type, "uri_file");
    aml_job_free(job);
    job = NULL;
  }
  if (rc == AML_ITER_END) {
    assert_int_equal(n, 2);
    rc = AML_OK;
  } else {
    expect_nomem(fail_at, rc, err);
  }
  aml_pager_free(it);
  aml_error_free(err);
  aml_client_unref(c);
  aml_transport_unref(t);
  return rc;
}

static aml_result invoke_scenario(long fail_at) {
  static const char *const answers[] = {
      "{\"name\":\"ep\",\"properties\":{\"scoringUri\":\"https://score.test/jobs\"}}",
      "{\"name\":\"j\",\"properties\":{\"status\":\"NotStarted\",\"outputData\":{\"score\":{\"jobOutputType\":\"UriFolder\",\"uri\":\"azureml://datastores/d/paths/o/\"}}}}"};
  aml_transport *t = NULL;
  aml_client *c = NULL;
  aml_job *job = NULL;
  aml_error *err = NULL;
  aml_job_input in;
  aml_job_input_init(&in, AML_JOB_INPUT_VERSION);
  in.name = "in";
  in.uri = "azureml://datastores/d/paths/p/";
  aml_job_output out;
  aml_job_output_init(&out, AML_JOB_OUTPUT_VERSION);
  out.name = "score";
  out.uri = "azureml://datastores/d/paths/o/";
  const aml_job_output *outs[] = {&out};
  aml_batch_retry_settings rs;
  aml_batch_retry_settings_init(&rs, AML_BATCH_RETRY_SETTINGS_VERSION);
  rs.max_retries = 2;
  rs.timeout_s = 90;
  aml_string_pair tags[] = {{"k", "v"}};
  aml_invoke_options o;
  aml_invoke_options_init(&o, AML_INVOKE_OPTIONS_VERSION);
  o.inputs = &in;
  o.inputs_count = 1;
  o.outputs = outs;
  o.outputs_count = 1;
  o.retry_settings = &rs;
  o.tags = tags;
  o.tags_count = 1;
  o.logging_level = "debug";
  o.description = "d";
  o.max_concurrency_per_instance = 2;
  aml_result rc = aml_fake_transport_new(&t, &err);
  if (rc == AML_OK) rc = queue(t, answers, 2, &err);
  if (rc == AML_OK) rc = aml_test_sweep_client(t, &c, &err);
  if (rc == AML_OK) rc = aml_batch_endpoints_invoke(c, "ep-1", &o, &job, &err);
  if (rc == AML_OK) {
    assert_string_equal(aml_job_find_output(job, "score")->type, "uri_folder");
    char *body = aml_test_request_body(aml_test_request(t, 1));
    assert_non_null(strstr(body, "\"timeout\":\"PT1M30S\""));
    assert_non_null(strstr(body, "\"loggingLevel\":\"Debug\""));
    free(body);
  } else {
    expect_nomem(fail_at, rc, err);
  }
  aml_job_free(job);
  aml_error_free(err);
  aml_client_unref(c);
  aml_transport_unref(t);
  return rc;
}

static void test_wait_sweep(void **state) {
  (void)state;
  aml_test_alloc_sweep(wait_scenario, 100, "jobs wait");
}

static void test_list_sweep(void **state) {
  (void)state;
  aml_test_alloc_sweep(list_scenario, 100, "endpoint job list");
}

static void test_invoke_sweep(void **state) {
  (void)state;
  aml_test_alloc_sweep(invoke_scenario, 100, "invoke v2");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_wait_sweep),
      cmocka_unit_test(test_list_sweep),
      cmocka_unit_test(test_invoke_sweep),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
