/* aml_batch_deployment: defaults, JSON both ways, model references, scope
 * expansion, unset vs 0/-1, durations, enum spellings, parse errors, clone. */
#include "test_json.h"
#include "test_support.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml/entity_batch_deployment.h"

static char *to_json(const aml_batch_deployment *dep) {
  char *out = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_batch_deployment_to_json(dep, &out, &err);
  if (rc != AML_OK) fail_msg("to_json: %d %s", rc, aml_error_message(err));
  return out;
}

static aml_batch_deployment *from_fixture(const char *name) {
  char *text = aml_test_fixture(name);
  aml_batch_deployment *dep = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_batch_deployment_from_json(text, &dep, &err);
  if (rc != AML_OK) fail_msg("from_json %s: %s", name, aml_error_message(err));
  free(text);
  return dep;
}

static void test_init_defaults(void **state) {
  (void)state;
  aml_batch_deployment d;
  memset(&d, 0x77, sizeof(d));
  assert_int_equal(aml_batch_deployment_init(&d, AML_BATCH_DEPLOYMENT_VERSION), AML_OK);
  assert_int_equal(d.version, AML_BATCH_DEPLOYMENT_VERSION);
  assert_null(d.name);
  assert_null(d.model);
  assert_null(d.model_path);
  assert_null(d.code_configuration);
  assert_null(d.retry_settings);
  assert_null(d.environment_variables);
  assert_int_equal(d.instance_count, AML_UNSET);
  assert_int_equal(d.max_concurrency_per_instance, AML_UNSET);
  assert_int_equal(d.error_threshold, AML_UNSET);
  assert_true(d.mini_batch_size == AML_UNSET64);
  assert_int_equal(aml_batch_deployment_init(&d, 0), AML_ERR_VERSION);
  assert_int_equal(aml_batch_deployment_init(NULL, AML_BATCH_DEPLOYMENT_VERSION), AML_ERR_INVALID_ARG);

  aml_batch_retry_settings rs;
  assert_int_equal(aml_batch_retry_settings_init(&rs, AML_BATCH_RETRY_SETTINGS_VERSION), AML_OK);
  assert_int_equal(rs.max_retries, AML_UNSET);
  assert_true(rs.timeout_s == AML_UNSET64);
  assert_null(rs.timeout_iso);
  assert_int_equal(aml_batch_retry_settings_init(&rs, 3), AML_ERR_VERSION);
  /* Version 1 (before timeout_iso was appended) is still accepted and only
   * its own bytes are written. */
  memset(&rs, 0x5a, sizeof(rs));
  assert_int_equal(aml_batch_retry_settings_init(&rs, 1), AML_OK);
  assert_int_equal(rs.version, 1);
  assert_true(rs.timeout_s == AML_UNSET64);
  assert_true(rs.timeout_iso == (const char *)(uintptr_t)0x5a5a5a5a5a5a5a5aULL);
  assert_int_equal(aml_batch_retry_settings_init(NULL, 1), AML_ERR_INVALID_ARG);
  aml_code_configuration cc;
  assert_int_equal(aml_code_configuration_init(&cc, AML_CODE_CONFIGURATION_VERSION), AML_OK);
  assert_null(cc.code);
  assert_null(cc.scoring_script);
  assert_int_equal(aml_code_configuration_init(&cc, 2), AML_ERR_VERSION);
  assert_int_equal(aml_code_configuration_init(NULL, 1), AML_ERR_INVALID_ARG);
  aml_data_path dp;
  assert_int_equal(aml_data_path_init(&dp, AML_DATA_PATH_VERSION), AML_OK);
  assert_null(dp.path);
  assert_int_equal(aml_data_path_init(&dp, 2), AML_ERR_VERSION);
  assert_int_equal(aml_data_path_init(NULL, 1), AML_ERR_INVALID_ARG);
}

