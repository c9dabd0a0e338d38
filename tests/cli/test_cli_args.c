/* aml's command line against its command table: parsing (long, short,
 * --flag=value, lists, globals anywhere), usage errors and their exit code,
 * help, and the table's own consistency. No network: nothing here creates a
 * client. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli.h"
#include "run.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int parse(cli_invocation *inv, char *errbuf, size_t errlen, const char *line) {
  /* Split on spaces (no value in these tests has one). */
  static char copy[1024];
  static char *argv[64];
  snprintf(copy, sizeof copy, "aml %s", line);
  int argc = 0;
  for (char *t = strtok(copy, " "); t && argc < 63; t = strtok(NULL, " ")) argv[argc++] = t;
  argv[argc] = NULL;
  return cli_parse(argc, argv, inv, errbuf, errlen);
}

static void test_group_command_and_flags(void **state) {
  (void)state;
  cli_invocation inv;
  char err[256];
  assert_int_equal(parse(&inv, err, sizeof err, "batch-endpoint show -n ep1"), 0);
  assert_string_equal(inv.group->name, "batch-endpoint");
  assert_string_equal(inv.command->name, "show");
  assert_int_equal(inv.help, CLI_HELP_NONE);
  assert_string_equal(cli_get(&inv, "name"), "ep1");

  assert_int_equal(parse(&inv, err, sizeof err, "batch-deployment show --name=blue --endpoint-name ep -o table"), 0);
  assert_string_equal(cli_get(&inv, "name"), "blue");
  assert_string_equal(cli_get(&inv, "endpoint-name"), "ep");
  assert_string_equal(cli_get(&inv, "output"), "table");

  /* Global flags before the group; the last of a repeated flag wins. */
  assert_int_equal(parse(&inv, err, sizeof err, "-g rg1 --workspace-name ws1 compute show -n c1 -n c2"), 0);
  assert_string_equal(cli_get(&inv, "resource-group"), "rg1");
  assert_string_equal(cli_get(&inv, "workspace-name"), "ws1");
  assert_string_equal(cli_get(&inv, "name"), "c2");
  assert_null(cli_get(&inv, "subscription"));
  assert_false(cli_has(&inv, "no-wait"));
}

static void test_lists_and_booleans(void **state) {
  (void)state;
  cli_invocation inv;
  char err[256];
  assert_int_equal(
      parse(&inv, err, sizeof err, "batch-endpoint invoke -n ep --set a=1 b.c=2 --no-wait-x --inputs x=./d"),
      CLI_EXIT_USAGE); /* --no-wait-x is not a flag of invoke */
  assert_int_equal(parse(&inv, err, sizeof err,
                         "batch-deployment create -f d.yml --set a=1 b.c=2 --set-default --set c=-1 --no-wait"),
                   0);
  assert_int_equal(cli_count(&inv, "set"), 3);
  assert_string_equal(cli_get_nth(&inv, "set", 0), "a=1");
  assert_string_equal(cli_get_nth(&inv, "set", 1), "b.c=2");
  assert_string_equal(cli_get_nth(&inv, "set", 2), "c=-1");
  assert_null(cli_get_nth(&inv, "set", 3));
  assert_true(cli_has(&inv, "set-default"));
  assert_true(cli_has(&inv, "no-wait"));
  assert_string_equal(cli_get(&inv, "file"), "d.yml");

  assert_int_equal(parse(&inv, err, sizeof err, "batch-deployment create -f d.yml --set"), CLI_EXIT_USAGE);
  assert_non_null(strstr(err, "--set"));
  assert_int_equal(parse(&inv, err, sizeof err, "compute delete -n c --yes=1"), CLI_EXIT_USAGE);
  assert_non_null(strstr(err, "takes no value"));
}

