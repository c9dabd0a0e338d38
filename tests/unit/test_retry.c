/* The retry policy: which statuses and failures are retried, how long it
 * waits (backoff, jitter, cap, every Retry-After form), when it gives up, and
 * the POST rules. Sleeps are recorded through the sleep hook, not taken. */
#include "test_support.h"

#include "core/clock.h"
#include "http/pipeline.h"

#include <string.h>
#include <time.h>

typedef struct fixture {
  aml_transport *t;
  aml_test_sleeps sleeps;
  aml_pipeline p;
} fixture;

static int setup(void **state) {
  fixture *f = calloc(1, sizeof(*f));
  aml_fake_transport_new(&f->t, NULL);
  aml_pipeline_config cfg = {0};
  cfg.transport = f->t;
  cfg.sleep_fn = aml_test_sleep_fn;
  cfg.sleep_user_data = &f->sleeps;
  assert_int_equal(aml__pipeline_init(&f->p, &cfg, NULL), AML_OK);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  aml__pipeline_cleanup(&f->p);
  aml_transport_unref(f->t);
  free(f);
  return 0;
}

/* Send one request through the pipeline; returns rc, *status the final status. */
static aml_result send(fixture *f, const char *method, bool retry_post, int32_t *status, aml_error **err) {
  aml_http_request *req = NULL;
  aml_http_response *resp = NULL;
  assert_int_equal(aml__http_request_new(method, "https://h/r?api-version=1", &req), AML_OK);
  assert_int_equal(aml__http_response_new(&resp), AML_OK);
  req->retry_post = retry_post;
  aml_result rc = aml__pipeline_send(&f->p, req, resp, err);
  *status = resp->status;
  aml__http_request_free(req);
  aml_http_response_free(resp);
  return rc;
}

static void queue(fixture *f, int32_t status, const char *headers) {
  assert_int_equal(aml_fake_transport_add_response(f->t, status, headers, "{}", NULL), AML_OK);
}

static void test_retriable_statuses(void **state) {
  fixture *f = *state;
  const int32_t codes[] = {408, 429, 500, 502, 503, 504};
  for (size_t i = 0; i < 6; i++) {
    aml_fake_transport_reset(f->t);
    f->sleeps.count = 0;
    queue(f, codes[i], NULL);
    queue(f, 200, NULL);
    int32_t status;
    assert_int_equal(send(f, "GET", false, &status, NULL), AML_OK);
    assert_int_equal(status, 200);
    assert_int_equal(aml_fake_transport_request_count(f->t), 2);
    assert_int_equal(f->sleeps.count, 1);
  }
}

static void test_non_retriable_statuses(void **state) {
  fixture *f = *state;
  const int32_t codes[] = {200, 201, 204, 400, 401, 403, 404, 409, 412, 501, 505};
  for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
    aml_fake_transport_reset(f->t);
    f->sleeps.count = 0;
    queue(f, codes[i], "Retry-After: 1");
    int32_t status;
    assert_int_equal(send(f, "GET", false, &status, NULL), AML_OK);
    assert_int_equal(status, codes[i]);
    assert_int_equal(aml_fake_transport_request_count(f->t), 1);
    assert_int_equal(f->sleeps.count, 0);
  }
}

static void test_exhaustion_returns_last_response(void **state) {
  fixture *f = *state;
  for (int i = 0; i < 5; i++) queue(f, 503, NULL);
  int32_t status;
  assert_int_equal(send(f, "GET", false, &status, NULL), AML_OK);
  assert_int_equal(status, 503);
  /* 1 try + 3 retries by default; the fifth response stays queued. */
  assert_int_equal(aml_fake_transport_request_count(f->t), 4);
  assert_int_equal(aml_fake_transport_pending_count(f->t), 1);
  assert_int_equal(f->sleeps.count, 3);
  /* Exponential backoff with jitter in [0.8, 1.2): 800, 1600, 3200 ms. */
  const int64_t base[] = {800, 1600, 3200};
  for (int i = 0; i < 3; i++) {
    assert_true(f->sleeps.delays[i] >= base[i] * 8 / 10);
    assert_true(f->sleeps.delays[i] < base[i] * 12 / 10);
  }
}

