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
#include "util.h"
#include "validate.h"

static const char *const LOGGING_LEVELS[] = {"Info", "Warning", "Debug", NULL};
static const char *const OUTPUT_ACTIONS[] = {"SummaryOnly", "AppendRow", NULL};
static const char *const REFERENCE_TYPES[] = {"Id", "DataPath", "OutputPath", NULL};

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

static bool want_int(em_arm *a, const json_t *obj, const char *key, const char *target, long min,
                     bool *present, long *out)
{
    json_t *v = json_object_get(obj, key);
    *present = v && !json_is_null(v);
    if (!*present)
        return true;
    /* The spec's int32 fields (errorThreshold, maxConcurrencyPerInstance,
     * instanceCount, maxRetries); miniBatchSize is held to the same range. */
    if (!json_is_integer(v) || json_integer_value(v) < min ||
        json_integer_value(v) > 2147483647) {
        em_arm_user_error(a, target, "InvalidFieldValue",
                          "'%s' must be an integer from %ld to 2147483647.", target, min);
        return false;
    }
    *out = (long)json_integer_value(v);
    return true;
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

/* Validates and normalizes body.properties into the stored shape. */
static json_t *build_properties(em_arm *a, const json_t *props)
{
    const char *s;
    long v;
    bool has;
    if (!em_opt_string(props, "compute", &s) || !s || !*s) {
        em_arm_user_error(a, "properties.compute", "RequiredFieldMissing",
                          "The 'properties.compute' field is required: the ARM id or name of an "
                          "AmlCompute cluster.");
        return NULL;
    }
    json_t *p = json_object();
    json_object_set_new(p, "compute", json_string(s));
#define FAIL()                                                                                     \
    do {                                                                                           \
        json_decref(p);                                                                            \
        return NULL;                                                                               \
    } while (0)
    if (!em_opt_string(props, "description", &s)) {
        em_arm_user_error(a, "properties.description", "InvalidFieldValue",
                          "properties.description must be a string.");
        FAIL();
    }
    json_object_set_new(p, "description", s ? json_string(s) : json_null());
    if (!want_int(a, props, "errorThreshold", "properties.errorThreshold", -1, &has, &v))
        FAIL();
    json_object_set_new(p, "errorThreshold", json_integer(has ? v : -1));
    if (!want_int(a, props, "maxConcurrencyPerInstance", "properties.maxConcurrencyPerInstance", 1,
                  &has, &v))
        FAIL();
    json_object_set_new(p, "maxConcurrencyPerInstance", json_integer(has ? v : 1));
    if (!want_int(a, props, "miniBatchSize", "properties.miniBatchSize", 1, &has, &v))
        FAIL();
    json_object_set_new(p, "miniBatchSize", json_integer(has ? v : 10));

    const char *lvl = NULL, *act = NULL;
    if (!em_opt_string(props, "loggingLevel", &s) || (s && !(lvl = em_enum_match(s, LOGGING_LEVELS)))) {
        em_arm_user_error(a, "properties.loggingLevel", "InvalidFieldValue",
                          "properties.loggingLevel must be Info, Warning or Debug.");
        FAIL();
    }
    json_object_set_new(p, "loggingLevel", json_string(lvl ? lvl : "Info"));
    if (!em_opt_string(props, "outputAction", &s) || (s && !(act = em_enum_match(s, OUTPUT_ACTIONS)))) {
        em_arm_user_error(a, "properties.outputAction", "InvalidFieldValue",
                          "properties.outputAction must be SummaryOnly or AppendRow.");
        FAIL();
    }
    json_object_set_new(p, "outputAction", json_string(act ? act : "AppendRow"));
    if (!em_opt_string(props, "outputFileName", &s)) {
        em_arm_user_error(a, "properties.outputFileName", "InvalidFieldValue",
                          "properties.outputFileName must be a string.");
        FAIL();
    }
    json_object_set_new(p, "outputFileName", json_string(s ? s : "predictions.csv"));

    /* resources: instanceCount >= 1, default 1 */
    json_t *res = json_object_get(props, "resources");
    json_t *r = json_pack("{s:i, s:{}}", "instanceCount", 1, "properties");
    if (res && !json_is_null(res)) {
        if (!json_is_object(res)) {
            json_decref(r);
            em_arm_user_error(a, "properties.resources", "InvalidFieldValue",
                              "properties.resources must be an object.");
            FAIL();
        }
        json_object_update(r, res);
        if (!want_int(a, res, "instanceCount", "properties.resources.instanceCount", 1, &has, &v)) {
            json_decref(r);
            FAIL();
        }
        if (!has)
            json_object_set_new(r, "instanceCount", json_integer(1));
    }
    json_object_set_new(p, "resources", r);

    json_t *rs = json_object_get(props, "retrySettings");
    json_t *retry = json_pack("{s:i, s:s}", "maxRetries", 3, "timeout", "PT30S");
    if (rs && !json_is_null(rs)) {
        if (!json_is_object(rs) ||
            !want_int(a, rs, "maxRetries", "properties.retrySettings.maxRetries", 0, &has, &v)) {
            json_decref(retry);
            if (!json_is_object(rs))
                em_arm_user_error(a, "properties.retrySettings", "InvalidFieldValue",
                                  "properties.retrySettings must be an object.");
            FAIL();
        }
        if (has)
            json_object_set_new(retry, "maxRetries", json_integer(v));
        if (!em_opt_string(rs, "timeout", &s) || (s && !em_valid_duration(s))) {
            json_decref(retry);
            em_arm_user_error(a, "properties.retrySettings.timeout", "InvalidFieldValue",
                              "properties.retrySettings.timeout must be an ISO-8601 duration such "
                              "as PT30S.");
            FAIL();
        }
        if (s)
            json_object_set_new(retry, "timeout", json_string(s));
    }
    json_object_set_new(p, "retrySettings", retry);

    json_t *cc = json_object_get(props, "codeConfiguration");
    if (cc && !json_is_null(cc)) {
        const char *script = NULL, *code_id = NULL;
        if (!json_is_object(cc) || !em_opt_string(cc, "scoringScript", &script) || !script ||
            !*script) {
            em_arm_user_error(a, "properties.codeConfiguration.scoringScript",
                              "RequiredFieldMissing",
                              "properties.codeConfiguration.scoringScript is required.");
            FAIL();
        }
        if (!strpbrk(script, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")) {
            em_arm_user_error(a, "properties.codeConfiguration.scoringScript",
                              "InvalidFieldValue",
                              "properties.codeConfiguration.scoringScript does not match the "
                              "pattern [a-zA-Z0-9_].");
            FAIL();
        }
        if (!em_opt_string(cc, "codeId", &code_id)) {
            em_arm_user_error(a, "properties.codeConfiguration.codeId", "InvalidFieldValue",
                              "properties.codeConfiguration.codeId must be a string.");
            FAIL();
        }
        if (code_id && !check_asset_ref(a, code_id, "properties.codeConfiguration.codeId"))
            FAIL();
        json_object_set(p, "codeConfiguration", cc);
    }
    json_t *model = json_object_get(props, "model");
    if (model && !json_is_null(model)) {
        const char *rt = NULL, *asset = NULL;
        if (!json_is_object(model) || !em_opt_string(model, "referenceType", &rt) ||
            !em_enum_match(rt, REFERENCE_TYPES)) {
            em_arm_user_error(a, "properties.model.referenceType", "InvalidFieldValue",
                              "properties.model.referenceType must be Id, DataPath or OutputPath.");
            FAIL();
        }
        if (strcasecmp(rt, "Id") == 0) {
            if (!em_opt_string(model, "assetId", &asset) || !asset || !*asset) {
                em_arm_user_error(a, "properties.model.assetId", "RequiredFieldMissing",
                                  "properties.model.assetId is required for referenceType Id.");
                FAIL();
            }
            if (!check_asset_ref(a, asset, "properties.model.assetId"))
                FAIL();
        }
        json_object_set(p, "model", model);
    }
    if (!em_opt_string(props, "environmentId", &s)) {
        em_arm_user_error(a, "properties.environmentId", "InvalidFieldValue",
                          "properties.environmentId must be a string.");
        FAIL();
    }
    if (s) {
        if (!check_asset_ref(a, s, "properties.environmentId"))
            FAIL();
        json_object_set_new(p, "environmentId", json_string(s));
    }
    if (!em_arm_check_tags(a, json_object_get(props, "environmentVariables"),
                           "properties.environmentVariables") ||
        !em_arm_check_tags(a, json_object_get(props, "properties"), "properties.properties"))
        FAIL();
    json_t *ev = json_object_get(props, "environmentVariables");
    json_object_set_new(p, "environmentVariables", json_is_object(ev) ? json_incref(ev) : json_object());
    json_t *pp = json_object_get(props, "properties");
    json_object_set_new(p, "properties", json_is_object(pp) ? json_incref(pp) : json_object());
    /* BatchDeploymentConfiguration: discriminated by deploymentConfigurationType. */
    static const char *const dc_types[] = {"Model", "PipelineComponent", NULL};
    json_t *dc = json_object_get(props, "deploymentConfiguration");
    const char *dct = NULL;
    if (dc && !json_is_null(dc) &&
        (!json_is_object(dc) || !em_opt_string(dc, "deploymentConfigurationType", &dct) || !dct ||
         !em_enum_match(dct, dc_types))) {
        em_arm_user_error(a, "properties.deploymentConfiguration", "InvalidFieldValue",
                          "properties.deploymentConfiguration is an object whose "
                          "deploymentConfigurationType is Model or PipelineComponent.");
        FAIL();
    }
    if (dc && !json_is_null(dc))
        json_object_set(p, "deploymentConfiguration", dc);
#undef FAIL
    return p;
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
    if (!em_arm_check_location(a, loc, EM_RP "/workspaces/batchEndpoints/deployments"))
        goto out;
    if (!json_is_object(json_object_get(body, "properties"))) {
        em_arm_user_error(a, "properties", "RequiredFieldMissing",
                          "The 'properties' field is required.");
        goto out;
    }
    if (!em_arm_check_tags(a, json_object_get(body, "tags"), "tags"))
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
    if (!em_arm_check_sku(a, json_object_get(body, "sku")) ||
        !em_arm_identity(a, json_object_get(body, "identity"),
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
    const char *desc = NULL;
    if (!res) {
        char *tp = em_printf("batchEndpoints/%s/deployments", a->seg[1]);
        em_arm_not_found(a, tp, name);
        free(tp);
        goto out;
    }
    if (!em_arm_check_tags(a, json_object_get(body, "tags"), "tags"))
        goto out;
    if (bp && !json_is_null(bp) && (!json_is_object(bp) || !em_opt_string(bp, "description", &desc))) {
        em_arm_user_error(a, "properties.description", "InvalidFieldValue",
                          "Only properties.description (a string) can be updated with PATCH.");
        goto out;
    }
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