static void test_from_json_full(void **state) {
  (void)state;
  aml_batch_deployment *d = from_fixture("batch_deployment_full.json");
  assert_string_equal(d->name, "blue");
  assert_string_equal(d->endpoint_name, "nightly-scoring"); /* from the id */
  assert_string_equal(d->location, "eastus");
  assert_string_equal(d->description, "Gradient-boosted model, v7");
  assert_int_equal(d->tags_count, 1);
  assert_string_equal(d->tags[0].key, "stage");
  assert_int_equal(d->properties_count, 1);
  assert_string_equal(d->properties[0].value, "4f1c2e9");
  assert_non_null(strstr(d->model, "/models/loan-gbm/versions/7"));
  assert_null(d->model_path);
  assert_non_null(d->code_configuration);
  assert_int_equal(d->code_configuration->version, AML_CODE_CONFIGURATION_VERSION);
  assert_non_null(strstr(d->code_configuration->code, "/codes/scorer/versions/3"));
  assert_string_equal(d->code_configuration->scoring_script, "score.py");
  assert_non_null(strstr(d->environment, "/environments/sklearn-env/versions/2"));
  assert_int_equal(d->environment_variables_count, 2); /* the null value is skipped */
  assert_string_equal(d->environment_variables[0].key, "LOG_FORMAT");
  assert_string_equal(d->environment_variables[1].value, "1");
  assert_non_null(strstr(d->compute, "/computes/cpu-cluster"));
  assert_int_equal(d->instance_count, 3);
  assert_string_equal(d->instance_type, "Standard_DS3_v2");
  assert_int_equal(d->max_concurrency_per_instance, 4);
  assert_true(d->mini_batch_size == 5000000000LL); /* int64 */
  assert_string_equal(d->output_action, AML_OUTPUT_ACTION_APPEND_ROW);
  assert_string_equal(d->output_file_name, "scores.csv");
  assert_int_equal(d->error_threshold, -1); /* a real value, not "unset" */
  assert_non_null(d->retry_settings);
  assert_int_equal(d->retry_settings->max_retries, 5);
  assert_true(d->retry_settings->timeout_s == 150); /* PT2M30S */
  assert_string_equal(d->logging_level, AML_BATCH_LOGGING_LEVEL_WARNING);
  assert_string_equal(d->provisioning_state, "Succeeded");
  assert_non_null(strstr(d->id, "/deployments/blue"));
  assert_int_equal(aml_batch_deployment_validate(d, NULL), AML_OK);
  aml_batch_deployment_free(d);
}

static void test_round_trip_full(void **state) {
  (void)state;
  aml_batch_deployment *d = from_fixture("batch_deployment_full.json");
  char *out = to_json(d);
  aml_test_assert_json_eq_fixture(out, "batch_deployment_full.put.json");
  aml_free(out);
  aml_batch_deployment_free(d);
}

static void test_data_path_model_and_unknown_enum(void **state) {
  (void)state;
  aml_batch_deployment *d = from_fixture("batch_deployment_datapath.json");
  assert_null(d->model);
  assert_non_null(d->model_path);
  assert_int_equal(d->model_path->version, AML_DATA_PATH_VERSION);
  assert_non_null(strstr(d->model_path->datastore_id, "/datastores/workspaceblobstore"));
  assert_string_equal(d->model_path->path, "models/loan-gbm/7/");
  assert_string_equal(d->output_action, AML_OUTPUT_ACTION_SUMMARY_ONLY);
  assert_string_equal(d->logging_level, "Verbose"); /* unknown: shown raw */
  assert_string_equal(d->compute, "cpu-cluster");
  assert_string_equal(d->endpoint_name, "nightly-scoring");
  char *out = to_json(d);
  aml_test_assert_str_at(out, "properties.model.referenceType", "DataPath");
  aml_test_assert_str_at(out, "properties.model.path", "models/loan-gbm/7/");
  aml_test_assert_str_at(out, "properties.outputAction", "SummaryOnly");
  aml_test_assert_str_at(out, "properties.loggingLevel", "Verbose"); /* unknown: sent unchanged */
  aml_test_assert_absent(out, "properties.provisioningState");
  aml_free(out);

  /* A caller-built DataPath reference. */
  aml_batch_deployment mine;
  aml_batch_deployment_init(&mine, AML_BATCH_DEPLOYMENT_VERSION);
  aml_data_path dp;
  aml_data_path_init(&dp, AML_DATA_PATH_VERSION);
  dp.datastore_id = "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/"
                    "datastores/ds";
  dp.path = "m/1";
  mine.model_path = &dp;
  out = to_json(&mine);
  json_t *model = aml_test_json_at(out, "properties.model");
  aml_test_assert_str_at(out, "properties.model.datastoreId", dp.datastore_id);
  aml_test_assert_str_at(out, "properties.model.path", "m/1");
  assert_int_equal(json_object_size(model), 3);
  json_decref(model);
  aml_free(out);
  aml_batch_deployment_free(d);
}

