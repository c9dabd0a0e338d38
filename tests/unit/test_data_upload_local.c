/* Content-addressed uploads over the fake transport: azure-ai-ml's content
 * hash (vectors computed independently, in Python, from azure-ai-ml's
 * get_object_hash recipe), LocalUpload/<hash>/<name> blob names, the
 * indicator blob's upload_status=completed skipping a second upload, the
 * confirmation metadata after one, the azureml:// URI, and the model / code /
 * data asset creations that upload a local path first. Also an
 * allocation-failure sweep over a whole local upload. */
#include "test_support.h"
#include "test_json.h"

#include "ml/data_hash.h"

#include <string.h>
#include <sys/stat.h>

#define WS "https://management.example.test/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1"
#define KEY "a2V5LWJ5dGVzLWZvci10ZXN0cy1vbmx5"
#define HELLO_HASH "1ee1121a4cb564120b82afcf0072288a"
#define TREE_HASH "22d9e184146644acda97cbb45a540451"
#define BLOBS "http://127.0.0.1:10000/devstoreaccount1/c/"

typedef struct fx {
  aml_test_fake *f;
  char dir[128];
} fx;

static void write_file(const char *path, const char *content) {
  FILE *fp = fopen(path, "wb");
  assert_non_null(fp);
  fputs(content, fp);
  fclose(fp);
}

static int setup(void **state) {
  fx *x = calloc(1, sizeof(*x));
  void *inner = NULL;
  aml_test_fake_setup(&inner);
  x->f = inner;
  snprintf(x->dir, sizeof(x->dir), "/tmp/aml-upload-local-XXXXXX");
  assert_non_null(mkdtemp(x->dir));
  char p[256];
  snprintf(p, sizeof(p), "%s/hello.txt", x->dir);
  write_file(p, "hello");
  /* The tree of the Python vector: A.csv, b.csv, Sub/"ü #%.txt". */
  snprintf(p, sizeof(p), "%s/tree", x->dir);
  assert_int_equal(mkdir(p, 0755), 0);
  snprintf(p, sizeof(p), "%s/tree/Sub", x->dir);
  assert_int_equal(mkdir(p, 0755), 0);
  snprintf(p, sizeof(p), "%s/tree/b.csv", x->dir);
  write_file(p, "bb");
  snprintf(p, sizeof(p), "%s/tree/A.csv", x->dir);
  write_file(p, "a");
  snprintf(p, sizeof(p), "%s/tree/Sub/ü #%%.txt", x->dir);
  write_file(p, "x");
  *state = x;
  return 0;
}

static int teardown(void **state) {
  fx *x = *state;
  char cmd[256];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", x->dir);
  assert_int_equal(system(cmd), 0);
  void *inner = x->f;
  aml_test_fake_teardown(&inner);
  free(x);
  return 0;
}

static const char *at(fx *x, const char *rel) {
  static char buf[4][256];
  static int i;
  i = (i + 1) % 4;
  snprintf(buf[i], sizeof(buf[i]), "%s/%s", x->dir, rel);
  return buf[i];
}

static void q(fx *x, int32_t status, const char *headers, const char *body) {
  assert_int_equal(aml_fake_transport_add_response(x->f->t, status, headers, body, NULL), AML_OK);
}
static const char *url(fx *x, size_t i) { return aml_http_request_url(aml_test_request(x->f->t, i)); }
static const char *method(fx *x, size_t i) { return aml_http_request_method(aml_test_request(x->f->t, i)); }
static const char *header(fx *x, size_t i, const char *h) { return aml_http_request_header(aml_test_request(x->f->t, i), h); }

/* The default datastore (a list answer) and its key. */
static void q_default(fx *x) {
  q(x, 200, NULL,
    "{\"value\":[{\"name\":\"workspaceblobstore\",\"properties\":{\"datastoreType\":\"AzureBlob\",\"isDefault\":true,"
    "\"accountName\":\"devstoreaccount1\",\"containerName\":\"c\",\"endpoint\":\"127.0.0.1:10000\",\"protocol\":\"http\","
    "\"credentials\":{\"credentialsType\":\"AccountKey\"}}}]}");
  q(x, 200, NULL, "{\"secretsType\":\"AccountKey\",\"key\":\"" KEY "\"}");
}

static void test_hash_vectors(void **state) {
  fx *x = *state;
  char hex[33];
  assert_int_equal(aml__local_content_hash(at(x, "hello.txt"), hex, NULL), AML_OK);
  assert_string_equal(hex, HELLO_HASH);
  assert_int_equal(aml__local_content_hash(at(x, "tree"), hex, NULL), AML_OK);
  assert_string_equal(hex, TREE_HASH);
  assert_int_equal(aml__local_content_hash(at(x, "nope"), hex, NULL), AML_ERR_NOT_FOUND);
}

