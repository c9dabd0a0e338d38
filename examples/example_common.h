/* What the examples share: a client from the environment, optional logging
 * to stderr (AZUREML_LOG=debug|info|warning|error), waiting on a poller with
 * progress, and printing errors. Not part of the library. */
#ifndef AML_EXAMPLE_COMMON_H
#define AML_EXAMPLE_COMMON_H

#include <azureml.h>

/* A client from the environment; prints the error and returns NULL on failure. */
aml_client *example_client(void);

/* Wait (up to 20 minutes) for a poller, printing each status change to stderr.
 * Returns 0 on success; prints the error and returns 1 otherwise. */
int example_wait(aml_poller *poller, const char *what);

/* Print "<what>: <message>" and the service's details to stderr; frees err. */
void example_fail(const char *what, aml_error *err);

/* An environment variable or a default. */
const char *example_env(const char *name, const char *fallback);

/* "<sample folder>/<name>" in buf: the sample model, code and data of
 * examples/batch-scoring (AZUREML_SAMPLE_DIR, else the source tree's copy).
 * Returns buf, or NULL when it does not fit. */
const char *example_sample_path(const char *name, char *buf, size_t size);

#endif
