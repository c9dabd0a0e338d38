/* A job's outputs and logs, and invoke inputs that need the datastore
 * (local uploads, data asset references), over a small in-process stand-in
 * of the services they touch: ARM (workspace, jobs, datastores, data
 * assets), the batch scoring URI, and a Blob service holding blobs in
 * memory. Requests are answered by URL, not in a fixed order, so the tests
 * assert what reaches the caller (URIs, bytes delivered exactly once, files
 * written), not the data layer's request sequence. */
#include "test_support.h"

#include <jansson.h>
#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WS_PATH "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1"
#define BLOB_HOST "http://127.0.0.1:10000/amlemulator/"
#define KEY "c2VjcmV0LWFjY291bnQta2V5LWZvci10ZXN0cw=="

/* ---- the stand-in ------------------------------------------------------ */

typedef struct blob {
  char container[64];
  char name[256];
  char data[4096];
  size_t len;
  char meta[256]; /* "x-ms-meta-...: ...\n" lines as set */
} blob;

typedef struct world {
  blob blobs[32];
  int nblobs;
  char job_status[32];
  char end_status[32]; /* what the scripted job ends with */
  const char *job_outputs; /* JSON object text or NULL */
  int job_gets;
  void (*on_job_get)(struct world *w); /* advances the world per poll */
  size_t blob_bytes_served;
  int invokes;
  char invoke_body[4096];
  int latest_lists;
} world;

static world g;

static blob *find_blob(const char *container, const char *name) {
  for (int i = 0; i < g.nblobs; i++)
    if (strcmp(g.blobs[i].container, container) == 0 && strcmp(g.blobs[i].name, name) == 0) return &g.blobs[i];
  return NULL;
}

static blob *put_blob(const char *container, const char *name, const char *data, size_t len) {
  blob *b = find_blob(container, name);
  if (!b) {
    assert_true(g.nblobs < 32);
    b = &g.blobs[g.nblobs++];
    memset(b, 0, sizeof(*b));
    snprintf(b->container, sizeof(b->container), "%s", container);
    snprintf(b->name, sizeof(b->name), "%s", name);
  }
  assert_true(len <= sizeof(b->data));
  memcpy(b->data, data, len);
  b->len = len;
  return b;
}

static void append_blob(const char *container, const char *name, const char *text) {
  blob *b = find_blob(container, name);
  if (!b) b = put_blob(container, name, "", 0);
  size_t n = strlen(text);
  assert_true(b->len + n <= sizeof(b->data));
  memcpy(b->data + b->len, text, n);
  b->len += n;
}

static void url_decode(const char *in, size_t n, char *out, size_t cap) {
  size_t o = 0;
  for (size_t i = 0; i < n && o + 1 < cap; i++) {
    if (in[i] == '%' && i + 2 < n) {
      char hex[3] = {in[i + 1], in[i + 2], 0};
      out[o++] = (char)strtol(hex, NULL, 16);
      i += 2;
    } else {
      out[o++] = in[i] == '+' ? ' ' : in[i];
    }
  }
  out[o] = '\0';
}

/* The decoded value of query parameter `name`, or "" when absent. */
static void query_param(const char *url, const char *name, char *out, size_t cap) {
  out[0] = '\0';
  const char *q = strchr(url, '?');
  size_t nl = strlen(name);
  while (q) {
    q++;
    if (strncmp(q, name, nl) == 0 && q[nl] == '=') {
      const char *v = q + nl + 1, *end = strchr(v, '&');
      url_decode(v, end ? (size_t)(end - v) : strlen(v), out, cap);
      return;
    }
    q = strchr(q, '&');
  }
}

static void reply(aml_http_response *resp, int32_t status, const char *headers, const char *body, size_t len) {
  aml_http_response_set_status(resp, status);
  if (headers) {
    char copy[1024];
    snprintf(copy, sizeof(copy), "%s", headers);
    for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) {
      char *colon = strchr(line, ':');
      if (!colon) continue;
      *colon = '\0';
      aml_http_response_add_header(resp, line, colon + 1 + (colon[1] == ' '));
    }
  }
  if (body) aml_http_response_append_body(resp, (const uint8_t *)body, len);
}

