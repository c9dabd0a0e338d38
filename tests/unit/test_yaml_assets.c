/* YAML specs: model, code, environment and data asset files, invoke inputs
 * files, and writing the assets back. */
#include "test_support.h"

#include <string.h>

#define FIX AML_TEST_SOURCE_DIR "/tests/fixtures/yaml/"

static void assert_contains(const char *hay, const char *needle) {
  if (!hay || !strstr(hay, needle)) fail_msg("expected \"%s\" in \"%s\"", needle, hay ? hay : "(null)");
}

static void test_model_file(void **state) {
  (void)state;
  aml_model_version *m = NULL, *back = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_load_model_version(FIX "model.yml", NULL, &m, &err), AML_OK);
  assert_string_equal(m->name, "heart-classifier");
  assert_string_equal(m->asset_version, "3"); /* `version: 3` is a version label */
  assert_string_equal(m->path, FIX "inline/model");
  assert_string_equal(m->model_type, "mlflow_model");
  assert_string_equal(m->description, "Trained on the fixture data.");
  assert_string_equal(m->tags[0].value, "xgboost");
  char *yaml = NULL;
  assert_int_equal(aml_model_version_to_yaml(m, &yaml, NULL), AML_OK);
  assert_contains(yaml, "version: \"3\"\n");
  /* The written path is already absolute: loading it elsewhere keeps it. */
  aml_yaml_options o;
  aml_yaml_options_init(&o, AML_YAML_OPTIONS_VERSION);
  o.base_dir = "/elsewhere";
  assert_int_equal(aml_yaml_parse_model_version(yaml, "back.yml", &o, &back, &err), AML_OK);
  assert_string_equal(back->name, m->name);
  assert_string_equal(back->asset_version, m->asset_version);
  assert_string_equal(back->path, m->path);
  assert_string_equal(back->model_type, m->model_type);
  assert_string_equal(back->description, m->description);
  assert_int_equal(back->tags_count, m->tags_count);
  aml_free(yaml);
  aml_model_version_free(m);
  aml_model_version_free(back);
  /* A model file needs a version (registration of a file is not anonymous). */
  assert_int_equal(aml_yaml_parse_model_version("name: m\npath: ./m\n", "m.yml", NULL, &m, &err), AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "m.yml:1:1: version: model version asset_version is required");
  aml_error_free(err);
}

static void test_code_file(void **state) {
  (void)state;
  aml_code_version *cv = NULL, *back = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_load_code_version(FIX "code.yml", NULL, &cv, &err), AML_OK);
  assert_string_equal(cv->name, "heart-scoring-code");
  assert_string_equal(cv->asset_version, "1");
  assert_string_equal(cv->path, FIX "inline/src");
  char *yaml = NULL;
  assert_int_equal(aml_code_version_to_yaml(cv, &yaml, NULL), AML_OK);
  assert_int_equal(aml_yaml_parse_code_version(yaml, NULL, NULL, &back, &err), AML_OK);
  assert_string_equal(back->path, cv->path);
  assert_string_equal(back->asset_version, cv->asset_version);
  aml_free(yaml);
  aml_code_version_free(cv);
  aml_code_version_free(back);
}

static void test_environment_file(void **state) {
  (void)state;
  aml_environment_version *env = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_load_environment_version(FIX "environment.yml", NULL, &env, &err), AML_OK);
  assert_string_equal(env->name, "xgboost-env");
  assert_string_equal(env->asset_version, "2");
  assert_string_equal(env->image, "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest");
  assert_contains(env->conda_file, "name: fixture-env\n");
  assert_string_equal(env->os_type, "linux");
  aml_environment_version_free(env);
  /* A build context is not something the library can register. */
  assert_int_equal(aml_yaml_parse_environment_version("name: e\nversion: 1\nbuild:\n  path: ./docker\n", "e.yml",
                                                      NULL, &env, &err),
                   AML_ERR_UNSUPPORTED);
  assert_contains(aml_error_message(err), "e.yml:4:3: build: environments built from a Docker context are not supported");
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_yaml_parse_environment_version("name: e\nversion: 1\n", "e.yml", NULL, &env, &err),
                   AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "e.yml:1:1: image: environment version image is required");
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_yaml_parse_environment_version("name: e\nversion: 1\nimage: i\nos_type: beos\n", "e.yml", NULL,
                                                      &env, &err),
                   AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "e.yml:4:10: os_type: expected one of linux, windows, got \"beos\"");
  aml_error_free(err);
}

