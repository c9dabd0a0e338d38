/* Invoke and jobs over the fake transport: the POST to the scoring URI
 * (data-plane scope, repeatability id kept across retries, the deployment
 * header, the BatchJob body), validation that sends nothing, and jobs get,
 * list, cancel and wait. */
#include "test_support.h"

#include <jansson.h>
#include <stddef.h>
#include <string.h>

#define WS "https://management.example.test/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1"
#define AV "?api-version=2025-12-01"
#define SCORING "https://endpoint-example.eastus.inference.ml.azure.com/jobs"
#define EP "{\"name\":\"endpoint-example\",\"location\":\"eastus\",\"properties\":{\"authMode\":\"AADToken\",\"provisioningState\":\"Succeeded\",\"scoringUri\":\"" SCORING "\"}}"
#define JOB(name, status) "{\"id\":\"/jobs/" name "\",\"name\":\"" name "\",\"systemData\":{\"createdAt\":\"2026-11-27T10:00:00Z\"},\"properties\":{\"status\":\"" status "\",\"jobType\":\"Pipeline\",\"experimentName\":\"endpoint-example\",\"properties\":{\"azureml.batchrun\":\"true\"}}}"

static void q(aml_test_fake *f, int32_t status, const char *headers, const char *body) {
  assert_int_equal(aml_fake_transport_add_response(f->t, status, headers, body, NULL), AML_OK);
}

#define API "https://eastus.api.azureml.ms"
#define WS_PATH "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1"
#define MFE API "/mferp/managementfrontend" WS_PATH
#define MFE_AV "?api-version=2020-09-01-dataplanepreview"

/* The workspace and its discovery document (the way to the `api` host). */
static void q_api_host(aml_test_fake *f) {
  aml_test_queue_workspace(f->t, "ws-1", "eastus");
  q(f, 200, NULL, "{\"api\":\"" API "/\",\"history\":\"" API "\"}");
}

/* Run history on a client that already read its api host (cached). */
static void q_history_again(aml_test_fake *f, const char *body) { q(f, 200, NULL, body); }

