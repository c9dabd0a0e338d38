/* Unit tests of the emulator's pure helpers: the service's naming rules,
 * ISO-8601 durations, base64url, form parsing, JWT sign/verify, fault rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "faults.h"
#include "jwt.h"
#include "util.h"
#include "validate.h"

static void endpoint_names(void **state)
{
    (void)state;
    assert_true(em_valid_endpoint_name("abc"));
    assert_true(em_valid_endpoint_name("my-endpoint-1"));
    assert_true(em_valid_endpoint_name("abcdefghijklmnopqrstuvwxyz012345")); /* 32 */
    assert_false(em_valid_endpoint_name("ab"));
    assert_false(em_valid_endpoint_name("abcdefghijklmnopqrstuvwxyz0123456")); /* 33 */
    assert_false(em_valid_endpoint_name("1abc"));
    assert_false(em_valid_endpoint_name("abc-"));
    assert_false(em_valid_endpoint_name("ab_c"));
}

static void compute_names(void **state)
{
    (void)state;
    assert_true(em_valid_compute_name("cpu-cluster"));
    assert_true(em_valid_compute_name("c1-a"));
    assert_true(em_valid_compute_name("abc-1x"));
    assert_false(em_valid_compute_name("cluster-1"));  /* ends in -digits */
    assert_false(em_valid_compute_name("a-12"));
    assert_false(em_valid_compute_name("ab"));
    assert_false(em_valid_compute_name("abcdefghijklmnopqrstuvwxy")); /* 25 */
    assert_false(em_valid_compute_name("9abc"));
}

static void durations(void **state)
{
    (void)state;
    const char *good[] = {"PT30S", "PT2M", "PT1H", "P1D", "P1DT2H", "PT0.5S", "P2W", "P1Y2M3DT4H5M6S"};
    const char *bad[] = {"", "P", "PT", "30S", "PT30", "P1H", "PTS", "PT1S2M", "2m"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        assert_true(em_valid_duration(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(em_valid_duration(bad[i]));
}

static void base64url(void **state)
{
    (void)state;
    const char *in = "hello?>>";
    char *enc = em_b64url_encode((const unsigned char *)in, strlen(in));
    assert_string_equal(enc, "aGVsbG8_Pj4");
    size_t n;
    unsigned char *dec = em_b64url_decode(enc, strlen(enc), &n);
    assert_int_equal(n, strlen(in));
    assert_memory_equal(dec, in, n);
    free(enc);
    free(dec);
    assert_null(em_b64url_decode("a", 1, &n));
    assert_null(em_b64url_decode("ab$d", 4, &n));
}

static void form(void **state)
{
    (void)state;
    em_kvlist l = {0};
    const char *body = "grant_type=client_credentials&scope=https%3A%2F%2Fml.azure.com%2F.default"
                       "&a+b=c+d&empty";
    em_form_parse(body, strlen(body), &l);
    assert_int_equal(l.n, 4);
    assert_string_equal(em_kv_get(&l, "scope"), "https://ml.azure.com/.default");
    assert_string_equal(em_kv_get(&l, "a b"), "c d");
    assert_string_equal(em_kv_get(&l, "empty"), "");
    em_kv_free(&l);
}

static void jwt_roundtrip(void **state)
{
    (void)state;
    em_signer s;
    char *err = NULL;
    assert_int_equal(em_signer_init(&s, NULL, &err), 0);
    json_t *claims = json_pack("{s:s, s:i}", "aud", "https://ml.azure.com", "exp", 123);
    char *tok = em_jwt_sign(&s, claims);
    json_decref(claims);
    em_jwt jwt;
    assert_int_equal(em_jwt_decode(tok, &jwt), 0);
    assert_string_equal(json_string_value(json_object_get(jwt.payload, "aud")),
                        "https://ml.azure.com");
    assert_true(em_jwt_verify(&jwt, s.key));
    em_jwt_free(&jwt);
    /* flip one signature character: verification must fail */
    size_t n = strlen(tok);
    tok[n - 3] = tok[n - 3] == 'A' ? 'B' : 'A';
    assert_int_equal(em_jwt_decode(tok, &jwt), 0);
    assert_false(em_jwt_verify(&jwt, s.key));
    em_jwt_free(&jwt);
    assert_int_equal(em_jwt_decode("a.b", &jwt), -1);
    free(tok);
    em_signer_free(&s);
}

static void fault_rules(void **state)
{
    (void)state;
    em_faults *f = em_faults_new(7);
    char *err = NULL;
    assert_int_equal(em_faults_add_spec(f, "status=503,count=2,prefix=/subscriptions", &err), 1);
    assert_int_equal(em_faults_add_spec(f, "bogus=1", &err), -1);
    free(err);
    err = NULL;
    assert_int_equal(em_faults_add_spec(f, "status=503,drop", &err), -1);
    free(err);
    err = NULL;
    em_request req = {.method = "GET", .path = "/subscriptions/x"};
    em_request other = {.method = "GET", .path = "/metadata/identity"};
    em_response r = {0};
    assert_false(em_faults_apply(f, &other, &r));
    for (int i = 0; i < 2; i++) {
        assert_true(em_faults_apply(f, &req, &r));
        assert_int_equal(r.status, 503);
        em_response_free(&r);
        memset(&r, 0, sizeof r);
    }
    assert_false(em_faults_apply(f, &req, &r)); /* count exhausted */
    em_faults_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(endpoint_names), cmocka_unit_test(compute_names),
        cmocka_unit_test(durations),      cmocka_unit_test(base64url),
        cmocka_unit_test(form),           cmocka_unit_test(jwt_roundtrip),
        cmocka_unit_test(fault_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
