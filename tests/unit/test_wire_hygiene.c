/* What a hostile or broken server sends must not get out of hand (issue 8):
 * no accessor of an error returns a credential's secret, even when a token
 * endpoint echoes it in `error`; control characters from the wire never
 * reach an error string or a log line (a server could forge log lines);
 * buffers that held a secret are wiped when they grow, not only when freed. */
#include "test_support.h"

#include "http/message.h"

#include <stdbool.h>
#include <string.h>

#define SECRET "Sup3r-S3cret/Value+42"
#define SECRET_FORM "Sup3r-S3cret%2FValue%2B42" /* as the token request form sends it */
#define ARM "https://management.example.test"

static aml_result no_sleep(int64_t ms, void *ud) { (void)ms; (void)ud; return AML_OK; }

/* C0 controls, DEL, C1 controls in UTF-8, U+2028/U+2029. */
static bool has_controls(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  for (; p && *p; p++) {
    if (*p < 0x20 || *p == 0x7f) return true;
    if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) return true;
    if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) return true;
  }
  return false;
}

/* Every string an error exposes, through every accessor. */
static void assert_error_strings(const aml_error *e, bool (*bad)(const char *, const void *), const void *ctx) {
  const char *fields[] = {aml_error_message(e),    aml_error_service_code(e), aml_error_service_message(e),
                          aml_error_target(e),     aml_error_request_id(e),   aml_error_client_request_id(e)};
  for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
    if (fields[i] && bad(fields[i], ctx)) fail_msg("error field %zu is not clean: [%s]", i, fields[i]);
  for (size_t i = 0; i < aml_error_details_count(e); i++) {
    const char *c = NULL, *m = NULL, *t = NULL;
    assert_int_equal(aml_error_detail_at(e, i, &c, &m, &t), AML_OK);
    if ((c && bad(c, ctx)) || (m && bad(m, ctx)) || (t && bad(t, ctx))) fail_msg("error detail %zu is not clean", i);
  }
}

static bool controls(const char *s, const void *ctx) { (void)ctx; return has_controls(s); }
static bool contains(const char *s, const void *needle) { return strstr(s, needle) != NULL; }

static aml_credential *secret_credential(aml_transport *t, const char *client_id, const char *secret) {
  aml_credential_options o;
  aml_credential_options_init(&o, AML_CREDENTIAL_OPTIONS_VERSION);
  o.transport = t;
  o.sleep_fn = no_sleep;
  aml_credential *cred = NULL;
  assert_int_equal(aml_client_secret_credential_new("tenant", client_id, secret, &o, &cred, NULL), AML_OK);
  return cred;
}

static void test_token_endpoint_echoing_the_secret(void **state) {
  (void)state;
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  aml_credential *cred = secret_credential(t, "app", SECRET);
  /* The secret in the OAuth `error` (the service code), the description
   * (raw and form-encoded) and a response header. */
  aml_fake_transport_add_response(t, 401, "x-ms-request-id: " SECRET,
                                  "{\"error\":\"" SECRET "\",\"error_description\":\"bad " SECRET " / " SECRET_FORM "\"}",
                                  NULL);
  aml_access_token *tok = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_credential_get_token(cred, AML_SCOPE_ARM, &tok, &err), AML_ERR_AUTH);
  assert_non_null(aml_error_service_code(err)); /* kept, masked */
  assert_error_strings(err, contains, "S3cret");
  assert_non_null(strstr(aml_error_service_message(err), "bad *"));
  aml_error_free(err);
  aml_credential_unref(cred);
  aml_transport_unref(t);
}

typedef struct line_check {
  int lines;
  int dirty;
} line_check;

static void check_line(int32_t level, const char *message, void *ud) {
  (void)level;
  line_check *c = ud;
  c->lines++;
  if (has_controls(message)) c->dirty++;
}

