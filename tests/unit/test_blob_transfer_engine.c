/* The file transfer engine over the fake transport (one thread, so the
 * scripted answers meet the requests in order): block splitting and ids,
 * Content-MD5 per request and the whole file's MD5 stored, overwrite checks,
 * ranged downloads written in place, and every failure leaving no file and no
 * temporary behind (MD5 mismatch, a failed range, a progress abort). */
#include "test_support.h"

#include "core/alloc.h"
#include "http/pipeline.h"
#include "core/base64.h"
#include "storage/blob_transfer.h"
#include "storage/transfer_impl.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* MD5("0123456789"), base64 and raw */
#define MD5_DIGITS_B64 "eB5eJF1ptWaXm4bijSPyxw=="

typedef struct env {
  aml_transport *t;
  aml_pipeline p;
  aml_blob_container *c;
  aml_test_sleeps sleeps;
  char dir[64];
} env;

static void env_open(env *e) {
  memset(e, 0, sizeof(*e));
  aml_error *err = NULL;
  assert_int_equal(aml_fake_transport_new(&e->t, &err), AML_OK);
  aml_pipeline_config pc = {0};
  pc.transport = e->t;
  pc.sleep_fn = aml_test_sleep_fn;
  pc.sleep_user_data = &e->sleeps;
  assert_int_equal(aml__pipeline_init(&e->p, &pc, &err), AML_OK);
  aml_blob_container_config cfg = {.protocol = "http", .endpoint = "127.0.0.1:10000", .account = "acct",
                                   .container = "c", .auth = AML_BLOB_AUTH_SAS, .sas_token = "sig=x"};
  assert_int_equal(aml__blob_container_new(&e->p, &cfg, &e->c, &err), AML_OK);
  snprintf(e->dir, sizeof(e->dir), "/tmp/aml-blob-unit-XXXXXX");
  assert_non_null(mkdtemp(e->dir));
}

static int entries(const char *dir) {
  DIR *d = opendir(dir);
  assert_non_null(d);
  int n = 0;
  struct dirent *de;
  while ((de = readdir(d)))
    if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) n++;
  closedir(d);
  return n;
}

static void env_close(env *e) {
  char cmd[128];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
  assert_int_equal(system(cmd), 0);
  aml__blob_container_free(e->c);
  aml__pipeline_cleanup(&e->p);
  aml_transport_unref(e->t);
}

static void queue(env *e, int32_t status, const char *headers, const char *body) {
  assert_int_equal(aml_fake_transport_add_response(e->t, status, headers, body, NULL), AML_OK);
}

static const aml_http_request *req(env *e, size_t i) { return aml_fake_transport_request_at(e->t, i); }

