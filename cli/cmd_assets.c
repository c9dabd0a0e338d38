/* aml model|code|environment|data create|show|list: the versions of the
 * assets a deployment (or a job) uses. One file, because the four differ
 * only in their entity and a field or two. */
#include "context.h"
#include "handlers.h"
#include "progress.h"
#include "spec.h"

#include <stdlib.h>
#include <string.h>

typedef enum asset_kind { ASSET_MODEL, ASSET_CODE, ASSET_ENV, ASSET_DATA } asset_kind;

static const char *const k_what[] = {"model", "code", "environment", "data"};

/* The asset's versions, newest first. */
static aml_result list_versions(aml_client *client, asset_kind kind, const char *name, aml_pager **out,
                                aml_error **err) {
  switch (kind) {
  case ASSET_MODEL: return aml_models_list_versions(client, name, out, err);
  case ASSET_CODE: return aml_codes_list_versions(client, name, out, err);
  case ASSET_ENV: return aml_environments_list_versions(client, name, out, err);
  case ASSET_DATA: break;
  }
  return aml_data_assets_list_versions(client, name, out, err);
}

/* --version, or --label latest (the only label: the newest version). */
static int pick_version(cli_ctx *ctx, const char **version) {
  const char *v = cli_get(ctx->inv, "version"), *label = cli_get(ctx->inv, "label");
  if (v && label) return cli_usage_error(ctx, "give --version or --label, not both%s", NULL);
  if (!v && !label) return cli_usage_error(ctx, "give --version/-v (or --label latest)%s", NULL);
  if (label && strcmp(label, "latest") != 0)
    return cli_usage_error(ctx, "argument --label: '%s' is not a label this service has (only 'latest')", label);
  *version = v;
  return CLI_EXIT_OK;
}

static int show(cli_ctx *ctx, asset_kind kind) {
  const char *version = NULL;
  int rc = pick_version(ctx, &version);
  if (rc != CLI_EXIT_OK) return rc;
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  const char *name = cli_get(ctx->inv, "name");
  aml_error *err = NULL;
  aml_result r = AML_OK;
  char what[64];
  snprintf(what, sizeof what, "%s show", k_what[kind]);
  if (!version) { /* --label latest: the first of the versions, newest first */
    aml_pager *pager = NULL;
    char *text = NULL;
    if ((r = list_versions(client, kind, name, &pager, &err)) == AML_OK &&
        (r = aml_pager_next_json(pager, &text, &err)) == AML_OK)
      rc = cli_emit_text(ctx, text);
    aml_free(text);
    aml_pager_free(pager);
    if (r == AML_ITER_END) {
      fprintf(ctx->err, "ERROR: %s: %s %s has no versions\n", what, k_what[kind], name);
      return CLI_EXIT_NOT_FOUND;
    }
    return r < 0 ? cli_fail(ctx, r, err, what) : rc;
  }
  switch (kind) {
  case ASSET_MODEL: {
    aml_model_version *m = NULL;
    if ((r = aml_models_get(client, name, version, &m, &err)) == AML_OK) rc = cli_emit_text(ctx, m->raw_json);
    aml_model_version_free(m);
    break;
  }
  case ASSET_CODE: {
    aml_code_version *c = NULL;
    if ((r = aml_codes_get(client, name, version, &c, &err)) == AML_OK) rc = cli_emit_text(ctx, c->raw_json);
    aml_code_version_free(c);
    break;
  }
  case ASSET_ENV: {
    aml_environment_version *e = NULL;
    if ((r = aml_environments_get(client, name, version, &e, &err)) == AML_OK) rc = cli_emit_text(ctx, e->raw_json);
    aml_environment_version_free(e);
    break;
  }
  case ASSET_DATA: {
    aml_data_asset *d = NULL;
    if ((r = aml_data_assets_get(client, name, version, &d, &err)) == AML_OK) rc = cli_emit_text(ctx, d->raw_json);
    aml_data_asset_free(d);
    break;
  }
  }
  return r < 0 ? cli_fail(ctx, r, err, what) : rc;
}

