/* YAML specs: batch deployments (references, inline assets with relative
 * paths, both settings spellings, overrides, errors, pipeline refusal, round
 * trip) and registering inline assets on the fake transport. */
#include "test_support.h"

#include <string.h>
#include <unistd.h>

#define FIX AML_TEST_SOURCE_DIR "/tests/fixtures/yaml/"

static void assert_contains(const char *hay, const char *needle) {
  if (!hay || !strstr(hay, needle)) fail_msg("expected \"%s\" in \"%s\"", needle, hay ? hay : "(null)");
}

static const char *pair(const aml_string_pair *p, size_t n, const char *key) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(p[i].key, key) == 0) return p[i].value;
  return NULL;
}

static void assert_str_eq_null(const char *a, const char *b) {
  if (!a || !b)
    assert_true(a == b);
  else
    assert_string_equal(a, b);
}

static void test_references(void **state) {
  (void)state;
  aml_batch_deployment *d = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_load_batch_deployment(FIX "deployment.yml", NULL, &d, &err), AML_OK);
  assert_string_equal(d->name, "classifier-xgb");
  assert_string_equal(d->endpoint_name, "heart-classifier-batch");
  assert_string_equal(d->model, "azureml:heart-classifier:3");
  assert_string_equal(d->code_configuration->code, "azureml:heart-scoring-code:1");
  assert_string_equal(d->code_configuration->scoring_script, "batch_score.py");
  assert_string_equal(d->environment, "azureml:xgboost-env@latest");
  assert_string_equal(d->compute, "azureml:batch-cluster");
  assert_int_equal(d->instance_count, 2);
  assert_string_equal(d->instance_type, "Standard_DS3_v2");
  assert_int_equal(d->max_concurrency_per_instance, 3);
  assert_int_equal(d->mini_batch_size, 25);
  assert_string_equal(d->output_action, "append_row");
  assert_string_equal(d->output_file_name, "scores.csv");
  assert_int_equal(d->retry_settings->max_retries, 4);
  assert_int_equal(d->retry_settings->timeout_s, 90);
  assert_int_equal(d->error_threshold, 5);
  assert_string_equal(d->logging_level, "warning");
  assert_int_equal(d->environment_variables_count, 2);
  assert_string_equal(pair(d->environment_variables, 2, "BATCH_LIMIT"), "100");
  assert_string_equal(pair(d->tags, d->tags_count, "owner"), "cardio");
  /* The body it makes is the one the service takes. */
  char *json = NULL;
  assert_int_equal(aml_batch_deployment_to_json(d, &json, NULL), AML_OK);
  assert_contains(json, "\"miniBatchSize\":25");
  assert_contains(json, "\"timeout\":\"PT1M30S\"");
  aml_free(json);
  aml_batch_deployment_free(d);
}

static void test_inline_spec_relative_paths(void **state) {
  (void)state;
  aml_batch_deployment_spec *s = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_load_batch_deployment_spec(FIX "inline/deployment.yml", NULL, &s, &err), AML_OK);
  aml_batch_deployment *d = aml_batch_deployment_spec_deployment(s);
  assert_non_null(d);
  assert_null(d->model);                      /* filled by registration */
  assert_null(d->environment);
  assert_null(d->code_configuration->code);
  assert_string_equal(d->code_configuration->scoring_script, "score.py");
  assert_int_equal(d->mini_batch_size, 10);  /* flat settings */
  assert_int_equal(d->error_threshold, -1);
  assert_int_equal(d->retry_settings->timeout_s, 60);
  const aml_model_version *m = aml_batch_deployment_spec_model(s);
  assert_non_null(m);
  assert_string_equal(m->name, "heart-classifier-local");
  assert_null(m->asset_version);
  assert_string_equal(m->path, FIX "inline/model"); /* "./model" against the file's folder */
  assert_string_equal(m->model_type, "custom_model");
  const aml_code_version *cv = aml_batch_deployment_spec_code(s);
  assert_non_null(cv);
  assert_null(cv->name);
  assert_string_equal(cv->path, FIX "inline/src");
  const aml_environment_version *env = aml_batch_deployment_spec_environment(s);
  assert_non_null(env);
  assert_string_equal(env->image, "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest");
  assert_contains(env->conda_file, "python=3.10"); /* the conda file's content */
  aml_batch_deployment_spec_free(s);

  /* The plain loader refuses inline assets, naming the key. */
  aml_batch_deployment *plain = NULL;
  assert_int_equal(aml_yaml_load_batch_deployment(FIX "inline/deployment.yml", NULL, &plain, &err),
                   AML_ERR_UNSUPPORTED);
  assert_contains(aml_error_message(err), "deployment.yml:6:3: model: an inline asset must be registered first");
  aml_error_free(err);
}

