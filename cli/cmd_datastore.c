/* aml datastore list|show|upload|download */
#include "context.h"
#include "handlers.h"
#include "progress.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

int cmd_datastore_list(cli_ctx *ctx) {
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  aml_pager *pager = NULL;
  aml_error *err = NULL;
  aml_result r = aml_datastores_list(client, &pager, &err);
  if (r < 0) return cli_fail(ctx, r, err, "datastore list");
  return cli_emit_pager(ctx, pager, "datastore list");
}

int cmd_datastore_show(cli_ctx *ctx) {
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  aml_datastore *ds = NULL;
  aml_error *err = NULL;
  aml_result r = aml_datastores_get(client, cli_get(ctx->inv, "name"), &ds, &err);
  if (r < 0) return cli_fail(ctx, r, err, "datastore show");
  int rc = cli_emit_text(ctx, ds->raw_json);
  aml_datastore_free(ds);
  return rc;
}

/* azureml://datastores/<name>/paths/<path> [transfer full] free() */
static char *datastore_uri(const char *name, const char *path) {
  size_t len = strlen(name) + (path ? strlen(path) : 0) + 40;
  char *uri = malloc(len);
  if (uri) snprintf(uri, len, "azureml://datastores/%s/paths/%s", name, path ? path : "");
  return uri;
}

/* What a transfer moved, on stdout: where, how many files, how many bytes. */
static int emit_summary(cli_ctx *ctx, const char *source, const char *destination) {
  uint64_t bytes = 0, files = 0;
  cli_progress_totals(&bytes, &files);
  json_t *v = json_pack("{s:s, s:s, s:I, s:I}", "source", source, "destination", destination, "files",
                        (json_int_t)files, "bytes", (json_int_t)bytes);
  int rc = v ? cli_emit(ctx, v) : CLI_EXIT_FAILED;
  json_decref(v);
  return rc;
}

int cmd_datastore_upload(cli_ctx *ctx) {
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  const char *src = cli_get(ctx->inv, "src-path");
  char *dest = datastore_uri(cli_get(ctx->inv, "name"), cli_get(ctx->inv, "target-path"));
  if (!dest) return CLI_EXIT_FAILED;
  aml_transfer_options topts;
  aml_transfer_options_init(&topts, AML_TRANSFER_OPTIONS_VERSION);
  if (cli_has(ctx->inv, "overwrite")) topts.overwrite = AML_OVERWRITE_ALWAYS;
  cli_progress_transfer(ctx, &topts, "uploading");
  aml_error *err = NULL;
  aml_result r = aml_data_upload(client, src, dest, &topts, &err);
  cli_progress_clear(ctx);
  int rc = r < 0 ? cli_fail(ctx, r, err, "datastore upload") : emit_summary(ctx, src, dest);
  free(dest);
  return rc;
}

int cmd_datastore_download(cli_ctx *ctx) {
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  const char *dir = cli_get(ctx->inv, "destination");
  char *src = datastore_uri(cli_get(ctx->inv, "name"), cli_get(ctx->inv, "prefix"));
  if (!src) return CLI_EXIT_FAILED;
  aml_transfer_options topts;
  aml_transfer_options_init(&topts, AML_TRANSFER_OPTIONS_VERSION);
  if (cli_has(ctx->inv, "overwrite")) topts.overwrite = AML_OVERWRITE_ALWAYS;
  cli_progress_transfer(ctx, &topts, "downloading");
  aml_error *err = NULL;
  aml_result r = aml_data_download(client, src, dir, &topts, &err);
  cli_progress_clear(ctx);
  int rc = r < 0 ? cli_fail(ctx, r, err, "datastore download") : emit_summary(ctx, src, dir);
  free(src);
  return rc;
}
