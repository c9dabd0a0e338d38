/* A deterministic mutation fuzzer over everything that parses what a server
 * (or a stored token) sends: entity JSON, ARM and OAuth error bodies, list
 * pages, long-running-operation answers, resume tokens, Retry-After, HTTP
 * dates, ISO-8601 durations and header lines. Seeds are the entity fixtures
 * and hand-written answers; each is mutated (bit flips, byte changes, cuts,
 * duplicated spans, inserted JSON punctuation) a fixed number of times with a
 * fixed seed, so a failure replays exactly. What must hold: no crash, no
 * memory error, no leak (the suite also runs under ASan/UBSan), and every
 * call answers AML_OK or a negative code with an error object. */
#include "test_json.h"
#include "test_support.h"

#include "core/clock.h"
#include "core/duration.h"
#include "http/message.h"
#include "http/pipeline.h"
#include "http/service_error.h"
#include "ml/lro_glue.h"

#include <string.h>

#define ITERATIONS 4000

static uint64_t g_rng = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(void) {
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 7;
  g_rng ^= g_rng << 17;
  return (uint32_t)(g_rng >> 11);
}

/* A mutated, NUL-terminated copy of seed (malloc'd). */
static char *mutate(const char *seed) {
  static const char *const tokens[] = {"{", "}", "[", "]", ",", ":", "\"", "null", "true", "-1",
                                       "1e999", "\\u0000", "\\ud800", "\"x\":", "\xff", "0.5", "{}", "[]"};
  size_t len = strlen(seed);
  size_t cap = len * 2 + 64;
  char *s = malloc(cap);
  memcpy(s, seed, len + 1);
  int edits = 1 + (int)(rnd() % 4);
  for (int e = 0; e < edits; e++) {
    size_t pos = len ? rnd() % len : 0;
    switch (rnd() % 6) {
    case 0: if (len) s[pos] ^= (char)(1u << (rnd() % 8)); break;           /* bit flip */
    case 1: if (len) s[pos] = (char)(rnd() % 256); break;                   /* byte change */
    case 2: len = pos; s[len] = '\0'; break;                                 /* cut */
    case 3: {                                                                /* duplicate a span */
      size_t n = len ? rnd() % (len - pos + 1) : 0;
      if (n > 32) n = 32;
      if (len + n + 1 < cap) {
        memmove(s + pos + n, s + pos, len - pos + 1);
        len += n;
      }
      break;
    }
    default: {                                                               /* insert a token */
      const char *t = tokens[rnd() % (sizeof(tokens) / sizeof(tokens[0]))];
      size_t n = strlen(t);
      if (len + n + 1 < cap) {
        memmove(s + pos + n, s + pos, len - pos + 1);
        memcpy(s + pos, t, n);
        len += n;
      }
      break;
    }
    }
  }
  s[len] = '\0';
  return s;
}

/* A negative answer must come with an error object; a positive one without. */
static void check(aml_result rc, aml_error *err) {
  if (rc < 0) {
    assert_non_null(err);
    assert_int_equal(aml_error_code(err), rc);
    assert_true(strlen(aml_error_message(err)) > 0);
  } else if (err) {
    fail_msg("answered %d but left an error: %s", rc, aml_error_message(err));
  }
  aml_error_free(err);
}

