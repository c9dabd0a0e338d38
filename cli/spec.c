/* --file / --set (see spec.h): the library's YAML loaders do the reading,
 * the overrides and the checking; this file only picks the loader, passes
 * the flags on, and turns a failure into a message and an exit code. */
#include "spec.h"

#include "context.h"

#include <string.h>

void cli_spec_free(cli_spec *spec) {
  aml_batch_endpoint_free(spec->loaded_endpoint);
  aml_batch_endpoint_free(spec->current_endpoint);
  aml_compute_free(spec->loaded_compute);
  aml_batch_deployment_spec_free(spec->deployment);
  aml_invoke_inputs_spec_free(spec->inputs);
  aml_model_version_free(spec->model);
  aml_code_version_free(spec->code);
  aml_environment_version_free(spec->environment);
  aml_data_asset_free(spec->data);
  memset(spec, 0, sizeof *spec);
}

#define CLI_MAX_SETS 64

/* The loader options: --set values in order. `sets` holds the pointers. */
static int yaml_options(cli_ctx *ctx, aml_yaml_options *opts, const char **sets) {
  aml_yaml_options_init(opts, AML_YAML_OPTIONS_VERSION);
  size_t n = cli_count(ctx->inv, "set");
  if (n > CLI_MAX_SETS) return cli_usage_error(ctx, "at most 64 --set values%s", NULL);
  for (size_t i = 0; i < n; i++) sets[i] = cli_get_nth(ctx->inv, "set", i);
  opts->overrides = n ? sets : NULL;
  opts->overrides_count = n;
  return CLI_EXIT_OK;
}

/* A failed load: a malformed override is bad usage (2); anything else about
 * the file (missing, malformed, unknown key, wrong type, broken rule) is 1:
 * 3 means a resource of the service does not exist, not a local file. */
static int load_failed(cli_ctx *ctx, aml_result rc, aml_error *err) {
  if (rc == AML_ERR_INVALID_ARG) {
    fprintf(ctx->err, "ERROR: --set: %s\n", aml_error_message(err));
    aml_error_free(err);
    return CLI_EXIT_USAGE;
  }
  if (rc == AML_ERR_UNSUPPORTED) return cli_fail(ctx, rc, err, "--file");
  cli_fail(ctx, rc, err, "--file");
  return CLI_EXIT_FAILED;
}

int cli_spec_endpoint(cli_ctx *ctx, cli_spec *spec, const aml_batch_endpoint **out) {
  memset(spec, 0, sizeof *spec);
  const char *file = cli_get(ctx->inv, "file"), *name = cli_get(ctx->inv, "name");
  if (!file) {
    if (cli_count(ctx->inv, "set")) return cli_usage_error(ctx, "--set applies to a spec: give --file%s", NULL);
    if (!name) return cli_usage_error(ctx, "the following argument is required: --name/-n (or --file)%s", NULL);
    aml_batch_endpoint_init(&spec->endpoint, AML_BATCH_ENDPOINT_VERSION);
    spec->endpoint.name = name;
    *out = &spec->endpoint;
    return CLI_EXIT_OK;
  }
  const char *sets[CLI_MAX_SETS];
  aml_yaml_options opts;
  int rc = yaml_options(ctx, &opts, sets);
  if (rc != CLI_EXIT_OK) return rc;
  aml_error *err = NULL;
  aml_result r = aml_yaml_load_batch_endpoint(file, &opts, &spec->loaded_endpoint, &err);
  if (r < 0) return load_failed(ctx, r, err);
  if (name) spec->loaded_endpoint->name = name; /* as az: --name wins over the file's */
  *out = spec->loaded_endpoint;
  return CLI_EXIT_OK;
}

