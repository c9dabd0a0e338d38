/* Model, code and environment versions listed over the fake transport:
 * newest first ($orderBy=createdtime desc), paged by nextLink, typed next
 * functions that refuse a pager of another list, argument checks. */
#include "test_support.h"

#include <string.h>

#define WS_PATH "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1"
#define WS "https://management.example.test" WS_PATH
#define AV "?api-version=2025-12-01"
#define DESC "&%24orderBy=createdtime%20desc"

static void q(aml_test_fake *f, const char *body) {
  assert_int_equal(aml_fake_transport_add_response(f->t, 200, NULL, body, NULL), AML_OK);
}

static void test_model_versions_paged(void **state) {
  aml_test_fake *f = *state;
  q(f, "{\"value\":[{\"id\":\"" WS_PATH "/models/m/versions/3\",\"name\":\"3\",\"properties\":"
       "{\"modelUri\":\"azureml://datastores/ds/paths/m3/\"}}],"
       "\"nextLink\":\"" WS "/models/m/versions" AV "&$skip=1\"}");
  q(f, "{\"value\":[{\"id\":\"" WS_PATH "/models/m/versions/1\",\"name\":\"1\",\"properties\":"
       "{\"modelUri\":\"azureml://datastores/ds/paths/m1/\"}}]}");
  aml_pager *it = NULL;
  assert_int_equal(aml_models_list_versions(f->c, "m", &it, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(f->t), 0); /* nothing before the first next */
  aml_model_version *m = NULL;
  const char *want[] = {"3", "1"};
  int n = 0;
  while (aml_pager_next_model_version(it, &m, NULL) == AML_OK) {
    assert_true(n < 2);
    assert_string_equal(m->asset_version, want[n]);
    assert_string_equal(m->name, "m");
    assert_non_null(strstr(m->path, want[n][0] == '3' ? "m3" : "m1"));
    aml_model_version_free(m);
    n++;
  }
  assert_int_equal(n, 2);
  assert_null(m);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), WS "/models/m/versions" AV DESC);
  assert_string_equal(aml_http_request_method(aml_test_request(f->t, 0)), "GET");
  aml_pager_free(it);
}

static void test_code_and_environment_versions(void **state) {
  aml_test_fake *f = *state;
  q(f, "{\"value\":[{\"id\":\"" WS_PATH "/codes/c/versions/2\",\"name\":\"2\",\"properties\":"
       "{\"codeUri\":\"https://a.blob.core.windows.net/c/code\"}}]}");
  q(f, "{\"value\":[{\"id\":\"" WS_PATH "/environments/e/versions/7\",\"name\":\"7\",\"properties\":"
       "{\"image\":\"mcr.microsoft.com/x:1\"}}]}");
  aml_pager *it = NULL;
  assert_int_equal(aml_codes_list_versions(f->c, "c", &it, NULL), AML_OK);
  aml_code_version *c = NULL;
  assert_int_equal(aml_pager_next_code_version(it, &c, NULL), AML_OK);
  assert_string_equal(c->asset_version, "2");
  assert_string_equal(c->path, "https://a.blob.core.windows.net/c/code");
  aml_code_version_free(c);
  assert_int_equal(aml_pager_next_code_version(it, &c, NULL), AML_ITER_END);
  aml_pager_free(it);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), WS "/codes/c/versions" AV DESC);

  assert_int_equal(aml_environments_list_versions(f->c, "e", &it, NULL), AML_OK);
  aml_environment_version *e = NULL;
  assert_int_equal(aml_pager_next_environment_version(it, &e, NULL), AML_OK);
  assert_string_equal(e->asset_version, "7");
  assert_string_equal(e->image, "mcr.microsoft.com/x:1");
  aml_environment_version_free(e);
  aml_pager_free(it);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 1)), WS "/environments/e/versions" AV DESC);
}

static void test_arguments_and_kinds(void **state) {
  aml_test_fake *f = *state;
  aml_pager *it = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_models_list_versions(f->c, "", &it, &err), AML_ERR_INVALID_ARG);
  assert_non_null(strstr(aml_error_message(err), "name"));
  aml_error_free(err);
  assert_null(it);
  assert_int_equal(aml_codes_list_versions(NULL, "c", &it, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_environments_list_versions(f->c, "e", NULL, NULL), AML_ERR_INVALID_ARG);
  /* A typed next refuses a pager of another list (before any request). */
  assert_int_equal(aml_models_list_versions(f->c, "m", &it, NULL), AML_OK);
  aml_code_version *c = NULL;
  aml_environment_version *e = NULL;
  assert_int_equal(aml_pager_next_code_version(it, &c, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_pager_next_environment_version(it, &e, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_pager_next_model_version(it, NULL, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_fake_transport_request_count(f->t), 0);
  aml_pager_free(it);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_model_versions_paged, aml_test_fake_setup, aml_test_fake_teardown),
      cmocka_unit_test_setup_teardown(test_code_and_environment_versions, aml_test_fake_setup, aml_test_fake_teardown),
      cmocka_unit_test_setup_teardown(test_arguments_and_kinds, aml_test_fake_setup, aml_test_fake_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
