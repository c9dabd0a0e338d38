/* Following a job's logs while it runs (azure-ai-ml's jobs.stream): poll
 * the job's status, list the files of its log folders, fetch each file's new
 * bytes with a ranged GET from the last byte delivered, and stop once a poll
 * that began with the job terminal has delivered everything. */
#include <azureml/job_outputs.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/str.h"
#include "ml/data_access.h"
#include "ml/job_finish.h"
#include "ml/job_outputs_impl.h"
#include "ml/ops_common.h"

#include <string.h>

aml_result aml_job_log_options_init(aml_job_log_options *opts, uint32_t version) {
  if (!opts) return AML_ERR_INVALID_ARG;
  if (version != AML_JOB_LOG_OPTIONS_VERSION) return AML_ERR_VERSION;
  memset(opts, 0, sizeof(*opts));
  opts->version = version;
  opts->poll_interval_ms = AML_UNSET64;
  opts->timeout_ms = AML_UNSET64;
  return AML_OK;
}

/* How much of one log file was delivered. */
typedef struct log_file {
  char *name; /* relative to the log folder */
  uint64_t delivered;
} log_file;

typedef struct follow {
  aml__data_target *logs; /* the job's default output folder */
  size_t prefix_len;      /* of logs->path */
  log_file *files;
  size_t count, cap;
  aml_job_log_fn fn;
  void *user_data;
  aml_error **err;
} follow;

static void follow_cleanup(follow *f) {
  for (size_t i = 0; i < f->count; i++) aml__free(f->files[i].name);
  aml__free(f->files);
  aml__data_target_free(f->logs);
}

static bool is_log(const char *rel) {
  for (size_t i = 0; i < AML__JOB_LOG_FOLDERS_COUNT; i++)
    if (strncmp(rel, aml__job_log_folders[i], strlen(aml__job_log_folders[i])) == 0) return true;
  return false;
}

static log_file *file_entry(follow *f, const char *rel) {
  for (size_t i = 0; i < f->count; i++)
    if (strcmp(f->files[i].name, rel) == 0) return &f->files[i];
  if (f->count == f->cap) {
    size_t cap = f->cap ? f->cap * 2 : 8;
    log_file *grown = aml__realloc(f->files, cap * sizeof(*grown));
    if (!grown) return NULL;
    f->files = grown;
    f->cap = cap;
  }
  log_file *e = &f->files[f->count];
  if (!(e->name = aml__strdup(rel))) return NULL;
  e->delivered = 0;
  f->count++;
  return e;
}

/* One listed blob: fetch and deliver what is new in it. */
static aml_result on_blob(const aml_blob_item *item, void *user_data) {
  follow *f = user_data;
  if (item->is_prefix || strlen(item->name) <= f->prefix_len) return AML_OK;
  const char *rel = item->name + f->prefix_len;
  if (!is_log(rel)) return AML_OK;
  log_file *e = file_entry(f, rel);
  if (!e) return aml__fail(f->err, AML_ERR_NOMEM, "out of memory following logs");
  if (item->props.content_length <= e->delivered) return AML_OK;
  aml_buf body = AML_BUF_INIT;
  aml_result rc = aml__blob_get(f->logs->container, item->name, e->delivered, AML_BLOB_TO_END, &body, NULL, f->err);
  if (rc == AML_OK && body.len > 0) {
    e->delivered += body.len;
    if (f->fn(e->name, (const uint8_t *)body.ptr, body.len, f->user_data) != 0)
      rc = aml__fail(f->err, AML_ERR_USER, "the log callback stopped following job logs at %s", e->name);
  }
  aml__buf_free(&body);
  return rc;
}

/* Deliver everything new in every log file. */
static aml_result deliver_new(follow *f) {
  aml_blob_list_options lo = {.prefix = f->logs->path[0] ? f->logs->path : NULL};
  return aml__blob_list_all(f->logs->container, &lo, on_blob, f, f->err);
}

static aml_result open_logs(aml_client *c, const aml_job *job, follow *f, aml_error **err) {
  char *uri = NULL;
  aml_buf folder = AML_BUF_INIT;
  aml_result rc = aml__job_output_uri(c, job, AML_JOB_OUTPUT_DEFAULT, &uri, err);
  if (rc == AML_OK && (aml__buf_puts(&folder, uri) || (folder.ptr[folder.len - 1] != '/' && aml__buf_putc(&folder, '/'))))
    rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
  if (rc == AML_OK) rc = aml__data_target_open(c, folder.ptr, &f->logs, err);
  if (rc == AML_OK) f->prefix_len = strlen(f->logs->path);
  aml__buf_free(&folder);
  aml__free(uri);
  return rc;
}

static aml_result check_args(aml_client *client, const char *job_name, const aml_job_log_options *opts,
                             aml_job_log_fn fn, aml_error **err) {
  static const char name[] = "aml_jobs_follow_logs";
  if (!client || !fn) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and fn are required", name);
  aml_result rc = aml__ops_require(job_name, name, "job_name", err);
  if (rc < 0 || !opts) return rc;
  if (opts->version != AML_JOB_LOG_OPTIONS_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "%s: unknown aml_job_log_options version %u", name, opts->version);
  if (opts->poll_interval_ms != AML_UNSET64 && opts->poll_interval_ms < 0)
    return aml__fail(err, AML_ERR_INVALID_ARG, "%s: poll_interval_ms must be >= 0", name);
  return AML_OK;
}

aml_result aml_jobs_follow_logs(aml_client *client, const char *job_name, const aml_job_log_options *opts,
                                aml_job_log_fn fn, void *user_data, aml_job **out, aml_error **err) {
  if (out) *out = NULL;
  aml_result rc = check_args(client, job_name, opts, fn, err);
  if (rc < 0) return rc;
  const int64_t interval =
      opts && opts->poll_interval_ms != AML_UNSET64 ? opts->poll_interval_ms : client->poll_interval_ms;
  const int64_t timeout = opts && opts->timeout_ms != AML_UNSET64 ? opts->timeout_ms : -1;
  const int64_t start = aml__monotonic_ms();
  follow f = {.fn = fn, .user_data = user_data, .err = err};
  aml_job *job = NULL;
  for (;;) {
    aml_job_free(job);
    job = NULL;
    /* The status first: logs written before a terminal status are all in
     * storage by the listing that follows it. */
    if ((rc = aml_jobs_get(client, job_name, &job, err)) < 0) break;
    if (!f.logs && (rc = open_logs(client, job, &f, err)) < 0) break;
    if ((rc = deliver_new(&f)) < 0) break;
    if (aml_job_status_is_terminal(job->status)) {
      rc = aml__job_finish(client, job, err);
      break;
    }
    bool last = false;
    /* The client's sleep hook may refuse: its negative code ends the follow. */
    if ((rc = aml__pipeline_sleep(&client->pipeline, aml__deadline_delay_ms(interval, timeout, start, &last))) < 0) {
      rc = aml__fail(err, rc, "aml_jobs_follow_logs: the sleep hook stopped following job %s", job_name);
      break;
    }
    if (last) {
      /* One last look, so that the deadline finds everything written by then. */
      if ((rc = deliver_new(&f)) == AML_OK)
        rc = aml__fail(err, AML_ERR_STILL_RUNNING, "job %s still %s at the %lld ms deadline", job_name,
                       job->status ? job->status : "without a status", (long long)timeout);
      break;
    }
  }
  follow_cleanup(&f);
  if (out)
    *out = job;
  else
    aml_job_free(job);
  return rc;
}
