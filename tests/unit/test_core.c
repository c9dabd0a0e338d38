/* lib/core: result strings, the error object, buffers, key/value lists, URL
 * escaping and redaction, ISO-8601 durations, HTTP dates, UUIDs, versions,
 * the allocator hooks and the counted global init. */
#include "test_support.h"

#include "core/buf.h"
#include "core/clock.h"
#include "core/duration.h"
#include "core/error.h"
#include "core/kv.h"
#include "core/url.h"
#include "core/uuid.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static void test_result_str(void **state) {
  (void)state;
  assert_string_equal(aml_result_str(AML_OK), "success");
  assert_string_equal(aml_result_str(AML_ERR_NOT_FOUND), "resource not found");
  assert_string_equal(aml_result_str(12345), "unknown result code");
  /* Every defined code has its own text. */
  for (aml_result c = AML_ERR_INVALID_ARG; c >= AML_ERR_CREDENTIAL_UNAVAILABLE; c--)
    assert_string_not_equal(aml_result_str(c), "unknown result code");
  /* Codes are append-only: pin a few values bindings rely on. */
  assert_int_equal(AML_ERR_INVALID_ARG, -1);
  assert_int_equal(AML_ERR_NOT_FOUND, -3);
  assert_int_equal(AML_ERR_STILL_RUNNING, -22);
}

static void test_error_object(void **state) {
  (void)state;
  assert_null(aml_error_new(AML_OK, "x"));
  aml_error *e = aml_error_new(AML_ERR_CONFLICT, NULL);
  assert_non_null(e);
  assert_int_equal(aml_error_code(e), AML_ERR_CONFLICT);
  assert_string_equal(aml_error_message(e), aml_result_str(AML_ERR_CONFLICT));
  assert_int_equal(aml_error_http_status(e), 0);
  assert_null(aml_error_service_code(e));
  aml__error_set_http_status(e, 409);
  aml__error_set_service(e, "Conflict", "busy", "name");
  aml__error_set_request_ids(e, "rid", "crid");
  aml__error_add_detail(e, "D1", "first", NULL);
  aml__error_add_detail(e, "D2", "second", "t2");
  assert_int_equal(aml_error_http_status(e), 409);
  assert_string_equal(aml_error_service_code(e), "Conflict");
  assert_string_equal(aml_error_service_message(e), "busy");
  assert_string_equal(aml_error_target(e), "name");
  assert_string_equal(aml_error_request_id(e), "rid");
  assert_string_equal(aml_error_client_request_id(e), "crid");
  assert_int_equal(aml_error_details_count(e), 2);
  const char *c, *m, *t;
  assert_int_equal(aml_error_detail_at(e, 1, &c, &m, &t), AML_OK);
  assert_string_equal(c, "D2");
  assert_string_equal(m, "second");
  assert_string_equal(t, "t2");
  assert_int_equal(aml_error_detail_at(e, 2, &c, &m, &t), AML_ERR_INVALID_ARG);
  aml_error_free(e);
  /* NULL-safe accessors. */
  aml_error_free(NULL);
  assert_int_equal(aml_error_code(NULL), AML_OK);
  assert_string_equal(aml_error_message(NULL), "");
  assert_int_equal(aml_error_details_count(NULL), 0);
  assert_int_equal(aml_error_detail_at(NULL, 0, NULL, NULL, NULL), AML_ERR_INVALID_ARG);
}

static void test_fail_keeps_first_error(void **state) {
  (void)state;
  aml_error *e = NULL;
  assert_int_equal(aml__fail(&e, AML_ERR_PARSE, "inner %d", 1), AML_ERR_PARSE);
  assert_int_equal(aml__fail(&e, AML_ERR_HTTP, "outer"), AML_ERR_HTTP);
  assert_string_equal(aml_error_message(e), "inner 1");
  aml_error_free(e);
  assert_int_equal(aml__fail(NULL, AML_ERR_PARSE, "nobody listens"), AML_ERR_PARSE);
  /* Long messages are kept whole. */
  char big[2000];
  memset(big, 'x', sizeof(big) - 1);
  big[sizeof(big) - 1] = '\0';
  e = NULL;
  aml__fail(&e, AML_ERR_PARSE, "%s", big);
  assert_int_equal(strlen(aml_error_message(e)), sizeof(big) - 1);
  aml_error_free(e);
}

