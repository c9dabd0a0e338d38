#include "control.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "faults.h"
#include "job_outputs.h"
#include "jobs.h"
#include "lro.h"
#include "recorder.h"
#include "runner.h"
#include "util.h"

static void ctl_error(em_response *resp, int status, const char *code, const char *msg)
{
    em_resp_arm_error(resp, status, code, msg, NULL);
}

static json_t *body_object(const em_request *req, em_response *resp)
{
    if (!req->body || req->body_len == 0)
        return json_object();
    json_error_t e;
    json_t *j = json_loadb(req->body, req->body_len, 0, &e);
    if (!json_is_object(j)) {
        json_decref(j);
        ctl_error(resp, 400, "InvalidRequestContent", "The body must be a JSON object.");
        return NULL;
    }
    return j;
}

static void config(em_app *app, em_response *resp)
{
    const em_config *c = &app->cfg;
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:i, s:i, s:i, s:i, s:s}", "baseUrl",
        app->base_url, "subscriptionId", c->subscription, "resourceGroup", c->resource_group,
        "workspace", c->workspace, "location", c->location, "tenantId", c->tenant, "clientId",
        c->client_id, "managedIdentityClientId", c->mi_client_id, "tls", c->tls, "auth",
        c->auth_permissive ? "permissive" : "strict", "tokenLifetimeS", c->token_lifetime_s,
        "provisioningDelayMs", c->provisioning_delay_ms, "retryAfterS", c->retry_after_s,
        "pageSize", c->page_size, "storage", c->data_dir ? "sqlite-file" : "sqlite-memory");
    if (app->ca_path)
        json_object_set_new(o, "caBundle", json_string(app->ca_path));
    if (app->data_dir_abs)
        json_object_set_new(o, "dataDir", json_string(app->data_dir_abs));
    json_object_set_new(o, "datastoreDir", json_string(app->datastore_dir));
    const char *py = em_runner_python(app->runner);
    json_object_set_new(o, "python", py ? json_string(py) : json_null());
    json_object_set_new(o, "jobStartDelayMs", json_integer(c->job_start_delay_ms));
    json_object_set_new(o, "maxRunningJobs", json_integer(c->max_running_jobs));
    em_resp_json(resp, 200, o);
}

static void requests(em_app *app, const em_request *req, em_response *resp)
{
    if (strcmp(req->method, "DELETE") == 0) {
        em_recorder_clear(app->recorder);
        em_resp_empty(resp, 204);
        return;
    }
    if (strcmp(req->method, "GET") != 0) {
        ctl_error(resp, 405, "HttpMethodNotSupported", "GET or DELETE.");
        return;
    }
    const char *since = em_req_query(req, "since");
    json_t *list = em_recorder_list(app->recorder, since ? atol(since) : 0,
                                    em_req_query(req, "pathContains"), em_req_query(req, "method"));
    em_resp_json(resp, 200, json_pack("{s:o}", "requests", list));
}

static void faults(em_app *app, const em_request *req, em_response *resp, char **s, int n)
{
    const char *m = req->method;
    if (n == 1) {
        if (strcmp(m, "GET") == 0) {
            em_resp_json(resp, 200, json_pack("{s:o}", "faults", em_faults_list(app->faults)));
        } else if (strcmp(m, "DELETE") == 0) {
            em_faults_clear(app->faults);
            em_resp_empty(resp, 204);
        } else if (strcmp(m, "POST") == 0) {
            json_t *b = body_object(req, resp);
            if (!b)
                return;
            char *err = NULL;
            int id = em_faults_add_json(app->faults, b, &err);
            json_decref(b);
            if (id < 0) {
                ctl_error(resp, 400, "InvalidFault", err);
                free(err);
                return;
            }
            em_resp_json(resp, 201, json_pack("{s:i}", "id", id));
        } else {
            ctl_error(resp, 405, "HttpMethodNotSupported", "GET, POST or DELETE.");
        }
        return;
    }
    if (n == 2 && strcmp(s[1], "seed") == 0 && (strcmp(m, "POST") == 0 || strcmp(m, "PUT") == 0)) {
        json_t *b = body_object(req, resp);
        if (!b)
            return;
        json_t *seed = json_object_get(b, "seed");
        if (!json_is_integer(seed)) {
            json_decref(b);
            ctl_error(resp, 400, "InvalidFault", "{\"seed\": integer} expected.");
            return;
        }
        em_faults_seed(app->faults, (uint64_t)json_integer_value(seed));
        json_decref(b);
        em_resp_empty(resp, 204);
        return;
    }
    if (n == 2 && strcmp(m, "DELETE") == 0) {
        if (em_faults_remove(app->faults, atoi(s[1])))
            em_resp_empty(resp, 204);
        else
            ctl_error(resp, 404, "NotFound", "No fault rule with that id.");
        return;
    }
    ctl_error(resp, 404, "NotFound", "Unknown /_emulator/faults route.");
}

