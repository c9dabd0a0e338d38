/* --file / --set (see spec.h). The YAML loader is the library's; until it
 * is there, a command given --file or --set says so (exit 5) instead of
 * guessing. */
#include "spec.h"

#include "context.h"

#include <string.h>

void cli_spec_free(cli_spec *spec) {
  for (size_t i = 0; i < spec->count; i++)
    if (spec->owned[i]) spec->free_fn[i](spec->owned[i]);
  spec->count = 0;
}

static int no_yaml_yet(cli_ctx *ctx) {
  if (cli_get(ctx->inv, "file")) return cli_unsupported(ctx, "--file (YAML specs need the library's YAML loader)");
  if (cli_count(ctx->inv, "set")) return cli_unsupported(ctx, "--set (overrides apply to YAML specs)");
  return CLI_EXIT_OK;
}

int cli_spec_load_endpoint(cli_ctx *ctx, cli_spec *spec, aml_batch_endpoint *ep, int for_update) {
  memset(spec, 0, sizeof *spec);
  int rc = no_yaml_yet(ctx);
  if (rc != CLI_EXIT_OK) return rc;
  if (for_update) return cli_usage_error(ctx, "give what to change: --file or --set%s", NULL);
  ep->name = cli_get(ctx->inv, "name");
  if (!ep->name) return cli_usage_error(ctx, "the following argument is required: --name/-n (or --file)%s", NULL);
  return CLI_EXIT_OK;
}

int cli_spec_load_invoke(cli_ctx *ctx, cli_spec *spec, aml_invoke_options *opts) {
  (void)opts;
  memset(spec, 0, sizeof *spec);
  return no_yaml_yet(ctx);
}

int cli_spec_load_deployment(cli_ctx *ctx, cli_spec *spec, aml_batch_deployment *dep) {
  (void)dep;
  memset(spec, 0, sizeof *spec);
  int rc = no_yaml_yet(ctx);
  if (rc != CLI_EXIT_OK) return rc;
  return cli_unsupported(ctx, "a batch deployment without --file (its spec is a YAML file)");
}

int cli_spec_load_compute(cli_ctx *ctx, cli_spec *spec, aml_compute *compute) {
  (void)compute;
  memset(spec, 0, sizeof *spec);
  return no_yaml_yet(ctx);
}
