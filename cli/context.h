/* What every command handler uses: the client (created from the same
 * environment variables as the library, with -g/-w/--subscription on top),
 * failures turned into messages and exit codes, results printed, lists
 * read to the end, long-running operations waited for. */
#ifndef AML_CLI_CONTEXT_H
#define AML_CLI_CONTEXT_H

#include "cli.h"

#include <jansson.h>

/* The client, created on first use; NULL after printing why (then return CLI_EXIT_FAILED). */
aml_client *cli_client(cli_ctx *ctx);

/* Print "ERROR: <what>: <message>" (and the service's code and request id)
 * on stderr, free `err`, and return the exit code for `rc`. */
int cli_fail(cli_ctx *ctx, aml_result rc, aml_error *err, const char *what);
/* A usage error (exit 2) with a message. */
int cli_usage_error(cli_ctx *ctx, const char *fmt, const char *arg);
/* A command or option that is not supported yet (exit 5). */
int cli_unsupported(cli_ctx *ctx, const char *what);

/* Print a JSON text (a resource as the service returned it) as the output format asks. */
int cli_emit_text(cli_ctx *ctx, const char *json_text);
/* Print a JSON value (not taken). */
int cli_emit(cli_ctx *ctx, json_t *value);

/* Read a pager to the end (aml_pager_next_json) and print the items as one list. Frees the pager. */
int cli_emit_pager(cli_ctx *ctx, aml_pager *pager, const char *what);

/* Wait for an operation (unless --no-wait), showing its status on stderr,
 * bounded by --timeout; then print its result (when it has one and `print`
 * is set). Frees the poller. */
int cli_finish_poller(cli_ctx *ctx, aml_poller *poller, const char *what, int print);

/* --timeout in milliseconds (-1 = none). */
int64_t cli_timeout_ms(cli_ctx *ctx);

/* CLI_EXIT_OK when the user confirmed a delete (--yes, or 'y' on a terminal);
 * else prints why not and returns the exit code (2 without a terminal and --yes). */
int cli_confirm(cli_ctx *ctx, const char *what);

#endif
