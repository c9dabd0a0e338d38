/* JSON helpers for tests: fixtures from tests/fixtures/entities, structural
 * comparison, and assertions on one member reached by a dotted path. */
#ifndef AML_TEST_JSON_H
#define AML_TEST_JSON_H

#include <jansson.h>

/* The fixture's text (malloc'd; free()). Fails the test when missing. */
char *aml_test_fixture(const char *name);
/* Queue a 200 answer whose body is the fixture's text on a fake transport. */
struct aml_transport;
void aml_test_queue_fixture(struct aml_transport *fake, const char *name);
/* Equal as JSON values (key order and spacing ignored); prints both otherwise. */
void aml_test_assert_json_eq(const char *actual, const char *expected);
void aml_test_assert_json_eq_fixture(const char *actual, const char *fixture_name);
/* The member at "a.b.c" (a new reference; NULL when absent). */
json_t *aml_test_json_at(const char *text, const char *path);
void aml_test_assert_str_at(const char *text, const char *path, const char *expected);
void aml_test_assert_int_at(const char *text, const char *path, long long expected);
void aml_test_assert_absent(const char *text, const char *path);

#endif
