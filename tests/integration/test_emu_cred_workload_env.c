/* Workload identity and the environment credential against aml-emulator's
 * token endpoint over HTTPS. Workload identity: a federated token signed by
 * the issuer registered with --federated-key is exchanged; the token file is
 * read again at each token request (a rewritten file is used by the next
 * one); a token for another subject is refused. Environment: the secret and
 * the certificate forms, and the missing-variable report. */
#include "emulator_harness.h"
#include "test_certs.h"
#include "test_support.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define ISSUER "https://oidc.test.invalid/cluster-1"
#define SUBJECT "system:serviceaccount:batch:scorer"

static char g_dir[512];
static aml_test_cert g_issuer, g_client;
static aml_emu g_emu;
static char g_token_file[600];

static int group_setup(void **state) {
  (void)state;
  aml_test_mkdtemp(g_dir, sizeof(g_dir));
  aml_test_cert_make(g_dir, "issuer", &g_issuer);
  aml_test_cert_make(g_dir, "client", &g_client);
  snprintf(g_token_file, sizeof(g_token_file), "%s/federated-token", g_dir);
  /* Tokens of 120 s are inside the 5-minute refresh margin: every
   * aml_credential_get_token() goes to the token endpoint again. */
  const char *args[] = {"--tls",          "--federated-key",        g_issuer.cert_only, "--federated-issuer",
                        ISSUER,           "--federated-subject",    SUBJECT,            "--client-cert",
                        g_client.cert_only, "--token-lifetime-s", "120",              NULL};
  aml_emu_start(&g_emu, AML_EMULATOR_PATH, args);
  return 0;
}

static int group_teardown(void **state) {
  (void)state;
  aml_emu_stop(&g_emu, 0);
  aml_emu_cleanup(&g_emu);
  aml_test_rmdir(g_dir);
  return 0;
}

/* Write a federated token for `subject` into the token file (replacing it
 * the way the kubelet does: a new file renamed over the old). */
static void write_token(const char *subject) {
  char claims[512];
  long now = (long)time(NULL);
  snprintf(claims, sizeof(claims),
           "{\"iss\":\"%s\",\"sub\":\"%s\",\"aud\":\"api://AzureADTokenExchange\",\"iat\":%ld,\"nbf\":%ld,"
           "\"exp\":%ld}",
           ISSUER, subject, now, now, now + 3600);
  char *jwt = aml_test_jwt_sign(g_issuer.pem, claims);
  char tmp[700];
  snprintf(tmp, sizeof(tmp), "%s.tmp", g_token_file);
  FILE *f = fopen(tmp, "w");
  assert_non_null(f);
  fprintf(f, "%s\n", jwt);
  fclose(f);
  assert_int_equal(rename(tmp, g_token_file), 0);
  free(jwt);
}

static void base_opts(aml_credential_options *o) {
  aml_credential_options_init(o, AML_CREDENTIAL_OPTIONS_VERSION);
  o->ca_bundle = g_emu.ca_file; /* authority: AZURE_AUTHORITY_HOST, exported by the harness */
}

static void test_workload_identity_rereads_the_file(void **state) {
  (void)state;
  assert_string_equal(getenv("AZURE_AUTHORITY_HOST"), g_emu.base_url);
  setenv("AZURE_FEDERATED_TOKEN_FILE", g_token_file, 1);
  write_token("system:serviceaccount:other:intruder");
  aml_credential_options o;
  base_opts(&o);
  aml_credential *c = NULL;
  aml_error *err = NULL;
  /* Everything from the environment: AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE. */
  aml_emu_must(aml_workload_identity_credential_new(NULL, NULL, NULL, &o, &c, &err), &err, "workload new");

  /* A token for a subject the federation does not name is refused. */
  aml_access_token *t = NULL;
  assert_int_equal(aml_credential_get_token(c, AML_SCOPE_ARM, &t, &err), AML_ERR_AUTH);
  assert_int_equal(aml_error_http_status(err), 401);
  assert_string_equal(aml_error_service_code(err), "invalid_client");
  assert_non_null(strstr(aml_error_service_message(err), "AADSTS70021"));
  assert_null(strstr(aml_error_message(err), "eyJ"));
  aml_error_free(err);
  err = NULL;

  /* The platform rotates the file: the next request reads the new token. */
  write_token(SUBJECT);
  aml_emu_must(aml_credential_get_token(c, AML_SCOPE_ARM, &t, &err), &err, "after rotation");
  int64_t exp1 = aml_access_token_expires_on(t);
  assert_true(exp1 > 0);
  aml_access_token_free(t);

  /* Rotated into a broken file again: the refresh fails, and the token from
   * before (still valid) is what the caller gets; then the file is fixed. */
  int before = aml_emu_count_requests(&g_emu, "POST", "/oauth2/v2.0/token");
  FILE *f = fopen(g_token_file, "w");
  fclose(f);
  aml_emu_must(aml_credential_get_token(c, AML_SCOPE_ARM, &t, &err), &err, "old token kept");
  aml_access_token_free(t);
  assert_int_equal(aml_emu_count_requests(&g_emu, "POST", "/oauth2/v2.0/token"), before); /* empty: not sent */
  write_token(SUBJECT);
  aml_emu_must(aml_credential_get_token(c, AML_SCOPE_ML, &t, &err), &err, "ml scope");
  aml_access_token_free(t);
  assert_int_equal(aml_emu_count_requests(&g_emu, "POST", "/oauth2/v2.0/token"), before + 1);

  /* The token works on ARM. */
  aml_emu_check_credential_on_arm(&g_emu, c);
  aml_credential_unref(c);

  /* A missing file is a failed request (the variable says where it should be). */
  char missing[700];
  snprintf(missing, sizeof(missing), "%s/no-such-token", g_dir);
  aml_emu_must(aml_workload_identity_credential_new(NULL, NULL, missing, &o, &c, &err), &err, "workload new");
  assert_int_equal(aml_credential_get_token(c, AML_SCOPE_ARM, &t, &err), AML_ERR_AUTH);
  assert_non_null(strstr(aml_error_message(err), "no-such-token"));
  aml_error_free(err);
  err = NULL;
  aml_credential_unref(c);

  /* Not configured: unavailable, naming every missing variable. */
  unsetenv("AZURE_FEDERATED_TOKEN_FILE");
  char *tenant = strdup(getenv("AZURE_TENANT_ID"));
  unsetenv("AZURE_TENANT_ID");
  assert_int_equal(aml_workload_identity_credential_new(NULL, "app", NULL, &o, &c, &err),
                   AML_ERR_CREDENTIAL_UNAVAILABLE);
  assert_null(c);
  assert_non_null(strstr(aml_error_message(err), "AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE"));
  assert_null(strstr(aml_error_message(err), "AZURE_CLIENT_ID"));
  aml_error_free(err);
  err = NULL;
  setenv("AZURE_TENANT_ID", tenant, 1);
  free(tenant);
  assert_int_equal(aml_workload_identity_credential_new("", NULL, NULL, &o, &c, NULL), AML_ERR_INVALID_ARG);
}

