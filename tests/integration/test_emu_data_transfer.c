/* Uploads and downloads against aml-emulator's datastores and Blob service,
 * over HTTP and over HTTPS: round trips of an empty file, a small one, one of
 * several blocks and a nested folder with unusual names, through a key
 * datastore (Shared Key), a SAS datastore and an identity-based one (bearer),
 * with and without threads; the overwrite policies; progress figures;
 * missing paths; a tampered SAS refused; injected faults that the transfer
 * rides out byte-identical; content-addressed uploads that are not sent
 * twice; a model version from a local folder; datastores get/list/default/
 * listSecrets. */
#include "emulator_harness.h"
#include "test_support.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct emu_ctx {
  aml_emu emu;
  aml_client *client;
  char tmp[128]; /* local scratch */
  const char *label;
} emu_ctx;

static emu_ctx g_http, g_https;

static const char *const EMU_ARGS[] = {"--datastore", "sasstore:sascontainer:Sas", "--datastore",
                                       "idstore:idcontainer:None", "--provisioning-delay-ms", "0", NULL};
static const char *const EMU_ARGS_TLS[] = {"--tls", "--datastore", "sasstore:sascontainer:Sas", "--datastore",
                                           "idstore:idcontainer:None", "--provisioning-delay-ms", "0", NULL};

static void sh(const char *fmt, const char *a, const char *b) {
  char cmd[1024];
  snprintf(cmd, sizeof(cmd), fmt, a, b);
  if (system(cmd) != 0) fail_msg("command failed: %s", cmd);
}

static void write_bytes(const char *path, size_t n, unsigned seed) {
  FILE *f = fopen(path, "wb");
  if (!f) fail_msg("cannot write %s: %s", path, strerror(errno));
  for (size_t i = 0; i < n; i++) fputc((int)((i * 131u + seed * 7u + (i >> 9)) & 0xff), f);
  fclose(f);
}

/* A folder with every case: empty file, small file, a file of several
 * blocks (with 64 KiB blocks), nested folders and unusual names. */
static void make_tree(const char *root) {
  char p[512];
  sh("mkdir -p '%s/sub dir/ünï #%%25/deeper'%s", root, "");
  snprintf(p, sizeof(p), "%s/empty.bin", root);
  write_bytes(p, 0, 1);
  snprintf(p, sizeof(p), "%s/small.txt", root);
  write_bytes(p, 17, 2);
  snprintf(p, sizeof(p), "%s/sub dir/blocks.bin", root);
  write_bytes(p, 300 * 1024 + 123, 3);
  snprintf(p, sizeof(p), "%s/sub dir/ünï #%%25/deeper/a b#c%%d.csv", root);
  write_bytes(p, 4097, 4);
  snprintf(p, sizeof(p), "%s/sub dir/ünï #%%25/目录.txt", root);
  write_bytes(p, 5, 5);
}

static void assert_same_tree(const char *a, const char *b) {
  char cmd[1024];
  snprintf(cmd, sizeof(cmd), "diff -r '%s' '%s' >/dev/null", a, b);
  if (system(cmd) != 0) fail_msg("downloaded tree differs: %s vs %s", a, b);
}

static void start(emu_ctx *x, const char *const *args, const char *label) {
  aml_emu_start(&x->emu, AML_EMULATOR_PATH, args);
  x->client = aml_emu_client(50, NULL, NULL);
  x->label = label;
  snprintf(x->tmp, sizeof(x->tmp), "/tmp/aml-emu-data-XXXXXX");
  if (!mkdtemp(x->tmp)) fail_msg("mkdtemp: %s", strerror(errno));
  char tree[256];
  snprintf(tree, sizeof(tree), "%s/tree", x->tmp);
  make_tree(tree);
}

static void stop(emu_ctx *x) {
  aml_client_unref(x->client);
  aml_emu_cleanup(&x->emu);
  sh("rm -rf '%s'%s", x->tmp, "");
}

static int setup_group(void **state) {
  (void)state;
  start(&g_http, EMU_ARGS, "http");
  start(&g_https, EMU_ARGS_TLS, "https");
  return 0;
}

static int teardown_group(void **state) {
  (void)state;
  stop(&g_http);
  stop(&g_https);
  return 0;
}

static const char *tmp_path(emu_ctx *x, const char *rel) {
  static char buf[8][512];
  static int i;
  i = (i + 1) % 8;
  snprintf(buf[i], sizeof(buf[i]), "%s/%s", x->tmp, rel);
  return buf[i];
}

typedef struct progress {
  uint64_t bytes_done, bytes_total, files_done, files_total;
  int calls;
} progress;

