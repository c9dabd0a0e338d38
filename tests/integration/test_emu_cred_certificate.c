/* The client-certificate credential against aml-emulator's token endpoint
 * over HTTPS: the emulator verifies the RS256 assertion against the
 * certificate registered with --client-cert (PEM, PKCS#12 with and without a
 * password, with the x5c chain), the token is accepted by ARM, and an
 * assertion signed by another certificate is refused with Entra's error and
 * no assertion in any field of the error. */
#include "emulator_harness.h"
#include "test_certs.h"
#include "test_support.h"

#include <stdlib.h>
#include <string.h>

static char g_dir[512];
static aml_test_cert g_cert, g_other;
static aml_emu g_emu;

static int group_setup(void **state) {
  (void)state;
  aml_test_mkdtemp(g_dir, sizeof(g_dir));
  aml_test_cert_make(g_dir, "registered", &g_cert);
  aml_test_cert_make(g_dir, "stranger", &g_other);
  const char *args[] = {"--tls", "--client-cert", g_cert.cert_only, "--provisioning-delay-ms", "0", NULL};
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

static void opts(aml_credential_options *o, int chain) {
  aml_credential_options_init(o, AML_CREDENTIAL_OPTIONS_VERSION);
  o->authority_host = g_emu.base_url;
  o->ca_bundle = g_emu.ca_file;
  o->send_certificate_chain = chain;
}

static aml_credential *cert_cred(const char *path, const char *password, int chain) {
  aml_credential_options o;
  opts(&o, chain);
  aml_credential *c = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_client_certificate_credential_new(getenv("AZURE_TENANT_ID"), getenv("AZURE_CLIENT_ID"), path,
                                                     password, &o, &c, &err),
               &err, path);
  return c;
}

static void test_registered_certificate_in_every_form(void **state) {
  (void)state;
  assert_true(strncmp(g_emu.base_url, "https://", 8) == 0);
  struct {
    const char *path, *password;
    int chain;
  } forms[] = {{g_cert.pem, NULL, 0},
               {g_cert.pfx, NULL, 0},
               {g_cert.pfx_pw, AML_TEST_CERT_PASSWORD, 0},
               {g_cert.enc_pem, AML_TEST_CERT_PASSWORD, 0},
               {g_cert.key_first, NULL, 1}};
  for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
    aml_credential *c = cert_cred(forms[i].path, forms[i].password, forms[i].chain);
    aml_access_token *t = NULL;
    aml_error *err = NULL;
    aml_emu_must(aml_credential_get_token(c, AML_SCOPE_ARM, &t, &err), &err, forms[i].path);
    assert_true(strlen(aml_access_token_value(t)) > 20);
    aml_access_token_free(t);
    aml_emu_must(aml_credential_get_token(c, AML_SCOPE_ML, &t, &err), &err, "ml scope");
    aml_access_token_free(t);

    /* The token the assertion bought works on ARM. */
    aml_emu_check_credential_on_arm(&g_emu, c);
    aml_credential_unref(c);
  }
}

static void assert_no_assertion(const char *s) {
  /* Every JWT starts with base64url("{\"") = "eyJ". */
  if (s) assert_null(strstr(s, "eyJ"));
}

static void test_unregistered_certificate_refused(void **state) {
  (void)state;
  aml_credential *c = cert_cred(g_other.pem, NULL, 0);
  aml_access_token *t = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_credential_get_token(c, AML_SCOPE_ARM, &t, &err), AML_ERR_AUTH);
  assert_null(t);
  assert_int_equal(aml_error_http_status(err), 401);
  assert_string_equal(aml_error_service_code(err), "invalid_client");
  assert_non_null(strstr(aml_error_service_message(err), "AADSTS700027"));
  assert_no_assertion(aml_error_message(err));
  assert_no_assertion(aml_error_service_message(err));
  aml_error_free(err);
  err = NULL;
  aml_credential_unref(c);

  /* The right certificate for another application id is refused too. */
  aml_credential_options o;
  opts(&o, 0);
  aml_emu_must(aml_client_certificate_credential_new(getenv("AZURE_TENANT_ID"), "00000000-0000-0000-0000-00000000dead",
                                                     g_cert.pem, NULL, &o, &c, &err),
               &err, "other app");
  assert_int_equal(aml_credential_get_token(c, AML_SCOPE_ARM, &t, &err), AML_ERR_AUTH);
  assert_string_equal(aml_error_service_code(err), "unauthorized_client");
  aml_error_free(err);
  aml_credential_unref(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_registered_certificate_in_every_form),
      cmocka_unit_test(test_unregistered_certificate_refused),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
