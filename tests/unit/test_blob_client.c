/* lib/storage's container client over the fake transport: URL forms and
 * name escaping, SAS appended and redacted, Shared Key signed on every try,
 * bearer through the pipeline's credential, redaction of every credential at
 * every log level and in error text, the storage retry rule, error mapping,
 * block ids and the Put Block List body. */
#include "test_support.h"

#include "core/alloc.h"
#include "http/message.h"
#include "http/pipeline.h"
#include "core/base64.h"
#include "storage/blob.h"
#include "storage/request.h"
#include "storage/sharedkey.h"

#include <string.h>

#define KEY "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
#define SAS "sv=2025-11-05&sr=c&sp=rwl&se=2099-01-01T00%3A00%3A00Z&sig=S3CR3TSIGNATURE%2Bxyz%3D"
#define SIG_VALUE "S3CR3TSIGNATURE"

typedef struct env {
  aml_transport *t;
  aml_credential *cred;
  aml_pipeline p;
  aml_test_sleeps sleeps;
  aml_test_log log;
} env;

static void env_open(env *e, int32_t log_level, bool with_credential) {
  memset(e, 0, sizeof(*e));
  aml_error *err = NULL;
  assert_int_equal(aml_fake_transport_new(&e->t, &err), AML_OK);
  if (with_credential) assert_int_equal(aml_static_token_credential_new("T0KEN-VALUE-123", 0, &e->cred, &err), AML_OK);
  aml_pipeline_config pc = {0};
  pc.transport = e->t;
  pc.credential = e->cred;
  pc.log_fn = aml_test_log_fn;
  pc.log_user_data = &e->log;
  pc.log_level = log_level;
  pc.sleep_fn = aml_test_sleep_fn;
  pc.sleep_user_data = &e->sleeps;
  assert_int_equal(aml__pipeline_init(&e->p, &pc, &err), AML_OK);
}

static void env_close(env *e) {
  aml__pipeline_cleanup(&e->p);
  aml_transport_unref(e->t);
  aml_credential_unref(e->cred);
  aml_test_log_free(&e->log);
}

static aml_blob_container *open_container(env *e, aml_blob_auth_kind auth) {
  aml_blob_container_config cfg = {.protocol = "http", .endpoint = "127.0.0.1:10000", .account = "devstoreaccount1",
                                   .container = "cont", .auth = auth, .account_key = KEY, .sas_token = "?" SAS};
  aml_blob_container *c = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml__blob_container_new(&e->p, &cfg, &c, &err), AML_OK);
  return c;
}

static void queue(env *e, int32_t status, const char *headers, const char *body) {
  assert_int_equal(aml_fake_transport_add_response(e->t, status, headers, body, NULL), AML_OK);
}

/* ---- URL forms ---- */

