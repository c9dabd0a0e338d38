#include "arm.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lro.h"
#include "regions.h"
#include "util.h"

/* The api-versions this surface accepts (the shapes it serves are the same
 * for all of them). */
static const char *const API_VERSIONS[] = {
    "2022-05-01", "2022-10-01", "2022-10-01-preview", "2023-04-01", "2023-10-01", "2024-04-01",
    "2024-10-01", "2025-04-01", "2025-06-01",         "2025-09-01", "2025-12-01", "2026-07-01",
};
#define N_API_VERSIONS (sizeof API_VERSIONS / sizeof API_VERSIONS[0])

static bool well_formed_version(const char *v)
{
    /* yyyy-mm-dd with an optional -suffix (preview, alpha, ...). */
    if (strlen(v) < 10)
        return false;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (v[i] != '-')
                return false;
        } else if (!isdigit((unsigned char)v[i])) {
            return false;
        }
    }
    if (v[10] == '\0')
        return true;
    if (v[10] != '-' || v[11] == '\0')
        return false;
    for (const char *p = v + 11; *p; p++)
        if (!isalnum((unsigned char)*p))
            return false;
    return true;
}

static char *supported_list(const char *extra)
{
    em_buf b = {0};
    for (size_t i = 0; i < N_API_VERSIONS; i++)
        em_buf_printf(&b, "%s%s", i ? ", " : "", API_VERSIONS[i]);
    if (extra)
        em_buf_printf(&b, ", %s", extra);
    return em_buf_take(&b);
}

bool em_arm_check_api_version(em_app *app, const em_request *req, em_response *resp,
                              const char *extra_allowed)
{
    const char *v = em_req_query(req, "api-version");
    if (!v || !*v) {
        em_resp_arm_error(resp, 400, "MissingApiVersionParameter",
                          "The api-version query parameter (?api-version=) is required for all "
                          "requests.",
                          NULL);
        return false;
    }
    for (size_t i = 0; i < N_API_VERSIONS; i++)
        if (strcmp(v, API_VERSIONS[i]) == 0)
            return true;
    if (extra_allowed && strcmp(v, extra_allowed) == 0)
        return true;
    char *list = supported_list(extra_allowed);
    char *msg;
    if (!well_formed_version(v)) {
        msg = em_printf("The api-version '%s' is invalid. The supported versions are '%s'.", v,
                        list);
        em_resp_arm_error(resp, 400, "InvalidApiVersionParameter", msg, NULL);
    } else {
        msg = em_printf("No registered resource provider found for location '%s' and API version "
                        "'%s' for type 'workspaces'. The supported api-versions are '%s'. The "
                        "supported locations are '%s'.",
                        app->cfg.location, v, list, app->cfg.location);
        em_resp_arm_error(resp, 400, "NoRegisteredProviderFound", msg, NULL);
    }
    free(msg);
    free(list);
    return false;
}

static bool seg_is(const char *s, const char *want)
{
    return strcasecmp(s, want) == 0;
}

static void not_found_path(em_arm *a)
{
    char *msg = em_printf("The resource path '%s' is not served by aml-emulator for provider '" EM_RP
                          "' (api-version '%s').",
                          a->req->path, a->api_version);
    em_resp_arm_error(a->resp, 404, "InvalidResourceType", msg, NULL);
    free(msg);
}

static void route_workspace_children(em_arm *a)
{
    if (a->nseg == 0) {
        em_arm_workspace(a);
        return;
    }
    const char *c = a->seg[0];
    if (seg_is(c, "batchEndpoints"))
        em_arm_batch_endpoints(a);
    else if (seg_is(c, "computes"))
        em_arm_computes(a);
    else if (seg_is(c, "jobs"))
        em_arm_jobs(a);
    else if (seg_is(c, "datastores"))
        em_arm_datastores(a);
    else if (seg_is(c, "models") || seg_is(c, "codes") || seg_is(c, "environments") ||
             seg_is(c, "data"))
        em_arm_assets(a, c);
    else
        not_found_path(a);
}

