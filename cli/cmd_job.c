/* aml job show|list|cancel|stream|download|wait */
#include "context.h"
#include "handlers.h"
#include "progress.h"

#include <stdlib.h>
#include <string.h>

int cmd_job_show(cli_ctx *ctx) {
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  aml_job *job = NULL;
  aml_error *err = NULL;
  aml_result r = aml_jobs_get(client, cli_get(ctx->inv, "name"), &job, &err);
  if (r < 0) return cli_fail(ctx, r, err, "job show");
  int rc = cli_emit_text(ctx, job->raw_json);
  aml_job_free(job);
  return rc;
}

int cmd_job_list(cli_ctx *ctx) {
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  aml_pager *pager = NULL;
  aml_error *err = NULL;
  aml_result r = aml_jobs_list(client, &pager, &err);
  if (r < 0) return cli_fail(ctx, r, err, "job list");
  return cli_emit_pager(ctx, pager, "job list");
}

int cmd_job_cancel(cli_ctx *ctx) {
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  const char *name = cli_get(ctx->inv, "name");
  char what[160];
  snprintf(what, sizeof what, "canceling job %s", name);
  aml_poller *poller = NULL;
  aml_error *err = NULL;
  aml_result r = aml_jobs_begin_cancel(client, name, &poller, &err);
  if (r < 0) return cli_fail(ctx, r, err, what);
  int rc = cli_finish_poller(ctx, poller, what, 0);
  return rc == CLI_EXIT_OK && !cli_has(ctx->inv, "no-wait") ? cmd_job_show(ctx) : rc;
}

/* Log chunks arrive as the service writes them, not line by line: prefix
 * every line with its file, remembering per file whether a line is open. */
typedef struct log_printer {
  FILE *out;
  char files[16][160];
  int at_line_start[16];
  int used;
} log_printer;

static int32_t print_log(const char *file, const uint8_t *data, size_t len, void *user_data) {
  log_printer *lp = user_data;
  int slot = -1;
  for (int i = 0; i < lp->used && slot < 0; i++)
    if (strcmp(lp->files[i], file) == 0) slot = i;
  if (slot < 0) {
    slot = lp->used < 16 ? lp->used++ : 15; /* more files than slots: they share the last */
    snprintf(lp->files[slot], sizeof lp->files[slot], "%s", file);
    lp->at_line_start[slot] = 1;
  }
  for (size_t i = 0; i < len; i++) {
    if (lp->at_line_start[slot]) fprintf(lp->out, "[%s] ", file);
    fputc(data[i], lp->out);
    lp->at_line_start[slot] = data[i] == '\n';
  }
  fflush(lp->out);
  return 0;
}

int cmd_job_stream(cli_ctx *ctx) {
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  const char *name = cli_get(ctx->inv, "name");
  aml_job_log_options opts;
  aml_job_log_options_init(&opts, AML_JOB_LOG_OPTIONS_VERSION);
  int64_t timeout = cli_timeout_ms(ctx);
  if (timeout >= 0) opts.timeout_ms = timeout;
  log_printer lp = {.out = ctx->out};
  aml_job *job = NULL;
  aml_error *err = NULL;
  aml_result r = aml_jobs_follow_logs(client, name, &opts, print_log, &lp, &job, &err);
  for (int i = 0; i < lp.used; i++) /* a log that did not end its last line */
    if (!lp.at_line_start[i]) {
      fputc('\n', ctx->out);
      break;
    }
  if (!ctx->quiet || r < 0)
    fprintf(ctx->err, "job %s: %s\n", name, job && job->status ? job->status : "status unknown");
  aml_job_free(job);
  if (r < 0) return cli_fail(ctx, r, err, "job stream");
  return CLI_EXIT_OK;
}

int cmd_job_wait(cli_ctx *ctx) {
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  const char *name = cli_get(ctx->inv, "name");
  char what[160];
  snprintf(what, sizeof what, "job %s", name);
  aml_poller *poller = NULL;
  aml_error *err = NULL;
  aml_result r = aml_jobs_begin_wait(client, name, &poller, &err);
  if (r < 0) return cli_fail(ctx, r, err, "job wait");
  cli_progress_watch_poller(ctx, poller, what);
  r = aml_poller_wait(poller, cli_timeout_ms(ctx), &err);
  cli_progress_clear(ctx);
  const aml_job *job = aml_poller_job(poller);
  int rc = CLI_EXIT_OK;
  /* The job as last read is the answer, however it ended: print it, then say how. */
  if (job && job->raw_json && r != AML_ERR_STILL_RUNNING) rc = cli_emit_text(ctx, job->raw_json);
  if (r < 0) rc = cli_fail(ctx, r, err, what);
  aml_poller_free(poller);
  return rc;
}

static int download_one(cli_ctx *ctx, aml_client *client, const char *job, const char *output, const char *dir) {
  aml_transfer_options topts;
  aml_transfer_options_init(&topts, AML_TRANSFER_OPTIONS_VERSION);
  topts.overwrite = AML_OVERWRITE_SKIP_IDENTICAL; /* a second download replaces only what changed */
  char what[160];
  snprintf(what, sizeof what, "downloading %s", output ? output : "logs");
  cli_progress_transfer(ctx, &topts, what);
  aml_error *err = NULL;
  aml_result r = output ? aml_jobs_download_output(client, job, output, dir, &topts, &err)
                        : aml_jobs_download_logs(client, job, dir, &topts, &err);
  cli_progress_clear(ctx);
  if (r < 0) return cli_fail(ctx, r, err, what);
  uint64_t bytes = 0, files = 0;
  cli_progress_totals(&bytes, &files);
  char b[32];
  cli_format_bytes(bytes, b, sizeof b);
  if (!ctx->quiet)
    fprintf(ctx->err, "%s of job %s: %llu file(s), %s, in %s\n", output ? output : "logs", job,
            (unsigned long long)files, b, dir);
  return CLI_EXIT_OK;
}

int cmd_job_download(cli_ctx *ctx) {
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  const char *name = cli_get(ctx->inv, "name");
  const char *dir = cli_get(ctx->inv, "download-path");
  if (!dir) dir = ".";
  if (!cli_has(ctx->inv, "all")) {
    const char *output = cli_get(ctx->inv, "output-name");
    return download_one(ctx, client, name, output ? output : AML_JOB_OUTPUT_SCORE, dir);
  }
  /* --all: every output the job reports, each in a folder of its name, and the logs. */
  aml_job *job = NULL;
  aml_error *err = NULL;
  aml_result r = aml_jobs_get(client, name, &job, &err);
  if (r < 0) return cli_fail(ctx, r, err, "job download");
  int rc = CLI_EXIT_OK;
  for (size_t i = 0; i < job->outputs_count && rc == CLI_EXIT_OK; i++) {
    const char *out = job->outputs[i]->name;
    if (strcmp(out, AML_JOB_OUTPUT_DEFAULT) == 0) continue; /* the logs' folder: below */
    size_t len = strlen(dir) + strlen(out) + 2;
    char *sub = malloc(len);
    if (!sub) {
      rc = CLI_EXIT_FAILED;
      break;
    }
    snprintf(sub, len, "%s/%s", dir, out);
    rc = download_one(ctx, client, name, out, sub);
    free(sub);
  }
  aml_job_free(job);
  if (rc != CLI_EXIT_OK) return rc;
  size_t len = strlen(dir) + 6;
  char *logs = malloc(len);
  if (!logs) return CLI_EXIT_FAILED;
  snprintf(logs, len, "%s/logs", dir);
  rc = download_one(ctx, client, name, NULL, logs);
  free(logs);
  return rc;
}