#define REPLY_RET(...) \
  do {                   \
    reply(__VA_ARGS__);  \
    return;              \
  } while (0)

static void reply_json(aml_http_response *resp, int32_t status, const char *json) {
  reply(resp, status, "Content-Type: application/json", json, strlen(json));
}

static void datastore_json(const char *name, char *out, size_t cap) {
  const char *container = strcmp(name, "workspaceartifactstore") == 0 ? "azureml" : "azureml-blobstore";
  snprintf(out, cap,
           "{\"id\":\"" WS_PATH "/datastores/%s\",\"name\":\"%s\",\"properties\":{\"isDefault\":%s,"
           "\"credentials\":{\"credentialsType\":\"AccountKey\"},\"datastoreType\":\"AzureBlob\","
           "\"accountName\":\"amlemulator\",\"containerName\":\"%s\",\"endpoint\":\"127.0.0.1:10000\","
           "\"protocol\":\"http\"}}",
           name, name, strcmp(name, "workspaceblobstore") == 0 ? "true" : "false", container);
}

static void serve_blob(const char *method, const char *url, const aml_http_request *req, aml_http_response *resp) {
  const char *path = url + strlen(BLOB_HOST);
  const char *q = strchr(path, '?');
  size_t plen = q ? (size_t)(q - path) : strlen(path);
  char decoded[512];
  url_decode(path, plen, decoded, sizeof(decoded));
  char *slash = strchr(decoded, '/');
  char comp[32];
  query_param(url, "comp", comp, sizeof(comp));
  if (!slash && strcmp(comp, "list") == 0) { /* List Blobs (flat, one page) */
    char prefix[256], xml[8192];
    query_param(url, "prefix", prefix, sizeof(prefix));
    size_t n = (size_t)snprintf(xml, sizeof(xml), "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults><Blobs>");
    for (int i = 0; i < g.nblobs; i++) {
      if (strcmp(g.blobs[i].container, decoded) != 0 || strncmp(g.blobs[i].name, prefix, strlen(prefix)) != 0) continue;
      n += (size_t)snprintf(xml + n, sizeof(xml) - n,
                            "<Blob><Name>%s</Name><Properties><Content-Length>%zu</Content-Length>"
                            "<BlobType>BlockBlob</BlobType></Properties></Blob>",
                            g.blobs[i].name, g.blobs[i].len);
    }
    snprintf(xml + n, sizeof(xml) - n, "</Blobs><NextMarker/></EnumerationResults>");
    reply(resp, 200, "Content-Type: application/xml", xml, strlen(xml));
    return;
  }
  if (!slash) {
    reply(resp, 201, NULL, NULL, 0); /* create container */
    return;
  }
  *slash = '\0';
  const char *container = decoded, *name = slash + 1;
  blob *b = find_blob(container, name);
  if (strcmp(method, "PUT") == 0) {
    if (strcmp(comp, "metadata") == 0) {
      if (!b) REPLY_RET(resp, 404, "x-ms-error-code: BlobNotFound", NULL, 0);
      size_t m = 0;
      for (size_t i = 0; i < aml_http_request_header_count(req); i++) {
        const char *hn = NULL, *hv = NULL;
        aml_http_request_header_at(req, i, &hn, &hv);
        if (strncasecmp(hn, "x-ms-meta-", 10) == 0)
          m += (size_t)snprintf(b->meta + m, sizeof(b->meta) - m, "%s: %s\n", hn, hv);
      }
      REPLY_RET(resp, 200, NULL, NULL, 0);
    }
    const uint8_t *data = NULL;
    size_t len = 0;
    aml_http_request_body(req, &data, &len);
    put_blob(container, name, (const char *)data, len);
    REPLY_RET(resp, 201, NULL, NULL, 0);
  }
  if (!b) {
    static const char nf[] = "<?xml version=\"1.0\"?><Error><Code>BlobNotFound</Code><Message>no blob</Message></Error>";
    REPLY_RET(resp, 404, "x-ms-error-code: BlobNotFound\nContent-Type: application/xml", nf, strlen(nf));
  }
  char headers[512];
  if (strcmp(method, "HEAD") == 0) {
    snprintf(headers, sizeof(headers), "Content-Length: %zu\nx-ms-blob-type: BlockBlob\n%s", b->len, b->meta);
    REPLY_RET(resp, 200, headers, NULL, 0);
  }
  const char *range = aml_http_request_header(req, "x-ms-range");
  unsigned long long from = 0, to = b->len ? b->len - 1 : 0;
  if (range) {
    int got = sscanf(range, "bytes=%llu-%llu", &from, &to);
    if (got < 2 || to >= b->len) to = b->len ? b->len - 1 : 0;
    if (from >= b->len) REPLY_RET(resp, 416, "x-ms-error-code: InvalidRange", NULL, 0);
    snprintf(headers, sizeof(headers), "Content-Range: bytes %llu-%llu/%zu\nx-ms-blob-type: BlockBlob", from, to,
             b->len);
    g.blob_bytes_served += (size_t)(to - from + 1);
    REPLY_RET(resp, 206, headers, b->data + from, (size_t)(to - from + 1));
  }
  g.blob_bytes_served += b->len;
  REPLY_RET(resp, 200, "x-ms-blob-type: BlockBlob", b->data, b->len);
}