static void test_url_forms(void **state) {
  (void)state;
  env e;
  env_open(&e, AML_LOG_NONE, false);
  static const struct {
    const char *protocol, *endpoint, *account, *container, *url;
  } ok[] = {
      {"http", "127.0.0.1:10000", "devstoreaccount1", "c", "http://127.0.0.1:10000/devstoreaccount1/c"},
      {"http", "localhost:10000", "acct", "c", "http://localhost:10000/acct/c"},
      {"https", "[::1]:443", "acct", "c", "https://[::1]:443/acct/c"},
      {"https", "core.windows.net", "acct", "data", "https://acct.blob.core.windows.net/data"},
      {NULL, NULL, "acct", "data", "https://acct.blob.core.windows.net/data"},
      {"https", "core.chinacloudapi.cn", "acct", "d", "https://acct.blob.core.chinacloudapi.cn/d"},
      {"HTTPS", "core.windows.net", "acct", "d", "https://acct.blob.core.windows.net/d"},
      /* "localhost" only as the whole host; 10.0.0.1.example.com is a name. */
      {"https", "localhost.example.com", "acct", "d", "https://acct.blob.localhost.example.com/d"},
      {"https", "1.2.3.4.example.com", "acct", "d", "https://acct.blob.1.2.3.4.example.com/d"},
  };
  for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
    aml_blob_container_config cfg = {.protocol = ok[i].protocol, .endpoint = ok[i].endpoint,
                                     .account = ok[i].account, .container = ok[i].container};
    aml_blob_container *c = NULL;
    aml_error *err = NULL;
    assert_int_equal(aml__blob_container_new(&e.p, &cfg, &c, &err), AML_OK);
    assert_string_equal(aml__blob_container_url(c), ok[i].url);
    assert_string_equal(aml__blob_container_account(c), ok[i].account);
    aml__blob_container_free(c);
  }
  /* From a full URL: account and container taken from it; a query is the SAS. */
  static const struct {
    const char *url, *base, *account, *container;
  } from_url[] = {
      {"https://acct.blob.core.windows.net/data/", "https://acct.blob.core.windows.net/data", "acct", "data"},
      {"http://127.0.0.1:10000/devstoreaccount1/c?" SAS, "http://127.0.0.1:10000/devstoreaccount1/c",
       "devstoreaccount1", "c"},
      {"http://localhost:4242/amlemulator/azureml-blobstore", "http://localhost:4242/amlemulator/azureml-blobstore",
       "amlemulator", "azureml-blobstore"},
  };
  for (size_t i = 0; i < sizeof(from_url) / sizeof(from_url[0]); i++) {
    aml_blob_container_config cfg = {.container_url = from_url[i].url, .auth = AML_BLOB_AUTH_SAS};
    if (!strchr(from_url[i].url, '?')) cfg.auth = AML_BLOB_AUTH_NONE;
    aml_blob_container *c = NULL;
    aml_error *err = NULL;
    if (aml__blob_container_new(&e.p, &cfg, &c, &err) != AML_OK) fail_msg("%s: %s", from_url[i].url, aml_error_message(err));
    assert_string_equal(aml__blob_container_url(c), from_url[i].base);
    assert_string_equal(aml__blob_container_account(c), from_url[i].account);
    assert_string_equal(aml__blob_container_name(c), from_url[i].container);
    aml__blob_container_free(c);
  }
  /* Refused, with a message. */
  static const aml_blob_container_config bad[] = {
      {.container_url = "ftp://acct.blob.core.windows.net/c"},
      {.container_url = "https://acct.blob.core.windows.net/"},
      {.container_url = "https://acct.blob.core.windows.net/c/extra"},
      {.container_url = "http://127.0.0.1:10000/onlyaccount"},
      {.container_url = "http://127.0.0.1:10000//c"},
      {.account = "acct", .container = "a/b"},
      {.account = "acct"},
      {.container = "c"},
      {.account = "acct", .container = "c", .protocol = "ftp"},
      {.account = "acct", .container = "c", .endpoint = "host/path"},
      {.account = "acct", .container = "c", .auth = AML_BLOB_AUTH_SHARED_KEY},
      {.account = "acct", .container = "c", .auth = AML_BLOB_AUTH_SHARED_KEY, .account_key = "not base64!"},
      {.account = "acct", .container = "c", .auth = AML_BLOB_AUTH_SAS},
      {.account = "acct", .container = "c", .auth = AML_BLOB_AUTH_SAS, .sas_token = "?"},
      {.account = "acct", .container = "c", .auth = AML_BLOB_AUTH_BEARER}, /* no credential in the pipeline */
      {.account = "acct", .container = "c", .auth = (aml_blob_auth_kind)42},
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    aml_blob_container *c = (aml_blob_container *)&e; /* must be reset to NULL */
    aml_error *err = NULL;
    if (aml__blob_container_new(&e.p, &bad[i], &c, &err) != AML_ERR_INVALID_ARG) fail_msg("bad config %zu accepted", i);
    assert_null(c);
    assert_non_null(err);
    assert_true(strlen(aml_error_message(err)) > 10);
    aml_error_free(err);
  }
  aml_error *err = NULL;
  assert_int_equal(aml__blob_container_new(NULL, &bad[0], NULL, &err), AML_ERR_INVALID_ARG);
  aml_error_free(err);
  env_close(&e);
}

