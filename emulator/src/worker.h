/* One worker process of a batch job: python3 running the embedded driver
 * (aml_batch_worker.py), which imports the scoring script, calls init() and then
 * run() for every mini-batch it is sent. Requests and answers are JSON
 * lines over two pipes (the driver's fds 3 and 4); its stdout/stderr go to
 * the worker's log file. Each worker leads its own process group, so that
 * killing it also ends whatever the scoring script started. */
#ifndef EM_WORKER_H
#define EM_WORKER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "util.h"

typedef struct em_worker {
    int slot;          /* its number in the job (logs/worker-<slot>.log) */
    pid_t pid;         /* 0 when not running */
    int to_fd;         /* requests to the driver, -1 when closed */
    int from_fd;       /* answers from the driver, -1 when closed */
    em_buf partial;    /* answer bytes not yet ended by a newline */
    bool ready;        /* init() has returned */
    int batch;         /* mini-batch in flight, -1 when idle */
    int64_t deadline;  /* batch clock (dispatch.c) by which the mini-batch must be answered */
} em_worker;

/* How to start a worker; the same for every worker of a job. */
typedef struct em_worker_launch {
    const char *python;   /* absolute path of the interpreter */
    const char *driver;   /* path of aml_batch_worker.py */
    const char *code_dir; /* working directory, first on sys.path */
    const char *script;   /* scoring script, relative to code_dir */
    char *const *envp;
} em_worker_launch;

/* Milliseconds of a monotonic clock (timeouts must not jump with the wall
 * clock). */
int64_t em_mono_ms(void);

/* Start w (slot already set) writing its output to log_path (appended).
 * 0, or -1 with *err (caller frees). */
int em_worker_start(em_worker *w, const em_worker_launch *l, const char *log_path, char **err);
/* Send one request line; -1 when the worker is gone. */
int em_worker_send(em_worker *w, const json_t *request);
/* Read what the worker has written without blocking: every complete answer
 * is appended to answers (a line that is not JSON arrives as {"invalid":
 * text}). Returns 1 once the worker closed its end, else 0. */
int em_worker_read(em_worker *w, json_t *answers);
/* The worker's wait status once it has exited, else -1. An exited worker is
 * reaped (w->pid becomes 0) and its group killed; its answers pipe stays
 * open so that what it wrote last can still be read, then em_worker_close. */
int em_worker_reap(em_worker *w);
/* Close the pipes of a worker that has been reaped. */
void em_worker_close(em_worker *w);
/* Kill the worker's process group now and reap it; its wait status. */
int em_worker_kill(em_worker *w);
/* End of input (the driver then returns), grace_ms to exit, then kill. */
int em_worker_stop(em_worker *w, int grace_ms);
/* Free the buffers of a worker that is not running. */
void em_worker_free(em_worker *w);
/* "exited with status N" / "was killed by signal N" (caller frees). */
char *em_wait_status_text(int status);

#endif
