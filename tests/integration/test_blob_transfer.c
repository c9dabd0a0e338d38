/* lib/storage against real Blob services over loopback: one table of cases
 * run against every target that is available — Azurite (a second,
 * independent implementation of the protocol) and aml-emulator's own blob
 * service — so the SDK and the emulator cannot share one misreading. A target
 * that cannot start (no Node.js, Azurite not installed, no emulator build)
 * has its cases skipped with the reason printed. */
#include "azurite_harness.h"
#include "emulator_harness.h"
#include "test_support.h"

#include "storage/blob.h"
#include "storage/blob_transfer.h"

#include <dirent.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- the target under test ---- */

typedef struct blob_target {
  const char *label;
  bool available;
  char why[512];
  char work[256]; /* local scratch folder */
  char container_name[64];
  aml_blob_container_config config;
  aml_pipeline pipeline;
  aml_blob_container *c;
  pthread_mutex_t log_lock; /* transfers log from several threads */
  aml_test_log log;
  aml_azurite azurite;
  bool emulator_started;
  aml_emu emu;
  const char *ca_bundle; /* https targets: the CA to trust */
} blob_target;

static blob_target g = {.log_lock = PTHREAD_MUTEX_INITIALIZER};

static void locked_log(int32_t level, const char *message, void *ud) {
  blob_target *t = ud;
  pthread_mutex_lock(&t->log_lock);
  aml_test_log_fn(level, message, &t->log);
  pthread_mutex_unlock(&t->log_lock);
}

#define SKIP_UNLESS_AVAILABLE(state)                                   \
  do {                                                                 \
    (void)(state);                                                     \
    if (!g.available) {                                                \
      print_message("[  SKIPPED ] %s: %s\n", g.label, g.why);          \
      skip();                                                          \
    }                                                                  \
  } while (0)

/* Pipeline (real curl transport, DEBUG logging captured), container client,
 * a fresh container and a scratch folder for a target whose config is set. */
static int target_open(blob_target *t) {
  /* Short backoffs: the fault-injection case retries several times. */
  static aml_retry_options retry;
  aml_retry_options_init(&retry, AML_RETRY_OPTIONS_VERSION);
  retry.base_delay_ms = 20;
  retry.max_delay_ms = 200;
  aml_pipeline_config pc = {0};
  pc.retry = &retry;
  pc.ca_bundle = t->ca_bundle;
  pc.log_fn = locked_log;
  pc.log_user_data = t;
  pc.log_level = AML_LOG_DEBUG;
  aml_error *err = NULL;
  snprintf(t->container_name, sizeof(t->container_name), "aml-it-%ld", (long)getpid());
  t->config.container = t->container_name;
  if (aml__pipeline_init(&t->pipeline, &pc, &err) < 0 ||
      aml__blob_container_new(&t->pipeline, &t->config, &t->c, &err) < 0 ||
      aml__blob_container_create(t->c, NULL, &err) < 0) {
    print_message("%s: %s\n", t->label, err ? aml_error_message(err) : "setup failed");
    aml_error_free(err);
    return -1;
  }
  snprintf(t->work, sizeof(t->work), "/tmp/aml-blob-it-XXXXXX");
  if (!mkdtemp(t->work)) return -1;
  t->available = true;
  return 0;
}

static int blob_target_start_azurite(blob_target *t) {
  t->label = "Azurite";
  if (aml_azurite_start(&t->azurite, t->why, sizeof(t->why)) < 0) {
    print_message("[  SKIPPED ] the Azurite cases: %s\n", t->why);
    return 0; /* every case then says it is skipped */
  }
  t->config = (aml_blob_container_config){.protocol = "http",
                                          .endpoint = t->azurite.endpoint,
                                          .account = AML_AZURITE_ACCOUNT,
                                          .auth = AML_BLOB_AUTH_SHARED_KEY,
                                          .account_key = AML_AZURITE_KEY};
  return target_open(t);
}

/* aml-emulator's own Blob service: path-style on its base URL, account
 * amlemulator with its documented development key (emulator/README.md). */
#define EMULATOR_ACCOUNT "amlemulator"
#define EMULATOR_KEY "sSvayunFE1kUevVd+ajGtxW/w6ITfabHLJ1LfgKHvZUyDJkIWQnbWlFVhfka+4aEPQuDxg0bZdwAkCyE3q8hEg=="

static int blob_target_start_emulator(blob_target *t, bool tls) {
  t->label = tls ? "aml-emulator over https" : "aml-emulator";
#ifdef AML_EMULATOR_PATH
  static const char *const tls_args[] = {"--tls", NULL};
  aml_emu_start(&t->emu, AML_EMULATOR_PATH, tls ? tls_args : NULL);
  t->emulator_started = true;
  static char endpoint[64];
  const char *host = strstr(t->emu.base_url, "://");
  snprintf(endpoint, sizeof(endpoint), "%.63s", host ? host + 3 : t->emu.base_url);
  t->ca_bundle = tls ? t->emu.ca_file : NULL;
  t->config = (aml_blob_container_config){.protocol = tls ? "https" : "http",
                                          .endpoint = endpoint,
                                          .account = EMULATOR_ACCOUNT,
                                          .auth = AML_BLOB_AUTH_SHARED_KEY,
                                          .account_key = EMULATOR_KEY};
  return target_open(t);
#else
  (void)tls;
  snprintf(t->why, sizeof(t->why), "aml-emulator is not built in this configuration");
  print_message("[  SKIPPED ] the aml-emulator cases: %s\n", t->why);
  return 0;
#endif
}