static void tokens(em_app *app, const em_request *req, em_response *resp)
{
    if (strcmp(req->method, "POST") != 0) {
        ctl_error(resp, 405, "HttpMethodNotSupported", "POST.");
        return;
    }
    json_t *b = body_object(req, resp);
    if (!b)
        return;
    const char *aud = json_string_value(json_object_get(b, "audience"));
    const char *appid = json_string_value(json_object_get(b, "appId"));
    json_t *life = json_object_get(b, "lifetimeS");
    char *tok = NULL;
    int64_t exp = 0;
    tok = em_token_issue(app, aud ? aud : "https://management.azure.com/",
                         appid ? appid : app->cfg.client_id,
                         json_is_integer(life) ? json_integer_value(life) : app->cfg.token_lifetime_s,
                         &exp);
    em_resp_json(resp, 200, json_pack("{s:s, s:I, s:s}", "access_token", tok, "expires_on",
                                      (json_int_t)exp, "token_type", "Bearer"));
    free(tok);
    json_decref(b);
}

static void settle(em_app *app, const em_request *req, em_response *resp)
{
    if (strcmp(req->method, "POST") != 0) {
        ctl_error(resp, 405, "HttpMethodNotSupported", "POST.");
        return;
    }
    em_store_lock(app->store);
    int rc = em_op_make_all_due(app->store);
    if (rc == 0)
        em_lro_settle_due(app);
    em_store_unlock(app->store);
    if (rc == 0)
        em_resp_empty(resp, 204);
    else
        ctl_error(resp, 500, "InternalServerError", "Could not settle operations.");
}

static const char *const JOB_STATUSES[] = {
    "NotStarted", "Starting",  "Provisioning",    "Preparing", "Queued", "Running",     "Finalizing",
    "CancelRequested", "Completed", "Failed", "Canceled", "NotResponding", "Paused", "Unknown", NULL};

/* Store key of job name in the workspace given as SUB/RG/WS (NULL: the
 * default workspace); NULL when ws is malformed. */
static char *job_key_of(em_app *app, const char *ws, const char *name)
{
    char sub[128], rg[128], w[128];
    if (ws) {
        if (sscanf(ws, "%127[^/]/%127[^/]/%127s", sub, rg, w) != 3)
            return NULL;
    } else {
        snprintf(sub, sizeof sub, "%s", app->cfg.subscription);
        snprintf(rg, sizeof rg, "%s", app->cfg.resource_group);
        snprintf(w, sizeof w, "%s", app->cfg.workspace);
    }
    char *wsid = em_printf("/subscriptions/%s/resourceGroups/%s/providers/"
                           "Microsoft.MachineLearningServices/workspaces/%s",
                           sub, rg, w);
    char *wskey = em_lower(wsid);
    char *key = em_job_key(wskey, name);
    free(wskey);
    free(wsid);
    return key;
}

/* POST /_emulator/jobs/{name}/status {"status": "...", "workspace": "sub/rg/ws"}
 * The job is taken from the runner (its run, if any, stops at once): tests
 * drive a job's life by hand this way. NotStarted makes it run again. */
static void job_status(em_app *app, const em_request *req, em_response *resp, const char *name)
{
    json_t *b = body_object(req, resp);
    if (!b)
        return;
    const char *status = json_string_value(json_object_get(b, "status"));
    const char *canon = NULL;
    for (int i = 0; status && JOB_STATUSES[i]; i++)
        if (strcasecmp(status, JOB_STATUSES[i]) == 0)
            canon = JOB_STATUSES[i];
    char *key = canon ? job_key_of(app, json_string_value(json_object_get(b, "workspace")), name)
                      : NULL;
    json_decref(b);
    if (!canon || !key) {
        ctl_error(resp, 400, "InvalidRequestContent",
                  canon ? "workspace must be SUB/RG/WS." : "{\"status\": JobStatus} expected.");
        return;
    }
    em_store_lock(app->store);
    em_job job;
    int rc = em_job_get(app->store, key, &job);
    if (rc == 0) {
        free(job.status);
        job.status = em_xstrdup(canon);
        free(job.run_id);
        job.run_id = NULL;
        job.updated_ms = em_now_ms();
        if (em_store_begin(app->store) == 0 && em_job_put(app->store, &job) == 0 &&
            em_store_commit(app->store) == 0) {
            em_resp_json(resp, 200, em_job_arm_body(&job));
            em_runner_poke(app->runner, key);
        } else {
            em_store_rollback(app->store);
            ctl_error(resp, 500, "InternalServerError", "Could not update the job.");
        }
        em_job_free(&job);
    } else {
        ctl_error(resp, 404, "NotFound", "No job with that name in the workspace.");
    }
    em_store_unlock(app->store);
    free(key);
}

