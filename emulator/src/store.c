#include "store.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

enum {
    S_RES_GET, S_RES_PUT, S_RES_UPD, S_RES_DEL, S_RES_DEL_UNDER, S_RES_LIST, S_RES_LIST_KIND, S_RES_COUNT,
    S_OP_INS, S_OP_GET, S_OP_FINISH, S_OP_DUE, S_OP_PENDING, S_OP_ALL_DUE,
    S_JOB_PUT, S_JOB_GET, S_JOB_DEL, S_JOB_BY_RID, S_JOB_LIST, S_JOB_LIST_NEW, S_JOB_RUNNABLE, S_JOB_OWNED,
    S_BLOB_GET, S_BLOB_PUT, S_BLOB_DEL,
    S_BEGIN, S_COMMIT, S_ROLLBACK,
    S_COUNT
};

/* Prepared once at open: per-request SQL compilation would dominate the cost
 * of the hot GET path. */
static const char *const SQL[S_COUNT] = {
    [S_RES_GET] = "SELECT body, internal FROM resources WHERE id = ?1",
    [S_RES_PUT] = "INSERT INTO resources(id, parent, kind, name, seq, body, internal) "
                  "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(id) DO UPDATE SET "
                  "body = excluded.body, internal = excluded.internal",
    [S_RES_UPD] = "UPDATE resources SET body = ?2, internal = ?3 WHERE id = ?1",
    [S_RES_DEL] = "DELETE FROM resources WHERE id = ?1",
    [S_RES_DEL_UNDER] = "DELETE FROM resources WHERE substr(id, 1, length(?1)) = ?1",
    [S_RES_LIST] = "SELECT body FROM resources WHERE parent = ?1 AND kind = ?2 ORDER BY seq "
                   "LIMIT ?3 OFFSET ?4",
    [S_RES_LIST_KIND] = "SELECT body FROM resources WHERE kind = ?1 ORDER BY seq",
    [S_RES_COUNT] = "SELECT count(*) FROM resources WHERE parent = ?1 AND kind = ?2",
    [S_OP_INS] = "INSERT INTO operations(id, resource_key, kind, family, status, start_ms, due_ms, "
                 "end_ms, error_status, error, payload) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
    [S_OP_GET] = "SELECT id, resource_key, kind, family, status, start_ms, due_ms, end_ms, "
                 "error_status, error, payload FROM operations WHERE id = ?1",
    [S_OP_FINISH] = "UPDATE operations SET status = ?2, end_ms = ?3, error_status = ?4, error = ?5 "
                    "WHERE id = ?1",
    [S_OP_DUE] = "SELECT id FROM operations WHERE status = 'InProgress' AND due_ms <= ?1 "
                 "ORDER BY due_ms, start_ms",
    [S_OP_PENDING] = "SELECT count(*) FROM operations WHERE status = 'InProgress' AND "
                     "substr(resource_key, 1, length(?1)) = ?1",
    [S_OP_ALL_DUE] = "UPDATE operations SET due_ms = 0 WHERE status = 'InProgress'",
    [S_JOB_PUT] = "INSERT INTO jobs(id, workspace, name, seq, endpoint, deployment, status, "
                  "output_path, body, created_ms, updated_ms, repeatability_id, run_id, run_info) "
                  "VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14) "
                  "ON CONFLICT(id) DO UPDATE SET endpoint = excluded.endpoint, deployment = "
                  "excluded.deployment, status = excluded.status, output_path = "
                  "excluded.output_path, body = excluded.body, updated_ms = excluded.updated_ms, "
                  "run_id = excluded.run_id, run_info = excluded.run_info",
    [S_JOB_GET] = "SELECT id, workspace, name, endpoint, deployment, status, output_path, body, "
                  "created_ms, updated_ms, run_id, run_info FROM jobs WHERE id = ?1",
    [S_JOB_DEL] = "DELETE FROM jobs WHERE id = ?1",
    [S_JOB_BY_RID] = "SELECT id FROM jobs WHERE workspace = ?1 AND repeatability_id = ?2",
    [S_JOB_LIST] = "SELECT body, status FROM jobs WHERE workspace = ?1 AND (?2 IS NULL OR "
                   "lower(endpoint) = lower(?2)) AND (?3 IS NULL OR lower(deployment) = lower(?3)) "
                   "ORDER BY seq LIMIT ?4 OFFSET ?5",
    [S_JOB_LIST_NEW] = "SELECT body, status FROM jobs WHERE workspace = ?1 AND (?2 IS NULL OR "
                       "lower(endpoint) = lower(?2)) AND (?3 IS NULL OR lower(deployment) = "
                       "lower(?3)) ORDER BY seq DESC LIMIT ?4 OFFSET ?5",
    [S_JOB_RUNNABLE] = "SELECT id, updated_ms FROM jobs WHERE status = 'NotStarted' AND endpoint "
                       "IS NOT NULL ORDER BY seq",
    [S_JOB_OWNED] = "SELECT id FROM jobs WHERE run_id IS NOT NULL ORDER BY seq",
    [S_BLOB_GET] = "SELECT props, size, mtime_ns FROM blobs WHERE container = ?1 AND name = ?2",
    [S_BLOB_PUT] = "INSERT INTO blobs(container, name, props, size, mtime_ns) VALUES(?1,?2,?3,?4,?5) "
                   "ON CONFLICT(container, name) DO UPDATE SET props = excluded.props, "
                   "size = excluded.size, mtime_ns = excluded.mtime_ns",
    [S_BLOB_DEL] = "DELETE FROM blobs WHERE container = ?1 AND name = ?2",
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
};