static int32_t on_progress(uint64_t bd, uint64_t bt, uint64_t fd, uint64_t ft, void *ud) {
  progress *p = ud;
  if (bd < p->bytes_done || fd < p->files_done || bd > bt || fd > ft) p->calls = -1000000; /* flagged */
  p->bytes_done = bd;
  p->bytes_total = bt;
  p->files_done = fd;
  p->files_total = ft;
  p->calls++;
  return 0;
}

static aml_transfer_options opts(int32_t concurrency, int32_t overwrite, progress *p) {
  aml_transfer_options o;
  aml_transfer_options_init(&o, AML_TRANSFER_OPTIONS_VERSION);
  o.block_size = 64 * 1024;
  o.single_put_threshold = 100 * 1024;
  o.download_chunk_size = 64 * 1024;
  o.max_concurrency = concurrency;
  o.overwrite = overwrite;
  if (p) {
    o.progress = on_progress;
    o.progress_user_data = p;
  }
  return o;
}

#define TREE_BYTES (0 + 17 + 300 * 1024 + 123 + 4097 + 5)
#define TREE_FILES 5

static void round_trip(emu_ctx *x, const char *datastore, int32_t concurrency) {
  char uri[256], dest[256];
  snprintf(uri, sizeof(uri), "azureml://datastores/%s/paths/rt-%d/", datastore, concurrency);
  snprintf(dest, sizeof(dest), "%s/down-%s-%d", x->tmp, datastore, concurrency);
  progress up = {0}, down = {0};
  aml_transfer_options o = opts(concurrency, AML_OVERWRITE_FAIL, &up);
  aml_error *err = NULL;
  aml_emu_must(aml_data_upload(x->client, tmp_path(x, "tree"), uri, &o, &err), &err, "upload");
  assert_int_equal(up.bytes_done, TREE_BYTES);
  assert_int_equal(up.bytes_total, TREE_BYTES);
  assert_int_equal(up.files_done, TREE_FILES);
  assert_int_equal(up.files_total, TREE_FILES);
  assert_true(up.calls > TREE_FILES);
  o = opts(concurrency, AML_OVERWRITE_FAIL, &down);
  aml_emu_must(aml_data_download(x->client, uri, dest, &o, &err), &err, "download");
  assert_same_tree(tmp_path(x, "tree"), dest);
  assert_int_equal(down.bytes_done, TREE_BYTES);
  assert_int_equal(down.files_done, TREE_FILES);
  /* One file by name, into a folder. */
  char file_uri[300], one[300];
  snprintf(file_uri, sizeof(file_uri), "%ssub dir/blocks.bin", uri);
  snprintf(one, sizeof(one), "%s-one", dest);
  aml_emu_must(aml_data_download(x->client, file_uri, one, &o, &err), &err, "download one");
  char a[400], b[400];
  snprintf(a, sizeof(a), "%s/sub dir/blocks.bin", tmp_path(x, "tree"));
  snprintf(b, sizeof(b), "%s/blocks.bin", one);
  sh("cmp -s '%s' '%s'", a, b);
}

static void test_round_trips(void **state) {
  (void)state;
  emu_ctx *xs[] = {&g_http, &g_https};
  for (int i = 0; i < 2; i++) {
    round_trip(xs[i], "workspaceblobstore", 1); /* Shared Key, caller's thread only */
    round_trip(xs[i], "workspaceblobstore", 4); /* threads */
    round_trip(xs[i], "sasstore", 3);          /* the datastore's SAS token */
    round_trip(xs[i], "idstore", 2);           /* bearer for storage */
  }
  /* The blocks really went as blocks: 300 KiB in 64 KiB blocks is 5 Put Block
   * and one Put Block List per upload (4 uploads on this emulator). */
  assert_true(aml_emu_count_requests(&g_http.emu, "PUT", "blocks.bin") >= 4 * 6);
}

static void test_datastores(void **state) {
  (void)state;
  aml_client *c = g_http.client;
  aml_error *err = NULL;
  aml_datastore *d = NULL;
  aml_emu_must(aml_datastores_get_default(c, &d, &err), &err, "default");
  assert_string_equal(d->name, "workspaceblobstore");
  assert_int_equal(d->is_default, 1);
  assert_string_equal(d->datastore_type, "AzureBlob");
  assert_string_equal(d->credentials_type, "AccountKey");
  assert_string_equal(d->protocol, "http");
  aml_datastore_free(d);
  aml_emu_must(aml_datastores_get(g_https.client, "idstore", &d, &err), &err, "get");
  assert_string_equal(d->protocol, "https");
  assert_string_equal(d->credentials_type, "None");
  aml_datastore_free(d);
  aml_pager *it = NULL;
  aml_emu_must(aml_datastores_list(c, &it, &err), &err, "list");
  int n = 0, seen_sas = 0;
  while (aml_pager_next_datastore(it, &d, &err) == AML_OK) {
    n++;
    seen_sas |= strcmp(d->name, "sasstore") == 0;
    aml_datastore_free(d);
  }
  aml_pager_free(it);
  assert_true(n >= 4);
  assert_true(seen_sas);
  aml_datastore_secrets *s = NULL;
  aml_emu_must(aml_datastores_list_secrets(c, "workspaceblobstore", &s, &err), &err, "secrets");
  assert_string_equal(s->secrets_type, "AccountKey");
  assert_true(strlen(s->key) > 20);
  aml_datastore_secrets_free(s);
  aml_emu_must(aml_datastores_list_secrets(c, "sasstore", &s, &err), &err, "sas secrets");
  assert_non_null(s->sas_token);
  aml_datastore_secrets_free(s);
  assert_int_equal(aml_datastores_get(c, "nope", &d, &err), AML_ERR_NOT_FOUND);
  aml_error_free(err);
}

