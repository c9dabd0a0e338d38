/* Error responses become aml_error: the status -> code table, ARM bodies with
 * details, OAuth bodies, bare {code,message}, non-JSON and empty bodies. */
#include "test_support.h"

#include "http/service_error.h"

#include <string.h>

static aml_error *from(int32_t status, const char *headers, const char *body) {
  aml_http_request *req = NULL;
  aml_http_response *resp = NULL;
  aml__http_request_new("PUT", "https://arm/x?api-version=1&$skipToken=SECRETTOKEN", &req);
  aml__http_request_set_header(req, "x-ms-client-request-id", "client-rid");
  aml__http_response_new(&resp);
  resp->status = status;
  if (headers) aml__parse_header_lines(&resp->headers, headers);
  if (body) aml_http_response_append_body(resp, (const uint8_t *)body, strlen(body));
  aml_error *e = NULL;
  aml_result rc = aml__error_from_response(req, resp, &e);
  assert_int_equal(rc, aml_error_code(e));
  aml__http_request_free(req);
  aml_http_response_free(resp);
  return e;
}

static void test_status_table(void **state) {
  (void)state;
  struct { int32_t s; aml_result c; } t[] = {
      {400, AML_ERR_BAD_REQUEST}, {401, AML_ERR_UNAUTHORIZED}, {403, AML_ERR_FORBIDDEN}, {404, AML_ERR_NOT_FOUND},
      {405, AML_ERR_HTTP}, {409, AML_ERR_CONFLICT}, {412, AML_ERR_HTTP}, {429, AML_ERR_THROTTLED},
      {500, AML_ERR_SERVER}, {503, AML_ERR_SERVER}, {599, AML_ERR_SERVER},
  };
  for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
    aml_error *e = from(t[i].s, NULL, NULL);
    assert_int_equal(aml_error_code(e), t[i].c);
    assert_int_equal(aml_error_http_status(e), t[i].s);
    aml_error_free(e);
  }
}

static void test_arm_body(void **state) {
  (void)state;
  aml_error *e = from(400, "x-ms-request-id: srv-rid",
                      "{\"error\":{\"code\":\"BadRequest\",\"message\":\"Name is\\ninvalid\",\"target\":\"name\","
                      "\"details\":[{\"code\":\"D1\",\"message\":\"m1\",\"target\":\"t1\"},{\"code\":\"D2\"},7],"
                      "\"additionalInfo\":[{\"type\":\"x\",\"info\":{}}]}}");
  assert_int_equal(aml_error_code(e), AML_ERR_BAD_REQUEST);
  assert_string_equal(aml_error_service_code(e), "BadRequest");
  assert_string_equal(aml_error_service_message(e), "Name is invalid"); /* wire controls neutralised */
  assert_string_equal(aml_error_target(e), "name");
  assert_string_equal(aml_error_request_id(e), "srv-rid");
  assert_string_equal(aml_error_client_request_id(e), "client-rid");
  assert_int_equal(aml_error_details_count(e), 2);
  const char *c, *m, *t;
  aml_error_detail_at(e, 0, &c, &m, &t);
  assert_string_equal(c, "D1");
  assert_string_equal(m, "m1");
  assert_string_equal(t, "t1");
  aml_error_detail_at(e, 1, &c, &m, &t);
  assert_string_equal(c, "D2");
  assert_null(m);
  /* One line; the query is redacted except api-version. */
  assert_string_equal(aml_error_message(e),
                      "PUT https://arm/x?api-version=1&$skipToken=REDACTED: HTTP 400 (BadRequest): Name is invalid");
  aml_error_free(e);
}

static void test_other_bodies(void **state) {
  (void)state;
  aml_error *e = from(401, NULL, "{\"error\":\"invalid_client\",\"error_description\":\"bad secret\"}");
  assert_string_equal(aml_error_service_code(e), "invalid_client");
  assert_string_equal(aml_error_service_message(e), "bad secret");
  aml_error_free(e);

  e = from(409, NULL, "{\"code\":\"Conflict\",\"message\":\"busy\"}");
  assert_string_equal(aml_error_service_code(e), "Conflict");
  assert_string_equal(aml_error_service_message(e), "busy");
  aml_error_free(e);

  e = from(502, NULL, "<html>\r\n<body>Bad Gateway</body>\x01</html>");
  assert_null(aml_error_service_code(e));
  assert_int_equal(aml_error_code(e), AML_ERR_SERVER);
  assert_non_null(strstr(aml_error_message(e), "HTTP 502: <html>  <body>Bad Gateway</body> </html>"));
  aml_error_free(e);

  char big[4096];
  memset(big, 'a', sizeof(big) - 1);
  big[sizeof(big) - 1] = '\0';
  e = from(500, NULL, big);
  assert_true(strlen(aml_error_message(e)) < 400);
  assert_non_null(strstr(aml_error_message(e), "..."));
  aml_error_free(e);

  e = from(404, NULL, "");
  assert_true(strstr(aml_error_message(e), "HTTP 404") != NULL);
  assert_int_equal(aml_error_details_count(e), 0);
  aml_error_free(e);

  e = from(400, NULL, "{\"error\":42}");
  assert_null(aml_error_service_code(e));
  aml_error_free(e);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_status_table),
      cmocka_unit_test(test_arm_body),
      cmocka_unit_test(test_other_bodies),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
