/* Invoke and jobs over the fake transport: the POST to the scoring URI
 * (data-plane scope, repeatability id kept across retries, the deployment
 * header, the BatchJob body), validation that sends nothing, and jobs get,
 * list, cancel and wait. */
#include "test_support.h"

#include <jansson.h>
#include <string.h>

#define WS "https://management.example.test/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1"
#define AV "?api-version=2025-12-01"
#define SCORING "https://endpoint-example.eastus.inference.ml.azure.com/jobs"
#define EP "{\"name\":\"endpoint-example\",\"location\":\"eastus\",\"properties\":{\"authMode\":\"AADToken\",\"provisioningState\":\"Succeeded\",\"scoringUri\":\"" SCORING "\"}}"
#define JOB(name, status) "{\"id\":\"/jobs/" name "\",\"name\":\"" name "\",\"systemData\":{\"createdAt\":\"2026-11-27T10:00:00Z\"},\"properties\":{\"status\":\"" status "\",\"jobType\":\"Pipeline\",\"experimentName\":\"endpoint-example\",\"properties\":{\"azureml.batchrun\":\"true\"}}}"

static void q(aml_test_fake *f, int32_t status, const char *headers, const char *body) {
  assert_int_equal(aml_fake_transport_add_response(f->t, status, headers, body, NULL), AML_OK);
}

static void inputs2(aml_job_input in[2]) {
  aml_job_input_init(&in[0], AML_JOB_INPUT_VERSION);
  in[0].name = "heart_dataset";
  in[0].uri = "https://azuremlexampledata.blob.core.windows.net/data/heart-disease-uci/data";
  aml_job_input_init(&in[1], AML_JOB_INPUT_VERSION);
  in[1].name = "score_mode";
  in[1].type = AML_INPUT_TYPE_LITERAL;
  in[1].value = "append";
}

static void test_invoke_on_the_wire(void **state) {
  aml_test_fake *f = *state;
  q(f, 200, NULL, EP);
  q(f, 200, NULL, JOB("batchjob-1", "NotStarted"));
  aml_job_input in[2];
  inputs2(in);
  aml_invoke_options o;
  assert_int_equal(aml_invoke_options_init(&o, AML_INVOKE_OPTIONS_VERSION), AML_OK);
  o.inputs = in;
  o.inputs_count = 2;
  o.deployment_name = "blue";
  o.instance_count = 2;
  o.mini_batch_size = 5;
  o.error_threshold = -1;
  o.output_file_name = "out.csv";
  o.job_name = "batchjob-1";
  aml_job *job = NULL;
  aml_error *err = NULL;
  if (aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_string_equal(job->name, "batchjob-1");
  assert_string_equal(job->status, "NotStarted");
  assert_string_equal(job->created_at, "2026-11-27T10:00:00Z");
  assert_int_equal(job->properties_count, 1);
  aml_job_free(job);

  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), WS "/batchEndpoints/endpoint-example" AV);
  const aml_http_request *post = aml_test_request(f->t, 1);
  assert_string_equal(aml_http_request_method(post), "POST");
  assert_string_equal(aml_http_request_url(post), SCORING); /* exactly as the service gave it */
  assert_string_equal(aml_http_request_header(post, "azureml-model-deployment"), "blue");
  assert_int_equal(strlen(aml_http_request_header(post, "repeatability_request-id")), 36);
  assert_string_equal(aml_http_request_header(post, "Authorization"), "Bearer test-token");
  json_t *b = aml_test_request_json(f->t, 1);
  assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(json_object_get(b, "properties"), "inputData"), "heart_dataset"), "jobInputType")), "UriFolder");
  json_t *props = json_object_get(b, "properties");
  json_t *lit = json_object_get(json_object_get(props, "inputData"), "score_mode");
  assert_string_equal(json_string_value(json_object_get(lit, "jobInputType")), "Literal");
  assert_string_equal(json_string_value(json_object_get(lit, "value")), "append");
  assert_int_equal(json_integer_value(json_object_get(json_object_get(props, "compute"), "instanceCount")), 2);
  assert_int_equal(json_object_size(json_object_get(props, "compute")), 1); /* no isLocal */
  assert_int_equal(json_integer_value(json_object_get(props, "miniBatchSize")), 5);
  assert_int_equal(json_integer_value(json_object_get(props, "errorThreshold")), -1);
  assert_string_equal(json_string_value(json_object_get(props, "outputFileName")), "out.csv");
  assert_string_equal(json_string_value(json_object_get(props, "name")), "batchjob-1");
  json_decref(b);
}

