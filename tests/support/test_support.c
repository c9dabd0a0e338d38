#include "test_support.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void *aml_test_cancel_poller_soon(void *poller) {
  /* Real time, on purpose and harmless: a cancel is kept until a wait takes
   * it, so the waits these tests assert on end AML_ERR_CANCELED whether the
   * cancel lands before the wait starts or during its sleep; the pause only
   * makes "wake a sleeping wait" the usual case. Nothing asserts on time. */
  struct timespec ts = {0, 100 * 1000000L};
  nanosleep(&ts, NULL);
  aml_poller_cancel(poller);
  return NULL;
}

/* Each block carries its size in a header so the live count can be kept. */
typedef struct hdr {
  size_t size;
  size_t pad; /* keep 16-byte alignment for the user part */
} hdr;

static long g_count, g_live, g_fail_at;
static int g_failed;

static int should_fail(void) {
  g_count++;
  if (g_fail_at > 0 && g_count == g_fail_at) {
    g_failed = 1;
    return 1;
  }
  return 0;
}

static void *t_malloc(size_t size, void *ud) {
  (void)ud;
  if (should_fail()) return NULL;
  hdr *h = malloc(sizeof(hdr) + size);
  if (!h) return NULL;
  h->size = size;
  g_live++;
  return h + 1;
}

static void t_free(void *p, void *ud) {
  (void)ud;
  if (!p) return;
  hdr *h = (hdr *)p - 1;
  g_live--;
  free(h);
}

static void *t_realloc(void *p, size_t size, void *ud) {
  if (!p) return t_malloc(size, ud);
  if (should_fail()) return NULL;
  hdr *h = (hdr *)p - 1;
  hdr *n = realloc(h, sizeof(hdr) + size);
  if (!n) return NULL;
  n->size = size;
  return n + 1;
}

void aml_test_alloc_install(void) {
  aml_allocator a;
  aml_allocator_init(&a, AML_ALLOCATOR_VERSION);
  a.malloc_fn = t_malloc;
  a.realloc_fn = t_realloc;
  a.free_fn = t_free;
  aml_test_alloc_reset_counters();
  g_live = 0;
  aml_global_set_allocator(&a, AML_ALLOC_FORWARD_JANSSON);
}

void aml_test_alloc_uninstall(void) { aml_global_set_allocator(NULL, 0); }
void aml_test_alloc_fail_at(long n) { g_fail_at = n > 0 ? g_count + n : 0; g_failed = 0; }
long aml_test_alloc_count(void) { return g_count; }
long aml_test_alloc_live(void) { return g_live; }
int aml_test_alloc_failed(void) { return g_failed; }
void aml_test_alloc_reset_counters(void) { g_count = 0; g_fail_at = 0; g_failed = 0; }

/* Run a scenario with the fail_at-th allocation failing (0: none) and check
 * that nothing leaked. Returns 1 when the injected failure was hit. */
static int run_once(aml_test_scenario_fn scenario, long fail_at, aml_result *rc_out) {
  aml_test_alloc_install();
  long baseline = aml_test_alloc_live();
  aml_test_alloc_fail_at(fail_at);
  aml_result rc = scenario(fail_at);
  int hit = aml_test_alloc_failed();
  long live = aml_test_alloc_live();
  aml_test_alloc_uninstall();
  if (live != baseline) fail_msg("fail_at=%ld: %ld block(s) leaked (rc=%d)", fail_at, live - baseline, rc);
  *rc_out = rc;
  return hit;
}

/* Fail allocation 1, 2, ... until a run needs fewer allocations than that. */
void aml_test_alloc_sweep(aml_test_scenario_fn scenario, long min_points, const char *label) {
  aml_result rc;
  assert_int_equal(run_once(scenario, 0, &rc), 0);
  assert_int_equal(rc, AML_OK);
  long n = 1, failures = 0;
  for (; n < 100000; n++) {
    if (!run_once(scenario, n, &rc)) break;
    if (rc != AML_OK) failures++;
  }
  assert_true(n > min_points); /* the call really allocates: the sweep covered something */
  assert_true(failures > 0);
  print_message("%s: %ld allocation points, %ld reported a failure\n", label, n - 1, failures);
}

static aml_result sweep_no_sleep(int64_t ms, void *ud) {
  (void)ms;
  (void)ud;
  return AML_OK;
}