/* GET /_emulator/jobs/{name}/outputs[/{file}][?workspace=SUB/RG/WS] */
static void job_outputs(em_app *app, const em_request *req, em_response *resp, char **s, int n)
{
    if (strcmp(req->method, "GET") != 0) {
        ctl_error(resp, 405, "HttpMethodNotSupported", "GET.");
        return;
    }
    char *key = job_key_of(app, em_req_query(req, "workspace"), s[1]);
    if (!key) {
        ctl_error(resp, 400, "InvalidQueryParameterValue", "workspace must be SUB/RG/WS.");
        return;
    }
    em_job_outputs(app, resp, key, s + 3, n - 3);
    free(key);
}

/* GET /_emulator/clock; POST {"advanceMs": N} moves it forward. */
static void clock_route(em_app *app, const em_request *req, em_response *resp)
{
    int64_t offset = 0;
    if (strcmp(req->method, "POST") == 0) {
        json_t *b = body_object(req, resp);
        if (!b)
            return;
        json_t *v = json_object_get(b, "advanceMs");
        if (!json_is_integer(v) || json_integer_value(v) < 0 ||
            json_integer_value(v) > 10LL * 365 * 24 * 3600 * 1000) {
            json_decref(b);
            ctl_error(resp, 400, "InvalidRequestContent",
                      "advanceMs must be a non-negative integer (the clock only moves forward).");
            return;
        }
        offset = em_clock_advance(json_integer_value(v));
        json_decref(b);
        /* Jobs whose start delay has now passed are taken at once, and
         * mini-batches whose timeout has now passed time out. */
        em_runner_clock_moved(app->runner);
    } else if (strcmp(req->method, "GET") == 0) {
        offset = em_clock_advance(0);
    } else {
        ctl_error(resp, 405, "HttpMethodNotSupported", "GET or POST.");
        return;
    }
    char iso[40];
    int64_t now = em_now_ms();
    em_iso8601(now, iso);
    em_resp_json(resp, 200, json_pack("{s:I, s:s, s:I}", "nowMs", (json_int_t)now, "now", iso,
                                      "offsetMs", (json_int_t)offset));
}

void em_control(em_app *app, const em_request *req, em_response *resp, char **s, int n)
{
    if (!req->loopback) {
        /* No token protects these routes, so only local clients may use them. */
        ctl_error(resp, 403, "Forbidden", "The control API is served to loopback clients only.");
        return;
    }
    if (n == 0 || (n == 1 && strcmp(s[0], "health") == 0)) {
        em_resp_json(resp, 200, json_pack("{s:s}", "status", "ok"));
    } else if (n == 1 && strcmp(s[0], "config") == 0) {
        config(app, resp);
    } else if (n == 1 && strcmp(s[0], "requests") == 0) {
        requests(app, req, resp);
    } else if (n >= 1 && strcmp(s[0], "faults") == 0) {
        faults(app, req, resp, s, n);
    } else if (n == 1 && strcmp(s[0], "tokens") == 0) {
        tokens(app, req, resp);
    } else if (n == 1 && strcmp(s[0], "clock") == 0) {
        clock_route(app, req, resp);
    } else if (n == 1 && strcmp(s[0], "settle") == 0) {
        settle(app, req, resp);
    } else if (n == 3 && strcmp(s[0], "jobs") == 0 && strcmp(s[2], "status") == 0 &&
               strcmp(req->method, "POST") == 0) {
        job_status(app, req, resp, s[1]);
    } else if (n >= 3 && strcmp(s[0], "jobs") == 0 && strcmp(s[2], "outputs") == 0) {
        job_outputs(app, req, resp, s, n);
    } else {
        ctl_error(resp, 404, "NotFound", "Unknown control route; see emulator/README.md.");
    }
}