/* The default deployment: no header; unset settings are not sent. */
static void test_invoke_minimal(void **state) {
  aml_test_fake *f = *state;
  q(f, 200, NULL, EP);
  q(f, 201, NULL, JOB("batchjob-2", "NotStarted"));
  aml_job_input in;
  aml_job_input_init(&in, AML_JOB_INPUT_VERSION);
  in.name = "input";
  in.type = "uri_file";
  in.uri = "azureml://datastores/workspaceblobstore/paths/data/one.csv";
  aml_invoke_options o;
  aml_invoke_options_init(&o, AML_INVOKE_OPTIONS_VERSION);
  o.inputs = &in;
  o.inputs_count = 1;
  aml_job *job = NULL;
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, NULL), AML_OK);
  aml_job_free(job);
  const aml_http_request *post = aml_test_request(f->t, 1);
  assert_null(aml_http_request_header(post, "azureml-model-deployment"));
  json_t *b = aml_test_request_json(f->t, 1);
  json_t *props = json_object_get(b, "properties");
  assert_int_equal(json_object_size(props), 1); /* inputData only */
  assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(props, "inputData"), "input"), "jobInputType")), "UriFile");
  json_decref(b);
}

/* A retried invoke carries the same repeatability id: one job, never two. */
static void test_invoke_retry_keeps_repeatability_id(void **state) {
  aml_test_fake *f = *state;
  q(f, 200, NULL, EP);
  q(f, 503, NULL, "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"busy\"}}");
  aml_fake_transport_add_failure(f->t, AML_ERR_TRANSPORT, NULL);
  q(f, 200, NULL, JOB("batchjob-3", "NotStarted"));
  aml_job_input in;
  aml_job_input_init(&in, AML_JOB_INPUT_VERSION);
  in.name = "input";
  in.uri = "https://x/data";
  aml_invoke_options o;
  aml_invoke_options_init(&o, AML_INVOKE_OPTIONS_VERSION);
  o.inputs = &in;
  o.inputs_count = 1;
  aml_job *job = NULL;
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, NULL), AML_OK);
  aml_job_free(job);
  assert_int_equal(aml_fake_transport_request_count(f->t), 4);
  const char *id1 = aml_http_request_header(aml_test_request(f->t, 1), "repeatability_request-id");
  for (size_t i = 2; i < 4; i++)
    assert_string_equal(aml_http_request_header(aml_test_request(f->t, i), "repeatability_request-id"), id1);

  /* A caller-chosen id is sent as given (e.g. to retry across processes). */
  aml_fake_transport_reset(f->t);
  q(f, 200, NULL, EP);
  q(f, 200, NULL, JOB("batchjob-3", "Running"));
  o.repeatability_id = "my-id-42";
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, NULL), AML_OK);
  aml_job_free(job);
  assert_string_equal(aml_http_request_header(aml_test_request(f->t, 1), "repeatability_request-id"), "my-id-42");
}

static void test_invoke_validation_sends_nothing(void **state) {
  aml_test_fake *f = *state;
  aml_invoke_options o;
  aml_invoke_options_init(&o, AML_INVOKE_OPTIONS_VERSION);
  aml_job *job = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, &err), AML_ERR_VALIDATION);
  assert_non_null(strstr(aml_error_message(err), "input"));
  aml_error_free(err);
  aml_job_input in;
  aml_job_input_init(&in, AML_JOB_INPUT_VERSION);
  in.name = "x";
  o.inputs = &in;
  o.inputs_count = 1;
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, NULL), AML_ERR_VALIDATION); /* no uri */
  in.type = AML_INPUT_TYPE_LITERAL;
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, NULL), AML_ERR_VALIDATION); /* no value */
  in.value = "1";
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "1-bad-name", &o, &job, NULL), AML_ERR_VALIDATION);
  o.instance_count = 0;
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, NULL), AML_ERR_VALIDATION);
  o.instance_count = AML_UNSET;
  o.version = 2;
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", NULL, &job, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_fake_transport_request_count(f->t), 0);
  assert_int_equal(aml_job_input_init(NULL, AML_JOB_INPUT_VERSION), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_invoke_options_init(&o, 9), AML_ERR_VERSION);

  /* An endpoint without a scoring URI yet. */
  o.version = AML_INVOKE_OPTIONS_VERSION;
  q(f, 200, NULL, "{\"name\":\"endpoint-example\",\"properties\":{\"provisioningState\":\"Creating\"}}");
  err = NULL;
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, &err), AML_ERR_PARSE);
  assert_non_null(strstr(aml_error_message(err), "scoring URI"));
  aml_error_free(err);
  /* The service refuses: its error comes back. */
  q(f, 200, NULL, EP);
  q(f, 400, NULL, "{\"error\":{\"code\":\"UserError\",\"message\":\"No default deployment\"}}");
  err = NULL;
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, &err), AML_ERR_BAD_REQUEST);
  assert_string_equal(aml_error_service_message(err), "No default deployment");
  aml_error_free(err);
}