static void test_connection_errors(void **state) {
  fixture *f = *state;
  aml_fake_transport_add_failure(f->t, AML_ERR_CONNECT, NULL);
  aml_fake_transport_add_failure(f->t, AML_ERR_TRANSPORT, NULL);
  aml_fake_transport_add_failure(f->t, AML_ERR_TIMEOUT, NULL);
  queue(f, 200, NULL);
  int32_t status;
  assert_int_equal(send(f, "GET", false, &status, NULL), AML_OK);
  assert_int_equal(status, 200);
  assert_int_equal(f->sleeps.count, 3);

  /* Exhausted: the last failure comes back with its error. */
  aml_fake_transport_reset(f->t);
  for (int i = 0; i < 4; i++) aml_fake_transport_add_failure(f->t, AML_ERR_CONNECT, NULL);
  aml_error *err = NULL;
  assert_int_equal(send(f, "DELETE", false, &status, &err), AML_ERR_CONNECT);
  assert_int_equal(aml_error_code(err), AML_ERR_CONNECT);
  aml_error_free(err);
  assert_int_equal(aml_fake_transport_request_count(f->t), 4);

  /* A TLS failure will not heal by itself: no retry. */
  aml_fake_transport_reset(f->t);
  aml_fake_transport_add_failure(f->t, AML_ERR_TLS, NULL);
  queue(f, 200, NULL);
  err = NULL;
  assert_int_equal(send(f, "GET", false, &status, &err), AML_ERR_TLS);
  aml_error_free(err);
  assert_int_equal(aml_fake_transport_request_count(f->t), 1);
}

static void test_post_rules(void **state) {
  fixture *f = *state;
  int32_t status;
  /* A POST that reached the server is never repeated... */
  queue(f, 503, NULL);
  queue(f, 200, NULL);
  assert_int_equal(send(f, "POST", false, &status, NULL), AML_OK);
  assert_int_equal(status, 503);
  assert_int_equal(aml_fake_transport_request_count(f->t), 1);
  aml_fake_transport_reset(f->t);
  aml_fake_transport_add_failure(f->t, AML_ERR_TRANSPORT, NULL);
  queue(f, 200, NULL);
  aml_error *err = NULL;
  assert_int_equal(send(f, "POST", false, &status, &err), AML_ERR_TRANSPORT);
  aml_error_free(err);
  assert_int_equal(aml_fake_transport_request_count(f->t), 1);
  aml_fake_transport_reset(f->t);
  aml_fake_transport_add_failure(f->t, AML_ERR_TIMEOUT, NULL);
  err = NULL;
  assert_int_equal(send(f, "POST", false, &status, &err), AML_ERR_TIMEOUT);
  aml_error_free(err);
  /* ...but one that never left is. */
  aml_fake_transport_reset(f->t);
  aml_fake_transport_add_failure(f->t, AML_ERR_CONNECT, NULL);
  queue(f, 200, NULL);
  assert_int_equal(send(f, "POST", false, &status, NULL), AML_OK);
  assert_int_equal(status, 200);
  assert_int_equal(aml_fake_transport_request_count(f->t), 2);
  /* A POST made safe with a repeatability id retries like a GET. */
  aml_fake_transport_reset(f->t);
  queue(f, 429, NULL);
  aml_fake_transport_add_failure(f->t, AML_ERR_TRANSPORT, NULL);
  queue(f, 200, NULL);
  assert_int_equal(send(f, "POST", true, &status, NULL), AML_OK);
  assert_int_equal(status, 200);
  assert_int_equal(aml_fake_transport_request_count(f->t), 3);
  /* PUT, PATCH and DELETE are idempotent in ARM and are retried. */
  const char *methods[] = {"PUT", "PATCH", "DELETE"};
  for (int i = 0; i < 3; i++) {
    aml_fake_transport_reset(f->t);
    queue(f, 500, NULL);
    queue(f, 200, NULL);
    assert_int_equal(send(f, methods[i], false, &status, NULL), AML_OK);
    assert_int_equal(status, 200);
  }
}

