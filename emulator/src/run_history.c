#include "run_history.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arm.h"
#include "datastore.h"
#include "fsutil.h"
#include "jobs.h"
#include "lro.h"
#include "sas.h"
#include "util.h"

/* How long the log URLs of a details answer stay valid (as azure-ai-ml's
 * own log SAS URLs). */
#define LOG_SAS_MS (30LL * 60 * 1000)

static void add_log(json_t *files, em_app *app, const char *job, const char *rel,
                    const char *sas)
{
    char *dir = em_job_log_dir(app->datastore_dir, job);
    char *path = em_printf("%s/%s", dir, rel);
    const em_ds_def *ds = em_ds_by_name(&app->datastores, EM_ARTIFACT_DATASTORE);
    if (ds && em_is_file(path)) {
        char *url = em_printf("%s/%s/%s/ExperimentRun/dcid.%s/%s?%s", app->base_url,
                              app->datastores.account, ds->container, job, rel, sas);
        json_object_set_new(files, rel, json_string(url));
        free(url);
    }
    free(path);
    free(dir);
}

static json_t *details(em_app *app, const em_job *job, bool with_logs)
{
    const char *started = json_string_value(json_object_get(job->run_info, "startedAt"));
    const char *ended = json_string_value(json_object_get(job->run_info, "endedAt"));
    json_t *d = json_pack("{s:s, s:s, s:o, s:o, s:[]}", "runId", job->name, "status", job->status,
                          "startTimeUtc", started ? json_string(started) : json_null(),
                          "endTimeUtc", ended ? json_string(ended) : json_null(), "warnings");
    if (strcmp(job->status, "Failed") == 0) {
        const char *why = json_string_value(json_object_get(job->run_info, "error"));
        json_object_set_new(d, "error",
                            json_pack("{s:{s:s, s:s}}", "error", "code", "UserError", "message",
                                      why ? why : "The job failed (no reason was recorded)."));
    }
    if (with_logs) {
        json_t *files = json_object();
        const em_ds_def *ds = em_ds_by_name(&app->datastores, EM_ARTIFACT_DATASTORE);
        if (ds) {
            char *sas = em_sas_container_token(&app->datastores, ds->container, "r",
                                               em_now_ms() + LOG_SAS_MS);
            add_log(files, app, job->name, "logs/job.log", sas);
            add_log(files, app, job->name, "user_logs/std_log.txt", sas);
            free(sas);
        }
        json_object_set_new(d, "logFiles", files);
    }
    return d;
}

void em_run_history(em_app *app, const em_request *req, em_response *resp, char **s, int n)
{
    em_arm a = {.app = app, .req = req, .resp = resp, .api_version = "v1.0"};
    /* subscriptions/{sub}/resourceGroups/{rg}/providers/RP/workspaces/{ws}/runs/{job}[/details] */
    bool shape = (n == 10 || (n == 11 && strcasecmp(s[10], "details") == 0)) &&
                 strcasecmp(s[0], "subscriptions") == 0 &&
                 strcasecmp(s[2], "resourceGroups") == 0 && strcasecmp(s[4], "providers") == 0 &&
                 strcasecmp(s[5], EM_RP) == 0 && strcasecmp(s[6], "workspaces") == 0 &&
                 strcasecmp(s[8], "runs") == 0;
    if (!shape) {
        em_resp_arm_error(resp, 404, "NotFound", "No run history route matches this path.", NULL);
        return;
    }
    if (strcmp(req->method, "GET") != 0) {
        em_resp_arm_error(resp, 405, "HttpMethodNotSupported", "Only GET is served here.", NULL);
        return;
    }
    if (!em_auth_check(app, req, EM_AUD_ARM, resp, &a.caller))
        return;
    em_store_lock(app->store);
    em_lro_settle_due(app);
    em_job job;
    int rc = 1;
    if (em_arm_resolve_workspace(&a, s[1], s[3], s[7], false)) {
        char *key = em_job_key(a.ws_key, s[9]);
        rc = em_job_get(app->store, key, &job);
        free(key);
        if (rc < 0)
            em_arm_internal_error(&a);
        else if (rc > 0)
            em_resp_arm_error(resp, 404, "UserError",
                              "Run not found: no job of that name in the workspace.", NULL);
    }
    em_store_unlock(app->store);
    if (rc == 0) {
        em_resp_json(resp, 200, details(app, &job, n == 11));
        em_job_free(&job);
    }
    free(a.sub);
    free(a.rg);
    free(a.ws);
    free(a.ws_id);
    free(a.ws_key);
    free(a.location);
}