static void test_name_escaping(void **state) {
  (void)state;
  env e;
  env_open(&e, AML_LOG_NONE, false);
  aml_blob_container *c = open_container(&e, AML_BLOB_AUTH_NONE);
  static const struct {
    const char *name, *path;
  } k[] = {
      {"a b/c#d%e?f+g", "a%20b/c%23d%25e%3Ff%2Bg"},
      {"dir/ü/名前.csv", "dir/%C3%BC/%E5%90%8D%E5%89%8D.csv"},
      {"keep-._~/x", "keep-._~/x"},
      {"&=;:@,$!'()*[]", "%26%3D%3B%3A%40%2C%24%21%27%28%29%2A%5B%5D"},
  };
  for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
    aml_buf url = AML_BUF_INIT;
    assert_int_equal(aml__blob_url(c, k[i].name, &url), AML_OK);
    assert_string_equal(aml__buf_cstr(&url) + strlen("http://127.0.0.1:10000/devstoreaccount1/cont/"), k[i].path);
    aml__buf_free(&url);
  }
  aml_error *err = NULL;
  assert_int_equal(aml__blob_delete(c, "", &err), AML_ERR_INVALID_ARG);
  aml_error_free(err);
  aml__blob_container_free(c);
  env_close(&e);
}

/* ---- authorisation ---- */

static void assert_no_secret(const char *text) {
  if (!text) return;
  assert_null(strstr(text, SIG_VALUE));
  assert_null(strstr(text, KEY));
  assert_null(strstr(text, "T0KEN-VALUE-123"));
  assert_null(strstr(text, "SharedKey devstoreaccount1:"));
  assert_null(strstr(text, "se=2099"));
}

static void test_sas_appended_and_redacted_at_every_level(void **state) {
  (void)state;
  static const int32_t levels[] = {AML_LOG_ERROR, AML_LOG_WARNING, AML_LOG_INFO, AML_LOG_DEBUG};
  for (size_t l = 0; l < sizeof(levels) / sizeof(levels[0]); l++) {
    env e;
    env_open(&e, levels[l], false);
    aml_blob_container *c = open_container(&e, AML_BLOB_AUTH_SAS);
    queue(&e, 503, "x-ms-error-code: ServerBusy", NULL);
    queue(&e, 201, NULL, NULL);
    aml_error *err = NULL;
    assert_int_equal(aml__blob_put_block(c, "a b.txt", "QUFB", "abc", 3, &err), AML_OK);
    assert_int_equal(aml_fake_transport_request_count(e.t), 2);
    const aml_http_request *r = aml_fake_transport_request_at(e.t, 1);
    assert_string_equal(aml_http_request_url(r),
                        "http://127.0.0.1:10000/devstoreaccount1/cont/a%20b.txt?comp=block&blockid=QUFB&" SAS);
    assert_null(aml_http_request_header(r, "Authorization"));
    assert_string_equal(aml_http_request_header(r, "x-ms-version"), "2025-11-05");
    assert_non_null(aml_http_request_header(r, "x-ms-date"));
    /* A refusal: the error names the code, never the SAS. */
    queue(&e, 403, "x-ms-error-code: AuthenticationFailed",
          "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>AuthenticationFailed</Code><Message>Signature did "
          "not match.\nRequestId:1</Message><AuthenticationErrorDetail>Signature did not match. String to sign used "
          "was rwl\n" SIG_VALUE "</AuthenticationErrorDetail></Error>");
    assert_int_equal(aml__blob_put(c, "x", "x", 1, NULL, &err), AML_ERR_FORBIDDEN);
    assert_non_null(strstr(aml_error_message(err), "the storage account refused the request: AuthenticationFailed"));
    assert_no_secret(aml_error_message(err));
    assert_no_secret(aml_error_service_message(err));
    aml_error_free(err);
    if (levels[l] >= AML_LOG_INFO) assert_non_null(strstr(e.log.text, "sig=REDACTED"));
    assert_true(e.log.lines > 0);
    assert_no_secret(e.log.text);
    aml__blob_container_free(c);
    env_close(&e);
  }
}

