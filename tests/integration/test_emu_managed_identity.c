/* The managed identity credential against aml-emulator over HTTP and HTTPS:
 * IMDS (system-assigned, user-assigned by each id kind, throttling answered
 * with retries), the App Service form, the Azure Arc challenge, and nothing
 * listening (a closed loopback port) failing fast as "unavailable". No
 * request ever leaves loopback: every credential here is pointed at the
 * emulator or at a closed port on 127.0.0.1. */
#include "emulator_harness.h"
#include "test_support.h"

#include "core/base64.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define SYSTEM_ID "00000000-0000-0000-0000-0000000000d1"
#define UAMI_CLIENT_ID "00000000-0000-0000-0000-0000000000d2"
#define UAMI_OBJECT_ID "00000000-0000-0000-0000-0000000000e2"
#define IMDS_PATH "/metadata/identity/oauth2/token"

static aml_emu g_emu;
static char g_arc_dir[64];

static int setup_group(void **state) {
  (void)state;
  snprintf(g_arc_dir, sizeof(g_arc_dir), "/tmp/aml-arc-test-XXXXXX");
  if (!mkdtemp(g_arc_dir)) fail_msg("mkdtemp failed");
  const char *const args[] = {"--provisioning-delay-ms", "0", "--arc-key-dir", g_arc_dir, NULL};
  aml_emu_start(&g_emu, AML_EMULATOR_PATH, args);
  return 0;
}

static int teardown_group(void **state) {
  (void)state;
  aml_emu_cleanup(&g_emu);
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_arc_dir);
  if (system(cmd) != 0) print_message("could not remove %s\n", g_arc_dir);
  return 0;
}

static int setup_each(void **state) {
  (void)state;
  assert_int_equal(aml_emu_control(&g_emu, "DELETE", "/_emulator/faults", NULL, NULL), 204);
  assert_int_equal(aml_emu_control(&g_emu, "DELETE", "/_emulator/requests", NULL, NULL), 204);
  unsetenv("IDENTITY_ENDPOINT");
  unsetenv("IDENTITY_HEADER");
  unsetenv("IMDS_ENDPOINT");
  return 0;
}

/* Sleeps the retry policy asked for, recorded instead of slept. */
typedef struct sleeps {
  int count;
  int64_t total_ms;
} sleeps;

static aml_result record_sleep(int64_t ms, void *user_data) {
  sleeps *s = user_data;
  s->count++;
  s->total_ms += ms;
  return AML_OK;
}

/* The appid claim of a JWT (into out), read from its base64url payload. */
static void jwt_appid(const char *jwt, char *out, size_t out_size) {
  const char *p = strchr(jwt, '.');
  assert_non_null(p);
  p++;
  const char *q = strchr(p, '.');
  assert_non_null(q);
  size_t n = (size_t)(q - p);
  char *b64 = calloc(1, n + 4);
  for (size_t i = 0; i < n; i++) b64[i] = p[i] == '-' ? '+' : p[i] == '_' ? '/' : p[i];
  while (n % 4) b64[n++] = '=';
  uint8_t *raw = NULL;
  size_t raw_len = 0;
  assert_int_equal(aml__base64_decode(b64, n, &raw, &raw_len), AML_OK);
  free(b64);
  char *json = calloc(1, raw_len + 1);
  memcpy(json, raw, raw_len);
  aml_free(raw);
  const char *a = strstr(json, "\"appid\":\"");
  assert_non_null(a);
  a += 9;
  size_t len = strcspn(a, "\"");
  assert_true(len < out_size);
  memcpy(out, a, len);
  out[len] = '\0';
  free(json);
}

static aml_credential *mi_new(const aml_managed_identity_options *o) {
  aml_credential *cred = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_managed_identity_credential_new(o, &cred, &err), &err, "managed identity credential");
  return cred;
}

/* Get a token for `scope` and check whose it is. */
static void expect_identity(aml_credential *cred, const char *scope, const char *appid) {
  aml_access_token *tok = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_credential_get_token(cred, scope, &tok, &err), &err, "managed identity token");
  char got[64];
  jwt_appid(aml_access_token_value(tok), got, sizeof(got));
  assert_string_equal(got, appid);
  assert_true(aml_access_token_expires_on(tok) > 0);
  aml_access_token_free(tok);
}

