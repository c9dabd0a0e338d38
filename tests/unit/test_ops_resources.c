/* Deployment, compute and asset-version operations over the fake transport:
 * URLs (the endpoint and deployment names each in their place), request
 * bodies, short references expanded to workspace ids, validation that sends
 * nothing, compute delete actions, scale updates, nodes, sizes and usage. */
#include "test_support.h"

#include "core/json.h"

#include <string.h>

#define ARMH "https://management.example.test"
#define SUBP ARMH "/subscriptions/sub-1/providers/Microsoft.MachineLearningServices"
#define WSID "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1"
#define WS ARMH WSID
#define AV "?api-version=2025-12-01"

static void queue(aml_test_fake *f, int32_t status, const char *headers, const char *body) {
  assert_int_equal(aml_fake_transport_add_response(f->t, status, headers, body, NULL), AML_OK);
}

#define DEP_BODY "{\"name\":\"blue\",\"location\":\"eastus\",\"properties\":{\"provisioningState\":\"Succeeded\",\"compute\":\"" WSID "/computes/cpu-cluster\"}}"

static void fill_deployment(aml_batch_deployment *d, aml_code_configuration *cc, aml_batch_retry_settings *rs) {
  aml_batch_deployment_init(d, AML_BATCH_DEPLOYMENT_VERSION);
  aml_code_configuration_init(cc, AML_CODE_CONFIGURATION_VERSION);
  aml_batch_retry_settings_init(rs, AML_BATCH_RETRY_SETTINGS_VERSION);
  d->name = "blue";
  d->endpoint_name = "endpoint-example";
  d->model = "azureml:mnist:1";
  cc->code = "azureml:score-code:1";
  cc->scoring_script = "score.py";
  d->code_configuration = cc;
  d->environment = "azureml:sklearn-env:2";
  d->compute = "azureml:cpu-cluster";
  d->location = "eastus";
  d->instance_count = 2;
  d->mini_batch_size = 10;
  d->error_threshold = -1;
  d->output_action = "append_row";
  d->output_file_name = "predictions.csv";
  rs->max_retries = 3;
  rs->timeout_s = 300;
  d->retry_settings = rs;
}

static void test_deployment_create_expands_references(void **state) {
  aml_test_fake *f = *state;
  queue(f, 200, NULL, DEP_BODY);
  aml_batch_deployment d;
  aml_code_configuration cc;
  aml_batch_retry_settings rs;
  fill_deployment(&d, &cc, &rs);
  aml_poller *p = NULL;
  aml_error *err = NULL;
  if (aml_batch_deployments_begin_create_or_update(f->c, &d, &p, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), WS "/batchEndpoints/endpoint-example/deployments/blue" AV);
  json_t *b = aml_test_request_json(f->t, 0);
  assert_string_equal(aml__json_path_str(b, "properties.model.referenceType"), "Id");
  assert_string_equal(aml__json_path_str(b, "properties.model.assetId"), WSID "/models/mnist/versions/1");
  assert_string_equal(aml__json_path_str(b, "properties.codeConfiguration.codeId"), WSID "/codes/score-code/versions/1");
  assert_string_equal(aml__json_path_str(b, "properties.codeConfiguration.scoringScript"), "score.py");
  assert_string_equal(aml__json_path_str(b, "properties.environmentId"), WSID "/environments/sklearn-env/versions/2");
  assert_string_equal(aml__json_path_str(b, "properties.compute"), WSID "/computes/cpu-cluster");
  assert_int_equal(json_integer_value(aml__json_path(b, "properties.resources.instanceCount")), 2);
  assert_int_equal(json_integer_value(aml__json_path(b, "properties.errorThreshold")), -1);
  assert_string_equal(aml__json_path_str(b, "properties.outputAction"), "AppendRow");
  assert_string_equal(aml__json_path_str(b, "properties.retrySettings.timeout"), "PT5M");
  json_decref(b);
  assert_true(aml_poller_done(p));
  const aml_batch_deployment *made = aml_poller_batch_deployment(p);
  assert_non_null(made);
  assert_string_equal(made->name, "blue");
  aml_poller_free(p);

  /* Validation: nothing is sent. */
  aml_fake_transport_reset(f->t);
  d.compute = NULL;
  err = NULL;
  assert_int_equal(aml_batch_deployments_begin_create_or_update(f->c, &d, &p, &err), AML_ERR_VALIDATION);
  aml_error_free(err);
  assert_int_equal(aml_fake_transport_request_count(f->t), 0);
}