static void blob_target_stop(blob_target *t) {
  aml__blob_container_free(t->c);
  t->c = NULL;
  if (t->available) aml__pipeline_cleanup(&t->pipeline);
  if (t->work[0]) {
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->work);
    if (system(cmd) != 0) print_message("could not remove %s\n", t->work);
    t->work[0] = '\0';
  }
  aml_azurite_stop(&t->azurite);
  if (t->emulator_started) {
    aml_emu_stop(&t->emu, 0);
    aml_emu_cleanup(&t->emu);
    t->emulator_started = false;
  }
  aml_test_log_free(&t->log);
  t->available = false;
  t->ca_bundle = NULL;
}

static void blob_target_log_lock(blob_target *t) { pthread_mutex_lock(&t->log_lock); }
static void blob_target_log_unlock(blob_target *t) { pthread_mutex_unlock(&t->log_lock); }

/* ---- helpers ---- */

static void write_file(const char *path, const void *data, size_t len) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  if (len) assert_int_equal(fwrite(data, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
}

static unsigned char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char *buf = malloc((size_t)n + 1);
  assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
  fclose(f);
  *len = (size_t)n;
  return buf;
}

static unsigned char *pattern(size_t len, unsigned seed) {
  unsigned char *p = malloc(len ? len : 1);
  uint32_t x = seed * 2654435761u + 1;
  for (size_t i = 0; i < len; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    p[i] = (unsigned char)x;
  }
  return p;
}

static void local_path(char *out, size_t size, const char *name) { snprintf(out, size, "%s/%s", g.work, name); }

/* Files in the work folder whose name contains ".part" (a temporary left behind). */
static int temporaries_left(void) {
  DIR *d = opendir(g.work);
  assert_non_null(d);
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)))
    if (strstr(e->d_name, ".part")) n++;
  closedir(d);
  return n;
}

static void assert_same_file(const char *a, const char *b) {
  size_t la = 0, lb = 0;
  unsigned char *x = read_file(a, &la), *y = read_file(b, &lb);
  assert_non_null(x);
  assert_non_null(y);
  assert_int_equal(la, lb);
  assert_memory_equal(x, y, la);
  free(x);
  free(y);
}

static void must(aml_result rc, aml_error **err, const char *what) {
  if (rc != AML_OK) fail_msg("%s: %s (%s)", what, *err ? aml_error_message(*err) : "no error", aml_result_str(rc));
  aml_error_free(*err);
  *err = NULL;
}

static void round_trip(const char *name, size_t size, const aml_blob_transfer_options *up,
                       const aml_blob_transfer_options *down) {
  char src[512], dst[512];
  local_path(src, sizeof(src), "src.bin");
  local_path(dst, sizeof(dst), "dst.bin");
  unlink(dst);
  unsigned char *data = pattern(size, (unsigned)size);
  write_file(src, data, size);
  aml_error *err = NULL;
  aml_blob_transfer_result r;
  must(aml__blob_upload_file(g.c, src, name, up, &r, &err), &err, "upload");
  assert_int_equal(r.bytes, size);
  assert_false(r.skipped);
  /* The whole file's MD5 is stored with the blob, however it was sent. */
  aml_blob_props props;
  aml__blob_props_init(&props);
  must(aml__blob_get_properties(g.c, name, &props, &err), &err, "properties");
  assert_int_equal(props.content_length, size);
  assert_true(props.has_md5);
  assert_memory_equal(props.md5, r.md5, 16);
  aml__blob_props_cleanup(&props);
  aml_blob_transfer_result d;
  must(aml__blob_download_file(g.c, name, dst, down, &d, &err), &err, "download");
  assert_int_equal(d.bytes, size);
  assert_memory_equal(d.md5, r.md5, 16);
  assert_same_file(src, dst);
  assert_int_equal(temporaries_left(), 0);
  free(data);
}

/* ---- cases ---- */

static void test_empty_file(void **state) {
  SKIP_UNLESS_AVAILABLE(state);
  round_trip("empty.bin", 0, NULL, NULL);
}

static void test_small_file(void **state) {
  SKIP_UNLESS_AVAILABLE(state);
  round_trip("small/file.bin", 1000, NULL, NULL);
}

typedef struct progress_seen {
  pthread_mutex_t lock;
  uint64_t sum, last_done, total;
  int calls;
  bool out_of_order;
} progress_seen;