static const char SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    /* body: the resource exactly as GET returns it; internal: what GET never
     * returns (endpoint keys, admin passwords). */
    "CREATE TABLE IF NOT EXISTS resources("
    "  id TEXT PRIMARY KEY, parent TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,"
    "  seq INTEGER NOT NULL, body TEXT NOT NULL, internal TEXT);"
    "CREATE INDEX IF NOT EXISTS resources_by_parent ON resources(parent, kind, seq);"
    "CREATE INDEX IF NOT EXISTS resources_by_kind ON resources(kind, seq);"
    "CREATE TABLE IF NOT EXISTS operations("
    "  id TEXT PRIMARY KEY, resource_key TEXT NOT NULL, kind TEXT NOT NULL, family TEXT NOT NULL,"
    "  status TEXT NOT NULL, start_ms INTEGER NOT NULL, due_ms INTEGER NOT NULL,"
    "  end_ms INTEGER, error_status INTEGER, error TEXT, payload TEXT);"
    "CREATE INDEX IF NOT EXISTS operations_due ON operations(status, due_ms);"
    "CREATE TABLE IF NOT EXISTS jobs("
    "  id TEXT PRIMARY KEY, workspace TEXT NOT NULL, name TEXT NOT NULL, seq INTEGER NOT NULL,"
    "  endpoint TEXT, deployment TEXT, status TEXT NOT NULL, output_path TEXT,"
    "  body TEXT NOT NULL, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL,"
    "  repeatability_id TEXT, run_id TEXT, run_info TEXT);"
    "CREATE INDEX IF NOT EXISTS jobs_by_workspace ON jobs(workspace, seq);"
    /* An invoke retried with the same repeatability id must find its job. */
    "CREATE UNIQUE INDEX IF NOT EXISTS jobs_by_repeatability ON jobs(workspace, repeatability_id);"
    "CREATE INDEX IF NOT EXISTS jobs_by_status ON jobs(status);"
    /* Blob properties the files themselves cannot hold (content type,
     * metadata, the MD5 given or computed), valid while the file keeps the
     * size and mtime recorded with them. Created by every start, so a
     * version 2 database simply gains it. */
    "CREATE TABLE IF NOT EXISTS blobs("
    "  container TEXT NOT NULL, name TEXT NOT NULL, props TEXT NOT NULL,"
    "  size INTEGER NOT NULL, mtime_ns INTEGER NOT NULL, PRIMARY KEY(container, name));"
    "INSERT OR IGNORE INTO meta(key, value) VALUES('schema_version', '2');";