/* Recompute the signature of a recorded try from what was sent. */
static void assert_signed(const aml_http_request *r) {
  const char *auth = aml_http_request_header(r, "Authorization");
  assert_non_null(auth);
  assert_true(strncmp(auth, "SharedKey devstoreaccount1:", 27) == 0);
  aml_kvlist h;
  aml__kvlist_init(&h, true);
  for (size_t i = 0; i < aml_http_request_header_count(r); i++) {
    const char *n = NULL, *v = NULL;
    assert_int_equal(aml_http_request_header_at(r, i, &n, &v), AML_OK);
    if (strcmp(n, "Authorization") != 0) assert_int_equal(aml__kvlist_add(&h, n, v), AML_OK);
  }
  const uint8_t *body = NULL;
  size_t body_size = 0;
  aml_http_request_body(r, &body, &body_size);
  aml_buf sts = AML_BUF_INIT, sig = AML_BUF_INIT;
  assert_int_equal(aml__sharedkey_string_to_sign("devstoreaccount1", aml_http_request_method(r), aml_http_request_url(r),
                                                 &h, body_size, &sts),
                   AML_OK);
  uint8_t *key = NULL;
  size_t key_len = 0;
  assert_int_equal(aml__base64_decode(KEY, strlen(KEY), &key, &key_len), AML_OK);
  assert_int_equal(aml__sharedkey_signature(key, key_len, aml__buf_cstr(&sts), &sig), AML_OK);
  assert_string_equal(auth + 27, aml__buf_cstr(&sig));
  aml__free(key);
  aml__buf_free(&sts);
  aml__buf_free(&sig);
  aml__kvlist_clear(&h);
}

static void test_shared_key_signed_on_every_try(void **state) {
  (void)state;
  env e;
  env_open(&e, AML_LOG_DEBUG, false);
  aml_blob_container *c = open_container(&e, AML_BLOB_AUTH_SHARED_KEY);
  queue(&e, 500, NULL, NULL);
  queue(&e, 408, NULL, NULL);
  queue(&e, 201, "ETag: \"0x1\"", NULL);
  aml_kvlist meta;
  aml__kvlist_init(&meta, true);
  assert_int_equal(aml__kvlist_add(&meta, "upload_status", "completed"), AML_OK);
  aml_blob_write_options wo = {.content_type = "text/csv", .metadata = &meta, .no_overwrite = true};
  aml_error *err = NULL;
  assert_int_equal(aml__blob_put(c, "dir/a b.csv", "hello", 5, &wo, &err), AML_OK);
  aml__kvlist_clear(&meta);
  assert_int_equal(aml_fake_transport_request_count(e.t), 3);
  assert_int_equal(e.sleeps.count, 2);
  for (size_t i = 0; i < 3; i++) {
    const aml_http_request *r = aml_fake_transport_request_at(e.t, i);
    assert_signed(r);
    assert_string_equal(aml_http_request_header(r, "x-ms-blob-type"), "BlockBlob");
    assert_string_equal(aml_http_request_header(r, "Content-MD5"), "XUFAKrxLKna5cZ2REBfFkg==");
    assert_string_equal(aml_http_request_header(r, "x-ms-blob-content-type"), "text/csv");
    assert_string_equal(aml_http_request_header(r, "x-ms-meta-upload_status"), "completed");
    assert_string_equal(aml_http_request_header(r, "If-None-Match"), "*");
  }
  /* The header is logged, its value never. */
  assert_non_null(strstr(e.log.text, "Authorization: REDACTED"));
  assert_no_secret(e.log.text);
  /* An invalid metadata name is refused before anything is sent. */
  aml__kvlist_init(&meta, true);
  assert_int_equal(aml__kvlist_add(&meta, "bad name", "x"), AML_OK);
  wo.metadata = &meta;
  assert_int_equal(aml__blob_put(c, "x", "x", 1, &wo, &err), AML_ERR_INVALID_ARG);
  aml_error_free(err);
  aml__kvlist_clear(&meta);
  assert_int_equal(aml_fake_transport_request_count(e.t), 3);
  aml__blob_container_free(c);
  env_close(&e);
}

