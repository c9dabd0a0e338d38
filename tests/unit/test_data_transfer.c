/* Uploads and downloads over the fake transport: how a datastore's
 * credentials become Blob authorisation (Shared Key, SAS, bearer for
 * https://storage.azure.com/.default), host- and path-style URLs, blob
 * names of files and folders, progress figures, the overwrite policies, the
 * refusal of blob names that would escape the destination, missing paths,
 * and option checks. Every request runs on the caller's thread
 * (max_concurrency = 1), so the fake's answers are taken in order. */
#include "test_support.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WS "https://management.example.test/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1"
#define KEY "a2V5LWJ5dGVzLWZvci10ZXN0cy1vbmx5"   /* base64("key-bytes-for-tests-only") */
#define HELLO_MD5 "XUFAKrxLKna5cZ2REBfFkg=="      /* base64(md5("hello")) */

typedef struct fx {
  aml_transport *t;
  aml_client *c;
  char scopes[512]; /* every scope a token was asked for, ';'-separated */
  char dir[128];    /* scratch folder */
} fx;

static aml_result token_fn(const char *scope, aml_access_token *out, void *user_data) {
  fx *f = user_data;
  strncat(f->scopes, scope, sizeof(f->scopes) - strlen(f->scopes) - 2);
  strcat(f->scopes, ";");
  return aml_access_token_set(out, strstr(scope, "storage") ? "storage-token" : "arm-token", 0);
}

static int setup(void **state) {
  fx *f = calloc(1, sizeof(*f));
  assert_int_equal(aml_fake_transport_new(&f->t, NULL), AML_OK);
  aml_credential *cred = NULL;
  assert_int_equal(aml_credential_delegate_new(token_fn, f, &cred, NULL), AML_OK);
  aml_client_options o;
  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  o.transport = f->t;
  o.resource_manager_url = "https://management.example.test";
  assert_int_equal(aml_client_new(cred, "sub-1", "rg-1", "ws-1", &o, &f->c, NULL), AML_OK);
  aml_credential_unref(cred);
  snprintf(f->dir, sizeof(f->dir), "/tmp/aml-data-unit-XXXXXX");
  assert_non_null(mkdtemp(f->dir));
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fx *f = *state;
  char cmd[256];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
  assert_int_equal(system(cmd), 0);
  aml_client_unref(f->c);
  aml_transport_unref(f->t);
  free(f);
  return 0;
}

static void q(fx *f, int32_t status, const char *headers, const char *body) {
  assert_int_equal(aml_fake_transport_add_response(f->t, status, headers, body, NULL), AML_OK);
}

/* A datastore on a path-style Blob service (as Azurite / aml-emulator). */
static void q_datastore(fx *f, const char *name, const char *creds) {
  char body[1024];
  snprintf(body, sizeof(body),
           "{\"id\":\"/x/datastores/%s\",\"name\":\"%s\",\"properties\":{\"datastoreType\":\"AzureBlob\","
           "\"accountName\":\"devstoreaccount1\",\"containerName\":\"c\",\"endpoint\":\"127.0.0.1:10000\","
           "\"protocol\":\"http\",\"isDefault\":true,\"credentials\":{\"credentialsType\":\"%s\"}}}",
           name, name, creds);
  q(f, 200, NULL, body);
}

static void write_file(const char *path, const char *content) {
  FILE *fp = fopen(path, "wb");
  assert_non_null(fp);
  fputs(content, fp);
  fclose(fp);
}

static char *path_in(fx *f, const char *rel) {
  static char buf[4][512];
  static int i;
  i = (i + 1) % 4;
  snprintf(buf[i], sizeof(buf[i]), "%s/%s", f->dir, rel);
  return buf[i];
}

static const char *req_url(fx *f, size_t i) { return aml_http_request_url(aml_test_request(f->t, i)); }
static const char *req_method(fx *f, size_t i) { return aml_http_request_method(aml_test_request(f->t, i)); }
static const char *req_header(fx *f, size_t i, const char *h) { return aml_http_request_header(aml_test_request(f->t, i), h); }

