/* Allocation failure on every allocation of the YAML loaders and writers:
 * every run ends without a crash or a leak, reports AML_ERR_NOMEM when it
 * fails, and gives the right result when it succeeds. */
#include "test_support.h"

#include <string.h>

#define FIX AML_TEST_SOURCE_DIR "/tests/fixtures/yaml/"

static void expect_nomem(long fail_at, aml_result rc, const aml_error *err) {
  if (rc != AML_ERR_NOMEM) fail_msg("fail_at=%ld: got %s (%s)", fail_at, aml_result_str(rc), aml_error_message(err));
  if (err) assert_int_equal(aml_error_code(err), AML_ERR_NOMEM);
}

static aml_result endpoint_scenario(long fail_at) {
  const char *ovs[] = {"tags.extra=1", "defaults.deployment_name=dep-x", "description=\"over ridden\""};
  aml_yaml_options o;
  aml_yaml_options_init(&o, AML_YAML_OPTIONS_VERSION);
  o.overrides = ovs;
  o.overrides_count = 3;
  aml_batch_endpoint *ep = NULL, *back = NULL;
  aml_error *err = NULL;
  char *yaml = NULL;
  aml_result rc = aml_yaml_load_batch_endpoint(FIX "endpoint.yml", &o, &ep, &err);
  if (rc == AML_OK) rc = aml_batch_endpoint_to_yaml(ep, &yaml, &err);
  if (rc == AML_OK) rc = aml_yaml_parse_batch_endpoint(yaml, "back.yml", NULL, &back, &err);
  if (rc == AML_OK) {
    assert_string_equal(back->description, "over ridden");
    assert_string_equal(back->default_deployment_name, "dep-x");
    assert_int_equal(back->tags_count, 3);
    assert_string_equal(back->identity->type, "user_assigned");
  } else {
    expect_nomem(fail_at, rc, err);
  }
  aml_free(yaml);
  aml_batch_endpoint_free(ep);
  aml_batch_endpoint_free(back);
  aml_error_free(err);
  return rc;
}

static aml_result compute_error_scenario(long fail_at) {
  /* The error path: an unknown key reported with its place. */
  aml_compute *cm = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_yaml_parse_compute("name: cpu-cluster\ntype: amlcompute\nsizes: x\n", "c.yml", NULL, &cm, &err);
  assert_null(cm);
  if (rc == AML_ERR_VALIDATION) {
    /* err is NULL only when the error object itself could not be made. */
    if (!err) assert_true(fail_at > 0);
    if (err) assert_non_null(strstr(aml_error_message(err), "c.yml:3:1: sizes: unknown key"));
  } else {
    expect_nomem(fail_at, rc, err);
  }
  aml_error_free(err);
  /* The sweep wants the first run to succeed: report the expected failure as success. */
  return rc == AML_ERR_VALIDATION ? AML_OK : rc;
}

static aml_result compute_scenario(long fail_at) {
  aml_compute *cm = NULL, *back = NULL;
  aml_error *err = NULL;
  char *yaml = NULL;
  aml_result rc = aml_yaml_load_compute(FIX "compute.yml", NULL, &cm, &err);
  if (rc == AML_OK) rc = aml_compute_to_yaml(cm, &yaml, &err);
  if (rc == AML_OK) rc = aml_yaml_parse_compute(yaml, "back.yml", NULL, &back, &err);
  if (rc == AML_OK) {
    assert_int_equal(back->max_instances, 4);
    assert_string_equal(back->tier, "low_priority");
  } else {
    expect_nomem(fail_at, rc, err);
  }
  aml_free(yaml);
  aml_compute_free(cm);
  aml_compute_free(back);
  aml_error_free(err);
  return rc;
}

static aml_result deployment_scenario(long fail_at) {
  const char *ovs[] = {"settings.mini_batch_size=20", "resources.instance_count=3", "tags.team=x"};
  aml_yaml_options o;
  aml_yaml_options_init(&o, AML_YAML_OPTIONS_VERSION);
  o.overrides = ovs;
  o.overrides_count = 3;
  aml_batch_deployment_spec *s = NULL;
  aml_batch_deployment *back = NULL;
  aml_error *err = NULL;
  char *yaml = NULL;
  aml_result rc = aml_yaml_load_batch_deployment_spec(FIX "inline/deployment.yml", &o, &s, &err);
  if (rc == AML_OK) {
    /* Write it with the references registration would give, and read it back. */
    aml_batch_deployment d = *aml_batch_deployment_spec_deployment(s);
    aml_code_configuration cc = *d.code_configuration;
    cc.code = "azureml:code:1";
    d.code_configuration = &cc;
    d.model = "azureml:m:1";
    d.environment = "azureml:e:1";
    rc = aml_batch_deployment_to_yaml(&d, &yaml, &err);
  }
  if (rc == AML_OK) rc = aml_yaml_parse_batch_deployment(yaml, "back.yml", NULL, &back, &err);
  if (rc == AML_OK) {
    assert_int_equal(back->mini_batch_size, 20);
    assert_int_equal(back->instance_count, 3);
    assert_string_equal(back->model, "azureml:m:1");
    assert_non_null(strstr(aml_batch_deployment_spec_environment(s)->conda_file, "python=3.10"));
  } else {
    expect_nomem(fail_at, rc, err);
  }
  aml_free(yaml);
  aml_batch_deployment_spec_free(s);
  aml_batch_deployment_free(back);
  aml_error_free(err);
  return rc;
}

