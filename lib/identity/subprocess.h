/* Run a program without a shell, with a deadline, capturing its output. */
#ifndef AML_IDENTITY_SUBPROCESS_H
#define AML_IDENTITY_SUBPROCESS_H

#include <azureml/errors.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"

typedef struct aml_subprocess_result {
  int exit_code;   /* the exit status; -1 when a signal ended it */
  bool timed_out;  /* killed at the deadline (exit_code is then -1) */
  bool truncated;  /* stdout or stderr exceeded max_output (the rest was discarded) */
  aml_buf out;     /* standard output (may hold a secret: wipe it) */
  aml_buf err;     /* standard error */
} aml_subprocess_result;

/* The first executable regular file `name` in the directories of PATH
 * (default "/usr/local/bin:/usr/bin:/bin"), as a new string; NULL when there
 * is none (or out of memory: *nomem says which). */
char *aml__which(const char *name, bool *nomem);

/* Run `path` with `argv` (argv[0] first, NULL-terminated) and this process's
 * environment; standard input is /dev/null. The child leads its own process
 * group; at the deadline the whole group is killed (SIGKILL) and reaped.
 * Returns AML_OK once the child has ended (whatever its status), or an error
 * when it could not be started. `res` is initialised here; free with
 * aml__subprocess_result_free. Safe from several threads at once. */
aml_result aml__subprocess_run(const char *path, char *const argv[], int64_t timeout_ms, size_t max_output,
                               aml_subprocess_result *res, aml_error **err);

/* Wipes the output buffers and frees them. */
void aml__subprocess_result_free(aml_subprocess_result *res);

#endif