static void get_arm_token(aml_credential *c, const char *what) {
  aml_access_token *t = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_credential_get_token(c, AML_SCOPE_ARM, &t, &err), &err, what);
  aml_access_token_free(t);
}

static void test_environment_credential_forms(void **state) {
  (void)state;
  aml_credential_options o;
  base_opts(&o);
  aml_credential *c = NULL;
  aml_error *err = NULL;
  char *secret = strdup(getenv("AZURE_CLIENT_SECRET"));

  /* The secret form (the harness exported the emulator's secret). */
  aml_emu_must(aml_environment_credential_new(&o, &c, &err), &err, "env secret");
  get_arm_token(c, "env secret");
  aml_credential_unref(c);

  /* The certificate form: PKCS#12 with its password, the chain sent. */
  unsetenv("AZURE_CLIENT_SECRET");
  setenv("AZURE_CLIENT_CERTIFICATE_PATH", g_client.pfx_pw, 1);
  setenv("AZURE_CLIENT_CERTIFICATE_PASSWORD", AML_TEST_CERT_PASSWORD, 1);
  setenv("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN", "true", 1);
  aml_emu_must(aml_environment_credential_new(&o, &c, &err), &err, "env certificate");
  get_arm_token(c, "env certificate");
  aml_credential_unref(c);

  /* A wrong password is an error, not "unavailable": the variables are set. */
  setenv("AZURE_CLIENT_CERTIFICATE_PASSWORD", "bad-pass-123", 1);
  assert_int_equal(aml_environment_credential_new(&o, &c, &err), AML_ERR_INVALID_ARG);
  assert_non_null(strstr(aml_error_message(err), "password"));
  assert_null(strstr(aml_error_message(err), "bad-pass-123"));
  aml_error_free(err);
  err = NULL;
  unsetenv("AZURE_CLIENT_CERTIFICATE_PASSWORD");
  unsetenv("AZURE_CLIENT_SEND_CERTIFICATE_CHAIN");

  /* Missing variables: unavailable, every missing one named, no value shown. */
  unsetenv("AZURE_CLIENT_CERTIFICATE_PATH");
  assert_int_equal(aml_environment_credential_new(&o, &c, &err), AML_ERR_CREDENTIAL_UNAVAILABLE);
  assert_null(c);
  assert_non_null(strstr(aml_error_message(err), "AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH not set"));
  assert_null(strstr(aml_error_message(err), getenv("AZURE_TENANT_ID")));
  aml_error_free(err);
  err = NULL;
  char *client = strdup(getenv("AZURE_CLIENT_ID"));
  unsetenv("AZURE_CLIENT_ID");
  setenv("AZURE_CLIENT_SECRET", secret, 1);
  assert_int_equal(aml_environment_credential_new(&o, &c, &err), AML_ERR_CREDENTIAL_UNAVAILABLE);
  assert_non_null(strstr(aml_error_message(err), "not configured: AZURE_CLIENT_ID not set"));
  assert_null(strstr(aml_error_message(err), secret));
  aml_error_free(err);
  err = NULL;
  setenv("AZURE_CLIENT_ID", client, 1);
  free(client);
  free(secret);
  assert_int_equal(aml_environment_credential_new(&o, NULL, NULL), AML_ERR_INVALID_ARG);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_workload_identity_rereads_the_file),
      cmocka_unit_test(test_environment_credential_forms),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
