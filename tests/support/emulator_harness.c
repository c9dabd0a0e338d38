#include "emulator_harness.h"

#include "test_support.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void copy_str(char *dst, size_t size, const char *src) {
  size_t n = strlen(src);
  if (n >= size) fail_msg("value too long for the harness: %s", src);
  memcpy(dst, src, n + 1);
}

/* Only between polls for start-up and exit (readiness): nothing asserts on
 * how long anything took. */
static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = NULL;
  size_t len = 0, cap = 0;
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
    if (len + n + 1 > cap) {
      cap = (len + n + 1) * 2;
      buf = realloc(buf, cap);
    }
    memcpy(buf + len, chunk, n);
    len += n;
  }
  fclose(f);
  if (!buf) buf = calloc(1, 1);
  else buf[len] = '\0';
  return buf;
}

/* Lines of the form: export NAME='value' (single quotes, '\'' escapes). */
static void export_env(const char *script, aml_emu *e) {
  const char *p = script;
  while (*p) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    char line[2048];
    if (len < sizeof(line)) {
      memcpy(line, p, len);
      line[len] = '\0';
      char *s = line;
      if (strncmp(s, "export ", 7) == 0) s += 7;
      char *eq = strchr(s, '=');
      if (eq) {
        *eq = '\0';
        char value[1024];
        size_t v = 0;
        for (char *q = eq + 1; *q && v + 1 < sizeof(value); q++) {
          if (*q == '\'') {
            if (strncmp(q, "'\\''", 4) == 0) {
              value[v++] = '\'';
              q += 3;
            }
            continue;
          }
          value[v++] = *q;
        }
        value[v] = '\0';
        setenv(s, value, 1);
        if (strcmp(s, "AZURE_RESOURCE_MANAGER_URL") == 0) copy_str(e->base_url, sizeof(e->base_url), value);
        if (strcmp(s, "AZUREML_CA_BUNDLE") == 0) copy_str(e->ca_file, sizeof(e->ca_file), value);
      }
    }
    p = nl ? nl + 1 : p + len;
  }
}

void aml_emu_start(aml_emu *e, const char *emulator_path, const char *const *args) {
  if (!e->dir[0]) {
    snprintf(e->dir, sizeof(e->dir), "/tmp/aml-emu-test-XXXXXX");
    if (!mkdtemp(e->dir)) fail_msg("mkdtemp: %s", strerror(errno));
  }
  char port_file[300], env_file[300];
  snprintf(port_file, sizeof(port_file), "%s/port", e->dir);
  snprintf(env_file, sizeof(env_file), "%s/env", e->dir);
  unlink(port_file);
  unlink(env_file);
  unsetenv("AZUREML_CA_BUNDLE");

  const char *argv[64];
  int n = 0;
  argv[n++] = emulator_path;
  argv[n++] = "--port";
  argv[n++] = "0";
  argv[n++] = "--quiet";
  argv[n++] = "--env-file";
  argv[n++] = env_file;
  argv[n++] = "--port-file";
  argv[n++] = port_file;
  for (int i = 0; args && args[i] && n < 62; i++) argv[n++] = args[i];
  argv[n] = NULL;

  pid_t pid = fork();
  if (pid < 0) fail_msg("fork: %s", strerror(errno));
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) dup2(devnull, STDOUT_FILENO); /* READY line and env go to files */
    execv(emulator_path, (char *const *)argv);
    _exit(127);
  }
  e->pid = pid;
  for (int i = 0; i < 200; i++) { /* up to 10 s */
    struct stat st;
    if (stat(port_file, &st) == 0 && st.st_size > 0 && stat(env_file, &st) == 0 && st.st_size > 0) break;
    int status;
    if (waitpid(pid, &status, WNOHANG) == pid) fail_msg("aml-emulator exited early (status %d)", status);
    sleep_ms(50);
  }
  char *script = read_file(env_file);
  if (!script) fail_msg("aml-emulator did not write its environment in 10 s");
  export_env(script, e);
  free(script);
  if (!e->base_url[0]) fail_msg("aml-emulator environment lacks AZURE_RESOURCE_MANAGER_URL");

  if (!e->control) {
    aml_curl_transport_options o;
    aml_curl_transport_options_init(&o, AML_CURL_TRANSPORT_OPTIONS_VERSION);
    o.ca_bundle = e->ca_file[0] ? e->ca_file : NULL;
    aml_error *err = NULL;
    if (aml_curl_transport_new(&o, &e->control, &err) != AML_OK) fail_msg("control transport: %s", aml_error_message(err));
  }
}

void aml_emu_stop(aml_emu *e, int hard) {
  if (e->pid <= 0) return;
  kill(e->pid, hard ? SIGKILL : SIGTERM);
  int status = 0;
  bool exited = false;
  for (int i = 0; i < 200; i++) {
    if (waitpid(e->pid, &status, WNOHANG) == e->pid) {
      exited = true;
      break;
    }
    sleep_ms(50);
  }
  if (!exited) {
    kill(e->pid, SIGKILL);
    waitpid(e->pid, &status, 0);
  }
  e->pid = 0;
  aml_transport_unref(e->control); /* a new port next time: new connections */
  e->control = NULL;
  /* A graceful stop must be clean: a sanitizer report or a crash on the way
   * out is an emulator bug the test run should show. */
  if (!hard && (!exited || !WIFEXITED(status) || WEXITSTATUS(status) != 0))
    fail_msg("aml-emulator did not exit cleanly on SIGTERM (status 0x%x)", (unsigned)status);
}

