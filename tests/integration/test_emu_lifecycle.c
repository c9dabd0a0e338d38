/* The SDK against aml-emulator over real HTTP: the whole lifecycle of
 * endpoints, deployments and computes with the real long-running-operation
 * answers (201 + Azure-AsyncOperation, 202 + Location), paging across pages,
 * resume tokens across clients, and the service's own errors. */
#include "emulator_harness.h"
#include "test_support.h"

#include <string.h>

static aml_emu g_emu;

static int setup_group(void **state) {
  (void)state;
  static const char *const args[] = {"--provisioning-delay-ms", "300", "--page-size", "2", NULL};
  aml_emu_start(&g_emu, AML_EMULATOR_PATH, args);
  return 0;
}

static int teardown_group(void **state) {
  (void)state;
  aml_emu_cleanup(&g_emu);
  return 0;
}

static void test_workspace(void **state) {
  (void)state;
  aml_client *c = aml_emu_client(100, NULL, NULL);
  aml_workspace *ws = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_workspaces_get(c, &ws, &err), &err, "workspace get");
  assert_string_equal(ws->name, getenv("AZUREML_WORKSPACE"));
  assert_non_null(ws->location);
  assert_non_null(ws->discovery_url);
  aml_workspace_free(ws);
  aml_client_unref(c);
}