static void test_other_model_reference_kept(void **state) {
  (void)state;
  const char *json = "{\"name\":\"dep-x\",\"properties\":{\"compute\":\"c1\",\"model\":{\"referenceType\":\"OutputPath\","
                     "\"jobId\":\"job-1\",\"path\":\"outputs/model\"}}}";
  aml_batch_deployment *d = NULL;
  assert_int_equal(aml_batch_deployment_from_json(json, &d, NULL), AML_OK);
  assert_null(d->model);
  assert_null(d->model_path);
  char *out = to_json(d);
  aml_test_assert_str_at(out, "properties.model.referenceType", "OutputPath");
  aml_test_assert_str_at(out, "properties.model.jobId", "job-1");
  aml_free(out);
  /* Setting model replaces the whole reference. */
  d->model = "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/models/m/versions/2";
  out = to_json(d);
  aml_test_assert_str_at(out, "properties.model.referenceType", "Id");
  aml_test_assert_absent(out, "properties.model.jobId");
  aml_free(out);
  aml_batch_deployment_free(d);
}

static void fill_new(aml_batch_deployment *d, aml_code_configuration *cc, aml_batch_retry_settings *rs,
                     aml_string_pair *no_vars) {
  aml_batch_deployment_init(d, AML_BATCH_DEPLOYMENT_VERSION);
  aml_code_configuration_init(cc, AML_CODE_CONFIGURATION_VERSION);
  aml_batch_retry_settings_init(rs, AML_BATCH_RETRY_SETTINGS_VERSION);
  d->name = "blue";
  d->endpoint_name = "nightly-scoring";
  d->description = "first deployment";
  d->environment = "azureml:sklearn-env:2";
  d->environment_variables = no_vars;
  d->environment_variables_count = 0;
  cc->code = "azureml:scorer:1";
  cc->scoring_script = "score.py";
  d->code_configuration = cc;
  d->compute = "azureml:cpu-cluster";
  d->model = "azureml:loan-gbm:7";
  d->error_threshold = -1;
  d->logging_level = "info";
  d->max_concurrency_per_instance = 2;
  d->mini_batch_size = 10;
  d->output_action = "append_row";
  d->output_file_name = "predictions.csv";
  d->instance_count = 2;
  rs->max_retries = 3;
  rs->timeout_s = 30;
  d->retry_settings = rs;
}

static void test_new_deployment_with_scope(void **state) {
  (void)state;
  aml_batch_deployment d;
  aml_code_configuration cc;
  aml_batch_retry_settings rs;
  aml_string_pair no_vars[1];
  fill_new(&d, &cc, &rs, no_vars);
  assert_int_equal(aml_batch_deployment_validate(&d, NULL), AML_OK);
  aml__arm_scope scope = {"sub-1", "rg-1", "ws-1"};
  char *out = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml__batch_deployment_put_body(&d, &scope, "northeurope", &out, &err), AML_OK);
  aml_test_assert_json_eq_fixture(out, "batch_deployment_new.put.json");
  aml_free(out);
}

static void test_references_without_scope(void **state) {
  (void)state;
  aml_batch_deployment d;
  aml_code_configuration cc;
  aml_batch_retry_settings rs;
  aml_string_pair no_vars[1];
  fill_new(&d, &cc, &rs, no_vars);
  char *out = to_json(&d);
  aml_test_assert_str_at(out, "properties.compute", "cpu-cluster"); /* prefix stripped */
  aml_test_assert_str_at(out, "properties.model.assetId", "azureml:loan-gbm:7");
  aml_test_assert_str_at(out, "properties.environmentId", "azureml:sklearn-env:2");
  aml_test_assert_str_at(out, "properties.codeConfiguration.codeId", "azureml:scorer:1");
  aml_test_assert_absent(out, "location");
  aml_free(out);

  aml__arm_scope scope = {"s", "r", "w"};
  static const struct {
    const char *compute, *wire;
  } computes[] = {
      {"cpu", "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/computes/cpu"},
      {"AzureML:cpu", "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/computes/cpu"},
      {"/subscriptions/o/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/x/computes/c",
       "/subscriptions/o/resourceGroups/g/providers/Microsoft.MachineLearningServices/workspaces/x/computes/c"},
      {"azureml:/subscriptions/o/computes/c", "/subscriptions/o/computes/c"},
  };
  for (size_t i = 0; i < sizeof(computes) / sizeof(computes[0]); i++) {
    d.compute = computes[i].compute;
    assert_int_equal(aml__batch_deployment_put_body(&d, &scope, NULL, &out, NULL), AML_OK);
    aml_test_assert_str_at(out, "properties.compute", computes[i].wire);
    aml_free(out);
  }
  static const struct {
    const char *model, *wire;
  } models[] = {
      {"azureml://registries/azureml/models/phi/versions/1", "azureml://registries/azureml/models/phi/versions/1"},
      {"azureml:m@latest", "azureml:m@latest"}, /* needs a lookup: sent as given */
      {"azureml:m", "azureml:m"},
      {"azureml:/subscriptions/o/models/m/versions/1", "/subscriptions/o/models/m/versions/1"},
      {"azureml:m:3", "/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/models/m/versions/3"},
  };
  for (size_t i = 0; i < sizeof(models) / sizeof(models[0]); i++) {
    d.model = models[i].model;
    assert_int_equal(aml__batch_deployment_put_body(&d, &scope, NULL, &out, NULL), AML_OK);
    aml_test_assert_str_at(out, "properties.model.assetId", models[i].wire);
    aml_free(out);
  }
}

