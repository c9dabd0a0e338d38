/* Waiting for a job with the poller machinery (aml_jobs_begin_wait): one
 * GET per poll, every terminal status and its outcome, the failure reason
 * from run history, progress, the client's interval and Retry-After, the
 * deadline, cancel from another thread, and resume tokens. */
#include "test_support.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#define WS "https://management.example.test/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1"
#define AV "?api-version=2025-12-01"
#define JOB(name, status) "{\"id\":\"/jobs/" name "\",\"name\":\"" name "\",\"properties\":{\"status\":\"" status "\",\"jobType\":\"Pipeline\"}}"
#define API "https://eastus.api.azureml.ms"

static void q(aml_transport *t, int32_t status, const char *headers, const char *body) {
  assert_int_equal(aml_fake_transport_add_response(t, status, headers, body, NULL), AML_OK);
}

/* The workspace, its discovery document, then the run history `body`. */
static void q_history(aml_transport *t, const char *body) {
  aml_test_queue_workspace(t, "ws-1", "eastus");
  q(t, 200, NULL, "{\"api\":\"" API "/\"}");
  q(t, 200, NULL, body);
}

/* Run history on a client that already knows its api host (read once per
 * client): only the history request goes. */
static void q_history_again(aml_transport *t, const char *body) { q(t, 200, NULL, body); }