static void test_full_lifecycle(void **state) {
  (void)state;
  aml_client *c = aml_emu_client(100, NULL, NULL);
  aml_error *err = NULL;
  aml_poller *p = NULL;

  /* Endpoint: PUT 201 + Azure-AsyncOperation, state moving with time. */
  aml_batch_endpoint ep;
  aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
  ep.name = "endpoint-example";
  ep.description = "A batch endpoint";
  aml_emu_must(aml_batch_endpoints_begin_create_or_update(c, &ep, &p, &err), &err, "begin create endpoint");
  assert_false(aml_poller_done(p));
  aml_emu_must(aml_poller_wait(p, 60000, &err), &err, "wait create endpoint");
  const aml_batch_endpoint *made = aml_poller_batch_endpoint(p);
  assert_non_null(made);
  assert_string_equal(made->name, "endpoint-example");
  assert_string_equal(made->provisioning_state, "Succeeded");
  assert_string_equal(made->description, "A batch endpoint");
  assert_non_null(made->scoring_uri);
  aml_poller_free(p);

  /* Compute. */
  aml_compute cc;
  aml_compute_init(&cc, AML_COMPUTE_VERSION);
  cc.name = "aml-cluster";
  cc.size = "STANDARD_DS11_V2";
  cc.min_instances = 0;
  cc.max_instances = 4;
  cc.idle_time_before_scale_down = 120;
  cc.tier = AML_COMPUTE_TIER_DEDICATED;
  aml_emu_must(aml_computes_begin_create_or_update(c, &cc, &p, &err), &err, "begin create compute");
  aml_emu_must(aml_poller_wait(p, 60000, &err), &err, "wait create compute");
  const aml_compute *cm = aml_poller_compute(p);
  assert_non_null(cm);
  assert_string_equal(cm->provisioning_state, "Succeeded");
  assert_int_equal(cm->max_instances, 4);
  assert_int_equal(cm->idle_time_before_scale_down, 120);
  assert_string_equal(cm->tier, "dedicated");
  aml_poller_free(p);

  /* Assets and the deployment on them. */
  aml_model_version mv;
  aml_model_version_init(&mv, AML_MODEL_VERSION_VERSION);
  mv.name = "mnist";
  mv.asset_version = "1";
  mv.path = "azureml://datastores/workspaceblobstore/paths/mnist/model";
  aml_model_version *model = NULL;
  aml_emu_must(aml_models_create_or_update(c, &mv, &model, &err), &err, "model");
  assert_non_null(model->id);
  aml_code_version cv;
  aml_code_version_init(&cv, AML_CODE_VERSION_VERSION);
  cv.name = "score";
  cv.asset_version = "1";
  cv.path = "azureml://datastores/workspaceblobstore/paths/mnist/code";
  aml_emu_must(aml_codes_create_or_update(c, &cv, NULL, &err), &err, "code");
  aml_environment_version ev;
  aml_environment_version_init(&ev, AML_ENVIRONMENT_VERSION_VERSION);
  ev.name = "env";
  ev.asset_version = "1";
  ev.image = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest";
  aml_emu_must(aml_environments_create_or_update(c, &ev, NULL, &err), &err, "environment");

  aml_code_configuration code;
  aml_code_configuration_init(&code, AML_CODE_CONFIGURATION_VERSION);
  code.code = "azureml:score:1";
  code.scoring_script = "score.py";
  aml_batch_deployment d;
  aml_batch_deployment_init(&d, AML_BATCH_DEPLOYMENT_VERSION);
  d.name = "blue";
  d.endpoint_name = "endpoint-example";
  d.model = model->id;
  d.code_configuration = &code;
  d.environment = "azureml:env:1";
  d.compute = "azureml:aml-cluster";
  d.instance_count = 1;
  d.error_threshold = -1;
  aml_emu_must(aml_batch_deployments_begin_create_or_update(c, &d, &p, &err), &err, "begin create deployment");
  aml_emu_must(aml_poller_wait(p, 60000, &err), &err, "wait create deployment");
  const aml_batch_deployment *dep = aml_poller_batch_deployment(p);
  assert_non_null(dep);
  assert_string_equal(dep->provisioning_state, "Succeeded");
  assert_int_equal(dep->error_threshold, -1);
  aml_poller_free(p);
  aml_model_version_free(model);

  /* Default deployment = an endpoint update through create_or_update. */
  aml_batch_endpoint *got = NULL;
  aml_emu_must(aml_batch_endpoints_get(c, "endpoint-example", &got, &err), &err, "get endpoint");
  got->default_deployment_name = "blue";
  aml_emu_must(aml_batch_endpoints_begin_create_or_update(c, got, &p, &err), &err, "set default");
  aml_emu_must(aml_poller_wait(p, 60000, &err), &err, "wait set default");
  assert_string_equal(aml_poller_batch_endpoint(p)->default_deployment_name, "blue");
  aml_poller_free(p);
  aml_batch_endpoint_free(got);

  /* Tags: PATCH 202 + Location. */
  aml_string_pair tags[] = {{"stage", "test"}};
  aml_batch_endpoint upd;
  aml_batch_endpoint_init(&upd, AML_BATCH_ENDPOINT_VERSION);
  upd.name = "endpoint-example";
  upd.tags = tags;
  upd.tags_count = 1;
  aml_emu_must(aml_batch_endpoints_begin_update(c, &upd, &p, &err), &err, "begin update endpoint");
  aml_emu_must(aml_poller_wait(p, 60000, &err), &err, "wait update endpoint");
  const aml_batch_endpoint *patched = aml_poller_batch_endpoint(p);
  assert_non_null(patched);
  assert_int_equal(patched->tags_count, 1);
  assert_string_equal(patched->tags[0].value, "test");
  assert_string_equal(patched->default_deployment_name, "blue"); /* PATCH kept it */
  aml_poller_free(p);

  /* Deletes: deployment, endpoint (202 + Location), compute (both headers). */
  aml_emu_must(aml_batch_deployments_begin_delete(c, "endpoint-example", "blue", &p, &err), &err, "begin delete deployment");
  aml_emu_must(aml_poller_wait(p, 60000, &err), &err, "wait delete deployment");
  aml_poller_free(p);
  aml_emu_must(aml_batch_endpoints_begin_delete(c, "endpoint-example", &p, &err), &err, "begin delete endpoint");
  aml_emu_must(aml_poller_wait(p, 60000, &err), &err, "wait delete endpoint");
  aml_poller_free(p);
  got = NULL;
  assert_int_equal(aml_batch_endpoints_get(c, "endpoint-example", &got, &err), AML_ERR_NOT_FOUND);
  assert_non_null(aml_error_service_message(err));
  aml_error_free(err);
  err = NULL;
  aml_emu_must(aml_computes_begin_delete(c, "aml-cluster", AML_COMPUTE_DELETE, &p, &err), &err, "begin delete compute");
  aml_emu_must(aml_poller_wait(p, 60000, &err), &err, "wait delete compute");
  aml_poller_free(p);
  aml_compute *gone = NULL;
  assert_int_equal(aml_computes_get(c, "aml-cluster", &gone, NULL), AML_ERR_NOT_FOUND);
  aml_client_unref(c);
}

