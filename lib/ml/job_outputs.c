/* A job's outputs and logs: where they are (the URI the job reports, else
 * the places azure-ai-ml probes: DATA-API.md §5.2-5.4), and downloading
 * them through the datastore transfers (aml_data_download). */
#include <azureml/job_outputs.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/str.h"
#include "ml/data_access.h"
#include "ml/job_outputs_impl.h"
#include "ml/ops_common.h"

#include <string.h>

const char *const aml__job_log_folders[AML__JOB_LOG_FOLDERS_COUNT] = {"logs/", "user_logs/", "azureml-logs/"};

/* True when anything lies under the target's folder (one listed item is enough). */
static aml_result has_blobs(const aml__data_target *t, bool *found, aml_error **err) {
  aml_buf prefix = AML_BUF_INIT;
  if (aml__buf_puts(&prefix, t->path) ||
      (prefix.len && prefix.ptr[prefix.len - 1] != '/' && aml__buf_putc(&prefix, '/'))) {
    aml__buf_free(&prefix);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  }
  aml_blob_list_options lo = {.prefix = prefix.len ? prefix.ptr : NULL, .max_results = 1};
  aml_blob_list_page page = {0};
  aml_result rc = aml__blob_list_page(t->container, &lo, &page, err);
  *found = rc == AML_OK && page.count > 0;
  aml__blob_list_page_cleanup(&page);
  aml__buf_free(&prefix);
  return rc;
}

/* azureml://datastores/<datastore>/paths/<path> */
static char *datastore_uri(const char *datastore, const char *path) {
  aml_buf b = AML_BUF_INIT;
  if (aml__buf_printf(&b, "azureml://datastores/%s/paths/%s", datastore, path)) {
    aml__buf_free(&b);
    return NULL;
  }
  return aml__buf_detach(&b);
}

/* azure-ai-ml's _get_named_output_uri: azureml/<job>/<output>/ then
 * dataset/<job>/<output>/ on the default datastore, the first that holds
 * anything. */
static aml_result probe_default_datastore(aml_client *c, const char *job, const char *output, char **uri_out,
                                          aml_error **err) {
  static const char *const roots[] = {"azureml", "dataset"};
  aml__data_target *ds = NULL;
  aml_result rc = aml__data_target_open_datastore(c, NULL, &ds, err);
  if (rc < 0) return rc;
  for (size_t i = 0; rc == AML_OK && !*uri_out && i < sizeof(roots) / sizeof(roots[0]); i++) {
    aml_buf path = AML_BUF_INIT;
    char *uri = NULL;
    if (aml__buf_printf(&path, "%s/%s/%s/", roots[i], job, output) || !(uri = datastore_uri(ds->datastore, path.ptr))) {
      aml__buf_free(&path);
      rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
      break;
    }
    aml__buf_free(&path);
    aml__data_target *t = NULL;
    bool found = false;
    rc = aml__data_target_open(c, uri, &t, err);
    if (rc == AML_OK) rc = has_blobs(t, &found, err);
    aml__data_target_free(t);
    if (rc == AML_OK && found)
      *uri_out = uri;
    else
      aml__free(uri);
  }
  aml__data_target_free(ds);
  return rc;
}

aml_result aml__job_output_uri(aml_client *c, const aml_job *job, const char *output, char **uri_out,
                               aml_error **err) {
  *uri_out = NULL;
  const aml_job_output *o = aml_job_find_output(job, output);
  if (o && !aml__str_empty(o->uri))
    return (*uri_out = aml__strdup(o->uri)) ? AML_OK : aml__fail(err, AML_ERR_NOMEM, "out of memory");
  if (strcmp(output, AML_JOB_OUTPUT_DEFAULT) == 0) {
    /* Where the service keeps a run's logs (azure-ai-ml's artifact store). */
    aml_buf path = AML_BUF_INIT;
    if (aml__buf_printf(&path, "ExperimentRun/dcid.%s/", job->name) ||
        !(*uri_out = datastore_uri("workspaceartifactstore", path.ptr))) {
      aml__buf_free(&path);
      return aml__fail(err, AML_ERR_NOMEM, "out of memory");
    }
    aml__buf_free(&path);
    return AML_OK;
  }
  aml_result rc = probe_default_datastore(c, job->name, output, uri_out, err);
  if (rc == AML_OK && !*uri_out)
    rc = aml__fail(err, AML_ERR_NOT_FOUND, "job %s reports no output %s, and the default datastore has nothing at "
                                           "azureml/%s/%s/ or dataset/%s/%s/",
                   job->name, output, job->name, output, job->name, output);
  return rc;
}