static aml_result invoke_scenario(long fail_at) {
  aml_invoke_inputs_spec *s = NULL;
  aml_error *err = NULL;
  const char *ovs[] = {"inputs.extra.path=azureml:records:1"};
  aml_yaml_options o;
  aml_yaml_options_init(&o, AML_YAML_OPTIONS_VERSION);
  o.overrides = ovs;
  o.overrides_count = 1;
  aml_result rc = aml_yaml_load_invoke_inputs(FIX "inputs/invoke.yml", &o, &s, &err);
  if (rc == AML_OK) {
    assert_int_equal(aml_invoke_inputs_spec_inputs_count(s), 3);
    assert_string_equal(aml_invoke_inputs_spec_output(s, 0)->name, "score");
  } else {
    expect_nomem(fail_at, rc, err);
  }
  aml_invoke_inputs_spec_free(s);
  aml_error_free(err);
  return rc;
}

static aml_result assets_scenario(long fail_at) {
  aml_model_version *m = NULL;
  aml_environment_version *e = NULL;
  aml_data_asset *d = NULL;
  aml_error *err = NULL;
  char *yaml = NULL, *env_yaml = NULL;
  aml_environment_version *e2 = NULL;
  aml_result rc = aml_yaml_load_model_version(FIX "model.yml", NULL, &m, &err);
  if (rc == AML_OK) rc = aml_model_version_to_yaml(m, &yaml, &err);
  if (rc == AML_OK) rc = aml_yaml_load_environment_version(FIX "environment.yml", NULL, &e, &err);
  if (rc == AML_OK) rc = aml_environment_version_to_yaml(e, &env_yaml, &err);
  if (rc == AML_OK) rc = aml_yaml_parse_environment_version(env_yaml, "env.yml", NULL, &e2, &err);
  if (rc == AML_OK) rc = aml_yaml_load_data_asset(FIX "data.yml", NULL, &d, &err);
  if (rc == AML_OK) {
    assert_non_null(strstr(yaml, "name: heart-classifier"));
    assert_string_equal(e->os_type, "linux");
    assert_non_null(strstr(e2->conda_file, "python=3.10"));
    assert_string_equal(d->asset_version, "1");
  } else {
    expect_nomem(fail_at, rc, err);
  }
  aml_free(yaml);
  aml_free(env_yaml);
  aml_model_version_free(m);
  aml_environment_version_free(e);
  aml_environment_version_free(e2);
  aml_data_asset_free(d);
  aml_error_free(err);
  return rc;
}

static void test_deployment_sweep(void **state) {
  (void)state;
  aml_test_alloc_sweep(deployment_scenario, 100, "yaml deployment");
}

static void test_invoke_sweep(void **state) {
  (void)state;
  aml_test_alloc_sweep(invoke_scenario, 30, "yaml invoke inputs");
}

static void test_assets_sweep(void **state) {
  (void)state;
  aml_test_alloc_sweep(assets_scenario, 50, "yaml assets");
}

static void test_endpoint_sweep(void **state) {
  (void)state;
  aml_test_alloc_sweep(endpoint_scenario, 50, "yaml endpoint");
}

static void test_compute_sweep(void **state) {
  (void)state;
  aml_test_alloc_sweep(compute_scenario, 50, "yaml compute");
}

static void test_compute_error_sweep(void **state) {
  (void)state;
  aml_test_alloc_sweep(compute_error_scenario, 10, "yaml compute error");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_endpoint_sweep),
      cmocka_unit_test(test_compute_sweep),
      cmocka_unit_test(test_compute_error_sweep),
      cmocka_unit_test(test_deployment_sweep),
      cmocka_unit_test(test_invoke_sweep),
      cmocka_unit_test(test_assets_sweep),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