static void test_jobs_get_list_cancel(void **state) {
  aml_test_fake *f = *state;
  q(f, 200, NULL, JOB("job-a", "Running"));
  aml_job *job = NULL;
  assert_int_equal(aml_jobs_get(f->c, "job-a", &job, NULL), AML_OK);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), WS "/jobs/job-a" AV);
  assert_string_equal(job->job_type, "Pipeline");
  assert_false(aml_job_status_is_terminal(job->status));
  aml_job_free(job);

  q(f, 200, NULL, "{\"value\":[" JOB("job-a", "Running") "," JOB("job-b", "Completed") "]}");
  aml_pager *it = NULL;
  assert_int_equal(aml_jobs_list(f->c, &it, NULL), AML_OK);
  int n = 0;
  while (aml_pager_next_job(it, &job, NULL) == AML_OK) {
    n++;
    aml_job_free(job);
  }
  assert_int_equal(n, 2);
  aml_pager_free(it);

  q(f, 503, NULL, NULL); /* cancelling twice is harmless: retried */
  q(f, 202, "Location: https://management.example.test/op/cancel\nRetry-After: 0", NULL);
  q(f, 200, NULL, NULL);
  aml_poller *p = NULL;
  assert_int_equal(aml_jobs_begin_cancel(f->c, "job-a", &p, NULL), AML_OK);
  assert_string_equal(aml_http_request_method(aml_test_request(f->t, 2)), "POST");
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 3)), WS "/jobs/job-a/cancel" AV);
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  aml_poller_free(p);
  assert_true(aml_job_status_is_terminal("completed"));
  assert_true(aml_job_status_is_terminal("Canceled"));
  assert_false(aml_job_status_is_terminal("CancelRequested"));
  assert_false(aml_job_status_is_terminal(NULL));
  assert_int_equal(aml_jobs_get(f->c, "", &job, NULL), AML_ERR_INVALID_ARG);
}

static void test_jobs_wait(void **state) {
  aml_test_fake *f = *state;
  q(f, 200, NULL, JOB("job-w", "NotStarted"));
  q(f, 200, NULL, JOB("job-w", "Running"));
  q(f, 200, NULL, JOB("job-w", "Completed"));
  aml_job *job = NULL;
  assert_int_equal(aml_jobs_wait(f->c, "job-w", -1, &job, NULL), AML_OK);
  assert_string_equal(job->status, "Completed");
  aml_job_free(job);
  assert_int_equal(f->sleeps.count, 2);
  assert_int_equal(f->sleeps.delays[0], 5000); /* the client's poll interval */

  q(f, 200, NULL, JOB("job-w", "Failed"));
  aml_error *err = NULL;
  assert_int_equal(aml_jobs_wait(f->c, "job-w", -1, &job, &err), AML_ERR_OPERATION_FAILED);
  assert_string_equal(job->status, "Failed"); /* the job is handed back to inspect */
  aml_job_free(job);
  aml_error_free(err);
  q(f, 200, NULL, JOB("job-w", "Canceled"));
  assert_int_equal(aml_jobs_wait(f->c, "job-w", -1, NULL, NULL), AML_ERR_CANCELED);

  f->sleeps.count = 0;
  q(f, 200, NULL, JOB("job-w", "Running"));
  err = NULL;
  assert_int_equal(aml_jobs_wait(f->c, "job-w", 100, &job, &err), AML_ERR_STILL_RUNNING);
  assert_non_null(strstr(aml_error_message(err), "still Running"));
  assert_string_equal(job->status, "Running");
  assert_true(f->sleeps.delays[0] <= 100);
  aml_job_free(job);
  aml_error_free(err);

  q(f, 404, NULL, "{\"error\":{\"code\":\"UserError\",\"message\":\"no job\"}}");
  err = NULL;
  assert_int_equal(aml_jobs_wait(f->c, "nope", -1, &job, &err), AML_ERR_NOT_FOUND);
  assert_null(job);
  aml_error_free(err);
}

int main(void) {
#define T(fn) cmocka_unit_test_setup_teardown(fn, aml_test_fake_setup, aml_test_fake_teardown)
  const struct CMUnitTest tests[] = {
      T(test_invoke_on_the_wire), T(test_invoke_minimal), T(test_invoke_retry_keeps_repeatability_id),
      T(test_invoke_validation_sends_nothing), T(test_jobs_get_list_cancel), T(test_jobs_wait),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
