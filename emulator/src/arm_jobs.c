/* jobs: list (paged, listViewType/jobType/tag filters), get, create (PUT,
 * synchronous as on the service), cancel (POST, LRO via Location: the job
 * goes CancelRequested -> Canceled) and delete (LRO via Location). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arm.h"
#include "arm_common.h"
#include "datastore.h"
#include "jobs.h"
#include "lro.h"
#include "runner.h"
#include "schemas.h"
#include "util.h"
#include "validate.h"

static bool keep(const json_t *job, const char *view, const char *type, const char *tag)
{
    json_t *p = json_object_get(job, "properties");
    bool archived = json_is_true(json_object_get(p, "isArchived"));
    if (!view || strcasecmp(view, "ActiveOnly") == 0) {
        if (archived)
            return false;
    } else if (strcasecmp(view, "ArchivedOnly") == 0) {
        if (!archived)
            return false;
    }
    if (type && !em_streq_ci(json_string_value(json_object_get(p, "jobType")), type))
        return false;
    if (tag && !json_object_get(json_object_get(p, "tags"), tag))
        return false;
    return true;
}

static void list_jobs(em_arm *a)
{
    int offset, limit;
    em_arm_page(a, &offset, &limit);
    const char *view = em_req_query(a->req, "listViewType");
    const char *type = em_req_query(a->req, "jobType");
    const char *tag = em_req_query(a->req, "tag");
    json_t *all = em_job_list(a->app->store, a->ws_key, NULL, NULL, false, 0, -1, NULL);
    json_t *page = json_array();
    int seen = 0;
    bool more = false;
    size_t i;
    json_t *j;
    json_array_foreach(all, i, j) {
        if (!keep(j, view, type, tag))
            continue;
        if (seen >= offset + limit) {
            more = true;
            break;
        }
        if (seen >= offset)
            json_array_append(page, j);
        seen++;
    }
    json_decref(all);
    em_arm_list_response(a, page, more, offset, limit);
}

static void put_job(em_arm *a, const char *name, const char *key)
{
    json_t *body = em_arm_body(a, false);
    if (!body)
        return;
    json_t *props = json_object_get(body, "properties");
    if (!em_arm_check_schema(a, &EM_SCHEMA_JOB, body)) {
        json_decref(body);
        return;
    }
    em_job existing;
    int found = em_job_get(a->app->store, key, &existing);
    int64_t now = em_now_ms();
    em_job job = {0};
    json_t *res = json_object();
    json_t *p = json_deep_copy(props);
    json_object_del(p, "status");
    em_json_default(p, "experimentName", json_string("Default"));
    em_json_default(p, "isArchived", json_false());
    em_json_default(p, "services", json_object());
    em_json_default(p, "tags", json_object());
    char *id = em_printf("%s/jobs/%s", a->ws_id, name);
    json_object_set_new(res, "id", json_string(id));
    free(id);
    json_object_set_new(res, "name", json_string(name));
    json_object_set_new(res, "type", json_string(EM_RP "/workspaces/jobs"));
    if (found == 0)
        json_object_set(res, "systemData", json_object_get(existing.body, "systemData"));
    json_object_set_new(res, "properties", p);
    em_arm_touch_system_data(a, res, found != 0);
    job.key = (char *)key;
    job.workspace = a->ws_key;
    job.name = (char *)name;
    job.status = found == 0 ? existing.status : "NotStarted";
    job.endpoint = found == 0 ? existing.endpoint : NULL;
    job.deployment = found == 0 ? existing.deployment : NULL;
    char *out_path = em_job_score_dir(a->app->datastore_dir, name);
    job.output_path = found == 0 && existing.output_path ? existing.output_path : out_path;
    /* A PUT over a running batch job leaves it to its run. */
    job.run_id = found == 0 ? existing.run_id : NULL;
    job.run_info = found == 0 ? existing.run_info : NULL;
    job.body = res;
    job.created_ms = found == 0 ? existing.created_ms : now;
    job.updated_ms = now;
    if (em_arm_tx_begin(a) && em_arm_tx_end(a, em_job_put(a->app->store, &job))) {
        em_job view = job;
        em_resp_json(a->resp, found == 0 ? 200 : 201, em_job_arm_body(&view));
    }
    free(out_path);
    json_decref(res);
    if (found == 0)
        em_job_free(&existing);
    json_decref(body);
}

