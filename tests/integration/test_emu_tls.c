/* The SDK against aml-emulator over HTTPS with the CA the emulator
 * generated; refused when that CA is not trusted. */
#include "emulator_harness.h"
#include "test_support.h"

#include <stdlib.h>
#include <string.h>

static void test_https_with_and_without_the_ca(void **state) {
  (void)state;
  aml_emu e = {0};
  static const char *const args[] = {"--tls", "--provisioning-delay-ms", "100", NULL};
  aml_emu_start(&e, AML_EMULATOR_PATH, args);
  assert_true(strncmp(e.base_url, "https://", 8) == 0);
  assert_true(e.ca_file[0] != '\0');
  assert_string_equal(getenv("AZUREML_CA_BUNDLE"), e.ca_file);

  /* Trusted through AZUREML_CA_BUNDLE: token request and ARM calls over TLS. */
  aml_client *c = aml_emu_client(100, NULL, NULL);
  aml_batch_endpoint ep;
  aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
  ep.name = "tls-endpoint";
  aml_poller *p = NULL;
  aml_error *err = NULL;
  if (aml_batch_endpoints_begin_create_or_update(c, &ep, &p, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  if (aml_poller_wait(p, 60000, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_string_equal(aml_poller_batch_endpoint(p)->name, "tls-endpoint");
  aml_poller_free(p);
  aml_client_unref(c);

  /* Without the CA the handshake is refused and nothing is retried into success. */
  unsetenv("AZUREML_CA_BUNDLE");
  c = aml_emu_client(100, NULL, NULL);
  aml_workspace *ws = NULL;
  err = NULL;
  assert_int_equal(aml_workspaces_get(c, &ws, &err), AML_ERR_AUTH); /* the token request failed first */
  assert_non_null(strstr(aml_error_message(err), "TLS"));
  aml_error_free(err);
  aml_client_unref(c);

  /* Same with a token that needs no token endpoint: the ARM call itself fails. */
  aml_credential *cred = NULL;
  aml_static_token_credential_new("whatever", 0, &cred, NULL);
  aml_client_options o;
  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  o.resource_manager_url = e.base_url;
  aml_client_new(cred, "s", "r", "w", &o, &c, NULL);
  err = NULL;
  assert_int_equal(aml_workspaces_get(c, &ws, &err), AML_ERR_TLS);
  aml_error_free(err);
  aml_client_unref(c);
  aml_credential_unref(cred);
  aml_emu_cleanup(&e);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_https_with_and_without_the_ca)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