/* Called from worker threads: records, never asserts (cmocka asserts belong to the test's thread). */
static int on_progress(uint64_t delta, uint64_t done, uint64_t total, void *ud) {
  progress_seen *p = ud;
  pthread_mutex_lock(&p->lock);
  p->sum += delta;
  if (done < p->last_done || done != p->sum) p->out_of_order = true;
  p->last_done = done;
  p->total = total;
  p->calls++;
  pthread_mutex_unlock(&p->lock);
  return 0;
}

static void test_several_blocks_and_ranged_parallel_download(void **state) {
  SKIP_UNLESS_AVAILABLE(state);
  progress_seen up_seen = {PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0, false};
  progress_seen down_seen = {PTHREAD_MUTEX_INITIALIZER, 0, 0, 0, 0, false};
  aml_blob_transfer_options up, down;
  aml__blob_transfer_options_init(&up);
  up.single_put_size = 64 * 1024;
  up.block_size = 64 * 1024; /* 300001 bytes -> 5 blocks, the last one short */
  up.max_concurrency = 4;
  up.progress = on_progress;
  up.progress_user_data = &up_seen;
  aml__blob_transfer_options_init(&down);
  down.chunk_size = 50000; /* 7 ranged GETs, the last one short */
  down.max_concurrency = 3;
  down.progress = on_progress;
  down.progress_user_data = &down_seen;
  round_trip("blocks/large.bin", 300001, &up, &down);
  assert_int_equal(up_seen.calls, 5);
  assert_int_equal(up_seen.sum, 300001);
  assert_int_equal(up_seen.total, 300001);
  assert_int_equal(down_seen.calls, 7);
  assert_int_equal(down_seen.sum, 300001);
  assert_false(up_seen.out_of_order);
  assert_false(down_seen.out_of_order);
  /* One thread only: the same bytes. */
  up.progress = down.progress = NULL;
  up.max_concurrency = 1;
  up.overwrite = AML_BLOB_OVERWRITE_ALWAYS;
  down.max_concurrency = 1;
  round_trip("blocks/large-serial.bin", 130000, &up, &down);
}

static const char *const k_unusual[] = {
    "names/with space.txt",       "names/ünïcødé/名前.csv", "names/hash#1.txt", "names/percent%41%.txt",
    "names/question?x=1&y=2.txt", "names/plus+sign.txt",    "names/sub dir/a b#c%d+e.txt",
};

static void test_unusual_names_round_trip(void **state) {
  SKIP_UNLESS_AVAILABLE(state);
  size_t n = sizeof(k_unusual) / sizeof(k_unusual[0]);
  char src[512], dst[512];
  local_path(src, sizeof(src), "unusual.txt");
  local_path(dst, sizeof(dst), "unusual-back.txt");
  aml_error *err = NULL;
  for (size_t i = 0; i < n; i++) {
    write_file(src, k_unusual[i], strlen(k_unusual[i]));
    must(aml__blob_upload_file(g.c, src, k_unusual[i], NULL, NULL, &err), &err, k_unusual[i]);
  }
  /* The listing gives every name back exactly as written. */
  aml_blob_list_options lo = {.prefix = "names/"};
  aml_blob_list_page page;
  must(aml__blob_list_page(g.c, &lo, &page, &err), &err, "list names");
  assert_int_equal(page.count, n);
  for (size_t i = 0; i < n; i++) {
    bool found = false;
    for (size_t j = 0; j < page.count; j++) found = found || strcmp(page.items[j].name, k_unusual[i]) == 0;
    if (!found) fail_msg("\"%s\" not listed as written", k_unusual[i]);
  }
  aml__blob_list_page_cleanup(&page);
  for (size_t i = 0; i < n; i++) {
    unlink(dst);
    must(aml__blob_download_file(g.c, k_unusual[i], dst, NULL, NULL, &err), &err, k_unusual[i]);
    size_t len = 0;
    unsigned char *back = read_file(dst, &len);
    assert_int_equal(len, strlen(k_unusual[i]));
    assert_memory_equal(back, k_unusual[i], len);
    free(back);
  }
}

typedef struct collected {
  char names[32][64];
  int count;
  int prefixes;
} collected;

static aml_result collect(const aml_blob_item *item, void *ud) {
  collected *c = ud;
  if (c->count < 32) snprintf(c->names[c->count], sizeof(c->names[0]), "%s", item->name);
  c->count++;
  if (item->is_prefix) c->prefixes++;
  return AML_OK;
}

