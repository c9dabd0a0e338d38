/* aml batch-endpoint create|update|show|list|delete|invoke|list-jobs */
#include "context.h"
#include "handlers.h"
#include "spec.h"

#include <stdlib.h>
#include <string.h>

/* create and update: the endpoint from the spec (or the flags), sent, waited for, printed. */
static int put_endpoint(cli_ctx *ctx, int update) {
  cli_spec spec;
  const aml_batch_endpoint *ep = NULL;
  int rc = update ? cli_spec_endpoint_update(ctx, &spec, &ep) : cli_spec_endpoint(ctx, &spec, &ep);
  if (rc != CLI_EXIT_OK) {
    cli_spec_free(&spec);
    return rc;
  }
  aml_client *client = cli_client(ctx);
  if (!client) {
    cli_spec_free(&spec);
    return CLI_EXIT_FAILED;
  }
  char what[160];
  snprintf(what, sizeof what, "%s batch endpoint %s", update ? "updating" : "creating", ep->name ? ep->name : "");
  aml_poller *poller = NULL;
  aml_error *err = NULL;
  aml_result r = aml_batch_endpoints_begin_create_or_update(client, ep, &poller, &err);
  cli_spec_free(&spec);
  if (r < 0) return cli_fail(ctx, r, err, what);
  return cli_finish_poller(ctx, poller, what, 1);
}

int cmd_endpoint_create(cli_ctx *ctx) { return put_endpoint(ctx, 0); }
int cmd_endpoint_update(cli_ctx *ctx) { return put_endpoint(ctx, 1); }

int cmd_endpoint_show(cli_ctx *ctx) {
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  aml_batch_endpoint *ep = NULL;
  aml_error *err = NULL;
  aml_result r = aml_batch_endpoints_get(client, cli_get(ctx->inv, "name"), &ep, &err);
  if (r < 0) return cli_fail(ctx, r, err, "batch-endpoint show");
  int rc = cli_emit_text(ctx, ep->raw_json);
  aml_batch_endpoint_free(ep);
  return rc;
}

int cmd_endpoint_list(cli_ctx *ctx) {
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  aml_pager *pager = NULL;
  aml_error *err = NULL;
  aml_result r = aml_batch_endpoints_list(client, &pager, &err);
  if (r < 0) return cli_fail(ctx, r, err, "batch-endpoint list");
  return cli_emit_pager(ctx, pager, "batch-endpoint list");
}

int cmd_endpoint_delete(cli_ctx *ctx) {
  const char *name = cli_get(ctx->inv, "name");
  char what[160];
  snprintf(what, sizeof what, "deleting batch endpoint %s", name);
  int rc = cli_confirm(ctx, what);
  if (rc != CLI_EXIT_OK) return rc;
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  aml_poller *poller = NULL;
  aml_error *err = NULL;
  aml_result r = aml_batch_endpoints_begin_delete(client, name, &poller, &err);
  if (r < 0) return cli_fail(ctx, r, err, what);
  return cli_finish_poller(ctx, poller, what, 0);
}

int cmd_endpoint_list_jobs(cli_ctx *ctx) {
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  aml_pager *pager = NULL;
  aml_error *err = NULL;
  aml_result r = aml_batch_endpoints_list_jobs(client, cli_get(ctx->inv, "name"), NULL, &pager, &err);
  if (r < 0) return cli_fail(ctx, r, err, "batch-endpoint list-jobs");
  return cli_emit_pager(ctx, pager, "batch-endpoint list-jobs");
}

/* --input-type as azure-ai-ml spells it; the wire spelling is accepted too. */
static const char *input_type(cli_ctx *ctx, int *ok) {
  const char *t = cli_get(ctx->inv, "input-type");
  *ok = 1;
  if (!t || strcmp(t, "uri_folder") == 0 || strcmp(t, "UriFolder") == 0) return AML_INPUT_TYPE_URI_FOLDER;
  if (strcmp(t, "uri_file") == 0 || strcmp(t, "UriFile") == 0) return AML_INPUT_TYPE_URI_FILE;
  *ok = 0;
  return t;
}

