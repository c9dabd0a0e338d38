/* Allocation failure at every allocation of a representative lib/storage
 * sequence (container client with Shared Key, a Put Blob retried after a
 * 503, a List Blobs page with entities and metadata, a 404 turned into an
 * error): every run ends without a crash and without a leak, reports
 * AML_ERR_NOMEM when it fails, and the untouched run gets every result right. */
#include "test_support.h"

#include "http/pipeline.h"
#include "storage/blob.h"

#include <string.h>

static aml_result no_sleep(int64_t ms, void *ud) {
  (void)ms;
  (void)ud;
  return AML_OK;
}

static const char k_page[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults><Blobs><Blob><Name>a &amp; b.txt</Name>"
    "<Properties><Content-Length>12</Content-Length><Content-MD5>1B2M2Y8AsgTpgAmY7PhCfg==</Content-MD5>"
    "<Etag>0x1</Etag></Properties><Metadata><k>v</k></Metadata></Blob><BlobPrefix><Name>d/</Name></BlobPrefix>"
    "</Blobs><NextMarker>m2</NextMarker></EnumerationResults>";

/* Returns the first failing step's code (AML_OK when every step went as scripted). */
static aml_result scenario(void) {
  aml_transport *t = NULL;
  aml_pipeline p;
  bool pipeline_ok = false;
  aml_blob_container *c = NULL;
  aml_blob_list_page page = {0};
  aml_error *err = NULL;
  aml_result rc = aml_fake_transport_new(&t, &err);
  if (rc == AML_OK) rc = aml_fake_transport_add_response(t, 503, "x-ms-error-code: ServerBusy", NULL, &err);
  if (rc == AML_OK) rc = aml_fake_transport_add_response(t, 201, "ETag: \"1\"", NULL, &err);
  if (rc == AML_OK) rc = aml_fake_transport_add_response(t, 200, "Content-Type: application/xml", k_page, &err);
  if (rc == AML_OK)
    rc = aml_fake_transport_add_response(t, 404, "x-ms-error-code: BlobNotFound",
                                         "<Error><Code>BlobNotFound</Code><Message>gone</Message></Error>", &err);
  if (rc == AML_OK) {
    aml_pipeline_config pc = {0};
    pc.transport = t;
    pc.sleep_fn = no_sleep;
    rc = aml__pipeline_init(&p, &pc, &err);
    pipeline_ok = rc == AML_OK;
  }
  if (rc == AML_OK) {
    aml_blob_container_config cfg = {.protocol = "http", .endpoint = "127.0.0.1:1", .account = "acct",
                                     .container = "c", .auth = AML_BLOB_AUTH_SHARED_KEY,
                                     .account_key = "a2V5LWtleS1rZXk="};
    rc = aml__blob_container_new(&p, &cfg, &c, &err);
  }
  if (rc == AML_OK) rc = aml__blob_put(c, "dir/a b.txt", "hello", 5, NULL, &err);
  if (rc == AML_OK) {
    aml_blob_list_options lo = {.prefix = "d", .include_metadata = true};
    rc = aml__blob_list_page(c, &lo, &page, &err);
  }
  if (rc == AML_OK) {
    assert_int_equal(page.count, 2);
    assert_string_equal(page.items[0].name, "a & b.txt");
    assert_string_equal(aml__kvlist_get(&page.items[0].props.metadata, "k"), "v");
    assert_string_equal(page.next_marker, "m2");
    aml_blob_props props;
    aml__blob_props_init(&props);
    aml_result got = aml__blob_get_properties(c, "gone", &props, &err);
    aml__blob_props_cleanup(&props);
    /* Out of memory while reporting the 404 may turn it into NOMEM, nothing else. */
    if (got == AML_ERR_NOT_FOUND && !aml_test_alloc_failed()) {
      assert_string_equal(aml_error_service_code(err), "BlobNotFound");
    } else if (got != AML_ERR_NOT_FOUND) {
      rc = got;
    }
  }
  if (rc < 0 && rc != AML_ERR_NOMEM)
    fail_msg("got %s (%s)", aml_result_str(rc), err ? aml_error_message(err) : "no error");
  aml__blob_list_page_cleanup(&page);
  aml_error_free(err);
  aml__blob_container_free(c);
  if (pipeline_ok) aml__pipeline_cleanup(&p);
  aml_transport_unref(t);
  return rc;
}

static void test_every_allocation_failure(void **state) {
  (void)state;
  long points = 0, failures = 0;
  for (long n = 0; n < 100000; n++) {
    aml_test_alloc_install();
    long baseline = aml_test_alloc_live();
    aml_test_alloc_fail_at(n);
    aml_result rc = scenario();
    int hit = aml_test_alloc_failed();
    long live = aml_test_alloc_live();
    aml_test_alloc_uninstall();
    if (live != baseline) fail_msg("fail_at=%ld: %ld block(s) leaked", n, live - baseline);
    if (n == 0) {
      assert_int_equal(rc, AML_OK);
      continue;
    }
    if (!hit) break;
    points++;
    if (rc != AML_OK) failures++;
  }
  assert_true(points > 50);
  assert_true(failures > 0);
  print_message("blob alloc sweep: %ld allocation points, %ld reported a failure\n", points, failures);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_every_allocation_failure)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