/* Version 1 databases predate the job runner: its columns are added. */
static const char MIGRATE_1_TO_2[] =
    "BEGIN IMMEDIATE;"
    "ALTER TABLE jobs ADD COLUMN run_id TEXT;"
    "ALTER TABLE jobs ADD COLUMN run_info TEXT;"
    "UPDATE meta SET value = '2' WHERE key = 'schema_version';"
    "COMMIT;";

static char *col_str(sqlite3_stmt *s, int i);

struct em_store {
    sqlite3 *db;
    sqlite3_stmt *stmt[S_COUNT];
    pthread_mutex_t mu;
    int64_t next_seq;
};

static int exec_simple(sqlite3 *db, const char *sql, char **err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        *err = em_printf("sqlite: %s", msg ? msg : "error");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int64_t scalar(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *s;
    int64_t v = 0;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

int em_store_open(em_store **out, const char *dir, bool sync_full, char **err)
{
    em_store *st = em_xcalloc(1, sizeof *st);
    pthread_mutex_init(&st->mu, NULL);
    char *path = dir ? em_printf("%s/emulator.db", dir) : em_xstrdup(":memory:");
    int rc = sqlite3_open_v2(path, &st->db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    free(path);
    if (rc != SQLITE_OK) {
        *err = em_printf("sqlite open: %s", st->db ? sqlite3_errmsg(st->db) : "out of memory");
        em_store_close(st);
        return -1;
    }
    sqlite3_busy_timeout(st->db, 5000);
    if (dir) {
        /* WAL: a commit is one append to the log; FULL fsyncs it before the
         * commit returns, NORMAL only at checkpoints (still safe against
         * kill -9 because the log is in the OS page cache). */
        if (exec_simple(st->db, "PRAGMA journal_mode=WAL;", err) != 0 ||
            exec_simple(st->db, sync_full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;",
                        err) != 0) {
            em_store_close(st);
            return -1;
        }
    }
    if (exec_simple(st->db, SCHEMA, err) != 0 ||
        (scalar(st->db, "SELECT count(*) FROM pragma_table_info('jobs') WHERE name = "
                        "'run_id'") == 0 &&
         exec_simple(st->db, MIGRATE_1_TO_2, err) != 0)) {
        em_store_close(st);
        return -1;
    }
    for (int i = 0; i < S_COUNT; i++) {
        if (sqlite3_prepare_v3(st->db, SQL[i], -1, SQLITE_PREPARE_PERSISTENT, &st->stmt[i], NULL) !=
            SQLITE_OK) {
            *err = em_printf("sqlite prepare: %s", sqlite3_errmsg(st->db));
            em_store_close(st);
            return -1;
        }
    }
    int64_t a = scalar(st->db, "SELECT COALESCE(MAX(seq), 0) FROM resources");
    int64_t b = scalar(st->db, "SELECT COALESCE(MAX(seq), 0) FROM jobs");
    st->next_seq = (a > b ? a : b) + 1;
    *out = st;
    return 0;
}

int em_store_rebase(em_store *st, const char *base_url)
{
    char *err = NULL;
    sqlite3_stmt *q;
    char *old = NULL;
    if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = 'base_url'", -1, &q, NULL) !=
        SQLITE_OK)
        return -1;
    if (sqlite3_step(q) == SQLITE_ROW)
        old = col_str(q, 0);
    sqlite3_finalize(q);
    int rc = 0;
    if (!old || strcmp(old, base_url) != 0) {
        /* JSON escapes '/' as plain '/', so a textual replace of the quoted
         * prefix is exact. */
        char *sql = sqlite3_mprintf(
            "BEGIN IMMEDIATE;"
            "UPDATE resources SET body = replace(body, '\"%q', '\"%q') WHERE %Q IS NOT NULL;"
            "UPDATE jobs SET body = replace(body, '\"%q', '\"%q') WHERE %Q IS NOT NULL;"
            "INSERT INTO meta(key, value) VALUES('base_url', %Q) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value;"
            "COMMIT;",
            old ? old : "", base_url, old, old ? old : "", base_url, old, base_url);
        rc = exec_simple(st->db, sql, &err);
        sqlite3_free(sql);
        if (rc != 0) {
            fprintf(stderr, "aml-emulator: %s\n", err);
            free(err);
            exec_simple(st->db, "ROLLBACK;", &err);
            free(err);
        }
    }
    free(old);
    return rc;
}

void em_store_close(em_store *st)
{
    if (!st)
        return;
    for (int i = 0; i < S_COUNT; i++)
        sqlite3_finalize(st->stmt[i]);
    if (st->db)
        sqlite3_close(st->db);
    pthread_mutex_destroy(&st->mu);
    free(st);
}

void em_store_lock(em_store *st)
{
    pthread_mutex_lock(&st->mu);
}

void em_store_unlock(em_store *st)
{
    pthread_mutex_unlock(&st->mu);
}

static sqlite3_stmt *S(em_store *st, int which)
{
    sqlite3_stmt *s = st->stmt[which];
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    return s;
}

static void report(em_store *st, const char *what)
{
    fprintf(stderr, "aml-emulator: sqlite %s: %s\n", what, sqlite3_errmsg(st->db));
}

static int run(em_store *st, sqlite3_stmt *s, const char *what)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        report(st, what);
        return -1;
    }
    return 0;
}