/* The api host, then the run history details `body`. */
static void q_history(aml_test_fake *f, const char *body) {
  q_api_host(f);
  q(f, 200, NULL, body);
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
  o.version = AML_INVOKE_OPTIONS_VERSION + 1;
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
  q_history(f, "{\"runId\":\"job-w\",\"status\":\"Completed\",\"startTimeUtc\":\"2026-11-27T10:00:05Z\",\"endTimeUtc\":\"2026-11-27T10:01:00Z\",\"logFiles\":{},\"warnings\":[]}");
  aml_job *job = NULL;
  assert_int_equal(aml_jobs_wait(f->c, "job-w", -1, &job, NULL), AML_OK);
  assert_string_equal(job->status, "Completed");
  assert_string_equal(job->start_time, "2026-11-27T10:00:05Z"); /* from run history */
  assert_string_equal(job->end_time, "2026-11-27T10:01:00Z");
  assert_null(job->error_code);
  aml_job_free(job);
  assert_int_equal(f->sleeps.count, 2);
  assert_int_equal(f->sleeps.delays[0], 5000); /* the client's poll interval */

  q(f, 200, NULL, JOB("job-w", "Failed"));
  q_history_again(f, "{\"runId\":\"job-w\",\"status\":\"Failed\",\"error\":{\"error\":{\"code\":\"UserError\",\"message\":\"run() raised ValueError: bad row 7\"}}}");
  aml_error *err = NULL;
  assert_int_equal(aml_jobs_wait(f->c, "job-w", -1, &job, &err), AML_ERR_OPERATION_FAILED);
  assert_string_equal(job->status, "Failed"); /* the job is handed back to inspect */
  assert_string_equal(job->error_code, "UserError");
  assert_string_equal(job->error_message, "run() raised ValueError: bad row 7");
  assert_non_null(strstr(aml_error_message(err), "UserError: run() raised ValueError: bad row 7"));
  aml_job_free(job);
  aml_error_free(err);
  q(f, 200, NULL, JOB("job-w", "Canceled"));
  q_history_again(f, "{\"runId\":\"job-w\",\"status\":\"Canceled\"}");
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

/* An ARM JobBase of a batch job: inputs and outputs in the ARM spelling. */
#define ARM_JOB "{\"id\":\"/subscriptions/sub-1/jobs/batchjob-9\",\"name\":\"batchjob-9\",\"properties\":{" \
  "\"status\":\"Completed\",\"jobType\":\"Pipeline\",\"description\":\"nightly\",\"tags\":{\"team\":\"risk\"}," \
  "\"inputs\":{\"heart\":{\"jobInputType\":\"uri_folder\",\"uri\":\"azureml://datastores/workspaceblobstore/paths/in/\",\"mode\":\"ReadOnlyMount\"}," \
  "\"n\":{\"jobInputType\":\"literal\",\"value\":\"5\"}}," \
  "\"outputs\":{\"score\":{\"jobOutputType\":\"uri_folder\",\"uri\":\"azureml://datastores/workspaceblobstore/paths/azureml/batchjob-9/score/\"}," \
  "\"default\":{\"jobOutputType\":\"uri_folder\",\"uri\":\"azureml://datastores/workspaceartifactstore/paths/ExperimentRun/dcid.batchjob-9/\",\"mode\":\"ReadWriteMount\"}}}}"

/* The data plane's BatchJobResource of the same job (PascalCase types). */
#define MFE_JOB(name, status) "{\"id\":\"/mfe/jobs/" name "\",\"name\":\"" name "\",\"systemData\":{\"createdAt\":\"2026-11-27T10:00:00Z\"},\"properties\":{" \
  "\"status\":\"" status "\",\"provisioningState\":\"Succeeded\",\"name\":\"" name "\",\"description\":\"d\"," \
  "\"inputData\":{\"heart\":{\"jobInputType\":\"UriFile\",\"uri\":\"https://x/heart.csv\"}}," \
  "\"outputData\":{\"preds\":{\"jobOutputType\":\"UriFile\",\"uri\":\"azureml://datastores/workspaceblobstore/paths/o/p.csv\"}}," \
  "\"output\":{\"datastoreId\":\"/x/datastores/workspaceblobstore\",\"path\":\"azureml/" name "/score/\"}}}"

static void test_job_typed_from_arm_and_data_plane(void **state) {
  (void)state;
  aml_job *j = NULL;
  aml_error *err = NULL;
  if (aml_job_from_json(ARM_JOB, &j, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_int_equal(j->version, AML_JOB_VERSION);
  assert_int_equal(j->inputs_count, 2);
  assert_string_equal(j->inputs[0]->name, "heart");
  assert_string_equal(j->inputs[0]->type, AML_INPUT_TYPE_URI_FOLDER);
  assert_string_equal(j->inputs[0]->uri, "azureml://datastores/workspaceblobstore/paths/in/");
  assert_string_equal(j->inputs[1]->type, AML_INPUT_TYPE_LITERAL);
  assert_string_equal(j->inputs[1]->value, "5");
  assert_null(j->inputs[1]->uri);
  assert_int_equal(j->outputs_count, 2);
  const aml_job_output *score = aml_job_find_output(j, AML_JOB_OUTPUT_SCORE);
  assert_non_null(score);
  assert_string_equal(score->uri, "azureml://datastores/workspaceblobstore/paths/azureml/batchjob-9/score/");
  assert_string_equal(aml_job_find_output(j, "default")->mode, "ReadWriteMount");
  assert_null(aml_job_find_output(j, "nope"));
  assert_null(aml_job_find_output(NULL, "score"));
  assert_int_equal(j->tags_count, 1);
  assert_string_equal(j->description, "nightly");
  assert_null(j->start_time);
  assert_null(j->error_code);
  aml_job_free(j);

  assert_int_equal(aml_job_from_json(MFE_JOB("batchjob-7", "Running"), &j, NULL), AML_OK);
  assert_string_equal(j->name, "batchjob-7");
  assert_string_equal(j->provisioning_state, "Succeeded");
  assert_int_equal(j->inputs_count, 1);
  assert_string_equal(j->inputs[0]->type, AML_INPUT_TYPE_URI_FILE); /* UriFile -> uri_file */
  assert_string_equal(j->outputs[0]->name, "preds");
  assert_string_equal(j->outputs[0]->type, AML_OUTPUT_TYPE_URI_FILE);
  assert_string_equal(j->created_at, "2026-11-27T10:00:00Z");
  aml_job_free(j);

  /* A failing body reports the path; nothing leaks. */
  err = NULL;
  assert_int_equal(aml_job_from_json("{\"name\":\"j\",\"properties\":{\"outputs\":{\"score\":7}}}", &j, &err), AML_ERR_PARSE);
  assert_non_null(strstr(aml_error_message(err), "properties.outputs[\"score\"]"));
  assert_null(j);
  aml_error_free(err);
  assert_int_equal(aml_job_from_json("{\"name\":\"j\",\"properties\":{\"inputData\":{\"a\":{\"uri\":3}}}}", &j, NULL), AML_ERR_PARSE);
  aml_job_output o;
  assert_int_equal(aml_job_output_init(&o, AML_JOB_OUTPUT_VERSION), AML_OK);
  assert_string_equal(o.type, AML_OUTPUT_TYPE_URI_FOLDER);
  assert_null(o.uri);
  assert_int_equal(aml_job_output_init(&o, 7), AML_ERR_VERSION);
  assert_int_equal(aml_job_output_init(NULL, AML_JOB_OUTPUT_VERSION), AML_ERR_INVALID_ARG);
}

/* Every status azure-ai-ml stops at ends a wait, with the right verdict. */
static void test_jobs_wait_every_terminal_status(void **state) {
  aml_test_fake *f = *state;
  static const struct {
    const char *status;
    aml_result rc;
  } cases[] = {{"Completed", AML_OK},
               {"Failed", AML_ERR_OPERATION_FAILED},
               {"Canceled", AML_ERR_CANCELED},
               {"Cancelled", AML_ERR_CANCELED},
               {"NotResponding", AML_ERR_OPERATION_FAILED},
               {"Paused", AML_ERR_OPERATION_FAILED},
               {"completed", AML_OK}};
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    aml_fake_transport_reset(f->t);
    f->sleeps.count = 0;
    char body[512];
    snprintf(body, sizeof(body), JOB("job-t", "%s"), cases[i].status);
    q(f, 200, NULL, JOB("job-t", "Running"));
    q(f, 200, NULL, body);
    q_history(f, "{\"runId\":\"job-t\"}");
    aml_job *job = NULL;
    aml_error *err = NULL;
    assert_int_equal(aml_jobs_wait(f->c, "job-t", -1, &job, &err), cases[i].rc);
    assert_int_equal(f->sleeps.count, 1); /* one poll interval, then the terminal read */
    assert_string_equal(job->status, cases[i].status);
    if (cases[i].rc == AML_ERR_OPERATION_FAILED) {
      assert_non_null(strstr(aml_error_message(err), cases[i].status));
      assert_non_null(strstr(aml_error_message(err), "gave no reason"));
    }
    assert_true(aml_job_status_is_terminal(cases[i].status));
    aml_job_free(job);
    aml_error_free(err);
  }
  static const char *const running[] = {"NotStarted", "Starting", "Provisioning", "Preparing", "Queued",
                                        "Running", "Finalizing", "CancelRequested", "Unknown"};
  for (size_t i = 0; i < sizeof(running) / sizeof(running[0]); i++) assert_false(aml_job_status_is_terminal(running[i]));
}

/* Run history: read on the api host (the discovery document is fetched
 * without a token; the details with the ARM one); unreadable history still
 * gives the job. */
static void test_jobs_get_details(void **state) {
  aml_test_fake *f = *state;
  q(f, 200, NULL, JOB("job-d", "Failed"));
  q_history(f, "{\"runId\":\"job-d\",\"status\":\"Failed\",\"startTimeUtc\":\"2026-11-27T10:00:05Z\",\"endTimeUtc\":\"2026-11-27T10:00:09Z\",\"error\":{\"error\":{\"code\":\"ScriptError\",\"message\":\"init() failed\"}}}");
  aml_job *job = NULL;
  aml_error *err = NULL;
  if (aml_jobs_get_details(f->c, "job-d", &job, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_string_equal(job->error_code, "ScriptError");
  assert_string_equal(job->error_message, "init() failed");
  assert_string_equal(job->start_time, "2026-11-27T10:00:05Z");
  assert_string_equal(job->end_time, "2026-11-27T10:00:09Z");
  aml_job_free(job);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 2)), "https://eastus.api.azureml.ms/discovery");
  assert_null(aml_http_request_header(aml_test_request(f->t, 2), "Authorization"));
  const aml_http_request *details = aml_test_request(f->t, 3);
  assert_string_equal(aml_http_request_url(details), API "/history/v1.0" WS_PATH "/runs/job-d/details");
  assert_string_equal(aml_http_request_header(details, "Authorization"), "Bearer test-token");

  /* The api host is read once per client: the second read goes straight to
   * the history (no workspace, no discovery GET). */
  aml_fake_transport_reset(f->t);
  q(f, 200, NULL, JOB("job-d", "Running"));
  q(f, 404, NULL, "{\"error\":{\"code\":\"NotFound\",\"message\":\"no run\"}}");
  assert_int_equal(aml_jobs_get_details(f->c, "job-d", &job, NULL), AML_OK);
  assert_string_equal(job->status, "Running");
  assert_null(job->start_time);
  aml_job_free(job);
  assert_int_equal(aml_fake_transport_request_count(f->t), 2);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 1)), API "/history/v1.0" WS_PATH "/runs/job-d/details");
  assert_int_equal(aml_jobs_get_details(f->c, NULL, &job, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_jobs_get_details(NULL, "x", &job, NULL), AML_ERR_INVALID_ARG);
}