static void route(em_arm *a, char **s, int n)
{
    /* /subscriptions/{sub}/providers/Microsoft.MachineLearningServices/locations/{loc}/... */
    if (n >= 7 && seg_is(s[2], "providers") && seg_is(s[3], EM_RP) && seg_is(s[4], "locations")) {
        const char *sub = s[1], *loc = s[5];
        bool get = strcmp(a->req->method, "GET") == 0;
        if (n == 7 && seg_is(s[6], "usages")) {
            if (get) {
                em_arm_location_usages(a, sub, loc);
                return;
            }
        } else if (n == 7 && seg_is(s[6], "vmSizes")) {
            if (get) {
                em_arm_location_vmsizes(a, loc);
                return;
            }
        } else if (n == 8) {
            const char *fam = NULL;
            bool status = false;
            if (seg_is(s[6], "mfeOperationsStatus"))
                fam = EM_FAMILY_MFE, status = true;
            else if (seg_is(s[6], "computeOperationsStatus"))
                fam = EM_FAMILY_COMPUTE, status = true;
            else if (seg_is(s[6], "mfeOperationResults"))
                fam = EM_FAMILY_MFE;
            else if (seg_is(s[6], "computeOperationResults"))
                fam = EM_FAMILY_COMPUTE;
            if (fam && get) {
                if (status)
                    em_lro_status(a, sub, loc, fam, s[7]);
                else
                    em_lro_result(a, sub, loc, fam, s[7]);
                return;
            }
            if (fam) {
                em_arm_method_not_allowed(a);
                return;
            }
        }
        if (!get && n == 7 && (seg_is(s[6], "usages") || seg_is(s[6], "vmSizes"))) {
            em_arm_method_not_allowed(a);
            return;
        }
        not_found_path(a);
        return;
    }
    /* /subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces[/{ws}/...] */
    if (n >= 7 && seg_is(s[2], "resourceGroups") && seg_is(s[4], "providers") &&
        seg_is(s[5], EM_RP) && seg_is(s[6], "workspaces")) {
        if (n == 7) {
            if (strcmp(a->req->method, "GET") == 0)
                em_arm_workspace_list(a, s[1], s[3]);
            else
                em_arm_method_not_allowed(a);
            return;
        }
        if (!em_arm_resolve_workspace(a, s[1], s[3], s[7], a->app->cfg.auto_workspace))
            return;
        a->seg = s + 8;
        a->nseg = n - 8;
        route_workspace_children(a);
        return;
    }
    not_found_path(a);
}

void em_arm_dispatch(em_app *app, const em_request *req, em_response *resp, char **segs, int nseg)
{
    em_arm a = {0};
    a.app = app;
    a.req = req;
    a.resp = resp;
    /* ARM authenticates before it looks at anything else in the request. */
    if (!em_auth_check(app, req, EM_AUD_ARM, resp, &a.caller))
        return;
    if (!em_arm_check_api_version(app, req, resp, NULL))
        return;
    a.api_version = em_req_query(req, "api-version");
    em_store_lock(app->store);
    em_lro_settle_due(app);
    route(&a, segs, nseg);
    em_store_rollback(app->store); /* no-op unless a handler left a transaction open */
    em_store_unlock(app->store);
    free(a.sub);
    free(a.rg);
    free(a.ws);
    free(a.ws_id);
    free(a.ws_key);
    free(a.location);
}

/* ---------------------------------------------------------------- helpers */

void em_arm_not_found(em_arm *a, const char *type_path, const char *name)
{
    char *msg = em_printf("The Resource '" EM_RP "/workspaces/%s/%s/%s' under resource group '%s' "
                          "was not found. For more details please go to "
                          "https://aka.ms/ARMResourceNotFoundFix",
                          a->ws, type_path, name, a->rg);
    em_resp_arm_error(a->resp, 404, "ResourceNotFound", msg, NULL);
    free(msg);
}

