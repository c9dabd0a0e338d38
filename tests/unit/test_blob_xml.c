/* The bounded XML reader of lib/storage and the List Blobs / Error readers
 * on top of it: real answers (entities, numeric references, Encoded names,
 * prefixes, markers, metadata), hostile documents refused without a crash,
 * and a deterministic mutation fuzzer in the style of test_fuzz_parsers.c
 * (fixed seed, so a failure replays; the suite also runs under ASan/UBSan). */
#include "test_support.h"

#include "core/alloc.h"
#include "storage/request.h"
#include "storage/xml.h"

#include <string.h>

static const char k_list[] =
    "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<!-- a comment -->\n"
    "<EnumerationResults ServiceEndpoint=\"http://127.0.0.1:10000/devstoreaccount1/\" ContainerName='cont'>"
    "<Prefix>list/</Prefix><Marker /><MaxResults>3</MaxResults><Delimiter>/</Delimiter>"
    "<Blobs>"
    "<Blob><Name>list/a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#65;&#x42;&#x20AC;&#128512;.txt</Name>"
    "<Properties><Creation-Time>Wed, 02 Dec 2026 12:00:00 GMT</Creation-Time>"
    "<Last-Modified>Wed, 02 Dec 2026 12:00:01 GMT</Last-Modified><Etag>0x8DC</Etag>"
    "<Content-Length>6442450944</Content-Length><Content-Type>text/csv</Content-Type>"
    "<Content-MD5>1B2M2Y8AsgTpgAmY7PhCfg==</Content-MD5><BlobType>BlockBlob</BlobType></Properties>"
    "<Metadata><upload_status>completed</upload_status><name><![CDATA[x<y]]></name></Metadata></Blob>"
    "<BlobPrefix><Name>list/sub/</Name></BlobPrefix>"
    "<Blob><Name Encoded=\"true\">list/%EF%BF%BEodd%01.txt</Name><Properties><Content-Length>0</Content-Length>"
    "</Properties></Blob>"
    "</Blobs><NextMarker>2!100!MDAwMDI0IWxpc3Qvbm!ext</NextMarker></EnumerationResults>\n";

static void test_list_answer(void **state) {
  (void)state;
  aml_blob_list_page page;
  aml_error *err = NULL;
  assert_int_equal(aml__blob_list_parse(k_list, strlen(k_list), &page, &err), AML_OK);
  assert_int_equal(page.count, 3);
  assert_string_equal(page.items[0].name, "list/a & b <c> \"d\" 'e' AB\xE2\x82\xAC\xF0\x9F\x98\x80.txt");
  assert_false(page.items[0].is_prefix);
  assert_int_equal(page.items[0].props.content_length, 6442450944ull);
  assert_true(page.items[0].props.has_md5);
  assert_string_equal(page.items[0].props.etag, "0x8DC");
  assert_string_equal(page.items[0].props.content_type, "text/csv");
  assert_string_equal(page.items[0].props.last_modified, "Wed, 02 Dec 2026 12:00:01 GMT");
  assert_string_equal(aml__kvlist_get(&page.items[0].props.metadata, "upload_status"), "completed");
  assert_string_equal(aml__kvlist_get(&page.items[0].props.metadata, "name"), "x<y");
  assert_string_equal(page.items[1].name, "list/sub/");
  assert_true(page.items[1].is_prefix);
  assert_string_equal(page.items[2].name, "list/\xEF\xBF\xBEodd\x01.txt");
  assert_false(page.items[2].props.has_md5);
  assert_string_equal(page.next_marker, "2!100!MDAwMDI0IWxpc3Qvbm!ext");
  aml__blob_list_page_cleanup(&page);
  assert_null(page.items);

  /* The last page: no marker; an empty listing. */
  static const char last[] = "<EnumerationResults><Blobs /><NextMarker /></EnumerationResults>";
  assert_int_equal(aml__blob_list_parse(last, strlen(last), &page, &err), AML_OK);
  assert_int_equal(page.count, 0);
  assert_null(page.next_marker);
  aml__blob_list_page_cleanup(&page);
}

