/* The ARM long-running-operation poller: every recipe of ARM-API.md §6.3,
 * Retry-After, failed and canceled operations, status-GET errors, the
 * deadline, resume tokens, cross-thread cancel and progress callbacks. */
#include "test_support.h"

#include "ml/lro_glue.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#define ARM "https://management.example.test"
#define RES ARM "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1/batchEndpoints/ep"
#define OP ARM "/subscriptions/sub-1/providers/Microsoft.MachineLearningServices/locations/eastus/mfeOperationsStatus/op1?api-version=2025-12-01"
#define LOC ARM "/subscriptions/sub-1/providers/Microsoft.MachineLearningServices/locations/eastus/mfeOperationResults/op1?api-version=2025-12-01"

static void q(aml_test_fake *f, int32_t status, const char *headers, const char *body) {
  assert_int_equal(aml_fake_transport_add_response(f->t, status, headers, body, NULL), AML_OK);
}

static aml_poller *begin(aml_test_fake *f, const char *method, aml_final_state fs) {
  aml_poller *p = NULL;
  aml_error *err = NULL;
  aml_result rc = aml__client_begin(f->c, method, RES "?api-version=2025-12-01", strcmp(method, "DELETE") ? "{}" : NULL,
                                    "test.op", AML_RESULT_NONE, fs, &p, &err);
  if (rc != AML_OK) fail_msg("begin: %s", aml_error_message(err));
  return p;
}

static const char *url_at(aml_test_fake *f, size_t i) {
  return aml_http_request_url(aml_fake_transport_request_at(f->t, i));
}

