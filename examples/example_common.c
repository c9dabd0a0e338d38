#include "example_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *example_env(const char *name, const char *fallback) {
  const char *v = getenv(name);
  return v && *v ? v : fallback;
}

const char *example_sample_path(const char *name, char *buf, size_t size) {
  const char *root = example_env("AZUREML_SAMPLE_DIR", AML_EXAMPLES_SAMPLE_DIR);
  int n = snprintf(buf, size, "%s/%s", root, name);
  return n >= 0 && (size_t)n < size ? buf : NULL;
}

static void log_to_stderr(int32_t level, const char *message, void *user_data) {
  (void)user_data;
  static const char *names[] = {"", "error", "warning", "info", "debug"};
  fprintf(stderr, "[azureml %s] %s\n", names[level >= 0 && level <= 4 ? level : 0], message);
}

void example_fail(const char *what, aml_error *err) {
  fprintf(stderr, "%s failed: %s\n", what, err ? aml_error_message(err) : "(no details)");
  for (size_t i = 0; i < aml_error_details_count(err); i++) {
    const char *code = NULL, *message = NULL;
    aml_error_detail_at(err, i, &code, &message, NULL);
    fprintf(stderr, "  detail: %s: %s\n", code ? code : "", message ? message : "");
  }
  if (aml_error_request_id(err)) fprintf(stderr, "  request id: %s\n", aml_error_request_id(err));
  aml_error_free(err);
}

aml_client *example_client(void) {
  /* Progress goes to stderr, results to stdout: keep them in order in a pipe. */
  setvbuf(stdout, NULL, _IOLBF, 0);
  aml_client_options opts;
  aml_client_options_init(&opts, AML_CLIENT_OPTIONS_VERSION);
  const char *level = example_env("AZUREML_LOG", NULL);
  if (level) {
    opts.log_fn = log_to_stderr;
    opts.log_level = strcmp(level, "debug") == 0 ? AML_LOG_DEBUG
                     : strcmp(level, "warning") == 0 ? AML_LOG_WARNING
                     : strcmp(level, "error") == 0 ? AML_LOG_ERROR
                                                   : AML_LOG_INFO;
  }
  /* Against a local emulator, poll quickly when it sends no Retry-After. */
  const char *interval = example_env("AZUREML_POLL_INTERVAL_MS", NULL);
  if (interval) opts.poll_interval_ms = atoll(interval);
  aml_client *client = NULL;
  aml_error *err = NULL;
  if (aml_client_new_from_env(&opts, &client, &err) < 0) {
    example_fail("creating a client from the environment", err);
    return NULL;
  }
  return client;
}

static void on_progress(const aml_poller *poller, void *user_data) {
  char *last = user_data;
  const char *status = aml_poller_status(poller);
  if (strcmp(last, status) != 0) {
    fprintf(stderr, "  %s: %s\n", aml_poller_operation(poller), status);
    snprintf(last, 64, "%s", status);
  }
}

int example_wait(aml_poller *poller, const char *what) {
  char last[64] = "";
  aml_poller_set_progress(poller, on_progress, last);
  aml_error *err = NULL;
  if (aml_poller_wait(poller, 20 * 60 * 1000, &err) < 0) {
    example_fail(what, err);
    return 1;
  }
  return 0;
}