void em_arm_get_resource(em_arm *a, const char *key, const char *type_path, const char *name)
{
    json_t *res = em_res_get(a->app->store, key, NULL);
    if (res)
        em_resp_json(a->resp, 200, res);
    else
        em_arm_not_found(a, type_path, name);
}

void em_arm_method_not_allowed(em_arm *a)
{
    char *msg = em_printf("The requested resource does not support http method '%s'.",
                          a->req->method);
    em_resp_arm_error(a->resp, 405, "HttpMethodNotSupported", msg, NULL);
    free(msg);
}

void em_arm_user_error(em_arm *a, const char *target, const char *detail_code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = em_vprintf(fmt, ap);
    va_end(ap);
    /* Azure ML reports validation failures as UserError; the detail carries
     * the specific rule so clients (and tests) can tell them apart. */
    json_t *details = json_pack("[{s:s, s:s, s:s}]", "code", detail_code, "message", msg,
                                "target", target ? target : "");
    em_resp_arm_error_details(a->resp, 400, "UserError", msg, target, details);
    free(msg);
}

void em_arm_conflict(em_arm *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = em_vprintf(fmt, ap);
    va_end(ap);
    em_resp_arm_error(a->resp, 409, "Conflict", msg, NULL);
    free(msg);
}

void em_arm_internal_error(em_arm *a)
{
    em_resp_arm_error(a->resp, 500, "InternalServerError",
                      "aml-emulator could not access its state store; see its stderr.", NULL);
}

json_t *em_arm_body(em_arm *a, bool allow_empty)
{
    const em_request *r = a->req;
    bool empty = true;
    for (size_t i = 0; i < r->body_len; i++)
        if (!isspace((unsigned char)r->body[i]))
            empty = false;
    if (empty) {
        if (allow_empty)
            return json_object();
        em_resp_arm_error(a->resp, 400, "InvalidRequestContent",
                          "The request content was invalid and could not be deserialized: 'The "
                          "request body is empty.'",
                          NULL);
        return NULL;
    }
    json_error_t e;
    json_t *j = json_loadb(r->body, r->body_len, 0, &e);
    if (!j || !json_is_object(j)) {
        char *msg = j ? em_xstrdup("The request content was invalid and could not be "
                                   "deserialized: 'The request body must be a JSON object.'")
                      : em_printf("The request content was invalid and could not be "
                                  "deserialized: '%s, line %d, position %d.'",
                                  e.text, e.line, e.column);
        em_resp_arm_error(a->resp, 400, "InvalidRequestContent", msg, NULL);
        free(msg);
        json_decref(j);
        return NULL;
    }
    return j;
}

void em_arm_touch_system_data(em_arm *a, json_t *resource, bool created)
{
    char ts[40];
    em_iso8601(em_now_ms(), ts);
    json_t *sd = json_object_get(resource, "systemData");
    if (created || !json_is_object(sd)) {
        sd = json_pack("{s:s, s:s, s:s}", "createdBy", a->caller.appid, "createdByType",
                       "Application", "createdAt", ts);
        json_object_set_new(resource, "systemData", sd);
    }
    json_object_set_new(sd, "lastModifiedBy", json_string(a->caller.appid));
    json_object_set_new(sd, "lastModifiedByType", json_string("Application"));
    json_object_set_new(sd, "lastModifiedAt", json_string(ts));
}

bool em_arm_check_location(em_arm *a, const char *loc, const char *resource_type)
{
    const char *own = a->location ? a->location : a->app->cfg.location;
    if (em_region_known(loc, own))
        return true;
    char *msg = em_printf("The provided location '%s' is not available for resource type '%s'. "
                          "List of available regions for the resource type is '%s'.",
                          loc ? loc : "", resource_type, own);
    em_resp_arm_error(a->resp, 400, "LocationNotAvailableForResourceType", msg, "location");
    free(msg);
    return false;
}

