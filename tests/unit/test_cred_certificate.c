/* The client-certificate credential on the fake transport: every file form
 * it reads (PEM either way round, encrypted PEM, PKCS#12 with and without a
 * password, bytes in memory), the JWT assertion it sends (header thumbprints,
 * optional x5c chain, claims, an RS256 signature the certificate verifies),
 * and the files and passwords it refuses, with no secret in any message. */
#include "test_certs.h"
#include "test_support.h"

#include "core/base64.h"
#include "core/clock.h"

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <string.h>

#define TOKEN_URL "https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token"

static char g_dir[512];
static aml_test_cert g_cert;

static int group_setup(void **state) {
  (void)state;
  aml_test_mkdtemp(g_dir, sizeof(g_dir));
  aml_test_cert_make(g_dir, "client", &g_cert);
  return 0;
}

static int group_teardown(void **state) {
  (void)state;
  aml_test_rmdir(g_dir);
  return 0;
}

static aml_result no_sleep(int64_t ms, void *ud) { (void)ms; (void)ud; return AML_OK; }

static void opts_for(aml_credential_options *o, aml_transport *t, int send_chain) {
  assert_int_equal(aml_credential_options_init(o, AML_CREDENTIAL_OPTIONS_VERSION), AML_OK);
  o->transport = t;
  o->sleep_fn = no_sleep;
  o->authority_host = "https://login.microsoftonline.com";
  o->send_certificate_chain = send_chain;
}

/* base64url -> bytes (test-side decoder, independent of the library's). */
static unsigned char *b64url_decode(const char *s, size_t n, int *out_len) {
  char *t = calloc(1, n + 4);
  for (size_t i = 0; i < n; i++) t[i] = s[i] == '-' ? '+' : s[i] == '_' ? '/' : s[i];
  size_t padded = n;
  while (padded % 4) t[padded++] = '=';
  unsigned char *out = calloc(1, padded);
  int len = EVP_DecodeBlock(out, (unsigned char *)t, (int)padded);
  assert_true(len >= 0);
  len -= (int)(padded - n);
  free(t);
  *out_len = len;
  return out;
}

static json_t *segment_json(const char *s, size_t n) {
  int len = 0;
  unsigned char *raw = b64url_decode(s, n, &len);
  json_error_t e;
  json_t *j = json_loadb((char *)raw, (size_t)len, 0, &e);
  free(raw);
  assert_non_null(j);
  return j;
}

/* The form value of `name` in an x-www-form-urlencoded body (undecoded:
 * the values checked here need no escaping). */
static char *form_value(const char *body, const char *name) {
  size_t n = strlen(name);
  for (const char *p = body; p && *p;) {
    if (strncmp(p, name, n) == 0 && p[n] == '=') {
      const char *v = p + n + 1, *end = strchr(v, '&');
      return strndup(v, end ? (size_t)(end - v) : strlen(v));
    }
    p = strchr(p, '&');
    if (p) p++;
  }
  return NULL;
}

static X509 *load_cert(const char *path) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  X509 *x = PEM_read_X509(f, NULL, NULL, NULL);
  fclose(f);
  assert_non_null(x);
  return x;
}

/* Checks the assertion in a recorded token request; returns the number of
 * x5c entries (0 when absent). */