static void test_unset_versus_zero(void **state) {
  (void)state;
  aml_batch_deployment d;
  aml_batch_deployment_init(&d, AML_BATCH_DEPLOYMENT_VERSION);
  aml_batch_retry_settings rs;
  aml_batch_retry_settings_init(&rs, AML_BATCH_RETRY_SETTINGS_VERSION);
  aml_code_configuration cc;
  aml_code_configuration_init(&cc, AML_CODE_CONFIGURATION_VERSION);
  d.retry_settings = &rs;       /* both members unset: nothing sent */
  d.code_configuration = &cc;   /* nothing set: nothing sent */
  char *out = to_json(&d);
  aml_test_assert_json_eq(out, "{\"tags\":{},\"properties\":{}}");
  aml_free(out);

  d.error_threshold = 0;
  d.instance_count = 0; /* invalid, but to_json does not validate: sent as set */
  d.mini_batch_size = 0;
  d.max_concurrency_per_instance = 0;
  rs.max_retries = 0;
  rs.timeout_s = 0;
  out = to_json(&d);
  aml_test_assert_int_at(out, "properties.errorThreshold", 0);
  aml_test_assert_int_at(out, "properties.resources.instanceCount", 0);
  aml_test_assert_int_at(out, "properties.miniBatchSize", 0);
  aml_test_assert_int_at(out, "properties.maxConcurrencyPerInstance", 0);
  aml_test_assert_int_at(out, "properties.retrySettings.maxRetries", 0);
  aml_test_assert_str_at(out, "properties.retrySettings.timeout", "PT0S");
  aml_free(out);

  d.error_threshold = -1;
  out = to_json(&d);
  aml_test_assert_int_at(out, "properties.errorThreshold", -1);
  aml_free(out);

  /* From JSON: absent stays unset, 0 and -1 are values. */
  aml_batch_deployment *p = NULL;
  assert_int_equal(aml_batch_deployment_from_json("{\"properties\":{\"errorThreshold\":0}}", &p, NULL), AML_OK);
  assert_int_equal(p->error_threshold, 0);
  assert_int_equal(p->instance_count, AML_UNSET);
  assert_true(p->mini_batch_size == AML_UNSET64);
  assert_null(p->retry_settings);
  aml_batch_deployment_free(p);
  assert_int_equal(aml_batch_deployment_from_json("{\"properties\":{\"retrySettings\":{\"maxRetries\":0}}}", &p, NULL),
                   AML_OK);
  assert_int_equal(p->retry_settings->max_retries, 0);
  assert_true(p->retry_settings->timeout_s == AML_UNSET64);
  aml_batch_deployment_free(p);
}