static void test_upload_file_then_skip(void **state) {
  fx *x = *state;
  q_default(x);
  q(x, 404, NULL, "");     /* indicator */
  q(x, 404, NULL, "");     /* the engine's skip-identical look */
  q(x, 201, NULL, "");     /* Put Blob */
  q(x, 200, NULL, "");     /* Set Blob Metadata */
  char *uri = NULL;
  aml_error *err = NULL;
  if (aml_data_upload_local(x->f->c, at(x, "hello.txt"), NULL, NULL, &uri, &err) != AML_OK)
    fail_msg("%s", aml_error_message(err));
  assert_string_equal(uri, "azureml://datastores/workspaceblobstore/paths/LocalUpload/" HELLO_HASH "/hello.txt");
  aml_free(uri);
  assert_string_equal(url(x, 0), WS "/datastores?api-version=2025-12-01&isDefault=true");
  assert_string_equal(method(x, 2), "HEAD");
  assert_string_equal(url(x, 2), BLOBS "LocalUpload/" HELLO_HASH "/hello.txt");
  assert_string_equal(method(x, 4), "PUT");
  assert_string_equal(url(x, 4), BLOBS "LocalUpload/" HELLO_HASH "/hello.txt");
  assert_string_equal(url(x, 5), BLOBS "LocalUpload/" HELLO_HASH "/hello.txt?comp=metadata");
  assert_string_equal(header(x, 5, "x-ms-meta-upload_status"), "completed");
  assert_int_equal(strlen(header(x, 5, "x-ms-meta-name")), 36); /* a UUID, as for azure-ai-ml's job inputs */
  assert_int_equal(strlen(header(x, 5, "x-ms-meta-version")), 36);
  assert_string_not_equal(header(x, 5, "x-ms-meta-version"), header(x, 5, "x-ms-meta-name"));
  assert_int_equal(aml_fake_transport_request_count(x->f->t), 6);

  /* Already uploaded: the indicator says so; nothing more is sent. */
  aml_fake_transport_reset(x->f->t);
  q_default(x);
  q(x, 200, "Content-Length: 5\nx-ms-meta-upload_status: completed\nx-ms-meta-name: n\nx-ms-meta-version: 1", "");
  assert_int_equal(aml_data_upload_local(x->f->c, at(x, "hello.txt"), NULL, NULL, &uri, NULL), AML_OK);
  assert_string_equal(uri, "azureml://datastores/workspaceblobstore/paths/LocalUpload/" HELLO_HASH "/hello.txt");
  aml_free(uri);
  assert_int_equal(aml_fake_transport_request_count(x->f->t), 3);

  /* A named datastore; an indicator without the confirmation is uploaded again. */
  aml_fake_transport_reset(x->f->t);
  q(x, 200, NULL, "{\"name\":\"other\",\"properties\":{\"datastoreType\":\"AzureBlob\",\"accountName\":\"acct\","
                  "\"containerName\":\"c2\",\"credentials\":{\"credentialsType\":\"None\"}}}");
  q(x, 200, "Content-Length: 3", "");   /* indicator, not confirmed */
  q(x, 200, "Content-Length: 3", "");   /* engine: different size -> replace */
  q(x, 201, NULL, "");
  q(x, 200, NULL, "");
  assert_int_equal(aml_data_upload_local(x->f->c, at(x, "hello.txt"), "other", NULL, &uri, NULL), AML_OK);
  assert_string_equal(uri, "azureml://datastores/other/paths/LocalUpload/" HELLO_HASH "/hello.txt");
  aml_free(uri);
  assert_string_equal(url(x, 3), "https://acct.blob.core.windows.net/c2/LocalUpload/" HELLO_HASH "/hello.txt");
  assert_string_equal(header(x, 3, "Authorization"), "Bearer test-token");
  /* The indicator check failing for another reason stops the upload. */
  aml_fake_transport_reset(x->f->t);
  q_default(x);
  q(x, 403, "x-ms-error-code: AuthorizationPermissionMismatch", "");
  aml_error *e2 = NULL;
  assert_int_equal(aml_data_upload_local(x->f->c, at(x, "hello.txt"), NULL, NULL, &uri, &e2), AML_ERR_FORBIDDEN);
  assert_null(uri);
  aml_error_free(e2);
  assert_int_equal(aml_fake_transport_request_count(x->f->t), 3);
}