static size_t check_assertion(const aml_http_request *req) {
  char *body = aml_test_request_body(req);
  char *type = form_value(body, "client_assertion_type");
  assert_string_equal(type, "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer");
  char *cid = form_value(body, "client_id");
  assert_string_equal(cid, "client-1");
  char *grant = form_value(body, "grant_type");
  assert_string_equal(grant, "client_credentials");
  char *scope = form_value(body, "scope");
  assert_string_equal(scope, "https%3A%2F%2Fmanagement.azure.com%2F.default");
  assert_null(form_value(body, "client_secret"));
  char *jwt = form_value(body, "client_assertion");
  assert_non_null(jwt);

  const char *dot1 = strchr(jwt, '.');
  assert_non_null(dot1);
  const char *dot2 = strchr(dot1 + 1, '.');
  assert_non_null(dot2);
  assert_null(strchr(dot2 + 1, '.'));
  json_t *h = segment_json(jwt, (size_t)(dot1 - jwt));
  json_t *c = segment_json(dot1 + 1, (size_t)(dot2 - dot1 - 1));
  assert_string_equal(json_string_value(json_object_get(h, "alg")), "RS256");
  assert_string_equal(json_string_value(json_object_get(h, "typ")), "JWT");
  assert_string_equal(json_string_value(json_object_get(h, "x5t")), g_cert.x5t);
  assert_string_equal(json_string_value(json_object_get(h, "x5t#S256")), g_cert.x5t_s256);
  assert_string_equal(json_string_value(json_object_get(c, "aud")), TOKEN_URL);
  assert_string_equal(json_string_value(json_object_get(c, "iss")), "client-1");
  assert_string_equal(json_string_value(json_object_get(c, "sub")), "client-1");
  assert_int_equal(strlen(json_string_value(json_object_get(c, "jti"))), 36);
  json_int_t nbf = json_integer_value(json_object_get(c, "nbf"));
  json_int_t exp = json_integer_value(json_object_get(c, "exp"));
  int64_t now = aml__now_unix_s();
  assert_true(nbf <= now && nbf >= now - 60);
  assert_int_equal(exp - nbf, 600);

  /* The signature verifies with the certificate's public key. */
  X509 *x = load_cert(g_cert.cert_only);
  int sig_len = 0;
  unsigned char *sig = b64url_decode(dot2 + 1, strlen(dot2 + 1), &sig_len);
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  assert_int_equal(EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, X509_get0_pubkey(x)), 1);
  assert_int_equal(EVP_DigestVerify(ctx, sig, (size_t)sig_len, (unsigned char *)jwt, (size_t)(dot2 - jwt)), 1);
  EVP_MD_CTX_free(ctx);
  free(sig);

  size_t chain = 0;
  json_t *x5c = json_object_get(h, "x5c");
  if (x5c) {
    chain = json_array_size(x5c);
    /* The leaf first: standard base64 of its DER. */
    unsigned char *der = NULL;
    int n = i2d_X509(x, &der);
    aml_buf b = AML_BUF_INIT;
    assert_int_equal(aml__base64_encode(&b, der, (size_t)n), AML_OK);
    assert_string_equal(json_string_value(json_array_get(x5c, 0)), aml__buf_cstr(&b));
    aml__buf_free(&b);
    OPENSSL_free(der);
  }
  X509_free(x);
  json_decref(h);
  json_decref(c);
  free(jwt);
  free(scope);
  free(grant);
  free(cid);
  free(type);
  free(body);
  return chain;
}

static const char OK_BODY[] = "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"AT-cert\"}";

static void get_ok(aml_credential *c) {
  aml_access_token *t = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_credential_get_token(c, AML_SCOPE_ARM, &t, &err);
  if (rc) fail_msg("%s", aml_error_message(err));
  assert_string_equal(aml_access_token_value(t), "AT-cert");
  aml_access_token_free(t);
}

static void test_every_file_form(void **state) {
  (void)state;
  struct {
    const char *path, *password;
  } forms[] = {{g_cert.pem, NULL},
               {g_cert.key_first, NULL},
               {g_cert.enc_pem, AML_TEST_CERT_PASSWORD},
               {g_cert.pfx, NULL},
               {g_cert.pfx, ""},
               {g_cert.pfx_pw, AML_TEST_CERT_PASSWORD}};
  for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
    aml_transport *t = NULL;
    aml_fake_transport_new(&t, NULL);
    aml_credential_options o;
    opts_for(&o, t, 0);
    aml_credential *c = NULL;
    aml_error *err = NULL;
    if (aml_client_certificate_credential_new("tenant-1", "client-1", forms[i].path, forms[i].password, &o, &c,
                                              &err))
      fail_msg("%s: %s", forms[i].path, aml_error_message(err));
    aml_fake_transport_add_response(t, 200, "Content-Type: application/json", OK_BODY, NULL);
    get_ok(c);
    const aml_http_request *req = aml_fake_transport_request_at(t, 0);
    assert_string_equal(aml_http_request_url(req), TOKEN_URL);
    assert_int_equal(check_assertion(req), 0);
    aml_credential_unref(c);
    aml_transport_unref(t);
  }
}

