/* aml: Azure ML batch scoring from the command line (see docs/cli.md). */
#include "run.h"

int main(int argc, char **argv) {
  if (aml_global_init() < 0) {
    fputs("ERROR: the library could not initialise\n", stderr);
    return CLI_EXIT_FAILED;
  }
  int rc = cli_main(argc, argv, stdout, stderr);
  aml_global_shutdown();
  return rc;
}