static void test_listing_small_pages_and_delimiter(void **state) {
  SKIP_UNLESS_AVAILABLE(state);
  static const char *const names[] = {"list/a/1.txt", "list/a/2.txt", "list/b/1.txt", "list/c.txt",
                                      "list/d.txt",   "list/e.txt",   "list/f/g/h.txt"};
  aml_error *err = NULL;
  aml_kvlist meta;
  aml__kvlist_init(&meta, true);
  assert_int_equal(aml__kvlist_add(&meta, "upload_status", "completed"), AML_OK);
  aml_blob_write_options wo = {.metadata = &meta, .content_type = "text/plain"};
  for (size_t i = 0; i < 7; i++) must(aml__blob_put(g.c, names[i], "x", 1, &wo, &err), &err, names[i]);
  aml__kvlist_clear(&meta);

  /* Pages of two: four requests, every blob once, in order. */
  aml_blob_list_options lo = {.prefix = "list/", .max_results = 2, .include_metadata = true};
  int pages = 0, seen = 0;
  char *marker = NULL;
  do {
    aml_blob_list_page page;
    lo.marker = marker;
    must(aml__blob_list_page(g.c, &lo, &page, &err), &err, "list page");
    pages++;
    assert_true(page.count <= 2);
    for (size_t i = 0; i < page.count; i++, seen++) {
      assert_string_equal(page.items[i].name, names[seen]);
      assert_int_equal(page.items[i].props.content_length, 1);
      assert_string_equal(aml__kvlist_get(&page.items[i].props.metadata, "upload_status"), "completed");
    }
    free(marker);
    marker = page.next_marker ? strdup(page.next_marker) : NULL;
    aml__blob_list_page_cleanup(&page);
  } while (marker);
  assert_int_equal(seen, 7);
  assert_int_equal(pages, 4);

  /* The same through list_all. */
  lo.marker = NULL;
  collected all = {0};
  must(aml__blob_list_all(g.c, &lo, collect, &all, &err), &err, "list all");
  assert_int_equal(all.count, 7);

  /* One folder level: a/, b/, f/ as prefixes, c, d, e as blobs. */
  collected level = {0};
  aml_blob_list_options lv = {.prefix = "list/", .delimiter = "/", .max_results = 2};
  must(aml__blob_list_all(g.c, &lv, collect, &level, &err), &err, "list with delimiter");
  assert_int_equal(level.count, 6);
  assert_int_equal(level.prefixes, 3);
  bool has_a = false, has_f = false, has_c = false;
  for (int i = 0; i < level.count; i++) {
    has_a = has_a || strcmp(level.names[i], "list/a/") == 0;
    has_f = has_f || strcmp(level.names[i], "list/f/") == 0;
    has_c = has_c || strcmp(level.names[i], "list/c.txt") == 0;
  }
  assert_true(has_a && has_f && has_c);
}

static void test_overwrite_policies(void **state) {
  SKIP_UNLESS_AVAILABLE(state);
  char src[512], dst[512];
  local_path(src, sizeof(src), "ow.txt");
  local_path(dst, sizeof(dst), "ow-back.txt");
  unlink(dst);
  write_file(src, "first", 5);
  aml_error *err = NULL;
  aml_blob_transfer_options o;
  aml__blob_transfer_options_init(&o);
  aml_blob_transfer_result r;
  must(aml__blob_upload_file(g.c, src, "ow/blob.txt", &o, &r, &err), &err, "first upload");

  /* fail: refused, nothing changed */
  assert_int_equal(aml__blob_upload_file(g.c, src, "ow/blob.txt", &o, &r, &err), AML_ERR_CONFLICT);
  assert_non_null(strstr(aml_error_message(err), "already exists"));
  aml_error_free(err);
  err = NULL;

  /* skip identical: same bytes -> skipped */
  o.overwrite = AML_BLOB_OVERWRITE_SKIP_IDENTICAL;
  must(aml__blob_upload_file(g.c, src, "ow/blob.txt", &o, &r, &err), &err, "skip identical");
  assert_true(r.skipped);
  /* ... other bytes -> replaced */
  write_file(src, "second!", 7);
  must(aml__blob_upload_file(g.c, src, "ow/blob.txt", &o, &r, &err), &err, "skip identical, changed");
  assert_false(r.skipped);
  o.overwrite = AML_BLOB_OVERWRITE_ALWAYS;
  write_file(src, "third", 5);
  must(aml__blob_upload_file(g.c, src, "ow/blob.txt", &o, &r, &err), &err, "overwrite");
  assert_false(r.skipped);

  /* Downloads: fail leaves the local file alone; skip identical skips; always replaces. */
  write_file(dst, "local", 5);
  o.overwrite = AML_BLOB_OVERWRITE_FAIL;
  assert_int_equal(aml__blob_download_file(g.c, "ow/blob.txt", dst, &o, &r, &err), AML_ERR_CONFLICT);
  aml_error_free(err);
  err = NULL;
  size_t len = 0;
  unsigned char *back = read_file(dst, &len);
  assert_int_equal(len, 5);
  assert_memory_equal(back, "local", 5);
  free(back);
  o.overwrite = AML_BLOB_OVERWRITE_ALWAYS;
  must(aml__blob_download_file(g.c, "ow/blob.txt", dst, &o, &r, &err), &err, "download overwrite");
  assert_same_file(src, dst);
  o.overwrite = AML_BLOB_OVERWRITE_SKIP_IDENTICAL;
  must(aml__blob_download_file(g.c, "ow/blob.txt", dst, &o, &r, &err), &err, "download skip");
  assert_true(r.skipped);
  assert_int_equal(temporaries_left(), 0);
}

