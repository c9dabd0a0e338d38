/* The batch-scoring story from YAML files against aml-emulator: a compute and
 * an endpoint loaded from their files, a deployment whose model and scoring
 * code are local folders named relative to its file (registered and uploaded
 * by aml_batch_deployment_spec_begin_create), set as the default with an
 * override, and invoked with an invoke inputs file; the job's predictions
 * cover every input row. */
#include "emulator_harness.h"
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIX AML_TEST_SOURCE_DIR "/tests/fixtures/yaml/emu/"
#define SAMPLE AML_TEST_SOURCE_DIR "/examples/batch-scoring"

static aml_emu g_emu;
static aml_client *g_client;

static int setup_group(void **state) {
  (void)state;
  static const char *const args[] = {"--provisioning-delay-ms", "50", "--job-start-delay-ms", "0", NULL};
  aml_emu_start(&g_emu, AML_EMULATOR_PATH, args);
  g_client = aml_emu_client(100, NULL, NULL);
  return 0;
}

static int teardown_group(void **state) {
  (void)state;
  aml_client_unref(g_client);
  aml_emu_cleanup(&g_emu);
  return 0;
}

static char *slurp(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  assert_non_null(buf);
  size_t got = fread(buf, 1, (size_t)n, f);
  fclose(f);
  buf[got] = '\0';
  return buf;
}

static int count_lines(const char *s) {
  int n = 0;
  for (; s && *s; s++) n += *s == '\n';
  return n;
}

static void test_story_from_yaml(void **state) {
  (void)state;
  aml_error *err = NULL;
  aml_poller *p = NULL;

  aml_compute *cm = NULL;
  aml_emu_must(aml_yaml_load_compute(FIX "compute.yml", NULL, &cm, &err), &err, "load compute.yml");
  aml_emu_must(aml_computes_begin_create_or_update(g_client, cm, &p, &err), &err, "create compute");
  aml_emu_wait(p, "compute");
  p = NULL;
  aml_compute_free(cm);

  aml_batch_endpoint *ep = NULL;
  aml_emu_must(aml_yaml_load_batch_endpoint(FIX "endpoint.yml", NULL, &ep, &err), &err, "load endpoint.yml");
  aml_emu_must(aml_batch_endpoints_begin_create_or_update(g_client, ep, &p, &err), &err, "create endpoint");
  aml_emu_wait(p, "endpoint");
  p = NULL;
  aml_batch_endpoint_free(ep);

  /* The deployment: inline local model and code, one call to create. */
  aml_batch_deployment_spec *spec = NULL;
  aml_emu_must(aml_yaml_load_batch_deployment_spec(FIX "deployment.yml", NULL, &spec, &err), &err,
               "load deployment.yml");
  assert_null(aml_batch_deployment_spec_deployment(spec)->model);
  aml_emu_must(aml_batch_deployment_spec_begin_create(g_client, spec, &p, &err), &err, "create deployment");
  aml_emu_wait(p, "deployment"); /* frees the poller */
  p = NULL;
  aml_batch_deployment *created = NULL;
  aml_emu_must(aml_batch_deployments_get(g_client, "yaml-endpoint", "yaml-blue", &created, &err), &err,
               "get the deployment");
  assert_string_equal(created->provisioning_state, "Succeeded");
  assert_int_equal(created->mini_batch_size, 3);
  assert_string_equal(created->model, aml_batch_deployment_spec_deployment(spec)->model);
  aml_batch_deployment_free(created);

  /* The model was uploaded and registered under its content hash, version 1. */
  const aml_model_version *model = aml_batch_deployment_spec_model(spec);
  assert_non_null(model->id);
  assert_int_equal(strlen(model->name), 32);
  assert_string_equal(model->asset_version, "1");
  assert_non_null(strstr(model->path, "LocalUpload/"));
  const aml_code_version *code = aml_batch_deployment_spec_code(spec);
  assert_non_null(strstr(aml_batch_deployment_spec_deployment(spec)->code_configuration->code, "/codes/"));
  aml_code_version *got = NULL;
  aml_emu_must(aml_codes_get(g_client, code->name, "1", &got, &err), &err, "get the code");
  assert_string_equal(got->id, code->id);
  aml_code_version_free(got);
  assert_non_null(strstr(aml_batch_deployment_spec_environment(spec)->id, "CliV2AnonymousEnvironment"));

  /* Creating it again from the same files registers the same assets. */
  aml_batch_deployment_spec *again = NULL;
  aml_emu_must(aml_yaml_load_batch_deployment_spec(FIX "deployment.yml", NULL, &again, &err), &err, "reload");
  aml_emu_must(aml_batch_deployment_spec_register_assets(g_client, again, &err), &err, "register again");
  assert_string_equal(aml_batch_deployment_spec_deployment(again)->model,
                      aml_batch_deployment_spec_deployment(spec)->model);
  aml_batch_deployment_spec_free(again);
  aml_batch_deployment_spec_free(spec);

  /* Make it the default, as `--set defaults.deployment_name=...` would. */
  const char *ovs[] = {"defaults.deployment_name=yaml-blue"};
  aml_yaml_options o;
  aml_yaml_options_init(&o, AML_YAML_OPTIONS_VERSION);
  o.overrides = ovs;
  o.overrides_count = 1;
  aml_emu_must(aml_yaml_load_batch_endpoint(FIX "endpoint.yml", &o, &ep, &err), &err, "endpoint with default");
  aml_emu_must(aml_batch_endpoints_begin_create_or_update(g_client, ep, &p, &err), &err, "set default");
  aml_emu_wait(p, "set default");
  p = NULL;
  aml_batch_endpoint_free(ep);

  /* Invoke with the inputs file: its local folder is uploaded by the invoke. */
  aml_invoke_inputs_spec *inputs = NULL;
  aml_emu_must(aml_yaml_load_invoke_inputs(FIX "invoke.yml", NULL, &inputs, &err), &err, "load invoke.yml");
  aml_invoke_options io;
  aml_invoke_options_init(&io, AML_INVOKE_OPTIONS_VERSION);
  aml_emu_must(aml_invoke_inputs_spec_apply(inputs, &io, &err), &err, "apply inputs");
  aml_job *job = NULL;
  aml_emu_must(aml_batch_endpoints_invoke(g_client, "yaml-endpoint", &io, &job, &err), &err, "invoke");
  aml_invoke_inputs_spec_free(inputs);
  aml_job *done = NULL;
  aml_emu_must(aml_jobs_wait(g_client, job->name, 120000, &done, &err), &err, "wait");
  assert_string_equal(done->status, "Completed");

  char dir[512], path[600];
  snprintf(dir, sizeof dir, "%s/yaml-out", g_emu.dir);
  aml_emu_must(aml_jobs_download_output(g_client, job->name, NULL, dir, NULL, &err), &err, "download output");
  snprintf(path, sizeof path, "%s/predictions.csv", dir);
  char *pred = slurp(path);
  assert_non_null(pred);
  int rows = 0;
  for (int i = 1; i <= 8; i++) {
    char in[512];
    snprintf(in, sizeof in, SAMPLE "/data/patients-%02d.csv", i);
    char *text = slurp(in);
    assert_non_null(text);
    rows += count_lines(text) - 1;
    free(text);
  }
  assert_int_equal(count_lines(pred), rows);
  free(pred);
  aml_job_free(done);
  aml_job_free(job);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_story_from_yaml),
  };
  return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