static void fuzz_entities(void **state) {
  (void)state;
  static const char *const fixtures[] = {"batch_endpoint_full.json", "batch_endpoint_minimal.json",
                                         "batch_deployment_full.json", "batch_deployment_datapath.json",
                                         "compute_full.json", "model_version.json", "code_version.json",
                                         "environment_version.json", "environment_version_build.json"};
  for (size_t f = 0; f < sizeof(fixtures) / sizeof(fixtures[0]); f++) {
    char *seed = aml_test_fixture(fixtures[f]);
    for (int i = 0; i < ITERATIONS; i++) {
      char *in = mutate(seed);
      aml_error *err = NULL;
      aml_batch_endpoint *ep = NULL;
      { aml_result rc_ = aml_batch_endpoint_from_json(in, &ep, &err); check(rc_, err); }
      if (ep) { /* what parsed must serialise back */
        char *out = NULL;
        err = NULL;
        { aml_result rc_ = aml_batch_endpoint_to_json(ep, &out, &err); check(rc_, err); }
        aml_free(out);
      }
      aml_batch_endpoint_free(ep);
      aml_batch_deployment *d = NULL;
      err = NULL;
      { aml_result rc_ = aml_batch_deployment_from_json(in, &d, &err); check(rc_, err); }
      if (d) {
        char *out = NULL;
        err = NULL;
        { aml_result rc_ = aml_batch_deployment_to_json(d, &out, &err); check(rc_, err); }
        aml_free(out);
      }
      aml_batch_deployment_free(d);
      aml_compute *c = NULL;
      err = NULL;
      { aml_result rc_ = aml_compute_from_json(in, &c, &err); check(rc_, err); }
      if (c) {
        char *out = NULL;
        err = NULL;
        { aml_result rc_ = aml_compute_to_json(c, &out, &err); check(rc_, err); }
        aml_free(out);
      }
      aml_compute_free(c);
      aml_model_version *m = NULL;
      err = NULL;
      { aml_result rc_ = aml_model_version_from_json(in, &m, &err); check(rc_, err); }
      aml_model_version_free(m);
      aml_environment_version *ev = NULL;
      err = NULL;
      { aml_result rc_ = aml_environment_version_from_json(in, &ev, &err); check(rc_, err); }
      aml_environment_version_free(ev);
      free(in);
    }
    free(seed);
  }
}

static void fuzz_error_bodies(void **state) {
  (void)state;
  static const char *const seeds[] = {
      "{\"error\":{\"code\":\"BadRequest\",\"message\":\"m\",\"target\":\"t\",\"details\":[{\"code\":\"d\",\"message\":\"x\"}],\"additionalInfo\":[{\"type\":\"a\",\"info\":{}}]}}",
      "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: bad\",\"error_codes\":[7000215]}",
      "{\"code\":\"Conflict\",\"message\":\"busy\"}",
      "<html><body>502 Bad Gateway</body></html>",
  };
  const int32_t statuses[] = {400, 401, 403, 404, 409, 429, 500, 503};
  for (size_t k = 0; k < 4; k++) {
    for (int i = 0; i < ITERATIONS; i++) {
      char *body = mutate(seeds[k]);
      aml_http_request *req = NULL;
      aml_http_response *resp = NULL;
      aml__http_request_new("GET", "https://arm/x?api-version=1", &req);
      aml__http_response_new(&resp);
      resp->status = statuses[rnd() % 8];
      aml_http_response_append_body(resp, (const uint8_t *)body, strlen(body));
      aml_error *e = NULL;
      aml_result rc = aml__error_from_response(req, resp, &e);
      assert_true(rc < 0);
      check(rc, e);
      aml__http_request_free(req);
      aml_http_response_free(resp);
      free(body);
    }
  }
}

