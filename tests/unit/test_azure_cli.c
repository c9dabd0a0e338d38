/* The Azure CLI credential against stand-in `az` scripts written to a
 * temporary folder put first on PATH: success (both expiry formats, the
 * arguments az receives), not signed in, a real failure, malformed output,
 * az missing, and a hang past a short timeout. */
#include "test_support.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static char g_dir[64];
static char *g_old_path;

static int setup_group(void **state) {
  (void)state;
  snprintf(g_dir, sizeof(g_dir), "/tmp/aml-az-test-XXXXXX");
  assert_non_null(mkdtemp(g_dir));
  const char *p = getenv("PATH");
  g_old_path = strdup(p ? p : "/usr/bin:/bin");
  char path[4096];
  snprintf(path, sizeof(path), "%s:%s", g_dir, g_old_path);
  setenv("PATH", path, 1);
  return 0;
}

static int teardown_group(void **state) {
  (void)state;
  setenv("PATH", g_old_path, 1);
  free(g_old_path);
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_dir);
  return system(cmd) == 0 ? 0 : -1;
}

/* Write the stand-in: `body` runs under /bin/sh after the arguments are
 * recorded one per line in args.txt. */
static void stand_in(const char *body) {
  char path[128];
  snprintf(path, sizeof(path), "%s/az", g_dir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fprintf(f, "#!/bin/sh\nfor a in \"$@\"; do printf '%%s\\n' \"$a\"; done > '%s/args.txt'\n%s\n", g_dir, body);
  fclose(f);
  assert_int_equal(chmod(path, 0755), 0);
}

static char *read_args(void) {
  char path[128];
  snprintf(path, sizeof(path), "%s/args.txt", g_dir);
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  static char buf[1024];
  size_t n = fread(buf, 1, sizeof(buf) - 1, f);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

static aml_result get(const aml_azure_cli_options *o, const char *scope, aml_access_token **tok, aml_error **err) {
  aml_credential *c = NULL;
  aml_result rc = aml_azure_cli_credential_new(o, &c, err);
  if (rc < 0) return rc;
  rc = aml_credential_get_token(c, scope, tok, err);
  aml_credential_unref(c);
  return rc;
}

static void test_success_new_cli(void **state) {
  (void)state;
  stand_in("echo '{\"accessToken\": \"cli-token-1\", \"expiresOn\": \"2030-01-01 00:00:00.000000\", "
           "\"expires_on\": 1900000000, \"subscription\": \"s\", \"tenant\": \"t\", \"tokenType\": \"Bearer\"}'");
  aml_access_token *tok = NULL;
  aml_error *err = NULL;
  if (get(NULL, AML_SCOPE_ARM, &tok, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_string_equal(aml_access_token_value(tok), "cli-token-1");
  assert_int_equal(aml_access_token_expires_on(tok), 1900000000); /* expires_on wins */
  aml_access_token_free(tok);
  /* No shell: each argument arrives whole, in order. */
  assert_string_equal(read_args(), "account\nget-access-token\n--output\njson\n--scope\n"
                                   "https://management.azure.com/.default\n");

  aml_azure_cli_options o;
  aml_azure_cli_options_init(&o, AML_AZURE_CLI_OPTIONS_VERSION);
  o.tenant_id = "contoso.onmicrosoft.com";
  assert_int_equal(get(&o, AML_SCOPE_ML, &tok, NULL), AML_OK);
  aml_access_token_free(tok);
  assert_string_equal(read_args(), "account\nget-access-token\n--output\njson\n--scope\n"
                                   "https://ml.azure.com/.default\n--tenant\ncontoso.onmicrosoft.com\n");
}

static void test_success_old_cli_local_time(void **state) {
  (void)state;
  stand_in("echo '{\"accessToken\": \"cli-token-2\", \"expiresOn\": \"2031-02-03 04:05:06.123456\"}'");
  aml_access_token *tok = NULL;
  assert_int_equal(get(NULL, AML_SCOPE_ARM, &tok, NULL), AML_OK);
  struct tm tm = {0};
  tm.tm_year = 2031 - 1900;
  tm.tm_mon = 1;
  tm.tm_mday = 3;
  tm.tm_hour = 4;
  tm.tm_min = 5;
  tm.tm_sec = 6;
  tm.tm_isdst = -1;
  assert_int_equal(aml_access_token_expires_on(tok), (int64_t)mktime(&tm));
  aml_access_token_free(tok);
}

static void test_not_signed_in(void **state) {
  (void)state;
  stand_in("echo \"ERROR: Please run 'az login' to setup account.\" >&2; exit 1");
  aml_access_token *tok = NULL;
  aml_error *err = NULL;
  assert_int_equal(get(NULL, AML_SCOPE_ARM, &tok, &err), AML_ERR_CREDENTIAL_UNAVAILABLE);
  assert_null(tok);
  assert_string_equal(aml_error_message(err), "Azure CLI: not signed in; please run 'az login'");
  aml_error_free(err);
}

static void test_real_failure_keeps_the_cli_words(void **state) {
  (void)state;
  /* Signed in, but Entra refused: a failure, not "unavailable". */
  stand_in("echo 'ERROR: AADSTS70043: The refresh token has expired. Please run az login.' >&2; exit 1");
  aml_error *err = NULL;
  aml_access_token *tok = NULL;
  assert_int_equal(get(NULL, AML_SCOPE_ARM, &tok, &err), AML_ERR_AUTH);
  assert_string_equal(aml_error_message(err), "Azure CLI: 'az account get-access-token' failed (exit 1): "
                                              "ERROR: AADSTS70043: The refresh token has expired. Please run az login.");
  aml_error_free(err);
  /* A line that could hold a token is withheld. */
  stand_in("echo 'ERROR: bad accessToken eyJhbGciOi.leaked' >&2; exit 2");
  err = NULL;
  assert_int_equal(get(NULL, AML_SCOPE_ARM, &tok, &err), AML_ERR_AUTH);
  assert_null(strstr(aml_error_message(err), "eyJhbGciOi"));
  assert_non_null(strstr(aml_error_message(err), "(exit 2)"));
  aml_error_free(err);
}

static void test_malformed_output(void **state) {
  (void)state;
  static const char *const outputs[] = {
      "echo 'not json at all'",
      "echo '{\"accessToken\": \"eyJsecret-token\"}'",                       /* no expiry */
      "echo '{\"accessToken\": \"eyJsecret-token\", \"expiresOn\": \"soon\"}'", /* bad expiry */
      "echo '{\"expires_on\": 1900000000}'",                                 /* no token */
      "true",                                                                /* nothing */
  };
  for (size_t i = 0; i < sizeof(outputs) / sizeof(outputs[0]); i++) {
    stand_in(outputs[i]);
    aml_error *err = NULL;
    aml_access_token *tok = NULL;
    assert_int_equal(get(NULL, AML_SCOPE_ARM, &tok, &err), AML_ERR_AUTH);
    assert_non_null(strstr(aml_error_message(err), "is not the expected JSON"));
    assert_null(strstr(aml_error_message(err), "eyJsecret"));
    aml_error_free(err);
  }
}

static void test_az_missing(void **state) {
  (void)state;
  char *saved = strdup(getenv("PATH"));
  setenv("PATH", "/nonexistent-aml-test-dir", 1);
  aml_error *err = NULL;
  aml_access_token *tok = NULL;
  assert_int_equal(get(NULL, AML_SCOPE_ARM, &tok, &err), AML_ERR_CREDENTIAL_UNAVAILABLE);
  assert_non_null(strstr(aml_error_message(err), "'az' was not found on PATH"));
  aml_error_free(err);
  setenv("PATH", saved, 1);
  free(saved);
}

static void test_hang_past_the_timeout(void **state) {
  (void)state;
  /* A child of the script keeps the output pipe open too: the whole
   * process group goes at the deadline. */
  stand_in("sleep 30 & wait");
  aml_azure_cli_options o;
  aml_azure_cli_options_init(&o, AML_AZURE_CLI_OPTIONS_VERSION);
  o.timeout_ms = 300;
  aml_error *err = NULL;
  aml_access_token *tok = NULL;
  assert_int_equal(get(&o, AML_SCOPE_ARM, &tok, &err), AML_ERR_AUTH);
  assert_string_equal(aml_error_message(err),
                      "Azure CLI: 'az account get-access-token' did not finish within 300 ms and was stopped");
  aml_error_free(err);
}

static void test_arguments(void **state) {
  (void)state;
  aml_azure_cli_options o;
  aml_credential *c = NULL;
  assert_int_equal(aml_azure_cli_options_init(NULL, AML_AZURE_CLI_OPTIONS_VERSION), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_azure_cli_options_init(&o, 3), AML_ERR_VERSION);
  aml_azure_cli_options_init(&o, AML_AZURE_CLI_OPTIONS_VERSION);
  assert_int_equal(o.timeout_ms, 10000);
  assert_int_equal(aml_azure_cli_credential_new(&o, NULL, NULL), AML_ERR_INVALID_ARG);
  o.tenant_id = "--subscription";
  assert_int_equal(aml_azure_cli_credential_new(&o, &c, NULL), AML_ERR_INVALID_ARG);
  o.tenant_id = "a b";
  assert_int_equal(aml_azure_cli_credential_new(&o, &c, NULL), AML_ERR_INVALID_ARG);
  o.tenant_id = NULL;
  o.timeout_ms = 0;
  assert_int_equal(aml_azure_cli_credential_new(&o, &c, NULL), AML_ERR_INVALID_ARG);
  assert_null(c);
  /* A scope that az could read as an option is refused before running it. */
  stand_in("true");
  char args[128];
  snprintf(args, sizeof(args), "%s/args.txt", g_dir);
  unlink(args);
  aml_error *err = NULL;
  aml_access_token *tok = NULL;
  assert_int_equal(get(NULL, "--help", &tok, &err), AML_ERR_AUTH);
  assert_non_null(strstr(aml_error_message(err), "a scope for az may hold only"));
  aml_error_free(err);
  assert_int_equal(access(args, F_OK), -1); /* az never ran */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_success_new_cli),
      cmocka_unit_test(test_success_old_cli_local_time),
      cmocka_unit_test(test_not_signed_in),
      cmocka_unit_test(test_real_failure_keeps_the_cli_words),
      cmocka_unit_test(test_malformed_output),
      cmocka_unit_test(test_az_missing),
      cmocka_unit_test(test_hang_past_the_timeout),
      cmocka_unit_test(test_arguments),
  };
  return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
