#include "dispatch.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "job_log.h"
#include "util.h"

/* How long finished workers get to leave on their own before being killed. */
#define STOP_GRACE_MS 2000
/* How often the loop asks whether the job is still the run's, besides when
 * it is woken for that. */
#define CHECK_EVERY_MS 1000

/* The clock of mini-batch timeouts: monotonic (a wall-clock jump must not
 * time a batch out) plus the emulator's clock offset, so that a test moves
 * a batch past retrySettings.timeout with POST /_emulator/clock instead of
 * waiting for it (em_runner_clock_moved wakes the loop). */
static int64_t batch_clock_ms(void)
{
    return em_mono_ms() + em_clock_offset_ms();
}

typedef struct batch {
    size_t first;      /* index of its first file */
    int count;         /* files in it */
    int attempts;      /* started so far */
    int64_t started;   /* batch_clock_ms() of the current attempt */
} batch;

typedef struct loop {
    const em_run_spec *spec;
    const em_worker_launch *launch;
    FILE *log, *out;
    em_dispatch_result *res;
    em_worker *w;
    int nw;
    batch *b;
    int nb;
    int *queue;        /* pending mini-batches, a ring of nb slots */
    int qhead, qlen;
    int settled;       /* mini-batches done or failed for good */
    int spawns, max_spawns;
} loop;

static void fail_job(loop *L, char *why)
{
    if (L->res->error)
        free(why);
    else
        L->res->error = why;
}

static void push(loop *L, int bi)
{
    L->queue[(L->qhead + L->qlen) % L->nb] = bi;
    L->qlen++;
}

/* Back to the head of the queue: it was never started. */
static void unpop(loop *L, int bi)
{
    L->qhead = (L->qhead + L->nb - 1) % L->nb;
    L->queue[L->qhead] = bi;
    L->qlen++;
}

static int pop(loop *L)
{
    int bi = L->queue[L->qhead];
    L->qhead = (L->qhead + 1) % L->nb;
    L->qlen--;
    return bi;
}

static void start_worker(loop *L, em_worker *w)
{
    if (L->spawns >= L->max_spawns) {
        fail_job(L, em_printf("Workers kept exiting (%d started); see their output in "
                              "%s/user_logs/std_log.txt.",
                              L->spawns, L->spec->log_dir));
        return;
    }
    L->spawns++;
    /* Every worker appends to the one std_log.txt, as the scoring script's
     * output is shown on the service. */
    char *path = em_printf("%s/user_logs/std_log.txt", L->spec->log_dir);
    char *err = NULL;
    if (em_worker_start(w, L->launch, path, &err) == 0)
        em_job_log(L->log, "worker %d started (pid %ld)", w->slot, (long)w->pid);
    else
        fail_job(L, em_printf("Worker %d: %s", w->slot, err));
    free(err);
    free(path);
}

static void check_threshold(loop *L)
{
    long thr = L->spec->error_threshold;
    if (thr >= 0 && L->res->failed > thr)
        fail_job(L, em_printf("%ld items failed, more than the errorThreshold of %ld; see job.log.",
                              L->res->failed, thr));
}

/* An attempt that did not produce rows: again if retries are left, else its
 * files are failed items. */
static void attempt_failed(loop *L, int bi, int slot, const char *what, const char *detail)
{
    batch *b = &L->b[bi];
    bool retry = b->attempts <= L->spec->max_retries;
    em_job_log(L->log, "mini-batch %d/%d attempt %d on worker %d %s; %s", bi + 1, L->nb,
               b->attempts, slot, what,
               retry ? "it will be retried" : "no retries left: its files count as failed");
    em_job_log_block(L->log, detail);
    if (retry) {
        push(L, bi);
        return;
    }
    L->settled++;
    L->res->failed += b->count;
    check_threshold(L);
}

static void write_rows(loop *L, const json_t *rows)
{
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        if (json_is_string(r)) {
            fputs(json_string_value(r), L->out);
        } else {
            char *t = json_dumps(r, JSON_COMPACT | JSON_ENCODE_ANY);
            fputs(t ? t : "", L->out);
            free(t);
        }
        fputc('\n', L->out);
    }
    fflush(L->out);
}

static void batch_succeeded(loop *L, em_worker *w, int bi, const json_t *rows)
{
    batch *b = &L->b[bi];
    long n = (long)json_array_size(rows);
    /* Each returned element stands for one processed input; fewer elements
     * than files means the rest failed (the service counts them so too). */
    long ok = n < b->count ? n : b->count;
    L->settled++;
    L->res->succeeded += ok;
    L->res->failed += b->count - ok;
    L->res->rows += n;
    if (L->out)
        write_rows(L, rows);
    em_job_log(L->log, "mini-batch %d/%d (%d file%s) attempt %d on worker %d: %ld row%s in %.2f s",
               bi + 1, L->nb, b->count, b->count == 1 ? "" : "s", b->attempts, w->slot, n,
               n == 1 ? "" : "s",
               (double)(batch_clock_ms() - b->started) / 1000.0);
    if (ok < b->count) {
        em_job_log(L->log, "mini-batch %d/%d: run() returned %ld elements for %d files; %ld "
                           "files count as failed",
                   bi + 1, L->nb, n, b->count, b->count - ok);
        check_threshold(L);
    }
}