static void test_buf(void **state) {
  (void)state;
  aml_buf b = AML_BUF_INIT;
  assert_string_equal(aml__buf_cstr(&b), "");
  for (int i = 0; i < 1000; i++) assert_int_equal(aml__buf_printf(&b, "%d,", i % 10), AML_OK);
  assert_int_equal(b.len, 2000);
  assert_int_equal(b.ptr[b.len], '\0');
  aml__buf_clear(&b);
  aml__buf_puts(&b, "abc");
  char *s = aml__buf_detach(&b);
  assert_string_equal(s, "abc");
  assert_null(b.ptr);
  aml_free(s);
  s = aml__buf_detach(&b);
  assert_string_equal(s, "");
  aml_free(s);
}

static void test_kvlist(void **state) {
  (void)state;
  aml_kvlist l;
  aml__kvlist_init(&l, true);
  aml__kvlist_add(&l, "Content-Type", "a");
  aml__kvlist_add(&l, "X-Dup", "1");
  aml__kvlist_add(&l, "x-dup", "2");
  assert_string_equal(aml__kvlist_get(&l, "content-type"), "a");
  aml__kvlist_set(&l, "CONTENT-TYPE", "b");
  assert_string_equal(aml__kvlist_get(&l, "Content-Type"), "b");
  assert_int_equal(l.count, 3);
  assert_int_equal(aml__kvlist_remove(&l, "X-DUP"), 2);
  assert_int_equal(l.count, 1);
  aml_kvlist copy;
  assert_int_equal(aml__kvlist_copy(&copy, &l), AML_OK);
  assert_string_equal(aml__kvlist_get(&copy, "content-type"), "b");
  aml__kvlist_clear(&copy);
  aml__kvlist_clear(&l);
  aml__kvlist_init(&l, false);
  aml__kvlist_add(&l, "Tag", "v");
  assert_null(aml__kvlist_get(&l, "tag"));
  aml__kvlist_clear_secret(&l);
}

static void test_url_escape_and_query(void **state) {
  (void)state;
  aml_buf b = AML_BUF_INIT;
  aml__url_escape(&b, "a b/c?d&e=f~g.h_i-j%ü");
  assert_string_equal(aml__buf_cstr(&b), "a%20b%2Fc%3Fd%26e%3Df~g.h_i-j%25%C3%BC");
  aml__buf_clear(&b);
  aml__buf_puts(&b, "https://h/p");
  aml__url_add_query(&b, "api-version", "2025-12-01");
  aml__url_add_query(&b, "$skip", "a b");
  assert_string_equal(aml__buf_cstr(&b), "https://h/p?api-version=2025-12-01&%24skip=a%20b");
  aml__buf_free(&b);
  assert_true(aml__url_is_http("http://localhost:8080"));
  assert_true(aml__url_is_https("HTTPS://x"));
  assert_false(aml__url_is_http("ftp://x"));
  assert_false(aml__url_is_http("https://"));
  assert_false(aml__url_is_http("https:///path"));
}

/* RFC 3986 §5.4 examples (base http://a/b/c/d;p?q), then the shapes ARM uses. */
static void test_url_resolve(void **state) {
  (void)state;
  static const char *const cases[][2] = {
      {"g", "http://a/b/c/g"},          {"./g", "http://a/b/c/g"},       {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},             {"//g", "http://g"},             {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},      {"#s", "http://a/b/c/d;p?q"},    {"g#s", "http://a/b/c/g"},
      {";x", "http://a/b/c/;x"},        {"", "http://a/b/c/d;p?q"},      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},          {"..", "http://a/b/"},           {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},         {"../..", "http://a/"},          {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"},     {"/./g", "http://a/g"},          {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},        {"..g", "http://a/b/c/..g"},     {"./../g", "http://a/b/g"},
      {"g/./h", "http://a/b/c/g/h"},    {"g/../h", "http://a/b/c/h"},    {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"}, {"https://h:8/p/../q?x#f", "https://h:8/q?x"},
  };
  aml_buf out = AML_BUF_INIT;
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    assert_int_equal(aml__url_resolve(&out, "http://a/b/c/d;p?q", cases[i][0]), AML_OK);
    if (strcmp(aml__buf_cstr(&out), cases[i][1]) != 0)
      fail_msg("resolve(%s) = %s, expected %s", cases[i][0], aml__buf_cstr(&out), cases[i][1]);
  }
  assert_int_equal(aml__url_resolve(&out, "https://m.test", "?$skipToken=1"), AML_OK);
  assert_string_equal(aml__buf_cstr(&out), "https://m.test?$skipToken=1");
  assert_int_equal(aml__url_resolve(&out, "https://m.test", "x"), AML_OK);
  assert_string_equal(aml__buf_cstr(&out), "https://m.test/x");
  assert_int_equal(aml__url_resolve(&out, "not a url", "x"), AML_ERR_INVALID_ARG);
  assert_int_equal(aml__url_resolve(&out, "https://m.test/", "mailto:x"), AML_ERR_INVALID_ARG);
  aml__buf_free(&out);
}