static void test_imds_system_assigned_calls_arm(void **state) {
  (void)state;
  aml_managed_identity_options o;
  aml_managed_identity_options_init(&o, AML_MANAGED_IDENTITY_OPTIONS_VERSION);
  o.imds_authority = g_emu.base_url;
  aml_credential *cred = mi_new(&o);
  expect_identity(cred, AML_SCOPE_ARM, SYSTEM_ID);
  assert_int_equal(aml_emu_count_requests(&g_emu, "GET", IMDS_PATH), 1);

  /* The token is good for ARM: a client on this credential reads the workspace. */
  aml_client_options co;
  aml_client_options_init(&co, AML_CLIENT_OPTIONS_VERSION);
  co.resource_manager_url = g_emu.base_url;
  aml_client *c = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_client_new(cred, getenv("AZURE_SUBSCRIPTION_ID"), getenv("AZURE_RESOURCE_GROUP"),
                              getenv("AZUREML_WORKSPACE"), &co, &c, &err),
               &err, "client");
  aml_workspace *ws = NULL;
  aml_emu_must(aml_workspaces_get(c, &ws, &err), &err, "workspace with a managed identity token");
  aml_workspace_free(ws);
  aml_client_unref(c);
  /* Cached: the second ARM call asked IMDS nothing more. */
  assert_int_equal(aml_emu_count_requests(&g_emu, "GET", IMDS_PATH), 1);
  aml_credential_unref(cred);
}

static void test_imds_from_pod_identity_variable(void **state) {
  (void)state;
  /* The harness exported AZURE_POD_IDENTITY_AUTHORITY_HOST = the emulator. */
  assert_string_equal(getenv("AZURE_POD_IDENTITY_AUTHORITY_HOST"), g_emu.base_url);
  aml_credential *cred = mi_new(NULL);
  expect_identity(cred, AML_SCOPE_ML, SYSTEM_ID);
  assert_int_equal(aml_emu_count_requests(&g_emu, "GET", IMDS_PATH), 1);
  aml_credential_unref(cred);
}

static void test_imds_user_assigned_by_each_id(void **state) {
  (void)state;
  char rid[512];
  snprintf(rid, sizeof(rid),
           "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
           "aml-emulator-identity",
           getenv("AZURE_SUBSCRIPTION_ID"), getenv("AZURE_RESOURCE_GROUP"));
  for (int kind = 0; kind < 3; kind++) {
    aml_managed_identity_options o;
    aml_managed_identity_options_init(&o, AML_MANAGED_IDENTITY_OPTIONS_VERSION);
    o.imds_authority = g_emu.base_url;
    if (kind == 0) o.client_id = UAMI_CLIENT_ID;
    if (kind == 1) o.object_id = UAMI_OBJECT_ID;
    if (kind == 2) o.resource_id = rid;
    aml_credential *cred = mi_new(&o);
    expect_identity(cred, AML_SCOPE_ARM, UAMI_CLIENT_ID);
    aml_credential_unref(cred);
  }

  /* An identity this resource does not have: unavailable, with IMDS's words. */
  aml_managed_identity_options o;
  aml_managed_identity_options_init(&o, AML_MANAGED_IDENTITY_OPTIONS_VERSION);
  o.imds_authority = g_emu.base_url;
  o.client_id = "11111111-2222-3333-4444-555555555555";
  aml_credential *cred = mi_new(&o);
  aml_access_token *tok = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_credential_get_token(cred, AML_SCOPE_ARM, &tok, &err), AML_ERR_CREDENTIAL_UNAVAILABLE);
  assert_null(tok);
  assert_int_equal(aml_error_http_status(err), 400);
  assert_non_null(strstr(aml_error_message(err), "not assigned to this resource"));
  assert_non_null(strstr(aml_error_message(err), "Identity not found"));
  aml_error_free(err);
  aml_credential_unref(cred);

  /* Two ids at once is a programming error, caught before any request. */
  o.object_id = UAMI_OBJECT_ID;
  err = NULL;
  assert_int_equal(aml_managed_identity_credential_new(&o, &cred, &err), AML_ERR_INVALID_ARG);
  aml_error_free(err);
}

static void add_fault(const char *json) {
  assert_int_equal(aml_emu_control(&g_emu, "POST", "/_emulator/faults", json, NULL), 201);
}

