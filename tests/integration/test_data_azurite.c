/* The public upload/download API against Azurite (a second implementation
 * of the Blob protocol, so the SDK and aml-emulator cannot share one
 * misreading): a folder tree with nested folders and unusual names goes up
 * through a path-style container URL carrying a SAS token (minted by the
 * official Python client) and comes back byte-identical; a second upload
 * skips what is identical and the FAIL policy refuses. Without
 * Node.js/Azurite or the Python client the case says it is skipped and why. */
#include "azurite_harness.h"
#include "test_support.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct {
  bool available;
  char why[256];
  aml_azurite azurite;
  aml_client *client;
  char sas[1024];
  char tmp[128];
} g;

static void sh(const char *cmd) {
  if (system(cmd) != 0) fail_msg("command failed: %s", cmd);
}

static bool mint_sas(void) {
  char cmd[1024];
  snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s/tests/integration/data_azurite_sas.py' 'http://%s/%s' '%s' '%s' data",
           AML_TEST_SOURCE_DIR, g.azurite.endpoint, AML_AZURITE_ACCOUNT, AML_AZURITE_ACCOUNT, AML_AZURITE_KEY);
  FILE *p = popen(cmd, "r");
  if (!p) return false;
  bool ok = fgets(g.sas, sizeof(g.sas), p) != NULL;
  int status = pclose(p);
  g.sas[strcspn(g.sas, "\r\n")] = '\0';
  if (!ok || status != 0 || !strstr(g.sas, "sig=")) {
    snprintf(g.why, sizeof(g.why), "the Python client (azure-storage-blob) could not create a container and SAS (status %d)", status);
    return false;
  }
  return true;
}

static int setup_group(void **state) {
  (void)state;
  if (aml_azurite_start(&g.azurite, g.why, sizeof(g.why)) != 0) return 0;
  if (!mint_sas()) {
    aml_azurite_stop(&g.azurite);
    return 0;
  }
  aml_credential *cred = NULL;
  aml_client_options o;
  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  o.retry.base_delay_ms = 20;
  if (aml_static_token_credential_new("unused", 0, &cred, NULL) != AML_OK ||
      aml_client_new(cred, "sub", "rg", "ws", &o, &g.client, NULL) != AML_OK)
    fail_msg("client");
  aml_credential_unref(cred);
  snprintf(g.tmp, sizeof(g.tmp), "/tmp/aml-data-azurite-XXXXXX");
  if (!mkdtemp(g.tmp)) fail_msg("mkdtemp: %s", strerror(errno));
  char cmd[2048];
  snprintf(cmd, sizeof(cmd),
           "cd '%s' && mkdir -p 'tree/sub dir/ünï #%%/deeper' && : > tree/empty.bin && printf 'small' > tree/small.txt && "
           "head -c 200000 /dev/urandom > 'tree/sub dir/blocks.bin' && printf 'x' > 'tree/sub dir/ünï #%%/deeper/a b#c%%d.csv' && "
           "for i in 1 2 3 4 5 6 7; do printf $i > \"tree/sub dir/n$i.txt\"; done",
           g.tmp);
  sh(cmd);
  g.available = true;
  return 0;
}

static int teardown_group(void **state) {
  (void)state;
  if (!g.available) return 0;
  aml_client_unref(g.client);
  aml_azurite_stop(&g.azurite);
  char cmd[256];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g.tmp);
  sh(cmd);
  return 0;
}

static void test_folder_round_trip_with_sas(void **state) {
  (void)state;
  if (!g.available) {
    print_message("[  SKIPPED ] Azurite: %s\n", g.why);
    skip();
  }
  char uri[2048], tree[256], back[256], cmd[700];
  snprintf(uri, sizeof(uri), "http://%s/%s/data/up/?%s", g.azurite.endpoint, AML_AZURITE_ACCOUNT, g.sas);
  snprintf(tree, sizeof(tree), "%s/tree", g.tmp);
  snprintf(back, sizeof(back), "%s/back", g.tmp);
  aml_transfer_options o;
  aml_transfer_options_init(&o, AML_TRANSFER_OPTIONS_VERSION);
  o.block_size = 64 * 1024;
  o.single_put_threshold = 64 * 1024;
  o.download_chunk_size = 48 * 1024;
  o.max_concurrency = 4;
  aml_error *err = NULL;
  if (aml_data_upload(g.client, tree, uri, &o, &err) != AML_OK) fail_msg("upload: %s", aml_error_message(err));
  if (aml_data_download(g.client, uri, back, &o, &err) != AML_OK) fail_msg("download: %s", aml_error_message(err));
  snprintf(cmd, sizeof(cmd), "diff -r '%s' '%s' >/dev/null", tree, back);
  sh(cmd);
  /* Again: nothing identical is moved; FAIL refuses. */
  o.overwrite = AML_OVERWRITE_SKIP_IDENTICAL;
  if (aml_data_upload(g.client, tree, uri, &o, &err) != AML_OK) fail_msg("upload again: %s", aml_error_message(err));
  o.overwrite = AML_OVERWRITE_FAIL;
  assert_int_equal(aml_data_upload(g.client, tree, uri, &o, &err), AML_ERR_CONFLICT);
  assert_null(strstr(aml_error_message(err), "sig="));
  aml_error_free(err);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_folder_round_trip_with_sas)};
  return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