int cli_spec_endpoint_update(cli_ctx *ctx, cli_spec *spec, const aml_batch_endpoint **out) {
  if (cli_get(ctx->inv, "file")) return cli_spec_endpoint(ctx, spec, out);
  memset(spec, 0, sizeof *spec);
  const char *name = cli_get(ctx->inv, "name");
  if (!name || !cli_count(ctx->inv, "set"))
    return cli_usage_error(ctx, "give what to change: --file, or --name/-n with --set FIELD=VALUE%s", NULL);
  /* az's generic update: the endpoint as it is, written as a spec, the
   * overrides applied by the loader (so they are checked as a file's would
   * be), then sent on top of everything the service returned. */
  const char *sets[CLI_MAX_SETS];
  aml_yaml_options opts;
  int rc = yaml_options(ctx, &opts, sets);
  if (rc != CLI_EXIT_OK) return rc;
  aml_client *client = cli_client(ctx);
  if (!client) return CLI_EXIT_FAILED;
  aml_error *err = NULL;
  aml_result r = aml_batch_endpoints_get(client, name, &spec->current_endpoint, &err);
  if (r < 0) return cli_fail(ctx, r, err, "batch-endpoint update");
  char *text = NULL;
  if ((r = aml_batch_endpoint_to_yaml(spec->current_endpoint, &text, &err)) < 0)
    return cli_fail(ctx, r, err, "batch-endpoint update");
  opts.base_dir = ".";
  r = aml_yaml_parse_batch_endpoint(text, "<the endpoint as the service has it>", &opts, &spec->loaded_endpoint, &err);
  aml_free(text);
  if (r < 0) return load_failed(ctx, r, err);
  /* The service's own members (kind, sku, ...) stay: the body starts from them. */
  spec->loaded_endpoint->raw_json = spec->current_endpoint->raw_json;
  *out = spec->loaded_endpoint;
  return CLI_EXIT_OK;
}

int cli_spec_compute(cli_ctx *ctx, cli_spec *spec, aml_compute **out) {
  memset(spec, 0, sizeof *spec);
  const char *file = cli_get(ctx->inv, "file");
  if (!file) {
    if (cli_count(ctx->inv, "set")) return cli_usage_error(ctx, "--set applies to a spec: give --file%s", NULL);
    aml_compute_init(&spec->compute, AML_COMPUTE_VERSION); /* azure-ai-ml's AmlCompute defaults */
    *out = &spec->compute;
    return CLI_EXIT_OK;
  }
  const char *sets[CLI_MAX_SETS];
  aml_yaml_options opts;
  int rc = yaml_options(ctx, &opts, sets);
  if (rc != CLI_EXIT_OK) return rc;
  aml_error *err = NULL;
  aml_result r = aml_yaml_load_compute(file, &opts, &spec->loaded_compute, &err);
  if (r < 0) return load_failed(ctx, r, err);
  *out = spec->loaded_compute;
  return CLI_EXIT_OK;
}

int cli_spec_deployment(cli_ctx *ctx, cli_spec *spec) {
  memset(spec, 0, sizeof *spec);
  const char *file = cli_get(ctx->inv, "file");
  if (!file) return cli_usage_error(ctx, "the following argument is required: --file/-f%s", NULL);
  const char *sets[CLI_MAX_SETS];
  aml_yaml_options opts;
  int rc = yaml_options(ctx, &opts, sets);
  if (rc != CLI_EXIT_OK) return rc;
  aml_error *err = NULL;
  aml_result r = aml_yaml_load_batch_deployment_spec(file, &opts, &spec->deployment, &err);
  if (r < 0) return load_failed(ctx, r, err);
  aml_batch_deployment *dep = aml_batch_deployment_spec_deployment(spec->deployment);
  /* As az: the flags win over the file's names. */
  if (cli_get(ctx->inv, "name")) dep->name = cli_get(ctx->inv, "name");
  if (cli_get(ctx->inv, "endpoint-name")) dep->endpoint_name = cli_get(ctx->inv, "endpoint-name");
  return CLI_EXIT_OK;
}

