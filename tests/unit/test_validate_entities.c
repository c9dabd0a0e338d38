/* aml_X_validate(): every rule, accepted and rejected, with a message that
 * names the rule. Each case starts from a valid struct and breaks one thing. */
#include "test_support.h"

#include <string.h>

/* errp is read here, after the call that filled it (argument order is unspecified). */
static void expect_invalid(aml_result rc, aml_error **errp, const char *needle) {
  aml_error *err = *errp;
  *errp = NULL;
  assert_int_equal(rc, AML_ERR_VALIDATION);
  assert_non_null(err);
  if (!strstr(aml_error_message(err), needle))
    fail_msg("message does not name \"%s\": %s", needle, aml_error_message(err));
  aml_error_free(err);
}

/* ---- batch endpoint ------------------------------------------------------ */

#define EP_INVALID(ep, needle)                                 \
  do {                                                         \
    aml_error *e_ = NULL;                                      \
    expect_invalid(aml_batch_endpoint_validate(&(ep), &e_), &e_, needle); \
  } while (0)

static void test_batch_endpoint_rules(void **state) {
  (void)state;
  aml_batch_endpoint ep;
  aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
  ep.name = "nightly-scoring";
  assert_int_equal(aml_batch_endpoint_validate(&ep, NULL), AML_OK);

  ep.name = "ns";
  EP_INVALID(ep, "batch endpoint name \"ns\" is 2 characters long; the rule is 3 to 32 characters");
  ep.name = "nightly_scoring";
  EP_INVALID(ep, "^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$");
  ep.name = NULL;
  EP_INVALID(ep, "batch endpoint name is required");
  ep.name = "nightly-scoring";

  ep.auth_mode = NULL;
  EP_INVALID(ep, "auth_mode is required");
  ep.auth_mode = "SomeFutureMode"; /* unknown values are the service's to judge */
  assert_int_equal(aml_batch_endpoint_validate(&ep, NULL), AML_OK);
  ep.auth_mode = AML_AUTH_MODE_AAD_TOKEN;

  ep.default_deployment_name = "blue";
  assert_int_equal(aml_batch_endpoint_validate(&ep, NULL), AML_OK);
  ep.default_deployment_name = "blue_1";
  EP_INVALID(ep, "default_deployment_name \"blue_1\" does not match");
  ep.default_deployment_name = NULL;

  aml_string_pair bad_tags[] = {{NULL, "x"}};
  ep.tags = bad_tags;
  ep.tags_count = 1;
  EP_INVALID(ep, "batch endpoint tags[0]: a key must not be NULL or empty");
  ep.tags = NULL;
  aml_string_pair bad_props[] = {{"k", NULL}};
  ep.properties = bad_props;
  ep.properties_count = 1;
  EP_INVALID(ep, "batch endpoint properties[\"k\"]");
  ep.properties = NULL;

  /* Read-only fields are not judged. */
  ep.scoring_uri = "";
  ep.id = "";
  assert_int_equal(aml_batch_endpoint_validate(&ep, NULL), AML_OK);
}

/* ---- batch deployment ----------------------------------------------------- */

typedef struct dep_fixture {
  aml_batch_deployment d;
  aml_code_configuration cc;
  aml_batch_retry_settings rs;
  aml_data_path dp;
} dep_fixture;

static void valid_deployment(dep_fixture *f) {
  aml_batch_deployment_init(&f->d, AML_BATCH_DEPLOYMENT_VERSION);
  aml_code_configuration_init(&f->cc, AML_CODE_CONFIGURATION_VERSION);
  aml_batch_retry_settings_init(&f->rs, AML_BATCH_RETRY_SETTINGS_VERSION);
  aml_data_path_init(&f->dp, AML_DATA_PATH_VERSION);
  f->d.name = "blue";
  f->d.endpoint_name = "nightly-scoring";
  f->d.compute = "azureml:cpu-cluster";
  f->d.model = "azureml:loan-gbm:7";
  f->cc.code = "azureml:scorer:1";
  f->cc.scoring_script = "score.py";
  f->d.code_configuration = &f->cc;
  f->rs.max_retries = 3;
  f->rs.timeout_s = 30;
  f->d.retry_settings = &f->rs;
  f->d.error_threshold = -1;
  f->d.mini_batch_size = 10;
  f->d.instance_count = 1;
  f->d.max_concurrency_per_instance = 1;
  f->d.output_action = AML_OUTPUT_ACTION_APPEND_ROW;
  f->d.output_file_name = "predictions.csv";
  assert_int_equal(aml_batch_deployment_validate(&f->d, NULL), AML_OK);
}