static aml_client *client_logging_into(aml_transport *t, line_check *lines) {
  aml_credential *cred = NULL;
  assert_int_equal(aml_static_token_credential_new("tok", 0, &cred, NULL), AML_OK);
  aml_client_options o;
  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  o.transport = t;
  o.resource_manager_url = ARM;
  o.sleep_fn = no_sleep;
  o.log_fn = check_line;
  o.log_user_data = lines;
  o.log_level = AML_LOG_DEBUG;
  aml_client *c = NULL;
  assert_int_equal(aml_client_new(cred, "sub", "rg", "ws", &o, &c, NULL), AML_OK);
  aml_credential_unref(cred);
  return c;
}

/* error.code, message, target, details and a WWW-Authenticate value with
 * newlines, escape sequences, C1 controls and U+2028; then a parse error
 * quoting JSON with controls. */
static void test_wire_controls_never_reach_errors_or_logs(void **state) {
  (void)state;
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  line_check lines = {0};
  aml_client *c = client_logging_into(t, &lines);
  aml_fake_transport_add_response(
      t, 400, "WWW-Authenticate: Bearer realm=\"x\"\r[ERROR] forged line\x1b[2J\nx-ms-request-id: id\x7f\x1b",
      "{\"error\":{\"code\":\"Bad\\nCode\\u001b[31m\",\"message\":\"one\\r\\n[ERROR] two\\u2028three\\u0085\","
      "\"target\":\"t\\t\",\"details\":[{\"code\":\"d\\n\",\"message\":\"m\\u009b\",\"target\":\"\\u2029\"}]}}",
      NULL);
  aml_workspace *ws = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_workspaces_get(c, &ws, &err), AML_ERR_BAD_REQUEST);
  assert_string_equal(aml_error_service_code(err), "Bad Code [31m");
  assert_int_equal(aml_error_details_count(err), 1);
  assert_error_strings(err, controls, NULL);
  aml_error_free(err);

  /* A body that is not JSON: the parse error quotes it. */
  aml_fake_transport_add_response(t, 200, NULL, "{\"name\":\"a\n\x1b[31m\r\x01", NULL);
  err = NULL;
  assert_true(aml_workspaces_get(c, &ws, &err) < 0);
  assert_error_strings(err, controls, NULL);
  aml_error_free(err);
  assert_true(lines.lines > 4);
  assert_int_equal(lines.dirty, 0);
  aml_client_unref(c);
  aml_transport_unref(t);
}

static void b64url(const char *in, char *out) {
  static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  size_t n = strlen(in), o = 0;
  const unsigned char *s = (const unsigned char *)in;
  for (size_t i = 0; i < n; i += 3) {
    uint32_t v = (uint32_t)s[i] << 16 | (i + 1 < n ? (uint32_t)s[i + 1] << 8 : 0) | (i + 2 < n ? s[i + 2] : 0);
    out[o++] = a[v >> 18 & 63];
    out[o++] = a[v >> 12 & 63];
    if (i + 1 < n) out[o++] = a[v >> 6 & 63];
    if (i + 2 < n) out[o++] = a[v & 63];
  }
  out[o] = '\0';
}

/* A resume token is wire input too: its operation name reaches the poller's
 * messages and aml_poller_operation(). */
static void test_resume_token_operation_name(void **state) {
  (void)state;
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  line_check lines = {0};
  aml_client *c = client_logging_into(t, &lines);
  const char *json = "{\"v\":1,\"op\":\"evil\\n[ERROR] forged\\u001b[0m\",\"kind\":0,\"final\":\"original-uri\","
                     "\"method\":\"PUT\",\"url\":\"" ARM "/r\",\"strategy\":\"azure-async-operation\",\"poll\":\"" ARM
                     "/op\"}";
  char token[512] = "aml1.";
  b64url(json, token + 5);
  aml_poller *p = NULL;
  assert_int_equal(aml_poller_from_resume_token(c, token, &p, NULL), AML_OK);
  assert_false(has_controls(aml_poller_operation(p)));
  /* The status a server reports is wire text too. */
  aml_fake_transport_add_response(t, 200, "Retry-After: 0", "{\"status\":\"Run\\nning\\u001b[2J\"}", NULL);
  aml_fake_transport_add_response(t, 200, NULL, "{\"status\":\"Failed\",\"error\":{\"code\":\"X\",\"message\":\"y\"}}",
                                  NULL);
  assert_int_equal(aml_poller_poll(p, NULL), AML_OK);
  assert_string_equal(aml_poller_status(p), "Run ning [2J");
  aml_error *err = NULL;
  assert_int_equal(aml_poller_wait(p, -1, &err), AML_ERR_OPERATION_FAILED);
  assert_non_null(strstr(aml_error_message(err), "evil [ERROR] forged"));
  assert_error_strings(err, controls, NULL);
  aml_error_free(err);
  aml_poller_free(p);
  assert_int_equal(lines.dirty, 0);
  aml_client_unref(c);
  aml_transport_unref(t);
}