static void test_environment_round_trip(void **state) {
  (void)state;
  aml_environment_version *a = NULL, *b = NULL, *c = NULL;
  aml_error *err = NULL;
  char *y1 = NULL, *y2 = NULL;
  assert_int_equal(aml_yaml_load_environment_version(FIX "environment.yml", NULL, &a, &err), AML_OK);
  assert_int_equal(aml_environment_version_to_yaml(a, &y1, &err), AML_OK);
  /* The conda spec goes inline, as a mapping. */
  assert_contains(y1, "conda_file:\n  name: fixture-env\n  channels:\n  - conda-forge\n");
  if (aml_yaml_parse_environment_version(y1, "env1.yml", NULL, &b, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_string_equal(b->name, a->name);
  assert_string_equal(b->asset_version, a->asset_version);
  assert_string_equal(b->image, a->image);
  assert_string_equal(b->os_type, a->os_type);
  assert_string_equal(b->description, a->description);
  assert_contains(b->conda_file, "- python=3.10");
  /* From then on the text is stable: load -> write -> load gives the same conda text. */
  assert_int_equal(aml_environment_version_to_yaml(b, &y2, &err), AML_OK);
  assert_string_equal(y1, y2);
  assert_int_equal(aml_yaml_parse_environment_version(y2, "env2.yml", NULL, &c, &err), AML_OK);
  assert_string_equal(c->conda_file, b->conda_file);
  aml_free(y1);
  aml_free(y2);
  aml_environment_version_free(a);
  aml_environment_version_free(b);
  aml_environment_version_free(c);
  /* A conda text that is not a mapping cannot be written inline. */
  aml_environment_version e;
  aml_environment_version_init(&e, AML_ENVIRONMENT_VERSION_VERSION);
  e.name = "e";
  e.asset_version = "1";
  e.image = "i";
  e.conda_file = "- just\n- a list\n";
  assert_int_equal(aml_environment_version_to_yaml(&e, &y1, &err), AML_ERR_PARSE);
  assert_null(y1);
  aml_error_free(err);
  /* A list is neither a path nor a spec. */
  err = NULL;
  assert_int_equal(aml_yaml_parse_environment_version("name: e\nversion: 1\nimage: i\nconda_file: [a]\n", "e.yml", NULL,
                                                      &c, &err),
                   AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "e.yml:4:13: conda_file: expected a file path or a mapping, got a list");
  aml_error_free(err);
}

static void test_data_file(void **state) {
  (void)state;
  aml_data_asset *d = NULL, *back = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_load_data_asset(FIX "data.yml", NULL, &d, &err), AML_OK);
  assert_string_equal(d->name, "heart-records");
  assert_string_equal(d->asset_version, "1");
  assert_string_equal(d->type, AML_DATA_TYPE_URI_FOLDER);
  assert_string_equal(d->path, "azureml://datastores/workspaceblobstore/paths/heart/records/"); /* not a local path */
  char *yaml = NULL;
  assert_int_equal(aml_data_asset_to_yaml(d, &yaml, NULL), AML_OK);
  assert_int_equal(aml_yaml_parse_data_asset(yaml, "back.yml", NULL, &back, &err), AML_OK);
  assert_string_equal(back->path, d->path);
  assert_string_equal(back->type, d->type);
  assert_string_equal(back->description, d->description);
  aml_free(yaml);
  aml_data_asset_free(d);
  aml_data_asset_free(back);
  const char *ovs[] = {"type=mltable", "path=./table"};
  aml_yaml_options o;
  aml_yaml_options_init(&o, AML_YAML_OPTIONS_VERSION);
  o.overrides = ovs;
  o.overrides_count = 2;
  assert_int_equal(aml_yaml_load_data_asset(FIX "data.yml", &o, &d, &err), AML_OK);
  assert_string_equal(d->type, "mltable");
  assert_string_equal(d->path, FIX "table");
  aml_data_asset_free(d);
  assert_int_equal(aml_yaml_parse_data_asset("name: bad name!\nversion: 1\npath: x\n", "d.yml", NULL, &d, &err),
                   AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "d.yml:1:7: name: ");
  aml_error_free(err);
}

static void test_invoke_inputs(void **state) {
  (void)state;
  aml_invoke_inputs_spec *s = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_load_invoke_inputs(FIX "inputs/invoke.yml", NULL, &s, &err), AML_OK);
  assert_int_equal(aml_invoke_inputs_spec_inputs_count(s), 2);
  const aml_job_input *in = aml_invoke_inputs_spec_input(s, 0);
  assert_string_equal(in->name, "heart_dataset");
  assert_string_equal(in->type, AML_INPUT_TYPE_URI_FOLDER);
  assert_string_equal(in->uri, FIX "inputs/images");
  in = aml_invoke_inputs_spec_input(s, 1);
  assert_string_equal(in->name, "threshold");
  assert_string_equal(in->type, AML_INPUT_TYPE_LITERAL);
  assert_string_equal(in->value, "0.75");
  assert_null(aml_invoke_inputs_spec_input(s, 2));
  assert_int_equal(aml_invoke_inputs_spec_outputs_count(s), 1);
  const aml_job_output *out = aml_invoke_inputs_spec_output(s, 0);
  assert_string_equal(out->name, "score");
  assert_string_equal(out->type, "uri_file");
  assert_contains(out->uri, "azureml://datastores/workspaceblobstore/paths/batch/out/");
  aml_invoke_options opts;
  aml_invoke_options_init(&opts, AML_INVOKE_OPTIONS_VERSION);
  opts.deployment_name = "dep";
  assert_int_equal(aml_invoke_inputs_spec_apply(s, &opts, &err), AML_OK);
  assert_int_equal(opts.inputs_count, 2);
  assert_string_equal(opts.inputs[0].name, "heart_dataset");
  assert_int_equal(opts.outputs_count, 1);
  assert_string_equal(opts.outputs[0]->name, "score");
  assert_string_equal(opts.deployment_name, "dep");
  /* Options of version 1 cannot take the outputs. */
  aml_invoke_options v1;
  aml_invoke_options_init(&v1, 1);
  assert_int_equal(aml_invoke_inputs_spec_apply(s, &v1, &err), AML_ERR_VERSION);
  aml_error_free(err);
  err = NULL;
  aml_invoke_inputs_spec_free(s);

  /* Overrides reach into an input by name, and can add one. */
  const char *ovs[] = {"inputs.heart_dataset.path=/data/other", "inputs.extra.path=azureml:records@latest"};
  aml_yaml_options o;
  aml_yaml_options_init(&o, AML_YAML_OPTIONS_VERSION);
  o.overrides = ovs;
  o.overrides_count = 2;
  assert_int_equal(aml_yaml_load_invoke_inputs(FIX "inputs/invoke.yml", &o, &s, &err), AML_OK);
  assert_string_equal(aml_invoke_inputs_spec_input(s, 0)->uri, "/data/other");
  assert_string_equal(aml_invoke_inputs_spec_input(s, 2)->name, "extra");
  assert_string_equal(aml_invoke_inputs_spec_input(s, 2)->uri, "azureml:records@latest");
  aml_invoke_inputs_spec_free(s);
}