static void test_list_answer_refused(void **state) {
  (void)state;
  static const char *const bad[] = {
      "<Error><Code>X</Code></Error>",                                         /* not a listing */
      "<EnumerationResults><Blobs><Blob><Properties/></Blob></Blobs></EnumerationResults>", /* no name */
      "",
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    aml_blob_list_page page;
    aml_error *err = NULL;
    assert_int_equal(aml__blob_list_parse(bad[i], strlen(bad[i]), &page, &err), AML_ERR_PARSE);
    assert_non_null(err);
    assert_null(page.items);
    aml_error_free(err);
  }
}

static void test_hostile_documents(void **state) {
  (void)state;
  static const char *const bad[] = {
      "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><x>&a;</x>",
      "<x><!DOCTYPE y></x>",
      "<x>&unknown;</x>",
      "<x>&#0;</x>",
      "<x>&#xD800;</x>",
      "<x>&#x110000;</x>",
      "<x>&#99999999999;</x>",
      "<x>&#;</x>",
      "<x>&#x41</x>",
      "<x>&amp</x>",
      "<x a=\"1\" b=2></x>",
      "<x a=\"<\"></x>",
      "<x a=\"1></x>",
      "<x a></x>",
      "<x></y>",
      "<x><y></x></y>",
      "<x>",
      "<x/><y/>",
      "text<x/>",
      "<x/>trailing",
      "<x><![CDATA[never ends</x>",
      "<x><!-- never ends</x>",
      "<?xml never ends",
      "< x/>",
      "<x></ x>",
      "",
      "   ",
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    aml_xml_node *root = NULL;
    aml_error *err = NULL;
    aml_result rc = aml__xml_parse(bad[i], strlen(bad[i]), &root, &err);
    if (rc != AML_ERR_PARSE) fail_msg("accepted: %s", bad[i]);
    assert_null(root);
    assert_non_null(strstr(aml_error_message(err), "malformed XML at byte"));
    aml_error_free(err);
  }
  /* Nesting deeper than the cap is refused; at the cap it is fine. */
  char deep[(AML_XML_MAX_DEPTH + 1) * 7 + 1];
  for (int depth = AML_XML_MAX_DEPTH; depth <= AML_XML_MAX_DEPTH + 1; depth++) {
    size_t n = 0;
    for (int i = 0; i < depth; i++) n += (size_t)sprintf(deep + n, "<a>");
    for (int i = 0; i < depth; i++) n += (size_t)sprintf(deep + n, "</a>");
    aml_xml_node *root = NULL;
    aml_error *err = NULL;
    aml_result rc = aml__xml_parse(deep, n, &root, &err);
    assert_int_equal(rc, depth == AML_XML_MAX_DEPTH ? AML_OK : AML_ERR_PARSE);
    aml__xml_free(root);
    aml_error_free(err);
  }
  /* A NUL inside the document is data the length bounds, not its end. */
  static const char with_nul[] = "<x>a\0b</x>";
  aml_xml_node *root = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml__xml_parse(with_nul, sizeof(with_nul) - 1, &root, &err), AML_OK);
  assert_string_equal(root->name, "x");
  aml__xml_free(root);
  /* A document cut anywhere is refused, never read past its end. */
  for (size_t cut = 0; cut < strlen(k_list) - 1; cut++) {
    char *part = malloc(cut ? cut : 1);
    memcpy(part, k_list, cut);
    aml_xml_node *r = NULL;
    aml_result rc = aml__xml_parse(part, cut, &r, NULL);
    free(part);
    aml__xml_free(r);
    if (rc == AML_OK && cut < strlen(k_list) - 1 - 1) fail_msg("a cut at %zu was accepted", cut);
  }
}

/* ---- fuzzing ---- */

#define ITERATIONS 6000

