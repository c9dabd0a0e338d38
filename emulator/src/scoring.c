#include "scoring.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arm.h"
#include "arm_common.h"
#include "asset_ref.h"
#include "auth.h"
#include "datastore.h"
#include "jobs.h"
#include "lro.h"
#include "runner.h"
#include "schemas.h"
#include "util.h"
#include "validate.h"

#define DATAPLANE_API "2020-09-01-dataplanepreview"

/* Input/output types: the batch data plane spells them PascalCase
 * (UriFolder), the ARM jobs API lower snake case (uri_folder). */
static const char *const IO_TYPES[][2] = {
    {"UriFolder", "uri_folder"},     {"UriFile", "uri_file"},         {"MLTable", "mltable"},
    {"Literal", "literal"},          {"CustomModel", "custom_model"}, {"MLFlowModel", "mlflow_model"},
    {"TritonModel", "triton_model"},
};

static const char *io_type(const char *t, int to)
{
    for (size_t i = 0; t && i < sizeof IO_TYPES / sizeof IO_TYPES[0]; i++)
        if (strcasecmp(t, IO_TYPES[i][0]) == 0 || strcasecmp(t, IO_TYPES[i][1]) == 0)
            return IO_TYPES[i][to];
    return t;
}

/* Copy a map of job inputs/outputs converting the discriminator (to = 1: ARM,
 * 0: data plane) and accepting the docs' PascalCase member names. */
static json_t *convert_io(const json_t *map, const char *disc, int to)
{
    json_t *out = json_object();
    const char *name;
    json_t *v;
    json_object_foreach((json_t *)map, name, v) {
        if (!json_is_object(v)) {
            json_object_set(out, name, v);
            continue;
        }
        json_t *c = json_object();
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x) {
            char lk[64];
            snprintf(lk, sizeof lk, "%s", k);
            lk[0] = (char)(lk[0] >= 'A' && lk[0] <= 'Z' ? lk[0] - 'A' + 'a' : lk[0]);
            if (strcmp(lk, disc) == 0 && json_is_string(x))
                json_object_set_new(c, disc, json_string(io_type(json_string_value(x), to)));
            else
                json_object_set(c, lk, x);
        }
        json_object_set_new(out, name, c);
    }
    return out;
}

/* The data-plane view of a job (BatchJobResource). */
static json_t *dataplane_body(const em_job *job)
{
    json_t *p = json_object_get(job->body, "properties");
    json_t *settings = json_object_get(p, "settings");
    json_t *props = json_is_object(settings) ? json_deep_copy(settings) : json_object();
    json_t *in = json_object_get(p, "inputs"), *out = json_object_get(p, "outputs");
    json_object_set_new(props, "inputData",
                        json_is_object(in) ? convert_io(in, "jobInputType", 0) : json_object());
    json_object_set_new(props, "outputData",
                        json_is_object(out) ? convert_io(out, "jobOutputType", 0) : json_object());
    json_object_set_new(props, "status", json_string(job->status));
    json_object_set_new(props, "provisioningState", json_string("Succeeded"));
    json_object_set_new(props, "name", json_string(job->name));
    /* Where the job writes (its default output folder, in the workspace's
     * default datastore). */
    const char *job_id = json_string_value(json_object_get(job->body, "id"));
    const char *jobs_at = job_id ? strstr(job_id, "/jobs/") : NULL;
    char *ds_id = jobs_at ? em_printf("%.*s/datastores/" EM_DEFAULT_DATASTORE,
                                      (int)(jobs_at - job_id), job_id)
                          : NULL;
    char *path = em_printf("azureml/%s/score/", job->name);
    json_object_set_new(props, "output",
                        json_pack("{s:s?, s:s}", "datastoreId", ds_id, "path", path));
    free(ds_id);
    free(path);
    json_t *r = json_pack("{s:O, s:s, s:s, s:o}", "id", json_object_get(job->body, "id"), "name",
                          job->name, "type", EM_RP "/workspaces/batchEndpoints/jobs", "properties",
                          props);
    json_t *sd = json_object_get(job->body, "systemData");
    if (sd)
        json_object_set(r, "systemData", sd);
    return r;
}