/* em_job_get that answers a store error (500) itself: 0 found, 1 absent,
 * -1 answered. */
static int load_job(em_arm *a, const char *key, em_job *job)
{
    int rc = em_job_get(a->app->store, key, job);
    if (rc < 0)
        em_arm_internal_error(a);
    return rc;
}

static void cancel_job(em_arm *a, const char *name, const char *key)
{
    em_job job;
    int rc = load_job(a, key, &job);
    if (rc > 0)
        em_arm_not_found(a, "jobs", name);
    if (rc != 0)
        return;
    if (em_job_status_terminal(job.status)) {
        /* Nothing left to cancel: done synchronously. */
        em_resp_empty(a->resp, 200);
        em_job_free(&job);
        return;
    }
    free(job.status);
    job.status = em_xstrdup("CancelRequested");
    job.updated_ms = em_now_ms();
    em_lro_op op = {.kind = "cancel", .family = EM_FAMILY_MFE, .rk = "jobs", .key = key,
                    .job = &job};
    bool started = em_lro_begin(a, &op);
    em_job_free(&job);
    if (started) {
        /* A running job's workers stop now; the operation completes (and
         * the job is Canceled) once they are gone. */
        em_runner_poke(a->app->runner, key);
        em_lro_reply(a, 202, NULL, op.family, op.id, EM_LRO_LOCATION);
    }
}

static void delete_job(em_arm *a, const char *key)
{
    em_job job;
    int rc = load_job(a, key, &job);
    if (rc > 0)
        em_resp_empty(a->resp, 204);
    if (rc != 0)
        return;
    em_job_free(&job);
    em_lro_op op = {.kind = "job-delete", .family = EM_FAMILY_MFE, .rk = "jobs", .key = key};
    if (em_lro_begin(a, &op))
        em_lro_reply(a, 202, NULL, op.family, op.id, EM_LRO_LOCATION | EM_LRO_TIMEOUT);
}

void em_arm_jobs(em_arm *a)
{
    const char *m = a->req->method;
    if (a->nseg == 1) {
        if (strcmp(m, "GET") == 0)
            list_jobs(a);
        else
            em_arm_method_not_allowed(a);
        return;
    }
    const char *name = a->seg[1];
    char *key = em_job_key(a->ws_key, name);
    if (a->nseg == 2) {
        if (strcmp(m, "GET") == 0) {
            em_job job;
            int rc = load_job(a, key, &job);
            if (rc == 0) {
                em_resp_json(a->resp, 200, em_job_arm_body(&job));
                em_job_free(&job);
            } else if (rc > 0) {
                em_arm_not_found(a, "jobs", name);
            }
        } else if (strcmp(m, "PUT") == 0) {
            if (em_valid_job_name(name))
                put_job(a, name, key);
            else
                em_resp_arm_error(a->resp, 400, "InvalidResourceName",
                                  "Job names are 1-255 characters of letters, digits, '-' and "
                                  "'_'.",
                                  "name");
        } else if (strcmp(m, "DELETE") == 0) {
            delete_job(a, key);
        } else {
            em_arm_method_not_allowed(a);
        }
    } else if (a->nseg == 3 && strcasecmp(a->seg[2], "cancel") == 0) {
        if (strcmp(m, "POST") == 0)
            cancel_job(a, name, key);
        else
            em_arm_method_not_allowed(a);
    } else {
        em_resp_arm_error(a->resp, 404, "InvalidResourceType",
                          "The resource type is not served under jobs.", NULL);
    }
    free(key);
}
