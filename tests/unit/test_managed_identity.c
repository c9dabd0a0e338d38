/* The managed identity credential on the fake transport: what each form
 * sends, the Azure Arc challenge file rules, the probe, the answers that mean
 * "unavailable" and the token response shapes. */
#include "test_support.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct fixture {
  aml_transport *t;
  aml_credential_options co;
  aml_managed_identity_options o;
  int sleeps;
} fixture;

static aml_result no_sleep(int64_t ms, void *user_data) {
  (void)ms;
  ((fixture *)user_data)->sleeps++;
  return AML_OK;
}

static int setup(void **state) {
  fixture *f = calloc(1, sizeof(*f));
  assert_int_equal(aml_fake_transport_new(&f->t, NULL), AML_OK);
  aml_credential_options_init(&f->co, AML_CREDENTIAL_OPTIONS_VERSION);
  f->co.transport = f->t;
  f->co.sleep_fn = no_sleep;
  f->co.sleep_user_data = f;
  aml_managed_identity_options_init(&f->o, AML_MANAGED_IDENTITY_OPTIONS_VERSION);
  f->o.imds_authority = "http://127.0.0.1:9/"; /* never reached: the transport is fake */
  f->o.credential = &f->co;
  unsetenv("IDENTITY_ENDPOINT");
  unsetenv("IDENTITY_HEADER");
  unsetenv("IMDS_ENDPOINT");
  unsetenv("AZURE_POD_IDENTITY_AUTHORITY_HOST");
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  aml_transport_unref(f->t);
  free(f);
  return 0;
}

static aml_result token(fixture *f, const char *scope, aml_error **err) {
  aml_credential *c = NULL;
  aml_result rc = aml_managed_identity_credential_new(&f->o, &c, err);
  if (rc < 0) return rc;
  aml_access_token *tok = NULL;
  rc = aml_credential_get_token(c, scope, &tok, err);
  if (rc == AML_OK) assert_string_equal(aml_access_token_value(tok), "mi-token");
  aml_access_token_free(tok);
  aml_credential_unref(c);
  return rc;
}

static const char *url_at(fixture *f, size_t i) {
  return aml_http_request_url(aml_fake_transport_request_at(f->t, i));
}

static void test_imds_request_shape(void **state) {
  fixture *f = *state;
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"access_token\":\"mi-token\",\"expires_on\":\"1900000000\"}", NULL);
  assert_int_equal(token(f, AML_SCOPE_ARM, NULL), AML_OK);
  const aml_http_request *r = aml_fake_transport_request_at(f->t, 0);
  assert_string_equal(aml_http_request_method(r), "GET");
  assert_string_equal(url_at(f, 0), "http://127.0.0.1:9/metadata/identity/oauth2/token?api-version=2018-02-01"
                                    "&resource=https%3A%2F%2Fmanagement.azure.com");
  assert_string_equal(aml_http_request_header(r, "Metadata"), "true");
  assert_null(aml_http_request_header(r, "X-IDENTITY-HEADER"));
  /* The first request is the probe: bounded by the probe timeout. */
  assert_int_equal(aml_http_request_timeout_ms(r), 1000);

  /* The user-assigned id names IMDS uses. */
  static const char *const want[] = {"&client_id=cid", "&object_id=oid", "&msi_res_id=%2Fsubscriptions%2Fs%2Fx"};
  for (int k = 0; k < 3; k++) {
    aml_fake_transport_reset(f->t);
    aml_managed_identity_options_init(&f->o, AML_MANAGED_IDENTITY_OPTIONS_VERSION);
    f->o.imds_authority = "http://127.0.0.1:9";
    f->o.credential = &f->co;
    f->o.client_id = k == 0 ? "cid" : NULL;
    f->o.object_id = k == 1 ? "oid" : NULL;
    f->o.resource_id = k == 2 ? "/subscriptions/s/x" : NULL;
    aml_fake_transport_add_response(f->t, 200, NULL, "{\"access_token\":\"mi-token\",\"expires_in\":\"3600\"}", NULL);
    assert_int_equal(token(f, "https://ml.azure.com/.default", NULL), AML_OK);
    assert_non_null(strstr(url_at(f, 0), "&resource=https%3A%2F%2Fml.azure.com"));
    assert_non_null(strstr(url_at(f, 0), want[k]));
  }
}

