#include "job_outputs.h"

#include <stdlib.h>
#include <string.h>

#include "blob_fs.h"
#include "datastore.h"
#include "fsutil.h"
#include "util.h"

static const char *content_type(const char *name)
{
    if (em_ends_with(name, ".csv"))
        return "text/csv; charset=utf-8";
    if (em_ends_with(name, ".log") || em_ends_with(name, ".txt"))
        return "text/plain; charset=utf-8";
    if (em_ends_with(name, ".json"))
        return "application/json";
    return "application/octet-stream";
}

/* The output file when it lives outside the job's folder, else NULL. */
static const char *outside_output(const em_job *job, const char *folder)
{
    const char *f = json_string_value(json_object_get(job->run_info, "outputFile"));
    size_t n = strlen(folder);
    if (!f || (strncmp(f, folder, n) == 0 && f[n] == '/'))
        return NULL;
    return f;
}

static json_t *file_entry(const char *name, const char *path)
{
    return json_pack("{s:s, s:I, s:s}", "name", name, "size", (json_int_t)em_file_size(path),
                     "path", path);
}

static void add_files(json_t *files, const char *folder)
{
    em_strv all = {0};
    em_list_files(folder, &all);
    size_t n = strlen(folder);
    for (size_t i = 0; i < all.n; i++) {
        /* A link out of the folder is not the job's file. */
        char *inside = em_blob_resolve(folder, all.v[i] + n + 1);
        if (inside)
            json_array_append_new(files, file_entry(all.v[i] + n + 1, all.v[i]));
        free(inside);
    }
    em_strv_free(&all);
}

static void list(em_response *resp, const em_job *job, const char *folder, const char *log_dir)
{
    json_t *files = json_array();
    add_files(files, folder);
    /* logs/job.log and user_logs/std_log.txt of the artifact store. */
    add_files(files, log_dir);
    const char *out = outside_output(job, folder);
    if (out && em_is_file(out))
        json_array_append_new(files, file_entry(strrchr(out, '/') + 1, out));
    char *uri = em_job_score_uri(job->name);
    json_t *body = json_pack("{s:s, s:s, s:s, s:s, s:O, s:o}", "name", job->name, "status",
                             job->status, "folder", folder, "uri", uri, "run",
                             job->run_info ? job->run_info : json_null(), "files", files);
    free(uri);
    em_resp_json(resp, 200, body);
}

static void serve(em_response *resp, const em_job *job, const char *folder, const char *log_dir,
                  char **file, int nfile)
{
    em_buf rel = {0};
    for (int i = 0; i < nfile; i++)
        em_buf_printf(&rel, "%s%s", i ? "/" : "", file[i]);
    char *name = em_buf_take(&rel);
    char *path = NULL;
    const char *out = outside_output(job, folder);
    if (out && strcmp(strrchr(out, '/') + 1, name) == 0)
        path = em_xstrdup(out);
    else if (strcmp(name, "job.log") == 0) /* its name before the logs moved */
        path = em_blob_resolve(log_dir, "logs/job.log");
    else if ((em_starts_with(name, "logs/") || em_starts_with(name, "user_logs/")) &&
             em_blob_name_ok(name))
        path = em_blob_resolve(log_dir, name);
    else if (em_blob_name_ok(name))
        /* Only what resolves inside the job's folder (no link out of it). */
        path = em_blob_resolve(folder, name);
    size_t len = 0;
    char *data = path && em_is_file(path) ? em_read_file(path, &len) : NULL;
    if (data) {
        em_resp_bytes(resp, 200, content_type(name), data, len);
    } else {
        char *msg = em_printf("The job '%s' has no output file '%s'.", job->name, name);
        em_resp_arm_error(resp, 404, "NotFound", msg, NULL);
        free(msg);
    }
    free(path);
    free(name);
}

void em_job_outputs(em_app *app, em_response *resp, const char *key, char **file, int nfile)
{
    em_job job;
    em_store_lock(app->store);
    int rc = em_job_get(app->store, key, &job);
    em_store_unlock(app->store);
    if (rc < 0) {
        em_resp_arm_error(resp, 500, "InternalServerError", "The job could not be read.", NULL);
        return;
    }
    if (rc > 0) {
        em_resp_arm_error(resp, 404, "NotFound", "No job with that name in the workspace.", NULL);
        return;
    }
    char *folder = job.output_path ? em_xstrdup(job.output_path)
                                   : em_job_score_dir(app->datastore_dir, job.name);
    char *log_dir = em_job_log_dir(app->datastore_dir, job.name);
    if (nfile == 0)
        list(resp, &job, folder, log_dir);
    else
        serve(resp, &job, folder, log_dir, file, nfile);
    free(log_dir);
    free(folder);
    em_job_free(&job);
}