static void rm_rf(const char *path) {
  char cmd[600];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
  if (system(cmd) != 0) print_message("could not remove %s\n", path);
}

void aml_emu_cleanup(aml_emu *e) {
  aml_emu_stop(e, 0);
  if (e->dir[0]) rm_rf(e->dir);
  e->dir[0] = '\0';
}

aml_client *aml_emu_client(int64_t poll_interval_ms, aml_log_fn log_fn, void *log_user_data) {
  aml_client_options o;
  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  o.poll_interval_ms = poll_interval_ms;
  o.retry.base_delay_ms = 20; /* keep retries under injected faults quick */
  o.log_fn = log_fn;
  o.log_user_data = log_user_data;
  o.log_level = AML_LOG_DEBUG;
  aml_client *c = NULL;
  aml_error *err = NULL;
  if (aml_client_new_from_env(&o, &c, &err) != AML_OK) fail_msg("client from env: %s", aml_error_message(err));
  return c;
}

int aml_emu_control(aml_emu *e, const char *method, const char *path, const char *json_body, char **body) {
  char url[512];
  snprintf(url, sizeof(url), "%s%s", e->base_url, path);
  aml_http_response *resp = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_transport_send(e->control, method, url, json_body ? "Content-Type: application/json" : NULL,
                                     (const uint8_t *)json_body, json_body ? strlen(json_body) : 0, 10000, &resp, &err);
  if (rc != AML_OK) fail_msg("control %s %s: %s", method, path, aml_error_message(err));
  int status = aml_http_response_status(resp);
  if (body) {
    const uint8_t *data;
    size_t size;
    aml_http_response_body(resp, &data, &size);
    *body = malloc(size + 1);
    memcpy(*body, data, size);
    (*body)[size] = '\0';
  }
  aml_http_response_free(resp);
  return status;
}

int aml_emu_count_requests(aml_emu *e, const char *method, const char *path_contains) {
  char *body = NULL;
  assert_int_equal(aml_emu_control(e, "GET", "/_emulator/requests", NULL, &body), 200);
  json_error_t jerr;
  json_t *root = json_loads(body, 0, &jerr);
  free(body);
  json_t *list = json_object_get(root, "requests");
  size_t i;
  json_t *r;
  int count = 0;
  json_array_foreach(list, i, r) {
    const char *m = json_string_value(json_object_get(r, "method"));
    const char *p = json_string_value(json_object_get(r, "path"));
    if ((!method || (m && strcmp(m, method) == 0)) && p && strstr(p, path_contains)) count++;
  }
  json_decref(root);
  return count;
}

void aml_emu_must(aml_result rc, aml_error **err, const char *what) {
  if (rc != AML_OK) fail_msg("%s: %s (%s)", what, aml_result_str(rc), aml_error_message(err ? *err : NULL));
}

void aml_emu_wait(aml_poller *p, const char *what) {
  aml_error *err = NULL;
  aml_emu_must(aml_poller_wait(p, 60000, &err), &err, what);
  aml_poller_free(p);
}

void aml_emu_create_endpoint(aml_client *c, const char *name) {
  aml_batch_endpoint ep;
  aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
  ep.name = name;
  ep.description = "A batch endpoint";
  aml_poller *p = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_batch_endpoints_begin_create_or_update(c, &ep, &p, &err), &err, "create endpoint");
  aml_emu_wait(p, "create endpoint");
}

void aml_emu_create_compute(aml_client *c, const char *name) {
  aml_compute compute;
  aml_compute_init(&compute, AML_COMPUTE_VERSION);
  compute.name = name;
  compute.size = "STANDARD_DS3_V2";
  compute.max_instances = 2;
  aml_poller *p = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_computes_begin_create_or_update(c, &compute, &p, &err), &err, "create compute");
  aml_emu_wait(p, "create compute");
}

void aml_emu_deploy_as_default(aml_client *c, const aml_batch_deployment *d) {
  aml_batch_endpoint *ep = NULL;
  aml_poller *p = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_batch_deployments_begin_create_or_update(c, d, &p, &err), &err, "deployment");
  aml_emu_wait(p, "deployment");
  p = NULL;
  aml_emu_must(aml_batch_endpoints_get(c, d->endpoint_name, &ep, &err), &err, "get endpoint");
  ep->default_deployment_name = d->name;
  aml_emu_must(aml_batch_endpoints_begin_create_or_update(c, ep, &p, &err), &err, "set default deployment");
  aml_emu_wait(p, "set default deployment");
  aml_batch_endpoint_free(ep);
}

void aml_emu_check_credential_on_arm(aml_emu *e, aml_credential *cred) {
  aml_client_options co;
  aml_client_options_init(&co, AML_CLIENT_OPTIONS_VERSION);
  co.resource_manager_url = e->base_url;
  co.ca_bundle = e->ca_file;
  aml_error *err = NULL;
  aml_client *client = NULL;
  aml_emu_must(aml_client_new(cred, getenv("AZURE_SUBSCRIPTION_ID"), getenv("AZURE_RESOURCE_GROUP"),
                              getenv("AZUREML_WORKSPACE"), &co, &client, &err),
               &err, "client");
  aml_workspace *ws = NULL;
  aml_emu_must(aml_workspaces_get(client, &ws, &err), &err, "workspace get");
  aml_workspace_free(ws);
  aml_client_unref(client);
}