static void test_bearer_through_the_pipeline(void **state) {
  (void)state;
  env e;
  env_open(&e, AML_LOG_DEBUG, true);
  aml_blob_container *c = open_container(&e, AML_BLOB_AUTH_BEARER);
  queue(&e, 200, "Content-Length: 3\nContent-MD5: kAFQmDzST7DWlj99KOF/cg==\nETag: \"e\"\nx-ms-meta-k: v", "abc");
  aml_buf body = AML_BUF_INIT;
  aml_blob_props props;
  aml__blob_props_init(&props);
  aml_error *err = NULL;
  assert_int_equal(aml__blob_get(c, "f.txt", 0, AML_BLOB_TO_END, &body, &props, &err), AML_OK);
  assert_string_equal(aml__buf_cstr(&body), "abc");
  assert_int_equal(props.content_length, 3);
  assert_true(props.has_md5);
  assert_string_equal(props.etag, "\"e\"");
  assert_string_equal(aml__kvlist_get(&props.metadata, "k"), "v");
  const aml_http_request *r = aml_fake_transport_request_at(e.t, 0);
  assert_string_equal(aml_http_request_header(r, "Authorization"), "Bearer T0KEN-VALUE-123");
  assert_string_equal(aml_http_request_header(r, "x-ms-version"), AML_BLOB_API_VERSION_DEFAULT);
  assert_null(aml_http_request_header(r, "x-ms-range"));
  assert_no_secret(e.log.text);
  aml__blob_props_cleanup(&props);
  aml__buf_free(&body);
  aml__blob_container_free(c);
  /* x-ms-version is configurable. */
  aml_blob_container_config cfg = {.endpoint = "127.0.0.1:1", .account = "a", .container = "c",
                                   .api_version = "2021-12-02"};
  assert_int_equal(aml__blob_container_new(&e.p, &cfg, &c, &err), AML_OK);
  queue(&e, 202, NULL, NULL);
  assert_int_equal(aml__blob_delete(c, "x", &err), AML_OK);
  assert_string_equal(aml_http_request_header(aml_fake_transport_request_at(e.t, 1), "x-ms-version"), "2021-12-02");
  assert_string_equal(aml_http_request_method(aml_fake_transport_request_at(e.t, 1)), "DELETE");
  aml__blob_container_free(c);
  env_close(&e);
}

/* ---- the storage retry rule ---- */