static void test_app_service_request_shape(void **state) {
  fixture *f = *state;
  f->o.imds_authority = NULL;
  setenv("IDENTITY_ENDPOINT", "http://127.0.0.1:9/msi/token", 1);
  setenv("IDENTITY_HEADER", "secret-header", 1);
  f->o.resource_id = "/subscriptions/s/x";
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"access_token\":\"mi-token\",\"expires_on\":1900000000}", NULL);
  assert_int_equal(token(f, AML_SCOPE_ARM, NULL), AML_OK);
  const aml_http_request *r = aml_fake_transport_request_at(f->t, 0);
  assert_string_equal(url_at(f, 0), "http://127.0.0.1:9/msi/token?api-version=2019-08-01"
                                    "&resource=https%3A%2F%2Fmanagement.azure.com&mi_res_id=%2Fsubscriptions%2Fs%2Fx");
  assert_string_equal(aml_http_request_header(r, "X-IDENTITY-HEADER"), "secret-header");
  assert_null(aml_http_request_header(r, "Metadata"));
  assert_int_equal(aml_http_request_timeout_ms(r), 0); /* no probe outside IMDS */

  /* An error echoing the header value never shows it. */
  aml_fake_transport_add_response(f->t, 400, NULL, "{\"error\":\"bad\",\"error_description\":\"got secret-header\"}", NULL);
  aml_error *err = NULL;
  assert_int_equal(token(f, AML_SCOPE_ARM, &err), AML_ERR_AUTH);
  assert_null(strstr(aml_error_message(err), "secret-header"));
  assert_null(strstr(aml_error_service_message(err), "secret-header"));
  aml_error_free(err);

  /* An explicit IMDS authority wins over the environment. */
  f->o.imds_authority = "http://127.0.0.1:9";
  aml_fake_transport_reset(f->t);
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"access_token\":\"mi-token\",\"expires_in\":3600}", NULL);
  assert_int_equal(token(f, AML_SCOPE_ARM, NULL), AML_OK);
  assert_non_null(strstr(url_at(f, 0), "/metadata/identity/oauth2/token?api-version=2018-02-01"));
  unsetenv("IDENTITY_ENDPOINT");
  unsetenv("IDENTITY_HEADER");
}

static void test_imds_unavailable_answers(void **state) {
  fixture *f = *state;
  /* 400 and 404: no such identity here. */
  for (int status = 400; status <= 404; status += 4) {
    aml_fake_transport_reset(f->t);
    aml_fake_transport_add_response(f->t, status, NULL, "{\"error\":\"invalid_request\",\"error_description\":\"Identity not found\"}", NULL);
    aml_error *err = NULL;
    assert_int_equal(token(f, AML_SCOPE_ARM, &err), AML_ERR_CREDENTIAL_UNAVAILABLE);
    assert_int_equal(aml_error_http_status(err), status);
    assert_string_equal(aml_error_service_code(err), "invalid_request");
    assert_non_null(strstr(aml_error_message(err), "no identity is assigned to this resource"));
    aml_error_free(err);
  }
  /* A connection failure or a timeout on the probe: unavailable, no retry. */
  aml_result failures[] = {AML_ERR_CONNECT, AML_ERR_TIMEOUT};
  for (int i = 0; i < 2; i++) {
    aml_fake_transport_reset(f->t);
    aml_fake_transport_add_failure(f->t, failures[i], NULL);
    aml_error *err = NULL;
    assert_int_equal(token(f, AML_SCOPE_ARM, &err), AML_ERR_CREDENTIAL_UNAVAILABLE);
    assert_int_equal(aml_fake_transport_request_count(f->t), 1);
    aml_error_free(err);
  }
  assert_int_equal(f->sleeps, 0);
  /* Once IMDS has answered, a later connection failure is retried like any other. */
  aml_fake_transport_reset(f->t);
  aml_credential *c = NULL;
  assert_int_equal(aml_managed_identity_credential_new(&f->o, &c, NULL), AML_OK);
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"access_token\":\"mi-token\",\"expires_in\":3600}", NULL);
  aml_fake_transport_add_failure(f->t, AML_ERR_CONNECT, NULL);
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"access_token\":\"mi-token\",\"expires_in\":3600}", NULL);
  aml_access_token *tok = NULL;
  assert_int_equal(aml_credential_get_token(c, AML_SCOPE_ARM, &tok, NULL), AML_OK);
  aml_access_token_free(tok);
  assert_int_equal(aml_credential_get_token(c, AML_SCOPE_ML, &tok, NULL), AML_OK);
  aml_access_token_free(tok);
  assert_int_equal(aml_fake_transport_request_count(f->t), 3);
  assert_int_equal(aml_http_request_timeout_ms(aml_fake_transport_request_at(f->t, 1)), 0);
  assert_int_equal(f->sleeps, 1);
  aml_credential_unref(c);
}