static void test_base_dir_for_strings(void **state) {
  (void)state;
  const char *text = "name: dep-one\nendpoint_name: ep-one\ncompute: cpu\n"
                     "model: {path: weights}\n"
                     "code_configuration: {code: ./code/, scoring_script: s.py}\n"
                     "environment: azureml:env:1\n";
  aml_yaml_options o;
  aml_yaml_options_init(&o, AML_YAML_OPTIONS_VERSION);
  o.base_dir = "/srv/project";
  aml_batch_deployment_spec *s = NULL;
  assert_int_equal(aml_yaml_parse_batch_deployment_spec(text, "dep.yml", &o, &s, NULL), AML_OK);
  assert_string_equal(aml_batch_deployment_spec_model(s)->path, "/srv/project/weights");
  assert_string_equal(aml_batch_deployment_spec_code(s)->path, "/srv/project/code/");
  assert_null(aml_batch_deployment_spec_environment(s));
  aml_batch_deployment_spec_free(s);
  /* Without a base dir, a string's file name gives the folder; none: the current folder. */
  assert_int_equal(aml_yaml_parse_batch_deployment_spec(text, "conf/dep.yml", NULL, &s, NULL), AML_OK);
  assert_string_equal(aml_batch_deployment_spec_model(s)->path, "conf/weights");
  aml_batch_deployment_spec_free(s);
  assert_int_equal(aml_yaml_parse_batch_deployment_spec(text, NULL, NULL, &s, NULL), AML_OK);
  assert_string_equal(aml_batch_deployment_spec_model(s)->path, "weights");
  aml_batch_deployment_spec_free(s);
}

static void test_overrides_both_spellings(void **state) {
  (void)state;
  const char *ovs[] = {"settings.mini_batch_size=20", "resources.instance_count=3", "tags.team=x",
                       "description=\"a b\"", "settings.retry_settings.max_retries=0",
                       "settings.environment_variables.NEW=1"};
  aml_yaml_options o;
  aml_yaml_options_init(&o, AML_YAML_OPTIONS_VERSION);
  o.overrides = ovs;
  o.overrides_count = 6;
  /* The flat file: settings.* changes the top-level keys it has. */
  aml_batch_deployment_spec *s = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_load_batch_deployment_spec(FIX "inline/deployment.yml", &o, &s, &err), AML_OK);
  aml_batch_deployment *d = aml_batch_deployment_spec_deployment(s);
  assert_int_equal(d->mini_batch_size, 20);
  assert_int_equal(d->instance_count, 3);
  assert_string_equal(pair(d->tags, d->tags_count, "team"), "x");
  assert_string_equal(d->description, "a b");
  assert_int_equal(d->retry_settings->max_retries, 0);
  assert_int_equal(d->retry_settings->timeout_s, 60);
  assert_string_equal(pair(d->environment_variables, d->environment_variables_count, "NEW"), "1");
  aml_batch_deployment_spec_free(s);
  /* The block file: the flat spelling changes the block's key. */
  const char *ovs2[] = {"mini_batch_size=7", "settings.instance_count=5", "model=azureml:other:2"};
  o.overrides = ovs2;
  o.overrides_count = 3;
  aml_batch_deployment *d2 = NULL;
  assert_int_equal(aml_yaml_load_batch_deployment(FIX "deployment.yml", &o, &d2, &err), AML_OK);
  assert_int_equal(d2->mini_batch_size, 7);
  assert_int_equal(d2->instance_count, 5); /* resources.instance_count, where the file has it */
  assert_string_equal(d2->model, "azureml:other:2");
  aml_batch_deployment_free(d2);
}

