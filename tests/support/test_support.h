/* Helpers shared by the cmocka tests. */
#ifndef AML_TEST_SUPPORT_H
#define AML_TEST_SUPPORT_H

#include <azureml.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

/* ---- allocation counting and failure injection --------------------------
 * aml_test_alloc_install() routes every library allocation (and jansson's)
 * through a counting allocator. aml_test_alloc_fail_at(n) makes the n-th
 * allocation from now fail (1-based); 0 disables. */
/* A loopback port nothing listens on (bound, then closed): connecting is
 * refused at once. For endpoints a test must never really reach. */
int aml_test_closed_loopback_port(void);

void aml_test_alloc_install(void);
void aml_test_alloc_uninstall(void);
void aml_test_alloc_fail_at(long n);
long aml_test_alloc_count(void);       /* allocations since install / last reset */
long aml_test_alloc_live(void);        /* blocks currently allocated */
int aml_test_alloc_failed(void);       /* 1 once the injected failure happened */
void aml_test_alloc_reset_counters(void);

/* An allocation-failure sweep: run `scenario` with no failure (it must
 * succeed), then with the 1st, 2nd, ... allocation failing until a run needs
 * fewer allocations than that. Every run must leave nothing allocated. A
 * scenario makes and frees everything it uses, checks its own result for
 * fail_at, and returns the call's result. Fails the test unless more than
 * min_points allocations were swept and some run reported a failure. */
typedef aml_result (*aml_test_scenario_fn)(long fail_at);
void aml_test_alloc_sweep(aml_test_scenario_fn scenario, long min_points, const char *label);
/* For sweep scenarios: a client with a static token ("tok") on `fake`, ARM at
 * https://arm.test, no sleeps. Returns the first failure instead of failing
 * the test (an injected allocation failure is an expected outcome). */
aml_result aml_test_sweep_client(aml_transport *fake, aml_client **out, aml_error **err);

/* ---- log capture ---------------------------------------------------------- */
typedef struct aml_test_log {
  char *text;      /* every line, '\n'-separated */
  size_t len, cap;
  int lines;
} aml_test_log;
void aml_test_log_fn(int32_t level, const char *message, void *user_data);
void aml_test_log_free(aml_test_log *log);

/* A pthread start routine: 100 ms after it starts, aml_poller_cancel(arg)
 * (arg: the aml_poller a wait is sleeping in). */
void *aml_test_cancel_poller_soon(void *poller);

/* ---- sleep capture: records requested delays instead of sleeping --------- */
typedef struct aml_test_sleeps {
  int64_t delays[64];
  int count;
  aml_result result; /* returned by the hook (default AML_OK) */
} aml_test_sleeps;
aml_result aml_test_sleep_fn(int64_t ms, void *user_data);

/* A client over `transport` with a static token credential ("test-token"),
 * sleeps recorded in `sleeps` (nullable: then real, zero-length), logs into
 * `log` (nullable) at `log_level`. Fails the test on error. */
aml_client *aml_test_client_new(aml_transport *transport, aml_test_sleeps *sleeps, aml_test_log *log,
                                int32_t log_level);

/* A fake transport and a client on it (aml_test_client_new), for cmocka
 * setup/teardown: *state receives an aml_test_fake. Sleeps are recorded. */
typedef struct aml_test_fake {
  aml_transport *t;
  aml_client *c;
  aml_test_sleeps sleeps;
} aml_test_fake;
int aml_test_fake_setup(void **state);
int aml_test_fake_teardown(void **state);
/* The i-th recorded request of a fake transport, and its body parsed as JSON
 * (a new reference; fails the test when it is not JSON). */
const aml_http_request *aml_test_request(aml_transport *t, size_t i);
struct json_t *aml_test_request_json(aml_transport *t, size_t i);

/* Queue a 200 workspace response on a fake transport. */
void aml_test_queue_workspace(aml_transport *fake, const char *name, const char *location);

/* Request body of a recorded request as a NUL-terminated copy (free()). */
char *aml_test_request_body(const aml_http_request *req);

#endif
