/* Start aml-emulator as a child process for integration tests, point the
 * environment (the variables aml_client_new_from_env reads) at it, and talk
 * to its control API (/_emulator/...) over real HTTP(S). */
#ifndef AML_TEST_EMULATOR_HARNESS_H
#define AML_TEST_EMULATOR_HARNESS_H

#include <azureml.h>
#include <sys/types.h>

typedef struct aml_emu {
  pid_t pid;
  char dir[256];      /* scratch directory (port/env files, data dir) */
  char base_url[256]; /* e.g. http://127.0.0.1:41234 */
  char ca_file[512];  /* with --tls: the CA the emulator generated */
  aml_transport *control; /* a curl transport for the control API */
} aml_emu;

/* Start `emulator_path` on a free port with `args` (NULL-terminated, may be
 * NULL) added to "--port 0 --quiet --env-file ... --port-file ...". Unless
 * `args` holds --data-dir, state is in memory. Exports the emulator's
 * environment (AZURE_*, AZUREML_*) into this process. Fails the test on error. */
void aml_emu_start(aml_emu *e, const char *emulator_path, const char *const *args);
/* SIGTERM and wait; `hard` sends SIGKILL instead (crash simulation). */
void aml_emu_stop(aml_emu *e, int hard);
/* Remove the scratch directory (after the last stop). */
void aml_emu_cleanup(aml_emu *e);

/* A client from the environment with fast polling (poll_interval_ms) and,
 * optionally, a log callback. */
aml_client *aml_emu_client(int64_t poll_interval_ms, aml_log_fn log_fn, void *log_user_data);

/* Call the control API; returns the HTTP status, *body (nullable) receives a
 * malloc'd copy of the response body. */
int aml_emu_control(aml_emu *e, const char *method, const char *path, const char *json_body, char **body);

/* Requests the emulator recorded whose path contains `path_contains` and,
 * when non-NULL, whose method is `method`. */
int aml_emu_count_requests(aml_emu *e, const char *method, const char *path_contains);

/* Fail the test unless rc is AML_OK, with the error *err holds. Takes the
 * error's address: it is read after the call that set it has run. */
void aml_emu_must(aml_result rc, aml_error **err, const char *what);
/* Asserts that a token from cred is accepted by e's Resource Manager: a
 * client on cred reads the workspace the emulator's environment names. */
void aml_emu_check_credential_on_arm(aml_emu *e, aml_credential *cred);
/* Wait (up to 60 s) for a poller to succeed, then free it. */
void aml_emu_wait(aml_poller *p, const char *what);
/* Create a batch endpoint and wait until it is provisioned. */
void aml_emu_create_endpoint(aml_client *c, const char *name);
/* Create an AmlCompute cluster (STANDARD_DS3_V2, up to 2 nodes) and wait. */
void aml_emu_create_compute(aml_client *c, const char *name);
/* Create the deployment `d`, wait for it, then make it its endpoint's
 * default (GET, then create_or_update) and wait. */
void aml_emu_deploy_as_default(aml_client *c, const aml_batch_deployment *d);

#endif
