/* The SDK against aml-emulator under stress: tokens that expire and are
 * refreshed, a token of the wrong audience refused with 401, retries under
 * injected 429/503 and dropped connections with nothing created twice. */
#include "emulator_harness.h"
#include "identity/credential_impl.h"
#include "test_support.h"

#include <jansson.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

static aml_emu g_emu;

static int setup_group(void **state) {
  (void)state;
  /* Tokens live 420 s: fresh for 120 s under the 5-minute refresh margin (a
   * window no loaded machine outlives; the test moves the clocks past it). */
  static const char *const args[] = {"--provisioning-delay-ms", "0", "--token-lifetime-s", "420", NULL};
  aml_emu_start(&g_emu, AML_EMULATOR_PATH, args);
  return 0;
}

static int teardown_group(void **state) {
  (void)state;
  aml_emu_cleanup(&g_emu);
  return 0;
}

static int token_requests(void) { return aml_emu_count_requests(&g_emu, "POST", "/oauth2/v2.0/token"); }

static void get_workspace(aml_client *c) {
  aml_workspace *ws = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_workspaces_get(c, &ws, &err), &err, "workspace get");
  aml_workspace_free(ws);
}

/* The credential's clock, moved by the test instead of sleeping. */
static int64_t g_shift_s;
static int64_t shifted_now(void) { return (int64_t)time(NULL) + g_shift_s; }

/* Time passes on both sides: the emulator's clock (token expiry it checks)
 * and the credential's (when to refresh, how long a token lives). */
static void advance_s(int64_t s) {
  char body[64];
  snprintf(body, sizeof(body), "{\"advanceMs\":%lld}", (long long)s * 1000);
  assert_int_equal(aml_emu_control(&g_emu, "POST", "/_emulator/clock", body, NULL), 200);
  g_shift_s += s;
}

static void test_token_cached_then_refreshed(void **state) {
  (void)state;
  aml__credential_set_clock(shifted_now);
  assert_int_equal(aml_emu_control(&g_emu, "DELETE", "/_emulator/requests", NULL, NULL), 204);
  aml_client *c = aml_emu_client(100, NULL, NULL);
  get_workspace(c);
  get_workspace(c);
  get_workspace(c);
  assert_int_equal(token_requests(), 1); /* cached */
  advance_s(121); /* now within 5 minutes of expiry */
  get_workspace(c);
  assert_int_equal(token_requests(), 2); /* refreshed before it expired */
  get_workspace(c);
  assert_int_equal(token_requests(), 2);
  aml_client_unref(c);
  aml__credential_set_clock(NULL);
}

/* A token minted by the emulator for `audience`, living `lifetime_s`. */
static char *mint(const char *audience, int lifetime_s) {
  char body[256], *resp = NULL;
  snprintf(body, sizeof(body), "{\"audience\":\"%s\",\"lifetimeS\":%d}", audience, lifetime_s);
  assert_int_equal(aml_emu_control(&g_emu, "POST", "/_emulator/tokens", body, &resp), 200);
  json_error_t jerr;
  json_t *j = json_loads(resp, 0, &jerr);
  free(resp);
  char *tok = strdup(json_string_value(json_object_get(j, "access_token")));
  json_decref(j);
  return tok;
}

static aml_client *client_with_token(const char *token) {
  aml_credential *cred = NULL;
  assert_int_equal(aml_static_token_credential_new(token, 0, &cred, NULL), AML_OK);
  aml_client_options o;
  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  o.resource_manager_url = getenv("AZURE_RESOURCE_MANAGER_URL");
  aml_client *c = NULL;
  assert_int_equal(aml_client_new(cred, getenv("AZURE_SUBSCRIPTION_ID"), getenv("AZURE_RESOURCE_GROUP"),
                                  getenv("AZUREML_WORKSPACE"), &o, &c, NULL), AML_OK);
  aml_credential_unref(cred);
  return c;
}

static void test_wrong_audience_and_expired_tokens(void **state) {
  (void)state;
  /* A data-plane (ml.azure.com) token is not accepted by ARM. */
  char *ml = mint("https://ml.azure.com", 3600);
  aml_client *c = client_with_token(ml);
  aml_workspace *ws = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_workspaces_get(c, &ws, &err), AML_ERR_UNAUTHORIZED);
  assert_int_equal(aml_error_http_status(err), 401);
  assert_non_null(aml_error_service_code(err));
  assert_null(strstr(aml_error_message(err), ml)); /* the token never shows */
  aml_error_free(err);
  aml_client_unref(c);
  free(ml);

  /* An ARM token that expired is refused too. */
  char *old = mint("https://management.azure.com/", -1); /* expired a second ago */
  c = client_with_token(old);
  err = NULL;
  assert_int_equal(aml_workspaces_get(c, &ws, &err), AML_ERR_UNAUTHORIZED);
  assert_non_null(aml_error_service_code(err));
  aml_error_free(err);
  aml_client_unref(c);
  free(old);

  /* No token at all. */
  c = client_with_token("not-a-jwt");
  assert_int_equal(aml_workspaces_get(c, &ws, NULL), AML_ERR_UNAUTHORIZED);
  aml_client_unref(c);

  /* A wrong client secret: the token endpoint's error, never the secret. */
  setenv("AZURE_CLIENT_SECRET", "definitely-wrong-secret", 1);
  aml_client_options o;
  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  err = NULL;
  assert_int_equal(aml_client_new_from_env(&o, &c, NULL), AML_OK);
  assert_int_equal(aml_workspaces_get(c, &ws, &err), AML_ERR_AUTH);
  assert_non_null(aml_error_service_code(err));
  assert_null(strstr(aml_error_message(err), "definitely-wrong-secret"));
  aml_error_free(err);
  aml_client_unref(c);
  aml_emu_stop(&g_emu, 0); /* restore the environment the emulator exported */
  static const char *const args[] = {"--provisioning-delay-ms", "0", "--token-lifetime-s", "310", NULL};
  aml_emu_start(&g_emu, AML_EMULATOR_PATH, args);
}

