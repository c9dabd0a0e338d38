/* The JSON syntax checker behind out-of-memory detection must agree with
 * jansson on syntax: whatever jansson parses, it accepts; whatever jansson
 * rejects as a syntax error (not for memory), it rejects. Checked on fixed
 * cases and differentially on every prefix and on single-character mutations
 * of the entity fixtures. */
#include "test_json.h"
#include "test_support.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml/entity_json.h"
#include "core/json_check.h"

/* 1: jansson parses it; 0: jansson rejects it as a syntax error; -1: jansson
 * rejects it for another reason (UTF-8, \u0000, range, duplicates, depth). */
static int jansson_verdict(const char *data, size_t len) {
  json_error_t e;
  memset(&e, 0, sizeof(e));
  json_t *j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &e);
  if (j) {
    json_decref(j);
    return 1;
  }
  switch (json_error_code(&e)) {
    case json_error_invalid_syntax:
    case json_error_premature_end_of_input:
    case json_error_end_of_input_expected: return 0;
    default: return -1;
  }
}

static long g_compared;

static void agree(const char *data, size_t len) {
  int v = jansson_verdict(data, len);
  if (v < 0) return;
  g_compared++;
  bool ok = aml__json_syntax_ok(data, len);
  if (ok != (v == 1)) fail_msg("checker says %s, jansson says %s for: %.*s", ok ? "ok" : "bad", v ? "ok" : "bad", (int)len, data);
}

static void test_fixed_cases(void **state) {
  (void)state;
  static const char *const ok[] = {
      "{}", "[]", " \t\r\n{ } ", "{\"a\":1}", "[1,-0,0.5,1e5,1E-5,-1.25e+10,true,false,null]", "{\"a\":{\"b\":[{}]}}",
      "{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"}", "[\"\xc3\xa9\"]", "[[[[1]]]]",
  };
  static const char *const bad[] = {
      "", " ", "\"x\"", "1", "true", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[01]", "[1.]", "[.5]",
      "[1e]", "[-]", "[+1]", "[\"\\x\"]", "[\"\\u12\"]", "[\"\\ud800\"]", "[\"\\udc00\"]", "[\"\\ud800\\u0041\"]",
      "[\"a\tb\"]", "[\"abc]", "{} x", "[] []", "[tru]", "[nul]", "{\"a\":}", "[,1]", "{,}",
  };
  for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
    assert_true(aml__json_syntax_ok(ok[i], strlen(ok[i])));
    agree(ok[i], strlen(ok[i]));
  }
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    if (aml__json_syntax_ok(bad[i], strlen(bad[i]))) fail_msg("accepted: %s", bad[i]);
    agree(bad[i], strlen(bad[i]));
  }
  assert_false(aml__json_syntax_ok(NULL, 0));
  /* Not syntax: jansson rejects these with other codes; the checker accepts. */
  assert_true(aml__json_syntax_ok("[\"\\u0000\"]", 10));
  assert_true(aml__json_syntax_ok("[99999999999999999999999]", 25));
  assert_true(aml__json_syntax_ok("{\"a\":1,\"a\":2}", 13));
}

static void test_depth(void **state) {
  (void)state;
  enum { D = 2100 };
  char *buf = malloc(2 * D + 2);
  for (int depth = 2046; depth <= 2050; depth++) {
    size_t n = 0;
    for (int i = 0; i < depth; i++) buf[n++] = '[';
    for (int i = 0; i < depth; i++) buf[n++] = ']';
    agree(buf, n);
    n = 0;
    for (int i = 0; i < depth; i++) buf[n++] = '[';
    buf[n++] = '1';
    for (int i = 0; i < depth; i++) buf[n++] = ']';
    assert_int_equal(aml__json_syntax_ok(buf, n), depth < 2048);
  }
  free(buf);
}

static void test_prefixes_and_mutations(void **state) {
  (void)state;
  static const char *const names[] = {"batch_deployment_full.json", "compute_full.json", "environment_version.json",
                                      "batch_endpoint_list.json"};
  static const char subst[] = {'"', '\\', ',', ':', '{', '}', '[', ']', '0', '-', '.', 'e', 'x', ' ', '\x01', 'u'};
  g_compared = 0;
  for (size_t f = 0; f < sizeof(names) / sizeof(names[0]); f++) {
    char *text = aml_test_fixture(names[f]);
    size_t len = strlen(text);
    for (size_t n = 0; n <= len; n++) agree(text, n);
    char *copy = malloc(len + 1);
    for (size_t i = 0; i < len; i++) {
      for (size_t s = 0; s < sizeof(subst); s++) {
        memcpy(copy, text, len + 1);
        copy[i] = subst[s];
        agree(copy, len);
      }
    }
    free(copy);
    free(text);
  }
  print_message("%ld inputs compared with jansson\n", g_compared);
  assert_true(g_compared > 10000);
}

/* The parse wrapper: syntax errors are AML_ERR_PARSE with position; jansson's
 * other rejections are AML_ERR_PARSE too. */
static void test_parse_wrapper(void **state) {
  (void)state;
  static const char *const bad[] = {"{\"a\":", "[\"\\u0000\"]", "{\"a\":1,\"a\":2}", "[1e999]", "[\"\xff\"]", "\"x\""};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    json_t *root = NULL;
    aml_error *err = NULL;
    assert_int_equal(aml__entity_json_parse(bad[i], strlen(bad[i]), "thing", &root, &err), AML_ERR_PARSE);
    assert_null(root);
    assert_non_null(strstr(aml_error_message(err), "thing: invalid JSON at line"));
    aml_error_free(err);
  }
  json_t *root = NULL;
  assert_int_equal(aml__entity_json_parse("{\"a\":[1]}", 9, "thing", &root, NULL), AML_OK);
  json_decref(root);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fixed_cases),
      cmocka_unit_test(test_depth),
      cmocka_unit_test(test_prefixes_and_mutations),
      cmocka_unit_test(test_parse_wrapper),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
