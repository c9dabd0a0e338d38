/* Progress on stderr for long work: the status of an operation while it is
 * waited for, bytes and files of uploads and downloads. Silent when stderr
 * is not a terminal or with --only-show-errors (ctx->quiet). */
#ifndef AML_CLI_PROGRESS_H
#define AML_CLI_PROGRESS_H

#include "cli.h"

/* Show the poller's status after every poll (until cli_progress_clear()). */
void cli_progress_watch_poller(cli_ctx *ctx, aml_poller *poller, const char *what);
/* Give transfer options a progress callback labelled `what` (it shows nothing when
 * quiet, but still counts: see cli_progress_totals()). */
void cli_progress_transfer(cli_ctx *ctx, aml_transfer_options *opts, const char *what);
/* Bytes and files of the last transfer, as its progress reported them. */
void cli_progress_totals(uint64_t *bytes, uint64_t *files);
/* Erase the progress line, if one is shown. */
void cli_progress_clear(cli_ctx *ctx);
/* Format a byte count for people ("1.5 MiB"). */
void cli_format_bytes(uint64_t bytes, char *buf, size_t len);

#endif