/* Invoke-time overrides: the runner reads them (run_spec.c) over the
 * deployment's settings; the data plane shows them back. */
static const char *const OVERRIDES[] = {"miniBatchSize", "errorThreshold", "retrySettings",
                                        "compute", "loggingLevel", "maxConcurrencyPerInstance",
                                        "outputFileName", "outputDataset", "description", "tags",
                                        NULL};

/* An input naming a data asset names one that exists (the runner reads
 * its dataUri); false = resp filled (400 UserError, AssetNotFound). The
 * body's shape is EM_SCHEMA_BATCH_JOB's. */
static bool inputs_ok(em_arm *a, const json_t *inputs)
{
    const char *name;
    json_t *in;
    json_object_foreach((json_t *)inputs, name, in) {
        const char *uri = json_string_value(em_schema_member(in, "uri", true));
        char *data_uri = NULL, *err = NULL;
        int rc = uri ? em_data_asset_uri(a->app->store, a->ws_key, uri, &data_uri, &err) : 0;
        free(data_uri);
        if (rc < 0) {
            char *target = em_printf("properties.inputData.%s.uri", name);
            em_arm_user_error(a, target, "AssetNotFound", "%s", err);
            free(target);
            free(err);
            return false;
        }
    }
    return true;
}

static void invoke(em_arm *a, const char *ep_name)
{
    em_app *app = a->app;
    char *ep_key = em_arm_child_key(a->ws_key, "batchEndpoints", ep_name);
    json_t *ep = em_res_get(app->store, ep_key, NULL);
    json_t *body = NULL, *dep = NULL;
    char *dep_key = NULL, *job_key = NULL, *name = NULL;
    if (!ep) {
        em_arm_not_found(a, "batchEndpoints", ep_name);
        goto out;
    }
    if (!em_state_is(ep, "Succeeded") && !em_state_is(ep, "Updating")) {
        em_arm_conflict(a, "The batch endpoint '%s' is %s; it can be invoked once provisioned.",
                        ep_name, em_prov_state(ep));
        goto out;
    }
    body = em_arm_body(a, false);
    if (!body)
        goto out;
    if (!em_arm_check_schema(a, &EM_SCHEMA_BATCH_JOB, body))
        goto out;
    json_t *props = json_object_get(body, "properties");
    /* The docs' PascalCase REST form (InputData) too. */
    json_t *inputs = em_schema_member(props, "inputData", true);
    if (json_object_size(inputs) == 0) {
        em_arm_user_error(a, "properties.inputData", "RequiredFieldMissing",
                          "properties.inputData must name at least one input.");
        goto out;
    }
    if (!inputs_ok(a, inputs))
        goto out;
    const char *dep_name = em_req_header(a->req, "azureml-model-deployment");
    if (!dep_name || !*dep_name)
        dep_name = json_string_value(json_object_get(
            json_object_get(json_object_get(ep, "properties"), "defaults"), "deploymentName"));
    if (!dep_name) {
        em_arm_user_error(a, "azureml-model-deployment", "NoDefaultDeployment",
                          "No deployment was named (azureml-model-deployment header) and the batch "
                          "endpoint '%s' has no default deployment.",
                          ep_name);
        goto out;
    }
    dep_key = em_arm_child_key(ep_key, "deployments", dep_name);
    dep = em_res_get(app->store, dep_key, NULL);
    if (!dep) {
        char *tp = em_printf("batchEndpoints/%s/deployments", ep_name);
        em_arm_not_found(a, tp, dep_name);
        free(tp);
        goto out;
    }
    if (!em_state_is(dep, "Succeeded") && !em_state_is(dep, "Updating")) {
        em_arm_conflict(a, "The batch deployment '%s' is %s; it cannot run jobs.", dep_name,
                        em_prov_state(dep));
        goto out;
    }
    /* A retried invoke carrying the same repeatability id gets the same job
     * instead of a second one (azure-ai-ml sends this header). */
    const char *rid = em_req_header(a->req, "repeatability_request-id");
    if (!rid)
        rid = em_req_header(a->req, "Repeatability-Request-ID");
    if (rid) {
        char *found = em_job_find_repeatable(app->store, a->ws_key, rid);
        if (found) {
            em_job job;
            if (em_job_get(app->store, found, &job) == 0) {
                em_resp_json(a->resp, 200, dataplane_body(&job));
                em_job_free(&job);
            } else {
                em_arm_internal_error(a);
            }
            free(found);
            goto out;
        }
    }
    const char *given = json_string_value(json_object_get(props, "name"));
    if (given) {
        if (!em_valid_job_name(given)) {
            em_arm_user_error(a, "properties.name", "InvalidFieldValue",
                              "Job names are 1-255 characters of letters, digits, '-' and '_'.");
            goto out;
        }
        name = em_xstrdup(given);
    } else {
        char u[37];
        em_uuid(u);
        name = em_printf("batchjob-%s", u);
    }
    job_key = em_job_key(a->ws_key, name);
    em_job clash;
    if (em_job_get(app->store, job_key, &clash) == 0) {
        em_job_free(&clash);
        em_arm_conflict(a, "A job named '%s' already exists.", name);
        goto out;
    }
    json_t *settings = json_object();
    for (int i = 0; OVERRIDES[i]; i++) {
        json_t *v = json_object_get(props, OVERRIDES[i]);
        if (v && !json_is_null(v))
            json_object_set(settings, OVERRIDES[i], v);
    }
    json_t *outputs = em_schema_member(props, "outputData", true);
    /* Without outputs of its own, a batch job's output is "score", the
     * folder the runner writes predictions to (as on the service, where
     * `az ml job download --output-name score` fetches them). */
    char *score_uri = em_job_score_uri(name), *log_uri = em_job_log_uri(name);
    json_t *arm_outputs = json_is_object(outputs) && json_object_size(outputs) > 0
                              ? convert_io(outputs, "jobOutputType", 1)
                              : json_pack("{s:{s:s, s:s, s:s}}", "score", "jobOutputType",
                                          "uri_folder", "uri", score_uri, "mode",
                                          "ReadWriteMount");
    /* The job's logs and artifacts, where azure-ai-ml looks for them. */
    if (!json_object_get(arm_outputs, "default"))
        json_object_set_new(arm_outputs, "default",
                            json_pack("{s:s, s:s, s:s}", "jobOutputType", "uri_folder", "uri",
                                      log_uri, "mode", "ReadWriteMount"));
    free(score_uri);
    free(log_uri);
    char *id = em_printf("%s/jobs/%s", a->ws_id, name);
    json_t *jp = json_pack(
        "{s:s, s:s, s:s, s:n, s:{}, s:{s:s, s:s, s:s}, s:b, s:o, s:o, s:o, s:O, s:{}}", "jobType",
        "Pipeline", "displayName", name, "experimentName", ep_name, "description", "tags",
        "properties", "azureml.batchrun", "true", "azureml.endpointname", ep_name,
        "azureml.deploymentname", dep_name, "isArchived", 0, "inputs",
        convert_io(inputs, "jobInputType", 1), "outputs", arm_outputs, "settings", settings,
        "computeId",
        json_object_get(json_object_get(dep, "properties"), "compute"), "services");
    json_t *jb = json_pack("{s:s, s:s, s:s, s:o}", "id", id, "name", name, "type",
                           EM_RP "/workspaces/jobs", "properties", jp);
    free(id);
    em_arm_touch_system_data(a, jb, true);
    int64_t now = em_now_ms();
    char *out_path = em_job_score_dir(app->datastore_dir, name);
    em_job job = {.key = job_key, .workspace = a->ws_key, .name = name, .endpoint = (char *)ep_name,
                  .deployment = (char *)dep_name, .status = "NotStarted",
                  .output_path = out_path, .body = jb, .created_ms = now, .updated_ms = now,
                  .repeatability_id = (char *)rid};
    if (em_arm_tx_begin(a) && em_arm_tx_end(a, em_job_put(app->store, &job))) {
        em_resp_json(a->resp, 200, dataplane_body(&job));
        em_runner_notify(app->runner);
    }
    free(out_path);
    json_decref(jb);
out:
    free(name);
    free(job_key);
    free(dep_key);
    json_decref(dep);
    json_decref(body);
    json_decref(ep);
    free(ep_key);
}