static aml_poller *begin(aml_test_fake *f, const char *name) {
  aml_poller *p = NULL;
  aml_error *err = NULL;
  if (aml_jobs_begin_wait(f->c, name, &p, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  return p;
}

/* Progress: the statuses seen, in order, when they change. */
typedef struct seen {
  char statuses[8][32];
  int changes, calls;
} seen;

static void on_progress(const aml_poller *p, void *user_data) {
  seen *s = user_data;
  s->calls++;
  const char *st = aml_poller_status(p);
  if (s->changes && strcmp(s->statuses[s->changes - 1], st) == 0) return;
  if (s->changes < 8) snprintf(s->statuses[s->changes++], sizeof(s->statuses[0]), "%s", st);
}

static void test_wait_to_completed(void **state) {
  aml_test_fake *f = *state;
  aml_poller *p = begin(f, "job-w");
  assert_int_equal(aml_fake_transport_request_count(f->t), 0); /* nothing sent before the first poll */
  assert_false(aml_poller_done(p));
  assert_null(aml_poller_job(p));
  q(f->t, 200, NULL, JOB("job-w", "NotStarted"));
  q(f->t, 200, NULL, JOB("job-w", "Running"));
  q(f->t, 200, NULL, JOB("job-w", "Running"));
  q(f->t, 200, NULL, JOB("job-w", "Completed"));
  q_history(f->t, "{\"runId\":\"job-w\",\"status\":\"Completed\",\"startTimeUtc\":\"2026-11-27T10:00:05Z\",\"endTimeUtc\":\"2026-11-27T10:01:00Z\"}");
  seen s = {0};
  assert_int_equal(aml_poller_set_progress(p, on_progress, &s), AML_OK);
  aml_error *err = NULL;
  if (aml_poller_wait(p, -1, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_int_equal(aml_fake_transport_request_count(f->t), 4 + 3); /* four job reads, then run history */
  for (size_t i = 0; i < 4; i++) {
    assert_string_equal(aml_http_request_method(aml_test_request(f->t, i)), "GET");
    assert_string_equal(aml_http_request_url(aml_test_request(f->t, i)), WS "/jobs/job-w" AV);
  }
  assert_int_equal(s.calls, 4); /* after every poll */
  assert_int_equal(s.changes, 3);
  assert_string_equal(s.statuses[0], "NotStarted");
  assert_string_equal(s.statuses[1], "Running");
  assert_string_equal(s.statuses[2], "Completed");
  assert_int_equal(f->sleeps.count, 3);
  for (int i = 0; i < 3; i++) assert_int_equal(f->sleeps.delays[i], 5000); /* the client's poll interval */
  assert_true(aml_poller_done(p));
  assert_string_equal(aml_poller_status(p), "Completed");
  assert_string_equal(aml_poller_operation(p), "jobs.begin_wait");
  const aml_job *job = aml_poller_job(p);
  assert_non_null(job);
  assert_string_equal(job->name, "job-w");
  assert_string_equal(job->status, "Completed");
  assert_string_equal(job->end_time, "2026-11-27T10:01:00Z"); /* from run history */
  assert_non_null(strstr(aml_poller_result_json(p), "\"job-w\""));
  /* Done: polling again sends nothing and gives the same outcome. */
  assert_int_equal(aml_poller_poll(p, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(f->t), 7);
  aml_poller_free(p);
}

/* Driven by hand: each poll is one request; Retry-After overrides the interval. */
static void test_poll_by_hand(void **state) {
  aml_test_fake *f = *state;
  aml_poller *p = begin(f, "job-h");
  q(f->t, 200, NULL, JOB("job-h", "Queued"));
  q(f->t, 200, "Retry-After: 7", JOB("job-h", "Running"));
  assert_int_equal(aml_poller_poll(p, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(f->t), 1);
  assert_string_equal(aml_poller_status(p), "Queued");
  assert_int_equal(aml_poller_retry_after_ms(p), 5000);
  assert_string_equal(aml_poller_job(p)->status, "Queued");
  assert_int_equal(aml_poller_poll(p, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(f->t), 2);
  assert_string_equal(aml_poller_status(p), "Running");
  assert_int_equal(aml_poller_retry_after_ms(p), 7000);
  assert_false(aml_poller_done(p));
  assert_null(aml_poller_result_json(p));
  /* A read error is the poll's, not the job's: the poller goes on. */
  q(f->t, 404, NULL, "{\"error\":{\"code\":\"NotFound\",\"message\":\"no job\"}}");
  aml_error *err = NULL;
  assert_int_equal(aml_poller_poll(p, &err), AML_ERR_NOT_FOUND);
  aml_error_free(err);
  assert_false(aml_poller_done(p));
  assert_string_equal(aml_poller_job(p)->status, "Running"); /* as last read */
  aml_poller_free(p);
}

static void test_every_terminal_status(void **state) {
  aml_test_fake *f = *state;
  static const struct {
    const char *status;
    aml_result rc;
  } cases[] = {{"Completed", AML_OK},
               {"Failed", AML_ERR_OPERATION_FAILED},
               {"NotResponding", AML_ERR_OPERATION_FAILED},
               {"Paused", AML_ERR_OPERATION_FAILED},
               {"Canceled", AML_ERR_CANCELED},
               {"Cancelled", AML_ERR_CANCELED}};
  char body[256];
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    aml_fake_transport_reset(f->t);
    aml_poller *p = begin(f, "job-t");
    snprintf(body, sizeof(body), JOB("job-t", "%s"), cases[i].status);
    q(f->t, 200, NULL, JOB("job-t", "Running"));
    q(f->t, 200, NULL, body);
    if (i == 0)
      q_history(f->t, "{\"runId\":\"job-t\"}");
    else
      q_history_again(f->t, "{\"runId\":\"job-t\"}");
    aml_error *err = NULL;
    assert_int_equal(aml_poller_poll(p, &err), AML_OK);
    assert_null(err);
    assert_int_equal(aml_poller_poll(p, &err), cases[i].rc);
    assert_true(aml_poller_done(p));
    assert_int_equal(aml_poller_retry_after_ms(p), 0);
    assert_string_equal(aml_poller_status(p), cases[i].status);
    assert_string_equal(aml_poller_job(p)->status, cases[i].status);
    if (cases[i].rc < 0) {
      assert_int_equal(aml_error_code(err), cases[i].rc);
      assert_non_null(strstr(aml_error_message(err), cases[i].status));
      assert_null(aml_poller_result_json(p));
    } else {
      assert_null(err);
      assert_non_null(aml_poller_result_json(p));
    }
    aml_error_free(err);
    /* The outcome stays: waiting on a done poller sends nothing. */
    err = NULL;
    assert_int_equal(aml_poller_wait(p, -1, &err), cases[i].rc);
    aml_error_free(err);
    /* two job reads, then run history (+ workspace and discovery the first time only) */
    assert_int_equal(aml_fake_transport_request_count(f->t), i == 0 ? 2 + 3 : 2 + 1);
    aml_poller_free(p);
  }
}

/* A failed job's reason comes from its run history, as aml_jobs_wait gives it. */
static void test_failure_reason(void **state) {
  aml_test_fake *f = *state;
  aml_poller *p = begin(f, "job-f");
  q(f->t, 200, NULL, JOB("job-f", "Failed"));
  q_history(f->t, "{\"runId\":\"job-f\",\"status\":\"Failed\",\"error\":{\"error\":{\"code\":\"UserError\",\"message\":\"run() raised ValueError: bad row 7\"}}}");
  aml_error *err = NULL;
  assert_int_equal(aml_poller_wait(p, -1, &err), AML_ERR_OPERATION_FAILED);
  assert_non_null(strstr(aml_error_message(err), "job job-f ended Failed: UserError: run() raised ValueError: bad row 7"));
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_poller_poll(p, &err), AML_ERR_OPERATION_FAILED); /* a fresh copy each time */
  assert_non_null(strstr(aml_error_message(err), "bad row 7"));
  aml_error_free(err);
  assert_string_equal(aml_poller_job(p)->error_code, "UserError");
  assert_string_equal(aml_poller_job(p)->error_message, "run() raised ValueError: bad row 7");
  assert_int_equal(f->sleeps.count, 0); /* terminal on the first read: no wait */
  aml_poller_free(p);

  /* Without run history the outcome is the same, without the reason. */
  aml_fake_transport_reset(f->t);
  p = begin(f, "job-f");
  q(f->t, 200, NULL, JOB("job-f", "NotResponding"));
  q(f->t, 404, NULL, "{}"); /* no workspace: no history */
  err = NULL;
  assert_int_equal(aml_poller_wait(p, -1, &err), AML_ERR_OPERATION_FAILED);
  assert_non_null(strstr(aml_error_message(err), "NotResponding (the service gave no reason)"));
  aml_error_free(err);
  aml_poller_free(p);
}

static void test_deadline(void **state) {
  aml_test_fake *f = *state;
  aml_poller *p = begin(f, "job-d");
  q(f->t, 200, NULL, JOB("job-d", "Running"));
  aml_error *err = NULL;
  assert_int_equal(aml_poller_wait(p, 100, &err), AML_ERR_STILL_RUNNING);
  assert_non_null(strstr(aml_error_message(err), "still Running at the 100 ms deadline"));
  aml_error_free(err);
  assert_int_equal(f->sleeps.count, 1);
  assert_true(f->sleeps.delays[0] <= 100);
  assert_false(aml_poller_done(p));
  /* The poller stays usable: wait again. */
  q(f->t, 200, NULL, JOB("job-d", "Completed"));
  q_history(f->t, "{\"runId\":\"job-d\"}");
  assert_int_equal(aml_poller_wait(p, 0, NULL), AML_OK);
  assert_string_equal(aml_poller_job(p)->status, "Completed");
  aml_poller_free(p);
}

/* Cancel from another thread wakes a real (not hooked) 60 s sleep at once. */
static void test_cancel_from_another_thread(void **state) {
  (void)state;
  aml_transport *t = NULL;
  assert_int_equal(aml_fake_transport_new(&t, NULL), AML_OK);
  aml_credential *cred = NULL;
  assert_int_equal(aml_static_token_credential_new("x", 0, &cred, NULL), AML_OK);
  aml_client_options o;
  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  o.transport = t;
  o.resource_manager_url = "https://management.example.test";
  o.poll_interval_ms = 60000;
  aml_client *c = NULL;
  assert_int_equal(aml_client_new(cred, "sub-1", "rg-1", "ws-1", &o, &c, NULL), AML_OK); /* real sleeps */
  q(t, 200, NULL, JOB("job-c", "Running"));
  aml_poller *p = NULL;
  assert_int_equal(aml_jobs_begin_wait(c, "job-c", &p, NULL), AML_OK);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pthread_t th;
  pthread_create(&th, NULL, aml_test_cancel_poller_soon, p);
  aml_error *err = NULL;
  assert_int_equal(aml_poller_wait(p, -1, &err), AML_ERR_CANCELED);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  pthread_join(th, NULL);
  assert_true(t1.tv_sec - t0.tv_sec < 30); /* woken, not slept out (a 60 s interval) */
  assert_non_null(strstr(aml_error_message(err), "canceled by the caller"));
  aml_error_free(err);
  assert_false(aml_poller_done(p));
  assert_int_equal(aml_fake_transport_request_count(t), 1);
  aml_poller_free(p);
  aml_client_unref(c);
  aml_credential_unref(cred);
  aml_transport_unref(t);
}

/* Another client (another process) resumes the wait from a token. */
static void test_resume_token_in_another_client(void **state) {
  aml_test_fake *f = *state;
  aml_poller *p = begin(f, "job-r");
  q(f->t, 200, NULL, JOB("job-r", "Running"));
  assert_int_equal(aml_poller_poll(p, NULL), AML_OK);
  char *token = NULL;
  assert_int_equal(aml_poller_resume_token(p, &token, NULL), AML_OK);
  assert_null(strstr(token, "test-token"));
  aml_poller_free(p);

  aml_test_sleeps sleeps = {0};
  aml_client *c2 = aml_test_client_new(f->t, &sleeps, NULL, 0);
  aml_poller *r = NULL;
  aml_error *err = NULL;
  if (aml_poller_from_resume_token(c2, token, &r, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_string_equal(aml_poller_operation(r), "jobs.begin_wait");
  q(f->t, 200, NULL, JOB("job-r", "Finalizing"));
  q(f->t, 200, NULL, JOB("job-r", "Failed"));
  q_history(f->t, "{\"runId\":\"job-r\",\"error\":{\"error\":{\"code\":\"ScriptError\",\"message\":\"init() failed\"}}}");
  assert_int_equal(aml_poller_wait(r, -1, &err), AML_ERR_OPERATION_FAILED);
  assert_non_null(strstr(aml_error_message(err), "ScriptError: init() failed"));
  aml_error_free(err);
  assert_int_equal(sleeps.count, 1); /* the second client's interval */
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 1)), WS "/jobs/job-r" AV);
  assert_string_equal(aml_poller_job(r)->error_code, "ScriptError");

  /* A token of a finished wait reads the outcome again. */
  char *done_token = NULL;
  assert_int_equal(aml_poller_resume_token(r, &done_token, NULL), AML_OK);
  aml_poller_free(r);
  assert_int_equal(aml_poller_from_resume_token(c2, done_token, &r, NULL), AML_OK);
  assert_false(aml_poller_done(r));
  q(f->t, 200, NULL, JOB("job-r", "Canceled"));
  q_history_again(f->t, "{\"runId\":\"job-r\"}");
  err = NULL;
  assert_int_equal(aml_poller_poll(r, &err), AML_ERR_CANCELED);
  aml_error_free(err);
  aml_poller_free(r);
  /* A job that is gone: the token is stale. */
  assert_int_equal(aml_poller_from_resume_token(c2, token, &r, NULL), AML_OK);
  q(f->t, 404, NULL, "{\"error\":{\"code\":\"NotFound\",\"message\":\"no job\"}}");
  err = NULL;
  assert_int_equal(aml_poller_poll(r, &err), AML_ERR_RESUME_TOKEN);
  aml_error_free(err);
  aml_poller_free(r);
  aml_free(done_token);
  aml_free(token);
  /* A custom-status token of a kind nobody reads that way (built by hand). */
  static const char forged[] =
      "aml1.eyJ2IjoxLCJvcCI6ImNvbXB1dGVzLmJlZ2luX2NyZWF0ZV9vcl91cGRhdGUiLCJraW5kIjozLCJmaW5hbCI6Im9yaWd"
      "pbmFsLXVyaSIsIm1ldGhvZCI6IkdFVCIsInVybCI6Imh0dHBzOi8vbWFuYWdlbWVudC5leGFtcGxlLnRlc3Qvc3Vic2NyaXB"
      "0aW9ucy9zdWItMS9yZXNvdXJjZUdyb3Vwcy9yZy0xL3Byb3ZpZGVycy9NaWNyb3NvZnQuTWFjaGluZUxlYXJuaW5nU2Vydml"
      "jZXMvd29ya3NwYWNlcy93cy0xL2pvYnMvaj9hcGktdmVyc2lvbj0yMDI1LTEyLTAxIiwic3RyYXRlZ3kiOiJjdXN0b20iLCJ"
      "wb2xsIjoiaHR0cHM6Ly9tYW5hZ2VtZW50LmV4YW1wbGUudGVzdC9zdWJzY3JpcHRpb25zL3N1Yi0xL3Jlc291cmNlR3JvdXB"
      "zL3JnLTEvcHJvdmlkZXJzL01pY3Jvc29mdC5NYWNoaW5lTGVhcm5pbmdTZXJ2aWNlcy93b3Jrc3BhY2VzL3dzLTEvam9icy9"
      "qP2FwaS12ZXJzaW9uPTIwMjUtMTItMDEifQ";
  err = NULL;
  assert_int_equal(aml_poller_from_resume_token(c2, forged, &r, &err), AML_ERR_RESUME_TOKEN);
  assert_null(r);
  assert_non_null(strstr(aml_error_message(err), "cannot be resumed"));
  aml_error_free(err);
  aml_client_unref(c2);
}

static void test_arguments(void **state) {
  aml_test_fake *f = *state;
  aml_poller *p = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_jobs_begin_wait(NULL, "j", &p, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_jobs_begin_wait(f->c, "j", NULL, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_jobs_begin_wait(f->c, "", &p, &err), AML_ERR_INVALID_ARG);
  assert_null(p);
  assert_non_null(strstr(aml_error_message(err), "name is required"));
  aml_error_free(err);
  assert_null(aml_poller_job(NULL));
  /* Another kind of poller has no job. */
  q(f->t, 200, NULL, "");
  assert_int_equal(aml_jobs_begin_cancel(f->c, "j", &p, NULL), AML_OK);
  assert_null(aml_poller_job(p));
  aml_poller_free(p);
  assert_int_equal(aml_fake_transport_pending_count(f->t), 0);
}

int main(void) {
#define T(fn) cmocka_unit_test_setup_teardown(fn, aml_test_fake_setup, aml_test_fake_teardown)
  const struct CMUnitTest tests[] = {
      T(test_wait_to_completed), T(test_poll_by_hand),  T(test_every_terminal_status),
      T(test_failure_reason),    T(test_deadline),      cmocka_unit_test(test_cancel_from_another_thread),
      T(test_resume_token_in_another_client),           T(test_arguments),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
