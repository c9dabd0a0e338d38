/* Shared Key against vectors computed without the code under test:
 * tests/unit/vectors/blob_sharedkey_vectors.py signs the same requests with
 * the Python standard library and checks azure-storage-blob's own
 * SharedKeyCredentialPolicy agrees; its output is pasted below. */
#include "test_support.h"

#include "core/kv.h"
#include "core/alloc.h"
#include "http/message.h"
#include "core/base64.h"
#include "storage/sharedkey.h"

#include <string.h>

#define KEY "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
#define DATE "Wed, 02 Dec 2026 12:00:00 GMT"

typedef struct vector {
  const char *name, *method, *url;
  const char *headers; /* "Name: value" lines */
  uint64_t length;
  const char *string_to_sign, *signature;
} vector;

static const vector k_vectors[] = {
    {"put_blob", "PUT", "http://127.0.0.1:10000/devstoreaccount1/cont/dir/a%20b%23c.txt",
     "x-ms-version: 2025-11-05\nx-ms-date: " DATE "\nx-ms-blob-type: BlockBlob\nContent-MD5: XUFAKrxLKna5cZ2REBfFkg==\n"
     "x-ms-meta-upload_status: completed\nx-ms-meta-name: asset\n"
     "x-ms-client-request-id: 11111111-2222-3333-4444-555555555555\nIf-None-Match: *",
     5,
     "PUT\n\n\n5\nXUFAKrxLKna5cZ2REBfFkg==\n\n\n\n\n*\n\n\nx-ms-blob-type:BlockBlob\nx-ms-client-request-id:11111111-"
     "2222-3333-4444-555555555555\nx-ms-date:Wed, 02 Dec 2026 12:00:00 GMT\nx-ms-meta-name:asset\nx-ms-meta-upload_"
     "status:completed\nx-ms-version:2025-11-05\n/devstoreaccount1/devstoreaccount1/cont/dir/a%20b%23c.txt",
     "V26XnRoPQ24ZEAxWKfW917kRGLr2/CfOLmtJbobLR9Q="},
    {"list_blobs", "GET",
     "https://myaccount.blob.core.windows.net/cont?restype=container&comp=list&prefix=a%2Fb%20c&maxresults=2&include="
     "metadata",
     "x-ms-version: 2025-11-05\nx-ms-date: " DATE, 0,
     "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Wed, 02 Dec 2026 12:00:00 GMT\nx-ms-version:2025-11-05\n/devstoreaccount1/"
     "cont\ncomp:list\ninclude:metadata\nmaxresults:2\nprefix:a/b c\nrestype:container",
     "paq2d1T99XwAXUYkrrQlttFuG47eNWt3ERGSSCAbHic="},
    {"create_container", "PUT", "http://127.0.0.1:10000/devstoreaccount1/cont?restype=container",
     "x-ms-version: 2025-11-05\nx-ms-date: " DATE, 0,
     "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Wed, 02 Dec 2026 12:00:00 GMT\nx-ms-version:2025-11-05\n/devstoreaccount1/"
     "devstoreaccount1/cont\nrestype:container",
     "5Rt4qRmx4cPSXT3dRIIgiFto+euWayi0Nteyz8miZF8="},
    {"put_block_list", "PUT", "http://localhost:10000/devstoreaccount1/cont/big.bin?comp=blocklist",
     "x-ms-version: 2025-11-05\nx-ms-date: " DATE "\nContent-Type: application/xml\n"
     "x-ms-blob-content-md5: 1B2M2Y8AsgTpgAmY7PhCfg==\nx-ms-blob-content-type: text/csv\n"
     "Content-MD5: rL0Y20zC+Fzt72VPzMSk2A==",
     120,
     "PUT\n\n\n120\nrL0Y20zC+Fzt72VPzMSk2A==\napplication/xml\n\n\n\n\n\n\nx-ms-blob-content-md5:1B2M2Y8AsgTpgAmY7PhCfg=="
     "\nx-ms-blob-content-type:text/csv\nx-ms-date:Wed, 02 Dec 2026 12:00:00 GMT\nx-ms-version:2025-11-05\n/"
     "devstoreaccount1/devstoreaccount1/cont/big.bin\ncomp:blocklist",
     "DIf54UF754jmWYa4vkI2dJ1nwOyxjfulJOv7AF5WuPY="},
    {"get_range", "GET", "http://127.0.0.1:10000/devstoreaccount1/cont/%C3%BC/x.bin",
     "x-ms-version: 2025-11-05\nx-ms-date: " DATE "\nx-ms-range: bytes=4194304-8388607", 0,
     "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:Wed, 02 Dec 2026 12:00:00 GMT\nx-ms-range:bytes=4194304-8388607\nx-ms-"
     "version:2025-11-05\n/devstoreaccount1/devstoreaccount1/cont/%C3%BC/x.bin",
     "KXI/QrYA0w6LTxgkKTUe8VcvHY0RNlEgVGmlgOhyZis="},
};