static void test_retry_after_forms(void **state) {
  fixture *f = *state;
  char date[64];
  time_t soon = (time_t)aml__now_unix_s() + 30;
  struct tm tm;
  gmtime_r(&soon, &tm);
  strftime(date, sizeof(date), "Retry-After: %a, %d %b %Y %H:%M:%S GMT", &tm);
  struct {
    const char *headers;
    int64_t lo, hi;
  } cases[] = {
      {"retry-after-ms: 1234", 1234, 1234},
      {"x-ms-retry-after-ms: 250", 250, 250},
      {"Retry-After: 7", 7000, 7000},
      {"Retry-After: 0", 0, 0},
      {date, 28000, 31000},
      {"Retry-After: Thu, 01 Jan 1970 00:00:00 GMT", 0, 0}, /* in the past: no wait */
      /* Precedence: the millisecond headers win over Retry-After. */
      {"Retry-After: 9\nretry-after-ms: 10", 10, 10},
      {"Retry-After: 9\nx-ms-retry-after-ms: 20", 20, 20},
      {"retry-after-ms: 5\nx-ms-retry-after-ms: 20", 5, 5},
      {"retry-after-ms: 1.5", 2, 2},
      /* Garbage falls back to the backoff (800 ms +- jitter). */
      {"Retry-After: soon", 640, 960},
      {"retry-after-ms: 1e400", 640, 960}, /* not a plain number */
      /* The documented rule: max_delay_ms (60 s) caps the computed backoff
       * only; the server's wait is honoured above it (as the Azure SDKs do),
       * clamped to AML_RETRY_AFTER_MAX_MS. Far-future dates and huge numbers
       * clamp without overflow (this runs under UBSan in CI). */
      {"Retry-After: 120", 120000, 120000},
      {"Retry-After: 3600", AML_RETRY_AFTER_MAX_MS, AML_RETRY_AFTER_MAX_MS},
      {"Retry-After: Wed, 01 Jan 3000 00:00:00 GMT", AML_RETRY_AFTER_MAX_MS, AML_RETRY_AFTER_MAX_MS},
      {"Retry-After: Fri, 31 Dec 9999 23:59:59 GMT", AML_RETRY_AFTER_MAX_MS, AML_RETRY_AFTER_MAX_MS},
      {"Retry-After: 99999999999999999999999999", AML_RETRY_AFTER_MAX_MS, AML_RETRY_AFTER_MAX_MS},
      {"Retry-After: 9223372036854775807", AML_RETRY_AFTER_MAX_MS, AML_RETRY_AFTER_MAX_MS},
      {"retry-after-ms: 99999999999999999999999999.5", AML_RETRY_AFTER_MAX_MS, AML_RETRY_AFTER_MAX_MS},
      {"x-ms-retry-after-ms: 600001", AML_RETRY_AFTER_MAX_MS, AML_RETRY_AFTER_MAX_MS},
      {"x-ms-retry-after-ms: 599999", 599999, 599999},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    aml_fake_transport_reset(f->t);
    f->sleeps.count = 0;
    queue(f, 429, cases[i].headers);
    queue(f, 200, NULL);
    int32_t status;
    assert_int_equal(send(f, "GET", false, &status, NULL), AML_OK);
    assert_int_equal(status, 200); /* retried, whatever the wait */
    assert_int_equal(f->sleeps.count, 1);
    if (f->sleeps.delays[0] < cases[i].lo || f->sleeps.delays[0] > cases[i].hi)
      fail_msg("case %zu (%s): slept %lld ms", i, cases[i].headers, (long long)f->sleeps.delays[0]);
  }
}

static void test_backoff_math(void **state) {
  (void)state;
  aml_retry_options o;
  aml_retry_options_init(&o, AML_RETRY_OPTIONS_VERSION);
  assert_int_equal(o.max_retries, 3);
  assert_int_equal(o.base_delay_ms, 800);
  assert_int_equal(o.max_delay_ms, 60000);
  for (int attempt = 1; attempt <= 20; attempt++) {
    for (int k = 0; k < 50; k++) {
      int64_t d = aml__retry_backoff_ms(&o, attempt);
      double expect = 800.0 * (double)(1LL << (attempt - 1));
      if (expect > 60000) expect = 60000;
      assert_true(d >= (int64_t)(expect * 0.8) - 1);
      assert_true(d <= 60000);
      assert_true(d < (int64_t)(expect * 1.2) + 1);
    }
  }
  assert_int_equal(aml_retry_options_init(NULL, AML_RETRY_OPTIONS_VERSION), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_retry_options_init(&o, 0), AML_ERR_VERSION);
}

