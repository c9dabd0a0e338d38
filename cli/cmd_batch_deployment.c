/* aml batch-deployment create|update|show|list|delete|list-jobs */
#include "context.h"
#include "handlers.h"
#include "spec.h"

#include <string.h>

/* --set-default: the default deployment is a property of the endpoint; read
 * it as it is, change that one field, and write it back (as azure-ai-ml). */
static int set_default(cli_ctx *ctx, aml_client *client, const char *endpoint, const char *deployment) {
  aml_batch_endpoint *ep = NULL;
  aml_error *err = NULL;
  char what[200];
  snprintf(what, sizeof what, "making %s the default deployment of %s", deployment, endpoint);
  aml_result r = aml_batch_endpoints_get(client, endpoint, &ep, &err);
  if (r < 0) return cli_fail(ctx, r, err, what);
  ep->default_deployment_name = deployment;
  aml_poller *poller = NULL;
  r = aml_batch_endpoints_begin_create_or_update(client, ep, &poller, &err);
  aml_batch_endpoint_free(ep);
  if (r < 0) return cli_fail(ctx, r, err, what);
  return cli_finish_poller(ctx, poller, what, 0);
}

static int show(cli_ctx *ctx, aml_client *client, const char *endpoint, const char *name) {
  aml_batch_deployment *dep = NULL;
  aml_error *err = NULL;
  aml_result r = aml_batch_deployments_get(client, endpoint, name, &dep, &err);
  if (r < 0) return cli_fail(ctx, r, err, "batch-deployment show");
  int rc = cli_emit_text(ctx, dep->raw_json);
  aml_batch_deployment_free(dep);
  return rc;
}

int cmd_deployment_create(cli_ctx *ctx) {
  /* The default can only be set once the deployment exists: the two cannot go together. */
  if (cli_has(ctx->inv, "set-default") && cli_has(ctx->inv, "no-wait"))
    return cli_usage_error(ctx, "--set-default waits for the deployment: it cannot go with --no-wait%s", NULL);
  cli_spec spec;
  int rc = cli_spec_deployment(ctx, &spec);
  aml_client *client = rc == CLI_EXIT_OK ? cli_client(ctx) : NULL;
  if (!client) {
    cli_spec_free(&spec);
    return rc == CLI_EXIT_OK ? CLI_EXIT_FAILED : rc;
  }
  const aml_batch_deployment *dep = aml_batch_deployment_spec_deployment(spec.deployment);
  char what[320], endpoint[128], name[128];
  snprintf(endpoint, sizeof endpoint, "%s", dep->endpoint_name ? dep->endpoint_name : "");
  snprintf(name, sizeof name, "%s", dep->name ? dep->name : "");
  snprintf(what, sizeof what, "creating batch deployment %s/%s", endpoint, name);
  /* Inline assets are registered first (local folders uploaded): say so, it takes a while. */
  if (!ctx->quiet && (aml_batch_deployment_spec_model(spec.deployment) || aml_batch_deployment_spec_code(spec.deployment) ||
                      aml_batch_deployment_spec_environment(spec.deployment)))
    fprintf(ctx->err, "registering the assets the spec defines (local folders are uploaded)...\n");
  aml_poller *poller = NULL;
  aml_error *err = NULL;
  aml_result r = aml_batch_deployment_spec_begin_create(client, spec.deployment, &poller, &err);
  cli_spec_free(&spec);
  if (r < 0) return cli_fail(ctx, r, err, what);
  int set_def = cli_has(ctx->inv, "set-default");
  rc = cli_finish_poller(ctx, poller, what, !set_def);
  if (rc != CLI_EXIT_OK || !set_def) return rc;
  rc = set_default(ctx, client, endpoint, name);
  return rc == CLI_EXIT_OK ? show(ctx, client, endpoint, name) : rc;
}

int cmd_deployment_update(cli_ctx *ctx) {
  const char *name = cli_get(ctx->inv, "name"), *endpoint = cli_get(ctx->inv, "endpoint-name");
  int set_def = cli_has(ctx->inv, "set-default");
  if (!cli_get(ctx->inv, "file") && !cli_count(ctx->inv, "set")) {
    /* Only --set-default: nothing of the deployment itself changes. */
    if (!set_def) return cli_usage_error(ctx, "give what to change: --file, --set or --set-default%s", NULL);
    if (!name || !endpoint)
      return cli_usage_error(ctx, "--set-default without --file needs --name/-n and --endpoint-name/-e%s", NULL);
    aml_client *client = cli_client(ctx);
    if (!client) return CLI_EXIT_FAILED;
    int rc = set_default(ctx, client, endpoint, name);
    return rc == CLI_EXIT_OK ? show(ctx, client, endpoint, name) : rc;
  }
  return cmd_deployment_create(ctx); /* a spec: create_or_update, as az's update with --file */
}

int cmd_deployment_show(cli_ctx *ctx) {
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  return show(ctx, client, cli_get(ctx->inv, "endpoint-name"), cli_get(ctx->inv, "name"));
}

int cmd_deployment_list(cli_ctx *ctx) {
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  aml_pager *pager = NULL;
  aml_error *err = NULL;
  aml_result r = aml_batch_deployments_list(client, cli_get(ctx->inv, "endpoint-name"), &pager, &err);
  if (r < 0) return cli_fail(ctx, r, err, "batch-deployment list");
  return cli_emit_pager(ctx, pager, "batch-deployment list");
}

int cmd_deployment_delete(cli_ctx *ctx) {
  const char *name = cli_get(ctx->inv, "name"), *endpoint = cli_get(ctx->inv, "endpoint-name");
  char what[200];
  snprintf(what, sizeof what, "deleting batch deployment %s/%s", endpoint, name);
  int rc = cli_confirm(ctx, what);
  if (rc != CLI_EXIT_OK) return rc;
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  aml_poller *poller = NULL;
  aml_error *err = NULL;
  aml_result r = aml_batch_deployments_begin_delete(client, endpoint, name, &poller, &err);
  if (r < 0) return cli_fail(ctx, r, err, what);
  return cli_finish_poller(ctx, poller, what, 0);
}

int cmd_deployment_list_jobs(cli_ctx *ctx) {
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  aml_pager *pager = NULL;
  aml_error *err = NULL;
  aml_result r = aml_batch_deployments_list_jobs(client, cli_get(ctx->inv, "endpoint-name"),
                                                 cli_get(ctx->inv, "name"), NULL, &pager, &err);
  if (r < 0) return cli_fail(ctx, r, err, "batch-deployment list-jobs");
  return cli_emit_pager(ctx, pager, "batch-deployment list-jobs");
}
