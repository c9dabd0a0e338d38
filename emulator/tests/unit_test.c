/* Unit tests of the emulator's pure helpers: the service's naming rules,
 * ISO-8601 durations, base64url, form parsing, JWT sign/verify, fault rules,
 * datastore URIs to local paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "datastore.h"
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

static void duration_lengths(void **state)
{
    (void)state;
    int64_t ms = 0;
    assert_true(em_duration_ms("PT30S", &ms));
    assert_int_equal(ms, 30000);
    assert_true(em_duration_ms("PT0.5S", &ms));
    assert_int_equal(ms, 500);
    assert_true(em_duration_ms("P1DT2H3M4S", &ms));
    assert_int_equal(ms, ((26 * 60 + 3) * 60 + 4) * 1000LL);
    assert_true(em_duration_ms("P2W", &ms));
    assert_int_equal(ms, 14 * 86400 * 1000LL);
    assert_false(em_duration_ms("PT", &ms));
}

/* One URI -> expected local path (NULL: refused, with a message naming why). */
static void expect_path(const char *uri, const char *want, const char *why)
{
    char *err = NULL;
    char *got = em_datastore_path("/ds", uri, &err);
    if (want) {
        assert_non_null(got);
        assert_string_equal(got, want);
        assert_null(err);
    } else {
        assert_null(got);
        assert_non_null(err);
        assert_non_null(strstr(err, why));
    }
    free(got);
    free(err);
}

static void datastore_paths(void **state)
{
    (void)state;
    expect_path("azureml://datastores/workspaceblobstore/paths/data/x/", "/ds/workspaceblobstore/data/x",
                NULL);
    expect_path("azureml://datastores/my_ds/paths/a%20b.csv", "/ds/my_ds/a b.csv", NULL);
    expect_path("azureml://subscriptions/s/resourcegroups/rg/workspaces/ws/datastores/d1/paths/p",
                "/ds/d1/p", NULL);
    expect_path("azureml:/subscriptions/s/resourceGroups/rg/providers/Microsoft.MachineLearningServices"
                "/workspaces/ws/datastores/d2/paths/q/r",
                "/ds/d2/q/r", NULL);
    expect_path("azureml://datastores/d3", "/ds/d3", NULL);
    expect_path("file:///tmp/in/", "/tmp/in", NULL);
    expect_path("file://localhost/tmp/f.txt", "/tmp/f.txt", NULL);
    expect_path("/abs/path", "/abs/path", NULL);
    expect_path("azureml://datastores/d/paths/../../etc/passwd", NULL, "leaves the datastore");
    expect_path("azureml://datastores/bad name/paths/x", NULL, "is not of the form");
    expect_path("azureml://registries/r/models/m/versions/1", NULL, "does not name a datastore");
    expect_path("https://account.blob.core.windows.net/c/x", NULL, "no network access");
    expect_path("relative/path", NULL, "relative path");
    expect_path("", NULL, "empty");
    char *err = NULL;
    char *p = em_datastore_join("/ds", "/subscriptions/s/workspaces/w/datastores/out", "o/", &err);
    assert_string_equal(p, "/ds/out/o");
    free(p);
    p = em_job_score_dir("/ds", "job-1");
    assert_string_equal(p, "/ds/workspaceblobstore/azureml/job-1/score");
    free(p);
    assert_false(em_relpath_ok("a/../b"));
    assert_true(em_relpath_ok("a/..b/c"));
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
        cmocka_unit_test(durations),      cmocka_unit_test(duration_lengths),
        cmocka_unit_test(datastore_paths), cmocka_unit_test(base64url),
        cmocka_unit_test(form),           cmocka_unit_test(jwt_roundtrip),
        cmocka_unit_test(fault_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