static void test_retry_rule(void **state) {
  (void)state;
  static const struct {
    int32_t status;
    bool retry;
  } k[] = {{408, true}, {500, true}, {501, false}, {502, true}, {503, true}, {504, true}, {505, false},
           {507, true}, {599, true}, {429, false}, {400, false}, {403, false}, {404, false}, {409, false},
           {412, false}, {200, false}, {304, false}};
  for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++)
    if (aml__blob_status_retriable(k[i].status) != k[i].retry) fail_msg("status %d", k[i].status);
  /* Through the pipeline: 501 is final at once; 507 is retried up to the limit. */
  env e;
  env_open(&e, AML_LOG_NONE, false);
  aml_blob_container *c = open_container(&e, AML_BLOB_AUTH_SHARED_KEY);
  queue(&e, 501, NULL, NULL);
  aml_error *err = NULL;
  assert_int_equal(aml__blob_delete(c, "x", &err), AML_ERR_SERVER);
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_fake_transport_request_count(e.t), 1);
  for (int i = 0; i < 4; i++) queue(&e, 507, NULL, NULL);
  assert_int_equal(aml__blob_delete(c, "x", &err), AML_ERR_SERVER);
  assert_int_equal(aml_error_http_status(err), 507);
  aml_error_free(err);
  assert_int_equal(aml_fake_transport_request_count(e.t), 5);
  /* A dropped connection on an idempotent PUT is retried too. */
  assert_int_equal(aml_fake_transport_add_failure(e.t, AML_ERR_TRANSPORT, NULL), AML_OK);
  queue(&e, 201, NULL, NULL);
  err = NULL;
  assert_int_equal(aml__blob_put_block(c, "x", "QUFB", "a", 1, &err), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(e.t), 7);
  aml__blob_container_free(c);
  env_close(&e);
}

/* ---- errors ---- */