int em_store_begin(em_store *st)
{
    return run(st, S(st, S_BEGIN), "begin");
}

int em_store_commit(em_store *st)
{
    return run(st, S(st, S_COMMIT), "commit");
}

void em_store_rollback(em_store *st)
{
    if (!sqlite3_get_autocommit(st->db))
        run(st, S(st, S_ROLLBACK), "rollback");
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(s, i);
}

/* Bind a JSON value as text; the string is freed by SQLite. */
static void bind_json(sqlite3_stmt *s, int i, const json_t *j)
{
    if (!j) {
        sqlite3_bind_null(s, i);
        return;
    }
    char *txt = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
    sqlite3_bind_text(s, i, txt, -1, free);
}

static json_t *col_json(sqlite3_stmt *s, int i)
{
    const char *t = (const char *)sqlite3_column_text(s, i);
    if (!t)
        return NULL;
    return json_loads(t, JSON_DECODE_ANY, NULL);
}

static char *col_str(sqlite3_stmt *s, int i)
{
    const char *t = (const char *)sqlite3_column_text(s, i);
    return t ? em_xstrdup(t) : NULL;
}

/* Step a one-row lookup: 0 with the row current (the caller reads it, then
 * resets), 1 when there is no row, -1 on error (both reset already). */
static int step_one(sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        return 0;
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? 1 : -1;
}

/* The integer of a count(*) query (0 on error). */
static int count_of(sqlite3_stmt *s)
{
    int n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    sqlite3_reset(s);
    return n;
}

/* A job's status lives in its own column (the runner schedules on it) and
 * is merged into the stored body when read. */
static void merge_status(json_t *body, const char *status)
{
    json_t *props = json_object_get(body, "properties");
    if (!json_is_object(props)) {
        props = json_object();
        json_object_set_new(body, "properties", props);
    }
    json_object_set_new(props, "status", json_string(status));
}

/* The JSON bodies in column 0 of the rows of s, at most limit (< 0: all);
 * with job_status, column 1 is merged in as the job's status. Paged queries
 * bind limit + 1 as their LIMIT: the one extra row tells whether another page
 * exists (*more, optional) without a count(*). */