/* Long-running operations: mutated initial answers, status bodies, headers. */
static void fuzz_poller_answers(void **state) {
  (void)state;
  static const char *const status_seeds[] = {
      "{\"status\":\"Succeeded\",\"resourceLocation\":\"https://management.example.test/x\"}",
      "{\"status\":\"Failed\",\"error\":{\"code\":\"C\",\"message\":\"M\",\"details\":[{\"code\":\"D\"}]}}",
      "{\"status\":\"InProgress\",\"percentComplete\":50}",
      "{\"properties\":{\"provisioningState\":\"Failed\",\"provisioningErrors\":[{\"error\":{\"code\":\"Q\"}}]}}",
  };
  static const char *const header_seeds[] = {
      "Azure-AsyncOperation: https://management.example.test/op/1\nRetry-After: 0",
      "Location: https://management.example.test/loc/1\nretry-after-ms: 1",
      "Retry-After: Thu, 01 Jan 1970 00:00:00 GMT",
  };
  const char *const methods[] = {"PUT", "PATCH", "DELETE", "POST"};
  const int32_t initial[] = {200, 201, 202, 204};
  for (int i = 0; i < ITERATIONS; i++) {
    aml_transport *t = NULL;
    aml_fake_transport_new(&t, NULL);
    aml_client *c = aml_test_client_new(t, NULL, NULL, 0);
    char *h = mutate(header_seeds[rnd() % 3]);
    char *b = mutate(status_seeds[rnd() % 4]);
    if (aml_fake_transport_add_response(t, initial[rnd() % 4], h, b, NULL) != AML_OK)
      aml_fake_transport_add_response(t, 202, header_seeds[0], b, NULL); /* a header line the fake refuses */
    for (int k = 0; k < 3; k++) {
      char *sb = mutate(status_seeds[rnd() % 4]);
      char *sh = mutate(header_seeds[rnd() % 3]);
      if (aml_fake_transport_add_response(t, (rnd() % 3) ? 200 : 202, sh, sb, NULL) != AML_OK)
        aml_fake_transport_add_response(t, 200, NULL, sb, NULL);
      free(sb);
      free(sh);
    }
    aml_poller *p = NULL;
    aml_error *err = NULL;
    aml_result rc = aml__client_begin(c, methods[rnd() % 4], "https://management.example.test/r?api-version=1",
                                      "{}", "fuzz.op", AML_RESULT_BATCH_ENDPOINT, (aml_final_state)(rnd() % 3), &p, &err);
    check(rc, err);
    for (int k = 0; p && k < 4 && !aml_poller_done(p); k++) {
      err = NULL;
      { aml_result rc_ = aml_poller_poll(p, &err); check(rc_, err); }
    }
    if (p) {
      (void)aml_poller_batch_endpoint(p);
      char *token = NULL;
      if (aml_poller_resume_token(p, &token, NULL) == AML_OK) {
        /* and a mutated token must be refused cleanly or resume */
        char *bad = mutate(token);
        aml_poller *r = NULL;
        err = NULL;
        { aml_result rc_ = aml_poller_from_resume_token(c, bad, &r, &err); check(rc_, err); }
        aml_poller_free(r);
        free(bad);
        aml_free(token);
      }
    }
    aml_poller_free(p);
    aml_client_unref(c);
    aml_transport_unref(t);
    free(h);
    free(b);
  }
}

static void fuzz_pages(void **state) {
  (void)state;
  char *seed = aml_test_fixture("batch_endpoint_list.json");
  for (int i = 0; i < ITERATIONS; i++) {
    aml_transport *t = NULL;
    aml_fake_transport_new(&t, NULL);
    aml_client *c = aml_test_client_new(t, NULL, NULL, 0);
    char *page = mutate(seed);
    aml_fake_transport_add_response(t, 200, NULL, page, NULL);
    aml_pager *it = NULL;
    assert_int_equal(aml_batch_endpoints_list(c, &it, NULL), AML_OK);
    for (int k = 0; k < 10; k++) {
      aml_batch_endpoint *ep = NULL;
      aml_error *err = NULL;
      aml_result rc = aml_pager_next_batch_endpoint(it, &ep, &err);
      aml_batch_endpoint_free(ep);
      if (rc == AML_ITER_END) {
        assert_null(err);
        break;
      }
      check(rc, err);
      if (rc < 0) break;
    }
    aml_pager_free(it);
    aml_client_unref(c);
    aml_transport_unref(t);
    free(page);
  }
  free(seed);
}

static void fuzz_small_parsers(void **state) {
  (void)state;
  static const char *const seeds[] = {"PT1H30M5S", "P1DT2H", "Sun, 06 Nov 1994 08:49:37 GMT",
                                      "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
                                      "A: 1\nB: two\r\nC:", "120", "1.5"};
  for (size_t k = 0; k < sizeof(seeds) / sizeof(seeds[0]); k++) {
    for (int i = 0; i < ITERATIONS * 2; i++) {
      char *in = mutate(seeds[k]);
      int64_t v;
      if (aml__duration_parse(in, &v)) assert_true(v >= 0);
      (void)aml__parse_http_date(in, &v);
      aml_kvlist l;
      aml__kvlist_init(&l, true);
      (void)aml__parse_header_lines(&l, in);
      aml__kvlist_clear(&l);
      aml_http_response *resp = NULL;
      aml__http_response_new(&resp);
      aml__kvlist_add(&resp->headers, (rnd() & 1) ? "Retry-After" : "retry-after-ms", in);
      int64_t ms = aml__retry_after_ms(resp, aml__now_unix_s());
      assert_true(ms >= -1);
      aml_http_response_free(resp);
      free(in);
    }
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(fuzz_entities),   cmocka_unit_test(fuzz_error_bodies),
      cmocka_unit_test(fuzz_poller_answers), cmocka_unit_test(fuzz_pages),
      cmocka_unit_test(fuzz_small_parsers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
