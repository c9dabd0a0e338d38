#include "run_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datastore.h"
#include "jobs.h"
#include "util.h"

static void set_error_property(json_t *body, const char *error)
{
    json_t *p = json_object_get(body, "properties");
    json_t *pp = json_object_get(p, "properties");
    if (!json_is_object(p))
        return;
    if (!json_is_object(pp)) {
        pp = json_object();
        json_object_set_new(p, "properties", pp);
    }
    if (error)
        json_object_set_new(pp, EM_JOB_ERROR_PROPERTY, json_string(error));
    else
        json_object_del(pp, EM_JOB_ERROR_PROPERTY);
}

/* Write job (one transaction); store lock held. */
static int write_job(em_store *st, em_job *job)
{
    if (em_store_begin(st) != 0)
        return -1;
    if (em_job_put(st, job) != 0) {
        em_store_rollback(st);
        return -1;
    }
    return em_store_commit(st);
}

bool em_run_claim(em_app *app, const char *key, char run_id[37])
{
    em_store *st = app->store;
    bool claimed = false;
    em_store_lock(st);
    em_job job;
    if (em_job_get(st, key, &job) == 0) {
        if (strcmp(job.status, "NotStarted") == 0 && job.endpoint) {
            em_uuid(run_id);
            free(job.status);
            job.status = em_xstrdup("Preparing");
            free(job.run_id);
            job.run_id = em_xstrdup(run_id);
            json_decref(job.run_info);
            job.run_info = json_pack("{s:s}", "runId", run_id);
            set_error_property(job.body, NULL);
            job.updated_ms = em_now_ms();
            claimed = write_job(st, &job) == 0;
        }
        em_job_free(&job);
    }
    em_store_unlock(st);
    return claimed;
}

em_run_hold em_run_advance(em_app *app, const char *key, const char *run_id, const char *status,
                           const json_t *info, const char *error)
{
    em_store *st = app->store;
    em_run_hold hold = EM_RUN_LOST;
    em_store_lock(st);
    em_job job;
    int rc = em_job_get(st, key, &job);
    if (rc < 0) {
        hold = EM_RUN_STORE_ERROR;
    } else if (rc == 0 && job.run_id && strcmp(job.run_id, run_id) == 0) {
        bool cancel = strcmp(job.status, "CancelRequested") == 0;
        if (cancel && !(status && strcmp(status, "Canceled") == 0)) {
            hold = EM_RUN_CANCEL;
        } else if (!status) {
            hold = EM_RUN_OWNED;
        } else {
            free(job.status);
            job.status = em_xstrdup(status);
            if (info) {
                json_decref(job.run_info);
                job.run_info = json_deep_copy(info);
            }
            if (error)
                set_error_property(job.body, error);
            if (em_job_status_terminal(status)) {
                free(job.run_id);
                job.run_id = NULL;
            }
            job.updated_ms = em_now_ms();
            hold = write_job(st, &job) == 0 ? EM_RUN_OWNED : EM_RUN_STORE_ERROR;
        }
    }
    if (rc == 0)
        em_job_free(&job);
    em_store_unlock(st);
    return hold;
}

static void append_log(const char *dir, const char *line)
{
    if (!dir)
        return;
    char *path = em_printf("%s/job.log", dir);
    FILE *f = fopen(path, "a");
    if (f) {
        char ts[40];
        em_iso8601(em_now_ms(), ts);
        fprintf(f, "%s %s\n", ts, line);
        fclose(f);
    }
    free(path);
}

int em_run_recover(em_app *app)
{
    em_store *st = app->store;
    int n = 0;
    em_store_lock(st);
    json_t *keys = em_job_owned(st);
    size_t i;
    json_t *k;
    json_array_foreach(keys, i, k) {
        em_job job;
        if (em_job_get(st, json_string_value(k), &job) != 0)
            continue;
        bool cancel = strcmp(job.status, "CancelRequested") == 0;
        char *why = em_printf("aml-emulator stopped while this job was %s, and a run does not "
                              "survive a restart. Invoke the endpoint again to run it.",
                              job.status);
        free(job.status);
        job.status = em_xstrdup(cancel ? "Canceled" : "Failed");
        free(job.run_id);
        job.run_id = NULL;
        if (!cancel) {
            set_error_property(job.body, why);
            if (json_is_object(job.run_info))
                json_object_set_new(job.run_info, "error", json_string(why));
        }
        job.updated_ms = em_now_ms();
        if (write_job(st, &job) == 0) {
            n++;
            char *logs = em_job_log_dir(app->datastore_dir, job.name);
            char *dir = em_printf("%s/logs", logs);
            append_log(dir, cancel ? "aml-emulator restarted: the job is Canceled." : why);
            free(dir);
            free(logs);
        }
        free(why);
        em_job_free(&job);
    }
    json_decref(keys);
    em_store_unlock(st);
    return n;
}
