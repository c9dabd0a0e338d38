/* The default credential chain against aml-emulator: members tried in
 * order, the unavailable ones passed over, the first that works kept for
 * good, a real failure stopping the search, one error naming every member
 * when none works, aml_client_new_from_env without a secret, and many
 * threads on one chain. Managed identity is always the emulator or a closed
 * loopback port; `az` is a stand-in script in a folder that is the whole
 * PATH, so no real Azure CLI can ever run. */
#include "emulator_harness.h"
#include "test_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define IMDS_PATH "/metadata/identity/oauth2/token"

static aml_emu g_emu;
static char g_bin[64]; /* the stand-in az lives here; PATH is only this folder */
static char *g_old_path;
static char g_closed[64]; /* http://127.0.0.1:<closed port> */

static int setup_group(void **state) {
  (void)state;
  static const char *const args[] = {"--provisioning-delay-ms", "0", NULL};
  aml_emu_start(&g_emu, AML_EMULATOR_PATH, args);
  snprintf(g_bin, sizeof(g_bin), "/tmp/aml-chain-test-XXXXXX");
  if (!mkdtemp(g_bin)) fail_msg("mkdtemp failed");
  g_old_path = strdup(getenv("PATH") ? getenv("PATH") : "");
  setenv("PATH", g_bin, 1);
  snprintf(g_closed, sizeof(g_closed), "http://127.0.0.1:%d", aml_test_closed_loopback_port());
  return 0;
}

static int teardown_group(void **state) {
  (void)state;
  setenv("PATH", g_old_path, 1);
  free(g_old_path);
  aml_emu_cleanup(&g_emu);
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_bin);
  return system(cmd) == 0 ? 0 : -1;
}

static int setup_each(void **state) {
  (void)state;
  assert_int_equal(aml_emu_control(&g_emu, "DELETE", "/_emulator/requests", NULL, NULL), 204);
  char path[128];
  snprintf(path, sizeof(path), "%s/az", g_bin);
  unlink(path);
  snprintf(path, sizeof(path), "%s/ran.txt", g_bin);
  unlink(path);
  return 0;
}

/* The stand-in az: records that it ran (ran.txt), then runs `body` (sh
 * builtins only: PATH holds nothing else). */
static void stand_in(const char *body) {
  char path[128];
  snprintf(path, sizeof(path), "%s/az", g_bin);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fprintf(f, "#!/bin/sh\necho ran >> '%s/ran.txt'\n%s\n", g_bin, body);
  fclose(f);
  assert_int_equal(chmod(path, 0755), 0);
}

static int az_runs(void) {
  char path[128];
  snprintf(path, sizeof(path), "%s/ran.txt", g_bin);
  FILE *f = fopen(path, "r");
  if (!f) return 0;
  int n = 0;
  char line[16];
  while (fgets(line, sizeof(line), f)) n++;
  fclose(f);
  return n;
}

#define AZ_OK "echo '{\"accessToken\": \"from-the-cli\", \"expires_on\": 1900000000}'"
#define AZ_SIGNED_OUT "echo \"ERROR: Please run 'az login' to setup account.\" >&2; exit 1"

/* A chain of `members`, managed identity at `imds`. */
static aml_credential *chain(const char *members, const char *imds) {
  aml_managed_identity_options mi;
  aml_managed_identity_options_init(&mi, AML_MANAGED_IDENTITY_OPTIONS_VERSION);
  mi.imds_authority = imds;
  aml_default_credential_options o;
  aml_default_credential_options_init(&o, AML_DEFAULT_CREDENTIAL_OPTIONS_VERSION);
  o.members = members;
  o.managed_identity = &mi;
  aml_credential *c = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_default_azure_credential_new(&o, &c, &err), &err, "default chain");
  return c;
}

static aml_result token(aml_credential *c, const char *scope, char *value, size_t size, aml_error **err) {
  aml_access_token *tok = NULL;
  aml_result rc = aml_credential_get_token(c, scope, &tok, err);
  if (rc == AML_OK) snprintf(value, size, "%s", aml_access_token_value(tok));
  aml_access_token_free(tok);
  return rc;
}