static void finish(em_arm *a)
{
    free(a->sub);
    free(a->rg);
    free(a->ws);
    free(a->ws_id);
    free(a->ws_key);
    free(a->location);
}

/* Workspace lookup for the data plane: never creates one. */
static bool bind_workspace(em_arm *a, const char *sub, const char *rg, const char *ws)
{
    return em_arm_resolve_workspace(a, sub, rg, ws, false);
}

void em_scoring(em_app *app, const em_request *req, em_response *resp, char **s, int n)
{
    em_arm a = {.app = app, .req = req, .resp = resp, .api_version = DATAPLANE_API};
    if (n != 5 || strcasecmp(s[4], "jobs") != 0) {
        em_resp_arm_error(resp, 404, "NotFound", "No scoring route matches this path.", NULL);
        return;
    }
    if (strcmp(req->method, "POST") != 0) {
        em_resp_arm_error(resp, 405, "HttpMethodNotSupported",
                          "The scoring URI accepts POST only.", NULL);
        return;
    }
    /* The scoring URI wants an Azure ML token, not an ARM one. */
    if (!em_auth_check(app, req, EM_AUD_ML, resp, &a.caller))
        return;
    em_store_lock(app->store);
    em_lro_settle_due(app);
    if (bind_workspace(&a, s[0], s[1], s[2]))
        invoke(&a, s[3]);
    em_store_rollback(app->store);
    em_store_unlock(app->store);
    finish(&a);
}