static void test_override_errors(void **state) {
  (void)state;
  aml_yaml_options o;
  aml_yaml_options_init(&o, AML_YAML_OPTIONS_VERSION);
  const char *ovs[] = {"settings.mini_batch=20"};
  o.overrides = ovs;
  o.overrides_count = 1;
  aml_batch_deployment *d = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_load_batch_deployment(FIX "deployment.yml", &o, &d, &err), AML_ERR_INVALID_ARG);
  assert_contains(aml_error_message(err), "deployment.yml: --set settings.mini_batch=20: no field settings.mini_batch");
  aml_error_free(err);
  err = NULL;
  const char *ovs2[] = {"settings.mini_batch_size=ten"};
  o.overrides = ovs2;
  assert_int_equal(aml_yaml_load_batch_deployment(FIX "deployment.yml", &o, &d, &err), AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err),
                  "deployment.yml: --set settings.mini_batch_size=ten: settings.mini_batch_size: expected an integer, got \"ten\"");
  aml_error_free(err);
  err = NULL;
  /* model is a reference in this file: it has no fields to set. */
  const char *ovs3[] = {"model.path=./m"};
  o.overrides = ovs3;
  assert_int_equal(aml_yaml_load_batch_deployment(FIX "deployment.yml", &o, &d, &err), AML_ERR_INVALID_ARG);
  assert_contains(aml_error_message(err), "model is not a mapping in the file");
  aml_error_free(err);
}