int cli_spec_invoke(cli_ctx *ctx, cli_spec *spec, aml_invoke_options *opts) {
  memset(spec, 0, sizeof *spec);
  const char *file = cli_get(ctx->inv, "file");
  if (!file) {
    if (cli_count(ctx->inv, "set")) return cli_usage_error(ctx, "--set applies to an inputs file: give --file%s", NULL);
    return CLI_EXIT_OK;
  }
  if (cli_get(ctx->inv, "input") || cli_count(ctx->inv, "inputs"))
    return cli_usage_error(ctx, "give the inputs once: --file, or --input/--inputs%s", NULL);
  const char *sets[CLI_MAX_SETS];
  aml_yaml_options yopts;
  int rc = yaml_options(ctx, &yopts, sets);
  if (rc != CLI_EXIT_OK) return rc;
  aml_error *err = NULL;
  aml_result r = aml_yaml_load_invoke_inputs(file, &yopts, &spec->inputs, &err);
  if (r < 0) return load_failed(ctx, r, err);
  if ((r = aml_invoke_inputs_spec_apply(spec->inputs, opts, &err)) < 0) return cli_fail(ctx, r, err, "--file");
  return CLI_EXIT_OK;
}

/* The four asset loaders differ only in their function and target. */
typedef aml_result (*asset_loader)(const char *path, const aml_yaml_options *opts, void **out, aml_error **err);

static aml_result load_model(const char *p, const aml_yaml_options *o, void **out, aml_error **err) {
  aml_model_version *v = NULL;
  aml_result r = aml_yaml_load_model_version(p, o, &v, err);
  *out = v;
  return r;
}
static aml_result load_code(const char *p, const aml_yaml_options *o, void **out, aml_error **err) {
  aml_code_version *v = NULL;
  aml_result r = aml_yaml_load_code_version(p, o, &v, err);
  *out = v;
  return r;
}
static aml_result load_env(const char *p, const aml_yaml_options *o, void **out, aml_error **err) {
  aml_environment_version *v = NULL;
  aml_result r = aml_yaml_load_environment_version(p, o, &v, err);
  *out = v;
  return r;
}
static aml_result load_data(const char *p, const aml_yaml_options *o, void **out, aml_error **err) {
  aml_data_asset *v = NULL;
  aml_result r = aml_yaml_load_data_asset(p, o, &v, err);
  *out = v;
  return r;
}

static int load_asset(cli_ctx *ctx, cli_spec *spec, asset_loader load, void **slot) {
  memset(spec, 0, sizeof *spec);
  const char *file = cli_get(ctx->inv, "file");
  if (!file) {
    if (cli_count(ctx->inv, "set")) return cli_usage_error(ctx, "--set applies to a spec: give --file%s", NULL);
    return CLI_EXIT_OK;
  }
  const char *sets[CLI_MAX_SETS];
  aml_yaml_options opts;
  int rc = yaml_options(ctx, &opts, sets);
  if (rc != CLI_EXIT_OK) return rc;
  aml_error *err = NULL;
  aml_result r = load(file, &opts, slot, &err);
  return r < 0 ? load_failed(ctx, r, err) : CLI_EXIT_OK;
}

int cli_spec_model(cli_ctx *ctx, cli_spec *spec) {
  void *v = NULL;
  int rc = load_asset(ctx, spec, load_model, &v);
  spec->model = v;
  return rc;
}
int cli_spec_code(cli_ctx *ctx, cli_spec *spec) {
  void *v = NULL;
  int rc = load_asset(ctx, spec, load_code, &v);
  spec->code = v;
  return rc;
}
int cli_spec_environment(cli_ctx *ctx, cli_spec *spec) {
  void *v = NULL;
  int rc = load_asset(ctx, spec, load_env, &v);
  spec->environment = v;
  return rc;
}
int cli_spec_data(cli_ctx *ctx, cli_spec *spec) {
  void *v = NULL;
  int rc = load_asset(ctx, spec, load_data, &v);
  spec->data = v;
  return rc;
}