static void test_token_response_shapes(void **state) {
  fixture *f = *state;
  static const char *const bad[] = {"not json", "[]", "{\"access_token\":\"mi-token\"}",
                                    "{\"access_token\":\"\",\"expires_in\":3600}",
                                    "{\"access_token\":\"mi-token\",\"expires_on\":\"soon\"}"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    aml_fake_transport_reset(f->t);
    aml_fake_transport_add_response(f->t, 200, NULL, bad[i], NULL);
    aml_error *err = NULL;
    assert_int_equal(token(f, AML_SCOPE_ARM, &err), AML_ERR_AUTH);
    assert_non_null(strstr(aml_error_message(err), "managed identity (IMDS)"));
    aml_error_free(err);
  }
}

static void test_options(void **state) {
  fixture *f = *state;
  aml_credential *c = NULL;
  assert_int_equal(aml_managed_identity_options_init(NULL, AML_MANAGED_IDENTITY_OPTIONS_VERSION), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_managed_identity_options_init(&f->o, 99), AML_ERR_VERSION);
  assert_int_equal(aml_managed_identity_credential_new(NULL, NULL, NULL), AML_ERR_INVALID_ARG);
  aml_managed_identity_options o;
  aml_managed_identity_options_init(&o, AML_MANAGED_IDENTITY_OPTIONS_VERSION);
  o.imds_authority = "ftp://x";
  assert_int_equal(aml_managed_identity_credential_new(&o, &c, NULL), AML_ERR_INVALID_ARG);
  o.imds_authority = NULL;
  o.probe_timeout_ms = 0;
  assert_int_equal(aml_managed_identity_credential_new(&o, &c, NULL), AML_ERR_INVALID_ARG);
  o.probe_timeout_ms = 1000;
  o.version = 7;
  assert_int_equal(aml_managed_identity_credential_new(&o, &c, NULL), AML_ERR_VERSION);
  assert_null(c);
}

/* ---- Azure Arc ---- */

static char g_dir[64];

static void write_file(const char *name, const char *content, size_t len) {
  char path[256];
  snprintf(path, sizeof(path), "%s/%s", g_dir, name);
  FILE *fp = fopen(path, "wb");
  assert_non_null(fp);
  assert_int_equal(fwrite(content, 1, len, fp), len);
  fclose(fp);
}

/* Answer a 401 challenge naming `realm`, then (when read) a token. */
static aml_result arc(fixture *f, const char *realm, aml_error **err) {
  aml_fake_transport_reset(f->t);
  char hdr[512];
  snprintf(hdr, sizeof(hdr), "WWW-Authenticate: Basic realm=%s", realm);
  aml_fake_transport_add_response(f->t, 401, hdr, "{}", NULL);
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"access_token\":\"mi-token\",\"expires_on\":\"1900000000\"}", NULL);
  return token(f, AML_SCOPE_ARM, err);
}