static void test_overwrite_policies(void **state) {
  (void)state;
  emu_ctx *x = &g_http;
  const char *uri = "azureml://datastores/workspaceblobstore/paths/ow/small.txt";
  const char *small = tmp_path(x, "tree/small.txt");
  aml_error *err = NULL;
  aml_transfer_options o = opts(2, AML_OVERWRITE_FAIL, NULL);
  aml_emu_must(aml_data_upload(x->client, small, uri, &o, &err), &err, "first upload");
  assert_int_equal(aml_data_upload(x->client, small, uri, &o, &err), AML_ERR_CONFLICT);
  aml_error_free(err);
  err = NULL;
  int puts_before = aml_emu_count_requests(&x->emu, "PUT", "/ow/small.txt");
  o.overwrite = AML_OVERWRITE_SKIP_IDENTICAL;
  aml_emu_must(aml_data_upload(x->client, small, uri, &o, &err), &err, "skip identical");
  assert_int_equal(aml_emu_count_requests(&x->emu, "PUT", "/ow/small.txt"), puts_before); /* nothing sent */
  /* Different content: SKIP_IDENTICAL replaces it, ALWAYS too. */
  const char *other = tmp_path(x, "other.txt");
  write_bytes(other, 33, 9);
  aml_emu_must(aml_data_upload(x->client, other, uri, &o, &err), &err, "skip, different");
  o.overwrite = AML_OVERWRITE_ALWAYS;
  aml_emu_must(aml_data_upload(x->client, other, uri, &o, &err), &err, "always");
  /* Downloads: FAIL refuses an existing file, SKIP_IDENTICAL keeps it. */
  const char *dest = tmp_path(x, "ow-down");
  o.overwrite = AML_OVERWRITE_FAIL;
  aml_emu_must(aml_data_download(x->client, uri, dest, &o, &err), &err, "download");
  assert_int_equal(aml_data_download(x->client, uri, dest, &o, &err), AML_ERR_CONFLICT);
  aml_error_free(err);
  err = NULL;
  o.overwrite = AML_OVERWRITE_SKIP_IDENTICAL;
  int gets = aml_emu_count_requests(&x->emu, "GET", "/ow/small.txt");
  aml_emu_must(aml_data_download(x->client, uri, dest, &o, &err), &err, "download skip");
  assert_int_equal(aml_emu_count_requests(&x->emu, "GET", "/ow/small.txt"), gets);
  char got[400];
  snprintf(got, sizeof(got), "%s/small.txt", dest);
  sh("cmp -s '%s' '%s'", other, got);
}

static void test_missing_and_refused(void **state) {
  (void)state;
  emu_ctx *x = &g_http;
  aml_error *err = NULL;
  assert_int_equal(aml_data_download(x->client, "azureml://datastores/workspaceblobstore/paths/no/such/thing",
                                     tmp_path(x, "nothing"), NULL, &err), AML_ERR_NOT_FOUND);
  assert_non_null(strstr(aml_error_message(err), "nothing at"));
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_data_download(x->client, "azureml://datastores/nosuchstore/paths/x", tmp_path(x, "nothing"),
                                     NULL, &err), AML_ERR_NOT_FOUND);
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_data_upload(x->client, tmp_path(x, "no-such-file"), "azureml://datastores/workspaceblobstore/paths/x",
                                   NULL, &err), AML_ERR_NOT_FOUND);
  aml_error_free(err);
  /* A tampered SAS on a path-style URL of the emulator's own Blob service. */
  aml_datastore_secrets *s = NULL;
  err = NULL;
  aml_emu_must(aml_datastores_list_secrets(x->client, "sasstore", &s, &err), &err, "sas");
  char url[2048], sig[512] = "";
  const char *host = strstr(x->emu.base_url, "://") + 3;
  snprintf(url, sizeof(url), "http://%s/amlemulator/sascontainer/x.txt?%sTAMPERED", host, s->sas_token);
  const char *sg = strstr(s->sas_token, "sig=");
  assert_non_null(sg);
  snprintf(sig, sizeof(sig), "%.*s", (int)strcspn(sg + 4, "&"), sg + 4);
  aml_datastore_secrets_free(s);
  assert_int_equal(aml_data_upload(x->client, tmp_path(x, "tree/small.txt"), url, NULL, &err), AML_ERR_FORBIDDEN);
  const char *m = aml_error_message(err);
  assert_non_null(strstr(m, "refused"));
  assert_null(strstr(m, "TAMPERED"));
  assert_true(strlen(sig) > 8);
  assert_null(strstr(m, sig)); /* never the signature */
  aml_error_free(err);
}

