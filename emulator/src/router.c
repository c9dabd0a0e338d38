#include "router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arm.h"
#include "blob.h"
#include "control.h"
#include "faults.h"
#include "identity.h"
#include "recorder.h"
#include "run_history.h"
#include "scoring.h"
#include "util.h"

#define MAX_SEGS 32

static int split(char *path, char **segs)
{
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(path, "/", &save); t && n < MAX_SEGS; t = strtok_r(NULL, "/", &save))
        segs[n++] = t;
    return n;
}

static bool is(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

static void discovery(em_app *app, em_response *resp)
{
    const char *b = app->base_url;
    /* The workspace discovery document: every service points at the emulator. */
    em_resp_json(resp, 200,
                 json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "api", b,
                           "catalog", b, "experimentation", b, "gallery", b, "history", b,
                           "hyperdrive", b, "labeling", b, "modelmanagement", b, "pipelines", b,
                           "studio", b));
}

static void not_found(const em_request *req, em_response *resp)
{
    char *msg = em_printf("aml-emulator serves no route for %s %s.", req->method, req->path);
    em_resp_arm_error(resp, 404, "NotFound", msg, NULL);
    free(msg);
}

static void dispatch(em_app *app, const em_request *req, em_response *resp, char **s, int n)
{
    const char *m = req->method;
    if (n == 0) {
        not_found(req, resp);
    } else if (strcmp(s[0], app->datastores.account) == 0) {
        em_blob_service(app, req, resp);
    } else if (is(s[0], "subscriptions")) {
        em_arm_dispatch(app, req, resp, s, n);
    } else if (n == 4 && is(s[0], "metadata") && is(s[1], "identity") && is(s[2], "oauth2") &&
               is(s[3], "token") && strcmp(m, "GET") == 0) {
        em_identity_imds(app, req, resp);
    } else if (n == 2 && is(s[0], "msi") && is(s[1], "token") && strcmp(m, "GET") == 0) {
        em_identity_app_service(app, req, resp);
    } else if (n == 5 && is(s[0], "arc") && is(s[1], "metadata") && is(s[2], "identity") &&
               is(s[3], "oauth2") && is(s[4], "token") && strcmp(m, "GET") == 0) {
        em_identity_arc(app, req, resp);
    } else if (n == 1 && is(s[0], "discovery") && strcmp(m, "GET") == 0) {
        discovery(app, resp);
    } else if (is(s[0], "batchEndpoints")) {
        em_scoring(app, req, resp, s + 1, n - 1);
    } else if (n >= 2 && is(s[0], "history") && is(s[1], "v1.0")) {
        em_run_history(app, req, resp, s + 2, n - 2);
    } else if (n >= 2 && is(s[0], "mferp") && is(s[1], "managementfrontend")) {
        em_mfe(app, req, resp, s + 2, n - 2);
    } else if (n == 4 && is(s[1], "oauth2") && is(s[2], "v2.0") && is(s[3], "token") &&
               strcmp(m, "POST") == 0) {
        em_identity_token(app, req, resp, s[0]);
    } else if (n == 4 && is(s[1], "v2.0") && is(s[2], ".well-known") &&
               is(s[3], "openid-configuration") && strcmp(m, "GET") == 0) {
        em_identity_openid(app, req, resp, s[0], true);
    } else if (n == 3 && is(s[1], ".well-known") && is(s[2], "openid-configuration") &&
               strcmp(m, "GET") == 0) {
        em_identity_openid(app, req, resp, s[0], false);
    } else if (n == 3 && is(s[1], "discovery") && is(s[2], "instance") && strcmp(m, "GET") == 0) {
        em_identity_instance_discovery(app, req, resp);
    } else if (n >= 3 && is(s[1], "discovery") && is(s[n - 1], "keys") && strcmp(m, "GET") == 0) {
        em_identity_jwks(app, resp);
    } else {
        not_found(req, resp);
    }
}

void em_route(em_app *app, const em_request *req, em_response *resp)
{
    char *path = em_xstrdup(req->path);
    char *segs[MAX_SEGS];
    int n = split(path, segs);
    bool control = n >= 1 && strcmp(segs[0], "_emulator") == 0;
    if (control) {
        em_control(app, req, resp, segs + 1, n - 1);
    } else if (!em_faults_apply(app->faults, req, resp)) {
        dispatch(app, req, resp, segs, n);
    }
    free(path);
    if (resp->status == 0)
        resp->status = 500;

    char rid[37];
    em_uuid(rid);
    if (!em_kv_get(&resp->headers, "x-ms-request-id"))
        em_resp_header(resp, "x-ms-request-id", rid);
    const char *corr = em_req_header(req, "x-ms-correlation-request-id");
    em_resp_header(resp, "x-ms-correlation-request-id", corr ? corr : rid);
    const char *crid = em_req_header(req, "x-ms-client-request-id");
    if (crid)
        em_resp_header(resp, "x-ms-client-request-id", crid);

    if (!control)
        em_recorder_add(app->recorder, req, resp->drop ? 0 : resp->status);
    if (app->cfg.log_requests)
        fprintf(stderr, "aml-emulator: %s %s -> %d%s\n", req->method, req->path, resp->status,
                resp->drop ? " (dropped)" : "");
}