static void write_text(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static void test_upload_splits_into_blocks(void **state) {
  (void)state;
  env e;
  env_open(&e);
  char src[128];
  snprintf(src, sizeof(src), "%s/digits.txt", e.dir);
  write_text(src, "0123456789");
  queue(&e, 404, "x-ms-error-code: BlobNotFound", NULL); /* FAIL policy looks first */
  for (int i = 0; i < 4; i++) queue(&e, 201, NULL, NULL);
  aml_blob_transfer_options o;
  aml__blob_transfer_options_init(&o);
  o.single_put_size = 4;
  o.block_size = 4;
  o.max_concurrency = 1;
  aml_blob_transfer_result r;
  aml_error *err = NULL;
  assert_int_equal(aml__blob_upload_file(e.c, src, "d/digits.txt", &o, &r, &err), AML_OK);
  assert_int_equal(r.bytes, 10);
  assert_int_equal(aml_fake_transport_request_count(e.t), 5);
  assert_string_equal(aml_http_request_method(req(&e, 0)), "HEAD");
  static const char *const parts[] = {"0123", "4567", "89"};
  size_t id_len = 0;
  for (int i = 0; i < 3; i++) {
    const aml_http_request *b = req(&e, (size_t)i + 1);
    const uint8_t *data = NULL;
    size_t n = 0;
    aml_http_request_body(b, &data, &n);
    assert_int_equal(n, strlen(parts[i]));
    assert_memory_equal(data, parts[i], n);
    const char *id = strstr(aml_http_request_url(b), "blockid=");
    assert_non_null(id);
    size_t this_len = strcspn(id + 8, "&");
    if (i == 0) id_len = this_len;
    assert_int_equal(this_len, id_len); /* one length for every id */
    assert_non_null(aml_http_request_header(b, "Content-MD5"));
  }
  const aml_http_request *list = req(&e, 4);
  assert_non_null(strstr(aml_http_request_url(list), "comp=blocklist"));
  assert_string_equal(aml_http_request_header(list, "x-ms-blob-content-md5"), MD5_DIGITS_B64);
  assert_string_equal(aml_http_request_header(list, "If-None-Match"), "*");
  char *body = aml_test_request_body(list);
  assert_non_null(strstr(body, "<Latest>MDAwMDAwMDAwMDAwMDAwMDAwMDA=</Latest><Latest>MDAwMDAwMDAwMDAwMDAwMDAwMDE="
                               "</Latest><Latest>MDAwMDAwMDAwMDAwMDAwMDAwMDI=</Latest>"));
  free(body);

  /* At the single-put size: one Put Blob with the MD5. */
  aml_fake_transport_reset(e.t);
  queue(&e, 201, NULL, NULL);
  o.single_put_size = 10;
  o.overwrite = AML_BLOB_OVERWRITE_ALWAYS; /* no look first */
  assert_int_equal(aml__blob_upload_file(e.c, src, "d/digits.txt", &o, &r, &err), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(e.t), 1);
  assert_string_equal(aml_http_request_header(req(&e, 0), "Content-MD5"), MD5_DIGITS_B64);
  assert_null(aml_http_request_header(req(&e, 0), "If-None-Match"));

  /* Skip identical: the stored MD5 matches -> nothing sent after the HEAD. */
  aml_fake_transport_reset(e.t);
  queue(&e, 200, "Content-Length: 10\nContent-MD5: " MD5_DIGITS_B64, NULL);
  o.overwrite = AML_BLOB_OVERWRITE_SKIP_IDENTICAL;
  assert_int_equal(aml__blob_upload_file(e.c, src, "d/digits.txt", &o, &r, &err), AML_OK);
  assert_true(r.skipped);
  assert_int_equal(aml_fake_transport_request_count(e.t), 1);

  /* Fail: an existing blob is a conflict, nothing uploaded. */
  aml_fake_transport_reset(e.t);
  queue(&e, 200, "Content-Length: 3", NULL);
  o.overwrite = AML_BLOB_OVERWRITE_FAIL;
  assert_int_equal(aml__blob_upload_file(e.c, src, "d/digits.txt", &o, &r, &err), AML_ERR_CONFLICT);
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_fake_transport_request_count(e.t), 1);

  /* Too many blocks for one blob: refused before any request. */
  aml_fake_transport_reset(e.t);
  o.overwrite = AML_BLOB_OVERWRITE_ALWAYS;
  o.single_put_size = 0;
  o.block_size = 1;
  FILE *f = fopen(src, "wb");
  for (int i = 0; i < 50001; i++) fputc('x', f);
  fclose(f);
  assert_int_equal(aml__blob_upload_file(e.c, src, "d/many.txt", &o, &r, &err), AML_ERR_INVALID_ARG);
  assert_non_null(strstr(aml_error_message(err), "50000"));
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_fake_transport_request_count(e.t), 0);

  /* Options and arguments checked. */
  aml_blob_transfer_options bad = o;
  bad.max_concurrency = 0;
  assert_int_equal(aml__blob_upload_file(e.c, src, "x", &bad, NULL, &err), AML_ERR_INVALID_ARG);
  aml_error_free(err);
  err = NULL;
  bad = o;
  bad.block_size = 0;
  assert_int_equal(aml__blob_upload_file(e.c, src, "x", &bad, NULL, &err), AML_ERR_INVALID_ARG);
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml__blob_upload_file(e.c, "/no/such/file", "x", &o, NULL, &err), AML_ERR_NOT_FOUND);
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml__blob_upload_file(e.c, src, "", &o, NULL, &err), AML_ERR_INVALID_ARG);
  aml_error_free(err);
  env_close(&e);
}

