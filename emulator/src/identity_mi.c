/* Managed identity endpoints: IMDS, the App Service form (also Functions and
 * Container Apps) and Azure Arc. They serve the system-assigned identity
 * (--mi-client-id) and one user-assigned identity, named by client id,
 * object id or resource id, with each form's own query parameter names. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "identity.h"
#include "util.h"

#define UAMI_CLIENT_ID "00000000-0000-0000-0000-0000000000d2"
#define UAMI_OBJECT_ID "00000000-0000-0000-0000-0000000000e2"
#define UAMI_NAME "aml-emulator-identity"

typedef enum form { FORM_IMDS, FORM_APP_SERVICE, FORM_ARC } form;

static void mi_error(em_response *resp, int status, const char *error, const char *desc)
{
    em_resp_json(resp, status, json_pack("{s:s, s:s}", "error", error, "error_description", desc));
}

static char *uami_resource_id(const em_app *app)
{
    return em_printf("/subscriptions/%s/resourcegroups/%s/providers/"
                     "Microsoft.ManagedIdentity/userAssignedIdentities/" UAMI_NAME,
                     app->cfg.subscription, app->cfg.resource_group);
}

/* The client id of the identity the request names, or NULL after answering
 * an error. IMDS calls the resource id msi_res_id, the others mi_res_id. */
static const char *identity_of(em_app *app, const em_request *req, form f, em_response *resp)
{
    const char *cid = em_req_query(req, "client_id");
    const char *oid = em_req_query(req, "object_id");
    const char *rid = em_req_query(req, f == FORM_IMDS ? "msi_res_id" : "mi_res_id");
    int given = (cid != NULL) + (oid != NULL) + (rid != NULL);
    if (given > 1) {
        mi_error(resp, 400, "invalid_request",
                 "Only one of client_id, object_id and the resource id may be given");
        return NULL;
    }
    if (given && f == FORM_ARC) {
        mi_error(resp, 400, "invalid_request",
                 "Azure Arc supports only the system-assigned identity");
        return NULL;
    }
    if (!given)
        return app->cfg.mi_client_id;
    if (cid && (strcmp(cid, app->cfg.mi_client_id) == 0 || strcmp(cid, UAMI_CLIENT_ID) == 0))
        return strcmp(cid, UAMI_CLIENT_ID) == 0 ? UAMI_CLIENT_ID : app->cfg.mi_client_id;
    if (oid && strcmp(oid, UAMI_OBJECT_ID) == 0)
        return UAMI_CLIENT_ID;
    if (rid) {
        char *want = uami_resource_id(app);
        bool ok = em_streq_ci(rid, want); /* ARM ids compare case-insensitively */
        free(want);
        if (ok)
            return UAMI_CLIENT_ID;
    }
    /* IMDS answers 400 for an identity that is not assigned to the VM. */
    mi_error(resp, 400, "invalid_request", "Identity not found");
    return NULL;
}

/* Validate the common parameters and answer with a token for the identity. */
static void issue(em_app *app, const em_request *req, form f, em_response *resp)
{
    if (!em_req_query(req, "api-version")) {
        mi_error(resp, 400, "invalid_request", "Required query variable 'api-version' is missing");
        return;
    }
    const char *resource = em_req_query(req, "resource");
    if (!resource || !*resource) {
        mi_error(resp, 400, "invalid_request", "Required audience parameter not specified");
        return;
    }
    const char *client = identity_of(app, req, f, resp);
    if (!client)
        return;
    /* The endpoints take a resource, not a scope; the audience mapping is the same. */
    char *scope = em_printf("%s/.default", resource);
    char *aud = em_scope_to_audience(scope);
    free(scope);
    int64_t exp = 0;
    int64_t life = app->cfg.token_lifetime_s;
    char *tok = em_token_issue(app, aud, client, life, &exp);
    char s_life[24], s_exp[24], s_nbf[24];
    snprintf(s_life, sizeof s_life, "%lld", (long long)life);
    snprintf(s_exp, sizeof s_exp, "%lld", (long long)exp);
    snprintf(s_nbf, sizeof s_nbf, "%lld", (long long)(exp - life));
    json_t *body;
    if (f == FORM_APP_SERVICE) /* 2019-08-01: expires_on only, as a string */
        body = json_pack("{s:s, s:s, s:s, s:s, s:s}", "access_token", tok, "expires_on", s_exp,
                         "resource", resource, "token_type", "Bearer", "client_id", client);
    else /* IMDS and Arc return every number as a string */
        body = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "access_token", tok,
                         "client_id", client, "expires_in", s_life, "expires_on", s_exp,
                         "ext_expires_in", s_life, "not_before", s_nbf, "resource", resource,
                         "token_type", "Bearer");
    free(tok);
    free(aud);
    em_resp_json(resp, 200, body);
}

