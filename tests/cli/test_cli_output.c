/* aml's output: the --query subset (what it picks, what it refuses) and the
 * json / table / tsv writers, on JSON shaped like the service's answers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "output.h"
#include "query.h"

#include <stdlib.h>
#include <string.h>

static const char *k_list =
    "[{\"name\":\"ep-a\",\"location\":\"eastus\",\"properties\":{\"provisioningState\":\"Succeeded\","
    "\"defaults\":{\"deploymentName\":\"blue\"},\"count\":3,\"on\":true}},"
    "{\"name\":\"ep-b\",\"location\":\"westus\",\"properties\":{\"provisioningState\":\"Creating\","
    "\"defaults\":{\"deploymentName\":null},\"count\":10,\"on\":false}}]";

static json_t *load(const char *text) {
  json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
  assert_non_null(v);
  return v;
}

/* Evaluate `expr` on `text`; the compact JSON of the result. */
static char *query(const char *expr, const char *text) {
  cli_query *q = NULL;
  char err[256];
  if (cli_query_compile(expr, &q, err, sizeof err) < 0) fail_msg("%s did not compile: %s", expr, err);
  json_t *in = load(text);
  json_t *out = cli_query_eval(q, in);
  char *s = json_dumps(out, JSON_COMPACT | JSON_ENCODE_ANY);
  json_decref(out);
  json_decref(in);
  cli_query_free(q);
  return s;
}

static void expect_query(const char *expr, const char *text, const char *want) {
  char *got = query(expr, text);
  if (strcmp(got, want) != 0) fail_msg("--query %s: got %s, want %s", expr, got, want);
  free(got);
}

static void test_query_fields_and_projections(void **state) {
  (void)state;
  const char *one = "{\"name\":\"ep-a\",\"properties\":{\"provisioningState\":\"Succeeded\"}}";
  expect_query("name", one, "\"ep-a\"");
  expect_query("properties.provisioningState", one, "\"Succeeded\"");
  expect_query("properties.missing", one, "null");
  expect_query("name.deeper", one, "null");
  expect_query("\"name\"", one, "\"ep-a\"");
  expect_query("[].name", k_list, "[\"ep-a\",\"ep-b\"]");
  expect_query("[*].properties.provisioningState", k_list, "[\"Succeeded\",\"Creating\"]");
  /* Items for which the rest of the projection is null are dropped (JMESPath). */
  expect_query("[].properties.defaults.deploymentName", k_list, "[\"blue\"]");
  expect_query("[0].name", k_list, "\"ep-a\"");
  expect_query("[-1].location", k_list, "\"westus\"");
  expect_query("[5].name", k_list, "null");
  expect_query("[].{n: name, state: properties.provisioningState}", k_list,
               "[{\"n\":\"ep-a\",\"state\":\"Succeeded\"},{\"n\":\"ep-b\",\"state\":\"Creating\"}]");
  expect_query("{n: name, c: properties.count}", "{\"name\":\"x\",\"properties\":{\"count\":2}}",
               "{\"n\":\"x\",\"c\":2}");
  /* A projection over something that is not a list is null. */
  expect_query("[].name", one, "null");
}

static void test_query_refuses_what_it_does_not_support(void **state) {
  (void)state;
  static const char *const bad[] = {"",          "a.",         ".a",        "[?name=='x']", "length(@)",
                                    "a | b",     "[0:2]",      "{a}",       "{a: }",        "a[",
                                    "\"open",    "[].{n: name} .x", "a..b", "a b"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    cli_query *q = NULL;
    char err[256] = "";
    if (cli_query_compile(bad[i], &q, err, sizeof err) == 0) fail_msg("'%s' compiled", bad[i]);
    assert_null(q);
    assert_non_null(strstr(err, "--query"));
  }
}

/* Write `text` in `format` (with `query`/`columns`), returning what was printed. */
static char *write_out(const char *text, cli_format format, const char *q, const cli_column *columns, int *rc) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  char err[256];
  json_t *v = load(text);
  *rc = cli_output_write(f, v, format, q, columns, err, sizeof err);
  json_decref(v);
  fclose(f);
  return buf;
}

static const cli_column k_cols[] = {{"Name", "name"},
                                    {"State", "properties.provisioningState"},
                                    {"Default", "properties.defaults.deploymentName"},
                                    {"On", "properties.on"},
                                    {NULL, NULL}};