static void test_from_memory_and_chain(void **state) {
  (void)state;
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  aml_credential_options o;
  opts_for(&o, t, 1);
  size_t len = 0;
  uint8_t *data = aml_test_read_file(g_cert.key_first, &len);
  aml_credential *c = NULL;
  aml_error *err = NULL;
  if (aml_client_certificate_credential_new_from_memory("tenant-1", "client-1", data, len, NULL, &o, &c, &err))
    fail_msg("%s", aml_error_message(err));
  free(data);
  aml_fake_transport_add_response(t, 200, NULL, OK_BODY, NULL);
  get_ok(c);
  /* The leaf, then the CA certificate that preceded it in the file. */
  assert_int_equal(check_assertion(aml_fake_transport_request_at(t, 0)), 2);
  aml_credential_unref(c);

  /* PKCS#12 bytes in memory, with their password; each refresh signs a new assertion. */
  data = aml_test_read_file(g_cert.pfx_pw, &len);
  if (aml_client_certificate_credential_new_from_memory("tenant-1", "client-1", data, len, AML_TEST_CERT_PASSWORD,
                                                        &o, &c, &err))
    fail_msg("%s", aml_error_message(err));
  free(data);
  aml_fake_transport_add_response(t, 200, NULL, OK_BODY, NULL);
  aml_fake_transport_add_response(t, 200, NULL, "{\"expires_in\":3599,\"access_token\":\"AT-ml\"}", NULL);
  get_ok(c);
  aml_access_token *tok = NULL;
  assert_int_equal(aml_credential_get_token(c, AML_SCOPE_ML, &tok, NULL), AML_OK);
  aml_access_token_free(tok);
  assert_int_equal(check_assertion(aml_fake_transport_request_at(t, 1)), 1);
  char *b1 = aml_test_request_body(aml_fake_transport_request_at(t, 1));
  char *b2 = aml_test_request_body(aml_fake_transport_request_at(t, 2));
  char *j1 = form_value(b1, "client_assertion"), *j2 = form_value(b2, "client_assertion");
  assert_string_not_equal(j1, j2); /* a fresh jti each time */
  free(j1);
  free(j2);
  free(b1);
  free(b2);
  aml_credential_unref(c);
  aml_transport_unref(t);
}

/* Fails with `code` and a message containing `needle` and no password. */
static void refused(const char *path, const char *password, aml_result code, const char *needle) {
  aml_credential *c = (aml_credential *)0x1;
  aml_error *err = NULL;
  assert_int_equal(aml_client_certificate_credential_new("tenant-1", "client-1", path, password, NULL, &c, &err),
                   code);
  assert_null(c);
  const char *m = aml_error_message(err);
  if (!strstr(m, needle)) fail_msg("'%s' lacks '%s'", m, needle);
  assert_null(strstr(m, AML_TEST_CERT_PASSWORD));
  assert_null(strstr(m, "BEGIN"));
  aml_error_free(err);
}