static void job_json(char *out, size_t cap) {
  snprintf(out, cap,
           "{\"id\":\"" WS_PATH "/jobs/job-1\",\"name\":\"job-1\",\"properties\":{\"jobType\":\"Pipeline\","
           "\"status\":\"%s\",\"outputs\":%s}}",
           g.job_status, g.job_outputs ? g.job_outputs : "{}");
}

static aml_result serve(const aml_http_request *req, aml_http_response *resp, void *user_data) {
  (void)user_data;
  const char *method = aml_http_request_method(req), *url = aml_http_request_url(req);
  char body[4096];
  if (strncmp(url, BLOB_HOST, strlen(BLOB_HOST)) == 0) {
    serve_blob(method, url, req, resp);
    return AML_OK;
  }
  const char *ws = strstr(url, WS_PATH);
  const char *rest = ws ? ws + strlen(WS_PATH) : "";
  if (ws && strstr(url, "scoring.example.test") == NULL && strncmp(rest, "/jobs/job-1?", 12) == 0) {
    g.job_gets++;
    if (g.on_job_get) g.on_job_get(&g);
    job_json(body, sizeof(body));
    reply_json(resp, 200, body);
  } else if (strncmp(rest, "/datastores?", 12) == 0) {
    char ds[1024];
    datastore_json("workspaceblobstore", ds, sizeof(ds));
    snprintf(body, sizeof(body), "{\"value\":[%s]}", ds);
    reply_json(resp, 200, body);
  } else if (strncmp(rest, "/datastores/", 12) == 0) {
    char name[64];
    snprintf(name, sizeof(name), "%.*s", (int)strcspn(rest + 12, "/?"), rest + 12);
    if (strstr(rest, "/listSecrets"))
      reply_json(resp, 200, "{\"secretsType\":\"AccountKey\",\"key\":\"" KEY "\"}");
    else {
      datastore_json(name, body, sizeof(body));
      reply_json(resp, 200, body);
    }
  } else if (strncmp(rest, "/data/heart/versions?", 21) == 0) {
    g.latest_lists++;
    reply_json(resp, 200, "{\"value\":[{\"id\":\"" WS_PATH "/data/heart/versions/7\",\"name\":\"7\",\"properties\":{\"dataType\":\"uri_folder\",\"dataUri\":\"azureml://datastores/workspaceblobstore/paths/heart/\"}}]}");
  } else if (strncmp(rest, "/batchEndpoints/ep-1?", 21) == 0) {
    reply_json(resp, 200, "{\"name\":\"ep-1\",\"properties\":{\"provisioningState\":\"Succeeded\",\"scoringUri\":\"https://scoring.example.test/jobs\"}}");
  } else if (strcmp(url, "https://scoring.example.test/jobs") == 0) {
    g.invokes++;
    const uint8_t *data = NULL;
    size_t len = 0;
    aml_http_request_body(req, &data, &len);
    snprintf(g.invoke_body, sizeof(g.invoke_body), "%.*s", (int)len, (const char *)data);
    reply_json(resp, 200, "{\"name\":\"job-1\",\"properties\":{\"status\":\"NotStarted\"}}");
  } else {
    reply_json(resp, 404, "{\"error\":{\"code\":\"NotFound\",\"message\":\"no such route in the test\"}}");
  }
  return AML_OK;
}