static void test_errors_with_places(void **state) {
  (void)state;
  aml_batch_deployment *d = NULL;
  aml_error *err = NULL;
  const char *head = "name: dep-one\nendpoint_name: ep-one\ncompute: azureml:cpu\nmodel: azureml:m:1\n";
  char text[1024];
  /* wrong type in the settings block */
  snprintf(text, sizeof text, "%ssettings:\n  mini_batch_size: ten\n", head);
  assert_int_equal(aml_yaml_parse_batch_deployment(text, "deployment.yml", NULL, &d, &err), AML_ERR_VALIDATION);
  assert_string_equal(aml_error_message(err),
                      "deployment.yml:6:20: settings.mini_batch_size: expected an integer, got \"ten\"");
  aml_error_free(err);
  err = NULL;
  /* unknown key in the settings block */
  snprintf(text, sizeof text, "%ssettings:\n  mini_batch_sise: 3\n", head);
  assert_int_equal(aml_yaml_parse_batch_deployment(text, "deployment.yml", NULL, &d, &err), AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "deployment.yml:6:3: settings.mini_batch_sise: unknown key");
  aml_error_free(err);
  err = NULL;
  /* a rule of aml_batch_deployment_validate(), at the value */
  snprintf(text, sizeof text, "%ssettings:\n  retry_settings:\n    max_retries: -2\n", head);
  assert_int_equal(aml_yaml_parse_batch_deployment(text, "deployment.yml", NULL, &d, &err), AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err),
                  "deployment.yml:7:18: settings.retry_settings.max_retries: batch deployment retry_settings.max_retries must be >= 0");
  aml_error_free(err);
  err = NULL;
  snprintf(text, sizeof text, "%smini_batch_size: 0\n", head);
  assert_int_equal(aml_yaml_parse_batch_deployment(text, "deployment.yml", NULL, &d, &err), AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "deployment.yml:5:18: mini_batch_size: batch deployment mini_batch_size must be >= 1");
  aml_error_free(err);
  err = NULL;
  snprintf(text, sizeof text, "%scode_configuration:\n  code: azureml:c:1\n", head);
  assert_int_equal(aml_yaml_parse_batch_deployment(text, "deployment.yml", NULL, &d, &err), AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err),
                  "deployment.yml:6:3: code_configuration: batch deployment code_configuration.scoring_script is required");
  aml_error_free(err);
  err = NULL;
  /* missing required key: at the top of the document */
  assert_int_equal(aml_yaml_parse_batch_deployment("name: dep-one\nendpoint_name: ep-one\nmodel: azureml:m:1\n",
                                                   "deployment.yml", NULL, &d, &err),
                   AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "deployment.yml:1:1: compute: batch deployment compute is required");
  aml_error_free(err);
  err = NULL;
  /* a setting in both places */
  snprintf(text, sizeof text, "%smini_batch_size: 3\nsettings:\n  mini_batch_size: 4\n", head);
  assert_int_equal(aml_yaml_parse_batch_deployment(text, "deployment.yml", NULL, &d, &err), AML_ERR_VALIDATION);
  assert_string_equal(aml_error_message(err),
                      "deployment.yml:7:20: settings.mini_batch_size: also given as mini_batch_size (line 5); give it once");
  aml_error_free(err);
  err = NULL;
  /* a local path is not a model reference */
  assert_int_equal(aml_yaml_parse_batch_deployment("name: dep-one\nendpoint_name: ep-one\ncompute: c\nmodel: ./model\n",
                                                   "deployment.yml", NULL, &d, &err),
                   AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "deployment.yml:4:8: model: expected a reference");
  aml_error_free(err);
  err = NULL;
  /* an inline model without a path: the model's own rule, placed inside it */
  aml_batch_deployment_spec *s = NULL;
  assert_int_equal(aml_yaml_parse_batch_deployment_spec(
                       "name: dep-one\nendpoint_name: ep-one\ncompute: c\nmodel:\n  name: m\n", "deployment.yml", NULL,
                       &s, &err),
                   AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "deployment.yml:5:3: model.path: model version path (modelUri) is required");
  aml_error_free(err);
  err = NULL;
  /* a conda file that is not there */
  assert_int_equal(aml_yaml_parse_batch_deployment_spec("name: dep-one\nendpoint_name: ep-one\ncompute: c\n"
                                                        "model: azureml:m:1\nenvironment:\n  image: img\n"
                                                        "  conda_file: nope.yml\n",
                                                        "/tmp/x/deployment.yml", NULL, &s, &err),
                   AML_ERR_NOT_FOUND);
  assert_contains(aml_error_message(err),
                  "/tmp/x/deployment.yml:7:15: environment.conda_file: /tmp/x/nope.yml: no such file");
  aml_error_free(err);
}

static void test_pipeline_refused(void **state) {
  (void)state;
  aml_batch_deployment_spec *s = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_load_batch_deployment_spec(FIX "deployment_pipeline.yml", NULL, &s, &err),
                   AML_ERR_UNSUPPORTED);
  assert_null(s);
  assert_contains(aml_error_message(err), "deployment_pipeline.yml:3:7: type: pipeline component deployments");
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_yaml_parse_batch_deployment_spec("name: d\njob_definition:\n  x: 1\n", "p.yml", NULL, &s, &err),
                   AML_ERR_UNSUPPORTED);
  assert_contains(aml_error_message(err), "p.yml:2:1: job_definition: pipeline component deployments");
  aml_error_free(err);
}

