/* The command line against the command table: `aml GROUP COMMAND --flag
 * value ...`, flags as az ml spells them (`--name/-n`, `--flag=value` too),
 * global flags anywhere. Only the table decides what is a flag. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static int usage(char *errbuf, size_t errlen, const char *fmt, const char *a, const char *b) {
  snprintf(errbuf, errlen, fmt, a ? a : "", b ? b : "");
  return CLI_EXIT_USAGE;
}

/* The flag a token names, among the command's options and the global flags. */
static const cli_flag *lookup(const cli_command *cmd, const char *name, size_t len, char short_name) {
  if (cmd)
    for (const cli_option *o = cmd->options; o->flag; o++) {
      if (short_name ? o->flag->short_name == short_name
                     : strlen(o->flag->name) == len && strncmp(o->flag->name, name, len) == 0)
        return o->flag;
    }
  size_t n = 0;
  const cli_flag *const *g = cli_global_flags(&n);
  for (size_t i = 0; i < n; i++)
    if (short_name ? g[i]->short_name == short_name
                   : strlen(g[i]->name) == len && strncmp(g[i]->name, name, len) == 0)
      return g[i];
  return NULL;
}

static int is_flag_token(const char *t) { return t[0] == '-' && t[1] != '\0'; }

static int is_integer(const char *s) {
  if (!s || !*s) return 0;
  char *end = NULL;
  (void)strtoll(s, &end, 10);
  return *end == '\0';
}

static int add_value(cli_invocation *inv, const cli_flag *flag, const char *value, char *errbuf, size_t errlen) {
  if (inv->values_count == CLI_MAX_VALUES) return usage(errbuf, errlen, "too many arguments%s%s", NULL, NULL);
  inv->values[inv->values_count].flag = flag;
  inv->values[inv->values_count].value = value;
  inv->values_count++;
  return 0;
}

int cli_parse(int argc, char **argv, cli_invocation *inv, char *errbuf, size_t errlen) {
  memset(inv, 0, sizeof *inv);
  if (errlen) errbuf[0] = '\0';
  for (int i = 1; i < argc; i++) {
    const char *t = argv[i];
    if (!is_flag_token(t)) {
      if (!inv->group) {
        if (!(inv->group = cli_find_group(t)))
          return usage(errbuf, errlen, "'%s' is not an aml command group. See 'aml --help'.%s", t, NULL);
      } else if (!inv->command) {
        if (!(inv->command = cli_find_command(inv->group, t)))
          return usage(errbuf, errlen, "'%s' is not a command of 'aml %s'.", t, inv->group->name);
      } else {
        return usage(errbuf, errlen, "unrecognized argument: %s%s", t, NULL);
      }
      continue;
    }
    if (strcmp(t, "--help") == 0 || strcmp(t, "-h") == 0) {
      inv->help = CLI_HELP_TEXT;
      continue;
    }
    if (strcmp(t, "--help-markdown") == 0) { /* hidden: docs/cli.md is its output */
      inv->help = CLI_HELP_MARKDOWN;
      continue;
    }
    if (strcmp(t, "--version") == 0) {
      inv->help = CLI_HELP_VERSION;
      continue;
    }
    const cli_flag *flag = NULL;
    const char *inline_value = NULL;
    if (t[1] == '-') {
      const char *name = t + 2;
      const char *eq = strchr(name, '=');
      size_t len = eq ? (size_t)(eq - name) : strlen(name);
      flag = lookup(inv->command, name, len, 0);
      if (eq) inline_value = eq + 1;
    } else if (t[2] == '\0') {
      flag = lookup(inv->command, NULL, 0, t[1]);
    }
    if (!flag) {
      if (!inv->command && inv->help) continue; /* `aml group --bogus --help`: the help is what was asked */
      return usage(errbuf, errlen, "unrecognized argument: %s%s", t, NULL);
    }
    int rc;
    switch (flag->kind) {
    case CLI_VALUE_BOOL:
      if (inline_value) return usage(errbuf, errlen, "argument --%s takes no value%s", flag->name, NULL);
      if ((rc = add_value(inv, flag, NULL, errbuf, errlen))) return rc;
      break;
    case CLI_VALUE_STRING:
    case CLI_VALUE_INT: {
      const char *v = inline_value;
      if (!v) {
        if (i + 1 >= argc) return usage(errbuf, errlen, "argument --%s: expected a value%s", flag->name, NULL);
        v = argv[++i];
      }
      if (flag->kind == CLI_VALUE_INT && !is_integer(v))
        return usage(errbuf, errlen, "argument --%s: '%s' is not an integer", flag->name, v);
      if ((rc = add_value(inv, flag, v, errbuf, errlen))) return rc;
      break;
    }
    case CLI_VALUE_LIST: {
      int got = 0;
      if (inline_value) {
        if ((rc = add_value(inv, flag, inline_value, errbuf, errlen))) return rc;
        got = 1;
      }
      while (i + 1 < argc && !is_flag_token(argv[i + 1])) {
        if ((rc = add_value(inv, flag, argv[++i], errbuf, errlen))) return rc;
        got = 1;
      }
      if (!got) return usage(errbuf, errlen, "argument --%s: expected at least one value%s", flag->name, NULL);
      break;
    }
    }
  }
  if (inv->help) return 0;
  if (!inv->group || !inv->command) {
    inv->help = CLI_HELP_TEXT; /* `aml` or `aml group` alone: show what there is */
    return 0;
  }
  for (const cli_option *o = inv->command->options; o->flag; o++) {
    if (!o->required) continue;
    int found = 0;
    for (size_t k = 0; k < inv->values_count && !found; k++) found = inv->values[k].flag == o->flag;
    if (!found) {
      char flagtxt[64];
      if (o->flag->short_name)
        snprintf(flagtxt, sizeof flagtxt, "--%s/-%c", o->flag->name, o->flag->short_name);
      else
        snprintf(flagtxt, sizeof flagtxt, "--%s", o->flag->name);
      return usage(errbuf, errlen, "the following argument is required: %s%s", flagtxt, NULL);
    }
  }
  return 0;
}

const char *cli_get(const cli_invocation *inv, const char *name) {
  const char *v = NULL;
  for (size_t i = 0; i < inv->values_count; i++)
    if (strcmp(inv->values[i].flag->name, name) == 0) v = inv->values[i].value;
  return v;
}

int cli_has(const cli_invocation *inv, const char *name) {
  for (size_t i = 0; i < inv->values_count; i++)
    if (strcmp(inv->values[i].flag->name, name) == 0) return 1;
  return 0;
}

const char *cli_get_nth(const cli_invocation *inv, const char *name, size_t n) {
  for (size_t i = 0; i < inv->values_count; i++)
    if (strcmp(inv->values[i].flag->name, name) == 0 && n-- == 0) return inv->values[i].value;
  return NULL;
}

size_t cli_count(const cli_invocation *inv, const char *name) {
  size_t n = 0;
  for (size_t i = 0; i < inv->values_count; i++) n += strcmp(inv->values[i].flag->name, name) == 0;
  return n;
}