static void test_durations(void **state) {
  (void)state;
  static const struct {
    int64_t seconds;
    const char *iso;
  } cases[] = {{30, "PT30S"}, {150, "PT2M30S"}, {120, "PT2M"}, {3600, "PT1H"}, {90000, "P1DT1H"}, {0, "PT0S"}};
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    aml_batch_deployment d;
    aml_batch_deployment_init(&d, AML_BATCH_DEPLOYMENT_VERSION);
    aml_batch_retry_settings rs;
    aml_batch_retry_settings_init(&rs, AML_BATCH_RETRY_SETTINGS_VERSION);
    rs.timeout_s = cases[i].seconds;
    d.retry_settings = &rs;
    char *out = to_json(&d);
    aml_test_assert_str_at(out, "properties.retrySettings.timeout", cases[i].iso);
    aml_free(out);
    char json[128];
    snprintf(json, sizeof(json), "{\"properties\":{\"retrySettings\":{\"timeout\":\"%s\"}}}", cases[i].iso);
    aml_batch_deployment *p = NULL;
    assert_int_equal(aml_batch_deployment_from_json(json, &p, NULL), AML_OK);
    assert_true(p->retry_settings->timeout_s == cases[i].seconds);
    aml_batch_deployment_free(p);
  }
  aml_batch_deployment *p = NULL;
  assert_int_equal(aml_batch_deployment_from_json("{\"properties\":{\"retrySettings\":{\"timeout\":\"PT1H30M\"}}}", &p, NULL),
                   AML_OK);
  assert_true(p->retry_settings->timeout_s == 5400);
  assert_null(p->retry_settings->timeout_iso); /* exact: no text kept */
  aml_batch_deployment_free(p);

  /* Issue 8: every form the service can send parses; what seconds cannot
   * hold exactly is kept as text and written back unchanged (until the
   * seconds are changed). */
  static const struct {
    const char *iso;
    int64_t seconds;
  } inexact[] = {{"P1M", 2592000}, {"P1Y", 31536000}, {"PT0.5S", 1}, {"P1MT2.25S", 2592002}};
  for (size_t i = 0; i < sizeof(inexact) / sizeof(inexact[0]); i++) {
    char json[160];
    snprintf(json, sizeof(json), "{\"name\":\"d\",\"properties\":{\"retrySettings\":{\"timeout\":\"%s\"}}}",
             inexact[i].iso);
    assert_int_equal(aml_batch_deployment_from_json(json, &p, NULL), AML_OK);
    assert_true(p->retry_settings->timeout_s == inexact[i].seconds);
    assert_string_equal(p->retry_settings->timeout_iso, inexact[i].iso);
    char *out = to_json(p);
    aml_test_assert_str_at(out, "properties.retrySettings.timeout", inexact[i].iso);
    aml_free(out);
    aml_batch_deployment *c = NULL;
    assert_int_equal(aml_batch_deployment_clone(p, &c, NULL), AML_OK);
    assert_string_equal(c->retry_settings->timeout_iso, inexact[i].iso);
    ((aml_batch_retry_settings *)c->retry_settings)->timeout_s = 60; /* changed: the seconds win */
    out = to_json(c);
    aml_test_assert_str_at(out, "properties.retrySettings.timeout", "PT1M");
    aml_free(out);
    aml_batch_deployment_free(c);
    aml_batch_deployment_free(p);
  }
}

static void test_enum_spellings(void **state) {
  (void)state;
  static const struct {
    const char *action, *action_wire, *level, *level_wire;
  } cases[] = {
      {"append_row", "AppendRow", "info", "Info"},       {"AppendRow", "AppendRow", "Info", "Info"},
      {"APPEND_ROW", "AppendRow", "DEBUG", "Debug"},     {"summary_only", "SummaryOnly", "warning", "Warning"},
      {"SummaryOnly", "SummaryOnly", "Warning", "Warning"}, {"summaryonly", "SummaryOnly", "debug", "Debug"},
      {"Partitioned", "Partitioned", "Trace", "Trace"},  /* unknown: unchanged */
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    aml_batch_deployment d;
    aml_batch_deployment_init(&d, AML_BATCH_DEPLOYMENT_VERSION);
    d.output_action = cases[i].action;
    d.logging_level = cases[i].level;
    char *out = to_json(&d);
    aml_test_assert_str_at(out, "properties.outputAction", cases[i].action_wire);
    aml_test_assert_str_at(out, "properties.loggingLevel", cases[i].level_wire);
    aml_free(out);
  }
  aml_batch_deployment *p = NULL;
  assert_int_equal(aml_batch_deployment_from_json(
                       "{\"properties\":{\"outputAction\":\"summaryOnly\",\"loggingLevel\":\"DEBUG\"}}", &p, NULL),
                   AML_OK);
  assert_string_equal(p->output_action, "summary_only");
  assert_string_equal(p->logging_level, "debug");
  aml_batch_deployment_free(p);
}

