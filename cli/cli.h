/* aml, the command line: what every part of the program shares — the
 * command table's types, the parsed invocation, the run context and the
 * exit codes scripts rely on. The table itself is in commands.c; it is the
 * single source of the commands, their flags and their help. */
#ifndef AML_CLI_H
#define AML_CLI_H

#include <azureml.h>

#include <stddef.h>
#include <stdio.h>

/* Exit codes (documented by `aml --help` and docs/cli.md; never renumbered). */
#define CLI_EXIT_OK 0          /* done */
#define CLI_EXIT_FAILED 1      /* the operation failed (service, network, local file, ...) */
#define CLI_EXIT_USAGE 2       /* bad usage: unknown command or flag, missing or malformed value */
#define CLI_EXIT_NOT_FOUND 3   /* the resource does not exist (as az: 3 for a missing resource) */
#define CLI_EXIT_TIMEOUT 4     /* a wait reached --timeout; the operation goes on */
#define CLI_EXIT_UNSUPPORTED 5 /* the command or option is not supported yet */

typedef enum cli_value_kind {
  CLI_VALUE_STRING, /* --flag VALUE */
  CLI_VALUE_INT,    /* --flag N (checked to be an integer) */
  CLI_VALUE_BOOL,   /* --flag (no value) */
  CLI_VALUE_LIST    /* --flag V1 [V2 ...] (repeatable; values up to the next flag) */
} cli_value_kind;

/* One flag. `name` is the long name without its dashes. */
typedef struct cli_flag {
  const char *name;
  char short_name; /* 0 = none */
  cli_value_kind kind;
  const char *metavar; /* placeholder in help, e.g. "NAME" */
  const char *help;
} cli_flag;

/* A flag as one command uses it. */
typedef struct cli_option {
  const cli_flag *flag;
  int required;
  const char *help; /* NULL = the flag's own help */
} cli_option;

/* A column of `--output table` / `tsv`: a header and a dotted path into one item. */
typedef struct cli_column {
  const char *header;
  const char *path;
} cli_column;

struct cli_ctx;
typedef int (*cli_handler)(struct cli_ctx *ctx);

#define CLI_MAX_OPTIONS 24

typedef struct cli_command {
  const char *name;
  const char *summary;     /* one line */
  const char *description; /* NULL or a paragraph */
  cli_option options[CLI_MAX_OPTIONS]; /* ends at the first { NULL } */
  const cli_column *columns;           /* NULL-header terminated; NULL = generic */
  const char *example;                 /* NULL or one command line */
  cli_handler handler;
} cli_command;

typedef struct cli_group {
  const char *name;
  const char *summary;
  const cli_command *commands;
  size_t count;
} cli_group;

/* ---- the table (commands.c) ---- */
const cli_group *cli_groups(size_t *count);
const cli_flag *const *cli_global_flags(size_t *count);
const cli_group *cli_find_group(const char *name);
const cli_command *cli_find_command(const cli_group *group, const char *name);

/* ---- the parsed command line (args.c) ---- */
#define CLI_MAX_VALUES 128

typedef struct cli_value {
  const cli_flag *flag;
  const char *value; /* NULL for booleans */
} cli_value;

typedef enum cli_help_kind { CLI_HELP_NONE, CLI_HELP_TEXT, CLI_HELP_MARKDOWN, CLI_HELP_VERSION } cli_help_kind;

typedef struct cli_invocation {
  const cli_group *group;     /* NULL: none named */
  const cli_command *command; /* NULL: none named */
  cli_help_kind help;
  cli_value values[CLI_MAX_VALUES];
  size_t values_count;
} cli_invocation;

/* Parse argv[1..argc-1]. On a usage error returns CLI_EXIT_USAGE and writes
 * a message into errbuf; help requests parse without error (inv->help set). */
int cli_parse(int argc, char **argv, cli_invocation *inv, char *errbuf, size_t errlen);
/* The value of a string/int flag (the last one given), or NULL. */
const char *cli_get(const cli_invocation *inv, const char *name);
/* 1 when a boolean flag was given. */
int cli_has(const cli_invocation *inv, const char *name);
/* The n-th value of a list flag, or NULL past the end. */
const char *cli_get_nth(const cli_invocation *inv, const char *name, size_t n);
size_t cli_count(const cli_invocation *inv, const char *name);

/* ---- output (output.c, query.c) ---- */
typedef enum cli_format { CLI_FORMAT_JSON, CLI_FORMAT_TABLE, CLI_FORMAT_TSV } cli_format;

/* ---- the run (context.c) ---- */
typedef struct cli_ctx {
  const cli_invocation *inv;
  cli_format format;
  const char *query; /* NULL = none */
  int quiet;         /* no progress: --only-show-errors or stderr not a terminal */
  int debug;
  aml_client *client; /* created on first use */
  FILE *out;          /* results (stdout; tests redirect it) */
  FILE *err;          /* messages and progress (stderr) */
} cli_ctx;

#endif /* AML_CLI_H */