static void test_vectors(void **state) {
  (void)state;
  uint8_t *key = NULL;
  size_t key_len = 0;
  assert_int_equal(aml__base64_decode(KEY, strlen(KEY), &key, &key_len), AML_OK);
  assert_int_equal(key_len, 64);
  for (size_t i = 0; i < sizeof(k_vectors) / sizeof(k_vectors[0]); i++) {
    const vector *v = &k_vectors[i];
    aml_kvlist h;
    aml__kvlist_init(&h, true);
    assert_int_equal(aml__parse_header_lines(&h, v->headers), AML_OK);
    aml_buf sts = AML_BUF_INIT, sig = AML_BUF_INIT;
    assert_int_equal(aml__sharedkey_string_to_sign("devstoreaccount1", v->method, v->url, &h, v->length, &sts), AML_OK);
    if (strcmp(aml__buf_cstr(&sts), v->string_to_sign) != 0)
      fail_msg("%s: string-to-sign\n got: %s\nwant: %s", v->name, aml__buf_cstr(&sts), v->string_to_sign);
    assert_int_equal(aml__sharedkey_signature(key, key_len, aml__buf_cstr(&sts), &sig), AML_OK);
    assert_string_equal(aml__buf_cstr(&sig), v->signature);
    aml__buf_free(&sts);
    aml__buf_free(&sig);
    aml__kvlist_clear(&h);
  }
  aml__free(key);
}

/* Query canonicalisation per the docs: names lower-cased and sorted, values
 * decoded, a repeated name's values sorted and joined with commas, a
 * parameter without '=' has an empty value. */
static void test_query_canonicalisation(void **state) {
  (void)state;
  aml_kvlist h;
  aml__kvlist_init(&h, true);
  aml_buf sts = AML_BUF_INIT;
  assert_int_equal(aml__sharedkey_string_to_sign("acct", "GET",
                                                 "https://acct.blob.core.windows.net/c?Comp=list&include=snapshots&"
                                                 "include=metadata&marker=2%21abc%3D&flag#frag",
                                                 &h, 0, &sts),
                   AML_OK);
  const char *resource = strstr(aml__buf_cstr(&sts), "/acct/c");
  assert_non_null(resource);
  assert_string_equal(resource, "/acct/c\ncomp:list\nflag:\ninclude:metadata,snapshots\nmarker:2!abc=");
  aml__buf_free(&sts);
  /* No path at all: the resource is the account root. */
  assert_int_equal(aml__sharedkey_string_to_sign("acct", "GET", "https://acct.blob.core.windows.net?comp=list", &h, 0,
                                                 &sts),
                   AML_OK);
  assert_non_null(strstr(aml__buf_cstr(&sts), "\n/acct/\ncomp:list"));
  aml__buf_free(&sts);
}

/* Canonicalized headers: trimmed, lower-cased, in the service's order
 * ('-' before '_' before digits), a date header ignored when x-ms-date is there. */
static void test_header_canonicalisation(void **state) {
  (void)state;
  aml_kvlist h;
  aml__kvlist_init(&h, true);
  assert_int_equal(aml__parse_header_lines(&h, "X-MS-Meta-b1: one\nx-ms-meta-b_: two\nx-ms-meta-b-: three\n"
                                               "x-ms-date:   " DATE "  \nDate: Mon, 01 Jan 2001 00:00:00 GMT\n"
                                               "Range: bytes=0-1\nContent-Length: 999"),
                   AML_OK);
  aml_buf sts = AML_BUF_INIT;
  assert_int_equal(aml__sharedkey_string_to_sign("a", "GET", "http://127.0.0.1:1/a/c", &h, 0, &sts), AML_OK);
  assert_string_equal(aml__buf_cstr(&sts),
                      "GET\n\n\n\n\n\n\n\n\n\n\nbytes=0-1\nx-ms-date:" DATE "\nx-ms-meta-b-:three\nx-ms-meta-b_:two\n"
                      "x-ms-meta-b1:one\n/a/a/c");
  aml__buf_free(&sts);
  aml__kvlist_clear(&h);
}

static void test_http_date_and_base64(void **state) {
  (void)state;
  char d[32];
  aml__http_date_format(1255297753, d); /* the docs' example moment */
  assert_string_equal(d, "Sun, 11 Oct 2009 21:49:13 GMT");
  aml__http_date_format(0, d);
  assert_string_equal(d, "Thu, 01 Jan 1970 00:00:00 GMT");
  uint8_t *out = NULL;
  size_t n = 0;
  assert_int_equal(aml__base64_decode("Zm9vYg==", 8, &out, &n), AML_OK);
  assert_int_equal(n, 4);
  assert_memory_equal(out, "foob", 4);
  aml__free(out);
  static const char *const bad[] = {"Zm9vYg=", "Zm9v YQ==", "Zm=vYg==", "Zm9vY===", "Zm9v\n", "====", "Zg=a"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    assert_int_equal(aml__base64_decode(bad[i], strlen(bad[i]), &out, &n), AML_ERR_PARSE);
  aml_buf b = AML_BUF_INIT;
  assert_int_equal(aml__base64_encode(&b, "foob", 4), AML_OK);
  assert_string_equal(aml__buf_cstr(&b), "Zm9vYg==");
  aml__buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_vectors),
      cmocka_unit_test(test_query_canonicalisation),
      cmocka_unit_test(test_header_canonicalisation),
      cmocka_unit_test(test_http_date_and_base64),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
