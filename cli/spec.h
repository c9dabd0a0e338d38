/* --file and --set: a command's YAML spec (az ml schema), loaded by the
 * library's YAML loaders (azureml/yaml.h) with the --set overrides, then the
 * command's own flags (--name, ...) on top. A cli_spec owns what was loaded;
 * cli_spec_free() releases it. */
#ifndef AML_CLI_SPEC_H
#define AML_CLI_SPEC_H

#include "cli.h"

typedef struct cli_spec {
  aml_batch_endpoint endpoint; /* built from the flags when there is no file */
  aml_compute compute;
  aml_batch_endpoint *loaded_endpoint; /* from the loader (library-owned) */
  aml_batch_endpoint *current_endpoint; /* read from the service (update --set) */
  aml_compute *loaded_compute;
  aml_batch_deployment_spec *deployment; /* a deployment and its inline assets */
  aml_invoke_inputs_spec *inputs;
  aml_model_version *model;
  aml_code_version *code;
  aml_environment_version *environment;
  aml_data_asset *data;
} cli_spec;

void cli_spec_free(cli_spec *spec);

/* Each returns an exit code and, on CLI_EXIT_OK, the entity to send in *out
 * (owned by `spec`; the caller may not free it). The messages of a failed
 * load name the file, line, column and field. */
int cli_spec_endpoint(cli_ctx *ctx, cli_spec *spec, const aml_batch_endpoint **out);
/* update: --file as create; --set alone applies to the endpoint as the service has it. */
int cli_spec_endpoint_update(cli_ctx *ctx, cli_spec *spec, const aml_batch_endpoint **out);
int cli_spec_compute(cli_ctx *ctx, cli_spec *spec, aml_compute **out);
/* A deployment spec (--file, required), --name/--endpoint-name on top; spec->deployment. */
int cli_spec_deployment(cli_ctx *ctx, cli_spec *spec);
/* invoke --file inputs.yml: the file's inputs and outputs into opts (spec->inputs owns them). */
int cli_spec_invoke(cli_ctx *ctx, cli_spec *spec, aml_invoke_options *opts);
/* model|code|environment|data create --file: the asset into spec->model / code / environment /
 * data (NULL without --file; --set without --file is bad usage). */
int cli_spec_model(cli_ctx *ctx, cli_spec *spec);
int cli_spec_code(cli_ctx *ctx, cli_spec *spec);
int cli_spec_environment(cli_ctx *ctx, cli_spec *spec);
int cli_spec_data(cli_ctx *ctx, cli_spec *spec);

#endif