#define DEP_INVALID(f, needle)                                      \
  do {                                                              \
    aml_error *e_ = NULL;                                           \
    expect_invalid(aml_batch_deployment_validate(&(f).d, &e_), &e_, needle); \
    valid_deployment(&(f));                                         \
  } while (0)

static void test_batch_deployment_required(void **state) {
  (void)state;
  dep_fixture f;
  valid_deployment(&f);
  f.d.name = NULL;
  DEP_INVALID(f, "batch deployment name is required");
  f.d.name = "Blue_1";
  DEP_INVALID(f, "batch deployment name \"Blue_1\" does not match ^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$");
  f.d.name = "b1";
  DEP_INVALID(f, "batch deployment name \"b1\" is 2 characters long; the rule is 3 to 32 characters");
  f.d.endpoint_name = NULL;
  DEP_INVALID(f, "batch deployment endpoint_name is required");
  f.d.endpoint_name = "ep";
  DEP_INVALID(f, "batch deployment endpoint_name \"ep\" is 2 characters long");
  f.d.compute = NULL;
  DEP_INVALID(f, "batch deployment compute is required");
  f.d.compute = "azureml:";
  DEP_INVALID(f, "batch deployment compute (after the azureml: prefix) is required");
  f.d.model = NULL;
  DEP_INVALID(f, "batch deployment model is required");
}

static void test_batch_deployment_model_and_code(void **state) {
  (void)state;
  dep_fixture f;
  valid_deployment(&f);
  f.d.model_path = &f.dp;
  f.dp.path = "models/m/1";
  DEP_INVALID(f, "set model or model_path, not both");

  f.d.model = NULL;
  f.d.model_path = &f.dp;
  f.dp.path = "models/m/1";
  assert_int_equal(aml_batch_deployment_validate(&f.d, NULL), AML_OK);
  f.dp.path = NULL;
  DEP_INVALID(f, "batch deployment model_path.path is required");

  f.cc.scoring_script = NULL;
  DEP_INVALID(f, "code_configuration.scoring_script is required");
  f.cc.scoring_script = "";
  DEP_INVALID(f, "the scoring script can't be empty");
  f.cc.scoring_script = "...";
  DEP_INVALID(f, "must contain a letter, digit or '_' (pattern [a-zA-Z0-9_])");
  f.cc.code = NULL;
  f.cc.scoring_script = "score.py"; /* a script without a code asset (MLflow-style image) is allowed */
  assert_int_equal(aml_batch_deployment_validate(&f.d, NULL), AML_OK);
  f.cc.scoring_script = NULL; /* an empty code configuration is not sent at all */
  assert_int_equal(aml_batch_deployment_validate(&f.d, NULL), AML_OK);
}

static void test_batch_deployment_output_action(void **state) {
  (void)state;
  dep_fixture f;
  valid_deployment(&f);
  static const char *const summary[] = {AML_OUTPUT_ACTION_SUMMARY_ONLY, "SummaryOnly", "SUMMARY_ONLY", "summaryOnly"};
  for (size_t i = 0; i < sizeof(summary) / sizeof(summary[0]); i++) {
    /* The service reports outputFileName on SummaryOnly deployments: what a
     * GET returned must be accepted by a PUT. */
    f.d.output_action = summary[i];
    assert_int_equal(aml_batch_deployment_validate(&f.d, NULL), AML_OK);
  }
  f.d.output_action = AML_OUTPUT_ACTION_SUMMARY_ONLY;
  f.d.output_file_name = NULL;
  assert_int_equal(aml_batch_deployment_validate(&f.d, NULL), AML_OK);
  f.d.output_action = "AppendRow";
  f.d.output_file_name = "out.csv";
  assert_int_equal(aml_batch_deployment_validate(&f.d, NULL), AML_OK);
  f.d.output_action = NULL; /* service default append_row */
  assert_int_equal(aml_batch_deployment_validate(&f.d, NULL), AML_OK);
}