void em_identity_imds(em_app *app, const em_request *req, em_response *resp)
{
    const char *md = em_req_header(req, "Metadata");
    if (!md || strcasecmp(md, "true") != 0) {
        mi_error(resp, 400, "invalid_request", "Required metadata header not specified");
        return;
    }
    issue(app, req, FORM_IMDS, resp);
}

void em_identity_app_service(em_app *app, const em_request *req, em_response *resp)
{
    const char *h = em_req_header(req, "X-IDENTITY-HEADER");
    if (!h || strcmp(h, app->cfg.identity_header) != 0) {
        mi_error(resp, 401, "unauthorized",
                 h ? "The X-IDENTITY-HEADER value is wrong" : "X-IDENTITY-HEADER is missing");
        return;
    }
    issue(app, req, FORM_APP_SERVICE, resp);
}

/* Azure Arc: challenge keys handed out and not yet used (each works once). */
#define ARC_KEYS 32
static pthread_mutex_t g_arc_mu = PTHREAD_MUTEX_INITIALIZER;
static char *g_arc_keys[ARC_KEYS];
static char *g_arc_files[ARC_KEYS];
static int g_arc_next;

static char *arc_dir(const em_app *app)
{
    if (app->cfg.arc_key_dir)
        return em_xstrdup(app->cfg.arc_key_dir);
    const char *base = app->data_dir_abs ? app->data_dir_abs : app->scratch_dir;
    return base ? em_printf("%s/arc-tokens", base) : NULL;
}

static void arc_challenge(em_app *app, em_response *resp)
{
    char *dir = arc_dir(app);
    if (!dir || em_mkdir_p(dir, 0700) != 0) {
        mi_error(resp, 500, "server_error", "the emulator has no folder for Azure Arc challenge files");
        free(dir);
        return;
    }
    char name[37], key[37];
    em_uuid(name);
    em_uuid(key);
    char *path = em_printf("%s/%s.key", dir, name);
    free(dir);
    if (em_write_file(path, key, strlen(key), 0600) != 0) {
        mi_error(resp, 500, "server_error", "could not write the Azure Arc challenge file");
        free(path);
        return;
    }
    pthread_mutex_lock(&g_arc_mu);
    int slot = g_arc_next++ % ARC_KEYS;
    if (g_arc_files[slot])
        unlink(g_arc_files[slot]);
    free(g_arc_keys[slot]);
    free(g_arc_files[slot]);
    g_arc_keys[slot] = em_xstrdup(key);
    g_arc_files[slot] = em_xstrdup(path);
    pthread_mutex_unlock(&g_arc_mu);
    char *challenge = em_printf("Basic realm=%s", path);
    mi_error(resp, 401, "unauthorized", "Answer the challenge: read the file named by the realm");
    em_resp_header(resp, "WWW-Authenticate", challenge);
    free(challenge);
    free(path);
}

/* True (and the key retired, its file removed) when `key` was handed out. */
static bool arc_take(const char *key)
{
    bool ok = false;
    pthread_mutex_lock(&g_arc_mu);
    for (int i = 0; i < ARC_KEYS && !ok; i++) {
        if (g_arc_keys[i] && strcmp(g_arc_keys[i], key) == 0) {
            ok = true;
            unlink(g_arc_files[i]);
            free(g_arc_keys[i]);
            free(g_arc_files[i]);
            g_arc_keys[i] = g_arc_files[i] = NULL;
        }
    }
    pthread_mutex_unlock(&g_arc_mu);
    return ok;
}

void em_identity_arc(em_app *app, const em_request *req, em_response *resp)
{
    const char *md = em_req_header(req, "Metadata");
    if (!md || strcasecmp(md, "true") != 0) {
        mi_error(resp, 400, "invalid_request", "Required metadata header not specified");
        return;
    }
    const char *auth = em_req_header(req, "Authorization");
    if (!auth || !em_starts_with_ci(auth, "Basic ") || !arc_take(auth + 6)) {
        arc_challenge(app, resp);
        return;
    }
    issue(app, req, FORM_ARC, resp);
}
