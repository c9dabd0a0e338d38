/* The whole program as a function (main.c calls it; tests may too). */
#ifndef AML_CLI_RUN_H
#define AML_CLI_RUN_H

#include "cli.h"

/* Returns the exit code. Results go to `out`, messages and progress to `err`. */
int cli_main(int argc, char **argv, FILE *out, FILE *err);

#endif