static void test_round_trip(void **state) {
  (void)state;
  aml_batch_deployment *a = NULL, *b = NULL;
  char *yaml = NULL;
  assert_int_equal(aml_yaml_load_batch_deployment(FIX "deployment.yml", NULL, &a, NULL), AML_OK);
  assert_int_equal(aml_batch_deployment_to_yaml(a, &yaml, NULL), AML_OK);
  assert_contains(yaml, "type: model\n");
  assert_contains(yaml, "settings:\n  mini_batch_size: 25\n");
  aml_error *err = NULL;
  if (aml_yaml_parse_batch_deployment(yaml, "round.yml", NULL, &b, &err) != AML_OK)
    fail_msg("%s\n%s", aml_error_message(err), yaml);
  assert_string_equal(a->name, b->name);
  assert_string_equal(a->endpoint_name, b->endpoint_name);
  assert_str_eq_null(a->description, b->description);
  assert_str_eq_null(a->model, b->model);
  assert_str_eq_null(a->code_configuration->code, b->code_configuration->code);
  assert_str_eq_null(a->code_configuration->scoring_script, b->code_configuration->scoring_script);
  assert_str_eq_null(a->environment, b->environment);
  assert_str_eq_null(a->compute, b->compute);
  assert_int_equal(a->instance_count, b->instance_count);
  assert_str_eq_null(a->instance_type, b->instance_type);
  assert_int_equal(a->max_concurrency_per_instance, b->max_concurrency_per_instance);
  assert_int_equal(a->mini_batch_size, b->mini_batch_size);
  assert_str_eq_null(a->output_action, b->output_action);
  assert_str_eq_null(a->output_file_name, b->output_file_name);
  assert_int_equal(a->error_threshold, b->error_threshold);
  assert_str_eq_null(a->logging_level, b->logging_level);
  assert_int_equal(a->retry_settings->max_retries, b->retry_settings->max_retries);
  assert_int_equal(a->retry_settings->timeout_s, b->retry_settings->timeout_s);
  assert_int_equal(a->environment_variables_count, b->environment_variables_count);
  for (size_t i = 0; i < a->environment_variables_count; i++) {
    assert_string_equal(a->environment_variables[i].key, b->environment_variables[i].key);
    assert_string_equal(a->environment_variables[i].value, b->environment_variables[i].value);
  }
  assert_int_equal(a->tags_count, b->tags_count);
  assert_null(b->properties);
  /* The two JSON bodies are the same: nothing was lost on the way. */
  char *ja = NULL, *jb = NULL;
  assert_int_equal(aml_batch_deployment_to_json(a, &ja, NULL), AML_OK);
  assert_int_equal(aml_batch_deployment_to_json(b, &jb, NULL), AML_OK);
  assert_string_equal(ja, jb);
  aml_free(ja);
  aml_free(jb);
  aml_free(yaml);
  aml_batch_deployment_free(a);
  aml_batch_deployment_free(b);
}

/* ---- registration on the fake transport --------------------------------- */

static const char *MODEL_ID =
    "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws/models/m/versions/1";
static const char *ENV_ID = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.MachineLearningServices/"
                            "workspaces/ws/environments/CliV2AnonymousEnvironment/versions/abc";