/* The endpoint's and the deployment's job lists: MFE routes on the api
 * host, pages followed on that host only, a client-side status filter. */
static void test_list_jobs_of_endpoint_and_deployment(void **state) {
  aml_test_fake *f = *state;
  q_api_host(f);
  q(f, 200, NULL, "{\"value\":[" MFE_JOB("j3", "Running") "," MFE_JOB("j2", "Completed") "],\"nextLink\":\"" MFE "/batchEndpoints/ep-1/jobs" MFE_AV "&$skiptoken=2\"}");
  q(f, 200, NULL, "{\"value\":[]" ",\"nextLink\":\"" MFE "/batchEndpoints/ep-1/jobs" MFE_AV "&$skiptoken=3\"}");
  q(f, 200, NULL, "{\"value\":[" MFE_JOB("j1", "Failed") "]}");
  aml_pager *it = NULL;
  aml_error *err = NULL;
  if (aml_batch_endpoints_list_jobs(f->c, "ep-1", NULL, &it, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  const char *expect[] = {"j3", "j2", "j1"};
  aml_job *job = NULL;
  size_t n = 0;
  while (aml_pager_next_job(it, &job, &err) == AML_OK) {
    assert_true(n < 3);
    assert_string_equal(job->name, expect[n++]);
    aml_job_free(job);
  }
  assert_int_equal(n, 3);
  assert_int_equal(aml_pager_pages_fetched(it), 3);
  aml_pager_free(it);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 2)), MFE "/batchEndpoints/ep-1/jobs" MFE_AV);
  assert_string_equal(aml_http_request_header(aml_test_request(f->t, 2), "Authorization"), "Bearer test-token");
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 4)), MFE "/batchEndpoints/ep-1/jobs" MFE_AV "&$skiptoken=3");

  /* A deployment's jobs, filtered by status (any case). */
  aml_fake_transport_reset(f->t); /* the api host is cached: no workspace or discovery GET */
  q(f, 200, NULL, "{\"value\":[" MFE_JOB("j3", "Running") "," MFE_JOB("j2", "Completed") "," MFE_JOB("j1", "Failed") "," MFE_JOB("j0", "Completed") "]}");
  aml_job_list_options o;
  assert_int_equal(aml_job_list_options_init(&o, AML_JOB_LIST_OPTIONS_VERSION), AML_OK);
  assert_null(o.status);
  o.status = "completed";
  assert_int_equal(aml_batch_deployments_list_jobs(f->c, "ep-1", "blue", &o, &it, NULL), AML_OK);
  o.status = "Failed"; /* copied at the call: a later change does not matter */
  const char *done[] = {"j2", "j0"};
  n = 0;
  while (aml_pager_next_job(it, &job, NULL) == AML_OK) {
    assert_true(n < 2);
    assert_string_equal(job->name, done[n++]);
    assert_string_equal(job->status, "Completed");
    aml_job_free(job);
  }
  assert_int_equal(n, 2);
  aml_pager_free(it);
  assert_int_equal(aml_fake_transport_request_count(f->t), 1);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), MFE "/batchEndpoints/ep-1/deployments/blue/jobs" MFE_AV);

  /* nextLink to another host: refused (the ARM token stays home). */
  aml_fake_transport_reset(f->t);
  q(f, 200, NULL, "{\"value\":[],\"nextLink\":\"https://evil.example.test/jobs\"}");
  assert_int_equal(aml_batch_endpoints_list_jobs(f->c, "ep-1", NULL, &it, NULL), AML_OK);
  err = NULL;
  assert_int_equal(aml_pager_next_job(it, &job, &err), AML_ERR_HTTP);
  assert_non_null(strstr(aml_error_message(err), "nextLink"));
  aml_error_free(err);
  aml_pager_free(it);
  assert_int_equal(aml_fake_transport_request_count(f->t), 1);

  /* Argument checks send nothing. */
  aml_fake_transport_reset(f->t);
  assert_int_equal(aml_batch_endpoints_list_jobs(f->c, "", NULL, &it, NULL), AML_ERR_INVALID_ARG);
  assert_null(it);
  assert_int_equal(aml_batch_deployments_list_jobs(f->c, "ep-1", NULL, NULL, &it, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_batch_endpoints_list_jobs(NULL, "ep-1", NULL, &it, NULL), AML_ERR_INVALID_ARG);
  o.version = 9;
  assert_int_equal(aml_batch_endpoints_list_jobs(f->c, "ep-1", &o, &it, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_job_list_options_init(&o, 9), AML_ERR_VERSION);
  assert_int_equal(aml_job_list_options_init(NULL, AML_JOB_LIST_OPTIONS_VERSION), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_fake_transport_request_count(f->t), 0);
}

/* Named outputs and the per-job overrides, on the wire. */
static void test_invoke_outputs_and_overrides(void **state) {
  aml_test_fake *f = *state;
  q(f, 200, NULL, EP);
  q(f, 200, NULL, JOB("batchjob-o", "NotStarted"));
  aml_job_input in;
  aml_job_input_init(&in, AML_JOB_INPUT_VERSION);
  in.name = "heart";
  in.uri = "azureml://datastores/workspaceblobstore/paths/in/";
  aml_job_output score, extra;
  aml_job_output_init(&score, AML_JOB_OUTPUT_VERSION);
  score.name = AML_JOB_OUTPUT_SCORE;
  score.uri = "azureml://datastores/workspaceblobstore/paths/results/run-1/";
  aml_job_output_init(&extra, AML_JOB_OUTPUT_VERSION);
  extra.name = "summary";
  extra.type = AML_OUTPUT_TYPE_URI_FILE;
  extra.uri = "azureml://datastores/workspaceblobstore/paths/results/summary.csv";
  const aml_job_output *outs[] = {&score, &extra};
  aml_batch_retry_settings rs;
  aml_batch_retry_settings_init(&rs, AML_BATCH_RETRY_SETTINGS_VERSION);
  rs.max_retries = 5;
  rs.timeout_s = 300;
  aml_string_pair tags[] = {{"team", "risk"}, {"run", "nightly"}};
  aml_invoke_options o;
  assert_int_equal(aml_invoke_options_init(&o, AML_INVOKE_OPTIONS_VERSION), AML_OK);
  assert_int_equal(o.max_concurrency_per_instance, AML_UNSET);
  assert_null(o.outputs);
  o.inputs = &in;
  o.inputs_count = 1;
  o.outputs = outs;
  o.outputs_count = 2;
  o.retry_settings = &rs;
  o.max_concurrency_per_instance = 4;
  o.logging_level = AML_BATCH_LOGGING_LEVEL_DEBUG;
  o.tags = tags;
  o.tags_count = 2;
  o.description = "nightly scoring";
  o.experiment_name = "exp-1";
  aml_job *job = NULL;
  aml_error *err = NULL;
  if (aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  aml_job_free(job);
  json_t *b = aml_test_request_json(f->t, 1);
  json_t *props = json_object_get(b, "properties");
  json_t *od = json_object_get(props, "outputData");
  assert_int_equal(json_object_size(od), 2);
  assert_string_equal(json_string_value(json_object_get(json_object_get(od, "score"), "jobOutputType")), "UriFolder");
  assert_string_equal(json_string_value(json_object_get(json_object_get(od, "score"), "uri")), score.uri);
  assert_string_equal(json_string_value(json_object_get(json_object_get(od, "summary"), "jobOutputType")), "UriFile");
  assert_string_equal(json_string_value(json_object_get(json_object_get(od, "summary"), "uri")), extra.uri);
  json_t *r = json_object_get(props, "retrySettings");
  assert_int_equal(json_integer_value(json_object_get(r, "maxRetries")), 5);
  assert_string_equal(json_string_value(json_object_get(r, "timeout")), "PT5M");
  assert_int_equal(json_integer_value(json_object_get(props, "maxConcurrencyPerInstance")), 4);
  assert_string_equal(json_string_value(json_object_get(props, "loggingLevel")), "Debug");
  assert_string_equal(json_string_value(json_object_get(props, "description")), "nightly scoring");
  assert_string_equal(json_string_value(json_object_get(json_object_get(props, "tags"), "run")), "nightly");
  assert_string_equal(json_string_value(json_object_get(json_object_get(props, "properties"), "experimentName")), "exp-1");
  assert_string_equal(json_string_value(json_object_get(json_object_get(json_object_get(props, "inputData"), "heart"), "uri")), in.uri);
  json_decref(b);

  /* Only the retry member that is set goes. */
  aml_fake_transport_reset(f->t);
  q(f, 200, NULL, EP);
  q(f, 200, NULL, JOB("batchjob-o", "NotStarted"));
  rs.timeout_s = AML_UNSET64;
  o.outputs_count = 0;
  o.outputs = NULL;
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, NULL), AML_OK);
  aml_job_free(job);
  b = aml_test_request_json(f->t, 1);
  props = json_object_get(b, "properties");
  assert_null(json_object_get(props, "outputData"));
  assert_int_equal(json_object_size(json_object_get(props, "retrySettings")), 1);
  json_decref(b);

  /* Bad outputs and overrides: nothing is sent. */
  aml_fake_transport_reset(f->t);
  o.outputs = outs;
  o.outputs_count = 2;
  extra.type = AML_INPUT_TYPE_MLTABLE;
  err = NULL;
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, &err), AML_ERR_VALIDATION);
  assert_non_null(strstr(aml_error_message(err), "uri_folder or uri_file"));
  aml_error_free(err);
  extra.type = "UriFile"; /* the wire spelling is accepted too */
  extra.name = AML_JOB_OUTPUT_SCORE;
  err = NULL;
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, &err), AML_ERR_VALIDATION);
  assert_non_null(strstr(aml_error_message(err), "given twice"));
  aml_error_free(err);
  extra.name = "summary";
  extra.uri = "";
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, NULL), AML_ERR_VALIDATION);
  extra.uri = "azureml://datastores/workspaceblobstore/paths/results/summary.csv";
  extra.version = 2;
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, NULL), AML_ERR_VERSION);
  extra.version = AML_JOB_OUTPUT_VERSION;
  const aml_job_output *holes[] = {&score, NULL};
  o.outputs = holes;
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, NULL), AML_ERR_VALIDATION);
  o.outputs = outs;
  o.max_concurrency_per_instance = 0;
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, NULL), AML_ERR_VALIDATION);
  o.max_concurrency_per_instance = AML_UNSET;
  rs.max_retries = -1;
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, NULL), AML_ERR_VALIDATION);
  rs.max_retries = 2;
  rs.version = 9;
  assert_int_equal(aml_batch_endpoints_invoke(f->c, "endpoint-example", &o, &job, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_fake_transport_request_count(f->t), 0);
}