static void test_missing_blob_is_not_found(void **state) {
  SKIP_UNLESS_AVAILABLE(state);
  aml_error *err = NULL;
  aml_blob_props props;
  aml__blob_props_init(&props);
  /* HEAD: the code comes from x-ms-error-code */
  assert_int_equal(aml__blob_get_properties(g.c, "no/such blob.txt", &props, &err), AML_ERR_NOT_FOUND);
  assert_string_equal(aml_error_service_code(err), "BlobNotFound");
  assert_int_equal(aml_error_http_status(err), 404);
  aml_error_free(err);
  err = NULL;
  /* GET: from the <Error> body */
  aml_buf body = AML_BUF_INIT;
  assert_int_equal(aml__blob_get(g.c, "no/such blob.txt", 0, AML_BLOB_TO_END, &body, NULL, &err),
                   AML_ERR_NOT_FOUND);
  assert_string_equal(aml_error_service_code(err), "BlobNotFound");
  assert_non_null(strstr(aml_error_message(err), "not found"));
  aml_error_free(err);
  err = NULL;
  aml__buf_free(&body);
  char dst[512];
  local_path(dst, sizeof(dst), "never.txt");
  assert_int_equal(aml__blob_download_file(g.c, "no/such blob.txt", dst, NULL, NULL, &err), AML_ERR_NOT_FOUND);
  aml_error_free(err);
  err = NULL;
  assert_int_not_equal(access(dst, F_OK), 0);
  assert_int_equal(aml__blob_delete(g.c, "no/such blob.txt", &err), AML_ERR_NOT_FOUND);
  aml_error_free(err);
}

static void test_metadata_and_delete(void **state) {
  SKIP_UNLESS_AVAILABLE(state);
  aml_error *err = NULL;
  must(aml__blob_put(g.c, "meta/a.txt", "abc", 3, NULL, &err), &err, "put");
  aml_kvlist meta;
  aml__kvlist_init(&meta, true);
  assert_int_equal(aml__kvlist_add(&meta, "name", "asset"), AML_OK);
  assert_int_equal(aml__kvlist_add(&meta, "version", "7"), AML_OK);
  must(aml__blob_set_metadata(g.c, "meta/a.txt", &meta, &err), &err, "set metadata");
  aml__kvlist_clear(&meta);
  aml_blob_props props;
  aml__blob_props_init(&props);
  must(aml__blob_get_properties(g.c, "meta/a.txt", &props, &err), &err, "properties");
  assert_string_equal(aml__kvlist_get(&props.metadata, "name"), "asset");
  assert_string_equal(aml__kvlist_get(&props.metadata, "version"), "7");
  assert_non_null(props.etag);
  aml__blob_props_cleanup(&props);
  /* A range reports the whole blob's length and its stored MD5. */
  aml_buf body = AML_BUF_INIT;
  aml__blob_props_init(&props);
  must(aml__blob_get(g.c, "meta/a.txt", 1, 1, &body, &props, &err), &err, "ranged get");
  assert_int_equal(body.len, 1);
  assert_int_equal(body.ptr[0], 'b');
  assert_int_equal(props.content_length, 3);
  assert_true(props.has_md5);
  aml__blob_props_cleanup(&props);
  aml__buf_free(&body);
  must(aml__blob_delete(g.c, "meta/a.txt", &err), &err, "delete");
  aml__blob_props_init(&props);
  assert_int_equal(aml__blob_get_properties(g.c, "meta/a.txt", &props, &err), AML_ERR_NOT_FOUND);
  aml_error_free(err);
  aml__blob_props_cleanup(&props);
}