void em_mfe(em_app *app, const em_request *req, em_response *resp, char **s, int n)
{
    em_arm a = {.app = app, .req = req, .resp = resp};
    /* subscriptions/{sub}/resourceGroups/{rg}/providers/RP/workspaces/{ws}/batchEndpoints/{ep}
     * [/deployments/{dep}]/jobs */
    bool shape = n >= 11 && strcasecmp(s[0], "subscriptions") == 0 &&
                 strcasecmp(s[2], "resourceGroups") == 0 && strcasecmp(s[4], "providers") == 0 &&
                 strcasecmp(s[5], EM_RP) == 0 && strcasecmp(s[6], "workspaces") == 0 &&
                 strcasecmp(s[8], "batchEndpoints") == 0 && strcasecmp(s[n - 1], "jobs") == 0 &&
                 (n == 11 || (n == 13 && strcasecmp(s[10], "deployments") == 0));
    if (!shape) {
        em_resp_arm_error(resp, 404, "NotFound", "No management-frontend route matches this path.",
                          NULL);
        return;
    }
    if (strcmp(req->method, "GET") != 0) {
        em_resp_arm_error(resp, 405, "HttpMethodNotSupported", "Only GET is served here.", NULL);
        return;
    }
    if (!em_auth_check(app, req, EM_AUD_ARM, resp, &a.caller))
        return;
    if (!em_arm_check_api_version(app, req, resp, DATAPLANE_API))
        return;
    a.api_version = em_req_query(req, "api-version");
    em_store_lock(app->store);
    em_lro_settle_due(app);
    if (bind_workspace(&a, s[1], s[3], s[7])) {
        const char *dep = n == 13 ? s[11] : em_req_query(req, "deployment");
        int offset, limit;
        em_arm_page(&a, &offset, &limit);
        bool more;
        json_t *rows = em_job_list(app->store, a.ws_key, s[9], dep, true, offset, limit, &more);
        /* Newest first, as the service lists them. em_job_list returns ARM
         * bodies; each is re-shaped to the data plane. */
        json_t *items = json_array();
        size_t i;
        json_t *b;
        json_array_foreach(rows, i, b) {
            const char *name = json_string_value(json_object_get(b, "name"));
            char *key = em_job_key(a.ws_key, name ? name : "");
            em_job job;
            if (em_job_get(app->store, key, &job) == 0) {
                json_array_append_new(items, dataplane_body(&job));
                em_job_free(&job);
            }
            free(key);
        }
        json_decref(rows);
        em_arm_list_response(&a, items, more, offset, limit);
    }
    em_store_unlock(app->store);
    finish(&a);
}
