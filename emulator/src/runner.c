#include "runner.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aml_batch_worker_py.h"
#include "fsutil.h"
#include "run_job.h"
#include "run_state.h"
#include "util.h"

/* The scheduler looks at the jobs table at least this often, so that a
 * change nobody announced (a restart's leftovers) is not missed for long. */
#define IDLE_WAIT_MS 5000

struct em_runner {
    em_app *app;
    em_run_env env;
    char *python, *driver;
    pthread_t thread;
    bool started;
    pthread_mutex_t mu; /* guards everything below */
    pthread_cond_t cv;
    bool stopping;
    bool wake;          /* something changed since the scheduler last looked */
    em_run **runs;      /* active runs */
    int n_runs, cap_runs;
};

/* An executable named want: a path as given (made absolute, never resolved
 * through symbolic links, which would take a virtualenv's interpreter out of
 * its environment), or the first match on PATH. */
static char *find_python(const char *want)
{
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
        snprintf(cwd, sizeof cwd, "/");
    if (strchr(want, '/')) {
        char *p = want[0] == '/' ? em_xstrdup(want) : em_printf("%s/%s", cwd, want);
        if (access(p, X_OK) == 0 && em_is_file(p))
            return p;
        free(p);
        return NULL;
    }
    const char *path = getenv("PATH");
    char *dirs = em_xstrdup(path && *path ? path : "/usr/local/bin:/usr/bin:/bin");
    char *found = NULL, *save = NULL;
    for (char *d = strtok_r(dirs, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
        char *p = d[0] == '/' ? em_printf("%s/%s", d, want) : em_printf("%s/%s/%s", cwd, d, want);
        if (access(p, X_OK) == 0 && em_is_file(p))
            found = p;
        else
            free(p);
    }
    free(dirs);
    return found;
}

em_runner *em_runner_new(em_app *app, const char *driver_dir, char **err)
{
    if (em_mkdir_p(driver_dir, 0700) != 0) {
        *err = em_printf("cannot create %s for the batch worker driver", driver_dir);
        return NULL;
    }
    char *driver = em_printf("%s/aml_batch_worker.py", driver_dir);
    if (em_write_file(driver, (const char *)EM_BATCH_WORKER_PY, sizeof EM_BATCH_WORKER_PY,
                      0600) != 0) {
        *err = em_printf("cannot write the batch worker driver %s", driver);
        free(driver);
        return NULL;
    }
    em_runner *r = em_xcalloc(1, sizeof *r);
    r->app = app;
    r->driver = driver;
    r->python = find_python(app->cfg.python);
    if (!r->python)
        fprintf(stderr, "aml-emulator: '%s' was not found: batch jobs will fail until the "
                        "emulator is started with --python PATH\n",
                app->cfg.python);
    r->env.python = r->python;
    r->env.driver = r->driver;
    pthread_mutex_init(&r->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    /* Waits are for durations; the wall clock may jump. */
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&r->cv, &ca);
    pthread_condattr_destroy(&ca);
    return r;
}

static void wake_locked(em_runner *r)
{
    r->wake = true;
    pthread_cond_signal(&r->cv);
}

static void run_done(void *ctx)
{
    em_runner *r = ctx;
    pthread_mutex_lock(&r->mu);
    wake_locked(r);
    pthread_mutex_unlock(&r->mu);
}

static em_run *find_locked(em_runner *r, const char *key)
{
    for (int i = 0; i < r->n_runs; i++)
        if (strcmp(em_run_key(r->runs[i]), key) == 0)
            return r->runs[i];
    return NULL;
}

static void add_locked(em_runner *r, em_run *run)
{
    if (r->n_runs == r->cap_runs) {
        r->cap_runs = r->cap_runs ? r->cap_runs * 2 : 8;
        r->runs = em_xrealloc(r->runs, (size_t)r->cap_runs * sizeof *r->runs);
    }
    r->runs[r->n_runs++] = run;
}

/* Unlink the finished runs into out (joined and freed by the caller
 * unlocked: a run's last act takes the lock). */
static int take_finished_locked(em_runner *r, em_run **out, int max)
{
    int n = 0;
    for (int i = 0; i < r->n_runs && n < max;) {
        if (em_run_done(r->runs[i])) {
            out[n++] = r->runs[i];
            r->runs[i] = r->runs[--r->n_runs];
        } else {
            i++;
        }
    }
    return n;
}

static void start_run(em_runner *r, const char *key, const char *run_id)
{
    em_run *run = em_run_new(r->app, &r->env, key, run_id, run_done, r);
    pthread_mutex_lock(&r->mu);
    add_locked(r, run);
    pthread_mutex_unlock(&r->mu);
    if (em_run_start(run) != 0) {
        json_t *info = json_pack("{s:s}", "runId", run_id);
        em_run_advance(r->app, key, run_id, "Failed", info,
                       "aml-emulator could not start a thread for the job.");
        json_decref(info);
    }
}

/* Claim the jobs whose start delay has passed; returns how long to wait
 * before the next one is due. */
static int64_t claim_due(em_runner *r)
{
    em_app *app = r->app;
    em_store_lock(app->store);
    json_t *jobs = em_job_runnable(app->store);
    em_store_unlock(app->store);
    int64_t wait = IDLE_WAIT_MS, now = em_now_ms();
    size_t i;
    json_t *j;
    json_array_foreach(jobs, i, j) {
        const char *key = json_string_value(json_object_get(j, "key"));
        int64_t due =
            json_integer_value(json_object_get(j, "updatedMs")) + app->cfg.job_start_delay_ms;
        if (due > now) {
            if (due - now < wait)
                wait = due - now;
            continue;
        }
        pthread_mutex_lock(&r->mu);
        bool full = r->n_runs >= app->cfg.max_running_jobs || r->stopping;
        /* Still winding down an earlier run (its status was forced back to
         * NotStarted): the next look, when that run ends, takes it. */
        bool busy = find_locked(r, key) != NULL;
        pthread_mutex_unlock(&r->mu);
        if (full)
            break;
        char run_id[37];
        if (!busy && em_run_claim(app, key, run_id))
            start_run(r, key, run_id);
    }
    json_decref(jobs);
    return wait;
}

static void *scheduler(void *arg)
{
    em_runner *r = arg;
    em_run *finished[16];
    pthread_mutex_lock(&r->mu);
    while (!r->stopping) {
        int n = take_finished_locked(r, finished, 16);
        r->wake = false;
        pthread_mutex_unlock(&r->mu);
        for (int i = 0; i < n; i++)
            em_run_free(finished[i]);
        int64_t wait = n == 16 ? 0 : claim_due(r);
        pthread_mutex_lock(&r->mu);
        if (r->wake || r->stopping || wait <= 0)
            continue;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_sec += (time_t)(wait / 1000);
        ts.tv_nsec += (long)(wait % 1000) * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        while (!r->wake && !r->stopping &&
               pthread_cond_timedwait(&r->cv, &r->mu, &ts) == 0)
            ;
    }
    pthread_mutex_unlock(&r->mu);
    return NULL;
}

int em_runner_start(em_runner *r)
{
    if (pthread_create(&r->thread, NULL, scheduler, r) != 0)
        return -1;
    r->started = true;
    return 0;
}

void em_runner_notify(em_runner *r)
{
    if (!r)
        return;
    pthread_mutex_lock(&r->mu);
    wake_locked(r);
    pthread_mutex_unlock(&r->mu);
}

void em_runner_poke(em_runner *r, const char *key)
{
    if (!r)
        return;
    pthread_mutex_lock(&r->mu);
    em_run *run = find_locked(r, key);
    if (run)
        em_run_poke(run);
    /* The change may also have made the job runnable again. */
    wake_locked(r);
    pthread_mutex_unlock(&r->mu);
}

void em_runner_clock_moved(em_runner *r)
{
    if (!r)
        return;
    pthread_mutex_lock(&r->mu);
    for (int i = 0; i < r->n_runs; i++)
        em_run_poke(r->runs[i]);
    wake_locked(r);
    pthread_mutex_unlock(&r->mu);
}

const char *em_runner_python(const em_runner *r)
{
    return r ? r->python : NULL;
}

static void stop_all(em_runner *r)
{
    pthread_mutex_lock(&r->mu);
    r->stopping = true;
    for (int i = 0; i < r->n_runs; i++)
        em_run_stop(r->runs[i]);
    pthread_cond_signal(&r->cv);
    pthread_mutex_unlock(&r->mu);
}

void em_runner_free(em_runner *r)
{
    if (!r)
        return;
    stop_all(r);
    if (r->started)
        pthread_join(r->thread, NULL);
    /* Runs the scheduler added after the first pass were told too. */
    stop_all(r);
    for (int i = 0; i < r->n_runs; i++)
        em_run_free(r->runs[i]);
    free(r->runs);
    pthread_cond_destroy(&r->cv);
    pthread_mutex_destroy(&r->mu);
    free(r->python);
    free(r->driver);
    free(r);
}
