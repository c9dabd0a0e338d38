/* Start Azurite's Blob service (azurite-blob, Node.js) on a free loopback
 * port in a temporary folder for the Blob Storage integration tests, and stop
 * it. Azurite is found through $AML_AZURITE_BLOB (the azurite-blob script),
 * then $AML_AZURITE_DIR/node_modules/.bin, then the path CMake detected, then
 * ~/.cache/aml-azurite/node_modules/.bin (where scripts/check.sh installs it). */
#ifndef AML_TEST_AZURITE_HARNESS_H
#define AML_TEST_AZURITE_HARNESS_H

#include <stddef.h>
#include <sys/types.h>

/* Azurite's well-known development account (public, documented). */
#define AML_AZURITE_ACCOUNT "devstoreaccount1"
#define AML_AZURITE_KEY \
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

typedef struct aml_azurite {
  pid_t pid;
  int port;
  char dir[256];      /* --location, removed by aml_azurite_stop */
  char endpoint[64];  /* "127.0.0.1:<port>" */
} aml_azurite;

/* Start it and wait (up to 60 s) until it accepts connections. 0 on success;
 * -1 when Node.js or Azurite is missing or it would not start, with the
 * reason in `why` (the caller skips its Azurite cases and says so). */
int aml_azurite_start(aml_azurite *a, char *why, size_t why_size);
/* SIGTERM (then SIGKILL after 10 s), wait, remove the folder. Safe twice. */
void aml_azurite_stop(aml_azurite *a);

#endif
