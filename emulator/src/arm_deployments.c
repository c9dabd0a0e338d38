/* batchEndpoints/{ep}/deployments: create/update (PUT + Azure-AsyncOperation),
 * PATCH (description/tags, Location), DELETE (Location), get, list (paged).
 * Asset references (model, code, environment) are checked when the request
 * arrives (400); the compute is checked when provisioning completes, so a
 * missing cluster surfaces as a Failed operation, as it does on the service. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arm.h"
#include "arm_common.h"
#include "lro.h"
#include "schemas.h"
#include "util.h"
#include "validate.h"

static const char *const LOGGING_LEVELS[] = {"Info", "Warning", "Debug", NULL};
static const char *const OUTPUT_ACTIONS[] = {"SummaryOnly", "AppendRow", NULL};

/* Store key of an ARM id given in a body ("azureml:" prefix tolerated), or
 * NULL when it is not an ARM id of this emulator (registry ids, URLs). */
static char *arm_ref_key(const char *ref)
{
    if (em_starts_with(ref, "azureml:/subscriptions/"))
        ref += strlen("azureml:");
    if (!em_starts_with_ci(ref, "/subscriptions/"))
        return NULL;
    char *k = em_lower(ref);
    size_t n = strlen(k);
    while (n > 0 && k[n - 1] == '/')
        k[--n] = '\0';
    return k;
}

/* Workspace store key from a child resource id. */
static char *workspace_key_of(const char *id)
{
    char *k = em_lower(id);
    char *p = strstr(k, "/workspaces/");
    if (p) {
        char *end = strchr(p + strlen("/workspaces/"), '/');
        if (end)
            *end = '\0';
    }
    return k;
}

static char *compute_key(const char *ws_key, const char *ref)
{
    char *k = arm_ref_key(ref);
    if (k)
        return k;
    if (em_starts_with(ref, "azureml:"))
        ref += strlen("azureml:");
    return em_arm_child_key(ws_key, "computes", ref);
}

json_t *em_deployment_check_refs(em_app *app, const json_t *dep)
{
    const char *compute =
        json_string_value(json_object_get(json_object_get(dep, "properties"), "compute"));
    if (!compute)
        return NULL;
    char *ws_key = workspace_key_of(json_string_value(json_object_get(dep, "id")));
    char *key = compute_key(ws_key, compute);
    json_t *c = em_res_get(app->store, key, NULL);
    json_t *err = NULL;
    if (!c) {
        char *msg = em_printf("Compute '%s' was not found in the workspace; create the AmlCompute "
                              "cluster before the deployment.",
                              compute);
        err = json_pack("{s:s, s:s, s:s, s:[{s:s, s:s}], s:[]}", "code", "UserError", "message",
                        msg, "target", "properties.compute", "details", "code", "ComputeNotFound",
                        "message", msg, "additionalInfo");
        free(msg);
    }
    json_decref(c);
    free(key);
    free(ws_key);
    return err;
}

static bool check_asset_ref(em_arm *a, const char *ref, const char *target)
{
    char *k = arm_ref_key(ref);
    if (!k)
        return true;
    json_t *r = em_res_get(a->app->store, k, NULL);
    free(k);
    if (r) {
        json_decref(r);
        return true;
    }
    em_arm_user_error(a, target, "AssetNotFound",
                      "The asset '%s' referenced by %s was not found in the workspace.", ref,
                      target);
    return false;
}

/* An optional integer member (schema-checked), or dflt. */
static json_int_t int_or(const json_t *obj, const char *key, json_int_t dflt)
{
    json_t *v = json_object_get(obj, key);
    return json_is_integer(v) ? json_integer_value(v) : dflt;
}

/* An optional enum member (schema-checked) in its canonical spelling, or dflt. */
static const char *enum_or(const json_t *obj, const char *key, const char *const *allowed,
                           const char *dflt)
{
    const char *v = em_enum_match(json_string_value(json_object_get(obj, key)), allowed);
    return v ? v : dflt;
}

/* body.properties, checked against EM_SCHEMA_BATCH_DEPLOYMENT already, in
 * the stored shape: the service's defaults filled in, enum spellings made
 * canonical, asset references checked (400 AssetNotFound); NULL = resp
 * filled. */
