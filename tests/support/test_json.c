#include "test_json.h"

#include "test_support.h"

#include <string.h>

char *aml_test_fixture(const char *name) {
  char path[1024];
  snprintf(path, sizeof(path), "%s/tests/fixtures/entities/%s", AML_TEST_SOURCE_DIR, name);
  FILE *f = fopen(path, "rb");
  if (!f) fail_msg("cannot open fixture %s", path);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  assert_non_null(buf);
  assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

void aml_test_assert_json_eq(const char *actual, const char *expected) {
  json_error_t e;
  json_t *a = json_loads(actual, 0, &e);
  json_t *b = json_loads(expected, 0, &e);
  assert_non_null(a);
  assert_non_null(b);
  if (!json_equal(a, b)) {
    char *sa = json_dumps(a, JSON_INDENT(2) | JSON_SORT_KEYS);
    char *sb = json_dumps(b, JSON_INDENT(2) | JSON_SORT_KEYS);
    print_error("actual:\n%s\nexpected:\n%s\n", sa, sb);
    free(sa);
    free(sb);
    fail();
  }
  json_decref(a);
  json_decref(b);
}

void aml_test_assert_json_eq_fixture(const char *actual, const char *fixture_name) {
  char *expected = aml_test_fixture(fixture_name);
  aml_test_assert_json_eq(actual, expected);
  free(expected);
}

json_t *aml_test_json_at(const char *text, const char *path) {
  json_error_t e;
  json_t *root = json_loads(text, 0, &e);
  assert_non_null(root);
  json_t *cur = root;
  char buf[256];
  snprintf(buf, sizeof(buf), "%s", path);
  char *save = NULL;
  for (char *tok = strtok_r(buf, ".", &save); tok && cur; tok = strtok_r(NULL, ".", &save)) cur = json_object_get(cur, tok);
  json_incref(cur);
  json_decref(root);
  return cur;
}

void aml_test_assert_str_at(const char *text, const char *path, const char *expected) {
  json_t *v = aml_test_json_at(text, path);
  if (!json_is_string(v)) fail_msg("%s is not a string in %s", path, text);
  assert_string_equal(json_string_value(v), expected);
  json_decref(v);
}

void aml_test_assert_int_at(const char *text, const char *path, long long expected) {
  json_t *v = aml_test_json_at(text, path);
  if (!json_is_integer(v)) fail_msg("%s is not an integer in %s", path, text);
  assert_int_equal(json_integer_value(v), expected);
  json_decref(v);
}

void aml_test_assert_absent(const char *text, const char *path) {
  json_t *v = aml_test_json_at(text, path);
  if (v) {
    json_decref(v);
    fail_msg("%s should be absent in %s", path, text);
  }
}

void aml_test_queue_fixture(aml_transport *fake, const char *name) {
  char *body = aml_test_fixture(name);
  assert_int_equal(aml_fake_transport_add_response(fake, 200, NULL, body, NULL), AML_OK);
  free(body);
}