static void test_register_remote_assets(void **state) {
  (void)state;
  aml_transport *t = NULL;
  aml_client *c = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_fake_transport_new(&t, &err), AML_OK);
  assert_int_equal(aml_test_sweep_client(t, &c, &err), AML_OK);
  char body[512];
  snprintf(body, sizeof body, "{\"id\":\"%s\",\"name\":\"1\",\"properties\":{\"modelUri\":\"azureml://datastores/ws/paths/m/\"}}",
           MODEL_ID);
  assert_int_equal(aml_fake_transport_add_response(t, 200, "Content-Type: application/json", body, &err), AML_OK);
  snprintf(body, sizeof body, "{\"id\":\"%s\",\"name\":\"abc\",\"properties\":{\"image\":\"img:1\"}}", ENV_ID);
  assert_int_equal(aml_fake_transport_add_response(t, 200, "Content-Type: application/json", body, &err), AML_OK);

  const char *text = "name: dep-one\nendpoint_name: ep-one\ncompute: azureml:cpu\n"
                     "model:\n  path: azureml://datastores/ws/paths/m/\n"
                     "code_configuration:\n  code: azureml:code:1\n  scoring_script: score.py\n"
                     "environment:\n  image: img:1\n";
  aml_batch_deployment_spec *s = NULL;
  assert_int_equal(aml_yaml_parse_batch_deployment_spec(text, "dep.yml", NULL, &s, &err), AML_OK);
  assert_null(aml_batch_deployment_spec_code(s)); /* a reference: nothing to register */
  if (aml_batch_deployment_spec_register_assets(c, s, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  aml_batch_deployment *d = aml_batch_deployment_spec_deployment(s);
  assert_string_equal(d->model, MODEL_ID);
  assert_string_equal(d->environment, ENV_ID);
  assert_string_equal(d->code_configuration->code, "azureml:code:1");
  assert_string_equal(aml_batch_deployment_spec_model(s)->id, MODEL_ID);
  /* The requests: an anonymous model named by the hash of its path, version 1;
   * an anonymous environment named as azure-ai-ml names them. */
  assert_int_equal(aml_fake_transport_request_count(t), 2);
  const char *url = aml_http_request_url(aml_fake_transport_request_at(t, 0));
  assert_contains(url, "/models/");
  assert_contains(url, "/versions/1?");
  assert_string_equal(aml_http_request_method(aml_fake_transport_request_at(t, 0)), "PUT");
  url = aml_http_request_url(aml_fake_transport_request_at(t, 1));
  assert_contains(url, "/environments/CliV2AnonymousEnvironment/versions/");
  /* A second call registers nothing again. */
  assert_int_equal(aml_batch_deployment_spec_register_assets(c, s, &err), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(t), 2);
  /* The deployment it now makes carries the ids. */
  char *json = NULL;
  assert_int_equal(aml_batch_deployment_to_json(d, &json, NULL), AML_OK);
  assert_contains(json, MODEL_ID);
  aml_free(json);
  aml_batch_deployment_spec_free(s);
  aml_client_unref(c);
  aml_transport_unref(t);
}

static void test_register_failure_keeps_spec(void **state) {
  (void)state;
  aml_transport *t = NULL;
  aml_client *c = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_fake_transport_new(&t, &err), AML_OK);
  assert_int_equal(aml_test_sweep_client(t, &c, &err), AML_OK);
  assert_int_equal(aml_fake_transport_add_response(t, 400, "Content-Type: application/json",
                                                   "{\"error\":{\"code\":\"BadModel\",\"message\":\"no\"}}", &err),
                   AML_OK);
  aml_batch_deployment_spec *s = NULL;
  assert_int_equal(aml_yaml_parse_batch_deployment_spec("name: dep-one\nendpoint_name: ep-one\ncompute: cpu\n"
                                                        "model: {name: m, version: 2, path: https://x.test/m}\n",
                                                        "dep.yml", NULL, &s, &err),
                   AML_OK);
  aml_poller *p = NULL;
  assert_int_equal(aml_batch_deployment_spec_begin_create(c, s, &p, &err), AML_ERR_BAD_REQUEST);
  assert_null(p);
  assert_null(aml_batch_deployment_spec_deployment(s)->model);
  assert_string_equal(aml_batch_deployment_spec_model(s)->name, "m");
  aml_error_free(err);
  err = NULL;
  assert_contains(aml_http_request_url(aml_fake_transport_request_at(t, 0)), "/models/m/versions/2?");
  assert_int_equal(aml_batch_deployment_spec_register_assets(NULL, s, &err), AML_ERR_INVALID_ARG);
  aml_error_free(err);
  aml_batch_deployment_spec_free(s);
  aml_client_unref(c);
  aml_transport_unref(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_references),
      cmocka_unit_test(test_inline_spec_relative_paths),
      cmocka_unit_test(test_base_dir_for_strings),
      cmocka_unit_test(test_overrides_both_spellings),
      cmocka_unit_test(test_override_errors),
      cmocka_unit_test(test_errors_with_places),
      cmocka_unit_test(test_pipeline_refused),
      cmocka_unit_test(test_round_trip),
      cmocka_unit_test(test_register_remote_assets),
      cmocka_unit_test(test_register_failure_keeps_spec),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