static void test_md5_mismatch_leaves_nothing(void **state) {
  SKIP_UNLESS_AVAILABLE(state);
  /* Put Block List stores x-ms-blob-content-md5 without checking it: a wrong
   * one makes every download see a mismatch. */
  aml_error *err = NULL;
  char id[64];
  aml__blob_block_id(0, id);
  must(aml__blob_put_block(g.c, "bad/md5.bin", id, "hello", 5, &err), &err, "put block");
  static const uint8_t wrong[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  aml_blob_write_options wo = {.content_md5 = wrong};
  const char *ids[] = {id};
  must(aml__blob_put_block_list(g.c, "bad/md5.bin", ids, 1, &wo, &err), &err, "put block list");
  char dst[512];
  local_path(dst, sizeof(dst), "md5.bin");
  unlink(dst);
  assert_int_equal(aml__blob_download_file(g.c, "bad/md5.bin", dst, NULL, NULL, &err), AML_ERR_PARSE);
  assert_non_null(strstr(aml_error_message(err), "MD5 mismatch"));
  aml_error_free(err);
  assert_int_not_equal(access(dst, F_OK), 0);
  assert_int_equal(temporaries_left(), 0);
}

static void test_wrong_key_is_refused_clearly(void **state) {
  SKIP_UNLESS_AVAILABLE(state);
  static const char *k_wrong_key = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktd3Jvbmcta2V5LXdyb25nLWtleQ==";
  aml_blob_container *bad = NULL;
  aml_error *err = NULL;
  aml_blob_container_config cfg = g.config;
  cfg.account_key = k_wrong_key;
  must(aml__blob_container_new(&g.pipeline, &cfg, &bad, &err), &err, "container with a wrong key");
  assert_int_equal(aml__blob_put(bad, "refused.txt", "x", 1, NULL, &err), AML_ERR_FORBIDDEN);
  const char *msg = aml_error_message(err);
  assert_non_null(strstr(msg, "the storage account refused the request"));
  /* Azure says AuthenticationFailed; Azurite 3.35 AuthorizationFailure: either is named. */
  const char *code = aml_error_service_code(err);
  assert_non_null(code);
  assert_true(strcmp(code, "AuthenticationFailed") == 0 || strcmp(code, "AuthorizationFailure") == 0);
  assert_non_null(strstr(msg, code));
  assert_null(strstr(msg, k_wrong_key));
  assert_null(strstr(msg, "SharedKey"));
  assert_int_equal(aml_error_http_status(err), 403);
  aml_error_free(err);
  aml__blob_container_free(bad);
  /* Nothing secret in the log either (the pipeline logs at DEBUG). */
  blob_target_log_lock(&g);
  assert_null(strstr(g.log.text ? g.log.text : "", k_wrong_key));
  assert_null(strstr(g.log.text ? g.log.text : "", "SharedKey "));
  assert_null(strstr(g.log.text ? g.log.text : "", g.config.account_key));
  blob_target_log_unlock(&g);
}

/* ---- the official Python client as a third opinion ---- */

static void hex(const uint8_t md5[16], char out[33]) {
  for (int i = 0; i < 16; i++) snprintf(out + 2 * i, 3, "%02x", md5[i]);
}

static void test_python_client_agrees(void **state) {
  SKIP_UNLESS_AVAILABLE(state);
  if (access("/usr/bin/python3", X_OK) != 0) {
    print_message("[  SKIPPED ] /usr/bin/python3 is missing\n");
    skip();
  }
  /* The C SDK uploads in blocks; Python reads it back. */
  char src[512], dst[512];
  local_path(src, sizeof(src), "py-src.bin");
  local_path(dst, sizeof(dst), "py-dst.bin");
  unsigned char *data = pattern(150000, 7);
  write_file(src, data, 150000);
  free(data);
  aml_blob_transfer_options o;
  aml__blob_transfer_options_init(&o);
  o.single_put_size = o.block_size = 64 * 1024;
  o.overwrite = AML_BLOB_OVERWRITE_ALWAYS;
  aml_blob_transfer_result r;
  aml_error *err = NULL;
  must(aml__blob_upload_file(g.c, src, "py/from-c.bin", &o, &r, &err), &err, "upload for python");

  char cmd[2048];
  snprintf(cmd, sizeof(cmd),
           "REQUESTS_CA_BUNDLE='%s' /usr/bin/python3 '%s/tests/integration/blob_python_peer.py' '%s' '%s' '%s' '%s' %s %s",
           g.ca_bundle ? g.ca_bundle : "", AML_TEST_SOURCE_DIR, aml__blob_container_url(g.c), g.config.account, g.config.account_key,
           g.container_name, "py/from-c.bin", "py/from-python.bin");
  /* The container URL ends with the container: the service URL is before it. */
  char *cut = strstr(cmd, g.container_name);
  assert_non_null(cut);
  memmove(cut - 1, cut + strlen(g.container_name), strlen(cut + strlen(g.container_name)) + 1);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  char line[4096] = "";
  char *got = fgets(line, sizeof(line), p);
  int status = pclose(p);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 3) {
    print_message("[  SKIPPED ] azure-storage-blob is not installed for /usr/bin/python3\n");
    skip();
  }
  if (!got || status != 0) fail_msg("the Python peer failed (status %d)", status);
  json_error_t je;
  json_t *doc = json_loads(line, 0, &je);
  assert_non_null(doc);
  char ours[33];
  hex(r.md5, ours);
  assert_string_equal(json_string_value(json_object_get(doc, "md5")), ours);
  assert_int_equal(json_integer_value(json_object_get(doc, "size")), 150000);

  /* What Python wrote, the C SDK reads (ranged, parallel). */
  o.chunk_size = 100;
  o.max_concurrency = 3;
  must(aml__blob_download_file(g.c, "py/from-python.bin", dst, &o, &r, &err), &err, "download python's blob");
  hex(r.md5, ours);
  assert_string_equal(json_string_value(json_object_get(doc, "written_md5")), ours);
  assert_int_equal(r.bytes, json_integer_value(json_object_get(doc, "written_size")));

  /* Python's SAS works for the C SDK, and its signature is never logged. */
  const char *sas = json_string_value(json_object_get(doc, "sas"));
  assert_non_null(sas);
  const char *sig = strstr(sas, "sig=");
  assert_non_null(sig);
  char sig_value[200];
  snprintf(sig_value, sizeof(sig_value), "%.*s", (int)strcspn(sig + 4, "&"), sig + 4);
  aml_blob_container_config cfg = g.config;
  cfg.auth = AML_BLOB_AUTH_SAS;
  cfg.account_key = NULL;
  cfg.sas_token = sas;
  aml_blob_container *sc = NULL;
  must(aml__blob_container_new(&g.pipeline, &cfg, &sc, &err), &err, "SAS container");
  must(aml__blob_put(sc, "py/by-sas.txt", "sas", 3, NULL, &err), &err, "put with SAS");
  collected listed = {0};
  aml_blob_list_options lo = {.prefix = "py/"};
  must(aml__blob_list_all(sc, &lo, collect, &listed, &err), &err, "list with SAS");
  assert_int_equal(listed.count, 3);
  unlink(dst);
  must(aml__blob_download_file(sc, "py/by-sas.txt", dst, NULL, NULL, &err), &err, "get with SAS");
  aml__blob_container_free(sc);
  /* A tampered signature: refused, and the error shows no SAS value. */
  char bad[1024];
  snprintf(bad, sizeof(bad), "%.*sAAAA%s", (int)(sig + 4 - sas), sas, sig + 4);
  cfg.sas_token = bad;
  must(aml__blob_container_new(&g.pipeline, &cfg, &sc, &err), &err, "tampered SAS container");
  assert_int_equal(aml__blob_put(sc, "py/refused.txt", "x", 1, NULL, &err), AML_ERR_FORBIDDEN);
  assert_null(strstr(aml_error_message(err), sig_value));
  assert_null(strstr(aml_error_message(err), "sig="));
  aml_error_free(err);
  aml__blob_container_free(sc);
  blob_target_log_lock(&g);
  assert_null(strstr(g.log.text, sig_value));
  assert_non_null(strstr(g.log.text, "sig=REDACTED"));
  blob_target_log_unlock(&g);
  json_decref(doc);
}

