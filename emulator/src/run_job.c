#include "run_job.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datastore.h"
#include "dispatch.h"
#include "fsutil.h"
#include "job_log.h"
#include "run_spec.h"
#include "run_state.h"
#include "util.h"

extern char **environ;

struct em_run {
    em_app *app;
    const em_run_env *env;
    char *key;
    char run_id[37];
    int wake[2];       /* self-pipe: a byte wakes the mini-batch loop */
    atomic_bool stop;  /* the emulator is stopping */
    atomic_bool done;
    bool started;
    pthread_t thread;
    void (*on_done)(void *ctx);
    void *ctx;
};

static em_run_hold check(void *ctx)
{
    em_run *r = ctx;
    return em_run_advance(r->app, r->key, r->run_id, NULL, NULL, NULL);
}

static bool stopping(void *ctx)
{
    return atomic_load(&((em_run *)ctx)->stop);
}

/* Why the run ends without writing a status. */
static void log_lost(FILE *log, em_run_hold h)
{
    if (h == EM_RUN_STORE_ERROR)
        em_job_log(log, "the job's record could not be written; the run ends here");
    else
        em_job_log(log, "the job was changed or deleted by another request (control API or ARM); "
                        "the run ends here without a status of its own");
}

/* The final status (a cancel requested meanwhile wins: Canceled). */
static void finish(em_run *r, FILE *log, json_t *info, const char *status, const char *error)
{
    if (stopping(r)) {
        em_job_log(log, "aml-emulator is stopping: the run ends here");
        return;
    }
    char ts[40];
    em_iso8601(em_now_ms(), ts);
    json_object_set_new(info, "endedAt", json_string(ts));
    if (error)
        json_object_set_new(info, "error", json_string(error));
    em_run_hold h = em_run_advance(r->app, r->key, r->run_id, status, info, error);
    if (h == EM_RUN_CANCEL) {
        status = "Canceled";
        json_object_del(info, "error");
        h = em_run_advance(r->app, r->key, r->run_id, status, info, NULL);
    }
    if (h != EM_RUN_OWNED) {
        log_lost(log, h);
        return;
    }
    if (error && strcmp(status, "Failed") == 0)
        em_job_log(log, "job Failed: %s", error);
    else
        em_job_log(log, "job %s", status);
}

static void describe(FILE *log, const em_run_spec *s, int batches)
{
    em_job_log(log, "scoring script %s in %s", s->script, s->code_dir);
    em_job_log(log, "AZUREML_MODEL_DIR=%s", s->model_path ? s->model_path : "(no model)");
    em_job_log(log, "input %s: %zu files in %d mini-batches of up to %d", s->input_path,
               s->files.n, batches, s->mini_batch_size);
    em_job_log(log, "workers: %d instance(s) x %d per instance, at most %d used", s->instances,
               s->concurrency, em_run_spec_workers(s) < batches ? em_run_spec_workers(s) : batches);
    em_job_log(log, "retries: %d, timeout per mini-batch: %.1f s, errorThreshold: %ld",
               s->max_retries, (double)s->timeout_ms / 1000.0, s->error_threshold);
    if (s->append_row)
        em_job_log(log, "output: AppendRow to %s", s->output_file);
    else
        em_job_log(log, "output: SummaryOnly (no output file)");
}

static bool named(const char *entry, const char *name)
{
    size_t n = strlen(name);
    return strncmp(entry, name, n) == 0 && entry[n] == '=';
}

/* The workers' environment: the emulator's own, the deployment's
 * environmentVariables over it, and the variables of the batch contract. */