static void test_order_and_the_first_that_works_is_kept(void **state) {
  (void)state;
  /* az signed out: passed over; managed identity (the emulator) works. */
  stand_in(AZ_SIGNED_OUT);
  aml_credential *c = chain("azure_cli,managed_identity", g_emu.base_url);
  char v[4096];
  aml_error *err = NULL;
  aml_emu_must(token(c, AML_SCOPE_ARM, v, sizeof(v), &err), &err, "chain token");
  assert_int_equal(strncmp(v, "eyJ", 3), 0); /* the emulator's JWT */
  assert_int_equal(az_runs(), 1);
  assert_int_equal(aml_emu_count_requests(&g_emu, "GET", IMDS_PATH), 1);
  /* Now az would work, but the chain stays with managed identity. */
  stand_in(AZ_OK);
  aml_emu_must(token(c, AML_SCOPE_ML, v, sizeof(v), &err), &err, "chain token");
  assert_int_equal(strncmp(v, "eyJ", 3), 0);
  assert_int_equal(az_runs(), 1);
  assert_int_equal(aml_emu_count_requests(&g_emu, "GET", IMDS_PATH), 2);
  aml_credential_unref(c);

  /* The other order: managed identity unavailable (closed port), az works. */
  c = chain("managed_identity,azure_cli", g_closed);
  aml_emu_must(token(c, AML_SCOPE_ARM, v, sizeof(v), &err), &err, "chain token");
  assert_string_equal(v, "from-the-cli");
  aml_credential_unref(c);
}

static void test_a_real_failure_stops_the_search(void **state) {
  (void)state;
  stand_in("echo 'ERROR: AADSTS700082: The refresh token has expired.' >&2; exit 1");
  aml_credential *c = chain("azure_cli,managed_identity", g_emu.base_url);
  char v[64];
  aml_error *err = NULL;
  assert_int_equal(token(c, AML_SCOPE_ARM, v, sizeof(v), &err), AML_ERR_AUTH);
  assert_non_null(strstr(aml_error_message(err), "azure_cli: Azure CLI: 'az account get-access-token' failed (exit 1)"));
  assert_null(strstr(aml_error_message(err), "managed_identity"));
  assert_int_equal(aml_emu_count_requests(&g_emu, "GET", IMDS_PATH), 0);
  aml_error_free(err);
  aml_credential_unref(c);
}

static void test_every_member_unavailable_one_error(void **state) {
  (void)state;
  /* No az at all, nothing at the IMDS port, no service principal variables. */
  char *secret = strdup(getenv("AZURE_CLIENT_SECRET"));
  unsetenv("AZURE_CLIENT_SECRET");
  aml_credential *c = chain(NULL, g_closed);
  char v[64];
  aml_error *err = NULL;
  assert_int_equal(token(c, AML_SCOPE_ARM, v, sizeof(v), &err), AML_ERR_CREDENTIAL_UNAVAILABLE);
  const char *m = aml_error_message(err);
  assert_non_null(strstr(m, "default credential chain: no credential got a token for https://management.azure.com/.default;"));
  const char *mi = strstr(m, " managed_identity: managed identity: no IMDS answered at http://127.0.0.1:");
  const char *cli = strstr(m, "; azure_cli: Azure CLI: 'az' was not found on PATH");
  assert_non_null(mi);
  assert_non_null(cli);
  assert_true(mi < cli); /* in the order tried */
  assert_null(strstr(m, secret));
  aml_error_free(err);
  aml_credential_unref(c);
  setenv("AZURE_CLIENT_SECRET", secret, 1);
  free(secret);
}