typedef struct fixture {
  aml_transport *t;
  aml_client *c;
  aml_test_sleeps sleeps;
} fixture;

static int setup(void **state) {
  memset(&g, 0, sizeof(g));
  snprintf(g.job_status, sizeof(g.job_status), "Completed");
  snprintf(g.end_status, sizeof(g.end_status), "Completed");
  fixture *f = calloc(1, sizeof(*f));
  if (!f || aml_transport_delegate_new(serve, NULL, &f->t, NULL) != AML_OK) return -1;
  f->c = aml_test_client_new(f->t, &f->sleeps, NULL, 0);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  fixture *f = *state;
  aml_client_unref(f->c);
  aml_transport_unref(f->t);
  free(f);
  return 0;
}

#define OUT_SCORE "{\"score\":{\"jobOutputType\":\"uri_folder\",\"uri\":\"azureml://datastores/workspaceblobstore/paths/results/run-1/\"}," \
                  "\"default\":{\"jobOutputType\":\"uri_folder\",\"uri\":\"azureml://datastores/workspaceartifactstore/paths/ExperimentRun/dcid.job-1/\"}}"

/* ---- output URIs ------------------------------------------------------- */

static void test_output_uri_reported_probed_or_missing(void **state) {
  fixture *f = *state;
  char *uri = NULL;
  aml_error *err = NULL;
  /* Reported by the job: taken as it is. */
  g.job_outputs = OUT_SCORE;
  if (aml_jobs_get_output_uri(f->c, "job-1", NULL, &uri, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_string_equal(uri, "azureml://datastores/workspaceblobstore/paths/results/run-1/");
  aml_free(uri);

  /* Not reported: azure-ai-ml's probe places, the first that holds anything. */
  g.job_outputs = NULL;
  put_blob("azureml-blobstore", "dataset/job-1/score/predictions.csv", "a,1\n", 4);
  if (aml_jobs_get_output_uri(f->c, "job-1", "score", &uri, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_string_equal(uri, "azureml://datastores/workspaceblobstore/paths/dataset/job-1/score/");
  aml_free(uri);
  put_blob("azureml-blobstore", "azureml/job-1/score/predictions.csv", "b,2\n", 4);
  assert_int_equal(aml_jobs_get_output_uri(f->c, "job-1", "score", &uri, NULL), AML_OK);
  assert_string_equal(uri, "azureml://datastores/workspaceblobstore/paths/azureml/job-1/score/");
  aml_free(uri);

  /* Nowhere: not found, naming where it looked. */
  err = NULL;
  assert_int_equal(aml_jobs_get_output_uri(f->c, "job-1", "other", &uri, &err), AML_ERR_NOT_FOUND);
  assert_null(uri);
  assert_non_null(strstr(aml_error_message(err), "azureml/job-1/other/"));
  aml_error_free(err);

  /* The logs' folder without a reported default output: the artifact store's. */
  assert_int_equal(aml_jobs_get_output_uri(f->c, "job-1", AML_JOB_OUTPUT_DEFAULT, &uri, NULL), AML_OK);
  assert_string_equal(uri, "azureml://datastores/workspaceartifactstore/paths/ExperimentRun/dcid.job-1/");
  aml_free(uri);

  assert_int_equal(aml_jobs_get_output_uri(f->c, "", NULL, &uri, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_jobs_get_output_uri(NULL, "job-1", NULL, &uri, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_jobs_get_output_uri(f->c, "job-1", NULL, NULL, NULL), AML_ERR_INVALID_ARG);
}

/* ---- downloads --------------------------------------------------------- */

static char *read_file(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  static char buf[4096];
  size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
  fclose(fp);
  buf[n] = '\0';
  return buf;
}

static void test_download_output_and_logs(void **state) {
  fixture *f = *state;
  g.job_outputs = OUT_SCORE;
  put_blob("azureml-blobstore", "results/run-1/predictions.csv", "x.csv,0.5\n", 10);
  put_blob("azureml", "ExperimentRun/dcid.job-1/logs/job.log", "started\nfinished\n", 17);
  put_blob("azureml", "ExperimentRun/dcid.job-1/user_logs/std_log.txt", "hello from run()\n", 17);
  put_blob("azureml", "ExperimentRun/dcid.job-1/outputs/not-a-log.bin", "zz", 2);
  char dir[] = "/tmp/aml-job-outputs-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char out[512], logs[512], path[600];
  snprintf(out, sizeof(out), "%s/out", dir);
  snprintf(logs, sizeof(logs), "%s/logs", dir);
  aml_error *err = NULL;
  if (aml_jobs_download_output(f->c, "job-1", NULL, out, NULL, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  snprintf(path, sizeof(path), "%s/predictions.csv", out);
  assert_string_equal(read_file(path), "x.csv,0.5\n");
  if (aml_jobs_download_logs(f->c, "job-1", logs, NULL, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  snprintf(path, sizeof(path), "%s/logs/job.log", logs);
  assert_string_equal(read_file(path), "started\nfinished\n");
  snprintf(path, sizeof(path), "%s/user_logs/std_log.txt", logs);
  assert_string_equal(read_file(path), "hello from run()\n");
  snprintf(path, sizeof(path), "%s/outputs/not-a-log.bin", logs);
  assert_null(read_file(path)); /* only the log folders */

  /* A job without logs (yet) says so. */
  g.nblobs = 1;
  err = NULL;
  snprintf(path, sizeof(path), "%s/none", dir);
  assert_int_equal(aml_jobs_download_logs(f->c, "job-1", path, NULL, &err), AML_ERR_NOT_FOUND);
  assert_non_null(strstr(aml_error_message(err), "no logs"));
  aml_error_free(err);
  assert_int_equal(aml_jobs_download_output(f->c, "job-1", NULL, NULL, NULL, NULL), AML_ERR_INVALID_ARG);
  char cmd[600];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

/* ---- following logs ---------------------------------------------------- */

#define LOG "azureml"
#define JOBLOG "ExperimentRun/dcid.job-1/logs/job.log"
#define STDLOG "ExperimentRun/dcid.job-1/user_logs/std_log.txt"

/* Per poll (each job GET): the job writes more, then ends. */
static void script(world *w) {
  switch (w->job_gets) {
    case 1:
      append_blob(LOG, JOBLOG, "line 1\n");
      break;
    case 2:
      append_blob(LOG, JOBLOG, "line 2\n");
      append_blob(LOG, STDLOG, "hello\n");
      break;
    case 3:
      break; /* nothing new */
    case 4:
      append_blob(LOG, JOBLOG, "line 3\n");
      append_blob(LOG, STDLOG, "bye\n");
      snprintf(w->job_status, sizeof(w->job_status), "%s", w->end_status);
      break;
    default:
      break;
  }
}

typedef struct seen {
  char joblog[512], stdlog[512];
  int chunks;
  int stop_after;
} seen;

static int32_t on_chunk(const char *file, const uint8_t *data, size_t len, void *user_data) {
  seen *s = user_data;
  assert_true(len > 0);
  char *dst = strcmp(file, "logs/job.log") == 0 ? s->joblog : strcmp(file, "user_logs/std_log.txt") == 0 ? s->stdlog : NULL;
  if (!dst) fail_msg("unexpected log file %s", file);
  strncat(dst, (const char *)data, len);
  s->chunks++;
  return s->stop_after && s->chunks >= s->stop_after ? 1 : 0;
}

static void test_follow_delivers_each_byte_once(void **state) {
  fixture *f = *state;
  g.job_outputs = OUT_SCORE;
  snprintf(g.job_status, sizeof(g.job_status), "Running");
  g.on_job_get = script;
  seen s = {0};
  aml_job_log_options o;
  assert_int_equal(aml_job_log_options_init(&o, AML_JOB_LOG_OPTIONS_VERSION), AML_OK);
  o.poll_interval_ms = 250;
  aml_job *job = NULL;
  aml_error *err = NULL;
  if (aml_jobs_follow_logs(f->c, "job-1", &o, on_chunk, &s, &job, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_string_equal(s.joblog, "line 1\nline 2\nline 3\n");
  assert_string_equal(s.stdlog, "hello\nbye\n");
  assert_int_equal(s.chunks, 5); /* 3 + 2 appends: nothing twice, nothing when nothing changed */
  assert_int_equal(g.blob_bytes_served, strlen(s.joblog) + strlen(s.stdlog)); /* ranged reads only */
  assert_int_equal(g.job_gets, 4);
  assert_int_equal(f->sleeps.count, 3);
  assert_int_equal(f->sleeps.delays[0], 250);
  assert_string_equal(job->status, "Completed");
  aml_job_free(job);
}

static void test_follow_failed_and_ended_jobs(void **state) {
  fixture *f = *state;
  g.job_outputs = OUT_SCORE;
  /* A job that fails while followed: its logs arrive whole, the verdict is the job's. */
  put_blob("azureml", "ExperimentRun/dcid.job-1/user_logs/other.txt", "", 0);
  put_blob("azureml", "ExperimentRun/dcid.job-1/outputs/x.bin", "nope", 4);
  snprintf(g.job_status, sizeof(g.job_status), "Running");
  snprintf(g.end_status, sizeof(g.end_status), "Failed");
  g.on_job_get = script;
  seen s = {0};
  aml_job *job = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_jobs_follow_logs(f->c, "job-1", NULL, on_chunk, &s, &job, &err), AML_ERR_OPERATION_FAILED);
  assert_non_null(strstr(aml_error_message(err), "Failed"));
  assert_string_equal(s.joblog, "line 1\nline 2\nline 3\n");
  assert_string_equal(s.stdlog, "hello\nbye\n");
  assert_string_equal(job->status, "Failed");
  assert_int_equal(f->sleeps.delays[0], 5000); /* the client's poll interval */
  aml_job_free(job);
  aml_error_free(err);

  /* A job that already ended: everything at once, no sleep. */
  g.on_job_get = NULL;
  f->sleeps.count = 0;
  memset(&s, 0, sizeof(s));
  assert_int_equal(aml_jobs_follow_logs(f->c, "job-1", NULL, on_chunk, &s, NULL, NULL), AML_ERR_OPERATION_FAILED);
  assert_string_equal(s.joblog, "line 1\nline 2\nline 3\n");
  assert_int_equal(f->sleeps.count, 0);

  /* The callback may stop it; a deadline ends it with what was written so far. */
  memset(&s, 0, sizeof(s));
  s.stop_after = 1;
  err = NULL;
  assert_int_equal(aml_jobs_follow_logs(f->c, "job-1", NULL, on_chunk, &s, NULL, &err), AML_ERR_USER);
  aml_error_free(err);
  snprintf(g.job_status, sizeof(g.job_status), "Running");
  memset(&s, 0, sizeof(s));
  aml_job_log_options o;
  aml_job_log_options_init(&o, AML_JOB_LOG_OPTIONS_VERSION);
  o.timeout_ms = 0;
  err = NULL;
  assert_int_equal(aml_jobs_follow_logs(f->c, "job-1", &o, on_chunk, &s, &job, &err), AML_ERR_STILL_RUNNING);
  assert_string_equal(s.stdlog, "hello\nbye\n");
  assert_string_equal(job->status, "Running");
  aml_job_free(job);
  aml_error_free(err);

  /* Arguments. */
  assert_int_equal(aml_jobs_follow_logs(f->c, "job-1", NULL, NULL, NULL, NULL, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_jobs_follow_logs(f->c, "", NULL, on_chunk, &s, NULL, NULL), AML_ERR_INVALID_ARG);
  o.poll_interval_ms = -5;
  assert_int_equal(aml_jobs_follow_logs(f->c, "job-1", &o, on_chunk, &s, NULL, NULL), AML_ERR_INVALID_ARG);
  o.version = 9;
  assert_int_equal(aml_jobs_follow_logs(f->c, "job-1", &o, on_chunk, &s, NULL, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_job_log_options_init(&o, 9), AML_ERR_VERSION);
  assert_int_equal(aml_job_log_options_init(NULL, AML_JOB_LOG_OPTIONS_VERSION), AML_ERR_INVALID_ARG);
}

/* ---- invoke inputs that need the datastore ------------------------------ */

static void test_invoke_local_folder_and_assets(void **state) {
  fixture *f = *state;
  char dir[] = "/tmp/aml-invoke-in-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char sub[600], file[700];
  snprintf(sub, sizeof(sub), "%s/data", dir);
  assert_int_equal(mkdir(sub, 0700), 0);
  snprintf(file, sizeof(file), "%s/a.csv", sub);
  FILE *fp = fopen(file, "w");
  assert_non_null(fp);
  fputs("x,y\n1,2\n", fp);
  fclose(fp);

  aml_job_input in[4];
  for (int i = 0; i < 4; i++) aml_job_input_init(&in[i], AML_JOB_INPUT_VERSION);
  in[0].name = "local";
  in[0].uri = sub;
  in[1].name = "pinned";
  in[1].uri = "azureml:heart:3";
  in[2].name = "latest";
  in[2].uri = "azureml:heart@latest";
  in[3].name = "remote";
  in[3].uri = "https://example.test/data/";
  aml_invoke_options o;
  aml_invoke_options_init(&o, AML_INVOKE_OPTIONS_VERSION);
  o.inputs = in;
  o.inputs_count = 4;
  aml_job *job = NULL;
  aml_error *err = NULL;
  if (aml_batch_endpoints_invoke(f->c, "ep-1", &o, &job, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  aml_job_free(job);
  assert_int_equal(g.invokes, 1);
  json_t *body = json_loads(g.invoke_body, 0, NULL);
  json_t *data = json_object_get(json_object_get(body, "properties"), "inputData");
  const char *local = json_string_value(json_object_get(json_object_get(data, "local"), "uri"));
  /* Uploaded, content-addressed, sent as a folder URI. */
  assert_non_null(strstr(local, "azureml://datastores/workspaceblobstore/paths/LocalUpload/"));
  assert_non_null(strstr(local, "/data/"));
  assert_int_equal(local[strlen(local) - 1], '/');
  char hash_at[200]; /* LocalUpload/<hash>/data/ (kept: the body is freed below) */
  snprintf(hash_at, sizeof(hash_at), "%s", local + strlen("azureml://datastores/workspaceblobstore/paths/"));
  char blob_name[300];
  snprintf(blob_name, sizeof(blob_name), "%sa.csv", hash_at);
  blob *b = find_blob("azureml-blobstore", blob_name);
  assert_non_null(b);
  assert_int_equal(b->len, 8);
  assert_memory_equal(b->data, "x,y\n1,2\n", 8);
  assert_string_equal(json_string_value(json_object_get(json_object_get(data, "pinned"), "uri")), WS_PATH "/data/heart/versions/3");
  assert_string_equal(json_string_value(json_object_get(json_object_get(data, "latest"), "uri")), WS_PATH "/data/heart/versions/7");
  assert_int_equal(g.latest_lists, 1);
  assert_string_equal(json_string_value(json_object_get(json_object_get(data, "remote"), "uri")), "https://example.test/data/");
  json_decref(body);

  /* The same folder again: nothing is uploaded twice (same URI, same blobs). */
  int blobs_before = g.nblobs;
  if (aml_batch_endpoints_invoke(f->c, "ep-1", &o, &job, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  aml_job_free(job);
  body = json_loads(g.invoke_body, 0, NULL);
  data = json_object_get(json_object_get(body, "properties"), "inputData");
  assert_non_null(strstr(json_string_value(json_object_get(json_object_get(data, "local"), "uri")), hash_at));
  json_decref(body);
  assert_int_equal(g.nblobs, blobs_before);

  /* A local path that does not exist: nothing is invoked, the input is named. */
  snprintf(file, sizeof(file), "%s/missing", dir);
  in[0].uri = file;
  err = NULL;
  assert_true(aml_batch_endpoints_invoke(f->c, "ep-1", &o, &job, &err) < 0);
  assert_non_null(strstr(aml_error_message(err), "input local"));
  aml_error_free(err);
  assert_int_equal(g.invokes, 2);
  char cmd[600];
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
  const struct CMUnitTest tests[] = {
      T(test_output_uri_reported_probed_or_missing), T(test_download_output_and_logs),
      T(test_follow_delivers_each_byte_once), T(test_follow_failed_and_ended_jobs),
      T(test_invoke_local_folder_and_assets),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