/* Issue 8: a SummaryOnly deployment as the service answers it (with
 * outputFileName) is written back with PUT, not refused client-side. */
static void test_summary_only_deployment_round_trip(void **state) {
  aml_test_fake *f = *state;
  const char *got = "{\"id\":\"" WSID "/batchEndpoints/endpoint-example/deployments/blue\",\"name\":\"blue\",\"location\":\"eastus\",\"properties\":{\"provisioningState\":"
                    "\"Succeeded\",\"compute\":\"" WSID "/computes/cpu-cluster\",\"model\":{\"referenceType\":"
                    "\"Id\",\"assetId\":\"" WSID "/models/m/versions/1\"},\"outputAction\":\"SummaryOnly\","
                    "\"outputFileName\":\"predictions.csv\"}}";
  queue(f, 200, NULL, got);
  aml_batch_deployment *d = NULL;
  assert_int_equal(aml_batch_deployments_get(f->c, "endpoint-example", "blue", &d, NULL), AML_OK);
  assert_string_equal(d->output_action, AML_OUTPUT_ACTION_SUMMARY_ONLY);
  assert_string_equal(d->output_file_name, "predictions.csv");
  queue(f, 200, NULL, got);
  aml_poller *p = NULL;
  aml_error *err = NULL;
  if (aml_batch_deployments_begin_create_or_update(f->c, d, &p, &err) != AML_OK)
    fail_msg("PUT of a GET result refused: %s", aml_error_message(err));
  json_t *b = aml_test_request_json(f->t, 1);
  assert_string_equal(aml_http_request_method(aml_test_request(f->t, 1)), "PUT");
  assert_string_equal(aml__json_path_str(b, "properties.outputAction"), "SummaryOnly");
  json_decref(b);
  aml_poller_free(p);
  aml_batch_deployment_free(d);
}

static void test_deployment_get_list_delete_update(void **state) {
  aml_test_fake *f = *state;
  queue(f, 200, NULL, DEP_BODY);
  aml_batch_deployment *d = NULL;
  assert_int_equal(aml_batch_deployments_get(f->c, "endpoint-example", "blue", &d, NULL), AML_OK);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), WS "/batchEndpoints/endpoint-example/deployments/blue" AV);
  aml_batch_deployment_free(d);

  queue(f, 200, NULL, "{\"value\":[" DEP_BODY "," DEP_BODY "]}");
  aml_pager *it = NULL;
  assert_int_equal(aml_batch_deployments_list(f->c, "endpoint-example", &it, NULL), AML_OK);
  int n = 0;
  while (aml_pager_next_batch_deployment(it, &d, NULL) == AML_OK) {
    n++;
    aml_batch_deployment_free(d);
  }
  assert_int_equal(n, 2);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 1)), WS "/batchEndpoints/endpoint-example/deployments" AV);
  aml_pager_free(it);

  /* Delete puts the endpoint name where the endpoint goes (azure-ai-ml once
   * passed the deployment name as endpointName). */
  queue(f, 204, NULL, NULL);
  aml_poller *p = NULL;
  assert_int_equal(aml_batch_deployments_begin_delete(f->c, "endpoint-example", "blue", &p, NULL), AML_OK);
  assert_string_equal(aml_http_request_method(aml_test_request(f->t, 2)), "DELETE");
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 2)), WS "/batchEndpoints/endpoint-example/deployments/blue" AV);
  assert_true(aml_poller_done(p));
  aml_poller_free(p);

  aml_batch_deployment upd;
  aml_batch_deployment_init(&upd, AML_BATCH_DEPLOYMENT_VERSION);
  upd.endpoint_name = "endpoint-example";
  upd.name = "blue";
  aml_error *err = NULL;
  assert_int_equal(aml_batch_deployments_begin_update(f->c, &upd, &p, &err), AML_ERR_VALIDATION);
  aml_error_free(err);
  upd.description = "second version";
  queue(f, 200, NULL, DEP_BODY);
  assert_int_equal(aml_batch_deployments_begin_update(f->c, &upd, &p, NULL), AML_OK);
  assert_string_equal(aml_http_request_method(aml_test_request(f->t, 3)), "PATCH");
  json_t *b = aml_test_request_json(f->t, 3);
  assert_string_equal(aml__json_path_str(b, "properties.description"), "second version");
  json_decref(b);
  assert_non_null(aml_poller_batch_deployment(p));
  aml_poller_free(p);
  assert_int_equal(aml_batch_deployments_get(f->c, "endpoint-example", "", &d, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_batch_deployments_list(f->c, NULL, &it, NULL), AML_ERR_INVALID_ARG);
}