static void test_imds_throttling_is_retried(void **state) {
  (void)state;
  sleeps s = {0};
  aml_credential_options co;
  aml_credential_options_init(&co, AML_CREDENTIAL_OPTIONS_VERSION);
  co.sleep_fn = record_sleep;
  co.sleep_user_data = &s;
  aml_managed_identity_options o;
  aml_managed_identity_options_init(&o, AML_MANAGED_IDENTITY_OPTIONS_VERSION);
  o.imds_authority = g_emu.base_url;
  o.credential = &co;

  /* Two 429s (Retry-After: 2), then a token: the first one hit the probe. */
  add_fault("{\"status\":429,\"retryAfter\":2,\"pathContains\":\"/metadata/identity\",\"count\":2}");
  aml_credential *cred = mi_new(&o);
  expect_identity(cred, AML_SCOPE_ARM, SYSTEM_ID);
  assert_int_equal(aml_emu_count_requests(&g_emu, "GET", IMDS_PATH), 3);
  assert_int_equal(s.count, 2);
  assert_int_equal(s.total_ms, 4000); /* the server's wait, not a computed backoff */

  /* Two 503s on a later request (the ML scope), then a token. */
  add_fault("{\"status\":503,\"pathContains\":\"/metadata/identity\",\"count\":2}");
  expect_identity(cred, AML_SCOPE_ML, SYSTEM_ID);
  assert_int_equal(aml_emu_count_requests(&g_emu, "GET", IMDS_PATH), 6);
  assert_int_equal(s.count, 4);

  /* IMDS stays down past every retry: a real failure (not "unavailable"). */
  add_fault("{\"status\":500,\"pathContains\":\"/metadata/identity\"}");
  aml_access_token *tok = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_credential_get_token(cred, "https://storage.azure.com/.default", &tok, &err), AML_ERR_AUTH);
  assert_int_equal(aml_error_http_status(err), 500);
  aml_error_free(err);
  assert_int_equal(aml_emu_count_requests(&g_emu, "GET", IMDS_PATH), 6 + 1 + co.retry.max_retries);
  aml_credential_unref(cred);
}

static void test_app_service_form(void **state) {
  (void)state;
  char endpoint[300];
  snprintf(endpoint, sizeof(endpoint), "%s/msi/token", g_emu.base_url);
  setenv("IDENTITY_ENDPOINT", endpoint, 1);
  setenv("IDENTITY_HEADER", "aml-emulator-identity-header", 1);
  aml_credential *cred = mi_new(NULL);
  expect_identity(cred, AML_SCOPE_ARM, SYSTEM_ID);
  assert_int_equal(aml_emu_count_requests(&g_emu, "GET", "/msi/token"), 1);
  assert_int_equal(aml_emu_count_requests(&g_emu, "GET", IMDS_PATH), 0);
  aml_credential_unref(cred);

  /* User-assigned by resource id: App Service calls the parameter mi_res_id. */
  char rid[512];
  snprintf(rid, sizeof(rid),
           "/subscriptions/%s/resourcegroups/%s/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
           "aml-emulator-identity",
           getenv("AZURE_SUBSCRIPTION_ID"), getenv("AZURE_RESOURCE_GROUP"));
  aml_managed_identity_options o;
  aml_managed_identity_options_init(&o, AML_MANAGED_IDENTITY_OPTIONS_VERSION);
  o.resource_id = rid;
  cred = mi_new(&o);
  expect_identity(cred, AML_SCOPE_ARM, UAMI_CLIENT_ID);
  aml_credential_unref(cred);

  /* A wrong header is refused, and the header value is in no error string. */
  setenv("IDENTITY_HEADER", "not-the-header-value", 1);
  cred = mi_new(NULL);
  aml_access_token *tok = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_credential_get_token(cred, AML_SCOPE_ARM, &tok, &err), AML_ERR_AUTH);
  assert_int_equal(aml_error_http_status(err), 401);
  assert_null(strstr(aml_error_message(err), "not-the-header-value"));
  aml_error_free(err);
  aml_credential_unref(cred);
  unsetenv("IDENTITY_ENDPOINT");
  unsetenv("IDENTITY_HEADER");
}

static void test_azure_arc_challenge(void **state) {
  (void)state;
  char endpoint[300];
  snprintf(endpoint, sizeof(endpoint), "%s/arc/metadata/identity/oauth2/token", g_emu.base_url);
  setenv("IDENTITY_ENDPOINT", endpoint, 1);
  setenv("IMDS_ENDPOINT", g_emu.base_url, 1);
  aml_managed_identity_options o;
  aml_managed_identity_options_init(&o, AML_MANAGED_IDENTITY_OPTIONS_VERSION);
  o.arc_key_dir = g_arc_dir;
  aml_credential *cred = mi_new(&o);
  expect_identity(cred, AML_SCOPE_ARM, SYSTEM_ID);
  /* The challenge (401), then the answer with the file's contents. */
  assert_int_equal(aml_emu_count_requests(&g_emu, "GET", "/arc/metadata"), 2);
  aml_credential_unref(cred);

  /* A challenge file outside the folder the credential trusts is not read. */
  o.arc_key_dir = "/var/opt/azcmagent/tokens";
  cred = mi_new(&o);
  aml_access_token *tok = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_credential_get_token(cred, AML_SCOPE_ARM, &tok, &err), AML_ERR_AUTH);
  assert_non_null(strstr(aml_error_message(err), "is not in /var/opt/azcmagent/tokens"));
  aml_error_free(err);
  aml_credential_unref(cred);

  /* Arc has no user-assigned identities. */
  o.client_id = UAMI_CLIENT_ID;
  err = NULL;
  assert_int_equal(aml_managed_identity_credential_new(&o, &cred, &err), AML_ERR_UNSUPPORTED);
  aml_error_free(err);
  unsetenv("IDENTITY_ENDPOINT");
  unsetenv("IMDS_ENDPOINT");
}

