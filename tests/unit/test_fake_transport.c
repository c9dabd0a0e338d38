/* The public fake transport: queued responses come back in order, every
 * request is recorded, failures can be scripted, misuse is reported. */
#include "test_support.h"

#include <string.h>

static void test_round_trip(void **state) {
  (void)state;
  aml_transport *t = NULL;
  assert_int_equal(aml_fake_transport_new(&t, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_add_response(t, 201, "A: 1\r\nB:two  \n\nA: 3", "{\"x\":1}", NULL), AML_OK);
  assert_int_equal(aml_fake_transport_add_response(t, 204, NULL, NULL, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_pending_count(t), 2);

  aml_http_response *r = NULL;
  const uint8_t body[] = "payload";
  assert_int_equal(aml_transport_send(t, "PUT", "https://h/x?q=1", "Content-Type: text/plain\nX-Y: z", body, 7, 1500, &r, NULL), AML_OK);
  assert_int_equal(aml_http_response_status(r), 201);
  assert_string_equal(aml_http_response_header(r, "a"), "1");
  assert_string_equal(aml_http_response_header(r, "B"), "two");
  assert_int_equal(aml_http_response_header_count(r), 3);
  const char *n, *v;
  assert_int_equal(aml_http_response_header_at(r, 2, &n, &v), AML_OK);
  assert_string_equal(n, "A");
  assert_string_equal(v, "3");
  const uint8_t *data;
  size_t size;
  assert_int_equal(aml_http_response_body(r, &data, &size), AML_OK);
  assert_int_equal(size, 7);
  assert_string_equal((const char *)data, "{\"x\":1}");
  aml_http_response_free(r);

  assert_int_equal(aml_transport_send(t, "DELETE", "https://h/y", NULL, NULL, 0, 0, &r, NULL), AML_OK);
  assert_int_equal(aml_http_response_status(r), 204);
  assert_int_equal(aml_http_response_body(r, &data, &size), AML_OK);
  assert_int_equal(size, 0);
  aml_http_response_free(r);

  assert_int_equal(aml_fake_transport_request_count(t), 2);
  const aml_http_request *q = aml_fake_transport_request_at(t, 0);
  assert_string_equal(aml_http_request_method(q), "PUT");
  assert_string_equal(aml_http_request_url(q), "https://h/x?q=1");
  assert_string_equal(aml_http_request_header(q, "x-y"), "z");
  assert_int_equal(aml_http_request_header_count(q), 2);
  assert_int_equal(aml_http_request_timeout_ms(q), 1500);
  char *sent = aml_test_request_body(q);
  assert_string_equal(sent, "payload");
  free(sent);
  assert_null(aml_fake_transport_request_at(t, 2));
  aml_transport_unref(t);
}

static void test_empty_queue_and_failures(void **state) {
  (void)state;
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  aml_http_response *r = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_transport_send(t, "GET", "https://h/z?sig=secret", NULL, NULL, 0, 0, &r, &err), AML_ERR_TRANSPORT);
  assert_null(r);
  assert_non_null(strstr(aml_error_message(err), "no response queued for GET https://h/z"));
  assert_null(strstr(aml_error_message(err), "secret"));
  aml_error_free(err);

  const aml_result codes[] = {AML_ERR_CONNECT, AML_ERR_TRANSPORT, AML_ERR_TIMEOUT, AML_ERR_TLS};
  for (size_t i = 0; i < 4; i++) assert_int_equal(aml_fake_transport_add_failure(t, codes[i], NULL), AML_OK);
  for (size_t i = 0; i < 4; i++) {
    err = NULL;
    assert_int_equal(aml_transport_send(t, "GET", "https://h/", NULL, NULL, 0, 0, &r, &err), codes[i]);
    assert_int_equal(aml_error_code(err), codes[i]);
    aml_error_free(err);
  }
  assert_int_equal(aml_fake_transport_request_count(t), 5);
  aml_fake_transport_reset(t);
  assert_int_equal(aml_fake_transport_request_count(t), 0);
  aml_fake_transport_add_response(t, 200, NULL, NULL, NULL);
  aml_fake_transport_reset(t);
  assert_int_equal(aml_fake_transport_pending_count(t), 0);
  aml_transport_unref(t);
}

static void test_misuse(void **state) {
  (void)state;
  aml_transport *t = NULL, *d = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_fake_transport_new(NULL, &err), AML_ERR_INVALID_ARG);
  aml_error_free(err);
  aml_fake_transport_new(&t, NULL);
  err = NULL;
  assert_int_equal(aml_fake_transport_add_response(t, 99, NULL, NULL, &err), AML_ERR_INVALID_ARG);
  assert_non_null(strstr(aml_error_message(err), "99"));
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_fake_transport_add_response(t, 200, "no colon here", NULL, &err), AML_ERR_INVALID_ARG);
  aml_error_free(err);
  assert_int_equal(aml_fake_transport_add_response(t, 200, ": empty name", NULL, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_fake_transport_add_failure(t, AML_ERR_PARSE, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_fake_transport_pending_count(t), 0);

  /* Fake-only functions refuse other transports. */
  aml_transport_vtable vt = {AML_TRANSPORT_VTABLE_VERSION, NULL, NULL};
  assert_int_equal(aml_transport_new(&vt, NULL, &d, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_fake_transport_add_response(NULL, 200, NULL, NULL, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_fake_transport_request_count(NULL), 0);
  aml_fake_transport_reset(NULL);

  aml_http_response *r = NULL;
  assert_int_equal(aml_transport_send(t, "", "https://h", NULL, NULL, 0, 0, &r, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_transport_send(t, "GET", "https://h", NULL, NULL, 3, 0, &r, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_transport_send(t, "GET", "https://h", "bad header", NULL, 0, 0, &r, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_fake_transport_request_count(t), 0);
  assert_ptr_equal(aml_transport_ref(t), t);
  aml_transport_unref(t);
  aml_transport_unref(t);
  aml_transport_unref(NULL);
}

/* Custom transports: vtable with destroy, delegate, version checks. */
static int g_destroyed;
static void my_destroy(void *self) { g_destroyed += *(int *)self; }
static aml_result my_send(void *self, const aml_http_request *req, aml_http_response *resp, aml_error **err) {
  (void)self;
  (void)err;
  aml_http_response_set_status(resp, 418);
  aml_http_response_add_header(resp, "X-Method", aml_http_request_method(req));
  return aml_http_response_append_body(resp, (const uint8_t *)"tea", 3);
}
static aml_result delegate_send(const aml_http_request *req, aml_http_response *resp, void *ud) {
  (void)req;
  (*(int *)ud)++;
  return *(int *)ud > 1 ? AML_ERR_CONNECT : aml_http_response_set_status(resp, 200);
}
static aml_result silent_send(void *self, const aml_http_request *req, aml_http_response *resp, aml_error **err) {
  (void)self; (void)req; (void)resp; (void)err;
  return AML_OK; /* "succeeds" without a status */
}

static void test_custom_transports(void **state) {
  (void)state;
  int token = 5;
  aml_transport_vtable vt = {AML_TRANSPORT_VTABLE_VERSION, my_send, my_destroy};
  aml_transport *t = NULL;
  assert_int_equal(aml_transport_new(&vt, &token, &t, NULL), AML_OK);
  aml_http_response *r = NULL;
  assert_int_equal(aml_transport_send(t, "PATCH", "https://h", NULL, NULL, 0, 0, &r, NULL), AML_OK);
  assert_int_equal(aml_http_response_status(r), 418);
  assert_string_equal(aml_http_response_header(r, "x-method"), "PATCH");
  aml_http_response_free(r);
  aml_transport_unref(t);
  assert_int_equal(g_destroyed, 5);

  vt.version = 2; /* unknown: self must still be destroyed */
  assert_int_equal(aml_transport_new(&vt, &token, &t, NULL), AML_ERR_VERSION);
  assert_int_equal(g_destroyed, 10);

  int calls = 0;
  assert_int_equal(aml_transport_delegate_new(delegate_send, &calls, &t, NULL), AML_OK);
  assert_int_equal(aml_transport_send(t, "GET", "https://h", NULL, NULL, 0, 0, &r, NULL), AML_OK);
  aml_http_response_free(r);
  aml_error *err = NULL;
  assert_int_equal(aml_transport_send(t, "GET", "https://h", NULL, NULL, 0, 0, &r, &err), AML_ERR_CONNECT);
  assert_int_equal(aml_error_code(err), AML_ERR_CONNECT);
  aml_error_free(err);
  aml_transport_unref(t);
  assert_int_equal(aml_transport_delegate_new(NULL, NULL, &t, NULL), AML_ERR_INVALID_ARG);

  aml_transport_vtable silent = {AML_TRANSPORT_VTABLE_VERSION, silent_send, NULL};
  aml_transport_new(&silent, NULL, &t, NULL);
  assert_int_equal(aml_transport_send(t, "GET", "https://h", NULL, NULL, 0, 0, &r, NULL), AML_ERR_TRANSPORT);
  aml_transport_unref(t);

  /* Setter argument checks. */
  assert_int_equal(aml_http_response_set_status(NULL, 200), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_http_response_add_header(NULL, "a", "b"), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_http_response_append_body(NULL, NULL, 0), AML_ERR_INVALID_ARG);
  assert_string_equal(aml_http_request_method(NULL), "");
  assert_null(aml_http_request_header(NULL, "x"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_round_trip),
      cmocka_unit_test(test_empty_queue_and_failures),
      cmocka_unit_test(test_misuse),
      cmocka_unit_test(test_custom_transports),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