static void test_refused_files_and_passwords(void **state) {
  (void)state;
  refused(g_cert.pfx_pw, "not-the-password", AML_ERR_INVALID_ARG, "wrong");
  refused(g_cert.pfx_pw, NULL, AML_ERR_INVALID_ARG, "missing");
  refused(g_cert.enc_pem, "not-the-password", AML_ERR_INVALID_ARG, "wrong");
  refused(g_cert.enc_pem, NULL, AML_ERR_INVALID_ARG, "missing");
  refused(g_cert.cert_only, NULL, AML_ERR_PARSE, "no private key");
  refused(g_cert.ec_pem, NULL, AML_ERR_PARSE, "not an RSA key");
  char path[600];
  snprintf(path, sizeof(path), "%s/does-not-exist.pem", g_dir);
  refused(path, NULL, AML_ERR_NOT_FOUND, "does-not-exist.pem");
  refused(g_dir, NULL, AML_ERR_INVALID_ARG, "not a regular file");

  /* A key without its certificate; bytes that are neither PEM nor PKCS#12. */
  size_t len = 0;
  uint8_t *pem = aml_test_read_file(g_cert.pem, &len);
  const char *key = strstr((char *)pem, "-----BEGIN PRIVATE KEY");
  assert_non_null(key);
  snprintf(path, sizeof(path), "%s/key-only.pem", g_dir);
  FILE *f = fopen(path, "wb");
  fputs(key, f);
  fclose(f);
  free(pem);
  refused(path, NULL, AML_ERR_PARSE, "no certificate for its private key");
  snprintf(path, sizeof(path), "%s/garbage.bin", g_dir);
  f = fopen(path, "wb");
  fputs("\x01\x02 not a certificate", f);
  fclose(f);
  refused(path, NULL, AML_ERR_PARSE, "neither PEM nor PKCS#12");

  aml_credential *c = NULL;
  assert_int_equal(aml_client_certificate_credential_new(NULL, "c", g_cert.pem, NULL, NULL, &c, NULL),
                   AML_ERR_INVALID_ARG);
  assert_int_equal(aml_client_certificate_credential_new("t", "c", "", NULL, NULL, &c, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_client_certificate_credential_new("t/..", "c", g_cert.pem, NULL, NULL, &c, NULL),
                   AML_ERR_INVALID_ARG);
  assert_int_equal(aml_client_certificate_credential_new_from_memory("t", "c", NULL, 3, NULL, NULL, &c, NULL),
                   AML_ERR_INVALID_ARG);
  aml_credential_options o;
  aml_credential_options_init(&o, AML_CREDENTIAL_OPTIONS_VERSION);
  o.send_certificate_chain = 7;
  assert_int_equal(aml_client_certificate_credential_new("t", "c", g_cert.pem, NULL, &o, &c, NULL),
                   AML_ERR_INVALID_ARG);
  o.version = 99;
  assert_int_equal(aml_client_certificate_credential_new("t", "c", g_cert.pem, NULL, &o, &c, NULL), AML_ERR_VERSION);
}

/* The token endpoint refuses: AML_ERR_AUTH with its code and description;
 * an echoed assertion is masked everywhere. */
static void test_endpoint_refusal_hides_the_assertion(void **state) {
  (void)state;
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  aml_credential_options o;
  opts_for(&o, t, 0);
  aml_credential *c = NULL;
  assert_int_equal(aml_client_certificate_credential_new("tenant-1", "client-1", g_cert.pem, NULL, &o, &c, NULL),
                   AML_OK);
  /* An endpoint that echoes what it got: the description quotes the request body. */
  aml_fake_transport_add_response(t, 401, NULL,
                                  "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS700027: bad "
                                  "signature\"}",
                                  NULL);
  aml_access_token *tok = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_credential_get_token(c, AML_SCOPE_ARM, &tok, &err), AML_ERR_AUTH);
  assert_int_equal(aml_error_http_status(err), 401);
  assert_string_equal(aml_error_service_code(err), "invalid_client");
  assert_non_null(strstr(aml_error_service_message(err), "AADSTS700027"));
  char *body = aml_test_request_body(aml_fake_transport_request_at(t, 0));
  char *jwt = form_value(body, "client_assertion");
  assert_null(strstr(aml_error_message(err), jwt));
  aml_error_free(err);
  free(body);
  free(jwt);
  aml_credential_unref(c);
  aml_transport_unref(t);
}

/* A program built against version 1 of the options (no send_certificate_chain)
 * still works: the library reads only version 1's bytes. */
static void test_options_version_1(void **state) {
  (void)state;
  unsigned char raw[sizeof(aml_credential_options) + 16];
  memset(raw, 0x5a, sizeof(raw)); /* poison where version 2's fields would be */
  aml_credential_options *o = (aml_credential_options *)raw;
  assert_int_equal(aml_credential_options_init(o, 1), AML_OK);
  assert_int_equal(o->version, 1);
  assert_int_equal(raw[sizeof(raw) - 1], 0x5a);
  assert_int_equal(o->send_certificate_chain, 0x5a5a5a5a); /* untouched by init(v1) */
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  o->transport = t;
  o->sleep_fn = no_sleep;
  o->authority_host = "https://login.microsoftonline.com";
  aml_credential *c = NULL;
  assert_int_equal(aml_client_certificate_credential_new("tenant-1", "client-1", g_cert.pem, NULL, o, &c, NULL),
                   AML_OK);
  aml_fake_transport_add_response(t, 200, NULL, OK_BODY, NULL);
  get_ok(c);
  assert_int_equal(check_assertion(aml_fake_transport_request_at(t, 0)), 0); /* no chain: the default */
  aml_credential_unref(c);
  aml_transport_unref(t);
}

static void test_base64url(void **state) {
  (void)state;
  aml_buf b = AML_BUF_INIT;
  static const unsigned char bytes[] = {0xfb, 0xff, 0xbf, 0x00, 0x01};
  assert_int_equal(aml__base64url_encode(&b, bytes, 5), AML_OK);
  assert_string_equal(aml__buf_cstr(&b), "-_-_AAE"); /* base64: +/+/AAE= */
  aml__buf_clear(&b);
  assert_int_equal(aml__base64url_encode(&b, "", 0), AML_OK);
  assert_string_equal(aml__buf_cstr(&b), "");
  aml__buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_file_form),
      cmocka_unit_test(test_from_memory_and_chain),
      cmocka_unit_test(test_refused_files_and_passwords),
      cmocka_unit_test(test_endpoint_refusal_hides_the_assertion),
      cmocka_unit_test(test_options_version_1),
      cmocka_unit_test(test_base64url),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