static void test_url_redact(void **state) {
  (void)state;
  aml_buf b = AML_BUF_INIT;
  aml__url_redact(&b, "https://h/p?api-version=2025-12-01&sig=SECRET&$skipToken=abc&flag#frag");
  assert_string_equal(aml__buf_cstr(&b), "https://h/p?api-version=2025-12-01&sig=REDACTED&$skipToken=REDACTED&flag");
  assert_null(strstr(aml__buf_cstr(&b), "SECRET"));
  aml__buf_clear(&b);
  aml__url_redact(&b, "https://h/no-query");
  assert_string_equal(aml__buf_cstr(&b), "https://h/no-query");
  aml__buf_clear(&b);
  aml__url_redact(&b, "https://h/p?API-VERSION=1&x=");
  assert_string_equal(aml__buf_cstr(&b), "https://h/p?API-VERSION=1&x=REDACTED");
  aml__buf_clear(&b);
  aml__url_redact(&b, "http://user:pa55@proxy:3128/x?api-version=2");
  assert_string_equal(aml__buf_cstr(&b), "http://REDACTED@proxy:3128/x?api-version=2");
  aml__buf_clear(&b);
  aml__url_redact(&b, "http://u:p@h#frag");
  assert_string_equal(aml__buf_cstr(&b), "http://REDACTED@h");
  aml__buf_clear(&b);
  aml__url_redact(&b, "https://h/a@b");
  assert_string_equal(aml__buf_cstr(&b), "https://h/a@b");
  aml__buf_free(&b);
}

static void test_duration(void **state) {
  (void)state;
  char out[AML_DURATION_MAX_LEN];
  struct { int64_t s; const char *iso; } cases[] = {
      {0, "PT0S"}, {30, "PT30S"}, {120, "PT2M"}, {3600, "PT1H"}, {5405, "PT1H30M5S"},
      {86400, "P1D"}, {90000, "P1DT1H"}, {1800, "PT30M"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    assert_true(aml__duration_format(cases[i].s, out, sizeof(out)));
    assert_string_equal(out, cases[i].iso);
    int64_t back = -1;
    assert_true(aml__duration_parse(cases[i].iso, &back));
    assert_int_equal(back, cases[i].s);
  }
  assert_false(aml__duration_format(-1, out, sizeof(out)));
  assert_false(aml__duration_format(5405, out, 4));
  int64_t v;
  assert_true(aml__duration_parse("PT120S", &v));
  assert_int_equal(v, 120);
  assert_true(aml__duration_parse("PT0.5S", &v));
  assert_int_equal(v, 1);
  assert_true(aml__duration_parse("P1W", &v));
  assert_int_equal(v, 604800);
  assert_true(aml__duration_parse("pt2m", &v));
  assert_int_equal(v, 120);
  /* Every form the service can send (issue 8): years, months, fractions;
   * inexact ones are flagged so that callers keep the original text. */
  struct { const char *iso; int64_t s; bool exact; } forms[] = {
      {"P1M", 30 * 86400, false},         {"P1Y", 365 * 86400, false},   {"P1Y2M3DT4H5M6S", 36993906, false},
      {"PT0.5S", 1, false},               {"PT1.25S", 1, false},        {"PT1.5M", 90, true},
      {"PT30S", 30, true},                {"P0.5D", 43200, true},       {"PT0,5H", 1800, true},
      {"P2W", 1209600, true},             {"PT0S", 0, true},
  };
  for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
    bool exact = !forms[i].exact;
    if (!aml__duration_parse_exact(forms[i].iso, &v, &exact)) fail_msg("%s refused", forms[i].iso);
    if (v != forms[i].s || exact != forms[i].exact)
      fail_msg("%s: %lld s exact=%d", forms[i].iso, (long long)v, (int)exact);
  }
  const char *bad[] = {"", "P", "PT", "PT1Y", "P1M1Y", "PT1M2H", "T1M", "PT-1S", "PTXS", "P1DT", "PT1H1H", "P1D1W", NULL};
  for (int i = 0; bad[i]; i++) assert_false(aml__duration_parse(bad[i], &v));
  assert_false(aml__duration_parse(NULL, &v));
}