static void test_batch_deployment_numbers(void **state) {
  (void)state;
  dep_fixture f;
  valid_deployment(&f);
  static const int32_t ok_thresholds[] = {-1, 0, 1, 1000000, AML_UNSET};
  for (size_t i = 0; i < sizeof(ok_thresholds) / sizeof(ok_thresholds[0]); i++) {
    f.d.error_threshold = ok_thresholds[i];
    assert_int_equal(aml_batch_deployment_validate(&f.d, NULL), AML_OK);
  }
  f.d.error_threshold = -2;
  DEP_INVALID(f, "batch deployment error_threshold must be >= -1 (got -2)");
  f.d.mini_batch_size = 0;
  DEP_INVALID(f, "batch deployment mini_batch_size must be >= 1 (got 0)");
  f.d.mini_batch_size = -10;
  DEP_INVALID(f, "mini_batch_size must be >= 1");
  f.d.mini_batch_size = 5000000000LL;
  assert_int_equal(aml_batch_deployment_validate(&f.d, NULL), AML_OK);
  f.d.instance_count = 0;
  DEP_INVALID(f, "batch deployment instance_count must be >= 1 (got 0)");
  f.d.max_concurrency_per_instance = 0;
  DEP_INVALID(f, "batch deployment max_concurrency_per_instance must be >= 1 (got 0)");
  f.rs.max_retries = -1;
  DEP_INVALID(f, "batch deployment retry_settings.max_retries must be >= 0 (got -1)");
  f.rs.timeout_s = -30;
  DEP_INVALID(f, "batch deployment retry_settings.timeout_s must be >= 0 (got -30)");
  f.rs.max_retries = 0;
  f.rs.timeout_s = 0;
  assert_int_equal(aml_batch_deployment_validate(&f.d, NULL), AML_OK);
  f.d.instance_count = AML_UNSET;
  f.d.max_concurrency_per_instance = AML_UNSET;
  f.d.mini_batch_size = AML_UNSET64;
  f.d.retry_settings = NULL;
  assert_int_equal(aml_batch_deployment_validate(&f.d, NULL), AML_OK);
}