static json_t *build_properties(em_arm *a, const json_t *props)
{
    const char *s;
    json_t *p = json_object();
    json_object_set(p, "compute", json_object_get(props, "compute"));
    s = json_string_value(json_object_get(props, "description"));
    json_object_set_new(p, "description", s ? json_string(s) : json_null());
    json_object_set_new(p, "errorThreshold", json_integer(int_or(props, "errorThreshold", -1)));
    json_object_set_new(p, "maxConcurrencyPerInstance",
                        json_integer(int_or(props, "maxConcurrencyPerInstance", 1)));
    json_object_set_new(p, "miniBatchSize", json_integer(int_or(props, "miniBatchSize", 10)));
    json_object_set_new(p, "loggingLevel",
                        json_string(enum_or(props, "loggingLevel", LOGGING_LEVELS, "Info")));
    json_object_set_new(p, "outputAction",
                        json_string(enum_or(props, "outputAction", OUTPUT_ACTIONS, "AppendRow")));
    s = json_string_value(json_object_get(props, "outputFileName"));
    json_object_set_new(p, "outputFileName", json_string(s ? s : "predictions.csv"));

    json_t *res = json_object_get(props, "resources");
    json_t *r = json_pack("{s:i, s:{}}", "instanceCount", 1, "properties");
    if (json_is_object(res)) {
        json_object_update(r, res);
        json_object_set_new(r, "instanceCount", json_integer(int_or(res, "instanceCount", 1)));
    }
    json_object_set_new(p, "resources", r);

    json_t *rs = json_object_get(props, "retrySettings");
    s = json_string_value(json_object_get(rs, "timeout"));
    json_object_set_new(p, "retrySettings",
                        json_pack("{s:I, s:s}", "maxRetries", int_or(rs, "maxRetries", 3),
                                  "timeout", s ? s : "PT30S"));

    json_t *cc = json_object_get(props, "codeConfiguration");
    if (json_is_object(cc)) {
        const char *code_id = json_string_value(json_object_get(cc, "codeId"));
        if (code_id && !check_asset_ref(a, code_id, "properties.codeConfiguration.codeId"))
            goto fail;
        json_object_set(p, "codeConfiguration", cc);
    }
    json_t *model = json_object_get(props, "model");
    if (json_is_object(model)) {
        const char *rt = json_string_value(json_object_get(model, "referenceType"));
        const char *asset = json_string_value(json_object_get(model, "assetId"));
        if (strcasecmp(rt, "Id") == 0 && !check_asset_ref(a, asset, "properties.model.assetId"))
            goto fail;
        json_object_set(p, "model", model);
    }
    s = json_string_value(json_object_get(props, "environmentId"));
    if (s) {
        if (!check_asset_ref(a, s, "properties.environmentId"))
            goto fail;
        json_object_set_new(p, "environmentId", json_string(s));
    }
    json_t *ev = json_object_get(props, "environmentVariables");
    json_object_set_new(p, "environmentVariables", json_is_object(ev) ? json_incref(ev) : json_object());
    json_t *pp = json_object_get(props, "properties");
    json_object_set_new(p, "properties", json_is_object(pp) ? json_incref(pp) : json_object());
    json_t *dc = json_object_get(props, "deploymentConfiguration");
    if (json_is_object(dc))
        json_object_set(p, "deploymentConfiguration", dc);
    return p;
fail:
    json_decref(p);
    return NULL;
}

static void put_deployment(em_arm *a, const char *ep_name, const char *ep_key, json_t *endpoint,
                           const char *name, const char *key)
{
    if (!endpoint) {
        char *msg = em_printf("Can not perform requested operation on nested resource. Parent "
                              "resource '%s/%s' not found.",
                              a->ws, ep_name);
        em_resp_arm_error(a->resp, 404, "ParentResourceNotFound", msg, NULL);
        free(msg);
        return;
    }
    if (em_state_is(endpoint, "Creating") || em_state_is(endpoint, "Deleting")) {
        em_arm_conflict(a, "The batch endpoint '%s' is %s; deployments can be created once it "
                        "has finished provisioning.",
                        ep_name, em_prov_state(endpoint));
        return;
    }
    if (!em_valid_endpoint_name(name)) {
        em_resp_arm_error(a->resp, 400, "InvalidResourceName",
                          "Batch deployment names must be 3-32 characters, start with a letter, "
                          "contain only letters, digits and '-', and end with a letter or digit.",
                          "name");
        return;
    }
    json_t *body = em_arm_body(a, false);
    if (!body)
        return;
    json_t *internal = NULL, *existing = NULL, *props = NULL;
    const char *loc = NULL;
    if (!em_opt_string(body, "location", &loc) || !loc || !*loc) {
        em_resp_arm_error(a->resp, 400, "LocationRequired",
                          "The location property is required for this definition.", NULL);
        goto out;
    }
    if (!em_arm_check_location(a, loc, EM_RP "/workspaces/batchEndpoints/deployments") ||
        !em_arm_check_schema(a, &EM_SCHEMA_BATCH_DEPLOYMENT, body))
        goto out;
    props = build_properties(a, json_object_get(body, "properties"));
    if (!props)
        goto out;
    existing = em_res_get(a->app->store, key, &internal);
    if (existing && em_state_is(existing, "Deleting")) {
        em_arm_conflict(a, "The batch deployment '%s' is being deleted.", name);
        goto out;
    }
    json_t *res = json_object();
    if (existing) {
        json_object_set(res, "id", json_object_get(existing, "id"));
        json_object_set(res, "name", json_object_get(existing, "name"));
        json_object_set(res, "location", json_object_get(existing, "location"));
        json_object_set(res, "systemData", json_object_get(existing, "systemData"));
    } else {
        char *id = em_printf("%s/batchEndpoints/%s/deployments/%s", a->ws_id,
                             json_string_value(json_object_get(endpoint, "name")), name);
        json_object_set_new(res, "id", json_string(id));
        free(id);
        json_object_set_new(res, "name", json_string(name));
        json_object_set_new(res, "location", json_string(loc));
    }
    json_object_set_new(res, "type", json_string(EM_RP "/workspaces/batchEndpoints/deployments"));
    json_t *tags = json_object_get(body, "tags");
    json_object_set_new(res, "tags", json_is_object(tags) ? json_incref(tags) : json_object());
    json_t *identity = NULL;
    if (!em_arm_identity(a, json_object_get(body, "identity"),
                         json_object_get(existing, "identity"), &identity)) {
        json_decref(res);
        goto out;
    }
    if (identity)
        json_object_set_new(res, "identity", identity);
    const char *keys[] = {"kind", "sku"};
    for (int i = 0; i < 2; i++) {
        json_t *v = json_object_get(body, keys[i]);
        if (v && !json_is_null(v))
            json_object_set(res, keys[i], v);
    }
    json_object_set(res, "properties", props);
    em_arm_put_mfe(a, res, existing, &internal, "deployments", key, ep_key, name);
    json_decref(res);
out:
    json_decref(props);
    json_decref(existing);
    json_decref(internal);
    json_decref(body);
}