static void test_options(void **state) {
  (void)state;
  aml_default_credential_options o;
  aml_credential *c = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_default_credential_options_init(NULL, AML_DEFAULT_CREDENTIAL_OPTIONS_VERSION), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_default_credential_options_init(&o, 9), AML_ERR_VERSION);
  aml_default_credential_options_init(&o, AML_DEFAULT_CREDENTIAL_OPTIONS_VERSION);
  o.members = "managed_identity, shared_cache";
  assert_int_equal(aml_default_azure_credential_new(&o, &c, &err), AML_ERR_INVALID_ARG);
  assert_non_null(strstr(aml_error_message(err), "unknown member 'shared_cache'"));
  aml_error_free(err);
  o.members = "azure_cli,azure_cli";
  assert_int_equal(aml_default_azure_credential_new(&o, &c, NULL), AML_ERR_INVALID_ARG);
  o.members = "azure_cli";
  o.exclude_azure_cli = 1;
  assert_int_equal(aml_default_azure_credential_new(&o, &c, NULL), AML_ERR_INVALID_ARG);
  /* A member's options are checked at once. */
  aml_azure_cli_options cli;
  aml_azure_cli_options_init(&cli, AML_AZURE_CLI_OPTIONS_VERSION);
  cli.timeout_ms = -1;
  o.exclude_azure_cli = 0;
  o.azure_cli = &cli;
  assert_int_equal(aml_default_azure_credential_new(&o, &c, NULL), AML_ERR_INVALID_ARG);
  assert_null(c);
  assert_int_equal(aml_default_azure_credential_new(NULL, NULL, NULL), AML_ERR_INVALID_ARG);

  /* Excluding managed identity from the default list: az alone is asked. */
  stand_in(AZ_OK);
  char *secret = strdup(getenv("AZURE_CLIENT_SECRET"));
  unsetenv("AZURE_CLIENT_SECRET");
  aml_default_credential_options_init(&o, AML_DEFAULT_CREDENTIAL_OPTIONS_VERSION);
  o.exclude_managed_identity = 1;
  aml_emu_must(aml_default_azure_credential_new(&o, &c, &err), &err, "chain");
  char v[64];
  aml_emu_must(token(c, AML_SCOPE_ARM, v, sizeof(v), &err), &err, "chain token");
  setenv("AZURE_CLIENT_SECRET", secret, 1);
  free(secret);
  assert_string_equal(v, "from-the-cli");
  assert_int_equal(aml_emu_count_requests(&g_emu, "GET", IMDS_PATH), 0);
  aml_credential_unref(c);
}

static void test_client_from_env_without_a_secret(void **state) {
  (void)state;
  /* The harness exported AZURE_POD_IDENTITY_AUTHORITY_HOST = the emulator.
   * Without a secret or a client id, the chain lands on the system-assigned
   * managed identity, whose token the emulator's ARM accepts. */
  char *secret = strdup(getenv("AZURE_CLIENT_SECRET"));
  char *client_id = strdup(getenv("AZURE_CLIENT_ID"));
  unsetenv("AZURE_CLIENT_SECRET");
  unsetenv("AZURE_CLIENT_ID");
  aml_client *c = aml_emu_client(100, NULL, NULL);
  aml_workspace *ws = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_workspaces_get(c, &ws, &err), &err, "workspace through the default chain");
  aml_workspace_free(ws);
  aml_client_unref(c);
  assert_int_equal(aml_emu_count_requests(&g_emu, "GET", IMDS_PATH), 1);
  assert_int_equal(aml_emu_count_requests(&g_emu, "POST", "/oauth2/v2.0/token"), 0);
  setenv("AZURE_CLIENT_SECRET", secret, 1);
  setenv("AZURE_CLIENT_ID", client_id, 1);
  free(secret);
  free(client_id);
}

typedef struct worker {
  aml_credential *cred;
  int failures;
} worker;

static void *hammer(void *arg) {
  worker *w = arg;
  for (int i = 0; i < 40; i++) {
    aml_access_token *tok = NULL;
    if (aml_credential_get_token(w->cred, i % 2 ? AML_SCOPE_ARM : AML_SCOPE_ML, &tok, NULL) != AML_OK) w->failures++;
    aml_access_token_free(tok);
  }
  return NULL;
}

static void test_many_threads_one_chain(void **state) {
  (void)state;
  stand_in(AZ_SIGNED_OUT);
  aml_credential *c = chain("azure_cli,managed_identity", g_emu.base_url);
  enum { N = 8 };
  pthread_t th[N];
  worker w[N];
  for (int i = 0; i < N; i++) {
    w[i] = (worker){c, 0};
    assert_int_equal(pthread_create(&th[i], NULL, hammer, &w[i]), 0);
  }
  for (int i = 0; i < N; i++) {
    pthread_join(th[i], NULL);
    assert_int_equal(w[i].failures, 0);
  }
  assert_int_equal(aml_emu_count_requests(&g_emu, "GET", IMDS_PATH), 2); /* one per scope */
  aml_credential_unref(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup(test_order_and_the_first_that_works_is_kept, setup_each),
      cmocka_unit_test_setup(test_a_real_failure_stops_the_search, setup_each),
      cmocka_unit_test_setup(test_every_member_unavailable_one_error, setup_each),
      cmocka_unit_test_setup(test_options, setup_each),
      cmocka_unit_test_setup(test_client_from_env_without_a_secret, setup_each),
      cmocka_unit_test_setup(test_many_threads_one_chain, setup_each),
  };
  return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
