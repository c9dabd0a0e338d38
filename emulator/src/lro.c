#include "lro.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runner.h"
#include "util.h"

/* The operation row and the resource's link to it (internal "op", cleared
 * again by settle_one) are two halves of one record, so the helpers that
 * write and read that link live here with the rest of the operation's life
 * rather than in arm_common.c: the resource modules only say what to start. */

const char *em_pending_op(const json_t *internal)
{
    return json_string_value(json_object_get(internal, "op"));
}

/* internal (may be NULL) with "op" set; returns a new or the same object. */
static json_t *with_pending_op(json_t *internal, const char *opid)
{
    if (!json_is_object(internal))
        internal = json_object();
    json_object_set_new(internal, "op", json_string(opid));
    return internal;
}

/* Record a new operation, due after --provisioning-delay-ms. The payload is
 * what the settle step reads back (the collection, for its per-kind work). */
static int insert_op(em_arm *a, em_lro_op *o)
{
    json_t *payload = json_pack("{s:s}", "rk", o->rk);
    if (o->action)
        json_object_set_new(payload, "action", json_string(o->action));
    em_op op = {0};
    em_uuid(op.id);
    op.resource_key = (char *)o->key;
    op.kind = (char *)o->kind;
    op.family = (char *)o->family;
    op.status = "InProgress";
    op.start_ms = em_now_ms();
    op.due_ms = op.start_ms + a->app->cfg.provisioning_delay_ms;
    op.payload = payload;
    snprintf(o->id, sizeof o->id, "%s", op.id);
    int rc = em_op_insert(a->app->store, &op);
    json_decref(payload);
    return rc;
}

bool em_lro_begin(em_arm *a, em_lro_op *op)
{
    if (!em_arm_tx_begin(a))
        return false;
    em_store *st = a->app->store;
    int rc = 0;
    /* join usually points into *op->internal, whose "op" is replaced below:
     * copy it first. */
    if (op->join)
        snprintf(op->id, sizeof op->id, "%s", op->join);
    else
        rc = insert_op(a, op);
    if (op->body) {
        *op->internal = with_pending_op(*op->internal, op->id);
        rc |= op->parent ? em_res_put(st, op->key, op->parent, op->rk, op->name, op->body,
                                      *op->internal)
                         : em_res_update(st, op->key, op->body, *op->internal);
    }
    if (op->job)
        rc |= em_job_put(st, op->job);
    return em_arm_tx_end(a, rc);
}

static char *op_url(em_arm *a, const char *family, const char *what, const char *opid)
{
    return em_printf("%s/subscriptions/%s/providers/" EM_RP "/locations/%s/%s%s/%s?api-version=%s",
                     a->app->base_url, a->sub, a->location, family, what, opid, a->api_version);
}

static void header_url(em_arm *a, const char *name, const char *family, const char *what,
                       const char *opid)
{
    char *u = op_url(a, family, what, opid);
    em_resp_header(a->resp, name, u);
    free(u);
}

static void header_retry_after(em_arm *a)
{
    char v[16];
    snprintf(v, sizeof v, "%d", a->app->cfg.retry_after_s);
    em_resp_header(a->resp, "Retry-After", v);
}

void em_lro_reply(em_arm *a, int status, json_t *body, const char *family, const char *opid,
                  unsigned headers)
{
    em_resp_json(a->resp, status, body);
    if (headers & EM_LRO_ASYNC)
        header_url(a, "Azure-AsyncOperation", family, "OperationsStatus", opid);
    if (headers & EM_LRO_LOCATION)
        header_url(a, "Location", family, "OperationResults", opid);
    header_retry_after(a);
    if (headers & EM_LRO_TIMEOUT)
        em_resp_header(a->resp, "x-ms-async-operation-timeout", "PT1H");
}

static json_t *error_detail(const char *code, const char *message)
{
    return json_pack("{s:s, s:s, s:[], s:[]}", "code", code, "message", message, "details",
                     "additionalInfo");
}

/* Kind-specific completion of a create/update: returns an ErrorDetail when the
 * operation fails. */
static json_t *finish_provisioning(em_app *app, const char *rk, json_t *body, int64_t now)
{
    json_t *props = json_object_get(body, "properties");
    json_t *err = NULL;
    if (strcmp(rk, "deployments") == 0)
        err = em_deployment_check_refs(app, body);
    if (strcmp(rk, "computes") == 0 && !err)
        em_compute_settle(body, now);
    json_object_set_new(props, "provisioningState", json_string(err ? "Failed" : "Succeeded"));
    if (strcmp(rk, "computes") == 0) {
        char ts[40];
        em_iso8601(now, ts);
        json_object_set_new(props, "modifiedOn", json_string(ts));
        if (err)
            json_object_set_new(props, "provisioningErrors",
                                json_pack("[{s:O}]", "error", err));
    }
    return err;
}

/* A cancel completes once the job runner has let go of the job (its
 * workers are gone and it wrote Canceled); until then it stays due. */
static bool cancel_waits_for_runner(em_store *st, const em_op *op)
{
    if (strcmp(op->kind, "cancel") != 0)
        return false;
    em_job job;
    if (em_job_get(st, op->resource_key, &job) != 0)
        return false;
    bool owned = job.run_id != NULL;
    em_job_free(&job);
    return owned;
}

