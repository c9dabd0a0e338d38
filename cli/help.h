/* Help from the command table: `aml --help`, `aml GROUP --help`, `aml GROUP
 * COMMAND --help`, and the whole reference as Markdown (docs/cli.md). */
#ifndef AML_CLI_HELP_H
#define AML_CLI_HELP_H

#include "cli.h"

void cli_help_text(FILE *out, const cli_group *group, const cli_command *command);
void cli_help_markdown(FILE *out);

#endif