static void test_paging_across_pages(void **state) {
  (void)state;
  aml_client *c = aml_emu_client(100, NULL, NULL);
  const char *names[] = {"page-one", "page-two", "page-three", "page-four", "page-five"};
  for (int i = 0; i < 5; i++) aml_emu_create_endpoint(c, names[i]);
  aml_pager *it = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_batch_endpoints_list(c, &it, &err), &err, "list");
  aml_batch_endpoint *ep = NULL;
  int seen = 0;
  aml_result rc;
  while ((rc = aml_pager_next_batch_endpoint(it, &ep, &err)) == AML_OK) {
    for (int i = 0; i < 5; i++)
      if (strcmp(ep->name, names[i]) == 0) seen |= 1 << i;
    aml_batch_endpoint_free(ep);
  }
  aml_emu_must(rc == AML_ITER_END ? AML_OK : rc, &err, "iterate");
  assert_int_equal(seen, 0x1f);
  assert_true(aml_pager_pages_fetched(it) >= 3); /* page size 2 */
  aml_pager_free(it);
  for (int i = 0; i < 5; i++) {
    aml_poller *p = NULL;
    aml_emu_must(aml_batch_endpoints_begin_delete(c, names[i], &p, &err), &err, "delete");
    aml_emu_must(aml_poller_wait(p, 60000, &err), &err, "wait delete");
    aml_poller_free(p);
  }
  aml_client_unref(c);
}

static void test_resume_in_another_client(void **state) {
  (void)state;
  aml_client *c1 = aml_emu_client(100, NULL, NULL);
  aml_batch_endpoint ep;
  aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
  ep.name = "resumed-endpoint";
  aml_poller *p = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_batch_endpoints_begin_create_or_update(c1, &ep, &p, &err), &err, "begin");
  char *token = NULL;
  aml_emu_must(aml_poller_resume_token(p, &token, &err), &err, "token");
  aml_poller_free(p);
  aml_client_unref(c1);

  aml_client *c2 = aml_emu_client(100, NULL, NULL);
  aml_emu_must(aml_poller_from_resume_token(c2, token, &p, &err), &err, "resume");
  aml_emu_must(aml_poller_wait(p, 60000, &err), &err, "wait resumed");
  assert_string_equal(aml_poller_batch_endpoint(p)->name, "resumed-endpoint");
  aml_poller_free(p);
  aml_free(token);
  aml_emu_must(aml_batch_endpoints_begin_delete(c2, "resumed-endpoint", &p, &err), &err, "delete");
  aml_emu_must(aml_poller_wait(p, 60000, &err), &err, "wait delete");
  aml_poller_free(p);
  aml_client_unref(c2);
}

/* The service's own checks: a deployment on a compute that does not exist
 * fails (as a 400 or as a Failed operation, as the service does). */
static void test_service_side_failures(void **state) {
  (void)state;
  aml_client *c = aml_emu_client(100, NULL, NULL);
  aml_emu_create_endpoint(c, "failing-endpoint");
  aml_code_configuration code;
  aml_code_configuration_init(&code, AML_CODE_CONFIGURATION_VERSION);
  code.code = "azureml:missing-code:1";
  code.scoring_script = "score.py";
  aml_batch_deployment d;
  aml_batch_deployment_init(&d, AML_BATCH_DEPLOYMENT_VERSION);
  d.name = "orphan";
  d.endpoint_name = "failing-endpoint";
  d.model = "azureml:missing-model:1";
  d.code_configuration = &code;
  d.environment = "azureml:missing-env:1";
  d.compute = "no-such-cluster";
  aml_poller *p = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_batch_deployments_begin_create_or_update(c, &d, &p, &err);
  if (rc == AML_OK) rc = aml_poller_wait(p, 60000, &err);
  assert_true(rc == AML_ERR_BAD_REQUEST || rc == AML_ERR_OPERATION_FAILED || rc == AML_ERR_NOT_FOUND);
  assert_non_null(aml_error_service_code(err));
  aml_error_free(err);
  aml_poller_free(p);
  aml_client_unref(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_workspace),
      cmocka_unit_test(test_full_lifecycle),
      cmocka_unit_test(test_paging_across_pages),
      cmocka_unit_test(test_resume_in_another_client),
      cmocka_unit_test(test_service_side_failures),
  };
  return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