static void test_batch_deployment_maps_and_versions(void **state) {
  (void)state;
  dep_fixture f;
  valid_deployment(&f);
  aml_string_pair vars[] = {{"A", "1"}, {"B", NULL}};
  f.d.environment_variables = vars;
  f.d.environment_variables_count = 2;
  DEP_INVALID(f, "batch deployment environment_variables[\"B\"]");
  aml_string_pair tags[] = {{"", "x"}};
  f.d.tags = tags;
  f.d.tags_count = 1;
  DEP_INVALID(f, "batch deployment tags[0]");
  f.d.properties = tags;
  f.d.properties_count = 1;
  DEP_INVALID(f, "batch deployment properties[0]");
  f.cc.version = 2;
  assert_int_equal(aml_batch_deployment_validate(&f.d, NULL), AML_ERR_VERSION);
  valid_deployment(&f);
  f.rs.version = 0;
  assert_int_equal(aml_batch_deployment_validate(&f.d, NULL), AML_ERR_VERSION);
  valid_deployment(&f);
  f.d.model = NULL;
  f.d.model_path = &f.dp;
  f.dp.version = 5;
  assert_int_equal(aml_batch_deployment_validate(&f.d, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_batch_deployment_validate(NULL, NULL), AML_ERR_INVALID_ARG);
}

/* ---- compute ----------------------------------------------------------------- */

static void valid_compute(aml_compute *c) {
  aml_compute_init(c, AML_COMPUTE_VERSION);
  c->name = "cpu-cluster";
  c->size = "STANDARD_DS3_V2";
  c->min_instances = 0;
  c->max_instances = 4;
  c->idle_time_before_scale_down = 120;
  assert_int_equal(aml_compute_validate(c, NULL), AML_OK);
}

#define COMPUTE_INVALID(c, needle)                            \
  do {                                                        \
    aml_error *e_ = NULL;                                     \
    expect_invalid(aml_compute_validate(&(c), &e_), &e_, needle); \
    valid_compute(&(c));                                      \
  } while (0)

static void test_compute_rules(void **state) {
  (void)state;
  aml_compute c;
  valid_compute(&c);
  c.name = "cpu-cluster-1";
  COMPUTE_INVALID(c, "compute name \"cpu-cluster-1\" must not end in '-' followed by digits");
  c.name = NULL;
  COMPUTE_INVALID(c, "compute name is required");
  c.name = "a-very-long-cluster-name-x";
  COMPUTE_INVALID(c, "the rule is 3 to 24 characters");

  c.min_instances = 5;
  c.max_instances = 2;
  COMPUTE_INVALID(c, "compute min_instances (5) must be <= max_instances (2)");
  c.min_instances = 2;
  c.max_instances = 2;
  assert_int_equal(aml_compute_validate(&c, NULL), AML_OK);
  c.min_instances = -1;
  COMPUTE_INVALID(c, "compute min_instances must be >= 0 (got -1)");
  c.max_instances = -3;
  COMPUTE_INVALID(c, "compute max_instances must be >= 0 (got -3)");
  c.max_instances = AML_UNSET;
  COMPUTE_INVALID(c, "compute max_instances is required when min_instances or idle_time_before_scale_down is set");
  c.max_instances = AML_UNSET;
  c.min_instances = AML_UNSET;
  COMPUTE_INVALID(c, "scaleSettings.maxNodeCount is required"); /* idle time alone */
  c.max_instances = AML_UNSET;
  c.min_instances = AML_UNSET;
  c.idle_time_before_scale_down = AML_UNSET64;
  assert_int_equal(aml_compute_validate(&c, NULL), AML_OK); /* no scale settings sent at all */
  c.idle_time_before_scale_down = -5;
  COMPUTE_INVALID(c, "compute idle_time_before_scale_down must be >= 0 (got -5)");
  c.max_instances = 0;
  c.min_instances = 0;
  assert_int_equal(aml_compute_validate(&c, NULL), AML_OK);

  c.ssh_public_access = 2;
  COMPUTE_INVALID(c, "compute ssh_public_access must be 1, 0 or AML_UNSET (got 2)");
  c.enable_node_public_ip = -1;
  COMPUTE_INVALID(c, "compute enable_node_public_ip must be 1, 0 or AML_UNSET");
  c.ssh_public_access = 1;
  c.enable_node_public_ip = 0;
  assert_int_equal(aml_compute_validate(&c, NULL), AML_OK);

  c.admin_password = "secret";
  COMPUTE_INVALID(c, "compute admin_username is required when admin_password or ssh_key is set");
  c.ssh_key = "ssh-rsa AAAA";
  c.admin_username = "";
  COMPUTE_INVALID(c, "userAccountCredentials.adminUserName is required");
  c.ssh_key = "ssh-rsa AAAA";
  c.admin_username = "azureuser";
  assert_int_equal(aml_compute_validate(&c, NULL), AML_OK);

  aml_string_pair tags[] = {{"", "x"}};
  c.tags = tags;
  c.tags_count = 1;
  COMPUTE_INVALID(c, "compute tags[0]");
}

static void test_compute_identity_rules(void **state) {
  (void)state;
  aml_compute c;
  valid_compute(&c);
  aml_compute_identity id;
  aml_compute_identity_init(&id, AML_COMPUTE_IDENTITY_VERSION);
  c.identity = &id;
  aml_error *err = NULL;
  expect_invalid(aml_compute_validate(&c, &err), &err, "compute identity.type is required");
  id.type = AML_IDENTITY_TYPE_USER_ASSIGNED;
  const char *ids[] = {"/subscriptions/s/resourceGroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/a", ""};
  id.user_assigned_identities = ids;
  id.user_assigned_identities_count = 1;
  assert_int_equal(aml_compute_validate(&c, NULL), AML_OK);
  id.user_assigned_identities_count = 2;
  err = NULL;
  expect_invalid(aml_compute_validate(&c, &err), &err, "identity.user_assigned_identities[1]");
  id.user_assigned_identities_count = 1;
  id.version = 3;
  assert_int_equal(aml_compute_validate(&c, NULL), AML_ERR_VERSION);
  c.version = 0;
  assert_int_equal(aml_compute_validate(&c, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_compute_validate(NULL, NULL), AML_ERR_INVALID_ARG);
}

/* ---- assets --------------------------------------------------------------------- */

static void test_asset_rules(void **state) {
  (void)state;
  aml_error *err = NULL;
  aml_model_version m;
  aml_model_version_init(&m, AML_MODEL_VERSION_VERSION);
  expect_invalid(aml_model_version_validate(&m, &err), &err, "model version name is required");
  m.name = "loan-gbm";
  err = NULL;
  expect_invalid(aml_model_version_validate(&m, &err), &err, "model version asset_version is required");
  m.asset_version = "7";
  err = NULL;
  expect_invalid(aml_model_version_validate(&m, &err), &err, "model version path (modelUri) is required");
  m.path = "azureml://datastores/workspaceblobstore/paths/m/7/";
  assert_int_equal(aml_model_version_validate(&m, NULL), AML_OK);
  aml_string_pair bad[] = {{"k", NULL}};
  m.properties = bad;
  m.properties_count = 1;
  err = NULL;
  expect_invalid(aml_model_version_validate(&m, &err), &err, "model version properties[\"k\"]");

  aml_code_version c;
  aml_code_version_init(&c, AML_CODE_VERSION_VERSION);
  c.name = "scorer";
  c.asset_version = "1";
  err = NULL;
  expect_invalid(aml_code_version_validate(&c, &err), &err, "code version path (codeUri) is required");
  c.path = "https://acct.blob.core.windows.net/c/scorer";
  assert_int_equal(aml_code_version_validate(&c, NULL), AML_OK);
  c.tags = bad;
  c.tags_count = 1;
  err = NULL;
  expect_invalid(aml_code_version_validate(&c, &err), &err, "code version tags");

  aml_environment_version e;
  aml_environment_version_init(&e, AML_ENVIRONMENT_VERSION_VERSION);
  e.name = "env";
  e.asset_version = "1";
  err = NULL;
  expect_invalid(aml_environment_version_validate(&e, &err), &err,
                 "environment version image is required (an environment needs an image or a build context)");
  e.raw_json = "{\"properties\":{\"build\":{\"contextUri\":\"https://x/ctx/\"}}}";
  assert_int_equal(aml_environment_version_validate(&e, NULL), AML_OK);
  e.raw_json = "{\"properties\":{\"build\":null}}";
  err = NULL;
  expect_invalid(aml_environment_version_validate(&e, &err), &err, "environment version image is required");
  e.raw_json = "{broken";
  err = NULL;
  expect_invalid(aml_environment_version_validate(&e, &err), &err, "environment version image is required");
  e.raw_json = NULL;
  e.image = "python:3.11";
  assert_int_equal(aml_environment_version_validate(&e, NULL), AML_OK);
  e.asset_version = "";
  err = NULL;
  expect_invalid(aml_environment_version_validate(&e, &err), &err, "environment version asset_version is required");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_batch_endpoint_rules),
      cmocka_unit_test(test_batch_deployment_required),
      cmocka_unit_test(test_batch_deployment_model_and_code),
      cmocka_unit_test(test_batch_deployment_output_action),
      cmocka_unit_test(test_batch_deployment_numbers),
      cmocka_unit_test(test_batch_deployment_maps_and_versions),
      cmocka_unit_test(test_compute_rules),
      cmocka_unit_test(test_compute_identity_rules),
      cmocka_unit_test(test_asset_rules),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
