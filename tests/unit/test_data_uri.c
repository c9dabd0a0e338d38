/* Data URIs: every accepted form, the parts each yields, and bad ones
 * refused with a message naming the accepted forms (never echoing a SAS).
 * Also: what counts as a local path. */
#include "test_support.h"

#include "ml/data_access.h"

#include <string.h>

static aml_data_uri *parse_ok(const char *uri) {
  aml_data_uri *u = NULL;
  aml_error *err = NULL;
  if (aml_data_uri_parse(uri, &u, &err) != AML_OK) fail_msg("%s: %s", uri, aml_error_message(err));
  assert_int_equal(u->version, AML_DATA_URI_VERSION);
  return u;
}

static void test_short_form(void **state) {
  (void)state;
  aml_data_uri *u = parse_ok("azureml://datastores/workspaceblobstore/paths/data/heart/part 1#2%3.csv");
  assert_int_equal(u->kind, AML_DATA_URI_KIND_DATASTORE);
  assert_string_equal(u->datastore, "workspaceblobstore");
  assert_string_equal(u->path, "data/heart/part 1#2%3.csv"); /* taken literally */
  assert_null(u->subscription_id);
  assert_null(u->account);
  assert_int_equal(u->has_sas, 0);
  aml_data_uri_free(u);
  u = parse_ok("azureml://datastores/ds/paths/folder/");
  assert_string_equal(u->path, "folder/");
  aml_data_uri_free(u);
  u = parse_ok("azureml://datastores/ds/paths/");
  assert_string_equal(u->path, "");
  aml_data_uri_free(u);
  u = parse_ok("AzureML://Datastores/ds/Paths");
  assert_string_equal(u->datastore, "ds");
  assert_string_equal(u->path, "");
  aml_data_uri_free(u);
  u = parse_ok("azureml://datastores/ds/paths/ünïcode/目录/f.csv");
  assert_string_equal(u->path, "ünïcode/目录/f.csv");
  aml_data_uri_free(u);
}

static void test_long_form(void **state) {
  (void)state;
  aml_data_uri *u = parse_ok("azureml://subscriptions/sub-1/resourcegroups/rg-1/workspaces/ws-1/datastores/"
                             "workspaceblobstore/paths/azureml/job-1/score/");
  assert_int_equal(u->kind, AML_DATA_URI_KIND_DATASTORE);
  assert_string_equal(u->subscription_id, "sub-1");
  assert_string_equal(u->resource_group, "rg-1");
  assert_string_equal(u->workspace, "ws-1");
  assert_string_equal(u->datastore, "workspaceblobstore");
  assert_string_equal(u->path, "azureml/job-1/score/");
  aml_data_uri_free(u);
  u = parse_ok("azureml://subscriptions/s/resourceGroups/r/workspaces/w/datastores/d/paths/p");
  assert_string_equal(u->resource_group, "r");
  aml_data_uri_free(u);
}

static void test_storage_urls(void **state) {
  (void)state;
  aml_data_uri *u = parse_ok("https://acct.blob.core.windows.net/container/dir/a%20b%23c.csv?sv=2025-11-05&sig=SECRET");
  assert_int_equal(u->kind, AML_DATA_URI_KIND_URL);
  assert_string_equal(u->protocol, "https");
  assert_string_equal(u->account, "acct");
  assert_string_equal(u->endpoint, "core.windows.net");
  assert_string_equal(u->container, "container");
  assert_string_equal(u->path, "dir/a b#c.csv"); /* percent-decoded */
  assert_int_equal(u->has_sas, 1);
  assert_null(u->datastore);
  aml_data_uri_free(u);
  u = parse_ok("https://acct.blob.core.chinacloudapi.cn/c");
  assert_string_equal(u->endpoint, "core.chinacloudapi.cn");
  assert_string_equal(u->path, "");
  assert_int_equal(u->has_sas, 0);
  aml_data_uri_free(u);
  /* Path-style (Azurite, aml-emulator). */
  u = parse_ok("http://127.0.0.1:10000/devstoreaccount1/data/in/x.csv");
  assert_string_equal(u->protocol, "http");
  assert_string_equal(u->endpoint, "127.0.0.1:10000");
  assert_string_equal(u->account, "devstoreaccount1");
  assert_string_equal(u->container, "data");
  assert_string_equal(u->path, "in/x.csv");
  aml_data_uri_free(u);
  u = parse_ok("https://localhost:8443/amlemulator/azureml-blobstore/");
  assert_string_equal(u->endpoint, "localhost:8443");
  assert_string_equal(u->container, "azureml-blobstore");
  assert_string_equal(u->path, "");
  aml_data_uri_free(u);
  u = parse_ok("http://[::1]:10000/acct/c/p");
  assert_string_equal(u->endpoint, "[::1]:10000");
  assert_string_equal(u->account, "acct");
  aml_data_uri_free(u);
}