static void test_usage_errors(void **state) {
  (void)state;
  cli_invocation inv;
  char err[256];
  assert_int_equal(parse(&inv, err, sizeof err, "batch-endpoint show"), CLI_EXIT_USAGE);
  assert_non_null(strstr(err, "--name/-n"));
  assert_int_equal(parse(&inv, err, sizeof err, "batch-deployment show -n d"), CLI_EXIT_USAGE);
  assert_non_null(strstr(err, "--endpoint-name/-e"));
  assert_int_equal(parse(&inv, err, sizeof err, "nosuchgroup list"), CLI_EXIT_USAGE);
  assert_non_null(strstr(err, "nosuchgroup"));
  assert_int_equal(parse(&inv, err, sizeof err, "compute frobnicate"), CLI_EXIT_USAGE);
  assert_non_null(strstr(err, "frobnicate"));
  assert_int_equal(parse(&inv, err, sizeof err, "compute show -n c --bogus"), CLI_EXIT_USAGE);
  assert_non_null(strstr(err, "--bogus"));
  assert_int_equal(parse(&inv, err, sizeof err, "compute show -n c extra"), CLI_EXIT_USAGE);
  assert_int_equal(parse(&inv, err, sizeof err, "compute update -n c --max-instances four"), CLI_EXIT_USAGE);
  assert_non_null(strstr(err, "not an integer"));
  assert_int_equal(parse(&inv, err, sizeof err, "compute show -n"), CLI_EXIT_USAGE);
  /* A flag of another command is not accepted. */
  assert_int_equal(parse(&inv, err, sizeof err, "compute show -n c --set-default"), CLI_EXIT_USAGE);
}

static void test_help_requests(void **state) {
  (void)state;
  cli_invocation inv;
  char err[256];
  assert_int_equal(parse(&inv, err, sizeof err, "--help"), 0);
  assert_int_equal(inv.help, CLI_HELP_TEXT);
  assert_null(inv.group);
  assert_int_equal(parse(&inv, err, sizeof err, "job"), 0); /* a group alone: its help */
  assert_int_equal(inv.help, CLI_HELP_TEXT);
  assert_string_equal(inv.group->name, "job");
  assert_null(inv.command);
  /* Help does not need the required flags. */
  assert_int_equal(parse(&inv, err, sizeof err, "job show -h"), 0);
  assert_int_equal(inv.help, CLI_HELP_TEXT);
  assert_string_equal(inv.command->name, "show");
  assert_int_equal(parse(&inv, err, sizeof err, "--help-markdown"), 0);
  assert_int_equal(inv.help, CLI_HELP_MARKDOWN);
}

/* The table is the single source of truth: every command has a handler and a
 * summary, and no two flags of a command (globals included) share a name or
 * a short name. */
static void test_table_is_consistent(void **state) {
  (void)state;
  size_t ngroups = 0, nglobal = 0;
  const cli_group *groups = cli_groups(&ngroups);
  const cli_flag *const *globals = cli_global_flags(&nglobal);
  assert_true(ngroups >= 9);
  size_t commands = 0;
  for (size_t i = 0; i < ngroups; i++)
    for (size_t j = 0; j < groups[i].count; j++) {
      const cli_command *c = &groups[i].commands[j];
      commands++;
      assert_non_null(c->handler);
      assert_non_null(c->summary);
      assert_ptr_equal(cli_find_command(&groups[i], c->name), c);
      const cli_flag *all[CLI_MAX_OPTIONS + 16];
      size_t n = 0;
      for (const cli_option *o = c->options; o->flag; o++) all[n++] = o->flag;
      for (size_t g = 0; g < nglobal; g++) all[n++] = globals[g];
      for (size_t a = 0; a < n; a++) {
        assert_non_null(all[a]->help);
        for (size_t b = a + 1; b < n; b++) {
          if (strcmp(all[a]->name, all[b]->name) == 0 ||
              (all[a]->short_name && all[a]->short_name == all[b]->short_name))
            fail_msg("aml %s %s: flags --%s and --%s collide", groups[i].name, c->name, all[a]->name, all[b]->name);
        }
      }
    }
  /* The commands the issue lists. */
  assert_int_equal(commands, 7 + 6 + 8 + 4 * 3 + 6 + 4);
  static const char *const want[][2] = {
      {"batch-endpoint", "invoke"},    {"batch-endpoint", "list-jobs"}, {"batch-deployment", "list-jobs"},
      {"compute", "list-nodes"},       {"compute", "list-sizes"},       {"compute", "list-usage"},
      {"job", "stream"},               {"job", "download"},             {"job", "wait"},
      {"datastore", "upload"},         {"datastore", "download"},       {"environment", "create"},
      {"data", "list"},                {"model", "show"},               {"code", "create"}};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    assert_non_null(cli_find_command(cli_find_group(want[i][0]), want[i][1]));
}