static void test_nothing_listening_is_unavailable(void **state) {
  (void)state;
  char authority[64];
  snprintf(authority, sizeof(authority), "http://127.0.0.1:%d", aml_test_closed_loopback_port());
  sleeps s = {0};
  aml_credential_options co;
  aml_credential_options_init(&co, AML_CREDENTIAL_OPTIONS_VERSION);
  co.sleep_fn = record_sleep;
  co.sleep_user_data = &s;
  aml_managed_identity_options o;
  aml_managed_identity_options_init(&o, AML_MANAGED_IDENTITY_OPTIONS_VERSION);
  o.imds_authority = authority;
  o.credential = &co;
  aml_credential *cred = mi_new(&o);
  for (int i = 0; i < 2; i++) {
    aml_access_token *tok = NULL;
    aml_error *err = NULL;
    assert_int_equal(aml_credential_get_token(cred, AML_SCOPE_ARM, &tok, &err), AML_ERR_CREDENTIAL_UNAVAILABLE);
    assert_null(tok);
    assert_non_null(strstr(aml_error_message(err), "no IMDS answered at http://127.0.0.1:"));
    aml_error_free(err);
  }
  assert_int_equal(s.count, 0); /* no retry, no backoff: it failed fast */
  aml_credential_unref(cred);
}

typedef struct worker {
  aml_credential *cred;
  int failures;
} worker;

static void *hammer(void *arg) {
  worker *w = arg;
  for (int i = 0; i < 40; i++) {
    aml_access_token *tok = NULL;
    if (aml_credential_get_token(w->cred, i % 2 ? AML_SCOPE_ARM : AML_SCOPE_ML, &tok, NULL) != AML_OK ||
        strlen(aml_access_token_value(tok)) < 20)
      w->failures++;
    aml_access_token_free(tok);
  }
  return NULL;
}

static void test_many_threads_one_credential(void **state) {
  (void)state;
  aml_managed_identity_options o;
  aml_managed_identity_options_init(&o, AML_MANAGED_IDENTITY_OPTIONS_VERSION);
  o.imds_authority = g_emu.base_url;
  aml_credential *cred = mi_new(&o);
  enum { N = 8 };
  pthread_t th[N];
  worker w[N];
  for (int i = 0; i < N; i++) {
    w[i] = (worker){cred, 0};
    assert_int_equal(pthread_create(&th[i], NULL, hammer, &w[i]), 0);
  }
  for (int i = 0; i < N; i++) {
    pthread_join(th[i], NULL);
    assert_int_equal(w[i].failures, 0);
  }
  /* One refresh per scope, shared by every thread. */
  assert_int_equal(aml_emu_count_requests(&g_emu, "GET", IMDS_PATH), 2);
  aml_credential_unref(cred);
}

static void test_imds_over_https(void **state) {
  (void)state;
  aml_emu e = {0};
  static const char *const args[] = {"--tls", NULL};
  aml_emu_start(&e, AML_EMULATOR_PATH, args);
  aml_credential_options co;
  aml_credential_options_init(&co, AML_CREDENTIAL_OPTIONS_VERSION);
  co.ca_bundle = e.ca_file;
  aml_managed_identity_options o;
  aml_managed_identity_options_init(&o, AML_MANAGED_IDENTITY_OPTIONS_VERSION);
  o.imds_authority = e.base_url;
  o.client_id = UAMI_CLIENT_ID;
  o.credential = &co;
  aml_credential *cred = mi_new(&o);
  expect_identity(cred, AML_SCOPE_ARM, UAMI_CLIENT_ID);
  aml_credential_unref(cred);
  aml_emu_cleanup(&e); /* the last test: the environment now names the stopped emulator */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup(test_imds_system_assigned_calls_arm, setup_each),
      cmocka_unit_test_setup(test_imds_from_pod_identity_variable, setup_each),
      cmocka_unit_test_setup(test_imds_user_assigned_by_each_id, setup_each),
      cmocka_unit_test_setup(test_imds_throttling_is_retried, setup_each),
      cmocka_unit_test_setup(test_app_service_form, setup_each),
      cmocka_unit_test_setup(test_azure_arc_challenge, setup_each),
      cmocka_unit_test_setup(test_nothing_listening_is_unavailable, setup_each),
      cmocka_unit_test_setup(test_many_threads_one_credential, setup_each),
      cmocka_unit_test_setup(test_imds_over_https, setup_each),
  };
  return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
