/* --file and --set: the YAML spec of a command (az ml schema), loaded into
 * the library's entity, with --name and friends on top. Everything a loaded
 * spec owns is released by cli_spec_free(). */
#ifndef AML_CLI_SPEC_H
#define AML_CLI_SPEC_H

#include "cli.h"

typedef struct cli_spec {
  void *owned[8]; /* what the loader allocated (freed with the matching function) */
  void (*free_fn[8])(void *);
  size_t count;
} cli_spec;

void cli_spec_free(cli_spec *spec);

/* Each fills the caller's struct (initialised by the caller) from --file
 * (when given) and the flags, and returns an exit code. */
int cli_spec_load_endpoint(cli_ctx *ctx, cli_spec *spec, aml_batch_endpoint *ep, int for_update);
int cli_spec_load_deployment(cli_ctx *ctx, cli_spec *spec, aml_batch_deployment *dep);
int cli_spec_load_compute(cli_ctx *ctx, cli_spec *spec, aml_compute *compute);
int cli_spec_load_invoke(cli_ctx *ctx, cli_spec *spec, aml_invoke_options *opts);

#endif