#define COMPUTE_BODY(state) \
  "{\"name\":\"aml-cluster\",\"location\":\"eastus\",\"properties\":{\"computeType\":\"AmlCompute\",\"provisioningState\":\"" state "\"," \
  "\"properties\":{\"vmSize\":\"STANDARD_DS11_V2\",\"vmPriority\":\"Dedicated\",\"scaleSettings\":{\"minNodeCount\":0,\"maxNodeCount\":4," \
  "\"nodeIdleTimeBeforeScaleDown\":\"PT2M\"},\"allocationState\":\"Steady\",\"currentNodeCount\":0}}}"

static void test_compute_create_update_delete(void **state) {
  aml_test_fake *f = *state;
  aml_test_queue_workspace(f->t, "ws-1", "eastus");
  queue(f, 201, "Azure-AsyncOperation: " SUBP "/locations/eastus/computeOperationsStatus/1\nRetry-After: 0", COMPUTE_BODY("Creating"));
  queue(f, 200, NULL, "{\"status\":\"Succeeded\"}");
  queue(f, 200, NULL, COMPUTE_BODY("Succeeded"));
  aml_compute c;
  aml_compute_init(&c, AML_COMPUTE_VERSION);
  c.name = "aml-cluster";
  c.size = "STANDARD_DS11_V2";
  c.tier = "dedicated";
  c.min_instances = 0;
  c.max_instances = 4;
  c.idle_time_before_scale_down = 120;
  aml_poller *p = NULL;
  aml_error *err = NULL;
  if (aml_computes_begin_create_or_update(f->c, &c, &p, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 1)), WS "/computes/aml-cluster" AV);
  json_t *b = aml_test_request_json(f->t, 1);
  assert_string_equal(aml__json_path_str(b, "location"), "eastus");
  assert_string_equal(aml__json_path_str(b, "properties.computeType"), "AmlCompute");
  assert_string_equal(aml__json_path_str(b, "properties.properties.vmSize"), "STANDARD_DS11_V2");
  assert_string_equal(aml__json_path_str(b, "properties.properties.vmPriority"), "Dedicated");
  assert_int_equal(json_integer_value(aml__json_path(b, "properties.properties.scaleSettings.minNodeCount")), 0);
  assert_int_equal(json_integer_value(aml__json_path(b, "properties.properties.scaleSettings.maxNodeCount")), 4);
  assert_string_equal(aml__json_path_str(b, "properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown"), "PT2M");
  json_decref(b);
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  const aml_compute *made = aml_poller_compute(p);
  assert_non_null(made);
  assert_string_equal(made->allocation_state, "Steady");
  assert_int_equal(made->max_instances, 4);
  assert_int_equal(made->idle_time_before_scale_down, 120);
  aml_poller_free(p);

  /* min > max: nothing sent. */
  aml_fake_transport_reset(f->t);
  c.min_instances = 5;
  err = NULL;
  assert_int_equal(aml_computes_begin_create_or_update(f->c, &c, &p, &err), AML_ERR_VALIDATION);
  aml_error_free(err);
  assert_int_equal(aml_computes_begin_update(f->c, &c, &p, NULL), AML_ERR_VALIDATION);
  assert_int_equal(aml_fake_transport_request_count(f->t), 0);

  /* Scale update: PATCH with scale settings only. */
  aml_compute scale;
  aml_compute_init(&scale, AML_COMPUTE_VERSION);
  scale.name = "aml-cluster";
  scale.max_instances = AML_UNSET;
  assert_int_equal(aml_computes_begin_update(f->c, &scale, &p, NULL), AML_ERR_VALIDATION);
  scale.max_instances = 8;
  scale.min_instances = 1;
  queue(f, 200, "Azure-AsyncOperation: " SUBP "/locations/eastus/computeOperationsStatus/2", COMPUTE_BODY("Updating"));
  queue(f, 200, NULL, "{\"status\":\"Succeeded\"}");
  queue(f, 200, NULL, COMPUTE_BODY("Succeeded"));
  assert_int_equal(aml_computes_begin_update(f->c, &scale, &p, NULL), AML_OK);
  assert_string_equal(aml_http_request_method(aml_test_request(f->t, 0)), "PATCH");
  b = aml_test_request_json(f->t, 0);
  assert_int_equal(json_integer_value(aml__json_path(b, "properties.properties.scaleSettings.maxNodeCount")), 8);
  assert_null(aml__json_path(b, "properties.properties.vmSize"));
  json_decref(b);
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  aml_poller_free(p);

  /* Delete or detach, via the required query parameter. */
  aml_fake_transport_reset(f->t);
  queue(f, 200, NULL, NULL);
  queue(f, 204, NULL, NULL);
  assert_int_equal(aml_computes_begin_delete(f->c, "aml-cluster", "delete", &p, NULL), AML_OK);
  aml_poller_free(p);
  assert_int_equal(aml_computes_begin_delete(f->c, "aml-cluster", AML_COMPUTE_DETACH, &p, NULL), AML_OK);
  aml_poller_free(p);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), WS "/computes/aml-cluster" AV "&underlyingResourceAction=Delete");
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 1)), WS "/computes/aml-cluster" AV "&underlyingResourceAction=Detach");
  assert_int_equal(aml_computes_begin_delete(f->c, "aml-cluster", "Destroy", &p, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_fake_transport_request_count(f->t), 2);
}