/* The last line of a traceback: the exception itself. */
static char *last_line(const char *text)
{
    size_t n = strlen(text);
    while (n > 0 && text[n - 1] == '\n')
        n--;
    size_t s = n;
    while (s > 0 && text[s - 1] != '\n')
        s--;
    return em_xstrndup(text + s, n - s);
}

static void on_answer(loop *L, em_worker *w, const json_t *m)
{
    const char *err = json_string_value(json_object_get(m, "error"));
    json_t *id = json_object_get(m, "id");
    if (json_object_get(m, "ready")) {
        w->ready = true;
        em_job_log(L->log, "worker %d ready: init() returned", w->slot);
    } else if (err && !id) {
        char *last = last_line(err);
        em_job_log(L->log, "worker %d: init() of the scoring script failed", w->slot);
        em_job_log_block(L->log, err);
        fail_job(L, em_printf("The scoring script failed to load or its init() raised on worker "
                              "%d: %s (the traceback is in job.log).",
                              w->slot, last));
        free(last);
    } else if (json_is_integer(id) && json_integer_value(id) == w->batch) {
        int bi = w->batch;
        w->batch = -1;
        json_t *rows = json_object_get(m, "rows");
        if (json_is_array(rows))
            batch_succeeded(L, w, bi, rows);
        else
            attempt_failed(L, bi, w->slot, "raised an exception", err);
    } else {
        char *t = json_dumps(m, JSON_COMPACT);
        em_job_log(L->log, "worker %d sent an unexpected answer: %.200s", w->slot, t ? t : "");
        free(t);
    }
}

static void read_answers(loop *L, em_worker *w)
{
    json_t *answers = json_array();
    em_worker_read(w, answers);
    size_t i;
    json_t *m;
    json_array_foreach(answers, i, m)
        on_answer(L, w, m);
    json_decref(answers);
}

/* A worker ended on its own. */
static void worker_exited(loop *L, em_worker *w, int status)
{
    read_answers(L, w); /* what it wrote just before it ended */
    em_worker_close(w);
    char *how = em_wait_status_text(status);
    bool was_ready = w->ready;
    w->ready = false;
    if (L->res->error) {
        free(how);
        return;
    }
    if (w->batch >= 0) {
        int bi = w->batch;
        w->batch = -1;
        char *what = em_printf("lost its worker, which %s", how);
        attempt_failed(L, bi, w->slot, what, NULL);
        free(what);
    } else if (!was_ready) {
        em_job_log(L->log, "worker %d %s before init() returned", w->slot, how);
        fail_job(L, em_printf("Worker %d %s before init() returned; see %s/user_logs/std_log.txt.",
                              w->slot, how, L->spec->log_dir));
    } else {
        em_job_log(L->log, "worker %d %s while idle", w->slot, how);
    }
    free(how);
    if (!L->res->error && L->settled < L->nb)
        start_worker(L, w);
}

static void check_deadlines(loop *L)
{
    int64_t now = batch_clock_ms();
    for (int i = 0; i < L->nw && !L->res->error; i++) {
        em_worker *w = &L->w[i];
        if (w->pid <= 0 || w->batch < 0 || now < w->deadline)
            continue;
        int bi = w->batch;
        w->batch = -1;
        em_worker_kill(w);
        char *what = em_printf("timed out after %.1f s (retrySettings.timeout); the worker was "
                               "killed",
                               (double)L->spec->timeout_ms / 1000.0);
        attempt_failed(L, bi, w->slot, what, NULL);
        free(what);
        if (!L->res->error && L->settled < L->nb)
            start_worker(L, w);
    }
}

static json_t *request_of(loop *L, int bi)
{
    json_t *files = json_array();
    for (int k = 0; k < L->b[bi].count; k++)
        json_array_append_new(files, json_string(L->spec->files.v[L->b[bi].first + (size_t)k]));
    return json_pack("{s:i, s:o}", "id", bi, "files", files);
}

static void assign(loop *L)
{
    for (int i = 0; i < L->nw && L->qlen > 0; i++) {
        em_worker *w = &L->w[i];
        if (w->pid <= 0 || !w->ready || w->batch >= 0)
            continue;
        int bi = pop(L);
        batch *b = &L->b[bi];
        json_t *req = request_of(L, bi);
        int rc = em_worker_send(w, req);
        json_decref(req);
        if (rc != 0) {
            /* The worker is gone; its exit is handled when it is reaped. */
            unpop(L, bi);
            continue;
        }
        b->attempts++;
        b->started = batch_clock_ms();
        w->batch = bi;
        w->deadline = b->started + L->spec->timeout_ms;
    }
}