static int list(cli_ctx *ctx, asset_kind kind) {
  const char *name = cli_get(ctx->inv, "name");
  if (!name)
    return cli_unsupported(ctx, "listing every asset of a kind (the library lists one asset's versions: give --name)");
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  aml_pager *pager = NULL;
  aml_error *err = NULL;
  char what[64];
  snprintf(what, sizeof what, "%s list", k_what[kind]);
  aml_result r = list_versions(client, kind, name, &pager, &err);
  if (r < 0) return cli_fail(ctx, r, err, what);
  return cli_emit_pager(ctx, pager, what);
}

/* The whole content of a small text file (a conda specification); NULL after printing why. */
static char *read_text(cli_ctx *ctx, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(ctx->err, "ERROR: cannot read %s\n", path);
    return NULL;
  }
  char *buf = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len + 4096 + 1 > cap) {
      char *n = realloc(buf, cap = cap ? cap * 2 : 8192);
      if (!n) break;
      buf = n;
    }
    size_t got = fread(buf + len, 1, cap - len - 1, f);
    len += got;
    if (got == 0) break;
  }
  fclose(f);
  if (buf) buf[len] = '\0';
  return buf;
}

/* The flags on top of a spec (or alone): what az's create takes besides --file. */
static int create(cli_ctx *ctx, asset_kind kind) {
  const cli_invocation *inv = ctx->inv;
  cli_spec spec;
  int rc;
  switch (kind) {
  case ASSET_MODEL: rc = cli_spec_model(ctx, &spec); break;
  case ASSET_CODE: rc = cli_spec_code(ctx, &spec); break;
  case ASSET_ENV: rc = cli_spec_environment(ctx, &spec); break;
  default: rc = cli_spec_data(ctx, &spec); break;
  }
  if (rc != CLI_EXIT_OK) {
    cli_spec_free(&spec);
    return rc;
  }
  aml_model_version m;
  aml_code_version c;
  aml_environment_version e;
  aml_data_asset d;
  /* From the file (a copy of the loaded struct, so the flags can be laid over it) or from scratch. */
  if (spec.model) m = *spec.model; else aml_model_version_init(&m, AML_MODEL_VERSION_VERSION);
  if (spec.code) c = *spec.code; else aml_code_version_init(&c, AML_CODE_VERSION_VERSION);
  if (spec.environment) e = *spec.environment; else aml_environment_version_init(&e, AML_ENVIRONMENT_VERSION_VERSION);
  if (spec.data) d = *spec.data; else aml_data_asset_init(&d, AML_DATA_ASSET_VERSION);
  const char *name = cli_get(inv, "name"), *version = cli_get(inv, "version"), *path = cli_get(inv, "path");
  const char *type = cli_get(inv, "type"), *description = cli_get(inv, "description");
  char *conda = NULL;
  const char **f_name, **f_version, **f_description, **f_path = NULL;
  switch (kind) {
  case ASSET_MODEL: f_name = &m.name; f_version = &m.asset_version; f_description = &m.description; f_path = &m.path;
    if (type) m.model_type = type;
    break;
  case ASSET_CODE: f_name = &c.name; f_version = &c.asset_version; f_description = &c.description; f_path = &c.path;
    break;
  case ASSET_ENV: f_name = &e.name; f_version = &e.asset_version; f_description = &e.description;
    if (cli_get(inv, "image")) e.image = cli_get(inv, "image");
    if (cli_get(inv, "conda-file")) {
      if (!(conda = read_text(ctx, cli_get(inv, "conda-file")))) {
        cli_spec_free(&spec);
        return CLI_EXIT_FAILED;
      }
      e.conda_file = conda;
    }
    break;
  default: f_name = &d.name; f_version = &d.asset_version; f_description = &d.description; f_path = &d.path;
    if (type) d.type = type;
    break;
  }
  if (name) *f_name = name;
  if (version) *f_version = version;
  if (description) *f_description = description;
  if (path && f_path) *f_path = path;
  if (!*f_name || !*f_version) {
    free(conda);
    cli_spec_free(&spec);
    return cli_usage_error(ctx, "give --name/-n and --version/-v (or a --file that has them)%s", NULL);
  }
  if (f_path && !*f_path) {
    cli_spec_free(&spec);
    return cli_usage_error(ctx, "give --path/-p (or a --file that has one)%s", NULL);
  }
  if (kind == ASSET_ENV && !e.image) {
    free(conda);
    cli_spec_free(&spec);
    return cli_usage_error(ctx, "give --image/-i (or a --file that has one)%s", NULL);
  }
  aml_client *client = cli_client(ctx);
  if (!client) {
    free(conda);
    cli_spec_free(&spec);
    return CLI_EXIT_FAILED;
  }
  char what[200];
  snprintf(what, sizeof what, "registering %s %s:%s", k_what[kind], *f_name, *f_version);
  if (!ctx->quiet && f_path) fprintf(ctx->err, "%s (a local path is uploaded first)...\n", what);
  aml_error *err = NULL;
  aml_result r = AML_OK;
  switch (kind) {
  case ASSET_MODEL: {
    aml_model_version *out = NULL;
    if ((r = aml_models_create_or_update(client, &m, &out, &err)) == AML_OK) rc = cli_emit_text(ctx, out->raw_json);
    aml_model_version_free(out);
    break;
  }
  case ASSET_CODE: {
    aml_code_version *out = NULL;
    if ((r = aml_codes_create_or_update(client, &c, &out, &err)) == AML_OK) rc = cli_emit_text(ctx, out->raw_json);
    aml_code_version_free(out);
    break;
  }
  case ASSET_ENV: {
    aml_environment_version *out = NULL;
    if ((r = aml_environments_create_or_update(client, &e, &out, &err)) == AML_OK) rc = cli_emit_text(ctx, out->raw_json);
    aml_environment_version_free(out);
    break;
  }
  case ASSET_DATA: {
    aml_data_asset *out = NULL;
    aml_transfer_options topts;
    aml_transfer_options_init(&topts, AML_TRANSFER_OPTIONS_VERSION);
    cli_progress_transfer(ctx, &topts, "uploading");
    r = aml_data_assets_create_or_update(client, &d, &topts, &out, &err);
    cli_progress_clear(ctx);
    if (r == AML_OK) rc = cli_emit_text(ctx, out->raw_json);
    aml_data_asset_free(out);
    break;
  }
  }
  free(conda);
  cli_spec_free(&spec);
  return r < 0 ? cli_fail(ctx, r, err, what) : rc;
}

int cmd_model_create(cli_ctx *ctx) { return create(ctx, ASSET_MODEL); }
int cmd_model_show(cli_ctx *ctx) { return show(ctx, ASSET_MODEL); }
int cmd_model_list(cli_ctx *ctx) { return list(ctx, ASSET_MODEL); }
int cmd_code_create(cli_ctx *ctx) { return create(ctx, ASSET_CODE); }
int cmd_code_show(cli_ctx *ctx) { return show(ctx, ASSET_CODE); }
int cmd_code_list(cli_ctx *ctx) { return list(ctx, ASSET_CODE); }
int cmd_environment_create(cli_ctx *ctx) { return create(ctx, ASSET_ENV); }
int cmd_environment_show(cli_ctx *ctx) { return show(ctx, ASSET_ENV); }
int cmd_environment_list(cli_ctx *ctx) { return list(ctx, ASSET_ENV); }
int cmd_data_create(cli_ctx *ctx) { return create(ctx, ASSET_DATA); }
int cmd_data_show(cli_ctx *ctx) { return show(ctx, ASSET_DATA); }
int cmd_data_list(cli_ctx *ctx) { return list(ctx, ASSET_DATA); }