static void test_compute_nodes_sizes_usage(void **state) {
  aml_test_fake *f = *state;
  queue(f, 503, NULL, NULL); /* listNodes is a read: retried even though it is a POST */
  queue(f, 200, NULL, "{\"nodes\":[{\"nodeId\":\"tvm-1\",\"privateIpAddress\":\"10.0.0.4\",\"port\":50000,\"nodeState\":\"idle\"}],"
                      "\"nextLink\":\"" WS "/computes/aml-cluster/listNodes?api-version=2025-12-01&$skipToken=n2\"}");
  queue(f, 200, NULL, "{\"nodes\":[{\"nodeId\":\"tvm-2\",\"nodeState\":\"running\",\"runId\":\"job-1\"}]}");
  aml_pager *it = NULL;
  assert_int_equal(aml_computes_list_nodes(f->c, "aml-cluster", &it, NULL), AML_OK);
  aml_compute_node *n = NULL;
  assert_int_equal(aml_pager_next_compute_node(it, &n, NULL), AML_OK);
  assert_string_equal(n->node_id, "tvm-1");
  assert_string_equal(n->private_ip_address, "10.0.0.4");
  assert_int_equal(n->port, 50000);
  assert_null(n->public_ip_address);
  aml_compute_node_free(n);
  assert_int_equal(aml_pager_next_compute_node(it, &n, NULL), AML_OK);
  assert_string_equal(n->run_id, "job-1");
  assert_int_equal(n->port, AML_UNSET);
  aml_compute_node_free(n);
  assert_int_equal(aml_pager_next_compute_node(it, &n, NULL), AML_ITER_END);
  aml_pager_free(it);
  assert_string_equal(aml_http_request_method(aml_test_request(f->t, 1)), "POST");
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 1)), WS "/computes/aml-cluster/listNodes" AV);

  aml_fake_transport_reset(f->t);
  aml_test_queue_workspace(f->t, "ws-1", "eastus");
  queue(f, 200, NULL, "{\"value\":[{\"name\":\"STANDARD_DS11_V2\",\"family\":\"standardDSv2Family\",\"vCPUs\":2,\"gpus\":0,"
                      "\"memoryGB\":14.0,\"lowPriorityCapable\":true,\"premiumIO\":true}]}");
  assert_int_equal(aml_computes_list_sizes(f->c, NULL, &it, NULL), AML_OK);
  aml_vm_size *s = NULL;
  assert_int_equal(aml_pager_next_vm_size(it, &s, NULL), AML_OK);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 1)), SUBP "/locations/eastus/vmSizes" AV);
  assert_string_equal(s->name, "STANDARD_DS11_V2");
  assert_int_equal(s->v_cpus, 2);
  assert_true(s->memory_gb > 13.9 && s->memory_gb < 14.1);
  assert_int_equal(s->low_priority_capable, 1);
  aml_vm_size_free(s);
  assert_int_equal(aml_pager_next_vm_size(it, &s, NULL), AML_ITER_END);
  aml_pager_free(it);

  queue(f, 200, NULL, "{\"value\":[{\"id\":\"u1\",\"type\":\"Microsoft.MachineLearningServices/totalCores/usages\",\"unit\":\"Count\","
                      "\"currentValue\":4,\"limit\":100,\"name\":{\"value\":\"Total Cluster Dedicated Regional vCPUs\",\"localizedValue\":\"x\"}}]}");
  assert_int_equal(aml_computes_list_usage(f->c, "westus", &it, NULL), AML_OK);
  aml_usage *u = NULL;
  assert_int_equal(aml_pager_next_usage(it, &u, NULL), AML_OK);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 2)), SUBP "/locations/westus/usages" AV);
  assert_int_equal(u->current_value, 4);
  assert_int_equal(u->limit, 100);
  assert_string_equal(u->name, "Total Cluster Dedicated Regional vCPUs");
  aml_usage_free(u);
  aml_vm_size *wrong = NULL;
  assert_int_equal(aml_pager_next_vm_size(it, &wrong, NULL), AML_ERR_INVALID_ARG);
  aml_pager_free(it);
}