static void test_custom_retry_options(void **state) {
  (void)state;
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  aml_test_sleeps sleeps = {0};
  aml_retry_options ro;
  aml_retry_options_init(&ro, AML_RETRY_OPTIONS_VERSION);
  ro.max_retries = 1;
  ro.base_delay_ms = 10;
  ro.max_delay_ms = 15;
  aml_pipeline_config cfg = {0};
  cfg.transport = t;
  cfg.retry = &ro;
  cfg.sleep_fn = aml_test_sleep_fn;
  cfg.sleep_user_data = &sleeps;
  aml_pipeline p;
  assert_int_equal(aml__pipeline_init(&p, &cfg, NULL), AML_OK);
  for (int i = 0; i < 3; i++) aml_fake_transport_add_response(t, 500, NULL, NULL, NULL);
  aml_http_request *req = NULL;
  aml_http_response *resp = NULL;
  aml__http_request_new("GET", "https://h/", &req);
  aml__http_response_new(&resp);
  assert_int_equal(aml__pipeline_send(&p, req, resp, NULL), AML_OK);
  assert_int_equal(resp->status, 500);
  assert_int_equal(aml_fake_transport_request_count(t), 2);
  assert_int_equal(sleeps.count, 1);
  assert_true(sleeps.delays[0] >= 8 && sleeps.delays[0] <= 15);

  /* The sleep hook can abandon the operation. */
  aml_fake_transport_reset(t);
  aml_fake_transport_add_response(t, 503, NULL, NULL, NULL);
  sleeps.result = AML_ERR_CANCELED;
  aml_error *err = NULL;
  assert_int_equal(aml__pipeline_send(&p, req, resp, &err), AML_ERR_CANCELED);
  assert_int_equal(aml_error_code(err), AML_ERR_CANCELED);
  aml_error_free(err);
  aml__http_request_free(req);
  aml_http_response_free(resp);
  aml__pipeline_cleanup(&p);

  ro.max_retries = -1;
  err = NULL;
  assert_int_equal(aml__pipeline_init(&p, &cfg, &err), AML_ERR_INVALID_ARG);
  aml_error_free(err);
  ro.max_retries = 0;
  ro.version = 9;
  err = NULL;
  assert_int_equal(aml__pipeline_init(&p, &cfg, &err), AML_ERR_VERSION);
  aml_error_free(err);
  aml_transport_unref(t);
}

/* Through a client: an exhausted 503 becomes AML_ERR_SERVER carrying the body. */
static void test_client_maps_final_status(void **state) {
  (void)state;
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  aml_test_sleeps sleeps = {0};
  aml_client *c = aml_test_client_new(t, &sleeps, NULL, 0);
  for (int i = 0; i < 4; i++)
    aml_fake_transport_add_response(t, 503, "x-ms-request-id: r-503",
                                    "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"try later\"}}", NULL);
  aml_workspace *ws = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_workspaces_get(c, &ws, &err), AML_ERR_SERVER);
  assert_null(ws);
  assert_int_equal(aml_error_http_status(err), 503);
  assert_string_equal(aml_error_service_code(err), "ServiceUnavailable");
  assert_string_equal(aml_error_request_id(err), "r-503");
  assert_int_equal(sleeps.count, 3);
  aml_error_free(err);
  aml_client_unref(c);
  aml_transport_unref(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_retriable_statuses, setup, teardown),
      cmocka_unit_test_setup_teardown(test_non_retriable_statuses, setup, teardown),
      cmocka_unit_test_setup_teardown(test_exhaustion_returns_last_response, setup, teardown),
      cmocka_unit_test_setup_teardown(test_connection_errors, setup, teardown),
      cmocka_unit_test_setup_teardown(test_post_rules, setup, teardown),
      cmocka_unit_test_setup_teardown(test_retry_after_forms, setup, teardown),
      cmocka_unit_test(test_backoff_math),
      cmocka_unit_test(test_custom_retry_options),
      cmocka_unit_test(test_client_maps_final_status),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