static void patch_deployment(em_arm *a, const char *name, const char *key)
{
    json_t *body = em_arm_body(a, true);
    if (!body)
        return;
    json_t *internal = NULL;
    json_t *res = em_res_get(a->app->store, key, &internal);
    json_t *bp = json_object_get(body, "properties");
    if (!res) {
        char *tp = em_printf("batchEndpoints/%s/deployments", a->seg[1]);
        em_arm_not_found(a, tp, name);
        free(tp);
        goto out;
    }
    if (!em_arm_check_schema(a, &EM_SCHEMA_BATCH_DEPLOYMENT_PATCH, body))
        goto out;
    if (!em_arm_check_idle(a, "batch deployment", name, res))
        goto out;
    json_t *tags = json_object_get(body, "tags");
    if (tags)
        json_object_set_new(res, "tags", json_is_null(tags) ? json_object() : json_incref(tags));
    if (json_is_object(bp) && json_object_get(bp, "description"))
        json_object_set(json_object_get(res, "properties"), "description",
                        json_object_get(bp, "description"));
    em_arm_patch_mfe(a, res, &internal, "deployments", key);
out:
    json_decref(res);
    json_decref(internal);
    json_decref(body);
}

static const em_delete_kind DEPLOYMENT_DELETE = {
    .what = "batch deployment", .rk = "deployments", .family = EM_FAMILY_MFE,
    .headers = EM_LRO_LOCATION | EM_LRO_TIMEOUT};

void em_arm_batch_deployments(em_arm *a, const char *ep_key, json_t *endpoint)
{
    const char *m = a->req->method;
    const char *ep_name = a->seg[1];
    if (a->nseg == 3) {
        /* Any other method is 405 whether or not the endpoint exists. */
        if (!endpoint && strcmp(m, "GET") == 0)
            em_arm_not_found(a, "batchEndpoints", ep_name);
        else
            em_arm_list_collection(a, ep_key, "deployments");
        return;
    }
    if (a->nseg != 4) {
        em_resp_arm_error(a->resp, 404, "InvalidResourceType",
                          "The resource type is not served under deployments.", NULL);
        return;
    }
    const char *name = a->seg[3];
    char *key = em_arm_child_key(ep_key, "deployments", name);
    if (strcmp(m, "PUT") == 0) {
        put_deployment(a, ep_name, ep_key, endpoint, name, key);
    } else if (!endpoint) {
        if (strcmp(m, "DELETE") == 0)
            em_resp_empty(a->resp, 204);
        else
            em_arm_not_found(a, "batchEndpoints", ep_name);
    } else if (strcmp(m, "GET") == 0) {
        char *tp = em_printf("batchEndpoints/%s/deployments", ep_name);
        em_arm_get_resource(a, key, tp, name);
        free(tp);
    } else if (strcmp(m, "PATCH") == 0) {
        patch_deployment(a, name, key);
    } else if (strcmp(m, "DELETE") == 0) {
        em_arm_delete_resource(a, &DEPLOYMENT_DELETE, name, key, NULL);
    } else {
        em_arm_method_not_allowed(a);
    }
    free(key);
}