static void test_asset_versions(void **state) {
  aml_test_fake *f = *state;
  queue(f, 201, NULL, "{\"id\":\"" WSID "/models/mnist/versions/1\",\"name\":\"1\",\"properties\":{\"modelUri\":\"azureml://datastores/workspaceblobstore/paths/models/mnist\",\"modelType\":\"custom_model\"}}");
  aml_model_version m;
  aml_model_version_init(&m, AML_MODEL_VERSION_VERSION);
  m.name = "mnist";
  m.asset_version = "1";
  m.path = "azureml://datastores/workspaceblobstore/paths/models/mnist";
  aml_model_version *made = NULL;
  aml_error *err = NULL;
  if (aml_models_create_or_update(f->c, &m, &made, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_string_equal(aml_http_request_method(aml_test_request(f->t, 0)), "PUT");
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), WS "/models/mnist/versions/1" AV);
  json_t *b = aml_test_request_json(f->t, 0);
  assert_string_equal(aml__json_path_str(b, "properties.modelUri"), m.path);
  json_decref(b);
  assert_string_equal(made->id, WSID "/models/mnist/versions/1");
  aml_model_version_free(made);

  queue(f, 200, NULL, "{\"id\":\"" WSID "/codes/score/versions/1\",\"properties\":{\"codeUri\":\"https://acct.blob.core.windows.net/c/score\"}}");
  aml_code_version cv;
  aml_code_version_init(&cv, AML_CODE_VERSION_VERSION);
  cv.name = "score";
  cv.asset_version = "1";
  cv.path = "https://acct.blob.core.windows.net/c/score";
  assert_int_equal(aml_codes_create_or_update(f->c, &cv, NULL, NULL), AML_OK);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 1)), WS "/codes/score/versions/1" AV);

  queue(f, 200, NULL, "{\"id\":\"" WSID "/environments/env/versions/2\",\"properties\":{\"image\":\"mcr.microsoft.com/azureml/base:latest\"}}");
  aml_environment_version *env = NULL;
  assert_int_equal(aml_environments_get(f->c, "env", "2", &env, NULL), AML_OK);
  assert_string_equal(env->image, "mcr.microsoft.com/azureml/base:latest");
  aml_environment_version_free(env);

  queue(f, 404, NULL, "{\"error\":{\"code\":\"UserError\",\"message\":\"Not found\"}}");
  aml_code_version *missing = NULL;
  err = NULL;
  assert_int_equal(aml_codes_get(f->c, "nope", "1", &missing, &err), AML_ERR_NOT_FOUND);
  aml_error_free(err);
  assert_int_equal(aml_models_get(f->c, "mnist", "", &made, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_models_get(f->c, "mnist", "1", NULL, NULL), AML_ERR_INVALID_ARG);
  m.path = NULL; /* required */
  assert_int_equal(aml_models_create_or_update(f->c, &m, NULL, NULL), AML_ERR_VALIDATION);
  assert_int_equal(aml_fake_transport_request_count(f->t), 4);
}

int main(void) {
#define T(fn) cmocka_unit_test_setup_teardown(fn, aml_test_fake_setup, aml_test_fake_teardown)
  const struct CMUnitTest tests[] = {
      T(test_deployment_create_expands_references), T(test_deployment_get_list_delete_update), T(test_summary_only_deployment_round_trip),
      T(test_compute_create_update_delete),         T(test_compute_nodes_sizes_usage),
      T(test_asset_versions),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