static json_t *body_rows(sqlite3_stmt *s, int limit, bool *more, bool job_status)
{
    json_t *arr = json_array();
    int n = 0;
    if (more)
        *more = false;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (limit >= 0 && n == limit) {
            if (more)
                *more = true;
            break;
        }
        json_t *b = col_json(s, 0);
        if (b) {
            if (job_status)
                merge_status(b, (const char *)sqlite3_column_text(s, 1));
            json_array_append_new(arr, b);
        }
        n++;
    }
    sqlite3_reset(s);
    return arr;
}

json_t *em_res_get(em_store *st, const char *key, json_t **internal)
{
    sqlite3_stmt *s = S(st, S_RES_GET);
    bind_text(s, 1, key);
    json_t *body = NULL;
    if (internal)
        *internal = NULL;
    if (sqlite3_step(s) == SQLITE_ROW) {
        body = col_json(s, 0);
        if (internal)
            *internal = col_json(s, 1);
    }
    sqlite3_reset(s);
    return body;
}

int em_res_put(em_store *st, const char *key, const char *parent, const char *kind,
               const char *name, const json_t *body, const json_t *internal)
{
    sqlite3_stmt *s = S(st, S_RES_PUT);
    bind_text(s, 1, key);
    bind_text(s, 2, parent);
    bind_text(s, 3, kind);
    bind_text(s, 4, name);
    sqlite3_bind_int64(s, 5, st->next_seq++);
    bind_json(s, 6, body);
    bind_json(s, 7, internal);
    return run(st, s, "resource put");
}

int em_res_update(em_store *st, const char *key, const json_t *body, const json_t *internal)
{
    sqlite3_stmt *s = S(st, S_RES_UPD);
    bind_text(s, 1, key);
    bind_json(s, 2, body);
    bind_json(s, 3, internal);
    return run(st, s, "resource update");
}

int em_res_delete(em_store *st, const char *key)
{
    sqlite3_stmt *s = S(st, S_RES_DEL);
    bind_text(s, 1, key);
    return run(st, s, "resource delete");
}

int em_res_delete_under(em_store *st, const char *key_prefix)
{
    sqlite3_stmt *s = S(st, S_RES_DEL_UNDER);
    bind_text(s, 1, key_prefix);
    return run(st, s, "resource delete-under");
}

json_t *em_res_list(em_store *st, const char *parent, const char *kind, int offset, int limit,
                    bool *more)
{
    sqlite3_stmt *s = S(st, S_RES_LIST);
    bind_text(s, 1, parent);
    bind_text(s, 2, kind);
    sqlite3_bind_int(s, 3, limit + 1);
    sqlite3_bind_int(s, 4, offset);
    return body_rows(s, limit, more, false);
}

json_t *em_res_list_kind(em_store *st, const char *kind)
{
    sqlite3_stmt *s = S(st, S_RES_LIST_KIND);
    bind_text(s, 1, kind);
    return body_rows(s, -1, NULL, false);
}

int em_res_count(em_store *st, const char *parent, const char *kind)
{
    sqlite3_stmt *s = S(st, S_RES_COUNT);
    bind_text(s, 1, parent);
    bind_text(s, 2, kind);
    return count_of(s);
}

int em_op_insert(em_store *st, const em_op *op)
{
    sqlite3_stmt *s = S(st, S_OP_INS);
    bind_text(s, 1, op->id);
    bind_text(s, 2, op->resource_key);
    bind_text(s, 3, op->kind);
    bind_text(s, 4, op->family);
    bind_text(s, 5, op->status);
    sqlite3_bind_int64(s, 6, op->start_ms);
    sqlite3_bind_int64(s, 7, op->due_ms);
    sqlite3_bind_int64(s, 8, op->end_ms);
    sqlite3_bind_int(s, 9, op->error_status);
    bind_json(s, 10, op->error);
    bind_json(s, 11, op->payload);
    return run(st, s, "operation insert");
}