bool em_arm_check_tags(em_arm *a, const json_t *tags, const char *target)
{
    if (!tags || json_is_null(tags))
        return true;
    if (!json_is_object(tags)) {
        em_arm_user_error(a, target, "InvalidFieldValue", "'%s' must be an object of strings.",
                          target);
        return false;
    }
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)tags, k, v) {
        if (!json_is_string(v)) {
            em_arm_user_error(a, target, "InvalidFieldValue",
                              "Tag values must be strings; the value of tag '%s' is not.", k);
            return false;
        }
    }
    return true;
}

static int parse_nonneg(const char *s, int dflt)
{
    if (!s || !*s)
        return dflt;
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < 0 || v > 100000000)
        return dflt;
    return (int)v;
}

void em_arm_page(em_arm *a, int *offset, int *limit)
{
    const char *skip = em_req_query(a->req, "$skip");
    if (!skip)
        skip = em_req_query(a->req, "$skipToken");
    *offset = parse_nonneg(skip, 0);
    int size = a->app->cfg.page_size;
    /* A client-requested page size ('count' for endpoints, '$top' for
     * deployments) can only shrink the page. */
    int want = parse_nonneg(em_req_query(a->req, "count"), 0);
    if (!want)
        want = parse_nonneg(em_req_query(a->req, "$top"), 0);
    if (want > 0 && want < size)
        size = want;
    *limit = size;
}

void em_arm_list_response(em_arm *a, json_t *items, bool more, int offset, int limit)
{
    json_t *body = json_pack("{s:o}", "value", items);
    if (more) {
        em_buf u = {0};
        em_buf_printf(&u, "%s%s?", a->app->base_url, a->req->path);
        bool first = true;
        for (size_t i = 0; i < a->req->query.n; i++) {
            const char *k = a->req->query.items[i].key;
            if (strcasecmp(k, "$skip") == 0 || strcasecmp(k, "$skipToken") == 0)
                continue;
            char *ek = em_url_escape(k), *ev = em_url_escape(a->req->query.items[i].val);
            /* '$' is legal in a query and clients compare nextLinks textually
             * in tests; keep $ unescaped in parameter names. */
            if (k[0] == '$') {
                free(ek);
                ek = em_xstrdup(k);
            }
            em_buf_printf(&u, "%s%s=%s", first ? "" : "&", ek, ev);
            first = false;
            free(ek);
            free(ev);
        }
        em_buf_printf(&u, "%s$skip=%d", first ? "" : "&", offset + limit);
        char *link = em_buf_take(&u);
        json_object_set_new(body, "nextLink", json_string(link));
        free(link);
    }
    em_resp_json(a->resp, 200, body);
}

void em_arm_list_collection(em_arm *a, const char *parent_key, const char *kind)
{
    if (strcmp(a->req->method, "GET") != 0) {
        em_arm_method_not_allowed(a);
        return;
    }
    int offset, limit;
    em_arm_page(a, &offset, &limit);
    bool more;
    json_t *items = em_res_list(a->app->store, parent_key, kind, offset, limit, &more);
    em_arm_list_response(a, items, more, offset, limit);
}

char *em_arm_child_key(const char *parent_key, const char *collection, const char *name)
{
    char *id = em_printf("%s/%s/%s", parent_key, collection, name);
    char *key = em_lower(id);
    free(id);
    return key;
}

bool em_arm_tx_begin(em_arm *a)
{
    if (em_store_begin(a->app->store) != 0) {
        em_arm_internal_error(a);
        return false;
    }
    return true;
}

bool em_arm_tx_commit(em_arm *a)
{
    if (em_store_commit(a->app->store) != 0) {
        em_store_rollback(a->app->store);
        em_response_free(a->resp);
        memset(a->resp, 0, sizeof *a->resp);
        em_arm_internal_error(a);
        return false;
    }
    return true;
}

bool em_arm_tx_end(em_arm *a, int rc)
{
    if (rc != 0) {
        em_store_rollback(a->app->store);
        em_arm_internal_error(a);
        return false;
    }
    return em_arm_tx_commit(a);
}
