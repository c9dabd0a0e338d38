/* Data assets against aml-emulator: versions from a datastore path and from
 * a local folder (uploaded first, content-addressed), get by version and
 * @latest (the most recently created), versions listed newest first across
 * forced small pages, references resolved to ARM ids, and what is missing
 * reported as AML_ERR_NOT_FOUND. */
#include "emulator_harness.h"
#include "test_support.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static aml_emu g_emu;
static aml_client *g_client;
static char g_tmp[128];

static void sh(const char *cmd) {
  if (system(cmd) != 0) fail_msg("command failed: %s", cmd);
}

static int setup_group(void **state) {
  (void)state;
  static const char *const args[] = {"--page-size", "1", NULL}; /* every list is paged */
  aml_emu_start(&g_emu, AML_EMULATOR_PATH, args);
  g_client = aml_emu_client(50, NULL, NULL);
  snprintf(g_tmp, sizeof(g_tmp), "/tmp/aml-emu-assets-XXXXXX");
  if (!mkdtemp(g_tmp)) fail_msg("mkdtemp: %s", strerror(errno));
  char cmd[1024];
  snprintf(cmd, sizeof(cmd), "mkdir -p '%s/heart/part #1' && printf 'age,chol\\n63,233\\n' > '%s/heart/a.csv' && "
                             "printf 'age,chol\\n37,250\\n' > '%s/heart/part #1/b c.csv'", g_tmp, g_tmp, g_tmp);
  sh(cmd);
  return 0;
}

static int teardown_group(void **state) {
  (void)state;
  aml_client_unref(g_client);
  aml_emu_cleanup(&g_emu);
  char cmd[256];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_tmp);
  sh(cmd);
  return 0;
}

static void create(const char *version, const char *path, const char *type, aml_data_asset **out) {
  aml_data_asset a;
  aml_data_asset_init(&a, AML_DATA_ASSET_VERSION);
  a.name = "heart-data";
  a.asset_version = version;
  a.path = path;
  a.type = type;
  a.description = "heart disease inputs";
  aml_string_pair tags[] = {{"source", "uci"}};
  a.tags = tags;
  a.tags_count = 1;
  aml_error *err = NULL;
  aml_emu_must(aml_data_assets_create_or_update(g_client, &a, NULL, out, &err), &err, "create data asset");
}

static void test_versions_latest_list_resolve(void **state) {
  (void)state;
  aml_data_asset *v1 = NULL, *v2 = NULL, *got = NULL;
  create("1", "azureml://datastores/workspaceblobstore/paths/heart/", AML_DATA_TYPE_URI_FOLDER, &v1);
  assert_string_equal(v1->name, "heart-data");
  assert_string_equal(v1->asset_version, "1");
  assert_string_equal(v1->data_uri, "azureml://datastores/workspaceblobstore/paths/heart/");
  assert_non_null(v1->id);
  char local[256];
  snprintf(local, sizeof(local), "%s/heart", g_tmp);
  create("2", local, AML_DATA_TYPE_URI_FOLDER, &v2);
  assert_true(strncmp(v2->data_uri, "azureml://datastores/workspaceblobstore/paths/LocalUpload/", 58) == 0);
  assert_non_null(strstr(v2->data_uri, "/heart/"));

  aml_error *err = NULL;
  aml_emu_must(aml_data_assets_get(g_client, "heart-data", "1", &got, &err), &err, "get 1");
  assert_string_equal(got->id, v1->id);
  assert_string_equal(got->description, "heart disease inputs");
  assert_int_equal(got->tags_count, 1);
  aml_data_asset_free(got);
  aml_emu_must(aml_data_assets_get(g_client, "heart-data", "@latest", &got, &err), &err, "get latest");
  assert_string_equal(got->asset_version, "2");
  assert_string_equal(got->data_uri, v2->data_uri);
  aml_data_asset_free(got);

  /* Newest first, over pages of one. */
  aml_pager *it = NULL;
  aml_emu_must(aml_data_assets_list_versions(g_client, "heart-data", &it, &err), &err, "list");
  const char *want[] = {"2", "1"};
  int n = 0;
  while (aml_pager_next_data_asset(it, &got, &err) == AML_OK) {
    assert_true(n < 2);
    assert_string_equal(got->asset_version, want[n++]);
    aml_data_asset_free(got);
  }
  assert_null(err);
  assert_int_equal(n, 2);
  assert_true(aml_pager_pages_fetched(it) >= 2);
  aml_pager_free(it);

  /* References jobs take. */
  char *id = NULL;
  aml_emu_must(aml_data_assets_resolve(g_client, "azureml:heart-data@latest", &id, &err), &err, "resolve latest");
  assert_true(strcasecmp(id, v2->id) == 0);
  aml_free(id);
  aml_emu_must(aml_data_assets_resolve(g_client, "azureml:heart-data:1", &id, &err), &err, "resolve 1");
  assert_true(strcasecmp(id, v1->id) == 0);
  aml_free(id);

  /* The local folder round-trips through the asset's URI. */
  char dest[256], cmd[600];
  snprintf(dest, sizeof(dest), "%s/back", g_tmp);
  aml_emu_must(aml_data_download(g_client, v2->data_uri, dest, NULL, &err), &err, "download asset");
  snprintf(cmd, sizeof(cmd), "diff -r '%s' '%s' >/dev/null", local, dest);
  sh(cmd);
  aml_data_asset_free(v1);
  aml_data_asset_free(v2);
}

static void test_missing(void **state) {
  (void)state;
  aml_data_asset *got = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_data_assets_get(g_client, "heart-data", "99", &got, &err), AML_ERR_NOT_FOUND);
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_data_assets_get(g_client, "no-such-asset", "@latest", &got, &err), AML_ERR_NOT_FOUND);
  aml_error_free(err);
  char *id = NULL;
  err = NULL;
  assert_int_equal(aml_data_assets_resolve(g_client, "azureml:no-such-asset@latest", &id, &err), AML_ERR_NOT_FOUND);
  aml_error_free(err);
  assert_null(id);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_versions_latest_list_resolve),
      cmocka_unit_test(test_missing),
  };
  return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