static void expect_bad(const char *uri, const char *why) {
  aml_data_uri *u = (aml_data_uri *)1;
  aml_error *err = NULL;
  assert_int_equal(aml_data_uri_parse(uri, &u, &err), AML_ERR_INVALID_ARG);
  assert_null(u);
  const char *m = aml_error_message(err);
  if (!strstr(m, "azureml://datastores/<datastore>/paths/<path>") || !strstr(m, "https://<account>.blob.<suffix>") ||
      !strstr(m, "azureml://subscriptions/"))
    fail_msg("%s: message does not name the accepted forms: %s", uri, m);
  if (why && !strstr(m, why)) fail_msg("%s: message lacks \"%s\": %s", uri, why, m);
  assert_null(strstr(m, "SECRET"));
  aml_error_free(err);
}

static void test_bad_uris(void **state) {
  (void)state;
  expect_bad("wasbs://c@acct.blob.core.windows.net/p", "unknown scheme");
  expect_bad("abfss://fs@acct.dfs.core.windows.net/p", NULL);
  expect_bad("./local/folder", NULL);
  expect_bad("", NULL);
  expect_bad("azureml://datastores//paths/x", "datastore name");
  expect_bad("azureml://datastores/ds/x", "paths");
  expect_bad("azureml://datastores/ds", "paths");
  expect_bad("azureml://jobs/j/outputs/o/paths/p", "datastores");
  expect_bad("azureml://subscriptions/s/workspaces/w/datastores/d/paths/p", "long form");
  expect_bad("azureml:heart-data:1", NULL);
  expect_bad("https://example.com/c/p?sig=SECRET", "<account>.blob.<suffix>");
  expect_bad("https://acct.blob.core.windows.net/?sig=SECRET", "container");
  expect_bad("https://acct.blob./c/p", NULL);
  expect_bad("https:///c/p", "host");
  expect_bad("https://acct.blob.core.windows.net/c/bad%zz?sig=SECRET", "escape");
  expect_bad("https://acct.blob.core.windows.net/c/nul%00", "escape");
  expect_bad("http://127.0.0.1:10000/", "account");
  aml_data_uri *u = NULL;
  assert_int_equal(aml_data_uri_parse(NULL, &u, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_data_uri_parse("azureml://datastores/d/paths/p", NULL, NULL), AML_ERR_INVALID_ARG);
  aml_data_uri stack;
  memset(&stack, 0, sizeof(stack));
  aml_data_uri_free(&stack); /* not the library's: ignored */
  aml_data_uri_free(NULL);
}

static void test_local_paths(void **state) {
  (void)state;
  assert_true(aml__data_is_local_path("./model"));
  assert_true(aml__data_is_local_path("/abs/path/file.csv"));
  assert_true(aml__data_is_local_path("model"));
  assert_true(aml__data_is_local_path("dir with: colon/x"));
  assert_true(aml__data_is_local_path("weird/://name"));
  assert_false(aml__data_is_local_path("azureml://datastores/d/paths/p"));
  assert_false(aml__data_is_local_path("azureml:heart:1"));
  assert_false(aml__data_is_local_path("AzureML:heart@latest"));
  assert_false(aml__data_is_local_path("https://a.blob.core.windows.net/c/p"));
  assert_false(aml__data_is_local_path("wasbs://c@a.blob.core.windows.net/p"));
  assert_false(aml__data_is_local_path("git+https://github.com/x"));
  assert_false(aml__data_is_local_path(""));
  assert_false(aml__data_is_local_path(NULL));
}

static aml_result parse_scenario(long fail_at) {
  aml_data_uri *a = NULL, *b = NULL;
  aml_result rc = aml_data_uri_parse("https://acct.blob.core.windows.net/container/dir/a%20b.csv?sv=1&sig=2", &a, NULL);
  if (rc == AML_OK)
    rc = aml_data_uri_parse("azureml://subscriptions/s/resourcegroups/r/workspaces/w/datastores/d/paths/p", &b, NULL);
  if (rc == AML_OK) {
    assert_string_equal(a->path, "dir/a b.csv");
    assert_string_equal(b->workspace, "w");
  } else if (rc != AML_ERR_NOMEM) {
    fail_msg("fail_at=%ld: %s", fail_at, aml_result_str(rc));
  }
  aml_data_uri_free(a);
  aml_data_uri_free(b);
  return rc;
}

static void test_alloc_failures(void **state) {
  (void)state;
  aml_test_alloc_sweep(parse_scenario, 5, "data URI alloc sweep");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_short_form),  cmocka_unit_test(test_long_form),   cmocka_unit_test(test_storage_urls),
      cmocka_unit_test(test_bad_uris),    cmocka_unit_test(test_local_paths), cmocka_unit_test(test_alloc_failures),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
