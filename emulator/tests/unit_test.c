/* Unit tests of the emulator's pure helpers: the service's naming rules,
 * ISO-8601 durations, base64url, form parsing, JWT sign/verify, fault rules,
 * datastore URIs to local paths, the Blob service's string-to-sign (Shared
 * Key, SAS), HMAC/MD5, blob names, ISO 8601 times. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "blob_fs.h"
#include "datastore.h"
#include "faults.h"
#include "jwt.h"
#include "sas.h"
#include "sharedkey.h"
#include "storage_crypto.h"
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

/* Vectors written by hand from the REST docs' recipe. */
static void sharedkey_string_to_sign(void **state)
{
    (void)state;
    em_request r = {0};
    r.method = "PUT";
    r.path = "/amlemulator/c/a b";
    r.raw_path = "/amlemulator/c/a%20b";
    em_kv_add(&r.query, "comp", "block");
    em_kv_add(&r.query, "blockid", "AAAA");
    em_kv_add(&r.headers, "Content-Length", "3");
    em_kv_add(&r.headers, "Content-MD5", "xyz");
    em_kv_add(&r.headers, "x-ms-version", "2025-11-05");
    em_kv_add(&r.headers, "x-ms-date", "Wed, 02 Dec 2026 12:00:00 GMT");
    em_kv_add(&r.headers, "Date", "ignored when x-ms-date is sent");
    em_kv_add(&r.headers, "X-MS-Meta-B", " v ");
    em_kv_add(&r.headers, "Content-Type", "text/plain");
    char *sts = em_sharedkey_string_to_sign(&r, "amlemulator");
    assert_string_equal(sts, "PUT\n\n\n3\nxyz\ntext/plain\n\n\n\n\n\n\n"
                             "x-ms-date:Wed, 02 Dec 2026 12:00:00 GMT\nx-ms-meta-b:v\n"
                             "x-ms-version:2025-11-05\n/amlemulator/amlemulator/c/a%20b\n"
                             "blockid:AAAA\ncomp:block");
    free(sts);
    em_kv_free(&r.query);
    em_kv_free(&r.headers);
    /* a zero length is an empty line; repeated query values sorted and joined */
    em_request g = {0};
    g.method = "GET";
    g.path = "/a/c";
    em_kv_add(&g.headers, "Content-Length", "0");
    em_kv_add(&g.headers, "Date", "Wed, 02 Dec 2026 12:00:00 GMT");
    em_kv_add(&g.query, "include", "snapshots");
    em_kv_add(&g.query, "Include", "metadata");
    sts = em_sharedkey_string_to_sign(&g, "a");
    assert_string_equal(sts, "GET\n\n\n\n\n\nWed, 02 Dec 2026 12:00:00 GMT\n\n\n\n\n\n"
                             "/a/a/c\ninclude:metadata,snapshots");
    free(sts);
    em_kv_free(&g.query);
    em_kv_free(&g.headers);
}

static void sas_string_to_sign(void **state)
{
    (void)state;
    em_request r = {0};
    em_kv_add(&r.query, "sv", "2021-12-02");
    em_kv_add(&r.query, "sr", "c");
    em_kv_add(&r.query, "sp", "rl");
    em_kv_add(&r.query, "se", "2099-01-01T00:00:00Z");
    char *sts = em_sas_string_to_sign(&r, "/blob/acct/c");
    assert_string_equal(sts, "rl\n\n2099-01-01T00:00:00Z\n/blob/acct/c\n\n\n\n2021-12-02\nc"
                             "\n\n\n\n\n\n\n");
    free(sts);
    em_kv_free(&r.query);
    /* before 2020-12-06: no encryption scope line */
    em_kv_add(&r.query, "sv", "2019-12-12");
    em_kv_add(&r.query, "sr", "b");
    em_kv_add(&r.query, "sp", "r");
    em_kv_add(&r.query, "se", "2099-01-01");
    sts = em_sas_string_to_sign(&r, "/blob/acct/c/b");
    assert_string_equal(sts, "r\n\n2099-01-01\n/blob/acct/c/b\n\n\n\n2019-12-12\nb\n\n\n\n"
                             "\n\n");
    free(sts);
    em_kv_free(&r.query);
    assert_int_equal(em_parse_iso8601("2099-01-01T00:00:00Z"), 4070908800000LL);
    assert_int_equal(em_parse_iso8601("2099-01-01"), 4070908800000LL);
    assert_int_equal(em_parse_iso8601("2099-01-01T00:00:00.5Z"), 4070908800500LL);
    assert_int_equal(em_parse_iso8601("2099-01-01T00:00Z"), 4070908800000LL);
    assert_int_equal(em_parse_iso8601("2099-01-01 00:00:00"), -1);
    assert_int_equal(em_parse_iso8601("2099-13-01"), -1);
}

static void storage_hashes(void **state)
{
    (void)state;
    /* RFC 4231 test case 2 */
    char *mac = em_hmac_sha256_b64((const unsigned char *)"Jefe", 4,
                                   "what do ya want for nothing?");
    assert_string_equal(mac, "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
    free(mac);
    char *md5 = em_md5_b64("abc", 3);
    assert_string_equal(md5, "kAFQmDzST7DWlj99KOF/cg==");
    free(md5);
    size_t n = 0;
    unsigned char *d = em_b64_decode("YWJjZA==", &n);
    assert_non_null(d);
    assert_int_equal(n, 4);
    assert_memory_equal(d, "abcd", 4);
    free(d);
    assert_null(em_b64_decode("YWJ", &n));
    assert_true(em_sig_equal("abc", "abc"));
    assert_false(em_sig_equal("abc", "abd"));
    assert_false(em_sig_equal("abc", "ab"));
}

static void blob_names(void **state)
{
    (void)state;
    assert_true(em_blob_name_ok("a"));
    assert_true(em_blob_name_ok("a/b c/ü.csv"));
    assert_true(em_blob_name_ok("a/.hidden/..x"));
    assert_false(em_blob_name_ok(""));
    assert_false(em_blob_name_ok("/a"));
    assert_false(em_blob_name_ok("a/"));
    assert_false(em_blob_name_ok("a//b"));
    assert_false(em_blob_name_ok("a/../b"));
    assert_false(em_blob_name_ok(".."));
    assert_false(em_blob_name_ok("a/./b"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(endpoint_names), cmocka_unit_test(compute_names),
        cmocka_unit_test(durations),      cmocka_unit_test(duration_lengths),
        cmocka_unit_test(datastore_paths), cmocka_unit_test(base64url),
        cmocka_unit_test(form),           cmocka_unit_test(jwt_roundtrip),
        cmocka_unit_test(fault_rules),
        cmocka_unit_test(sharedkey_string_to_sign), cmocka_unit_test(sas_string_to_sign),
        cmocka_unit_test(storage_hashes), cmocka_unit_test(blob_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