static void test_arc_challenge_rules(void **state) {
  fixture *f = *state;
  snprintf(g_dir, sizeof(g_dir), "/tmp/aml-arc-unit-XXXXXX");
  assert_non_null(mkdtemp(g_dir));
  f->o.imds_authority = NULL;
  f->o.arc_key_dir = g_dir;
  setenv("IDENTITY_ENDPOINT", "http://127.0.0.1:9/metadata/identity/oauth2/token", 1);
  setenv("IMDS_ENDPOINT", "http://127.0.0.1:9", 1);
  write_file("good.key", "the-key", 7);
  char realm[256];
  snprintf(realm, sizeof(realm), "%s/good.key", g_dir);
  assert_int_equal(arc(f, realm, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(f->t), 2);
  const aml_http_request *r0 = aml_fake_transport_request_at(f->t, 0), *r1 = aml_fake_transport_request_at(f->t, 1);
  assert_non_null(strstr(aml_http_request_url(r0), "?api-version=2020-06-01&resource="));
  assert_string_equal(aml_http_request_header(r0, "Metadata"), "true");
  assert_null(aml_http_request_header(r0, "Authorization"));
  assert_string_equal(aml_http_request_header(r1, "Authorization"), "Basic the-key");

  /* A quoted realm is read too. */
  snprintf(realm, sizeof(realm), "\"%s/good.key\"", g_dir);
  assert_int_equal(arc(f, realm, NULL), AML_OK);

  struct {
    const char *realm_fmt; /* %s = the folder */
    const char *message;
  } cases[] = {
      {"%s/../good.key", "is not in"},
      {"/etc/passwd", "is not in"},
      {"%s/sub/x.key", "is not in"},
      {"%s/wrong.txt", "is not a .key file"},
      {"%s/big.key", "larger than 4096 bytes"},
      {"%s/link.key", "cannot open"},
      {"%s/missing.key", "cannot open"},
      {"%s/empty.key", "is empty"},
      {"%s/dir.key", "not a regular file"},
  };
  write_file("wrong.txt", "x", 1);
  char *big = calloc(1, 5000);
  memset(big, 'k', 4097);
  write_file("big.key", big, 4097);
  free(big);
  write_file("empty.key", "", 0);
  char target[256], link[256], dir[256];
  snprintf(target, sizeof(target), "%s/good.key", g_dir);
  snprintf(link, sizeof(link), "%s/link.key", g_dir);
  snprintf(dir, sizeof(dir), "%s/dir.key", g_dir);
  assert_int_equal(symlink(target, link), 0);
  assert_int_equal(mkdir(dir, 0700), 0);
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    snprintf(realm, sizeof(realm), cases[i].realm_fmt, g_dir);
    aml_error *err = NULL;
    assert_int_equal(arc(f, realm, &err), AML_ERR_AUTH);
    if (!strstr(aml_error_message(err), cases[i].message))
      fail_msg("%s: %s", cases[i].realm_fmt, aml_error_message(err));
    assert_null(strstr(aml_error_message(err), "the-key"));
    assert_int_equal(aml_fake_transport_request_count(f->t), 1); /* nothing resent */
    aml_error_free(err);
  }
  /* A 401 without a challenge. */
  aml_fake_transport_reset(f->t);
  aml_fake_transport_add_response(f->t, 401, NULL, "{}", NULL);
  aml_error *err = NULL;
  assert_int_equal(token(f, AML_SCOPE_ARM, &err), AML_ERR_AUTH);
  assert_non_null(strstr(aml_error_message(err), "lacks a 'WWW-Authenticate: Basic realm=<file>' challenge"));
  aml_error_free(err);

  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_dir);
  assert_int_equal(system(cmd), 0);
  unsetenv("IDENTITY_ENDPOINT");
  unsetenv("IMDS_ENDPOINT");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_imds_request_shape, setup, teardown),
      cmocka_unit_test_setup_teardown(test_app_service_request_shape, setup, teardown),
      cmocka_unit_test_setup_teardown(test_imds_unavailable_answers, setup, teardown),
      cmocka_unit_test_setup_teardown(test_token_response_shapes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_options, setup, teardown),
      cmocka_unit_test_setup_teardown(test_arc_challenge_rules, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