/* Bearer (identity-based datastores): a token for https://storage.azure.com
 * from the emulator's token endpoint through the pipeline's credential; a
 * token for another audience is refused (401). Emulator only: Azurite does
 * not check Entra tokens over http. */
static aml_result bearer_put_and_read(aml_credential *cred, aml_error **err) {
  aml_pipeline p;
  aml_pipeline_config pc = {0};
  pc.ca_bundle = g.ca_bundle;
  pc.credential = cred;
  pc.log_fn = locked_log;
  pc.log_user_data = &g;
  pc.log_level = AML_LOG_DEBUG;
  aml_result rc = aml__pipeline_init(&p, &pc, err);
  if (rc < 0) return rc;
  aml_blob_container_config cfg = g.config;
  cfg.auth = AML_BLOB_AUTH_BEARER;
  cfg.account_key = NULL;
  aml_blob_container *c = NULL;
  rc = aml__blob_container_new(&p, &cfg, &c, err);
  if (rc == AML_OK) rc = aml__blob_put(c, "bearer/a.txt", "token", 5, NULL, err);
  aml_buf body = AML_BUF_INIT;
  if (rc == AML_OK) rc = aml__blob_get(c, "bearer/a.txt", 0, AML_BLOB_TO_END, &body, NULL, err);
  if (rc == AML_OK) assert_string_equal(aml__buf_cstr(&body), "token");
  aml__buf_free(&body);
  aml__blob_container_free(c);
  aml__pipeline_cleanup(&p);
  return rc;
}

static void test_bearer_token_by_audience(void **state) {
  SKIP_UNLESS_AVAILABLE(state);
  if (!g.emulator_started) {
    print_message("[  SKIPPED ] %s: bearer tokens are checked by the aml-emulator target only\n", g.label);
    skip();
  }
  aml_credential_options co;
  aml_credential_options_init(&co, AML_CREDENTIAL_OPTIONS_VERSION);
  co.authority_host = getenv("AZURE_AUTHORITY_HOST");
  co.ca_bundle = g.ca_bundle;
  aml_credential *cred = NULL;
  aml_error *err = NULL;
  must(aml_client_secret_credential_new(getenv("AZURE_TENANT_ID"), getenv("AZURE_CLIENT_ID"),
                                        getenv("AZURE_CLIENT_SECRET"), &co, &cred, &err),
       &err, "client secret credential");
  must(bearer_put_and_read(cred, &err), &err, "bearer put/get");
  aml_credential_unref(cred);

  /* A token for ARM, not storage. */
  char *body = NULL;
  assert_int_equal(aml_emu_control(&g.emu, "POST", "/_emulator/tokens",
                                   "{\"audience\":\"https://management.azure.com\",\"lifetimeS\":600}", &body),
                   200);
  json_error_t je;
  json_t *doc = json_loads(body, 0, &je);
  free(body);
  assert_non_null(doc);
  const char *tok = json_string_value(json_object_get(doc, "access_token"));
  if (!tok) tok = json_string_value(json_object_get(doc, "token"));
  assert_non_null(tok);
  must(aml_static_token_credential_new(tok, 0, &cred, &err), &err, "static credential");
  assert_int_equal(bearer_put_and_read(cred, &err), AML_ERR_UNAUTHORIZED);
  assert_string_equal(aml_error_service_code(err), "InvalidAuthenticationInfo");
  assert_null(strstr(aml_error_message(err), tok));
  aml_error_free(err);
  blob_target_log_lock(&g);
  assert_null(strstr(g.log.text, tok));
  assert_null(strstr(g.log.text, "Bearer ey"));
  blob_target_log_unlock(&g);
  aml_credential_unref(cred);
  json_decref(doc);
}