static void test_table_and_tsv(void **state) {
  (void)state;
  int rc;
  char *t = write_out(k_list, CLI_FORMAT_TABLE, NULL, k_cols, &rc);
  assert_int_equal(rc, CLI_EXIT_OK);
  assert_string_equal(t, "Name  State      Default  On\n"
                         "----  ---------  -------  -----\n"
                         "ep-a  Succeeded  blue     True\n"
                         "ep-b  Creating            False\n");
  free(t);
  t = write_out(k_list, CLI_FORMAT_TSV, NULL, k_cols, &rc);
  assert_string_equal(t, "ep-a\tSucceeded\tblue\tTrue\nep-b\tCreating\t\tFalse\n");
  free(t);
  /* One resource is one row. */
  t = write_out("{\"name\":\"x\",\"properties\":{\"provisioningState\":\"Failed\"}}", CLI_FORMAT_TSV, NULL, k_cols,
                &rc);
  assert_string_equal(t, "x\tFailed\t\t\n");
  free(t);
  /* A query reshapes: the columns are then the scalar members of the first item. */
  t = write_out(k_list, CLI_FORMAT_TABLE, "[].{name: name, count: properties.count, p: properties}", k_cols, &rc);
  assert_string_equal(t, "Name  Count\n----  -----\nep-a  3\nep-b  10\n");
  free(t);
  /* A list of scalars, and a bare scalar (the form scripts use: -o tsv --query name). */
  t = write_out(k_list, CLI_FORMAT_TSV, "[].name", NULL, &rc);
  assert_string_equal(t, "ep-a\nep-b\n");
  free(t);
  t = write_out(k_list, CLI_FORMAT_TSV, "[0].name", NULL, &rc);
  assert_string_equal(t, "ep-a\n");
  free(t);
  /* Cells stay on one line. */
  t = write_out("{\"name\":\"a\\tb\\nc\"}", CLI_FORMAT_TSV, NULL, NULL, &rc);
  assert_string_equal(t, "a b c\n");
  free(t);
  /* An empty list prints nothing in a table (az prints nothing either). */
  t = write_out("[]", CLI_FORMAT_TABLE, NULL, k_cols, &rc);
  assert_string_equal(t, "");
  free(t);
}

static void test_json(void **state) {
  (void)state;
  int rc;
  char *t = write_out("{\"name\":\"x\",\"b\":[1,2],\"a\":{}}", CLI_FORMAT_JSON, NULL, NULL, &rc);
  /* Indented, in the service's member order. */
  assert_string_equal(t, "{\n  \"name\": \"x\",\n  \"b\": [\n    1,\n    2\n  ],\n  \"a\": {}\n}\n");
  free(t);
  t = write_out(k_list, CLI_FORMAT_JSON, "[0].name", NULL, &rc);
  assert_string_equal(t, "\"ep-a\"\n");
  free(t);
  t = write_out(k_list, CLI_FORMAT_JSON, "nothing.here", NULL, &rc);
  assert_string_equal(t, "null\n");
  free(t);
  t = write_out(k_list, CLI_FORMAT_JSON, "[?x]", NULL, &rc);
  assert_int_equal(rc, CLI_EXIT_USAGE);
  assert_string_equal(t, "");
  free(t);
}

static void test_format_names(void **state) {
  (void)state;
  cli_format f;
  assert_int_equal(cli_format_parse(NULL, &f), 0);
  assert_int_equal(f, CLI_FORMAT_JSON);
  assert_int_equal(cli_format_parse("table", &f), 0);
  assert_int_equal(f, CLI_FORMAT_TABLE);
  assert_int_equal(cli_format_parse("tsv", &f), 0);
  assert_int_equal(f, CLI_FORMAT_TSV);
  assert_int_equal(cli_format_parse("yaml", &f), -1);
  json_t *v = load("{\"a\":{\"b\":{\"c\":7}}}");
  assert_int_equal(json_integer_value(cli_json_path(v, "a.b.c")), 7);
  assert_null(cli_json_path(v, "a.x.c"));
  json_decref(v);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_query_fields_and_projections),
      cmocka_unit_test(test_query_refuses_what_it_does_not_support),
      cmocka_unit_test(test_table_and_tsv),
      cmocka_unit_test(test_json),
      cmocka_unit_test(test_format_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