/* At most three faults in a row reach any one request (503, 503, then a
 * dropped connection), which the pipeline's three retries absorb whatever
 * the threads' interleaving. Armed once for the upload, once for the download. */
static void arm_faults(aml_emu *e) {
  aml_emu_control(e, "DELETE", "/_emulator/faults", NULL, NULL);
  assert_int_equal(aml_emu_control(e, "POST", "/_emulator/faults", "{\"status\":503,\"pathContains\":\"/faulty/\",\"count\":2}", NULL), 201);
  assert_int_equal(aml_emu_control(e, "POST", "/_emulator/faults", "{\"drop\":true,\"pathContains\":\"/faulty/\",\"count\":1}", NULL), 201);
}

/* Both rules were used up. */
static void assert_faults_fired(aml_emu *e) {
  char *rules = NULL;
  aml_emu_control(e, "GET", "/_emulator/faults", NULL, &rules);
  assert_non_null(rules);
  if (!strstr(rules, "\"hits\":2") || !strstr(rules, "\"hits\":1")) fail_msg("faults not all hit: %s", rules);
  free(rules);
}

static void test_faults_end_byte_identical(void **state) {
  (void)state;
  emu_ctx *x = &g_http;
  aml_transfer_options o = opts(3, AML_OVERWRITE_FAIL, NULL);
  aml_error *err = NULL;
  arm_faults(&x->emu);
  aml_emu_must(aml_data_upload(x->client, tmp_path(x, "tree"), "azureml://datastores/workspaceblobstore/paths/faulty/",
                               &o, &err), &err, "upload under faults");
  assert_faults_fired(&x->emu);
  arm_faults(&x->emu);
  aml_emu_must(aml_data_download(x->client, "azureml://datastores/workspaceblobstore/paths/faulty/",
                                 tmp_path(x, "faulty-down"), &o, &err), &err, "download under faults");
  assert_faults_fired(&x->emu);
  aml_emu_control(&x->emu, "DELETE", "/_emulator/faults", NULL, NULL);
  assert_same_tree(tmp_path(x, "tree"), tmp_path(x, "faulty-down"));
}

static void test_local_upload_and_model(void **state) {
  (void)state;
  emu_ctx *x = &g_https;
  aml_error *err = NULL;
  char *uri1 = NULL, *uri2 = NULL;
  aml_emu_must(aml_data_upload_local(x->client, tmp_path(x, "tree"), NULL, NULL, &uri1, &err), &err, "local upload");
  assert_true(strncmp(uri1, "azureml://datastores/workspaceblobstore/paths/LocalUpload/", 58) == 0);
  assert_int_equal(strlen(uri1), 58 + 32 + strlen("/tree/"));
  int puts = aml_emu_count_requests(&x->emu, "PUT", "LocalUpload/");
  aml_emu_must(aml_data_upload_local(x->client, tmp_path(x, "tree"), NULL, NULL, &uri2, &err), &err, "again");
  assert_string_equal(uri1, uri2);
  assert_int_equal(aml_emu_count_requests(&x->emu, "PUT", "LocalUpload/"), puts); /* not sent twice */
  aml_free(uri2);
  /* What was uploaded comes back identical. */
  aml_emu_must(aml_data_download(x->client, uri1, tmp_path(x, "local-down"), NULL, &err), &err, "download");
  assert_same_tree(tmp_path(x, "tree"), tmp_path(x, "local-down"));
  /* A model version from the local folder registers that same place. */
  aml_model_version m;
  aml_model_version_init(&m, AML_MODEL_VERSION_VERSION);
  m.name = "local-model";
  m.asset_version = "1";
  m.path = tmp_path(x, "tree");
  aml_model_version *made = NULL;
  aml_emu_must(aml_models_create_or_update(x->client, &m, &made, &err), &err, "model");
  assert_string_equal(made->path, uri1);
  aml_model_version_free(made);
  aml_free(uri1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_datastores),
      cmocka_unit_test(test_round_trips),
      cmocka_unit_test(test_overwrite_policies),
      cmocka_unit_test(test_missing_and_refused),
      cmocka_unit_test(test_faults_end_byte_identical),
      cmocka_unit_test(test_local_upload_and_model),
  };
  return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