static void settle_one(em_app *app, const char *opid)
{
    em_store *st = app->store;
    em_op op;
    if (em_op_get(st, opid, &op) != 0)
        return;
    if (strcmp(op.status, "InProgress") != 0 || cancel_waits_for_runner(st, &op)) {
        em_op_free(&op);
        return;
    }
    if (em_store_begin(st) != 0) {
        em_op_free(&op);
        return;
    }
    int64_t now = em_now_ms();
    const char *rk = json_string_value(json_object_get(op.payload, "rk"));
    if (!rk)
        rk = "";
    const char *final_status = "Succeeded";
    json_t *err = NULL;
    int err_status = 0;
    int rc = 0;

    if (strcmp(op.kind, "create") == 0 || strcmp(op.kind, "update") == 0) {
        json_t *internal = NULL;
        json_t *body = em_res_get(st, op.resource_key, &internal);
        if (!body) {
            final_status = "Canceled";
            err = error_detail("ResourceNotFound",
                               "The resource was deleted before the operation completed.");
            err_status = 404;
        } else {
            err = finish_provisioning(app, rk, body, now);
            if (err) {
                final_status = "Failed";
                err_status = 400;
            }
            if (json_is_object(internal))
                json_object_del(internal, "op");
            rc = em_res_update(st, op.resource_key, body, internal);
        }
        json_decref(body);
        json_decref(internal);
    } else if (strcmp(op.kind, "delete") == 0) {
        char *under = em_printf("%s/", op.resource_key);
        rc = em_res_delete_under(st, under) | em_res_delete(st, op.resource_key);
        free(under);
    } else if (strcmp(op.kind, "cancel") == 0) {
        em_job job;
        if (em_job_get(st, op.resource_key, &job) == 0) {
            if (strcmp(job.status, "CancelRequested") == 0) {
                free(job.status);
                job.status = em_xstrdup("Canceled");
                job.updated_ms = now;
                rc = em_job_put(st, &job);
            }
            em_job_free(&job);
        }
    } else if (strcmp(op.kind, "job-delete") == 0) {
        rc = em_job_delete(st, op.resource_key);
        /* A run of the deleted job stops at its next look. */
        em_runner_poke(app->runner, op.resource_key);
    }

    free(op.status);
    op.status = em_xstrdup(final_status);
    op.end_ms = now;
    op.error = err;
    op.error_status = err_status;
    rc |= em_op_finish(st, &op);
    if (rc == 0)
        em_store_commit(st);
    else
        em_store_rollback(st);
    em_op_free(&op);
}

void em_lro_settle_due(em_app *app)
{
    json_t *due = em_op_due(app->store, em_now_ms());
    if (!due)
        return;
    size_t i;
    json_t *v;
    json_array_foreach(due, i, v)
        settle_one(app, json_string_value(v));
    json_decref(due);
}

static bool load_op(em_arm *a, const char *family, const char *opid, em_op *op)
{
    int rc = em_op_get(a->app->store, opid, op);
    if (rc == 0 && strcmp(op->family, family) == 0)
        return true;
    if (rc == 0)
        em_op_free(op);
    if (rc < 0) {
        em_arm_internal_error(a);
        return false;
    }
    char *msg = em_printf("The operation '%s' was not found.", opid);
    em_resp_arm_error(a->resp, 404, "OperationNotFound", msg, NULL);
    free(msg);
    return false;
}

/* The status/result URLs are only reachable through the location segment of
 * their own URL; fill a->sub/location so headers built here point back. */
static void bind_location(em_arm *a, const char *sub, const char *loc)
{
    free(a->sub);
    free(a->location);
    a->sub = em_xstrdup(sub);
    a->location = em_xstrdup(loc);
}

void em_lro_status(em_arm *a, const char *sub, const char *loc, const char *family,
                   const char *opid)
{
    bind_location(a, sub, loc);
    em_op op;
    if (!load_op(a, family, opid, &op))
        return;
    char *id = em_printf("/subscriptions/%s/providers/" EM_RP "/locations/%s/%sOperationsStatus/%s",
                         sub, loc, family, opid);
    char start[40];
    em_iso8601(op.start_ms, start);
    json_t *body = json_pack("{s:s, s:s, s:s, s:s}", "id", id, "name", opid, "status", op.status,
                             "startTime", start);
    free(id);
    bool running = strcmp(op.status, "InProgress") == 0;
    double pct = 100.0;
    if (running) {
        int64_t span = op.due_ms - op.start_ms, done = em_now_ms() - op.start_ms;
        pct = span > 0 ? 100.0 * (double)done / (double)span : 0.0;
        if (pct > 99.0)
            pct = 99.0;
        if (pct < 0)
            pct = 0;
    } else {
        char end[40];
        em_iso8601(op.end_ms, end);
        json_object_set_new(body, "endTime", json_string(end));
    }
    json_object_set_new(body, "percentComplete", json_real(pct));
    if (op.error)
        json_object_set(body, "error", op.error);
    em_resp_json(a->resp, 200, body);
    if (running)
        header_retry_after(a);
    em_op_free(&op);
}

void em_lro_result(em_arm *a, const char *sub, const char *loc, const char *family,
                   const char *opid)
{
    bind_location(a, sub, loc);
    em_op op;
    if (!load_op(a, family, opid, &op))
        return;
    if (strcmp(op.status, "InProgress") == 0) {
        em_lro_reply(a, 202, NULL, family, opid, EM_LRO_LOCATION);
    } else if (strcmp(op.status, "Succeeded") != 0) {
        em_resp_json(a->resp, op.error_status ? op.error_status : 400,
                     json_pack("{s:O}", "error", op.error ? op.error : json_null()));
    } else if (strcmp(op.kind, "create") == 0 || strcmp(op.kind, "update") == 0) {
        /* "The exact same response that would have been returned had the
         * operation been executed synchronously": the resource as it is now. */
        json_t *body = em_res_get(a->app->store, op.resource_key, NULL);
        if (body)
            em_resp_json(a->resp, 200, body);
        else
            em_resp_empty(a->resp, 204);
    } else {
        em_resp_empty(a->resp, 200);
    }
    em_op_free(&op);
}