static void test_read_only_ignored(void **state) {
  (void)state;
  aml_batch_deployment d;
  aml_batch_deployment_init(&d, AML_BATCH_DEPLOYMENT_VERSION);
  d.name = "blue";
  d.endpoint_name = "ep";
  d.id = "/bogus/id";
  d.provisioning_state = "Succeeded";
  char *out = to_json(&d);
  aml_test_assert_absent(out, "id");
  aml_test_assert_absent(out, "name");
  aml_test_assert_absent(out, "properties.provisioningState");
  assert_null(strstr(out, "bogus"));
  assert_null(strstr(out, "\"ep\""));
  aml_free(out);
}

static void test_patch_body(void **state) {
  (void)state;
  aml_batch_deployment d;
  aml_batch_deployment_init(&d, AML_BATCH_DEPLOYMENT_VERSION);
  char *out = NULL;
  assert_int_equal(aml__batch_deployment_patch_body(&d, &out, NULL), AML_OK);
  aml_test_assert_json_eq(out, "{}");
  aml_free(out);
  aml_string_pair tags[] = {{"stage", "canary"}};
  d.tags = tags;
  d.tags_count = 1;
  d.description = "v8";
  d.mini_batch_size = 5; /* not mutable through PATCH: not sent */
  assert_int_equal(aml__batch_deployment_patch_body(&d, &out, NULL), AML_OK);
  aml_test_assert_json_eq(out, "{\"properties\":{\"description\":\"v8\"},\"tags\":{\"stage\":\"canary\"}}");
  aml_free(out);
  assert_int_equal(aml__batch_deployment_patch_body(NULL, &out, NULL), AML_ERR_INVALID_ARG);
}

static void expect_parse_error(const char *json, const char *needle) {
  aml_batch_deployment *d = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_batch_deployment_from_json(json, &d, &err), AML_ERR_PARSE);
  assert_null(d);
  if (!strstr(aml_error_message(err), needle))
    fail_msg("message \"%s\" does not name \"%s\"", aml_error_message(err), needle);
  aml_error_free(err);
}

static void test_parse_errors(void **state) {
  (void)state;
  aml_test_alloc_install();
  long live = aml_test_alloc_live();
  expect_parse_error("{\"properties\":{\"errorThreshold\":\"-1\"}}", "properties.errorThreshold");
  expect_parse_error("{\"properties\":{\"errorThreshold\":3000000000}}", "32-bit integer");
  expect_parse_error("{\"properties\":{\"miniBatchSize\":1.5}}", "properties.miniBatchSize must be an integer");
  expect_parse_error("{\"properties\":{\"resources\":{\"instanceCount\":\"2\"}}}", "properties.resources.instanceCount");
  expect_parse_error("{\"properties\":{\"resources\":[]}}", "properties.resources must be an object");
  expect_parse_error("{\"properties\":{\"retrySettings\":\"PT30S\"}}", "properties.retrySettings must be an object");
  expect_parse_error("{\"properties\":{\"retrySettings\":{\"timeout\":\"30s\"}}}", "properties.retrySettings.timeout");
  expect_parse_error("{\"properties\":{\"retrySettings\":{\"timeout\":30}}}", "properties.retrySettings.timeout");
  expect_parse_error("{\"properties\":{\"model\":\"azureml:m:1\"}}", "properties.model must be an object");
  expect_parse_error("{\"properties\":{\"model\":{\"referenceType\":5}}}", "properties.model.referenceType");
  expect_parse_error("{\"properties\":{\"model\":{\"referenceType\":\"Id\",\"assetId\":[]}}}", "properties.model.assetId");
  expect_parse_error("{\"properties\":{\"codeConfiguration\":[]}}", "properties.codeConfiguration");
  expect_parse_error("{\"properties\":{\"codeConfiguration\":{\"scoringScript\":1}}}",
                     "properties.codeConfiguration.scoringScript");
  expect_parse_error("{\"properties\":{\"environmentVariables\":{\"A\":1}}}", "properties.environmentVariables[\"A\"]");
  expect_parse_error("{\"properties\":{\"compute\":{\"target\":\"x\"}}}", "properties.compute must be a string");
  expect_parse_error("{\"properties\":{\"outputAction\":true}}", "properties.outputAction");
  expect_parse_error("{\"location\":[]}", "location");
  assert_int_equal(aml_test_alloc_live(), live);
  aml_test_alloc_uninstall();
}