/* Four threads over eight blocks: every block sent once, whatever the order,
 * and the list commits them in file order. */
static void test_parallel_upload_sends_every_block_once(void **state) {
  (void)state;
  env e;
  env_open(&e);
  char src[128];
  snprintf(src, sizeof(src), "%s/eight.txt", e.dir);
  write_text(src, "aaaabbbbccccddddeeeeffffgggghhhh");
  for (int i = 0; i < 9; i++) queue(&e, 201, NULL, NULL);
  aml_blob_transfer_options o;
  aml__blob_transfer_options_init(&o);
  o.single_put_size = 4;
  o.block_size = 4;
  o.max_concurrency = 4;
  o.overwrite = AML_BLOB_OVERWRITE_ALWAYS;
  aml_error *err = NULL;
  assert_int_equal(aml__blob_upload_file(e.c, src, "eight.txt", &o, NULL, &err), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(e.t), 9);
  int seen[8] = {0};
  for (size_t i = 0; i < 8; i++) {
    const aml_http_request *b = req(&e, i);
    const uint8_t *data = NULL;
    size_t n = 0;
    aml_http_request_body(b, &data, &n);
    assert_int_equal(n, 4);
    int block = data[0] - 'a';
    assert_true(block >= 0 && block < 8);
    seen[block]++;
    char id[64];
    aml__blob_block_id((uint64_t)block, id);
    id[strcspn(id, "=")] = '\0'; /* the padding travels escaped (%3D) */
    assert_non_null(strstr(aml_http_request_url(b), id));
  }
  for (int i = 0; i < 8; i++) assert_int_equal(seen[i], 1);
  char *body = aml_test_request_body(req(&e, 8));
  const char *prev = body;
  for (uint64_t i = 0; i < 8; i++) {
    char id[64];
    aml__blob_block_id(i, id);
    const char *at = strstr(prev, id);
    assert_non_null(at); /* and after the previous one */
    prev = at;
  }
  free(body);
  env_close(&e);
}

static int stop_after_first(uint64_t delta, uint64_t done, uint64_t total, void *ud) {
  (void)delta;
  (void)total;
  int *calls = ud;
  (*calls)++;
  return done > 0;
}