static void build_env(const em_run_spec *s, em_strv *envp)
{
    char *out_dir = em_xstrdup(s->output_file ? s->output_file : s->score_dir);
    if (s->output_file) {
        char *slash = strrchr(out_dir, '/');
        if (slash && slash != out_dir)
            *slash = '\0';
    }
    em_strv set = {0};
    if (s->model_path)
        em_strv_push_owned(&set, em_printf("AZUREML_MODEL_DIR=%s", s->model_path));
    em_strv_push_owned(&set, em_printf("AZUREML_BI_OUTPUT_PATH=%s", out_dir));
    em_strv_push(&set, "PYTHONUNBUFFERED=1");
    em_strv_push(&set, "PYTHONDONTWRITEBYTECODE=1");
    const char *k;
    json_t *v;
    json_object_foreach(s->env, k, v)
        if (json_is_string(v))
            em_strv_push_owned(&set, em_printf("%s=%s", k, json_string_value(v)));
    for (char **e = environ; *e; e++) {
        bool overridden = false;
        for (size_t i = 0; i < set.n && !overridden; i++) {
            size_t n = strcspn(set.v[i], "=");
            overridden = strncmp(*e, set.v[i], n + 1) == 0;
        }
        if (!overridden && !named(*e, "AZUREML_MODEL_DIR"))
            em_strv_push(envp, *e);
    }
    for (size_t i = 0; i < set.n; i++)
        em_strv_push(envp, set.v[i]);
    em_strv_free(&set);
    free(out_dir);
}

static FILE *open_output(const char *path, char **err)
{
    char *dir = em_xstrdup(path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir)
        *slash = '\0';
    FILE *f = em_mkdir_p(dir, 0755) == 0 ? fopen(path, "w") : NULL;
    if (!f)
        *err = em_printf("The output file %s cannot be written.", path);
    free(dir);
    return f;
}

/* Everything after Running: workers and mini-batches, then the status. */
static void run_batches(em_run *r, FILE *log, json_t *info, em_run_spec *spec, FILE *out)
{
    em_strv envp = {0};
    build_env(spec, &envp);
    em_worker_launch launch = {.python = r->env->python, .driver = r->env->driver,
                               .code_dir = spec->code_dir, .script = spec->script,
                               .envp = envp.v};
    em_dispatch_ctl ctl = {.wake_fd = r->wake[0], .check = check, .stopping = stopping, .ctx = r};
    em_dispatch_result res = {0};
    em_dispatch_end end = em_dispatch_run(spec, &launch, log, out, &ctl, &res);
    em_strv_free(&envp);
    json_object_set_new(info, "succeededItems", json_integer(res.succeeded));
    json_object_set_new(info, "failedItems", json_integer(res.failed));
    json_object_set_new(info, "rows", json_integer(res.rows));
    em_job_log(log, "%ld items: %ld succeeded, %ld failed; %ld rows", res.items, res.succeeded,
               res.failed, res.rows);
    switch (end) {
    case EM_DISPATCH_DONE: finish(r, log, info, "Completed", NULL); break;
    case EM_DISPATCH_FAILED: finish(r, log, info, "Failed", res.error); break;
    case EM_DISPATCH_CANCEL:
        em_job_log(log, "cancel requested: the workers were stopped");
        finish(r, log, info, "Canceled", NULL);
        break;
    case EM_DISPATCH_LOST: log_lost(log, EM_RUN_LOST); break;
    case EM_DISPATCH_STOP:
        em_job_log(log, "aml-emulator is stopping: the workers were stopped");
        break;
    }
    free(res.error);
}