static void test_part_versions(void **state) {
  (void)state;
  aml_batch_deployment d;
  aml_batch_deployment_init(&d, AML_BATCH_DEPLOYMENT_VERSION);
  aml_batch_retry_settings rs;
  aml_batch_retry_settings_init(&rs, AML_BATCH_RETRY_SETTINGS_VERSION);
  rs.version = 9;
  d.retry_settings = &rs;
  char *out = NULL;
  aml_batch_deployment *copy = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_batch_deployment_to_json(&d, &out, &err), AML_ERR_VERSION);
  assert_non_null(strstr(aml_error_message(err), "aml_batch_retry_settings"));
  aml_error_free(err);
  assert_int_equal(aml_batch_deployment_clone(&d, &copy, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_batch_deployment_validate(&d, NULL), AML_ERR_VERSION);
  d.retry_settings = NULL;
  aml_code_configuration cc;
  aml_code_configuration_init(&cc, AML_CODE_CONFIGURATION_VERSION);
  cc.version = 0;
  d.code_configuration = &cc;
  assert_int_equal(aml_batch_deployment_to_json(&d, &out, NULL), AML_ERR_VERSION);
  d.code_configuration = NULL;
  aml_data_path dp;
  aml_data_path_init(&dp, AML_DATA_PATH_VERSION);
  dp.version = 3;
  d.model_path = &dp;
  assert_int_equal(aml_batch_deployment_to_json(&d, &out, NULL), AML_ERR_VERSION);
  assert_null(out);
}

static void test_clone_and_user_parts(void **state) {
  (void)state;
  aml_batch_deployment *d = from_fixture("batch_deployment_full.json");
  aml_batch_deployment *copy = NULL;
  assert_int_equal(aml_batch_deployment_clone(d, &copy, NULL), AML_OK);
  assert_ptr_not_equal(copy->code_configuration, d->code_configuration);
  assert_ptr_not_equal(copy->retry_settings, d->retry_settings);
  assert_ptr_not_equal(copy->environment_variables, d->environment_variables);
  char *a = to_json(d);
  aml_batch_deployment_free(d);
  char *b = to_json(copy);
  aml_test_assert_json_eq(a, b);
  assert_string_equal(copy->code_configuration->scoring_script, "score.py");
  assert_int_equal(copy->retry_settings->max_retries, 5);
  assert_int_equal(copy->error_threshold, -1);
  aml_free(a);
  aml_free(b);

  /* Caller parts in a returned struct: used by to_json, left alone by free. */
  aml_batch_retry_settings mine;
  aml_batch_retry_settings_init(&mine, AML_BATCH_RETRY_SETTINGS_VERSION);
  mine.max_retries = 9;
  aml_code_configuration *cc = malloc(sizeof(*cc));
  aml_code_configuration_init(cc, AML_CODE_CONFIGURATION_VERSION);
  cc->scoring_script = "other.py";
  copy->retry_settings = &mine;
  copy->code_configuration = cc;
  char *out = to_json(copy);
  aml_test_assert_int_at(out, "properties.retrySettings.maxRetries", 9);
  aml_test_assert_str_at(out, "properties.retrySettings.timeout", "PT2M30S"); /* kept from raw_json */
  aml_test_assert_str_at(out, "properties.codeConfiguration.scoringScript", "other.py");
  aml_free(out);
  aml_batch_deployment_free(copy);
  assert_string_equal(cc->scoring_script, "other.py");
  free(cc);

  /* Clone of a caller-built struct with a DataPath part. */
  aml_batch_deployment in;
  aml_batch_deployment_init(&in, AML_BATCH_DEPLOYMENT_VERSION);
  aml_data_path dp;
  aml_data_path_init(&dp, AML_DATA_PATH_VERSION);
  dp.path = "p";
  in.model_path = &dp;
  in.mini_batch_size = 1234567890123LL;
  assert_int_equal(aml_batch_deployment_clone(&in, &copy, NULL), AML_OK);
  assert_ptr_not_equal(copy->model_path, &dp);
  assert_string_equal(copy->model_path->path, "p");
  assert_null(copy->model_path->datastore_id);
  assert_true(copy->mini_batch_size == 1234567890123LL);
  aml_batch_deployment_free(copy);
}

static void test_list_page(void **state) {
  (void)state;
  char *text = aml_test_fixture("batch_deployment_list.json");
  aml__arm_page page;
  assert_int_equal(aml__arm_page_parse(text, strlen(text), "batch deployment", &page, NULL), AML_OK);
  assert_int_equal(page.count, 1);
  assert_null(page.next_link); /* "nextLink": null */
  aml_batch_deployment *d = NULL;
  assert_int_equal(aml__batch_deployment_from_json_value(aml__arm_page_item(&page, 0), &d, NULL), AML_OK);
  assert_string_equal(d->name, "blue");
  assert_string_equal(d->endpoint_name, "nightly-scoring");
  assert_int_equal(d->error_threshold, 0);
  aml_batch_deployment_free(d);
  aml__arm_page_free(&page);
  free(text);
}