int em_op_get(em_store *st, const char *id, em_op *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = S(st, S_OP_GET);
    bind_text(s, 1, id);
    int rc = step_one(s);
    if (rc != 0)
        return rc;
    snprintf(out->id, sizeof out->id, "%s", (const char *)sqlite3_column_text(s, 0));
    out->resource_key = col_str(s, 1);
    out->kind = col_str(s, 2);
    out->family = col_str(s, 3);
    out->status = col_str(s, 4);
    out->start_ms = sqlite3_column_int64(s, 5);
    out->due_ms = sqlite3_column_int64(s, 6);
    out->end_ms = sqlite3_column_int64(s, 7);
    out->error_status = sqlite3_column_int(s, 8);
    out->error = col_json(s, 9);
    out->payload = col_json(s, 10);
    sqlite3_reset(s);
    return 0;
}

int em_op_finish(em_store *st, const em_op *op)
{
    sqlite3_stmt *s = S(st, S_OP_FINISH);
    bind_text(s, 1, op->id);
    bind_text(s, 2, op->status);
    sqlite3_bind_int64(s, 3, op->end_ms);
    sqlite3_bind_int(s, 4, op->error_status);
    bind_json(s, 5, op->error);
    return run(st, s, "operation finish");
}

json_t *em_op_due(em_store *st, int64_t now_ms)
{
    sqlite3_stmt *s = S(st, S_OP_DUE);
    sqlite3_bind_int64(s, 1, now_ms);
    json_t *arr = NULL;
    while (sqlite3_step(s) == SQLITE_ROW) {
        if (!arr)
            arr = json_array();
        json_array_append_new(arr, json_string((const char *)sqlite3_column_text(s, 0)));
    }
    sqlite3_reset(s);
    return arr;
}

int em_op_pending(em_store *st, const char *key_prefix)
{
    sqlite3_stmt *s = S(st, S_OP_PENDING);
    bind_text(s, 1, key_prefix);
    return count_of(s);
}

int em_op_make_all_due(em_store *st)
{
    return run(st, S(st, S_OP_ALL_DUE), "operations settle");
}

void em_op_free(em_op *op)
{
    free(op->resource_key);
    free(op->kind);
    free(op->family);
    free(op->status);
    json_decref(op->error);
    json_decref(op->payload);
    memset(op, 0, sizeof *op);
}

int em_job_put(em_store *st, const em_job *job)
{
    sqlite3_stmt *s = S(st, S_JOB_PUT);
    bind_text(s, 1, job->key);
    bind_text(s, 2, job->workspace);
    bind_text(s, 3, job->name);
    sqlite3_bind_int64(s, 4, st->next_seq++);
    bind_text(s, 5, job->endpoint);
    bind_text(s, 6, job->deployment);
    bind_text(s, 7, job->status);
    bind_text(s, 8, job->output_path);
    bind_json(s, 9, job->body);
    sqlite3_bind_int64(s, 10, job->created_ms);
    sqlite3_bind_int64(s, 11, job->updated_ms);
    bind_text(s, 12, job->repeatability_id);
    bind_text(s, 13, job->run_id);
    bind_json(s, 14, job->run_info);
    return run(st, s, "job put");
}

int em_job_get(em_store *st, const char *key, em_job *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *s = S(st, S_JOB_GET);
    bind_text(s, 1, key);
    int rc = step_one(s);
    if (rc != 0)
        return rc;
    out->key = col_str(s, 0);
    out->workspace = col_str(s, 1);
    out->name = col_str(s, 2);
    out->endpoint = col_str(s, 3);
    out->deployment = col_str(s, 4);
    out->status = col_str(s, 5);
    out->output_path = col_str(s, 6);
    out->body = col_json(s, 7);
    out->created_ms = sqlite3_column_int64(s, 8);
    out->updated_ms = sqlite3_column_int64(s, 9);
    out->run_id = col_str(s, 10);
    out->run_info = col_json(s, 11);
    sqlite3_reset(s);
    return 0;
}