/* A program built against version 1 of aml_invoke_options: only its bytes
 * are written by init and read by invoke (what lies beyond is not ours). */
static void test_invoke_options_version_1_still_accepted(void **state) {
  aml_test_fake *f = *state;
  const size_t v1 = offsetof(aml_invoke_options, outputs);
  unsigned char raw[sizeof(aml_invoke_options)];
  memset(raw, 0xA5, sizeof(raw));
  aml_invoke_options *o = (aml_invoke_options *)(void *)raw;
  assert_int_equal(aml_invoke_options_init(o, 1), AML_OK);
  for (size_t i = v1; i < sizeof(raw); i++) assert_int_equal(raw[i], 0xA5);
  assert_int_equal(o->version, 1);
  assert_int_equal(o->instance_count, AML_UNSET);
  aml_job_input in;
  aml_job_input_init(&in, AML_JOB_INPUT_VERSION);
  in.name = "input";
  in.uri = "https://x/data";
  o->inputs = &in;
  o->inputs_count = 1;
  o->mini_batch_size = 3;
  q(f, 200, NULL, EP);
  q(f, 200, NULL, JOB("batchjob-v1", "NotStarted"));
  aml_job *job = NULL;
  aml_error *err = NULL;
  if (aml_batch_endpoints_invoke(f->c, "endpoint-example", o, &job, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  aml_job_free(job);
  json_t *b = aml_test_request_json(f->t, 1);
  json_t *props = json_object_get(b, "properties");
  assert_int_equal(json_object_size(props), 2); /* inputData and miniBatchSize: nothing from the 0xA5 bytes */
  assert_int_equal(json_integer_value(json_object_get(props, "miniBatchSize")), 3);
  json_decref(b);

  /* Retry settings built against version 1 (no timeout_iso): accepted, and
   * nothing past their size is read. */
  const size_t rs_v1 = offsetof(aml_batch_retry_settings, timeout_iso);
  unsigned char rs_raw[sizeof(aml_batch_retry_settings)];
  memset(rs_raw, 0xA5, sizeof(rs_raw));
  aml_batch_retry_settings *rs = (aml_batch_retry_settings *)(void *)rs_raw;
  assert_int_equal(aml_batch_retry_settings_init(rs, 1), AML_OK);
  for (size_t i = rs_v1; i < sizeof(rs_raw); i++) assert_int_equal(rs_raw[i], 0xA5);
  rs->max_retries = 2;
  rs->timeout_s = 90;
  aml_invoke_options o2;
  aml_invoke_options_init(&o2, AML_INVOKE_OPTIONS_VERSION);
  o2.inputs = &in;
  o2.inputs_count = 1;
  o2.retry_settings = rs;
  aml_fake_transport_reset(f->t);
  q(f, 200, NULL, EP);
  q(f, 200, NULL, JOB("batchjob-rs1", "NotStarted"));
  if (aml_batch_endpoints_invoke(f->c, "endpoint-example", &o2, &job, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  aml_job_free(job);
  b = aml_test_request_json(f->t, 1);
  json_t *r = json_object_get(json_object_get(b, "properties"), "retrySettings");
  assert_int_equal(json_integer_value(json_object_get(r, "maxRetries")), 2);
  assert_string_equal(json_string_value(json_object_get(r, "timeout")), "PT1M30S");
  json_decref(b);
  assert_int_equal(aml_invoke_options_init(o, 0), AML_ERR_VERSION);
}

int main(void) {
#define T(fn) cmocka_unit_test_setup_teardown(fn, aml_test_fake_setup, aml_test_fake_teardown)
  const struct CMUnitTest tests[] = {
      T(test_invoke_on_the_wire), T(test_invoke_minimal), T(test_invoke_retry_keeps_repeatability_id),
      T(test_invoke_validation_sends_nothing), T(test_jobs_get_list_cancel), T(test_jobs_wait),
      T(test_job_typed_from_arm_and_data_plane), T(test_jobs_wait_every_terminal_status), T(test_jobs_get_details),
      T(test_list_jobs_of_endpoint_and_deployment), T(test_invoke_outputs_and_overrides),
      T(test_invoke_options_version_1_still_accepted),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