static void test_error_mapping(void **state) {
  (void)state;
  env e;
  env_open(&e, AML_LOG_NONE, false);
  aml_blob_container *c = open_container(&e, AML_BLOB_AUTH_SHARED_KEY);
  aml_error *err = NULL;
  aml_buf body = AML_BUF_INIT;

  queue(&e, 404, "x-ms-request-id: rid-1\nx-ms-error-code: BlobNotFound",
        "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>BlobNotFound</Code><Message>The specified "
        "blob does not exist.\nRequestId:rid-1\nTime:2026</Message></Error>");
  assert_int_equal(aml__blob_get(c, "no/such", 0, AML_BLOB_TO_END, &body, NULL, &err), AML_ERR_NOT_FOUND);
  assert_string_equal(aml_error_service_code(err), "BlobNotFound");
  assert_string_equal(aml_error_service_message(err), "The specified blob does not exist.");
  assert_string_equal(aml_error_request_id(err), "rid-1");
  assert_int_equal(aml_error_http_status(err), 404);
  assert_non_null(strstr(aml_error_message(err), "cont/no/such not found"));
  aml_error_free(err);
  err = NULL;

  /* HEAD: no body, the code from the header. */
  aml_blob_props props;
  aml__blob_props_init(&props);
  queue(&e, 404, "x-ms-error-code: ContainerNotFound", NULL);
  assert_int_equal(aml__blob_get_properties(c, "x", &props, &err), AML_ERR_NOT_FOUND);
  assert_string_equal(aml_error_service_code(err), "ContainerNotFound");
  aml_error_free(err);
  err = NULL;

  queue(&e, 409, NULL, "<Error><Code>BlobAlreadyExists</Code><Message>The specified blob already exists.</Message></Error>");
  assert_int_equal(aml__blob_put(c, "x", "x", 1, &(aml_blob_write_options){.no_overwrite = true}, &err),
                   AML_ERR_CONFLICT);
  assert_string_equal(aml_error_service_code(err), "BlobAlreadyExists");
  aml_error_free(err);
  err = NULL;

  /* Not XML at all: still an error with the status, no code. */
  queue(&e, 400, NULL, "<html>proxy says no");
  assert_int_equal(aml__blob_delete(c, "x", &err), AML_ERR_BAD_REQUEST);
  assert_null(aml_error_service_code(err));
  assert_non_null(strstr(aml_error_message(err), "HTTP 400"));
  aml_error_free(err);
  err = NULL;

  /* A long message is cut at 300 bytes, never inside a UTF-8 character. */
  char long_body[1200];
  int n = snprintf(long_body, sizeof(long_body), "<Error><Code>X</Code><Message>a");
  for (int i = 0; i < 200; i++) n += snprintf(long_body + n, sizeof(long_body) - (size_t)n, "\xC3\xBC");
  snprintf(long_body + n, sizeof(long_body) - (size_t)n, "</Message></Error>");
  queue(&e, 400, NULL, long_body);
  assert_int_equal(aml__blob_delete(c, "x", &err), AML_ERR_BAD_REQUEST);
  const char *sm = aml_error_service_message(err);
  assert_int_equal(strlen(sm), 299); /* "a" + 149 two-byte characters */
  assert_int_equal((unsigned char)sm[298], 0xBC);
  aml_error_free(err);
  err = NULL;

  /* 416 past the end of a blob */
  queue(&e, 416, "x-ms-error-code: InvalidRange", NULL);
  assert_int_equal(aml__blob_get(c, "x", 100, 10, &body, NULL, &err), AML_ERR_HTTP);
  assert_string_equal(aml_error_service_code(err), "InvalidRange");
  aml_error_free(err);
  err = NULL;

  /* Container creation: an existing one is fine. */
  queue(&e, 409, "x-ms-error-code: ContainerAlreadyExists", NULL);
  bool created = true;
  assert_int_equal(aml__blob_container_create(c, &created, &err), AML_OK);
  assert_false(created);
  queue(&e, 201, NULL, NULL);
  assert_int_equal(aml__blob_container_create(c, &created, &err), AML_OK);
  assert_true(created);
  assert_string_equal(aml_http_request_url(aml_fake_transport_request_at(e.t, 7)),
                      "http://127.0.0.1:10000/devstoreaccount1/cont?restype=container");
  queue(&e, 409, "x-ms-error-code: ContainerBeingDeleted", NULL);
  assert_int_equal(aml__blob_container_create(c, &created, &err), AML_ERR_CONFLICT);
  aml_error_free(err);
  err = NULL;

  /* Invalid arguments are refused with a message, nothing sent. */
  size_t sent = aml_fake_transport_request_count(e.t);
  assert_int_equal(aml__blob_get(c, "x", 0, 0, &body, NULL, &err), AML_ERR_INVALID_ARG);
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml__blob_put(c, "x", NULL, 3, NULL, &err), AML_ERR_INVALID_ARG);
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml__blob_put_block(c, "x", "", "a", 1, &err), AML_ERR_INVALID_ARG);
  aml_error_free(err);
  err = NULL;
  const char *bad_ids[] = {"QUFB", "<x>"};
  assert_int_equal(aml__blob_put_block_list(c, "x", bad_ids, 2, NULL, &err), AML_ERR_INVALID_ARG);
  aml_error_free(err);
  assert_int_equal(aml_fake_transport_request_count(e.t), sent);
  aml__blob_props_cleanup(&props);
  aml__buf_free(&body);
  aml__blob_container_free(c);
  env_close(&e);
}

/* ---- blocks and ranges ---- */

static void test_block_ids_have_one_length(void **state) {
  (void)state;
  static const uint64_t k[] = {0, 1, 9, 10, 49999, 50000, 4294967296ull, UINT64_MAX};
  char first[64];
  aml__blob_block_id(0, first);
  for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
    char id[64];
    aml__blob_block_id(k[i], id);
    assert_int_equal(strlen(id), strlen(first));
    uint8_t *raw = NULL;
    size_t n = 0;
    assert_int_equal(aml__base64_decode(id, strlen(id), &raw, &n), AML_OK);
    assert_int_equal(n, 20);
    char want[32];
    snprintf(want, sizeof(want), "%020llu", (unsigned long long)k[i]);
    assert_memory_equal(raw, want, 20);
    aml__free(raw);
  }
  assert_string_equal(first, "MDAwMDAwMDAwMDAwMDAwMDAwMDA=");
}

