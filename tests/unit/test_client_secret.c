/* The client-secret credential: the token request on the wire, response
 * parsing, the authority host, and token-endpoint errors (which must carry the
 * endpoint's error and description but never the secret). */
#include "test_support.h"

#include "core/clock.h"

#include <string.h>

#define SECRET "s3cr3t+/=&value"

typedef struct fixture {
  aml_transport *t;
  aml_credential *cred;
} fixture;

static aml_result no_sleep(int64_t ms, void *ud) { (void)ms; (void)ud; return AML_OK; }

static aml_credential *make(aml_transport *t, const char *authority) {
  aml_credential_options o;
  assert_int_equal(aml_credential_options_init(&o, AML_CREDENTIAL_OPTIONS_VERSION), AML_OK);
  o.transport = t;
  o.authority_host = authority;
  o.sleep_fn = no_sleep;
  aml_credential *c = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_client_secret_credential_new("tenant-1", "client-1", SECRET, &o, &c, &err);
  if (rc) fail_msg("%s", aml_error_message(err));
  return c;
}

static int setup(void **state) {
  fixture *f = calloc(1, sizeof(*f));
  aml_fake_transport_new(&f->t, NULL);
  f->cred = make(f->t, NULL);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  aml_credential_unref(f->cred);
  aml_transport_unref(f->t);
  free(f);
  return 0;
}

static void test_token_request_on_the_wire(void **state) {
  fixture *f = *state;
  aml_fake_transport_add_response(f->t, 200, "Content-Type: application/json",
                                  "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\"AT-1\"}", NULL);
  int64_t before = aml__now_unix_s();
  aml_access_token *t = NULL;
  assert_int_equal(aml_credential_get_token(f->cred, AML_SCOPE_ARM, &t, NULL), AML_OK);
  assert_string_equal(aml_access_token_value(t), "AT-1");
  assert_true(aml_access_token_expires_on(t) >= before + 3599);
  assert_true(aml_access_token_expires_on(t) <= aml__now_unix_s() + 3599);
  aml_access_token_free(t);

  const aml_http_request *req = aml_fake_transport_request_at(f->t, 0);
  assert_string_equal(aml_http_request_method(req), "POST");
  assert_string_equal(aml_http_request_url(req), "https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token");
  assert_string_equal(aml_http_request_header(req, "Content-Type"), "application/x-www-form-urlencoded");
  assert_null(aml_http_request_header(req, "Authorization"));
  assert_non_null(aml_http_request_header(req, "x-ms-client-request-id"));
  char *body = aml_test_request_body(req);
  assert_string_equal(body, "client_id=client-1&client_secret=s3cr3t%2B%2F%3D%26value"
                            "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default&grant_type=client_credentials");
  free(body);

  /* Cached: a second call sends nothing. */
  assert_int_equal(aml_credential_get_token(f->cred, AML_SCOPE_ARM, &t, NULL), AML_OK);
  aml_access_token_free(t);
  assert_int_equal(aml_fake_transport_request_count(f->t), 1);
}

static void test_authority_host_and_expiry_forms(void **state) {
  fixture *f = *state;
  aml_credential *c = make(f->t, "http://127.0.0.1:9/");
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"access_token\":\"AT-2\",\"expires_in\":\"60\"}", NULL);
  aml_access_token *t = NULL;
  assert_int_equal(aml_credential_get_token(c, AML_SCOPE_ML, &t, NULL), AML_OK);
  assert_true(aml_access_token_expires_on(t) <= aml__now_unix_s() + 60);
  aml_access_token_free(t);
  assert_string_equal(aml_http_request_url(aml_fake_transport_request_at(f->t, 0)),
                      "http://127.0.0.1:9/tenant-1/oauth2/v2.0/token");
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"access_token\":\"AT-3\",\"expires_on\":4102444800}", NULL);
  assert_int_equal(aml_credential_get_token(c, "api://other/.default", &t, NULL), AML_OK);
  assert_int_equal(aml_access_token_expires_on(t), 4102444800);
  aml_access_token_free(t);
  aml_credential_unref(c);
}