static void test_put_async_operation_then_final_get(void **state) {
  aml_test_fake *f = *state;
  q(f, 201, "Azure-AsyncOperation: " OP "\nRetry-After: 3", "{\"properties\":{\"provisioningState\":\"Creating\"}}");
  q(f, 200, "Retry-After: 2", "{\"status\":\"InProgress\"}");
  q(f, 200, NULL, "{\"status\":\"Succeeded\"}");
  q(f, 200, NULL, "{\"name\":\"ep\",\"properties\":{\"provisioningState\":\"Succeeded\"}}");
  aml_poller *p = begin(f, "PUT", AML_FINAL_ORIGINAL_URI);
  assert_false(aml_poller_done(p));
  assert_string_equal(aml_poller_status(p), "Creating");
  assert_int_equal(aml_poller_retry_after_ms(p), 3000);
  assert_null(aml_poller_result_json(p));

  assert_int_equal(aml_poller_poll(p, NULL), AML_OK); /* exactly one request */
  assert_int_equal(aml_fake_transport_request_count(f->t), 2);
  assert_string_equal(url_at(f, 1), OP);
  assert_string_equal(aml_poller_status(p), "InProgress");
  assert_int_equal(aml_poller_retry_after_ms(p), 2000);

  assert_int_equal(aml_poller_poll(p, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(f->t), 3);
  assert_false(aml_poller_done(p)); /* succeeded, but the result is read next */
  assert_string_equal(aml_poller_status(p), "Succeeded");
  assert_int_equal(aml_poller_retry_after_ms(p), 0);

  assert_int_equal(aml_poller_poll(p, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(f->t), 4);
  assert_string_equal(url_at(f, 3), RES "?api-version=2025-12-01");
  assert_string_equal(aml_http_request_method(aml_fake_transport_request_at(f->t, 3)), "GET");
  assert_true(aml_poller_done(p));
  assert_non_null(strstr(aml_poller_result_json(p), "\"name\":\"ep\""));
  /* Done: further polls send nothing. */
  assert_int_equal(aml_poller_poll(p, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(f->t), 4);
  /* Every status request carried the ARM token. */
  assert_string_equal(aml_http_request_header(aml_fake_transport_request_at(f->t, 2), "Authorization"), "Bearer test-token");
  aml_poller_free(p);
}

static void test_wait_uses_retry_after_then_interval(void **state) {
  aml_test_fake *f = *state;
  q(f, 201, "Azure-AsyncOperation: " OP "\nRetry-After: 3", "{}");
  q(f, 200, "retry-after-ms: 1500", "{\"status\":\"Running\"}");
  q(f, 200, NULL, "{\"status\":\"Running\"}");
  q(f, 200, NULL, "{\"status\":\"succeeded\"}"); /* any case */
  q(f, 200, NULL, "{\"name\":\"ep\"}");
  aml_poller *p = begin(f, "PUT", AML_FINAL_ORIGINAL_URI);
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  assert_true(aml_poller_done(p));
  assert_int_equal(f->sleeps.count, 4);
  /* The initial 201's Retry-After comes before the first poll (less what
   * has already passed since begin). */
  assert_true(f->sleeps.delays[0] > 2000 && f->sleeps.delays[0] <= 3000);
  assert_int_equal(f->sleeps.delays[1], 1500); /* from the first status answer */
  assert_int_equal(f->sleeps.delays[2], 5000); /* no Retry-After: the client's interval */
  assert_int_equal(f->sleeps.delays[3], 0);    /* straight to the final GET */
  aml_poller_free(p);
}

static void test_put_done_on_initial_response(void **state) {
  aml_test_fake *f = *state;
  q(f, 200, "Azure-AsyncOperation: " OP, "{\"name\":\"ep\",\"properties\":{\"provisioningState\":\"Succeeded\"}}");
  aml_poller *p = begin(f, "PUT", AML_FINAL_ORIGINAL_URI);
  assert_true(aml_poller_done(p));
  assert_string_equal(aml_poller_status(p), "Succeeded");
  assert_non_null(strstr(aml_poller_result_json(p), "\"ep\""));
  assert_int_equal(aml_poller_wait(p, 1000, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(f->t), 1);
  aml_poller_free(p);
  /* 200 with no provisioningState and no headers: done as well. */
  q(f, 200, NULL, "{\"name\":\"x\"}");
  p = begin(f, "PUT", AML_FINAL_ORIGINAL_URI);
  assert_true(aml_poller_done(p));
  aml_poller_free(p);
}

static void test_put_provisioning_state_polling(void **state) {
  aml_test_fake *f = *state;
  /* No Azure-AsyncOperation, no Location (the spec's examples do this). */
  q(f, 201, NULL, "{\"properties\":{\"provisioningState\":\"Creating\"}}");
  q(f, 200, NULL, "{\"properties\":{\"provisioningState\":\"Updating\"}}");
  q(f, 200, NULL, "{\"name\":\"ep\",\"properties\":{\"provisioningState\":\"Succeeded\"}}");
  aml_poller *p = begin(f, "PUT", AML_FINAL_ORIGINAL_URI);
  assert_int_equal(aml_poller_poll(p, NULL), AML_OK);
  assert_string_equal(aml_poller_status(p), "Updating");
  assert_string_equal(url_at(f, 1), RES "?api-version=2025-12-01");
  assert_int_equal(aml_poller_poll(p, NULL), AML_OK);
  assert_true(aml_poller_done(p));
  assert_non_null(strstr(aml_poller_result_json(p), "\"ep\""));
  assert_int_equal(aml_fake_transport_request_count(f->t), 3);
  aml_poller_free(p);

  /* Failed via provisioningState, error from provisioningErrors. */
  q(f, 201, NULL, "{\"properties\":{\"provisioningState\":\"Creating\"}}");
  q(f, 200, NULL, "{\"properties\":{\"provisioningState\":\"Failed\",\"provisioningErrors\":[{\"error\":{\"code\":\"QuotaExceeded\",\"message\":\"no cores\"}}]}}");
  p = begin(f, "PUT", AML_FINAL_ORIGINAL_URI);
  aml_error *err = NULL;
  assert_int_equal(aml_poller_wait(p, -1, &err), AML_ERR_OPERATION_FAILED);
  assert_string_equal(aml_error_service_code(err), "QuotaExceeded");
  assert_non_null(strstr(aml_error_message(err), "test.op ended Failed: QuotaExceeded: no cores"));
  aml_error_free(err);
  aml_poller_free(p);
}

static void test_failed_and_canceled(void **state) {
  aml_test_fake *f = *state;
  q(f, 201, "Azure-AsyncOperation: " OP, "{}");
  q(f, 200, "x-ms-request-id: rid-9", "{\"status\":\"Failed\",\"error\":{\"code\":\"ComputeNotFound\",\"message\":\"no cluster\",\"details\":[{\"code\":\"Inner\",\"message\":\"m\"}]}}");
  aml_poller *p = begin(f, "PUT", AML_FINAL_ORIGINAL_URI);
  aml_error *err = NULL;
  assert_int_equal(aml_poller_poll(p, &err), AML_ERR_OPERATION_FAILED);
  assert_true(aml_poller_done(p));
  assert_string_equal(aml_poller_status(p), "Failed");
  assert_null(aml_poller_result_json(p));
  assert_int_equal(aml_error_code(err), AML_ERR_OPERATION_FAILED);
  assert_string_equal(aml_error_service_code(err), "ComputeNotFound");
  assert_string_equal(aml_error_service_message(err), "no cluster");
  assert_string_equal(aml_error_request_id(err), "rid-9");
  assert_int_equal(aml_error_details_count(err), 1);
  aml_error_free(err);
  /* Asking again repeats the outcome without a request. */
  err = NULL;
  assert_int_equal(aml_poller_wait(p, 10, &err), AML_ERR_OPERATION_FAILED);
  assert_string_equal(aml_error_service_code(err), "ComputeNotFound");
  aml_error_free(err);
  assert_int_equal(aml_fake_transport_request_count(f->t), 2);
  aml_poller_free(p);

  q(f, 201, "Azure-AsyncOperation: " OP, "{}");
  q(f, 200, NULL, "{\"status\":\"Canceled\",\"error\":{\"code\":\"OperationCanceled\",\"message\":\"by user\"}}");
  p = begin(f, "PUT", AML_FINAL_ORIGINAL_URI);
  err = NULL;
  assert_int_equal(aml_poller_wait(p, -1, &err), AML_ERR_CANCELED);
  assert_string_equal(aml_poller_status(p), "Canceled");
  assert_string_equal(aml_error_service_code(err), "OperationCanceled");
  aml_error_free(err);
  aml_poller_free(p);
}

static void test_status_get_errors_do_not_fail_the_operation(void **state) {
  aml_test_fake *f = *state;
  q(f, 201, "Azure-AsyncOperation: " OP, "{}");
  for (int i = 0; i < 4; i++) q(f, 500, NULL, "{\"error\":{\"code\":\"InternalServerError\",\"message\":\"boom\"}}");
  q(f, 200, NULL, "{\"status\":\"Succeeded\"}");
  q(f, 200, NULL, "{\"name\":\"ep\"}");
  aml_poller *p = begin(f, "PUT", AML_FINAL_ORIGINAL_URI);
  aml_error *err = NULL;
  assert_int_equal(aml_poller_poll(p, &err), AML_ERR_SERVER); /* after the retry policy's 3 retries */
  assert_int_equal(aml_fake_transport_request_count(f->t), 5);
  assert_false(aml_poller_done(p));
  assert_string_equal(aml_error_service_code(err), "InternalServerError");
  aml_error_free(err);
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  assert_true(aml_poller_done(p));
  aml_poller_free(p);

  /* A status body without "status" is a parse error, not a verdict. */
  q(f, 201, "Azure-AsyncOperation: " OP, "{}");
  q(f, 200, NULL, "{\"percentComplete\":50}");
  p = begin(f, "PUT", AML_FINAL_ORIGINAL_URI);
  err = NULL;
  assert_int_equal(aml_poller_poll(p, &err), AML_ERR_PARSE);
  assert_false(aml_poller_done(p));
  aml_error_free(err);
  aml_poller_free(p);
}

static void test_patch_location(void **state) {
  aml_test_fake *f = *state;
  q(f, 202, "Location: " LOC "\nRetry-After: 1", NULL);
  q(f, 202, "Location: " LOC "&step=2", NULL);
  q(f, 200, NULL, "{\"name\":\"ep\",\"tags\":{\"a\":\"b\"}}");
  aml_poller *p = begin(f, "PATCH", AML_FINAL_LOCATION);
  assert_int_equal(aml_poller_retry_after_ms(p), 1000);
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  assert_string_equal(url_at(f, 1), LOC);
  assert_string_equal(url_at(f, 2), LOC "&step=2"); /* a new Location is followed */
  assert_non_null(strstr(aml_poller_result_json(p), "\"tags\""));
  assert_int_equal(aml_fake_transport_request_count(f->t), 3);
  aml_poller_free(p);

  q(f, 200, NULL, "{\"name\":\"ep\"}");
  p = begin(f, "PATCH", AML_FINAL_LOCATION);
  assert_true(aml_poller_done(p));
  assert_non_null(aml_poller_result_json(p));
  aml_poller_free(p);
}

static void test_delete_paths(void **state) {
  aml_test_fake *f = *state;
  q(f, 202, "Location: " LOC, NULL);
  q(f, 202, NULL, NULL);
  q(f, 204, NULL, NULL);
  aml_poller *p = begin(f, "DELETE", AML_FINAL_NONE);
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  assert_true(aml_poller_done(p));
  assert_null(aml_poller_result_json(p));
  assert_int_equal(aml_fake_transport_request_count(f->t), 3);
  aml_poller_free(p);

  const int32_t immediate[] = {200, 204};
  for (int i = 0; i < 2; i++) {
    q(f, immediate[i], NULL, NULL);
    p = begin(f, "DELETE", AML_FINAL_NONE);
    assert_true(aml_poller_done(p));
    aml_poller_free(p);
  }

  /* Compute delete: both headers; Azure-AsyncOperation wins; nothing to read after. */
  aml_fake_transport_reset(f->t);
  q(f, 202, "Azure-AsyncOperation: " OP "\nLocation: " LOC, NULL);
  q(f, 200, NULL, "{\"status\":\"InProgress\"}");
  q(f, 200, NULL, "{\"status\":\"Succeeded\"}");
  p = begin(f, "DELETE", AML_FINAL_NONE);
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  assert_string_equal(url_at(f, 1), OP);
  assert_int_equal(aml_fake_transport_request_count(f->t), 3);
  aml_poller_free(p);

  /* 202 without headers: poll the resource until it is gone. */
  aml_fake_transport_reset(f->t);
  q(f, 202, NULL, NULL);
  q(f, 200, NULL, "{\"properties\":{\"provisioningState\":\"Deleting\"}}");
  q(f, 404, NULL, "{\"error\":{\"code\":\"ResourceNotFound\"}}");
  p = begin(f, "DELETE", AML_FINAL_NONE);
  assert_int_equal(aml_poller_poll(p, NULL), AML_OK);
  assert_string_equal(aml_poller_status(p), "Deleting");
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  assert_true(aml_poller_done(p));
  aml_poller_free(p);
}

static void test_compute_patch_and_post_cancel(void **state) {
  aml_test_fake *f = *state;
  /* Compute PATCH: 200 + Azure-AsyncOperation, result from the resource. */
  q(f, 200, "Azure-AsyncOperation: " OP, "{\"properties\":{\"properties\":{}}}");
  q(f, 200, NULL, "{\"status\":\"Succeeded\"}");
  q(f, 200, NULL, "{\"name\":\"cluster\"}");
  aml_poller *p = begin(f, "PATCH", AML_FINAL_ORIGINAL_URI);
  assert_false(aml_poller_done(p));
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  assert_string_equal(url_at(f, 2), RES "?api-version=2025-12-01");
  assert_non_null(strstr(aml_poller_result_json(p), "cluster"));
  aml_poller_free(p);

  /* resourceLocation in the status body is where the result is. */
  aml_fake_transport_reset(f->t);
  q(f, 201, "Azure-AsyncOperation: " OP, "{}");
  q(f, 200, NULL, "{\"status\":\"Succeeded\",\"resourceLocation\":\"" ARM "/elsewhere\"}");
  q(f, 200, NULL, "{\"name\":\"moved\"}");
  p = begin(f, "PUT", AML_FINAL_ORIGINAL_URI);
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  assert_string_equal(url_at(f, 2), ARM "/elsewhere");
  aml_poller_free(p);

  /* Job cancel: POST 202 + Location until not 202; nothing to read. */
  aml_fake_transport_reset(f->t);
  q(f, 202, "Location: " LOC, NULL);
  q(f, 202, NULL, NULL);
  q(f, 200, NULL, NULL);
  p = begin(f, "POST", AML_FINAL_NONE);
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(f->t), 3);
  assert_null(aml_poller_result_json(p));
  aml_poller_free(p);
  q(f, 200, NULL, NULL);
  p = begin(f, "POST", AML_FINAL_NONE);
  assert_true(aml_poller_done(p));
  aml_poller_free(p);
}

static void test_deadline(void **state) {
  aml_test_fake *f = *state;
  q(f, 201, "Azure-AsyncOperation: " OP, "{}");
  for (int i = 0; i < 3; i++) q(f, 200, "Retry-After: 10", "{\"status\":\"InProgress\"}");
  q(f, 200, NULL, "{\"status\":\"Succeeded\"}");
  q(f, 200, NULL, "{\"name\":\"ep\"}");
  aml_poller *p = begin(f, "PUT", AML_FINAL_ORIGINAL_URI);
  aml_error *err = NULL;
  assert_int_equal(aml_poller_wait(p, 50, &err), AML_ERR_STILL_RUNNING);
  assert_non_null(strstr(aml_error_message(err), "still InProgress at the 50 ms deadline"));
  aml_error_free(err);
  assert_int_equal(aml_fake_transport_request_count(f->t), 2); /* one poll; the next is 10 s away */
  assert_true(f->sleeps.delays[0] <= 50);
  assert_false(aml_poller_done(p));
  /* 0: one poll, no sleep. */
  f->sleeps.count = 0;
  assert_int_equal(aml_poller_wait(p, 0, NULL), AML_ERR_STILL_RUNNING);
  assert_int_equal(aml_fake_transport_request_count(f->t), 3);
  assert_int_equal(f->sleeps.count == 0 || f->sleeps.delays[0] == 0, 1);
  /* The poller stays usable. */
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  assert_true(aml_poller_done(p));
  aml_poller_free(p);
}

/* Issue 8: the initial 201/202's Retry-After holds for the first poll too,
 * deadline included; aml_poller_poll (the pull API) is not held back. */
static void test_first_poll_waits_for_initial_retry_after(void **state) {
  aml_test_fake *f = *state;
  q(f, 202, "Location: " LOC "\nRetry-After: 10", NULL);
  q(f, 202, "Location: " LOC "\nRetry-After: 1", NULL);
  q(f, 200, NULL, "{\"name\":\"ep\"}");
  aml_poller *p = begin(f, "POST", AML_FINAL_LOCATION);
  assert_int_equal(aml_poller_retry_after_ms(p), 10000);
  aml_error *err = NULL;
  assert_int_equal(aml_poller_wait(p, 50, &err), AML_ERR_STILL_RUNNING);
  aml_error_free(err);
  assert_int_equal(aml_fake_transport_request_count(f->t), 1); /* no poll before the 10 s */
  assert_int_equal(f->sleeps.count, 1);
  assert_true(f->sleeps.delays[0] <= 50);
  f->sleeps.count = 0;
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(f->t), 3);
  assert_int_equal(f->sleeps.count, 2);
  assert_true(f->sleeps.delays[0] > 9000 && f->sleeps.delays[0] <= 10000);
  assert_int_equal(f->sleeps.delays[1], 1000);
  aml_poller_free(p);

  /* A server-given wait between polls is clamped to AML_RETRY_AFTER_MAX_MS. */
  f->sleeps.count = 0;
  q(f, 202, "Location: " LOC "\nRetry-After: Wed, 01 Jan 3000 00:00:00 GMT", NULL);
  q(f, 200, NULL, "{}");
  p = begin(f, "POST", AML_FINAL_LOCATION);
  assert_int_equal(aml_poller_retry_after_ms(p), AML_RETRY_AFTER_MAX_MS);
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  assert_int_equal(f->sleeps.count, 1);
  assert_true(f->sleeps.delays[0] <= AML_RETRY_AFTER_MAX_MS && f->sleeps.delays[0] > AML_RETRY_AFTER_MAX_MS - 1000);
  aml_poller_free(p);

  /* The pull API polls when asked; the caller reads retry_after_ms itself. */
  q(f, 202, "Location: " LOC "\nRetry-After: 10", NULL);
  q(f, 200, NULL, "{}");
  p = begin(f, "POST", AML_FINAL_LOCATION);
  assert_int_equal(aml_poller_poll(p, NULL), AML_OK);
  assert_true(aml_poller_done(p));
  aml_poller_free(p);
}

static void test_resume_token(void **state) {
  aml_test_fake *f = *state;
  q(f, 201, "Azure-AsyncOperation: " OP, "{}");
  aml_poller *p = begin(f, "PUT", AML_FINAL_ORIGINAL_URI);
  char *token = NULL;
  assert_int_equal(aml_poller_resume_token(p, &token, NULL), AML_OK);
  assert_true(strncmp(token, "aml1.", 5) == 0);
  assert_null(strstr(token, "test-token"));
  aml_poller_free(p);

  /* Another client (as another process would make) picks it up. */
  aml_transport *t2 = NULL;
  aml_fake_transport_new(&t2, NULL);
  aml_client *c2 = aml_test_client_new(t2, NULL, NULL, 0);
  aml_poller *r = NULL;
  assert_int_equal(aml_poller_from_resume_token(c2, token, &r, NULL), AML_OK);
  assert_string_equal(aml_poller_operation(r), "test.op");
  aml_fake_transport_add_response(t2, 200, NULL, "{\"status\":\"Succeeded\"}", NULL);
  aml_fake_transport_add_response(t2, 200, NULL, "{\"name\":\"ep\"}", NULL);
  assert_int_equal(aml_poller_wait(r, -1, NULL), AML_OK);
  assert_string_equal(aml_http_request_url(aml_fake_transport_request_at(t2, 0)), OP);
  assert_string_equal(aml_http_request_url(aml_fake_transport_request_at(t2, 1)), RES "?api-version=2025-12-01");
  /* A token of a finished operation resumes to a check of the resource. */
  char *done_token = NULL;
  assert_int_equal(aml_poller_resume_token(r, &done_token, NULL), AML_OK);
  aml_poller_free(r);
  assert_int_equal(aml_poller_from_resume_token(c2, done_token, &r, NULL), AML_OK);
  aml_fake_transport_add_response(t2, 200, NULL, "{\"name\":\"ep\",\"properties\":{\"provisioningState\":\"Succeeded\"}}", NULL);
  assert_int_equal(aml_poller_wait(r, -1, NULL), AML_OK);
  assert_non_null(aml_poller_result_json(r));
  aml_poller_free(r);
  aml_free(done_token);

  /* Stale: the service forgot the operation. */
  assert_int_equal(aml_poller_from_resume_token(c2, token, &r, NULL), AML_OK);
  aml_fake_transport_add_response(t2, 404, NULL, "{\"error\":{\"code\":\"NotFound\"}}", NULL);
  aml_error *err = NULL;
  assert_int_equal(aml_poller_poll(r, &err), AML_ERR_RESUME_TOKEN);
  assert_non_null(strstr(aml_error_message(err), "stale"));
  aml_error_free(err);
  aml_poller_free(r);

  /* Malformed tokens. */
  const char *bad[] = {"", "garbage", "aml1.", "aml1.!!!!", "aml1.bm90IGpzb24", /* "not json" */
                       "aml1.eyJ2IjoyfQ", /* {"v":2} */
                       "aml1.eyJ2IjoxfQ", /* {"v":1} */
                       "aml2.eyJ2IjoxfQ"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    err = NULL;
    r = NULL;
    if (aml_poller_from_resume_token(c2, bad[i], &r, &err) != AML_ERR_RESUME_TOKEN) fail_msg("accepted '%s'", bad[i]);
    assert_null(r);
    aml_error_free(err);
  }
  err = NULL;
  assert_int_equal(aml_poller_from_resume_token(c2, "aml1.eyJ2IjoyfQ", &r, &err), AML_ERR_RESUME_TOKEN);
  assert_non_null(strstr(aml_error_message(err), "version 2"));
  aml_error_free(err);
  aml_client_unref(c2);

  /* A client on another host refuses it (its token must not go there). */
  aml_credential *cred = NULL;
  aml_static_token_credential_new("x", 0, &cred, NULL);
  aml_client_options o;
  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  o.transport = t2;
  o.resource_manager_url = "https://evil.example.test";
  aml_client *c3 = NULL;
  aml_client_new(cred, "s", "r", "w", &o, &c3, NULL);
  err = NULL;
  assert_int_equal(aml_poller_from_resume_token(c3, token, &r, &err), AML_ERR_RESUME_TOKEN);
  assert_non_null(strstr(aml_error_message(err), "another host"));
  aml_error_free(err);
  aml_client_unref(c3);
  aml_credential_unref(cred);
  aml_transport_unref(t2);
  aml_free(token);
  assert_int_equal(aml_poller_resume_token(NULL, &token, NULL), AML_ERR_INVALID_ARG);
}

static void test_refuses_foreign_hosts(void **state) {
  aml_test_fake *f = *state;
  q(f, 201, "Azure-AsyncOperation: https://attacker.example/op", "{}");
  aml_poller *p = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml__client_begin(f->c, "PUT", RES, "{}", "test.op", 0, AML_FINAL_ORIGINAL_URI, &p, &err), AML_ERR_HTTP);
  assert_null(p);
  assert_non_null(strstr(aml_error_message(err), "refusing to follow Azure-AsyncOperation"));
  aml_error_free(err);
  q(f, 302, "Location: " LOC, NULL);
  err = NULL;
  assert_int_equal(aml__client_begin(f->c, "PUT", RES, "{}", "test.op", 0, AML_FINAL_ORIGINAL_URI, &p, &err), AML_ERR_HTTP);
  aml_error_free(err);
  /* An initial error answer is the operation's error, no poller. */
  q(f, 409, NULL, "{\"error\":{\"code\":\"Conflict\",\"message\":\"busy\"}}");
  err = NULL;
  assert_int_equal(aml__client_begin(f->c, "DELETE", RES, NULL, "test.op", 0, AML_FINAL_NONE, &p, &err), AML_ERR_CONFLICT);
  assert_string_equal(aml_error_service_message(err), "busy");
  aml_error_free(err);
}

static int g_progress_calls;
static char g_last_status[32];
static void on_progress(const aml_poller *p, void *ud) {
  (*(int *)ud)++;
  snprintf(g_last_status, sizeof(g_last_status), "%s%s", aml_poller_status(p), aml_poller_done(p) ? "/done" : "");
}

static void test_progress_callback(void **state) {
  aml_test_fake *f = *state;
  q(f, 201, "Azure-AsyncOperation: " OP, "{}");
  q(f, 200, NULL, "{\"status\":\"InProgress\"}");
  q(f, 200, NULL, "{\"status\":\"Succeeded\"}");
  q(f, 200, NULL, "{}");
  aml_poller *p = begin(f, "PUT", AML_FINAL_ORIGINAL_URI);
  g_progress_calls = 0;
  assert_int_equal(aml_poller_set_progress(p, on_progress, &g_progress_calls), AML_OK);
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  assert_int_equal(g_progress_calls, 3);
  assert_string_equal(g_last_status, "Succeeded/done");
  assert_int_equal(aml_poller_set_progress(NULL, NULL, NULL), AML_ERR_INVALID_ARG);
  aml_poller_free(p);
}

/* Cancel from another thread wakes a real (not hooked) sleep at once. */
static void test_cancel_from_another_thread(void **state) {
  (void)state;
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  aml_credential *cred = NULL;
  aml_static_token_credential_new("x", 0, &cred, NULL);
  aml_client_options o;
  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  o.transport = t;
  o.resource_manager_url = ARM;
  aml_client *c = NULL;
  aml_client_new(cred, "sub-1", "rg-1", "ws-1", &o, &c, NULL); /* real sleeps */
  aml_fake_transport_add_response(t, 201, "Azure-AsyncOperation: " OP, "{}", NULL);
  aml_fake_transport_add_response(t, 200, "Retry-After: 600", "{\"status\":\"InProgress\"}", NULL);
  aml_poller *p = NULL;
  assert_int_equal(aml__client_begin(c, "PUT", RES, "{}", "test.op", 0, AML_FINAL_ORIGINAL_URI, &p, NULL), AML_OK);
  pthread_t th;
  pthread_create(&th, NULL, aml_test_cancel_poller_soon, p);
  aml_error *err = NULL;
  assert_int_equal(aml_poller_wait(p, -1, &err), AML_ERR_CANCELED);
  pthread_join(th, NULL);
  assert_non_null(strstr(aml_error_message(err), "canceled by the caller"));
  aml_error_free(err);
  assert_false(aml_poller_done(p));
  /* Usable afterwards: cancel is not sticky. */
  aml_fake_transport_add_response(t, 200, NULL, "{\"status\":\"Succeeded\"}", NULL);
  aml_fake_transport_add_response(t, 200, NULL, "{}", NULL);
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  assert_int_equal(aml_poller_cancel(NULL), AML_ERR_INVALID_ARG);
  aml_poller_free(p);
  aml_client_unref(c); /* the poller held a reference; freeing in either order is safe */
  aml_credential_unref(cred);
  aml_transport_unref(t);
}

static void test_poller_outlives_client_handle(void **state) {
  aml_test_fake *f = *state;
  q(f, 201, "Azure-AsyncOperation: " OP, "{}");
  aml_poller *p = begin(f, "PUT", AML_FINAL_ORIGINAL_URI);
  aml_client_unref(f->c); /* the caller lets go; the poller keeps the client alive */
  f->c = NULL;
  q(f, 200, NULL, "{\"status\":\"Succeeded\"}");
  q(f, 200, NULL, "{}");
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  aml_poller_free(p);
  assert_int_equal(aml_poller_poll(NULL, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_poller_done(NULL), 0);
  assert_string_equal(aml_poller_status(NULL), "");
  aml_poller_free(NULL);
}

int main(void) {
#define T(fn) cmocka_unit_test_setup_teardown(fn, aml_test_fake_setup, aml_test_fake_teardown)
  const struct CMUnitTest tests[] = {
      T(test_put_async_operation_then_final_get), T(test_wait_uses_retry_after_then_interval),
      T(test_put_done_on_initial_response),       T(test_put_provisioning_state_polling),
      T(test_failed_and_canceled),                T(test_status_get_errors_do_not_fail_the_operation),
      T(test_patch_location),                     T(test_delete_paths),
      T(test_compute_patch_and_post_cancel),      T(test_deadline),
      T(test_resume_token),                       T(test_refuses_foreign_hosts),
      T(test_progress_callback),                  cmocka_unit_test(test_cancel_from_another_thread),
      T(test_poller_outlives_client_handle),      T(test_first_poll_waits_for_initial_retry_after),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