#define MAX_INPUTS 16

int cmd_endpoint_invoke(cli_ctx *ctx) {
  const cli_invocation *inv = ctx->inv;
  aml_invoke_options opts;
  aml_invoke_options_init(&opts, AML_INVOKE_OPTIONS_VERSION);
  cli_spec spec;
  int rc = cli_spec_invoke(ctx, &spec, &opts);
  if (rc != CLI_EXIT_OK) {
    cli_spec_free(&spec);
    return rc;
  }

  aml_job_input inputs[MAX_INPUTS];
  char *names[MAX_INPUTS] = {0};
  size_t n = 0;
  int ok = 1;
  const char *type = input_type(ctx, &ok);
  if (!ok) {
    cli_spec_free(&spec);
    return cli_usage_error(ctx, "argument --input-type: '%s' is not uri_folder or uri_file", type);
  }
  const char *single = cli_get(inv, "input");
  if (single) {
    aml_job_input_init(&inputs[n], AML_JOB_INPUT_VERSION);
    /* azure-ai-ml's invoke(input=...): the service takes the type's name as the input's. */
    inputs[n].name = strcmp(type, AML_INPUT_TYPE_URI_FILE) == 0 ? "UriFile" : "UriFolder";
    inputs[n].type = type;
    inputs[n].uri = single;
    n++;
  }
  for (size_t i = 0; i < cli_count(inv, "inputs"); i++) {
    const char *kv = cli_get_nth(inv, "inputs", i);
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv || !eq[1] || n == MAX_INPUTS) {
      for (size_t k = 0; k < n; k++) free(names[k]);
      cli_spec_free(&spec);
      return cli_usage_error(ctx, "argument --inputs: '%s' is not NAME=PATH (at most 16)", kv);
    }
    aml_job_input_init(&inputs[n], AML_JOB_INPUT_VERSION);
    names[n] = strndup(kv, (size_t)(eq - kv));
    inputs[n].name = names[n];
    inputs[n].type = type;
    inputs[n].uri = eq + 1;
    n++;
  }
  if (n > 0) {
    opts.inputs = inputs;
    opts.inputs_count = n;
  }
  if (!opts.inputs_count) {
    cli_spec_free(&spec);
    return cli_usage_error(ctx, "give the job's input: --input PATH, --inputs NAME=PATH or --file inputs.yml%s", NULL);
  }
  if (cli_get(inv, "deployment-name")) opts.deployment_name = cli_get(inv, "deployment-name");
  if (cli_get(inv, "output-path")) opts.output_uri = cli_get(inv, "output-path");
  if (cli_get(inv, "job-name")) opts.job_name = cli_get(inv, "job-name");
  if (cli_get(inv, "experiment-name")) opts.experiment_name = cli_get(inv, "experiment-name");
  if (cli_get(inv, "mini-batch-size")) opts.mini_batch_size = atoll(cli_get(inv, "mini-batch-size"));
  if (cli_get(inv, "instance-count")) opts.instance_count = atoi(cli_get(inv, "instance-count"));

  aml_client *client = cli_client(ctx);
  aml_job *job = NULL;
  aml_error *err = NULL;
  if (client) {
    if (!ctx->quiet) fprintf(ctx->err, "invoking batch endpoint %s...\n", cli_get(inv, "name"));
    aml_result r = aml_batch_endpoints_invoke(client, cli_get(inv, "name"), &opts, &job, &err);
    rc = r < 0 ? cli_fail(ctx, r, err, "batch-endpoint invoke") : cli_emit_text(ctx, job->raw_json);
  } else {
    rc = CLI_EXIT_FAILED;
  }
  aml_job_free(job);
  for (size_t k = 0; k < n; k++) free(names[k]);
  cli_spec_free(&spec);
  return rc;
}