static int poll_timeout(const loop *L, int64_t next_check)
{
    int64_t now = batch_clock_ms(), t = next_check - now;
    for (int i = 0; i < L->nw; i++) {
        const em_worker *w = &L->w[i];
        if (w->pid > 0 && w->batch >= 0 && w->deadline - now < t)
            t = w->deadline - now;
        /* Its answers ended: its exit follows at once, reap it soon. */
        if (w->pid > 0 && w->from_fd < 0 && t > 10)
            t = 10;
    }
    return t < 0 ? 0 : (int)t;
}

static bool drain(int fd)
{
    char buf[64];
    bool any = false;
    while (read(fd, buf, sizeof buf) > 0)
        any = true;
    return any;
}

static em_dispatch_end run_loop(loop *L, const em_dispatch_ctl *ctl)
{
    struct pollfd *pf = em_xcalloc((size_t)L->nw + 1, sizeof *pf);
    int64_t next_check = batch_clock_ms() + CHECK_EVERY_MS;
    em_dispatch_end end = EM_DISPATCH_DONE;
    for (;;) {
        if (L->res->error) {
            end = EM_DISPATCH_FAILED;
            break;
        }
        if (ctl->stopping(ctl->ctx)) {
            end = EM_DISPATCH_STOP;
            break;
        }
        if (L->settled == L->nb)
            break;
        assign(L);
        pf[0] = (struct pollfd){.fd = ctl->wake_fd, .events = POLLIN};
        for (int i = 0; i < L->nw; i++)
            pf[i + 1] = (struct pollfd){.fd = L->w[i].from_fd, .events = POLLIN};
        int n = poll(pf, (nfds_t)L->nw + 1, poll_timeout(L, next_check));
        if (n < 0 && errno != EINTR)
            break;
        bool woken = n > 0 && (pf[0].revents & POLLIN) && drain(ctl->wake_fd);
        if (woken || batch_clock_ms() >= next_check) {
            next_check = batch_clock_ms() + CHECK_EVERY_MS;
            em_run_hold h = ctl->check(ctl->ctx);
            if (h != EM_RUN_OWNED) {
                end = h == EM_RUN_CANCEL ? EM_DISPATCH_CANCEL : EM_DISPATCH_LOST;
                break;
            }
        }
        for (int i = 0; i < L->nw; i++) {
            em_worker *w = &L->w[i];
            if (w->from_fd >= 0 && pf[i + 1].revents)
                read_answers(L, w);
            int st = em_worker_reap(w);
            if (st >= 0)
                worker_exited(L, w, st);
        }
        check_deadlines(L);
    }
    free(pf);
    return end;
}

static void end_workers(loop *L, bool graceful)
{
    if (graceful) {
        /* All inputs closed first, so that the workers leave together. */
        for (int i = 0; i < L->nw; i++)
            if (L->w[i].to_fd >= 0) {
                close(L->w[i].to_fd);
                L->w[i].to_fd = -1;
            }
        for (int i = 0; i < L->nw; i++)
            em_worker_stop(&L->w[i], STOP_GRACE_MS);
    }
    for (int i = 0; i < L->nw; i++) {
        em_worker_kill(&L->w[i]);
        em_worker_close(&L->w[i]);
        em_worker_free(&L->w[i]);
    }
}

em_dispatch_end em_dispatch_run(const em_run_spec *spec, const em_worker_launch *launch,
                                FILE *log, FILE *out, const em_dispatch_ctl *ctl,
                                em_dispatch_result *res)
{
    loop L = {.spec = spec, .launch = launch, .log = log, .out = out, .res = res};
    size_t nfiles = spec->files.n;
    L.nb = (int)((nfiles + (size_t)spec->mini_batch_size - 1) / (size_t)spec->mini_batch_size);
    L.b = em_xcalloc((size_t)L.nb, sizeof *L.b);
    L.queue = em_xcalloc((size_t)L.nb, sizeof *L.queue);
    for (int i = 0; i < L.nb; i++) {
        L.b[i].first = (size_t)i * (size_t)spec->mini_batch_size;
        size_t left = nfiles - L.b[i].first, size = (size_t)spec->mini_batch_size;
        L.b[i].count = (int)(left < size ? left : size);
        push(&L, i);
    }
    int want = em_run_spec_workers(spec);
    L.nw = want < L.nb ? want : L.nb;
    /* Every attempt may cost a worker (a timeout kills it), plus the first
     * ones: more spawns than that means workers die on their own. */
    L.max_spawns = L.nw + L.nb * (spec->max_retries + 1);
    L.w = em_xcalloc((size_t)L.nw, sizeof *L.w);
    res->workers = L.nw;
    res->batches = L.nb;
    res->items = (long)nfiles;
    for (int i = 0; i < L.nw; i++) {
        L.w[i].slot = i;
        L.w[i].to_fd = L.w[i].from_fd = -1;
        L.w[i].batch = -1;
    }
    for (int i = 0; i < L.nw && !res->error; i++)
        start_worker(&L, &L.w[i]);
    em_dispatch_end end = run_loop(&L, ctl);
    end_workers(&L, end == EM_DISPATCH_DONE);
    if (end == EM_DISPATCH_DONE && res->error)
        end = EM_DISPATCH_FAILED;
    free(L.w);
    free(L.b);
    free(L.queue);
    return end;
}