/* Run the whole program in-process; returns the exit code, output in out and err. */
static int run(char **out, char **err, int argc, char **argv) {
  size_t olen = 0, elen = 0;
  FILE *o = open_memstream(out, &olen), *e = open_memstream(err, &elen);
  int rc = cli_main(argc, argv, o, e);
  fclose(o);
  fclose(e);
  return rc;
}

static void test_command_help_lists_every_flag(void **state) {
  (void)state;
  size_t ngroups = 0;
  const cli_group *groups = cli_groups(&ngroups);
  for (size_t i = 0; i < ngroups; i++)
    for (size_t j = 0; j < groups[i].count; j++) {
      const cli_command *c = &groups[i].commands[j];
      char *argv[] = {"aml", (char *)groups[i].name, (char *)c->name, "--help", NULL};
      char *out = NULL, *err = NULL;
      assert_int_equal(run(&out, &err, 4, argv), CLI_EXIT_OK);
      for (const cli_option *o = c->options; o->flag; o++) {
        char want[64];
        snprintf(want, sizeof want, "--%s", o->flag->name);
        if (!strstr(out, want)) fail_msg("aml %s %s --help does not document %s", groups[i].name, c->name, want);
      }
      assert_non_null(strstr(out, "--resource-group -g"));
      assert_string_equal(err, "");
      free(out);
      free(err);
    }
  char *argv[] = {"aml", "--help", NULL};
  char *out = NULL, *err = NULL;
  assert_int_equal(run(&out, &err, 2, argv), CLI_EXIT_OK);
  assert_non_null(strstr(out, "Exit codes"));
  assert_non_null(strstr(out, "4  a wait reached --timeout"));
  assert_non_null(strstr(out, "AZUREML_WORKSPACE"));
  free(out);
  free(err);
}

/* Usage errors are found before any client is made: with no configuration
 * in the environment, a run that got as far as the service would fail with 1. */
static void test_usage_errors_come_first(void **state) {
  (void)state;
  unsetenv("AZURE_SUBSCRIPTION_ID");
  unsetenv("AZURE_CLIENT_SECRET");
  char *out = NULL, *err = NULL;
  char *bad_output[] = {"aml", "batch-endpoint", "list", "-o", "yaml", NULL};
  assert_int_equal(run(&out, &err, 5, bad_output), CLI_EXIT_USAGE);
  assert_non_null(strstr(err, "--output"));
  assert_string_equal(out, "");
  free(out);
  free(err);
  char *bad_query[] = {"aml", "batch-endpoint", "create", "-n", "ep", "--query", "[?name=='x']", NULL};
  assert_int_equal(run(&out, &err, 7, bad_query), CLI_EXIT_USAGE);
  assert_non_null(strstr(err, "--query"));
  free(out);
  free(err);
  char *no_name[] = {"aml", "batch-endpoint", "create", NULL};
  assert_int_equal(run(&out, &err, 3, no_name), CLI_EXIT_USAGE);
  assert_non_null(strstr(err, "--name"));
  free(out);
  free(err);
  /* Without configuration, a well-formed command fails (1) and names what is missing. */
  char *show[] = {"aml", "batch-endpoint", "show", "-n", "ep", NULL};
  assert_int_equal(run(&out, &err, 5, show), CLI_EXIT_FAILED);
  assert_non_null(strstr(err, "AZURE_SUBSCRIPTION_ID"));
  free(out);
  free(err);
  /* A delete without a terminal to confirm on, and without --yes, is refused before any request. */
  char *del[] = {"aml", "compute", "delete", "-n", "c1", NULL};
  if (!isatty(0)) {
    assert_int_equal(run(&out, &err, 5, del), CLI_EXIT_USAGE);
    assert_non_null(strstr(err, "--yes"));
    free(out);
    free(err);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_group_command_and_flags), cmocka_unit_test(test_lists_and_booleans),
      cmocka_unit_test(test_usage_errors),            cmocka_unit_test(test_help_requests),
      cmocka_unit_test(test_table_is_consistent),     cmocka_unit_test(test_command_help_lists_every_flag),
      cmocka_unit_test(test_usage_errors_come_first),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