static void test_upload_folder(void **state) {
  fx *x = *state;
  q_default(x);
  q(x, 404, NULL, ""); /* indicator */
  for (int i = 0; i < 3; i++) {
    q(x, 404, NULL, "");
    q(x, 201, NULL, "");
  }
  q(x, 200, NULL, "");
  aml_transfer_options o;
  aml_transfer_options_init(&o, AML_TRANSFER_OPTIONS_VERSION);
  o.max_concurrency = 1;
  o.overwrite = AML_OVERWRITE_FAIL; /* ignored: the content decides */
  char *uri = NULL;
  aml_error *err = NULL;
  if (aml_data_upload_local(x->f->c, at(x, "tree/"), NULL, &o, &uri, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_string_equal(uri, "azureml://datastores/workspaceblobstore/paths/LocalUpload/" TREE_HASH "/tree/");
  aml_free(uri);
  /* The indicator is the first file in upload order (byte order: "A" < "Sub" < "b"). */
  const char *base = BLOBS "LocalUpload/" TREE_HASH "/tree/";
  char want[256];
  snprintf(want, sizeof(want), "%sA.csv", base);
  assert_string_equal(url(x, 2), want);
  assert_string_equal(url(x, 4), want);
  snprintf(want, sizeof(want), "%sSub/%%C3%%BC%%20%%23%%25.txt", base);
  assert_string_equal(url(x, 6), want);
  snprintf(want, sizeof(want), "%sb.csv", base);
  assert_string_equal(url(x, 8), want);
  snprintf(want, sizeof(want), "%sA.csv?comp=metadata", base);
  assert_string_equal(url(x, 9), want);
}

static void test_model_code_data_from_local(void **state) {
  fx *x = *state;
  q_default(x);
  q(x, 200, "x-ms-meta-upload_status: completed", ""); /* already there */
  q(x, 200, NULL, "{\"id\":\"/x/models/heart/versions/2\",\"name\":\"2\",\"properties\":{\"modelUri\":\"u\"}}");
  aml_model_version m;
  aml_model_version_init(&m, AML_MODEL_VERSION_VERSION);
  m.name = "heart";
  m.asset_version = "2";
  m.path = at(x, "tree");
  aml_model_version *out = NULL;
  aml_error *err = NULL;
  if (aml_models_create_or_update(x->f->c, &m, &out, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  aml_model_version_free(out);
  assert_string_equal(m.path, at(x, "tree")); /* the caller's struct is untouched */
  assert_string_equal(url(x, 3), WS "/models/heart/versions/2?api-version=2025-12-01");
  char *body = aml_test_request_body(aml_test_request(x->f->t, 3));
  aml_test_assert_str_at(body, "properties.modelUri",
                         "azureml://datastores/workspaceblobstore/paths/LocalUpload/" TREE_HASH "/tree/");
  free(body);

  /* Code: uploaded, and the confirmation names the code asset. */
  aml_fake_transport_reset(x->f->t);
  q_default(x);
  q(x, 404, NULL, "");
  q(x, 404, NULL, "");
  q(x, 201, NULL, "");
  q(x, 200, NULL, "");
  q(x, 200, NULL, "{\"id\":\"/x/codes/score/versions/1\",\"name\":\"1\",\"properties\":{\"codeUri\":\"u\"}}");
  aml_code_version c;
  aml_code_version_init(&c, AML_CODE_VERSION_VERSION);
  c.name = "score";
  c.asset_version = "1";
  c.path = at(x, "hello.txt");
  assert_int_equal(aml_codes_create_or_update(x->f->c, &c, NULL, NULL), AML_OK);
  assert_string_equal(header(x, 5, "x-ms-meta-name"), "score");
  assert_string_equal(header(x, 5, "x-ms-meta-version"), "1");
  body = aml_test_request_body(aml_test_request(x->f->t, 6));
  aml_test_assert_str_at(body, "properties.codeUri",
                         "azureml://datastores/workspaceblobstore/paths/LocalUpload/" HELLO_HASH "/hello.txt");
  free(body);
  /* A datastore path is registered as it is: no upload. */
  aml_fake_transport_reset(x->f->t);
  q(x, 200, NULL, "{\"name\":\"1\"}");
  c.path = "azureml://datastores/workspaceblobstore/paths/code/";
  assert_int_equal(aml_codes_create_or_update(x->f->c, &c, NULL, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(x->f->t), 1);
  /* A missing local path: nothing is registered. */
  aml_fake_transport_reset(x->f->t);
  m.path = at(x, "missing-model");
  assert_int_equal(aml_models_create_or_update(x->f->c, &m, NULL, NULL), AML_ERR_NOT_FOUND);
  assert_int_equal(aml_fake_transport_request_count(x->f->t), 0);

  /* A data asset from a local file (uri_file); a folder for uri_file is refused. */
  aml_fake_transport_reset(x->f->t);
  q_default(x);
  q(x, 200, "x-ms-meta-upload_status: completed", "");
  q(x, 201, NULL, "{\"id\":\"/x/data/d/versions/1\",\"name\":\"1\",\"properties\":{\"dataType\":\"uri_file\",\"dataUri\":\"u\"}}");
  aml_data_asset a;
  aml_data_asset_init(&a, AML_DATA_ASSET_VERSION);
  a.name = "d";
  a.asset_version = "1";
  a.type = AML_DATA_TYPE_URI_FILE;
  a.path = at(x, "hello.txt");
  aml_data_asset *made = NULL;
  assert_int_equal(aml_data_assets_create_or_update(x->f->c, &a, NULL, &made, NULL), AML_OK);
  assert_string_equal(made->type, "uri_file");
  aml_data_asset_free(made);
  body = aml_test_request_body(aml_test_request(x->f->t, 3));
  aml_test_assert_str_at(body, "properties.dataUri",
                         "azureml://datastores/workspaceblobstore/paths/LocalUpload/" HELLO_HASH "/hello.txt");
  free(body);
  aml_fake_transport_reset(x->f->t);
  a.path = at(x, "tree");
  assert_int_equal(aml_data_assets_create_or_update(x->f->c, &a, NULL, NULL, NULL), AML_ERR_VALIDATION);
  a.type = AML_DATA_TYPE_URI_FOLDER;
  a.path = at(x, "hello.txt");
  assert_int_equal(aml_data_assets_create_or_update(x->f->c, &a, NULL, NULL, NULL), AML_ERR_VALIDATION);
  assert_int_equal(aml_fake_transport_request_count(x->f->t), 0);
}

/* Allocation failures anywhere in a local upload (hash, datastore, secrets,
 * indicator, Put Blob, metadata): no crash, no leak, reported as NOMEM. */
static const char *g_file;

static aml_result local_scenario(long fail_at) {
  aml_transport *t = NULL;
  aml_client *c = NULL;
  aml_error *err = NULL;
  char *uri = NULL;
  static const char *const answers[][2] = {
      {"200", "{\"value\":[{\"name\":\"workspaceblobstore\",\"properties\":{\"datastoreType\":\"AzureBlob\",\"accountName\":\"devstoreaccount1\",\"containerName\":\"c\",\"endpoint\":\"127.0.0.1:10000\",\"protocol\":\"http\",\"credentials\":{\"credentialsType\":\"AccountKey\"}}}]}"},
      {"200", "{\"secretsType\":\"AccountKey\",\"key\":\"" KEY "\"}"},
      {"404", ""},
      {"404", ""},
      {"201", ""},
      {"200", ""},
  };
  aml_result rc = aml_fake_transport_new(&t, &err);
  for (size_t i = 0; i < 6 && rc == AML_OK; i++)
    rc = aml_fake_transport_add_response(t, atoi(answers[i][0]), NULL, answers[i][1], &err);
  if (rc == AML_OK) rc = aml_test_sweep_client(t, &c, &err);
  aml_transfer_options to;
  aml_transfer_options_init(&to, AML_TRANSFER_OPTIONS_VERSION);
  to.max_concurrency = 1;
  if (rc == AML_OK) rc = aml_data_upload_local(c, g_file, NULL, &to, &uri, &err);
  if (rc == AML_OK) assert_non_null(strstr(uri, HELLO_HASH "/hello.txt"));
  else if (rc != AML_ERR_NOMEM) fail_msg("fail_at=%ld: %s (%s)", fail_at, aml_result_str(rc), aml_error_message(err));
  aml_free(uri);
  aml_error_free(err);
  aml_client_unref(c);
  aml_transport_unref(t);
  return rc;
}

static void test_alloc_failures(void **state) {
  fx *x = *state;
  g_file = at(x, "hello.txt");
  aml_test_alloc_sweep(local_scenario, 100, "local upload alloc sweep");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_hash_vectors, setup, teardown),
      cmocka_unit_test_setup_teardown(test_upload_file_then_skip, setup, teardown),
      cmocka_unit_test_setup_teardown(test_upload_folder, setup, teardown),
      cmocka_unit_test_setup_teardown(test_model_code_data_from_local, setup, teardown),
      cmocka_unit_test_setup_teardown(test_alloc_failures, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
