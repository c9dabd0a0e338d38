/* aml compute create|update|show|list|delete|list-nodes|list-sizes|list-usage */
#include "context.h"
#include "handlers.h"
#include "spec.h"

#include <stdlib.h>
#include <strings.h>

/* The sizing flags, on top of a spec or the defaults. */
static void apply_flags(const cli_invocation *inv, aml_compute *c) {
  if (cli_get(inv, "name")) c->name = cli_get(inv, "name");
  if (cli_get(inv, "size")) c->size = cli_get(inv, "size");
  if (cli_get(inv, "tier")) c->tier = cli_get(inv, "tier");
  if (cli_get(inv, "location")) c->location = cli_get(inv, "location");
  if (cli_get(inv, "description")) c->description = cli_get(inv, "description");
  if (cli_get(inv, "min-instances")) c->min_instances = atoi(cli_get(inv, "min-instances"));
  if (cli_get(inv, "max-instances")) c->max_instances = atoi(cli_get(inv, "max-instances"));
  if (cli_get(inv, "idle-time-before-scale-down"))
    c->idle_time_before_scale_down = atoll(cli_get(inv, "idle-time-before-scale-down"));
}

int cmd_compute_create(cli_ctx *ctx) {
  const char *type = cli_get(ctx->inv, "type");
  if (type && strcasecmp(type, "amlcompute") != 0)
    return cli_unsupported(ctx, "compute types other than amlcompute");
  cli_spec spec;
  aml_compute *c = NULL;
  int rc = cli_spec_compute(ctx, &spec, &c);
  if (rc != CLI_EXIT_OK) {
    cli_spec_free(&spec);
    return rc;
  }
  apply_flags(ctx->inv, c); /* the flags win over the file's values */
  if (!c->name) {
    cli_spec_free(&spec);
    return cli_usage_error(ctx, "the following argument is required: --name/-n (or --file)%s", NULL);
  }
  char what[160];
  snprintf(what, sizeof what, "creating compute %s", c->name);
  aml_client *client = cli_client(ctx);
  aml_poller *poller = NULL;
  aml_error *err = NULL;
  aml_result r = client ? aml_computes_begin_create_or_update(client, c, &poller, &err) : AML_ERR_CONFIG;
  cli_spec_free(&spec);
  if (!client) return CLI_EXIT_FAILED;
  if (r < 0) return cli_fail(ctx, r, err, what);
  return cli_finish_poller(ctx, poller, what, 1);
}

int cmd_compute_update(cli_ctx *ctx) {
  const cli_invocation *inv = ctx->inv;
  if (!cli_get(inv, "min-instances") && !cli_get(inv, "max-instances") && !cli_get(inv, "idle-time-before-scale-down"))
    return cli_usage_error(
        ctx, "give what to change: --min-instances, --max-instances or --idle-time-before-scale-down%s", NULL);
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  char what[160];
  snprintf(what, sizeof what, "updating compute %s", cli_get(inv, "name"));
  /* The service's PATCH takes the whole scale settings: start from what is there. */
  aml_compute *cur = NULL;
  aml_error *err = NULL;
  aml_result r = aml_computes_get(client, cli_get(inv, "name"), &cur, &err);
  if (r < 0) return cli_fail(ctx, r, err, what);
  apply_flags(inv, cur);
  aml_poller *poller = NULL;
  r = aml_computes_begin_update(client, cur, &poller, &err);
  aml_compute_free(cur);
  if (r < 0) return cli_fail(ctx, r, err, what);
  return cli_finish_poller(ctx, poller, what, 1);
}

int cmd_compute_show(cli_ctx *ctx) {
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  aml_compute *c = NULL;
  aml_error *err = NULL;
  aml_result r = aml_computes_get(client, cli_get(ctx->inv, "name"), &c, &err);
  if (r < 0) return cli_fail(ctx, r, err, "compute show");
  int rc = cli_emit_text(ctx, c->raw_json);
  aml_compute_free(c);
  return rc;
}

int cmd_compute_delete(cli_ctx *ctx) {
  const char *name = cli_get(ctx->inv, "name");
  char what[160];
  snprintf(what, sizeof what, "deleting compute %s", name);
  int rc = cli_confirm(ctx, what);
  if (rc != CLI_EXIT_OK) return rc;
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  aml_poller *poller = NULL;
  aml_error *err = NULL;
  aml_result r = aml_computes_begin_delete(client, name, AML_COMPUTE_DELETE, &poller, &err);
  if (r < 0) return cli_fail(ctx, r, err, what);
  return cli_finish_poller(ctx, poller, what, 0);
}

/* The four lists differ only in the call that makes the pager. */
typedef enum list_kind { LIST_COMPUTES, LIST_NODES, LIST_SIZES, LIST_USAGE } list_kind;

static int list(cli_ctx *ctx, list_kind kind, const char *what) {
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  aml_pager *pager = NULL;
  aml_error *err = NULL;
  aml_result r = AML_OK;
  switch (kind) {
  case LIST_COMPUTES: r = aml_computes_list(client, &pager, &err); break;
  case LIST_NODES: r = aml_computes_list_nodes(client, cli_get(ctx->inv, "name"), &pager, &err); break;
  case LIST_SIZES: r = aml_computes_list_sizes(client, cli_get(ctx->inv, "location"), &pager, &err); break;
  case LIST_USAGE: r = aml_computes_list_usage(client, cli_get(ctx->inv, "location"), &pager, &err); break;
  }
  if (r < 0) return cli_fail(ctx, r, err, what);
  return cli_emit_pager(ctx, pager, what);
}

int cmd_compute_list(cli_ctx *ctx) { return list(ctx, LIST_COMPUTES, "compute list"); }
int cmd_compute_list_nodes(cli_ctx *ctx) { return list(ctx, LIST_NODES, "compute list-nodes"); }
int cmd_compute_list_sizes(cli_ctx *ctx) { return list(ctx, LIST_SIZES, "compute list-sizes"); }
int cmd_compute_list_usage(cli_ctx *ctx) { return list(ctx, LIST_USAGE, "compute list-usage"); }