static void add_fault(const char *json) {
  assert_int_equal(aml_emu_control(&g_emu, "POST", "/_emulator/faults", json, NULL), 201);
}

static void test_retries_create_nothing_twice(void **state) {
  (void)state;
  aml_client *c = aml_emu_client(50, NULL, NULL);
  get_workspace(c); /* token and location first: faults below hit ARM calls only */
  aml_emu_control(&g_emu, "DELETE", "/_emulator/requests", NULL, NULL);
  add_fault("{\"status\":429,\"retryAfter\":0,\"count\":1,\"method\":\"PUT\",\"pathContains\":\"/batchEndpoints/retry-endpoint\"}");
  add_fault("{\"status\":503,\"count\":1,\"method\":\"PUT\",\"pathContains\":\"/batchEndpoints/retry-endpoint\"}");
  add_fault("{\"drop\":true,\"count\":1,\"method\":\"GET\",\"pathContains\":\"/batchEndpoints/retry-endpoint\"}");

  aml_batch_endpoint ep;
  aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
  ep.name = "retry-endpoint";
  aml_poller *p = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_batch_endpoints_begin_create_or_update(c, &ep, &p, &err), &err, "create under faults");
  aml_emu_must(aml_poller_wait(p, 60000, &err), &err, "wait under faults");
  assert_non_null(aml_poller_batch_endpoint(p));
  aml_poller_free(p);
  /* 429 + 503 answered, then the PUT that worked: three PUTs, one endpoint. */
  assert_int_equal(aml_emu_count_requests(&g_emu, "PUT", "/batchEndpoints/retry-endpoint"), 3);

  aml_pager *it = NULL;
  aml_emu_must(aml_batch_endpoints_list(c, &it, &err), &err, "list");
  aml_batch_endpoint *item = NULL;
  int matches = 0;
  while (aml_pager_next_batch_endpoint(it, &item, NULL) == AML_OK) {
    if (strcmp(item->name, "retry-endpoint") == 0) matches++;
    aml_batch_endpoint_free(item);
  }
  aml_pager_free(it);
  assert_int_equal(matches, 1);

  /* A POST that reached the server is not repeated: listkeys is a read and
   * is, but a dropped job cancel is not (checked through the recorder). */
  add_fault("{\"status\":503,\"count\":1,\"method\":\"POST\",\"pathContains\":\"/listkeys\"}");
  aml_endpoint_keys *keys = NULL;
  aml_emu_must(aml_batch_endpoints_list_keys(c, "retry-endpoint", &keys, &err), &err, "listkeys under a 503");
  aml_endpoint_keys_free(keys);
  assert_int_equal(aml_emu_count_requests(&g_emu, "POST", "/listkeys"), 2);

  /* Faults that never stop: the error surfaces after the retries. */
  add_fault("{\"status\":503,\"count\":10,\"method\":\"GET\",\"pathContains\":\"/batchEndpoints/retry-endpoint\"}");
  aml_batch_endpoint *got = NULL;
  err = NULL;
  assert_int_equal(aml_batch_endpoints_get(c, "retry-endpoint", &got, &err), AML_ERR_SERVER);
  assert_int_equal(aml_error_http_status(err), 503);
  aml_error_free(err);
  aml_emu_control(&g_emu, "DELETE", "/_emulator/faults", NULL, NULL);

  aml_emu_must(aml_batch_endpoints_begin_delete(c, "retry-endpoint", &p, &err), &err, "delete");
  aml_emu_must(aml_poller_wait(p, 60000, &err), &err, "wait delete");
  aml_poller_free(p);
  aml_client_unref(c);
}

/* One client shared by many threads: every call succeeds, one token is fetched. */
typedef struct worker {
  aml_client *client;
  int ok;
} worker;

static void *work(void *arg) {
  worker *w = arg;
  for (int i = 0; i < 25; i++) {
    aml_workspace *ws = NULL;
    if (aml_workspaces_get(w->client, &ws, NULL) == AML_OK && ws->location) w->ok++;
    aml_workspace_free(ws);
  }
  return NULL;
}

static void test_one_client_many_threads(void **state) {
  (void)state;
  aml_emu_control(&g_emu, "DELETE", "/_emulator/requests", NULL, NULL);
  aml_client *c = aml_emu_client(100, NULL, NULL);
  pthread_t th[8];
  worker w[8];
  for (int i = 0; i < 8; i++) {
    w[i] = (worker){aml_client_ref(c), 0};
    pthread_create(&th[i], NULL, work, &w[i]);
  }
  aml_client_unref(c); /* the threads hold their own references */
  for (int i = 0; i < 8; i++) {
    pthread_join(th[i], NULL);
    assert_int_equal(w[i].ok, 25);
    aml_client_unref(w[i].client);
  }
  assert_int_equal(token_requests(), 1);
  assert_int_equal(aml_emu_count_requests(&g_emu, "GET", "/workspaces/"), 200);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_token_cached_then_refreshed),
      cmocka_unit_test(test_wrong_audience_and_expired_tokens),
      cmocka_unit_test(test_retries_create_nothing_twice),
      cmocka_unit_test(test_one_client_many_threads),
  };
  return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