/* Issue 8: a deployment's managed identity and resources.properties are
 * modelled, survive clone and round trip; read-only ids are not sent. */
static void test_identity_and_resource_properties(void **state) {
  (void)state;
  const char *json =
      "{\"name\":\"blue\",\"identity\":{\"type\":\"UserAssigned\",\"principalId\":\"p\",\"tenantId\":\"t\","
      "\"userAssignedIdentities\":{\"/subscriptions/s/uai/a\":{\"clientId\":\"c\"}}},"
      "\"properties\":{\"resources\":{\"instanceCount\":2,\"properties\":{\"s\":\"text\",\"n\":3,"
      "\"o\":{\"a\":[1,true]},\"z\":null}}}}";
  aml_batch_deployment *d = NULL;
  assert_int_equal(aml_batch_deployment_from_json(json, &d, NULL), AML_OK);
  assert_string_equal(d->identity->type, AML_IDENTITY_TYPE_USER_ASSIGNED);
  assert_string_equal(d->identity->principal_id, "p");
  assert_string_equal(d->identity->user_assigned_identities[0], "/subscriptions/s/uai/a");
  assert_int_equal(d->resources_properties_count, 3);
  assert_string_equal(d->resources_properties[0].key, "s");
  assert_string_equal(d->resources_properties[0].value, "\"text\"");
  assert_string_equal(d->resources_properties[1].value, "3");
  assert_string_equal(d->resources_properties[2].value, "{\"a\":[1,true]}");
  aml_batch_deployment *c = NULL;
  assert_int_equal(aml_batch_deployment_clone(d, &c, NULL), AML_OK);
  assert_string_equal(c->identity->tenant_id, "t");
  assert_int_equal(c->resources_properties_count, 3);
  char *out = to_json(c);
  aml_test_assert_str_at(out, "identity.type", "UserAssigned");
  aml_test_assert_absent(out, "identity.principalId");
  aml_test_assert_str_at(out, "properties.resources.properties.s", "text");
  json_t *o = aml_test_json_at(out, "properties.resources.properties.o");
  assert_true(json_is_array(json_object_get(o, "a")));
  json_decref(o);
  aml_free(out);
  aml_batch_deployment_free(c);
  aml_batch_deployment_free(d);

  /* Set by hand: a value that is not JSON text goes as a string. */
  aml_batch_deployment n;
  aml_batch_deployment_init(&n, AML_BATCH_DEPLOYMENT_VERSION);
  aml_string_pair props[] = {{"k", "plain words"}, {"j", "[1,2]"}};
  n.resources_properties = props;
  n.resources_properties_count = 2;
  out = to_json(&n);
  aml_test_assert_str_at(out, "properties.resources.properties.k", "plain words");
  o = aml_test_json_at(out, "properties.resources.properties.j");
  assert_int_equal(json_array_size(o), 2);
  json_decref(o);
  aml_free(out);
  /* A version 1 struct (no identity field) is accepted and its tail never read. */
  aml_batch_deployment v1;
  memset(&v1, 0x5a, sizeof(v1));
  assert_int_equal(aml_batch_deployment_init(&v1, 1), AML_OK);
  v1.name = "blue";
  out = to_json(&v1);
  aml_test_assert_absent(out, "identity");
  aml_test_assert_absent(out, "properties.resources");
  aml_free(out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_init_defaults),
      cmocka_unit_test(test_identity_and_resource_properties),
      cmocka_unit_test(test_from_json_full),
      cmocka_unit_test(test_round_trip_full),
      cmocka_unit_test(test_data_path_model_and_unknown_enum),
      cmocka_unit_test(test_other_model_reference_kept),
      cmocka_unit_test(test_new_deployment_with_scope),
      cmocka_unit_test(test_references_without_scope),
      cmocka_unit_test(test_unset_versus_zero),
      cmocka_unit_test(test_durations),
      cmocka_unit_test(test_enum_spellings),
      cmocka_unit_test(test_read_only_ignored),
      cmocka_unit_test(test_patch_body),
      cmocka_unit_test(test_parse_errors),
      cmocka_unit_test(test_part_versions),
      cmocka_unit_test(test_clone_and_user_parts),
      cmocka_unit_test(test_list_page),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
