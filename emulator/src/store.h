/* SQLite persistence. One connection, serialized by the store lock that the
 * request handlers hold for the whole of a request: ARM semantics are
 * check-then-act ("create a deployment unless its endpoint is being deleted"),
 * so the lock, not SQLite's, is what makes them atomic. Every state change is
 * one transaction (em_store_begin/commit), committed before the response is
 * sent, with WAL + synchronous=FULL by default so that an acknowledged change
 * survives kill -9 (and power loss). */
#ifndef EM_STORE_H
#define EM_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct em_store em_store;

/* dir == NULL: in-memory database. */
int em_store_open(em_store **out, const char *dir, bool sync_full, char **err);
void em_store_close(em_store *st);

/* The base URL is part of stored bodies (scoringUri, discoveryUrl); when the
 * emulator restarts on another URL, rewrite them (one transaction). */
int em_store_rebase(em_store *st, const char *base_url);

void em_store_lock(em_store *st);
void em_store_unlock(em_store *st);
int em_store_begin(em_store *st);
int em_store_commit(em_store *st);
void em_store_rollback(em_store *st);

/* ---- resources: every ARM resource, keyed by its lower-cased id ---------- */
/* Returns the stored body (new ref) or NULL; *internal (optional) receives the
 * server-private part (keys, secrets, pending state) that GET never shows. */
json_t *em_res_get(em_store *st, const char *key, json_t **internal);
int em_res_put(em_store *st, const char *key, const char *parent, const char *kind,
               const char *name, const json_t *body, const json_t *internal);
/* Replace body/internal of an existing resource (no-op when absent). */
int em_res_update(em_store *st, const char *key, const json_t *body, const json_t *internal);
int em_res_delete(em_store *st, const char *key);
/* Delete every resource whose parent starts with prefix (cascades). */
int em_res_delete_under(em_store *st, const char *key_prefix);
/* Page of bodies of the given kind under parent, in creation order. */
json_t *em_res_list(em_store *st, const char *parent, const char *kind, int offset, int limit,
                    bool *more);
/* Every resource of a kind, any parent (usages). */
json_t *em_res_list_kind(em_store *st, const char *kind);
int em_res_count(em_store *st, const char *parent, const char *kind);

/* ---- long-running operations ------------------------------------------- */
typedef struct em_op {
    char id[40];
    char *resource_key;   /* lower-cased id of the resource it acts on */
    char *kind;           /* create | update | delete | cancel | job-delete */
    char *family;         /* "mfe" or "compute": which status URL family */
    char *status;         /* InProgress | Succeeded | Failed | Canceled */
    int64_t start_ms, due_ms, end_ms;
    int error_status;     /* HTTP status of the Location result when Failed */
    json_t *error;        /* ErrorDetail when Failed/Canceled, else NULL */
    json_t *payload;      /* what to apply when due (kind specific), may be NULL */
} em_op;
int em_op_insert(em_store *st, const em_op *op);
/* 0 found, 1 not found, -1 error. */
int em_op_get(em_store *st, const char *id, em_op *out);
int em_op_finish(em_store *st, const em_op *op);
/* Ids of InProgress operations due at now_ms (new array of strings). */
json_t *em_op_due(em_store *st, int64_t now_ms);
/* Number of InProgress operations on resources whose key starts with prefix. */
int em_op_pending(em_store *st, const char *key_prefix);
/* Make every pending operation due now (control API "settle"). */
int em_op_make_all_due(em_store *st);
void em_op_free(em_op *op);

/* ---- jobs ---------------------------------------------------------------
 * Own table because the job runner schedules on its columns: status,
 * endpoint/deployment, output path and the runner's ownership are
 * first-class. */
typedef struct em_job {
    char *key;            /* lower-cased ARM id */
    char *workspace;      /* lower-cased workspace id */
    char *name;
    char *endpoint;       /* batch endpoint name, NULL for plain ARM jobs */
    char *deployment;
    char *status;         /* JobStatus */
    char *output_path;    /* folder where the runner writes outputs */
    json_t *body;         /* JobBase JSON as returned (status is merged on read) */
    char *repeatability_id; /* invoke's repeatability request id, or NULL */
    int64_t created_ms, updated_ms;
    /* Set while the job runner owns the job (from claiming it to its final
     * status): a change by anyone else that clears it takes the job away
     * from the runner, and a value left by a dead process marks a run that
     * died with it. */
    char *run_id;
    json_t *run_info;     /* the runner's facts (counts, error, files), or NULL */
} em_job;
int em_job_put(em_store *st, const em_job *job);
/* 0 found, 1 not found, -1 error. */
int em_job_get(em_store *st, const char *key, em_job *out);
int em_job_delete(em_store *st, const char *key);
/* Key of the job created with this repeatability id (caller frees) or NULL. */
char *em_job_find_repeatable(em_store *st, const char *workspace, const char *rid);
/* Page of jobs of a workspace (optionally of one endpoint/deployment), in
 * creation order or newest first: array of bodies with status merged. */
json_t *em_job_list(em_store *st, const char *workspace, const char *endpoint,
                    const char *deployment, bool newest_first, int offset, int limit,
                    bool *more);
/* Batch jobs waiting to run (status NotStarted, from an invoke), oldest
 * first: array of {"key", "updatedMs"}. */
json_t *em_job_runnable(em_store *st);
/* Keys of the jobs a runner owns (run_id set). */
json_t *em_job_owned(em_store *st);
void em_job_free(em_job *job);

/* ---- blob properties (blob_props.c decides what they hold) -------------
 * Keyed by (container, name); size and mtime_ns are the file's when the
 * properties were written, so that a file changed behind the store's back
 * (by a job) is recognised. Each call is its own statement (autocommit). */
json_t *em_blob_props_get(em_store *st, const char *container, const char *name, int64_t *size,
                          int64_t *mtime_ns);
int em_blob_props_put(em_store *st, const char *container, const char *name, const json_t *props,
                      int64_t size, int64_t mtime_ns);
int em_blob_props_delete(em_store *st, const char *container, const char *name);

#endif