aml_result aml_test_sweep_client(aml_transport *fake, aml_client **out, aml_error **err) {
  aml_credential *cred = NULL;
  aml_result rc = aml_static_token_credential_new("tok", 0, &cred, err);
  if (rc == AML_OK) {
    aml_client_options o;
    aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
    o.transport = fake;
    o.sleep_fn = sweep_no_sleep;
    o.resource_manager_url = "https://arm.test";
    rc = aml_client_new(cred, "sub", "rg", "ws", &o, out, err);
  }
  aml_credential_unref(cred);
  return rc;
}

void aml_test_log_fn(int32_t level, const char *message, void *user_data) {
  (void)level;
  aml_test_log *log = user_data;
  size_t n = strlen(message);
  if (log->len + n + 2 > log->cap) {
    size_t cap = (log->cap ? log->cap * 2 : 1024) + n;
    log->text = realloc(log->text, cap);
    log->cap = cap;
  }
  memcpy(log->text + log->len, message, n);
  log->len += n;
  log->text[log->len++] = '\n';
  log->text[log->len] = '\0';
  log->lines++;
}

void aml_test_log_free(aml_test_log *log) {
  free(log->text);
  memset(log, 0, sizeof(*log));
}

aml_result aml_test_sleep_fn(int64_t ms, void *user_data) {
  aml_test_sleeps *s = user_data;
  if (s->count < (int)(sizeof(s->delays) / sizeof(s->delays[0]))) s->delays[s->count] = ms;
  s->count++;
  return s->result;
}

char *aml_test_request_body(const aml_http_request *req) {
  const uint8_t *data = NULL;
  size_t size = 0;
  if (aml_http_request_body(req, &data, &size) != AML_OK) return NULL;
  char *s = malloc(size + 1);
  if (size) memcpy(s, data, size);
  s[size] = '\0';
  return s;
}

static aml_result no_sleep(int64_t ms, void *ud) {
  (void)ms;
  (void)ud;
  return AML_OK;
}

aml_client *aml_test_client_new(aml_transport *transport, aml_test_sleeps *sleeps, aml_test_log *log,
                                int32_t log_level) {
  aml_credential *cred = NULL;
  assert_int_equal(aml_static_token_credential_new("test-token", 0, &cred, NULL), AML_OK);
  aml_client_options o;
  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  o.transport = transport;
  o.sleep_fn = sleeps ? aml_test_sleep_fn : no_sleep;
  o.sleep_user_data = sleeps;
  o.resource_manager_url = "https://management.example.test";
  if (log) {
    o.log_fn = aml_test_log_fn;
    o.log_user_data = log;
    o.log_level = log_level;
  }
  aml_client *c = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_client_new(cred, "sub-1", "rg-1", "ws-1", &o, &c, &err);
  if (rc != AML_OK) fail_msg("aml_client_new: %s", aml_error_message(err));
  aml_credential_unref(cred);
  return c;
}

void aml_test_queue_workspace(aml_transport *fake, const char *name, const char *location) {
  char body[512];
  snprintf(body, sizeof(body),
           "{\"id\":\"/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/%s\","
           "\"name\":\"%s\",\"location\":\"%s\",\"properties\":{\"discoveryUrl\":\"https://%s.api.azureml.ms/discovery\","
           "\"friendlyName\":\"Friendly\",\"provisioningState\":\"Succeeded\",\"workspaceId\":\"0000-1111\"}}",
           name, name, location, location);
  assert_int_equal(aml_fake_transport_add_response(fake, 200, "Content-Type: application/json\nx-ms-request-id: srv-1", body, NULL), AML_OK);
}

int aml_test_fake_setup(void **state) {
  aml_test_fake *f = calloc(1, sizeof(*f));
  if (!f || aml_fake_transport_new(&f->t, NULL) != AML_OK) return -1;
  f->c = aml_test_client_new(f->t, &f->sleeps, NULL, 0);
  *state = f;
  return 0;
}

int aml_test_fake_teardown(void **state) {
  aml_test_fake *f = *state;
  aml_client_unref(f->c);
  aml_transport_unref(f->t);
  free(f);
  return 0;
}

const aml_http_request *aml_test_request(aml_transport *t, size_t i) {
  const aml_http_request *r = aml_fake_transport_request_at(t, i);
  if (!r) fail_msg("no request %zu was sent", i);
  return r;
}

json_t *aml_test_request_json(aml_transport *t, size_t i) {
  char *b = aml_test_request_body(aml_test_request(t, i));
  json_error_t e;
  json_t *j = json_loads(b, 0, &e);
  if (!j) fail_msg("request %zu body is not JSON: %s", i, b);
  free(b);
  return j;
}

int aml_test_closed_loopback_port(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  assert_true(fd >= 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof(a));
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
  socklen_t len = sizeof(a);
  assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
  close(fd);
  return ntohs(a.sin_port);
}