static void test_invoke_inputs_errors(void **state) {
  (void)state;
  aml_invoke_inputs_spec *s = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_parse_invoke_inputs("outputs: {}\n", "i.yml", NULL, &s, &err), AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "i.yml:1:1: inputs: at least one input is required");
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_yaml_parse_invoke_inputs("inputs:\n  a:\n    type: uri_folder\n", "i.yml", NULL, &s, &err),
                   AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "i.yml:3:5: inputs.a: a uri_folder input needs a path");
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_yaml_parse_invoke_inputs("inputs:\n  a:\n    type: blob\n", "i.yml", NULL, &s, &err),
                   AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "i.yml:3:11: inputs.a.type: expected one of uri_folder");
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_yaml_parse_invoke_inputs("inputs:\n  a: ./data\n", "i.yml", NULL, &s, &err), AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "i.yml:2:6: inputs.a: expected a mapping, got \"./data\"");
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_yaml_parse_invoke_inputs("inputs:\n  a: {path: x}\noutputs:\n  score: {path: ./out}\n", "i.yml",
                                                NULL, &s, &err),
                   AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "i.yml:4:17: outputs.score: an output goes to a datastore");
  aml_error_free(err);
  err = NULL;
  const char *ovs[] = {"inputs.a=x"};
  aml_yaml_options o;
  aml_yaml_options_init(&o, AML_YAML_OPTIONS_VERSION);
  o.overrides = ovs;
  o.overrides_count = 1;
  assert_int_equal(aml_yaml_parse_invoke_inputs("inputs:\n  a: {path: x}\n", "i.yml", &o, &s, &err), AML_ERR_INVALID_ARG);
  assert_contains(aml_error_message(err), "give a field of inputs.a");
  aml_error_free(err);
  assert_int_equal(aml_invoke_inputs_spec_apply(NULL, NULL, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_invoke_inputs_spec_inputs_count(NULL), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_model_file),
      cmocka_unit_test(test_code_file),
      cmocka_unit_test(test_environment_file),
      cmocka_unit_test(test_environment_round_trip),
      cmocka_unit_test(test_data_file),
      cmocka_unit_test(test_invoke_inputs),
      cmocka_unit_test(test_invoke_inputs_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