typedef struct progress_log {
  uint64_t bytes_done, bytes_total, files_done, files_total;
  int calls;
  int stop_after; /* 0 = never */
} progress_log;

static int32_t on_progress(uint64_t bd, uint64_t bt, uint64_t fd, uint64_t ft, void *ud) {
  progress_log *p = ud;
  assert_true(bd >= p->bytes_done && fd >= p->files_done); /* never backwards */
  p->bytes_done = bd;
  p->bytes_total = bt;
  p->files_done = fd;
  p->files_total = ft;
  p->calls++;
  return p->stop_after && p->calls >= p->stop_after;
}

static aml_transfer_options serial(progress_log *p) {
  aml_transfer_options o;
  aml_transfer_options_init(&o, AML_TRANSFER_OPTIONS_VERSION);
  o.max_concurrency = 1;
  o.progress = p ? on_progress : NULL;
  o.progress_user_data = p;
  return o;
}

static void test_upload_file_shared_key(void **state) {
  fx *f = *state;
  write_file(path_in(f, "hello.txt"), "hello");
  q_datastore(f, "workspaceblobstore", "AccountKey");
  q(f, 200, NULL, "{\"secretsType\":\"AccountKey\",\"key\":\"" KEY "\"}");
  q(f, 404, "x-ms-error-code: BlobNotFound", "");
  q(f, 201, NULL, "");
  progress_log p = {0};
  aml_transfer_options o = serial(&p);
  aml_error *err = NULL;
  if (aml_data_upload(f->c, path_in(f, "hello.txt"), "azureml://datastores/workspaceblobstore/paths/in/a b#1%.txt", &o,
                      &err) != AML_OK)
    fail_msg("%s", aml_error_message(err));
  assert_int_equal(aml_fake_transport_request_count(f->t), 4);
  assert_string_equal(req_url(f, 0), WS "/datastores/workspaceblobstore?api-version=2025-12-01");
  assert_string_equal(req_url(f, 1), WS "/datastores/workspaceblobstore/listSecrets?api-version=2025-12-01");
  assert_string_equal(req_method(f, 2), "HEAD");
  assert_string_equal(req_url(f, 2), "http://127.0.0.1:10000/devstoreaccount1/c/in/a%20b%231%25.txt");
  assert_string_equal(req_method(f, 3), "PUT");
  assert_string_equal(req_url(f, 3), "http://127.0.0.1:10000/devstoreaccount1/c/in/a%20b%231%25.txt");
  assert_true(strncmp(req_header(f, 3, "Authorization"), "SharedKey devstoreaccount1:", 27) == 0);
  assert_string_equal(req_header(f, 3, "x-ms-blob-type"), "BlockBlob");
  assert_string_equal(req_header(f, 3, "Content-MD5"), HELLO_MD5);
  assert_string_equal(req_header(f, 3, "If-None-Match"), "*");
  char *body = aml_test_request_body(aml_test_request(f->t, 3));
  assert_string_equal(body, "hello");
  free(body);
  assert_int_equal(p.bytes_done, 5);
  assert_int_equal(p.bytes_total, 5);
  assert_int_equal(p.files_done, 1);
  assert_int_equal(p.files_total, 1);
  assert_null(strstr(f->scopes, "storage")); /* a key: no storage token asked for */
}