static uint64_t g_rng = 0xD1B54A32D192ED03ull;
static uint32_t rnd(void) {
  g_rng ^= g_rng << 13;
  g_rng ^= g_rng >> 7;
  g_rng ^= g_rng << 17;
  return (uint32_t)(g_rng >> 11);
}

/* A mutated copy of seed (malloc'd, *len set; not NUL-terminated on purpose). */
static char *mutate(const char *seed, size_t *out_len) {
  static const char *const tokens[] = {"<", ">", "/>", "</", "&", "&amp;", "&#", "&#x", ";", "\"", "'", "=",
                                       "<![CDATA[", "]]>", "<!--", "-->", "<?", "?>", "<!DOCTYPE", "\xff",
                                       "&#x10FFFF;", "&#xD800;", "<Blob>", "</Blob>", "Encoded=\"true\"", "%"};
  size_t len = strlen(seed);
  size_t cap = len * 2 + 64;
  char *s = malloc(cap);
  memcpy(s, seed, len);
  int edits = 1 + (int)(rnd() % 4);
  for (int e = 0; e < edits; e++) {
    size_t pos = len ? rnd() % len : 0;
    switch (rnd() % 6) {
    case 0: if (len) s[pos] ^= (char)(1u << (rnd() % 8)); break;
    case 1: if (len) s[pos] = (char)(rnd() % 256); break;
    case 2: len = pos; break;
    case 3: {
      size_t n = len ? rnd() % (len - pos + 1) : 0;
      if (n > 48) n = 48;
      if (len + n < cap) {
        memmove(s + pos + n, s + pos, len - pos);
        len += n;
      }
      break;
    }
    default: {
      const char *t = tokens[rnd() % (sizeof(tokens) / sizeof(tokens[0]))];
      size_t n = strlen(t);
      if (len + n < cap) {
        memmove(s + pos + n, s + pos, len - pos);
        memcpy(s + pos, t, n);
        len += n;
      }
    }
    }
  }
  *out_len = len;
  return s;
}

static void test_fuzz_list_and_error_readers(void **state) {
  (void)state;
  static const char *const seeds[] = {
      k_list,
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code><Message>Server failed "
      "&amp; more&#10;RequestId:x</Message><AuthenticationErrorDetail>d</AuthenticationErrorDetail></Error>",
      "<EnumerationResults><Blobs><BlobPrefix><Name>a/</Name></BlobPrefix></Blobs><NextMarker>m</NextMarker>"
      "</EnumerationResults>",
  };
  int accepted = 0;
  for (int i = 0; i < ITERATIONS; i++) {
    size_t len = 0;
    char *doc = mutate(seeds[(size_t)i % (sizeof(seeds) / sizeof(seeds[0]))], &len);
    aml_blob_list_page page;
    aml_error *err = NULL;
    aml_result rc = aml__blob_list_parse(doc, len, &page, &err);
    if (rc == AML_OK) {
      accepted++;
      for (size_t k = 0; k < page.count; k++) assert_non_null(page.items[k].name);
      aml__blob_list_page_cleanup(&page);
    } else {
      assert_true(rc < 0);
      assert_non_null(err);
      assert_null(page.items);
    }
    aml_error_free(err);
    /* The raw reader and the tree helpers on the same bytes. */
    aml_xml_node *root = NULL;
    if (aml__xml_parse(doc, len, &root, NULL) == AML_OK) {
      (void)aml__xml_child_text(root, "Code");
      (void)aml__xml_child(aml__xml_child(root, "Blobs"), "Blob");
    }
    aml__xml_free(root);
    free(doc);
  }
  /* The fuzzer keeps some documents valid, or it only tests the first byte. */
  assert_true(accepted > ITERATIONS / 50);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_list_answer),
      cmocka_unit_test(test_list_answer_refused),
      cmocka_unit_test(test_hostile_documents),
      cmocka_unit_test(test_fuzz_list_and_error_readers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