static void test_block_list_and_ranges(void **state) {
  (void)state;
  env e;
  env_open(&e, AML_LOG_NONE, false);
  aml_blob_container *c = open_container(&e, AML_BLOB_AUTH_SHARED_KEY);
  queue(&e, 201, NULL, NULL);
  char a[64], b[64];
  aml__blob_block_id(0, a);
  aml__blob_block_id(1, b);
  const char *ids[] = {a, b};
  static const uint8_t md5[16] = {0xd4, 0x1d, 0x8c, 0xd9, 0x8f, 0x00, 0xb2, 0x04,
                                  0xe9, 0x80, 0x09, 0x98, 0xec, 0xf8, 0x42, 0x7e};
  aml_blob_write_options wo = {.content_md5 = md5, .content_type = "application/octet-stream"};
  aml_error *err = NULL;
  assert_int_equal(aml__blob_put_block_list(c, "big.bin", ids, 2, &wo, &err), AML_OK);
  const aml_http_request *r = aml_fake_transport_request_at(e.t, 0);
  char *body = aml_test_request_body(r);
  assert_string_equal(body, "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList><Latest>MDAwMDAwMDAwMDAwMDAwMDAwMDA="
                            "</Latest><Latest>MDAwMDAwMDAwMDAwMDAwMDAwMDE=</Latest></BlockList>");
  free(body);
  assert_string_equal(aml_http_request_header(r, "x-ms-blob-content-md5"), "1B2M2Y8AsgTpgAmY7PhCfg==");
  assert_non_null(aml_http_request_header(r, "Content-MD5"));
  assert_true(strstr(aml_http_request_url(r), "?comp=blocklist") != NULL);
  assert_signed(r);

  /* Ranges beyond 4 GiB: offsets and lengths are 64-bit all the way. */
  queue(&e, 206,
        "Content-Range: bytes 5368709120-5368709122/6442450944\nx-ms-blob-content-md5: 1B2M2Y8AsgTpgAmY7PhCfg==\n"
        "Content-MD5: AAAAAAAAAAAAAAAAAAAAAA==",
        "xyz");
  aml_buf got = AML_BUF_INIT;
  aml_blob_props props;
  aml__blob_props_init(&props);
  assert_int_equal(aml__blob_get(c, "big.bin", 5368709120ull, 3, &got, &props, &err), AML_OK);
  assert_string_equal(aml_http_request_header(aml_fake_transport_request_at(e.t, 1), "x-ms-range"),
                      "bytes=5368709120-5368709122");
  assert_int_equal(props.content_length, 6442450944ull);
  assert_true(props.has_md5);
  assert_memory_equal(props.md5, md5, 16); /* the whole blob's, not the range's Content-MD5 */
  /* An open-ended range, appended to what the buffer already holds. */
  queue(&e, 206, "Content-Range: bytes 6442450940-6442450943/6442450944", "tail");
  assert_int_equal(aml__blob_get(c, "big.bin", 6442450940ull, AML_BLOB_TO_END, &got, &props, &err), AML_OK);
  assert_string_equal(aml_http_request_header(aml_fake_transport_request_at(e.t, 2), "x-ms-range"),
                      "bytes=6442450940-");
  assert_string_equal(aml__buf_cstr(&got), "xyztail");
  assert_false(props.has_md5);
  aml__blob_props_cleanup(&props);
  aml__buf_free(&got);
  aml__blob_container_free(c);
  env_close(&e);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_url_forms),
      cmocka_unit_test(test_name_escaping),
      cmocka_unit_test(test_sas_appended_and_redacted_at_every_level),
      cmocka_unit_test(test_shared_key_signed_on_every_try),
      cmocka_unit_test(test_bearer_through_the_pipeline),
      cmocka_unit_test(test_retry_rule),
      cmocka_unit_test(test_error_mapping),
      cmocka_unit_test(test_block_ids_have_one_length),
      cmocka_unit_test(test_block_list_and_ranges),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