static void execute(em_run *r)
{
    em_job job;
    em_store_lock(r->app->store);
    int rc = em_job_get(r->app->store, r->key, &job);
    em_store_unlock(r->app->store);
    if (rc != 0)
        return;
    /* A run starts from an empty folder (a job set back to NotStarted runs
     * again); the folder is the job's own, under the datastore root. */
    char *dir = job.output_path ? em_xstrdup(job.output_path)
                                : em_job_score_dir(r->app->datastore_dir, job.name);
    char *log_dir = em_job_log_dir(r->app->datastore_dir, job.name);
    em_rm_rf(dir);
    em_rm_rf(log_dir);
    char *logs = em_printf("%s/logs", log_dir), *log_path = em_printf("%s/job.log", logs);
    char *user_logs = em_printf("%s/user_logs", log_dir);
    em_mkdir_p(logs, 0755);
    em_mkdir_p(user_logs, 0755);
    em_mkdir_p(dir, 0755);
    /* Present from the start, as on the service (clients skip it while
     * empty). */
    char *std_log = em_printf("%s/std_log.txt", user_logs);
    FILE *sf = fopen(std_log, "a");
    if (sf)
        fclose(sf);
    free(std_log);
    free(user_logs);
    FILE *log = em_job_log_open(log_path);
    char ts[40];
    em_iso8601(em_now_ms(), ts);
    json_t *info = json_pack("{s:s, s:s, s:s}", "runId", r->run_id, "startedAt", ts, "log",
                             log_path);
    em_job_log(log, "job %s: batch endpoint %s, deployment %s; Preparing", job.name, job.endpoint,
               job.deployment);
    em_run_spec spec = {0};
    char *err = NULL;
    FILE *out = NULL;
    int built = -1;
    if (!r->env->python)
        err = em_xstrdup("No python3 was found on PATH when aml-emulator started; install it or "
                         "start the emulator with --python PATH.");
    else
        built = em_run_spec_build(r->app, &job, &spec, &err);
    if (built == 0) {
        int batches = (int)((spec.files.n + (size_t)spec.mini_batch_size - 1) /
                            (size_t)spec.mini_batch_size);
        describe(log, &spec, batches);
        json_object_set_new(info, "miniBatches", json_integer(batches));
        json_object_set_new(info, "items", json_integer((json_int_t)spec.files.n));
        json_object_set_new(info, "outputFile",
                            spec.append_row ? json_string(spec.output_file) : json_null());
        if (spec.append_row)
            out = open_output(spec.output_file, &err);
    }
    if (err) {
        em_job_log(log, "the job cannot run");
        finish(r, log, info, "Failed", err);
    } else {
        em_run_hold h = em_run_advance(r->app, r->key, r->run_id, "Running", info, NULL);
        if (h == EM_RUN_OWNED) {
            em_job_log(log, "Running");
            run_batches(r, log, info, &spec, out);
        } else if (h == EM_RUN_CANCEL) {
            finish(r, log, info, "Canceled", NULL);
        } else {
            log_lost(log, h);
        }
    }
    if (out)
        fclose(out);
    em_run_spec_free(&spec);
    free(err);
    json_decref(info);
    if (log)
        fclose(log);
    free(log_path);
    free(logs);
    free(log_dir);
    free(dir);
    em_job_free(&job);
}

static void *thread_main(void *arg)
{
    em_run *r = arg;
    execute(r);
    void (*on_done)(void *) = r->on_done;
    void *ctx = r->ctx;
    atomic_store(&r->done, true);
    on_done(ctx);
    return NULL;
}

em_run *em_run_new(em_app *app, const em_run_env *env, const char *key, const char *run_id,
                   void (*on_done)(void *ctx), void *ctx)
{
    em_run *r = em_xcalloc(1, sizeof *r);
    r->app = app;
    r->env = env;
    r->key = em_xstrdup(key);
    snprintf(r->run_id, sizeof r->run_id, "%s", run_id);
    r->on_done = on_done;
    r->ctx = ctx;
    atomic_init(&r->stop, false);
    atomic_init(&r->done, false);
    if (pipe2(r->wake, O_CLOEXEC | O_NONBLOCK) != 0)
        r->wake[0] = r->wake[1] = -1;
    return r;
}

int em_run_start(em_run *r)
{
    if (pthread_create(&r->thread, NULL, thread_main, r) != 0) {
        atomic_store(&r->done, true);
        return -1;
    }
    r->started = true;
    return 0;
}

void em_run_poke(em_run *r)
{
    if (r->wake[1] >= 0 && write(r->wake[1], "p", 1) < 0) {
        /* A full pipe already holds a wake-up. */
    }
}

void em_run_stop(em_run *r)
{
    atomic_store(&r->stop, true);
    em_run_poke(r);
}

bool em_run_done(em_run *r)
{
    return atomic_load(&r->done);
}

const char *em_run_key(const em_run *r)
{
    return r->key;
}

void em_run_free(em_run *r)
{
    if (!r)
        return;
    if (r->started)
        pthread_join(r->thread, NULL);
    if (r->wake[0] >= 0) {
        close(r->wake[0]);
        close(r->wake[1]);
    }
    free(r->key);
    free(r);
}