static aml_result output_uri(aml_client *c, const char *fn, const char *job_name, const char *output_name,
                             char **uri_out, aml_error **err) {
  aml_result rc = aml__ops_require(job_name, fn, "job_name", err);
  if (rc < 0) return rc;
  aml_job *job = NULL;
  rc = aml_jobs_get(c, job_name, &job, err);
  if (rc == AML_OK) rc = aml__job_output_uri(c, job, output_name ? output_name : AML_JOB_OUTPUT_SCORE, uri_out, err);
  aml_job_free(job);
  return rc;
}

aml_result aml_jobs_get_output_uri(aml_client *client, const char *job_name, const char *output_name, char **uri_out,
                                   aml_error **err) {
  static const char fn[] = "aml_jobs_get_output_uri";
  if (!client || !uri_out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and uri_out are required", fn);
  *uri_out = NULL;
  return output_uri(client, fn, job_name, output_name, uri_out, err);
}

aml_result aml_jobs_download_output(aml_client *client, const char *job_name, const char *output_name,
                                    const char *local_dir, const aml_transfer_options *opts, aml_error **err) {
  static const char fn[] = "aml_jobs_download_output";
  if (!client) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client is required", fn);
  aml_result rc = aml__ops_require(local_dir, fn, "local_dir", err);
  char *uri = NULL;
  if (rc == AML_OK) rc = output_uri(client, fn, job_name, output_name, &uri, err);
  if (rc == AML_OK) rc = aml_data_download(client, uri, local_dir, opts, err);
  aml__free(uri);
  return rc;
}

/* The log folders of a job's default output, each downloaded to the same
 * relative place under local_dir. */
aml_result aml_jobs_download_logs(aml_client *client, const char *job_name, const char *local_dir,
                                  const aml_transfer_options *opts, aml_error **err) {
  static const char fn[] = "aml_jobs_download_logs";
  if (!client) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client is required", fn);
  aml_result rc = aml__ops_require(local_dir, fn, "local_dir", err);
  char *base = NULL;
  if (rc == AML_OK) rc = output_uri(client, fn, job_name, AML_JOB_OUTPUT_DEFAULT, &base, err);
  size_t got = 0;
  for (size_t i = 0; rc == AML_OK && i < AML__JOB_LOG_FOLDERS_COUNT; i++) {
    const char *folder = aml__job_log_folders[i];
    aml_buf src = AML_BUF_INIT, dst = AML_BUF_INIT;
    bool nomem = aml__buf_puts(&src, base) || (src.len && src.ptr[src.len - 1] != '/' && aml__buf_putc(&src, '/')) ||
                 aml__buf_puts(&src, folder) || aml__buf_printf(&dst, "%s/%s", local_dir, folder);
    bool found = false;
    aml__data_target *t = NULL;
    if (nomem) rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
    /* An absent folder is no error (batch jobs have no azureml-logs/). */
    if (rc == AML_OK) rc = aml__data_target_open(client, src.ptr, &t, err);
    if (rc == AML_OK) rc = has_blobs(t, &found, err);
    aml__data_target_free(t);
    if (rc == AML_OK && found) {
      dst.ptr[dst.len - 1] = '\0'; /* no trailing '/' on the local folder */
      rc = aml_data_download(client, src.ptr, dst.ptr, opts, err);
      got++;
    }
    aml__buf_free(&src);
    aml__buf_free(&dst);
  }
  if (rc == AML_OK && got == 0)
    rc = aml__fail(err, AML_ERR_NOT_FOUND, "job %s has no logs (yet) under %s", job_name, base);
  aml__free(base);
  return rc;
}