static void test_upload_sas_and_bearer(void **state) {
  fx *f = *state;
  write_file(path_in(f, "hello.txt"), "hello");
  /* Sas datastore: the token goes on the URL, no Authorization header. */
  q_datastore(f, "sasstore", "Sas");
  q(f, 200, NULL, "{\"secretsType\":\"Sas\",\"sasToken\":\"sv=2025-11-05&sp=rwl&sig=S1g%2B\"}");
  q(f, 404, NULL, "");
  q(f, 201, NULL, "");
  aml_transfer_options o = serial(NULL);
  /* A trailing '/' puts the file under its own name. */
  assert_int_equal(aml_data_upload(f->c, path_in(f, "hello.txt"), "azureml://datastores/sasstore/paths/in/", &o, NULL), AML_OK);
  assert_string_equal(req_url(f, 3), "http://127.0.0.1:10000/devstoreaccount1/c/in/hello.txt?sv=2025-11-05&sp=rwl&sig=S1g%2B");
  assert_null(req_header(f, 3, "Authorization"));
  /* Identity-based datastore: no listSecrets, a bearer token for storage. */
  aml_fake_transport_reset(f->t);
  q_datastore(f, "idstore", "None");
  q(f, 404, NULL, "");
  q(f, 201, NULL, "");
  assert_int_equal(aml_data_upload(f->c, path_in(f, "hello.txt"), "azureml://datastores/idstore/paths/x.txt", &o, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(f->t), 3);
  assert_string_equal(req_url(f, 2), "http://127.0.0.1:10000/devstoreaccount1/c/x.txt");
  assert_string_equal(req_header(f, 2, "Authorization"), "Bearer storage-token");
  assert_non_null(strstr(f->scopes, "https://storage.azure.com/.default;"));
  /* A storage URL with its own SAS: no ARM request at all, host-style. */
  aml_fake_transport_reset(f->t);
  q(f, 404, NULL, "");
  q(f, 201, NULL, "");
  assert_int_equal(aml_data_upload(f->c, path_in(f, "hello.txt"), "https://acct.blob.core.windows.net/data/y.txt?sv=1&sig=Z", &o, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(f->t), 2);
  assert_string_equal(req_url(f, 1), "https://acct.blob.core.windows.net/data/y.txt?sv=1&sig=Z");
  assert_null(req_header(f, 1, "Authorization"));
  /* ... and without one: the bearer token. */
  aml_fake_transport_reset(f->t);
  q(f, 404, NULL, "");
  q(f, 201, NULL, "");
  assert_int_equal(aml_data_upload(f->c, path_in(f, "hello.txt"), "https://acct.blob.core.windows.net/data/y.txt", &o, NULL), AML_OK);
  assert_string_equal(req_header(f, 1, "Authorization"), "Bearer storage-token");
}

static void test_upload_folder(void **state) {
  fx *f = *state;
  assert_int_equal(mkdir(path_in(f, "tree"), 0755), 0);
  assert_int_equal(mkdir(path_in(f, "tree/sub dir"), 0755), 0);
  write_file(path_in(f, "tree/b.csv"), "bb");
  write_file(path_in(f, "tree/sub dir/ü#%.txt"), "hello");
  write_file(path_in(f, "tree/a.csv"), "a");
  q_datastore(f, "ds", "AccountKey");
  q(f, 200, NULL, "{\"secretsType\":\"AccountKey\",\"key\":\"" KEY "\"}");
  q(f, 200, NULL, "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults><Blobs></Blobs><NextMarker/></EnumerationResults>");
  for (int i = 0; i < 3; i++) {
    q(f, 404, NULL, "");
    q(f, 201, NULL, "");
  }
  progress_log p = {0};
  aml_transfer_options o = serial(&p);
  aml_error *err = NULL;
  if (aml_data_upload(f->c, path_in(f, "tree"), "azureml://datastores/ds/paths/dest", &o, &err) != AML_OK)
    fail_msg("%s", aml_error_message(err));
  assert_int_equal(aml_fake_transport_request_count(f->t), 9);
  /* The FAIL policy looks at the destination once before anything moves. */
  assert_string_equal(req_method(f, 2), "GET");
  assert_non_null(strstr(req_url(f, 2), "comp=list"));
  assert_non_null(strstr(req_url(f, 2), "prefix=dest"));
  /* Files in name order, relative names kept. */
  assert_string_equal(req_url(f, 4), "http://127.0.0.1:10000/devstoreaccount1/c/dest/a.csv");
  assert_string_equal(req_url(f, 6), "http://127.0.0.1:10000/devstoreaccount1/c/dest/b.csv");
  assert_string_equal(req_url(f, 8), "http://127.0.0.1:10000/devstoreaccount1/c/dest/sub%20dir/%C3%BC%23%25.txt");
  assert_int_equal(p.bytes_done, 8);
  assert_int_equal(p.bytes_total, 8);
  assert_int_equal(p.files_done, 3);
  assert_int_equal(p.files_total, 3);
  assert_true(p.calls >= 4); /* the start, then each file */

  /* A blob already there with the FAIL policy: refused before any upload. */
  aml_fake_transport_reset(f->t);
  q_datastore(f, "ds", "AccountKey");
  q(f, 200, NULL, "{\"secretsType\":\"AccountKey\",\"key\":\"" KEY "\"}");
  q(f, 200, NULL, "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults><Blobs><Blob><Name>dest/b.csv</Name>"
                  "<Properties><Content-Length>2</Content-Length></Properties></Blob></Blobs><NextMarker/></EnumerationResults>");
  err = NULL;
  assert_int_equal(aml_data_upload(f->c, path_in(f, "tree"), "azureml://datastores/ds/paths/dest", &o, &err), AML_ERR_CONFLICT);
  assert_non_null(strstr(aml_error_message(err), "dest/b.csv"));
  aml_error_free(err);
  assert_int_equal(aml_fake_transport_request_count(f->t), 3);
  /* The progress callback stops a transfer. */
  aml_fake_transport_reset(f->t);
  q_datastore(f, "ds", "AccountKey");
  q(f, 200, NULL, "{\"secretsType\":\"AccountKey\",\"key\":\"" KEY "\"}");
  q(f, 201, NULL, "");
  q(f, 201, NULL, "");
  progress_log stop = {0};
  stop.stop_after = 2;
  o = serial(&stop);
  o.overwrite = AML_OVERWRITE_ALWAYS; /* no listing */
  assert_int_equal(aml_data_upload(f->c, path_in(f, "tree"), "azureml://datastores/ds/paths/dest", &o, NULL), AML_ERR_USER);
  assert_true(aml_fake_transport_request_count(f->t) <= 4);
}

static const char *LISTING =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ContainerName=\"c\"><Prefix>out</Prefix><Blobs>"
    "<Blob><Name>out/a.txt</Name><Properties><Content-Length>5</Content-Length></Properties></Blob>"
    "<Blob><Name>out/sub/</Name><Properties><Content-Length>0</Content-Length></Properties></Blob>"
    "<Blob><Name>out/sub/e.txt</Name><Properties><Content-Length>0</Content-Length></Properties></Blob>"
    "<Blob><Name>outside.txt</Name><Properties><Content-Length>3</Content-Length></Properties></Blob>"
    "</Blobs><NextMarker/></EnumerationResults>";

static void test_download_folder(void **state) {
  fx *f = *state;
  q_datastore(f, "ds", "AccountKey");
  q(f, 200, NULL, "{\"secretsType\":\"AccountKey\",\"key\":\"" KEY "\"}");
  q(f, 200, NULL, LISTING);
  q(f, 200, "Content-Length: 5\nContent-MD5: " HELLO_MD5 "\nETag: \"e1\"", "");
  q(f, 206, "Content-Range: bytes 0-4/5\nETag: \"e1\"", "hello");
  q(f, 200, "Content-Length: 0\nETag: \"e2\"", "");
  progress_log p = {0};
  aml_transfer_options o = serial(&p);
  aml_error *err = NULL;
  const char *dest = path_in(f, "down/nested");
  if (aml_data_download(f->c, "azureml://datastores/ds/paths/out", dest, &o, &err) != AML_OK)
    fail_msg("%s", aml_error_message(err));
  assert_non_null(strstr(req_url(f, 2), "prefix=out"));
  assert_non_null(strstr(req_url(f, 2), "include=metadata"));
  FILE *fp = fopen(path_in(f, "down/nested/a.txt"), "rb");
  assert_non_null(fp);
  char buf[16] = {0};
  assert_int_equal(fread(buf, 1, sizeof(buf), fp), 5);
  fclose(fp);
  assert_string_equal(buf, "hello");
  struct stat st;
  assert_int_equal(stat(path_in(f, "down/nested/sub/e.txt"), &st), 0);
  assert_int_equal(st.st_size, 0);
  assert_int_not_equal(stat(path_in(f, "down/nested/outside.txt"), &st), 0); /* a sibling, not under out/ */
  assert_int_equal(p.files_done, 2);
  assert_int_equal(p.bytes_done, 5);
  assert_int_equal(p.bytes_total, 5);

  /* Again with FAIL: refused, nothing fetched. */
  aml_fake_transport_reset(f->t);
  q_datastore(f, "ds", "AccountKey");
  q(f, 200, NULL, "{\"secretsType\":\"AccountKey\",\"key\":\"" KEY "\"}");
  q(f, 200, NULL, LISTING);
  err = NULL;
  assert_int_equal(aml_data_download(f->c, "azureml://datastores/ds/paths/out/", dest, &o, &err), AML_ERR_CONFLICT);
  assert_non_null(strstr(aml_error_message(err), "a.txt"));
  aml_error_free(err);
  assert_int_equal(aml_fake_transport_request_count(f->t), 3);
  /* SKIP_IDENTICAL: same MD5 locally, nothing downloaded. */
  aml_fake_transport_reset(f->t);
  q_datastore(f, "ds", "AccountKey");
  q(f, 200, NULL, "{\"secretsType\":\"AccountKey\",\"key\":\"" KEY "\"}");
  q(f, 200, NULL, LISTING);
  q(f, 200, "Content-Length: 5\nContent-MD5: " HELLO_MD5, "");
  q(f, 200, "Content-Length: 0", "");
  o.overwrite = AML_OVERWRITE_SKIP_IDENTICAL;
  p = (progress_log){0};
  err = NULL;
  if (aml_data_download(f->c, "azureml://datastores/ds/paths/out/", dest, &o, &err) != AML_OK)
    fail_msg("%s", aml_error_message(err));
  assert_int_equal(aml_fake_transport_request_count(f->t), 5);
  assert_int_equal(p.bytes_done, 5); /* skipped bytes count as done */
  assert_int_equal(p.files_done, 2);
}

static void test_download_one_blob_and_missing(void **state) {
  fx *f = *state;
  q(f, 200, NULL, LISTING);
  q(f, 200, "Content-Length: 5\nContent-MD5: " HELLO_MD5, "");
  q(f, 206, "Content-Range: bytes 0-4/5", "hello");
  aml_transfer_options o = serial(NULL);
  assert_int_equal(aml_data_download(f->c, "https://acct.blob.core.windows.net/c/out/a.txt?sig=x", path_in(f, "one"), &o, NULL), AML_OK);
  struct stat st;
  assert_int_equal(stat(path_in(f, "one/a.txt"), &st), 0);
  assert_int_equal(st.st_size, 5);
  /* Nothing there. */
  aml_fake_transport_reset(f->t);
  q(f, 200, NULL, "<?xml version=\"1.0\"?><EnumerationResults><Blobs/><NextMarker/></EnumerationResults>");
  aml_error *err = NULL;
  assert_int_equal(aml_data_download(f->c, "https://acct.blob.core.windows.net/c/nope?sig=SECRET", path_in(f, "none"), &o, &err), AML_ERR_NOT_FOUND);
  assert_non_null(strstr(aml_error_message(err), "nothing at"));
  assert_null(strstr(aml_error_message(err), "SECRET"));
  aml_error_free(err);
  assert_int_not_equal(stat(path_in(f, "none"), &st), 0);
  /* No such datastore. */
  aml_fake_transport_reset(f->t);
  q(f, 404, NULL, "{\"error\":{\"code\":\"UserError\",\"message\":\"datastore missing\"}}");
  assert_int_equal(aml_data_download(f->c, "azureml://datastores/missing/paths/x", path_in(f, "none"), &o, NULL), AML_ERR_NOT_FOUND);
  /* Another workspace named by the long form. */
  aml_fake_transport_reset(f->t);
  err = NULL;
  assert_int_equal(aml_data_download(f->c, "azureml://subscriptions/sub-1/resourcegroups/rg-1/workspaces/other/datastores/d/paths/x",
                                     path_in(f, "none"), &o, &err), AML_ERR_INVALID_ARG);
  assert_non_null(strstr(aml_error_message(err), "other"));
  aml_error_free(err);
  assert_int_equal(aml_fake_transport_request_count(f->t), 0);
}

/* A folder listed over several pages (NextMarker followed): every page's blobs come down. */
static void test_download_follows_list_pages(void **state) {
  fx *f = *state;
  q(f, 200, NULL, "<?xml version=\"1.0\"?><EnumerationResults><Blobs><Blob><Name>p/one.txt</Name><Properties>"
                  "<Content-Length>5</Content-Length></Properties></Blob></Blobs><NextMarker>page-2</NextMarker></EnumerationResults>");
  q(f, 200, NULL, "<?xml version=\"1.0\"?><EnumerationResults><Blobs><Blob><Name>p/two.txt</Name><Properties>"
                  "<Content-Length>5</Content-Length></Properties></Blob></Blobs><NextMarker/></EnumerationResults>");
  for (int i = 0; i < 2; i++) {
    q(f, 200, "Content-Length: 5\nContent-MD5: " HELLO_MD5, "");
    q(f, 206, "Content-Range: bytes 0-4/5", "hello");
  }
  aml_transfer_options o = serial(NULL);
  aml_error *err = NULL;
  if (aml_data_download(f->c, "https://acct.blob.core.windows.net/c/p/?sig=x", path_in(f, "paged"), &o, &err) != AML_OK)
    fail_msg("%s", aml_error_message(err));
  assert_non_null(strstr(req_url(f, 1), "marker=page-2"));
  struct stat st;
  assert_int_equal(stat(path_in(f, "paged/one.txt"), &st), 0);
  assert_int_equal(stat(path_in(f, "paged/two.txt"), &st), 0);
  assert_int_equal(aml_fake_transport_request_count(f->t), 6);
}

static void test_download_refuses_escaping_names(void **state) {
  fx *f = *state;
  const char *evil[] = {"out/../../etc/passwd", "out//abs", "out/./x", "out/a/../../b"};
  for (size_t i = 0; i < sizeof(evil) / sizeof(*evil); i++) {
    aml_fake_transport_reset(f->t);
    char xml[512];
    snprintf(xml, sizeof(xml),
             "<?xml version=\"1.0\"?><EnumerationResults><Blobs><Blob><Name>out/ok.txt</Name><Properties>"
             "<Content-Length>1</Content-Length></Properties></Blob><Blob><Name>%s</Name><Properties>"
             "<Content-Length>1</Content-Length></Properties></Blob></Blobs><NextMarker/></EnumerationResults>",
             evil[i]);
    q(f, 200, NULL, xml);
    aml_transfer_options o = serial(NULL);
    aml_error *err = NULL;
    assert_int_equal(aml_data_download(f->c, "https://acct.blob.core.windows.net/c/out/", path_in(f, "safe"), &o, &err), AML_ERR_PARSE);
    assert_non_null(strstr(aml_error_message(err), "outside"));
    aml_error_free(err);
    assert_int_equal(aml_fake_transport_request_count(f->t), 1); /* the listing only */
    struct stat st;
    assert_int_not_equal(stat(path_in(f, "safe/ok.txt"), &st), 0);
  }
}

static void test_argument_checks(void **state) {
  fx *f = *state;
  aml_transfer_options o;
  aml_error *err = NULL;
  assert_int_equal(aml_transfer_options_init(NULL, AML_TRANSFER_OPTIONS_VERSION), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_transfer_options_init(&o, 2), AML_ERR_VERSION);
  aml_transfer_options_init(&o, AML_TRANSFER_OPTIONS_VERSION);
  assert_int_equal(o.max_concurrency, AML_UNSET);
  assert_int_equal(o.block_size, AML_UNSET64);
  assert_int_equal(o.overwrite, AML_OVERWRITE_FAIL);
  write_file(path_in(f, "x"), "x");
  const char *uri = "azureml://datastores/d/paths/p";
  o.max_concurrency = 0;
  assert_int_equal(aml_data_upload(f->c, path_in(f, "x"), uri, &o, &err), AML_ERR_INVALID_ARG);
  assert_non_null(strstr(aml_error_message(err), "max_concurrency"));
  aml_error_free(err);
  err = NULL;
  o.max_concurrency = 65;
  assert_int_equal(aml_data_download(f->c, uri, f->dir, &o, NULL), AML_ERR_INVALID_ARG);
  o.max_concurrency = AML_UNSET;
  o.block_size = 0;
  assert_int_equal(aml_data_upload(f->c, path_in(f, "x"), uri, &o, &err), AML_ERR_INVALID_ARG);
  assert_non_null(strstr(aml_error_message(err), "block_size"));
  aml_error_free(err);
  err = NULL;
  o.block_size = AML_UNSET64;
  o.download_chunk_size = -5;
  assert_int_equal(aml_data_download(f->c, uri, f->dir, &o, NULL), AML_ERR_INVALID_ARG);
  o.download_chunk_size = AML_UNSET64;
  o.overwrite = 7;
  assert_int_equal(aml_data_upload(f->c, path_in(f, "x"), uri, &o, NULL), AML_ERR_INVALID_ARG);
  o.overwrite = AML_OVERWRITE_FAIL;
  o.version = 9;
  assert_int_equal(aml_data_upload(f->c, path_in(f, "x"), uri, &o, NULL), AML_ERR_VERSION);
  char *out = NULL;
  assert_int_equal(aml_data_upload_local(f->c, path_in(f, "x"), NULL, &o, &out, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_data_upload(NULL, "x", uri, NULL, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_data_upload(f->c, "", uri, NULL, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_data_upload(f->c, path_in(f, "x"), NULL, NULL, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_data_download(f->c, NULL, f->dir, NULL, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_data_download(f->c, uri, "", NULL, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_data_upload_local(f->c, path_in(f, "x"), NULL, NULL, NULL, NULL), AML_ERR_INVALID_ARG);
  err = NULL;
  assert_int_equal(aml_data_upload(f->c, path_in(f, "missing"), uri, NULL, &err), AML_ERR_NOT_FOUND);
  aml_error_free(err);
  assert_int_equal(aml_data_upload_local(f->c, path_in(f, "missing"), NULL, NULL, &out, NULL), AML_ERR_NOT_FOUND);
  err = NULL;
  assert_int_equal(aml_data_upload(f->c, path_in(f, "x"), "wasbs://c@a.blob.core.windows.net/p", NULL, &err), AML_ERR_INVALID_ARG);
  assert_non_null(strstr(aml_error_message(err), "azureml://datastores/<datastore>/paths/<path>"));
  aml_error_free(err);
  /* An empty folder has nothing to upload content-addressed. */
  assert_int_equal(mkdir(path_in(f, "empty"), 0755), 0);
  q_datastore(f, "workspaceblobstore", "None");
  err = NULL;
  assert_int_equal(aml_data_upload_local(f->c, path_in(f, "empty"), NULL, NULL, &out, &err), AML_ERR_INVALID_ARG);
  assert_non_null(strstr(aml_error_message(err), "empty folder"));
  aml_error_free(err);
  /* An unsupported datastore type. */
  aml_fake_transport_reset(f->t);
  q(f, 200, NULL, "{\"name\":\"files\",\"properties\":{\"datastoreType\":\"AzureFile\",\"credentials\":{\"credentialsType\":\"AccountKey\"}}}");
  err = NULL;
  assert_int_equal(aml_data_upload(f->c, path_in(f, "x"), "azureml://datastores/files/paths/x", NULL, &err), AML_ERR_UNSUPPORTED);
  assert_non_null(strstr(aml_error_message(err), "AzureFile"));
  aml_error_free(err);
  assert_int_equal(aml_fake_transport_request_count(f->t), 1);
}

/* Allocation failures anywhere in a folder download (listing, plan, folders,
 * HEAD, ranged GET, temporary file, rename) and in an upload: no crash, no
 * leak, reported as out of memory. */
static char g_sweep_dir[128];

static aml_result transfer_scenario(long fail_at) {
  static const char *const answers[][3] = {
      {"200", NULL, "<?xml version=\"1.0\"?><EnumerationResults><Blobs><Blob><Name>out/sub/a.txt</Name><Properties>"
                    "<Content-Length>5</Content-Length></Properties></Blob></Blobs><NextMarker/></EnumerationResults>"},
      {"200", "Content-Length: 5\nContent-MD5: " HELLO_MD5, ""},
      {"206", "Content-Range: bytes 0-4/5", "hello"},
      {"404", NULL, ""},
      {"201", NULL, ""},
  };
  aml_transport *t = NULL;
  aml_client *c = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_fake_transport_new(&t, &err);
  for (size_t i = 0; i < 5 && rc == AML_OK; i++)
    rc = aml_fake_transport_add_response(t, atoi(answers[i][0]), answers[i][1], answers[i][2], &err);
  if (rc == AML_OK) rc = aml_test_sweep_client(t, &c, &err);
  char dest[256], file[300];
  snprintf(dest, sizeof(dest), "%s/run-%ld", g_sweep_dir, fail_at);
  snprintf(file, sizeof(file), "%s/sub/a.txt", dest);
  aml_transfer_options o = serial(NULL);
  if (rc == AML_OK) rc = aml_data_download(c, "https://acct.blob.core.windows.net/c/out/?sig=s", dest, &o, &err);
  if (rc == AML_OK) rc = aml_data_upload(c, file, "https://acct.blob.core.windows.net/c/back.txt?sig=s", &o, &err);
  if (rc != AML_OK && rc != AML_ERR_NOMEM)
    fail_msg("fail_at=%ld: %s (%s)", fail_at, aml_result_str(rc), aml_error_message(err));
  struct stat st;
  if (rc == AML_OK) {
    assert_int_equal(stat(file, &st), 0);
    assert_int_equal(st.st_size, 5);
  } else {
    /* No partial file under the final name, no temporary left behind. */
    char cmd[400];
    snprintf(cmd, sizeof(cmd), "test -z \"$(find '%s' -name '*.part' 2>/dev/null)\"", dest);
    if (system(cmd) != 0) fail_msg("fail_at=%ld: a temporary file was left in %s", fail_at, dest);
    if (stat(file, &st) == 0 && st.st_size != 5) fail_msg("fail_at=%ld: a partial file under the final name", fail_at);
  }
  aml_error_free(err);
  aml_client_unref(c);
  aml_transport_unref(t);
  return rc;
}

static void test_alloc_failures(void **state) {
  fx *f = *state;
  snprintf(g_sweep_dir, sizeof(g_sweep_dir), "%s", f->dir);
  aml_test_alloc_sweep(transfer_scenario, 100, "transfer alloc sweep");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_upload_file_shared_key, setup, teardown),
      cmocka_unit_test_setup_teardown(test_upload_sas_and_bearer, setup, teardown),
      cmocka_unit_test_setup_teardown(test_upload_folder, setup, teardown),
      cmocka_unit_test_setup_teardown(test_download_folder, setup, teardown),
      cmocka_unit_test_setup_teardown(test_download_one_blob_and_missing, setup, teardown),
      cmocka_unit_test_setup_teardown(test_download_follows_list_pages, setup, teardown),
      cmocka_unit_test_setup_teardown(test_download_refuses_escaping_names, setup, teardown),
      cmocka_unit_test_setup_teardown(test_argument_checks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_alloc_failures, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