static void expect_auth_error(fixture *f, int32_t status, const char *body, const char *svc_code, const char *in_message) {
  aml_fake_transport_reset(f->t);
  /* Queued 4 times: 5xx answers are retried (1 try + 3 retries). */
  for (int i = 0; i < 4; i++) aml_fake_transport_add_response(f->t, status, "x-ms-request-id: aad-req", body, NULL);
  aml_access_token *t = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_credential_get_token(f->cred, AML_SCOPE_ARM, &t, &err), AML_ERR_AUTH);
  assert_null(t);
  assert_int_equal(aml_error_code(err), AML_ERR_AUTH);
  if (status != 200) assert_int_equal(aml_error_http_status(err), status);
  if (svc_code) assert_string_equal(aml_error_service_code(err), svc_code);
  if (in_message && !strstr(aml_error_message(err), in_message))
    fail_msg("message '%s' lacks '%s'", aml_error_message(err), in_message);
  assert_null(strstr(aml_error_message(err), SECRET));
  assert_null(strstr(aml_error_message(err), "s3cr3t"));
  if (aml_error_service_message(err)) assert_null(strstr(aml_error_service_message(err), "s3cr3t"));
  assert_null(strchr(aml_error_message(err), '\n'));
  aml_error_free(err);
}

static void test_token_endpoint_errors(void **state) {
  fixture *f = *state;
  expect_auth_error(f, 401,
                    "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\\r\\nTrace ID: x\",\"error_codes\":[7000215]}",
                    "invalid_client", "AADSTS7000215: Invalid client secret provided.  Trace ID: x");
  expect_auth_error(f, 400, "{\"error\":\"invalid_scope\",\"error_description\":\"bad scope\"}", "invalid_scope", "HTTP 400");
  /* A server that echoes the secret back is scrubbed. */
  expect_auth_error(f, 400, "{\"error\":\"invalid_request\",\"error_description\":\"got client_secret=" SECRET "\"}",
                    "invalid_request", "client_secret=****");
  expect_auth_error(f, 500, "<html>oops</html>", NULL, "HTTP 500");
  expect_auth_error(f, 200, "not json", NULL, "not a JSON object");
  expect_auth_error(f, 200, "{\"token_type\":\"Bearer\"}", NULL, "lacks access_token");
  expect_auth_error(f, 200, "{\"access_token\":\"x\"}", NULL, "lacks access_token or expires_in");
}

static void test_argument_checks(void **state) {
  fixture *f = *state;
  aml_credential *c = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_client_secret_credential_new("", "c", "s", NULL, &c, &err), AML_ERR_INVALID_ARG);
  aml_error_free(err);
  assert_int_equal(aml_client_secret_credential_new("t", NULL, "s", NULL, &c, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_client_secret_credential_new("t", "c", "", NULL, &c, NULL), AML_ERR_INVALID_ARG);
  aml_credential_options o;
  aml_credential_options_init(&o, AML_CREDENTIAL_OPTIONS_VERSION);
  o.transport = f->t;
  err = NULL;
  assert_int_equal(aml_client_secret_credential_new("bad/tenant", "c", "s", &o, &c, &err), AML_ERR_INVALID_ARG);
  assert_non_null(strstr(aml_error_message(err), "tenant"));
  aml_error_free(err);
  o.authority_host = "ftp://nope";
  assert_int_equal(aml_client_secret_credential_new("t", "c", "s", &o, &c, NULL), AML_ERR_INVALID_ARG);
  o.version = 99;
  assert_int_equal(aml_client_secret_credential_new("t", "c", "s", &o, &c, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_credential_options_init(NULL, AML_CREDENTIAL_OPTIONS_VERSION), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_credential_options_init(&o, 0), AML_ERR_VERSION);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_token_request_on_the_wire, setup, teardown),
      cmocka_unit_test_setup_teardown(test_authority_host_and_expiry_forms, setup, teardown),
      cmocka_unit_test_setup_teardown(test_token_endpoint_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(test_argument_checks, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