/* Faults injected by the emulator (a dropped connection, then 503s) on the
 * blocks of an upload and the ranges of a download: the pipeline retries
 * and the file comes back byte-identical. Emulator only (Azurite has no
 * fault injection). */
static int fault_hits(void) {
  char *body = NULL;
  assert_int_equal(aml_emu_control(&g.emu, "GET", "/_emulator/faults", NULL, &body), 200);
  json_error_t je;
  json_t *doc = json_loads(body, 0, &je);
  free(body);
  assert_non_null(doc);
  json_t *rules = json_is_array(doc) ? doc : json_object_get(doc, "rules");
  if (!rules) rules = json_object_get(doc, "faults");
  assert_true(json_is_array(rules));
  int hits = 0;
  size_t i;
  json_t *r;
  json_array_foreach(rules, i, r) hits += (int)json_integer_value(json_object_get(r, "hits"));
  json_decref(doc);
  return hits;
}

static void test_faults_retried_byte_identical(void **state) {
  SKIP_UNLESS_AVAILABLE(state);
  if (!g.emulator_started) {
    print_message("[  SKIPPED ] %s has no fault injection\n", g.label);
    skip();
  }
  assert_int_equal(aml_emu_control(&g.emu, "DELETE", "/_emulator/faults", NULL, NULL) / 100, 2);
  assert_int_equal(aml_emu_control(&g.emu, "POST", "/_emulator/faults",
                                   "{\"drop\":true,\"pathContains\":\"/faulty/\",\"count\":1}", NULL), 201);
  assert_int_equal(aml_emu_control(&g.emu, "POST", "/_emulator/faults",
                                   "{\"status\":503,\"pathContains\":\"/faulty/\",\"count\":3}", NULL), 201);
  aml_blob_transfer_options up, down;
  aml__blob_transfer_options_init(&up);
  up.single_put_size = 32 * 1024;
  up.block_size = 32 * 1024;
  up.max_concurrency = 2;
  aml__blob_transfer_options_init(&down);
  down.chunk_size = 40000;
  down.max_concurrency = 2;
  round_trip("faulty/big.bin", 200000, &up, &down);
  assert_int_equal(fault_hits(), 4);
  assert_int_equal(aml_emu_control(&g.emu, "DELETE", "/_emulator/faults", NULL, NULL) / 100, 2);
}

#define CASES                                                                                            \
  cmocka_unit_test(test_empty_file), cmocka_unit_test(test_small_file),                                 \
      cmocka_unit_test(test_several_blocks_and_ranged_parallel_download),                               \
      cmocka_unit_test(test_unusual_names_round_trip), cmocka_unit_test(test_listing_small_pages_and_delimiter), \
      cmocka_unit_test(test_overwrite_policies), cmocka_unit_test(test_missing_blob_is_not_found),      \
      cmocka_unit_test(test_metadata_and_delete), cmocka_unit_test(test_md5_mismatch_leaves_nothing),   \
      cmocka_unit_test(test_wrong_key_is_refused_clearly), cmocka_unit_test(test_faults_retried_byte_identical), \
      cmocka_unit_test(test_python_client_agrees), cmocka_unit_test(test_bearer_token_by_audience)

static int setup_azurite(void **state) {
  (void)state;
  return blob_target_start_azurite(&g);
}
static int teardown(void **state) {
  (void)state;
  blob_target_stop(&g);
  return 0;
}

static int setup_emulator(void **state) {
  (void)state;
  return blob_target_start_emulator(&g, false);
}

static int setup_emulator_tls(void **state) {
  (void)state;
  return blob_target_start_emulator(&g, true);
}

int main(void) {
  const struct CMUnitTest cases[] = {CASES};
  int failed = cmocka_run_group_tests_name("blob transfer against Azurite", cases, setup_azurite, teardown);
  failed += cmocka_run_group_tests_name("blob transfer against aml-emulator", cases, setup_emulator, teardown);
  failed += cmocka_run_group_tests_name("blob transfer against aml-emulator over https", cases, setup_emulator_tls,
                                        teardown);
  return failed;
}