static void test_download_in_ranges_and_failures(void **state) {
  (void)state;
  env e;
  env_open(&e);
  char dst[128];
  snprintf(dst, sizeof(dst), "%s/out.txt", e.dir);
  aml_blob_transfer_options o;
  aml__blob_transfer_options_init(&o);
  o.chunk_size = 4;
  o.max_concurrency = 1;
  aml_blob_transfer_result r;
  aml_error *err = NULL;

  /* HEAD, then three ranges, written in place, MD5 checked, renamed. */
  queue(&e, 200, "Content-Length: 10\nContent-MD5: " MD5_DIGITS_B64 "\nETag: \"v1\"", NULL);
  queue(&e, 206, "Content-Range: bytes 0-3/10\nETag: \"v1\"", "0123");
  queue(&e, 206, "Content-Range: bytes 4-7/10\nETag: \"v1\"", "4567");
  queue(&e, 206, "Content-Range: bytes 8-9/10\nETag: \"v1\"", "89");
  assert_int_equal(aml__blob_download_file(e.c, "d/digits.txt", dst, &o, &r, &err), AML_OK);
  assert_int_equal(r.bytes, 10);
  assert_string_equal(aml_http_request_header(req(&e, 3), "x-ms-range"), "bytes=8-9");
  FILE *f = fopen(dst, "rb");
  char back[16] = {0};
  assert_int_equal(fread(back, 1, sizeof(back), f), 10);
  fclose(f);
  assert_string_equal(back, "0123456789");
  assert_int_equal(entries(e.dir), 1);
  unlink(dst);

  /* Failures: an error, and nothing left in the folder (no file, no temporary). */
  static const struct {
    const char *what;
    const char *answers[3][3]; /* status, headers, body; the HEAD first */
    aml_result want;
    const char *message;
  } failures[] = {
      {"stored MD5 differs",
       {{"200", "Content-Length: 4\nContent-MD5: AAAAAAAAAAAAAAAAAAAAAA==", NULL},
        {"206", "Content-Range: bytes 0-3/4", "0123"}},
       AML_ERR_PARSE, "MD5 mismatch"},
      {"a range fails",
       {{"200", "Content-Length: 8", NULL},
        {"206", "Content-Range: bytes 0-3/8", "0123"},
        {"404", "x-ms-error-code: BlobNotFound", NULL}},
       AML_ERR_NOT_FOUND, "not found"},
      {"a short answer",
       {{"200", "Content-Length: 4", NULL}, {"206", "Content-Range: bytes 0-3/4", "01"}},
       AML_ERR_PARSE, "received 2"},
      {"the blob changed between ranges",
       {{"200", "Content-Length: 8\nETag: \"v1\"", NULL}, {"206", "Content-Range: bytes 0-3/8\nETag: \"v2\"", "0123"}},
       AML_ERR_CONFLICT, "changed"},
  };
  for (size_t i = 0; i < sizeof(failures) / sizeof(failures[0]); i++) {
    aml_fake_transport_reset(e.t);
    for (int k = 0; k < 3 && failures[i].answers[k][0]; k++)
      queue(&e, atoi(failures[i].answers[k][0]), failures[i].answers[k][1], failures[i].answers[k][2]);
    if (aml__blob_download_file(e.c, "d/x", dst, &o, &r, &err) != failures[i].want) fail_msg("%s", failures[i].what);
    assert_non_null(strstr(aml_error_message(err), failures[i].message));
    aml_error_free(err);
    err = NULL;
    assert_int_equal(entries(e.dir), 0);
  }

  /* The progress callback stops it. */
  aml_fake_transport_reset(e.t);
  queue(&e, 200, "Content-Length: 8", NULL);
  queue(&e, 206, "Content-Range: bytes 0-3/8", "0123");
  queue(&e, 206, "Content-Range: bytes 4-7/8", "4567");
  int calls = 0;
  o.progress = stop_after_first;
  o.progress_user_data = &calls;
  assert_int_equal(aml__blob_download_file(e.c, "d/x", dst, &o, &r, &err), AML_ERR_USER);
  aml_error_free(err);
  err = NULL;
  assert_int_equal(calls, 1);
  assert_int_equal(entries(e.dir), 0);
  o.progress = NULL;

  /* An empty blob: no GET at all, an empty file. */
  aml_fake_transport_reset(e.t);
  queue(&e, 200, "Content-Length: 0\nContent-MD5: 1B2M2Y8AsgTpgAmY7PhCfg==", NULL);
  assert_int_equal(aml__blob_download_file(e.c, "d/empty", dst, &o, &r, &err), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(e.t), 1);
  assert_int_equal(entries(e.dir), 1);
  env_close(&e);
}

static void test_pieces_past_4_gib(void **state) {
  (void)state;
  uint64_t off, len;
  const uint64_t total = 5ull * 1024 * 1024 * 1024 + 7; /* 5 GiB + 7 */
  const uint64_t piece = 4ull * 1024 * 1024;
  uint64_t count = (total + piece - 1) / piece;
  assert_int_equal(count, 1281);
  aml__piece(count - 1, piece, total, &off, &len);
  assert_int_equal(off, 5ull * 1024 * 1024 * 1024);
  assert_int_equal(len, 7);
  aml__piece(1024, piece, total, &off, &len);
  assert_int_equal(off, 4ull * 1024 * 1024 * 1024);
  assert_int_equal(len, piece);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_upload_splits_into_blocks),
      cmocka_unit_test(test_parallel_upload_sends_every_block_once),
      cmocka_unit_test(test_download_in_ranges_and_failures),
      cmocka_unit_test(test_pieces_past_4_gib),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
