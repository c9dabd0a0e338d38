/* The logging policy: levels, line shapes, and redaction — no token or secret
 * in any log line at any level; headers outside the allow-list and query
 * values other than api-version print as REDACTED. */
#include "test_support.h"

#include <string.h>

#define SECRET "client-secret-VALUE-42"
#define TOKEN "eyJ-ACCESS-TOKEN-VALUE.sig"

static aml_result no_sleep(int64_t ms, void *ud) { (void)ms; (void)ud; return AML_OK; }

static void run_flow(int32_t level, aml_test_log *log) {
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  /* Token endpoint answer (carries the token), then a throttled ARM answer
   * with a Location carrying a signature, then the workspace. */
  aml_fake_transport_add_response(t, 200, "Content-Type: application/json\nSet-Cookie: fpc=COOKIE-SECRET",
                                  "{\"access_token\":\"" TOKEN "\",\"expires_in\":3600}", NULL);
  aml_fake_transport_add_response(t, 429, "Retry-After: 0\nLocation: https://h/op?api-version=1&sig=SIG-SECRET", "{}", NULL);
  aml_test_queue_workspace(t, "ws-1", "westeurope");

  aml_credential_options co;
  aml_credential_options_init(&co, AML_CREDENTIAL_OPTIONS_VERSION);
  co.transport = t;
  co.log_fn = aml_test_log_fn;
  co.log_user_data = log;
  co.log_level = level;
  co.sleep_fn = no_sleep;
  aml_credential *cred = NULL;
  assert_int_equal(aml_client_secret_credential_new("tenant", "app", SECRET, &co, &cred, NULL), AML_OK);

  aml_client_options o;
  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  o.transport = t;
  o.log_fn = aml_test_log_fn;
  o.log_user_data = log;
  o.log_level = level;
  o.sleep_fn = no_sleep;
  o.resource_manager_url = "https://arm.example.test";
  aml_client *c = NULL;
  assert_int_equal(aml_client_new(cred, "sub", "rg", "ws-1", &o, &c, NULL), AML_OK);
  aml_workspace *ws = NULL;
  assert_int_equal(aml_workspaces_get(c, &ws, NULL), AML_OK);
  assert_string_equal(ws->location, "westeurope");
  aml_workspace_free(ws);
  aml_client_unref(c);
  aml_credential_unref(cred);
  aml_transport_unref(t);
}

static void assert_clean(const aml_test_log *log) {
  const char *forbidden[] = {SECRET, TOKEN, "ACCESS-TOKEN", "COOKIE-SECRET", "SIG-SECRET", "Bearer"};
  for (size_t i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++)
    if (log->text && strstr(log->text, forbidden[i])) fail_msg("log leaks '%s':\n%s", forbidden[i], log->text);
}

static void test_no_secret_at_any_level(void **state) {
  (void)state;
  for (int32_t level = AML_LOG_NONE; level <= AML_LOG_DEBUG; level++) {
    aml_test_log log = {0};
    run_flow(level, &log);
    assert_clean(&log);
    if (level == AML_LOG_NONE || level == AML_LOG_ERROR) assert_int_equal(log.lines, 0);
    aml_test_log_free(&log);
  }
}

static void test_debug_lines(void **state) {
  (void)state;
  aml_test_log log = {0};
  run_flow(AML_LOG_DEBUG, &log);
  const char *expected[] = {
      "--> POST https://login.microsoftonline.com/tenant/oauth2/v2.0/token (try 1)",
      "> Content-Type: application/x-www-form-urlencoded",
      "< Set-Cookie: REDACTED",
      "--> GET https://arm.example.test/subscriptions/sub/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/ws-1?api-version=2025-12-01 (try 1)",
      "> Authorization: REDACTED",
      "> User-Agent: azsdk-c-azureml/" AML_VERSION_STRING " (",
      "<-- 429 GET",
      "< Location: https://h/op?api-version=1&sig=REDACTED",
      "retry 1 of 3 for GET",
      "(try 2)",
      "<-- 200 GET",
      "< x-ms-request-id: srv-1",
  };
  for (size_t i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
    if (!strstr(log.text, expected[i])) fail_msg("missing '%s' in:\n%s", expected[i], log.text);
  aml_test_log_free(&log);
}

static void test_levels_filter(void **state) {
  (void)state;
  aml_test_log info = {0}, warn = {0};
  run_flow(AML_LOG_INFO, &info);
  run_flow(AML_LOG_WARNING, &warn);
  assert_null(strstr(info.text, "> Authorization")); /* headers are DEBUG only */
  assert_non_null(strstr(info.text, "--> GET"));
  assert_non_null(strstr(warn.text, "retry 1 of 3"));
  assert_null(strstr(warn.text, "--> GET"));
  assert_true(info.lines > warn.lines);
  aml_test_log_free(&info);
  aml_test_log_free(&warn);
}

/* Failures are logged at ERROR with the redacted URL and no token. */
static void test_error_lines(void **state) {
  (void)state;
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  aml_test_log log = {0};
  aml_client *c = aml_test_client_new(t, NULL, &log, AML_LOG_ERROR);
  aml_fake_transport_add_response(t, 404, NULL, "{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"gone\"}}", NULL);
  aml_workspace *ws = NULL;
  assert_int_equal(aml_workspaces_get(c, &ws, NULL), AML_ERR_NOT_FOUND);
  assert_int_equal(log.lines, 1);
  assert_non_null(strstr(log.text, "HTTP 404 (ResourceNotFound): gone"));
  assert_null(strstr(log.text, "test-token"));
  aml_test_log_free(&log);
  aml_client_unref(c);
  aml_transport_unref(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_no_secret_at_any_level),
      cmocka_unit_test(test_debug_lines),
      cmocka_unit_test(test_levels_filter),
      cmocka_unit_test(test_error_lines),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