static void test_http_date(void **state) {
  (void)state;
  int64_t t;
  assert_true(aml__parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT", &t));
  assert_int_equal(t, 784111777);
  assert_true(aml__parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", &t));
  assert_int_equal(t, 784111777);
  assert_true(aml__parse_http_date("Sun Nov  6 08:49:37 1994", &t));
  assert_int_equal(t, 784111777);
  assert_true(aml__parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT", &t));
  assert_int_equal(t, 0);
  assert_true(aml__parse_http_date("Fri, 27 Nov 2026 14:00:00 GMT", &t));
  assert_int_equal(t, 1795788000);
  assert_false(aml__parse_http_date("Sun, 06 Foo 1994 08:49:37 GMT", &t));
  assert_false(aml__parse_http_date("Sun, 06 Nov 1994 08:49:37 CET", &t));
  assert_false(aml__parse_http_date("120", &t));
  assert_false(aml__parse_http_date(NULL, &t));
}

static void test_uuid(void **state) {
  (void)state;
  char a[AML_UUID_STR_LEN + 1], b[AML_UUID_STR_LEN + 1];
  aml__uuid4(a);
  aml__uuid4(b);
  assert_int_equal(strlen(a), 36);
  assert_string_not_equal(a, b);
  assert_int_equal(a[8], '-');
  assert_int_equal(a[14], '4');
  assert_true(strchr("89ab", a[19]) != NULL);
}

static void test_versions(void **state) {
  (void)state;
  assert_int_equal(aml_version_number(), AML_VERSION_NUMBER);
  assert_string_equal(aml_version_string(), AML_VERSION_STRING);
  assert_string_equal(aml_default_api_version(), "2025-12-01");
  assert_string_equal(AML_DEFAULT_API_VERSION, "2025-12-01");
}

static void *app_json_malloc(size_t n) { return malloc(n); }
static void app_json_free(void *p) { free(p); }

static void test_allocator_hooks(void **state) {
  (void)state;
  aml_allocator a;
  assert_int_equal(aml_allocator_init(NULL, AML_ALLOCATOR_VERSION), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_allocator_init(&a, 99), AML_ERR_VERSION);
  assert_int_equal(aml_allocator_init(&a, AML_ALLOCATOR_VERSION), AML_OK);
  a.free_fn = NULL;
  assert_int_equal(aml_global_set_allocator(&a, 0), AML_ERR_INVALID_ARG);
  aml_allocator_init(&a, AML_ALLOCATOR_VERSION);
  assert_int_equal(aml_global_set_allocator(&a, 0x80), AML_ERR_INVALID_ARG);
  a.version = 7;
  assert_int_equal(aml_global_set_allocator(&a, 0), AML_ERR_VERSION);

  /* Every library allocation goes through the installed hooks. */
  aml_test_alloc_install();
  long before = aml_test_alloc_live();
  aml_error *e = aml_error_new(AML_ERR_PARSE, "counted");
  assert_true(aml_test_alloc_live() > before);
  aml_error_free(e);
  assert_int_equal(aml_test_alloc_live(), before);
  aml_test_alloc_fail_at(1);
  assert_null(aml_error_new(AML_ERR_PARSE, "fails"));
  assert_true(aml_test_alloc_failed());
  aml_test_alloc_uninstall();
  assert_int_equal(aml_global_set_allocator(NULL, 0), AML_OK);

  /* An application's own jansson hooks survive the library's allocator calls
   * unless it asked the library to forward. */
  json_set_alloc_funcs(app_json_malloc, app_json_free);
  aml_allocator_init(&a, AML_ALLOCATOR_VERSION);
  assert_int_equal(aml_global_set_allocator(&a, AML_ALLOC_FORWARD_NONE), AML_OK);
  assert_int_equal(aml_global_set_allocator(NULL, 0), AML_OK);
  json_malloc_t m = NULL;
  json_free_t fr = NULL;
  json_get_alloc_funcs(&m, &fr);
  assert_ptr_equal(m, app_json_malloc);
  assert_ptr_equal(fr, app_json_free);
  json_set_alloc_funcs(malloc, free);
}

static void test_global_init_counts(void **state) {
  (void)state;
  assert_int_equal(aml_global_init(), 1);
  assert_int_equal(aml_global_init(), 2);
  assert_int_equal(aml_global_shutdown(), 1);
  assert_int_equal(aml_global_shutdown(), 0);
  assert_int_equal(aml_global_shutdown(), AML_ERR_INVALID_ARG);
  aml_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_result_str),        cmocka_unit_test(test_error_object),
      cmocka_unit_test(test_fail_keeps_first_error), cmocka_unit_test(test_buf),
      cmocka_unit_test(test_kvlist),            cmocka_unit_test(test_url_escape_and_query),
      cmocka_unit_test(test_url_resolve),
      cmocka_unit_test(test_url_redact),        cmocka_unit_test(test_duration),
      cmocka_unit_test(test_http_date),         cmocka_unit_test(test_uuid),
      cmocka_unit_test(test_versions),          cmocka_unit_test(test_allocator_hooks),
      cmocka_unit_test(test_global_init_counts),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