char *em_job_find_repeatable(em_store *st, const char *workspace, const char *rid)
{
    sqlite3_stmt *s = S(st, S_JOB_BY_RID);
    bind_text(s, 1, workspace);
    bind_text(s, 2, rid);
    char *key = sqlite3_step(s) == SQLITE_ROW ? col_str(s, 0) : NULL;
    sqlite3_reset(s);
    return key;
}

int em_job_delete(em_store *st, const char *key)
{
    sqlite3_stmt *s = S(st, S_JOB_DEL);
    bind_text(s, 1, key);
    return run(st, s, "job delete");
}

json_t *em_job_list(em_store *st, const char *workspace, const char *endpoint,
                    const char *deployment, bool newest_first, int offset, int limit,
                    bool *more)
{
    sqlite3_stmt *s = S(st, newest_first ? S_JOB_LIST_NEW : S_JOB_LIST);
    bind_text(s, 1, workspace);
    bind_text(s, 2, endpoint);
    bind_text(s, 3, deployment);
    sqlite3_bind_int(s, 4, limit < 0 ? -1 : limit + 1);
    sqlite3_bind_int(s, 5, offset);
    return body_rows(s, limit, more, true);
}

json_t *em_job_runnable(em_store *st)
{
    sqlite3_stmt *s = S(st, S_JOB_RUNNABLE);
    json_t *arr = json_array();
    while (sqlite3_step(s) == SQLITE_ROW)
        json_array_append_new(arr, json_pack("{s:s, s:I}", "key", sqlite3_column_text(s, 0),
                                             "updatedMs",
                                             (json_int_t)sqlite3_column_int64(s, 1)));
    sqlite3_reset(s);
    return arr;
}

json_t *em_job_owned(em_store *st)
{
    sqlite3_stmt *s = S(st, S_JOB_OWNED);
    json_t *arr = json_array();
    while (sqlite3_step(s) == SQLITE_ROW)
        json_array_append_new(arr, json_string((const char *)sqlite3_column_text(s, 0)));
    sqlite3_reset(s);
    return arr;
}

void em_job_free(em_job *job)
{
    free(job->key);
    free(job->workspace);
    free(job->name);
    free(job->endpoint);
    free(job->deployment);
    free(job->status);
    free(job->output_path);
    free(job->repeatability_id);
    free(job->run_id);
    json_decref(job->run_info);
    json_decref(job->body);
    memset(job, 0, sizeof *job);
}

json_t *em_blob_props_get(em_store *st, const char *container, const char *name, int64_t *size,
                          int64_t *mtime_ns)
{
    sqlite3_stmt *s = S(st, S_BLOB_GET);
    bind_text(s, 1, container);
    bind_text(s, 2, name);
    json_t *props = NULL;
    if (sqlite3_step(s) == SQLITE_ROW) {
        props = col_json(s, 0);
        *size = sqlite3_column_int64(s, 1);
        *mtime_ns = sqlite3_column_int64(s, 2);
    }
    sqlite3_reset(s);
    return props;
}

int em_blob_props_put(em_store *st, const char *container, const char *name, const json_t *props,
                      int64_t size, int64_t mtime_ns)
{
    sqlite3_stmt *s = S(st, S_BLOB_PUT);
    bind_text(s, 1, container);
    bind_text(s, 2, name);
    bind_json(s, 3, props);
    sqlite3_bind_int64(s, 4, size);
    sqlite3_bind_int64(s, 5, mtime_ns);
    return run(st, s, "blob put");
}

int em_blob_props_delete(em_store *st, const char *container, const char *name)
{
    sqlite3_stmt *s = S(st, S_BLOB_DEL);
    bind_text(s, 1, container);
    bind_text(s, 2, name);
    return run(st, s, "blob delete");
}
