/* Name rules: endpoint and deployment names (3-32 characters,
 * ^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$) and compute names
 * (^[a-zA-Z](?![a-zA-Z0-9-]*-\d+$)[a-zA-Z0-9\-]{2,23}$): accepted and rejected
 * examples, and messages that name the rule. */
#include "test_support.h"

#include <string.h>

#include "ml/validate.h"

static void expect_ok(aml_result (*check)(const char *, const char *, aml_error **), const char *name) {
  aml_error *err = NULL;
  aml_result rc = check("the name", name, &err);
  if (rc != AML_OK) fail_msg("\"%s\" rejected: %s", name, aml_error_message(err));
}

static void expect_rejected(aml_result (*check)(const char *, const char *, aml_error **), const char *name,
                            const char *rule) {
  aml_error *err = NULL;
  assert_int_equal(check("the name", name, &err), AML_ERR_VALIDATION);
  assert_non_null(err);
  assert_int_equal(aml_error_code(err), AML_ERR_VALIDATION);
  if (!strstr(aml_error_message(err), rule))
    fail_msg("message for \"%s\" does not name the rule \"%s\": %s", name ? name : "(null)", rule,
             aml_error_message(err));
  assert_non_null(strstr(aml_error_message(err), "the name"));
  aml_error_free(err);
}

#define ENDPOINT_RULE "^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$"

static void test_endpoint_names(void **state) {
  (void)state;
  static const char *const ok[] = {
      "abc", "a-b", "Endpoint-1", "nightly-scoring", "A1b", "a--b", "ABC", "x0-9",
      "a234567890123456789012345678901z", /* 32 */
  };
  for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
    expect_ok(aml__validate_endpoint_name, ok[i]);
    expect_ok(aml__validate_deployment_name, ok[i]);
  }
  static const char *const too_short_or_long[] = {"ab", "a", "a2345678901234567890123456789012z" /* 33 */};
  for (size_t i = 0; i < sizeof(too_short_or_long) / sizeof(too_short_or_long[0]); i++) {
    expect_rejected(aml__validate_endpoint_name, too_short_or_long[i], "the rule is 3 to 32 characters");
    expect_rejected(aml__validate_deployment_name, too_short_or_long[i], "the rule is 3 to 32 characters");
  }
  static const char *const bad_pattern[] = {"1abc", "-abc", "abc-", "ab_c", "ab c", "ab.c", "abc\xc3\xa9", "ab/c"};
  for (size_t i = 0; i < sizeof(bad_pattern) / sizeof(bad_pattern[0]); i++) {
    expect_rejected(aml__validate_endpoint_name, bad_pattern[i], ENDPOINT_RULE);
    expect_rejected(aml__validate_deployment_name, bad_pattern[i], ENDPOINT_RULE);
    assert_false(aml__match_endpoint_pattern(bad_pattern[i]));
  }
  expect_rejected(aml__validate_endpoint_name, NULL, "is required");
  expect_rejected(aml__validate_endpoint_name, "", "is required");
  expect_rejected(aml__validate_deployment_name, NULL, "is required");
  assert_false(aml__match_endpoint_pattern(NULL));
  assert_false(aml__match_endpoint_pattern(""));
  /* A long name is shortened in the message. */
  aml_error *err = NULL;
  char longname[200];
  memset(longname, 'a', sizeof(longname) - 1);
  longname[sizeof(longname) - 1] = '\0';
  assert_int_equal(aml__validate_endpoint_name("n", longname, &err), AML_ERR_VALIDATION);
  assert_non_null(strstr(aml_error_message(err), "...\" is 199 characters long"));
  aml_error_free(err);
}

static void test_compute_names(void **state) {
  (void)state;
  static const char *const ok[] = {
      "cpu", "cpu-cluster", "cpu-cluster-a1", "gpu1", "a-1b", "a--b", "ab-", "Cpu-Cluster-2x",
      "a23456789012345678901234", /* 24 */
  };
  for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
    expect_ok(aml__validate_compute_name, ok[i]);
    assert_true(aml__match_compute_name(ok[i]));
  }
  static const char *const dash_digits[] = {"cpu-cluster-1", "cpu-42", "ab-0", "a-12345"};
  for (size_t i = 0; i < sizeof(dash_digits) / sizeof(dash_digits[0]); i++) {
    expect_rejected(aml__validate_compute_name, dash_digits[i], "must not end in '-' followed by digits");
    expect_rejected(aml__validate_compute_name, dash_digits[i], "(?![a-zA-Z0-9-]*-\\d+$)");
    assert_false(aml__match_compute_name(dash_digits[i]));
  }
  expect_rejected(aml__validate_compute_name, "ab", "the rule is 3 to 24 characters");
  expect_rejected(aml__validate_compute_name, "a234567890123456789012345" /* 25 */, "3 to 24 characters");
  static const char *const bad_pattern[] = {"1cpu", "-cpu", "cpu_cluster", "cpu cluster", "cpu.cluster"};
  for (size_t i = 0; i < sizeof(bad_pattern) / sizeof(bad_pattern[0]); i++) {
    expect_rejected(aml__validate_compute_name, bad_pattern[i], "^[a-zA-Z](?![a-zA-Z0-9-]*-\\d+$)[a-zA-Z0-9\\-]{2,23}$");
    assert_false(aml__match_compute_name(bad_pattern[i]));
  }
  expect_rejected(aml__validate_compute_name, NULL, "is required");
  assert_false(aml__match_compute_name(NULL));
}

static void test_generic_checks(void **state) {
  (void)state;
  aml_error *err = NULL;
  assert_int_equal(aml__validate_min("x", AML_UNSET, AML_UNSET, 1, NULL), AML_OK);
  assert_int_equal(aml__validate_min("x", 1, AML_UNSET, 1, NULL), AML_OK);
  assert_int_equal(aml__validate_min("field x", 0, AML_UNSET, 1, &err), AML_ERR_VALIDATION);
  assert_string_equal(aml_error_message(err), "field x must be >= 1 (got 0)");
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml__validate_tristate("t", AML_UNSET, NULL), AML_OK);
  assert_int_equal(aml__validate_tristate("t", 0, NULL), AML_OK);
  assert_int_equal(aml__validate_tristate("t", 1, NULL), AML_OK);
  assert_int_equal(aml__validate_tristate("t", 2, &err), AML_ERR_VALIDATION);
  assert_non_null(strstr(aml_error_message(err), "1, 0 or AML_UNSET"));
  aml_error_free(err);
  err = NULL;
  aml_string_pair good[] = {{"k", ""}};
  aml_string_pair empty_key[] = {{"k", "v"}, {"", "v"}};
  aml_string_pair null_value[] = {{"k", NULL}};
  assert_int_equal(aml__validate_map("m", good, 1, NULL), AML_OK);
  assert_int_equal(aml__validate_map("m", NULL, 5, NULL), AML_OK);
  assert_int_equal(aml__validate_map("tags", empty_key, 2, &err), AML_ERR_VALIDATION);
  assert_string_equal(aml_error_message(err), "tags[1]: a key must not be NULL or empty");
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml__validate_map("tags", null_value, 1, &err), AML_ERR_VALIDATION);
  assert_non_null(strstr(aml_error_message(err), "tags[\"k\"]: a value must not be NULL"));
  aml_error_free(err);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_endpoint_names),
      cmocka_unit_test(test_compute_names),
      cmocka_unit_test(test_generic_checks),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
