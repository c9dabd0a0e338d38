/* The run context of one command (see context.h). */
#include "context.h"

#include "output.h"
#include "progress.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void log_to_stderr(int32_t level, const char *message, void *user_data) {
  (void)level;
  fprintf((FILE *)user_data, "DEBUG: %s\n", message);
}

/* -g/-w/--subscription override the environment the library reads. */
static void override_env(const cli_ctx *ctx) {
  static const char *const map[][2] = {{"subscription", "AZURE_SUBSCRIPTION_ID"},
                                       {"resource-group", "AZURE_RESOURCE_GROUP"},
                                       {"workspace-name", "AZUREML_WORKSPACE"}};
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
    const char *v = cli_get(ctx->inv, map[i][0]);
    if (v) setenv(map[i][1], v, 1);
  }
}

aml_client *cli_client(cli_ctx *ctx) {
  if (ctx->client) return ctx->client;
  override_env(ctx);
  aml_client_options opts;
  aml_client_options_init(&opts, AML_CLIENT_OPTIONS_VERSION);
  opts.user_agent_suffix = "aml-cli/" AML_VERSION_STRING;
  if (ctx->debug) {
    opts.log_fn = log_to_stderr;
    opts.log_user_data = ctx->err;
    opts.log_level = AML_LOG_DEBUG;
  }
  /* A local stand-in (aml-emulator) answers in milliseconds: let waits poll as often. */
  const char *interval = getenv("AZUREML_POLL_INTERVAL_MS");
  if (interval && *interval) opts.poll_interval_ms = atoll(interval);
  aml_error *err = NULL;
  aml_result rc = aml_client_new_from_env(&opts, &ctx->client, &err);
  if (rc < 0) {
    cli_fail(ctx, rc, err, "configuration");
    return NULL;
  }
  return ctx->client;
}

static int exit_code_for(aml_result rc) {
  switch (rc) {
  case AML_OK: return CLI_EXIT_OK;
  case AML_ERR_NOT_FOUND: return CLI_EXIT_NOT_FOUND;
  case AML_ERR_STILL_RUNNING: return CLI_EXIT_TIMEOUT;
  case AML_ERR_UNSUPPORTED: return CLI_EXIT_UNSUPPORTED;
  default: return CLI_EXIT_FAILED;
  }
}

int cli_fail(cli_ctx *ctx, aml_result rc, aml_error *err, const char *what) {
  cli_progress_clear(ctx);
  const char *msg = aml_error_message(err);
  fprintf(ctx->err, "ERROR: %s: %s\n", what, msg && *msg ? msg : aml_result_str(rc));
  const char *code = aml_error_service_code(err);
  const char *smsg = aml_error_service_message(err);
  if (code && (!smsg || !strstr(msg ? msg : "", smsg))) fprintf(ctx->err, "  %s: %s\n", code, smsg ? smsg : "");
  for (size_t i = 0; i < aml_error_details_count(err); i++) {
    const char *dc = NULL, *dm = NULL, *dt = NULL;
    if (aml_error_detail_at(err, i, &dc, &dm, &dt) == AML_OK)
      fprintf(ctx->err, "  detail: %s%s%s%s%s\n", dc ? dc : "", dm ? ": " : "", dm ? dm : "", dt ? " (target " : "",
              dt ? dt : "");
  }
  if (aml_error_request_id(err)) fprintf(ctx->err, "  request id: %s\n", aml_error_request_id(err));
  if (rc == AML_ERR_STILL_RUNNING)
    fprintf(ctx->err, "  the operation goes on; run the command again (or `aml job wait`) to keep waiting\n");
  aml_error_free(err);
  return exit_code_for(rc);
}

int cli_usage_error(cli_ctx *ctx, const char *fmt, const char *arg) {
  fputs("ERROR: ", ctx->err);
  fprintf(ctx->err, fmt, arg ? arg : "");
  fputs("\n", ctx->err);
  return CLI_EXIT_USAGE;
}

int cli_unsupported(cli_ctx *ctx, const char *what) {
  fprintf(ctx->err, "ERROR: not supported yet: %s\n", what);
  return CLI_EXIT_UNSUPPORTED;
}

int cli_emit(cli_ctx *ctx, json_t *value) {
  char errbuf[256];
  int rc = cli_output_write(ctx->out, value, ctx->format, ctx->query, ctx->inv->command->columns, errbuf,
                            sizeof errbuf);
  if (rc != CLI_EXIT_OK) fprintf(ctx->err, "ERROR: %s\n", errbuf);
  fflush(ctx->out);
  return rc;
}

int cli_emit_text(cli_ctx *ctx, const char *json_text) {
  json_error_t jerr;
  json_t *v = json_loads(json_text ? json_text : "null", JSON_DECODE_ANY, &jerr);
  if (!v) {
    fprintf(ctx->err, "ERROR: the service's answer is not JSON: %s\n", jerr.text);
    return CLI_EXIT_FAILED;
  }
  int rc = cli_emit(ctx, v);
  json_decref(v);
  return rc;
}

int cli_emit_pager(cli_ctx *ctx, aml_pager *pager, const char *what) {
  json_t *items = json_array();
  aml_error *err = NULL;
  char *text = NULL;
  aml_result rc;
  while ((rc = aml_pager_next_json(pager, &text, &err)) == AML_OK) {
    json_t *v = json_loads(text, 0, NULL);
    aml_free(text);
    if (v) json_array_append_new(items, v);
  }
  aml_pager_free(pager);
  int code = rc == AML_ITER_END ? cli_emit(ctx, items) : cli_fail(ctx, rc, err, what);
  json_decref(items);
  return code;
}

int64_t cli_timeout_ms(cli_ctx *ctx) {
  const char *t = cli_get(ctx->inv, "timeout");
  if (!t) return -1;
  long long s = atoll(t);
  return s < 0 ? -1 : s * 1000;
}

int cli_finish_poller(cli_ctx *ctx, aml_poller *poller, const char *what, int print) {
  if (cli_has(ctx->inv, "no-wait")) {
    /* As az: accepted, not waited for; nothing on stdout. */
    if (!ctx->quiet) fprintf(ctx->err, "%s: accepted (%s); not waiting (--no-wait)\n", what, aml_poller_status(poller));
    aml_poller_free(poller);
    return CLI_EXIT_OK;
  }
  cli_progress_watch_poller(ctx, poller, what);
  aml_error *err = NULL;
  aml_result rc = aml_poller_wait(poller, cli_timeout_ms(ctx), &err);
  cli_progress_clear(ctx);
  int code;
  if (rc < 0) {
    code = cli_fail(ctx, rc, err, what);
  } else {
    const char *result = aml_poller_result_json(poller);
    code = print && result ? cli_emit_text(ctx, result) : CLI_EXIT_OK;
  }
  aml_poller_free(poller);
  return code;
}

int cli_confirm(cli_ctx *ctx, const char *what) {
  if (cli_has(ctx->inv, "yes")) return CLI_EXIT_OK;
  if (!isatty(STDIN_FILENO)) {
    fprintf(ctx->err, "ERROR: %s needs confirmation and there is no terminal to ask on: pass --yes\n", what);
    return CLI_EXIT_USAGE;
  }
  fprintf(ctx->err, "Are you sure you want to perform this operation (%s)? (y/n): ", what);
  fflush(ctx->err);
  char line[16] = "";
  if (fgets(line, sizeof line, stdin) && (line[0] == 'y' || line[0] == 'Y')) return CLI_EXIT_OK;
  fprintf(ctx->err, "ERROR: not confirmed; nothing was deleted\n");
  return CLI_EXIT_FAILED;
}
