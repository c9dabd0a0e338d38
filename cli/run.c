/* One run of `aml`: parse, answer help, set up the context, dispatch to the
 * command's handler, clean up. main.c is only this call, so tests can drive
 * the whole program in-process. */
#include "run.h"

#include "help.h"
#include "output.h"
#include "query.h"

#include <unistd.h>

int cli_main(int argc, char **argv, FILE *out, FILE *err) {
  cli_invocation inv;
  char errbuf[512];
  int rc = cli_parse(argc, argv, &inv, errbuf, sizeof errbuf);
  if (rc != 0) {
    fprintf(err, "ERROR: %s\n", errbuf);
    if (inv.group && inv.command)
      fprintf(err, "Run 'aml %s %s --help' for its arguments.\n", inv.group->name, inv.command->name);
    else
      fprintf(err, "Run 'aml%s%s --help' for the commands.\n", inv.group ? " " : "", inv.group ? inv.group->name : "");
    return CLI_EXIT_USAGE;
  }
  switch (inv.help) {
  case CLI_HELP_TEXT:
    cli_help_text(out, inv.group, inv.command);
    return CLI_EXIT_OK;
  case CLI_HELP_MARKDOWN:
    cli_help_markdown(out);
    return CLI_EXIT_OK;
  case CLI_HELP_VERSION:
    fprintf(out, "aml %s (libazureml %s)\n", AML_VERSION_STRING, aml_version_string());
    return CLI_EXIT_OK;
  case CLI_HELP_NONE:
    break;
  }

  cli_ctx ctx = {.inv = &inv, .out = out, .err = err};
  if (cli_format_parse(cli_get(&inv, "output"), &ctx.format) < 0) {
    fprintf(err, "ERROR: argument --output: '%s' is not json, table or tsv\n", cli_get(&inv, "output"));
    return CLI_EXIT_USAGE;
  }
  ctx.query = cli_get(&inv, "query");
  if (ctx.query) { /* a malformed query must fail before anything is created */
    cli_query *q = NULL;
    if (cli_query_compile(ctx.query, &q, errbuf, sizeof errbuf) < 0) {
      fprintf(err, "ERROR: %s\n", errbuf);
      return CLI_EXIT_USAGE;
    }
    cli_query_free(q);
  }
  ctx.debug = cli_has(&inv, "debug");
  ctx.quiet = cli_has(&inv, "only-show-errors") || !isatty(fileno(err));
  rc = inv.command->handler(&ctx);
  aml_client_unref(ctx.client);
  return rc;
}
