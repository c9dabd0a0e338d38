/* Allocation-failure sweep over the entity JSON paths: fail the n-th
 * allocation (library and jansson) for n = 1, 2, ... until a run completes
 * without an injected failure. Every run must return AML_ERR_NOMEM or
 * succeed, never crash, and release everything it allocated. */
#include "test_json.h"
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml/entity_batch_deployment.h"
#include "ml/entity_batch_endpoint.h"
#include "ml/entity_compute.h"
#include "ml/entity_assets.h"

typedef aml_result (*scenario_fn)(const char *text, aml_error **err);

/* A result and its error agree: NOMEM, or success with no error. The error
 * object itself may be missing when its own allocation was the one failed. */
static void check_result(aml_result rc, aml_error *err, long n) {
  if (rc == AML_OK) {
    assert_null(err);
    return;
  }
  if (rc != AML_ERR_NOMEM)
    fail_msg("allocation %ld failed: expected AML_ERR_NOMEM, got %d (%s)", n, rc, err ? aml_error_message(err) : "-");
  if (err) assert_int_equal(aml_error_code(err), AML_ERR_NOMEM);
}

static void sweep(scenario_fn fn, const char *fixture_name) {
  char *text = aml_test_fixture(fixture_name);
  long n;
  for (n = 1; n < 100000; n++) {
    aml_test_alloc_install();
    long live = aml_test_alloc_live();
    aml_test_alloc_fail_at(n);
    aml_error *err = NULL;
    aml_result rc = fn(text, &err);
    int failed = aml_test_alloc_failed();
    check_result(rc, err, n);
    aml_error_free(err);
    if (aml_test_alloc_live() != live)
      fail_msg("allocation %ld failed: %ld block(s) leaked", n, aml_test_alloc_live() - live);
    aml_test_alloc_uninstall();
    if (!failed) {
      assert_int_equal(rc, AML_OK);
      break;
    }
  }
  print_message("%s: %ld allocation points swept\n", fixture_name, n - 1);
  assert_true(n > 10);
  free(text);
}

/* The full deployment: parse, serialise, clone, validate, build the PUT with
 * scope expansion and the PATCH, free everything. */
static aml_result deployment_scenario(const char *text, aml_error **err) {
  aml_batch_deployment *dep = NULL, *copy = NULL;
  char *a = NULL, *b = NULL, *put = NULL, *patch = NULL;
  aml__arm_scope scope = {"sub", "rg", "ws"};
  aml_result rc = aml_batch_deployment_from_json(text, &dep, err);
  if (rc == AML_OK) rc = aml_batch_deployment_to_json(dep, &a, err);
  if (rc == AML_OK) rc = aml_batch_deployment_clone(dep, &copy, err);
  if (rc == AML_OK) rc = aml_batch_deployment_validate(copy, err);
  if (rc == AML_OK) {
    copy->compute = "azureml:cpu-cluster";
    copy->model = "azureml:loan-gbm:7";
    rc = aml__batch_deployment_put_body(copy, &scope, "eastus", &put, err);
  }
  if (rc == AML_OK) rc = aml__batch_deployment_patch_body(copy, &patch, err);
  if (rc == AML_OK) rc = aml_batch_deployment_to_json(copy, &b, err);
  aml_free(a);
  aml_free(b);
  aml_free(put);
  aml_free(patch);
  aml_batch_deployment_free(dep);
  aml_batch_deployment_free(copy);
  return rc;
}

static aml_result endpoint_scenario(const char *text, aml_error **err) {
  aml_batch_endpoint *ep = NULL, *copy = NULL;
  char *put = NULL, *patch = NULL;
  aml_result rc = aml_batch_endpoint_from_json(text, &ep, err);
  if (rc == AML_OK) rc = aml_batch_endpoint_clone(ep, &copy, err);
  if (rc == AML_OK) rc = aml__batch_endpoint_put_body(copy, "eastus", &put, err);
  if (rc == AML_OK) rc = aml__batch_endpoint_patch_body(copy, &patch, err);
  aml_free(put);
  aml_free(patch);
  aml_batch_endpoint_free(ep);
  aml_batch_endpoint_free(copy);
  return rc;
}

static aml_result compute_scenario(const char *text, aml_error **err) {
  aml_compute *c = NULL, *copy = NULL;
  char *put = NULL, *patch = NULL;
  aml_result rc = aml_compute_from_json(text, &c, err);
  if (rc == AML_OK) rc = aml_compute_clone(c, &copy, err);
  if (rc == AML_OK) {
    copy->admin_password = "not-a-real-password";
    rc = aml__compute_put_body(copy, "eastus", &put, err);
  }
  if (rc == AML_OK) rc = aml__compute_scale_patch_body(copy, &patch, err);
  aml_free(put);
  aml_free(patch);
  aml_compute_free(c);
  aml_compute_free(copy);
  return rc;
}

static aml_result list_scenario(const char *text, aml_error **err) {
  aml__arm_page page;
  aml_result rc = aml__arm_page_parse(text, strlen(text), "compute", &page, err);
  for (size_t i = 0; rc == AML_OK && i < page.count; i++) {
    aml_compute *c = NULL;
    rc = aml__compute_from_json_value(aml__arm_page_item(&page, i), &c, err);
    aml_compute_free(c);
  }
  if (page.root) aml__arm_page_free(&page);
  return rc;
}

static aml_result environment_scenario(const char *text, aml_error **err) {
  aml_environment_version *e = NULL, *copy = NULL;
  char *out = NULL;
  aml_result rc = aml_environment_version_from_json(text, &e, err);
  if (rc == AML_OK) rc = aml_environment_version_clone(e, &copy, err);
  if (rc == AML_OK) {
    copy->image = NULL; /* validation must look into raw_json for a build */
    rc = aml_environment_version_validate(copy, err);
    if (rc == AML_ERR_VALIDATION) { /* this fixture has no build: the rule, not a failure */
      rc = AML_OK;
      aml_error_free(*err);
      *err = NULL;
    }
  }
  if (rc == AML_OK) rc = aml_environment_version_to_json(copy, &out, err);
  aml_free(out);
  aml_environment_version_free(e);
  aml_environment_version_free(copy);
  return rc;
}

static void test_sweep_batch_deployment(void **state) {
  (void)state;
  sweep(deployment_scenario, "batch_deployment_full.json");
}

static void test_sweep_batch_endpoint(void **state) {
  (void)state;
  sweep(endpoint_scenario, "batch_endpoint_full.json");
}

static void test_sweep_compute(void **state) {
  (void)state;
  sweep(compute_scenario, "compute_full.json");
}

static void test_sweep_list_page(void **state) {
  (void)state;
  sweep(list_scenario, "compute_list.json");
}

static void test_sweep_environment(void **state) {
  (void)state;
  sweep(environment_scenario, "environment_version.json");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sweep_batch_deployment), cmocka_unit_test(test_sweep_batch_endpoint),
      cmocka_unit_test(test_sweep_compute),          cmocka_unit_test(test_sweep_list_page),
      cmocka_unit_test(test_sweep_environment),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