/* ---- secrets wiped on growth ----------------------------------------------
 * An allocator that remembers each block's size and, whenever a block is
 * given back (free, or the old block of a realloc), looks for the marker in
 * it. A plain realloc of a secret buffer leaves the secret in freed memory. */
#define MARKER "SECRET-MARKER-7f3a"

typedef struct block_head {
  size_t size;
  size_t pad;
} block_head;

static int g_leaked_blocks;

static void inspect(void *p) {
  block_head *h = (block_head *)p - 1;
  size_t m = strlen(MARKER);
  for (size_t i = 0; i + m <= h->size; i++)
    if (memcmp((char *)p + i, MARKER, m) == 0) {
      g_leaked_blocks++;
      return;
    }
}

static void *w_malloc(size_t size, void *ud) {
  (void)ud;
  block_head *h = malloc(sizeof(*h) + size);
  if (!h) return NULL;
  h->size = size;
  return h + 1;
}

static void w_free(void *p, void *ud) {
  (void)ud;
  if (!p) return;
  inspect(p);
  free((block_head *)p - 1);
}

static void *w_realloc(void *p, size_t size, void *ud) {
  if (!p) return w_malloc(size, ud);
  block_head *h = (block_head *)p - 1;
  void *n = w_malloc(size, ud);
  if (!n) return NULL;
  memcpy(n, p, h->size < size ? h->size : size);
  w_free(p, ud); /* what realloc does: the old block is released as it is */
  return n;
}

static void test_secret_buffers_wiped_on_growth(void **state) {
  (void)state;
  aml_allocator a;
  aml_allocator_init(&a, AML_ALLOCATOR_VERSION);
  a.malloc_fn = w_malloc;
  a.realloc_fn = w_realloc;
  a.free_fn = w_free;
  assert_int_equal(aml_global_set_allocator(&a, 0), AML_OK);
  g_leaked_blocks = 0;

  /* A token response arriving in small chunks, as a transport appends it. */
  aml_http_response *resp = NULL;
  assert_int_equal(aml__http_response_new(&resp), AML_OK);
  const char *body = "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"" MARKER
                     "-and-a-long-tail-so-that-the-buffer-grows-several-times-0123456789abcdef\"}";
  const size_t len = strlen(body);
  for (size_t i = 0; i < len; i += 7) {
    size_t n = len - i < 7 ? len - i : 7;
    assert_int_equal(aml_http_response_append_body(resp, (const uint8_t *)body + i, n), AML_OK);
  }
  aml_http_response_free(resp);
  assert_int_equal(g_leaked_blocks, 0);

  /* The client-secret flow: the form carrying the secret grows too. */
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  aml_credential *cred =
      secret_credential(t, "a-client-id-long-enough-to-grow-the-form-buffer", MARKER "-with-some-more-secret-bytes");
  aml_fake_transport_add_response(t, 200, NULL, "{\"access_token\":\"tok\",\"expires_in\":3600}", NULL);
  aml_access_token *tok = NULL;
  assert_int_equal(aml_credential_get_token(cred, AML_SCOPE_ARM, &tok, NULL), AML_OK);
  aml_access_token_free(tok);
  aml_credential_unref(cred);
  aml_transport_unref(t);
  assert_int_equal(aml_global_set_allocator(NULL, 0), AML_OK);
  assert_int_equal(g_leaked_blocks, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_token_endpoint_echoing_the_secret),
      cmocka_unit_test(test_wire_controls_never_reach_errors_or_logs),
      cmocka_unit_test(test_resume_token_operation_name),
      cmocka_unit_test(test_secret_buffers_wiped_on_growth),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
