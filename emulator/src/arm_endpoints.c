/* batchEndpoints: create/update (PUT, LRO via Azure-AsyncOperation), update
 * tags/identity (PATCH, LRO via Location), delete (LRO via Location), get,
 * list (paged) and listkeys. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arm.h"
#include "arm_common.h"
#include "lro.h"
#include "schemas.h"
#include "util.h"
#include "validate.h"

static const char *const AUTH_MODES[] = {"AMLToken", "Key", "AADToken", NULL};
static char *random_key(void)
{
    unsigned char b[24];
    em_random_bytes(b, sizeof b);
    return em_b64_encode(b, sizeof b);
}

/* Validate a PUT body; returns false with resp filled. A missing location
 * is ARM's LocationRequired; the rest is the BatchEndpoint schema. */
static bool validate_put(em_arm *a, const json_t *body, const char **auth_mode)
{
    const char *loc = NULL;
    if (!em_opt_string(body, "location", &loc) || !loc || !*loc) {
        em_resp_arm_error(a->resp, 400, "LocationRequired",
                          "The location property is required for this definition.", NULL);
        return false;
    }
    if (!em_arm_check_location(a, loc, EM_RP "/workspaces/batchEndpoints") ||
        !em_arm_check_schema(a, &EM_SCHEMA_BATCH_ENDPOINT, body))
        return false;
    /* The canonical spelling ("aadToken" is AADToken). */
    *auth_mode = em_enum_match(
        json_string_value(json_object_get(json_object_get(body, "properties"), "authMode")),
        AUTH_MODES);
    return true;
}

static void copy_optional(json_t *dst, const json_t *src, const char *key, json_t *dflt)
{
    json_t *v = json_object_get(src, key);
    if (v && !json_is_null(v))
        json_object_set(dst, key, v);
    else if (dflt)
        json_object_set(dst, key, dflt);
    json_decref(dflt);
}

static void put_endpoint(em_arm *a, const char *name, const char *key)
{
    json_t *body = em_arm_body(a, false);
    if (!body)
        return;
    const char *auth_mode = NULL;
    if (!validate_put(a, body, &auth_mode)) {
        json_decref(body);
        return;
    }
    json_t *internal = NULL;
    json_t *existing = em_res_get(a->app->store, key, &internal);
    if (existing && em_state_is(existing, "Deleting")) {
        em_arm_conflict(a, "The batch endpoint '%s' is being deleted; it cannot be updated.", name);
        goto out;
    }
    json_t *identity = NULL;
    if (!em_arm_identity(a, json_object_get(body, "identity"),
                         json_object_get(existing, "identity"), &identity))
        goto out;
    json_t *props = json_object_get(body, "properties");
    json_t *res = json_object();
    char *scoring = NULL;
    if (existing) {
        json_object_set(res, "id", json_object_get(existing, "id"));
        json_object_set(res, "name", json_object_get(existing, "name"));
        json_object_set(res, "location", json_object_get(existing, "location"));
        json_object_set(res, "systemData", json_object_get(existing, "systemData"));
        scoring = em_xstrdup(json_string_value(
            json_object_get(json_object_get(existing, "properties"), "scoringUri")));
    } else {
        char *id = em_printf("%s/batchEndpoints/%s", a->ws_id, name);
        json_object_set_new(res, "id", json_string(id));
        free(id);
        json_object_set_new(res, "name", json_string(name));
        json_object_set(res, "location", json_object_get(body, "location"));
        scoring = em_printf("%s/batchEndpoints/%s/%s/%s/%s/jobs", a->app->base_url, a->sub, a->rg,
                            a->ws, name);
        json_t *keys = json_object();
        char *k1 = random_key(), *k2 = random_key();
        json_object_set_new(keys, "primaryKey", json_string(k1));
        json_object_set_new(keys, "secondaryKey", json_string(k2));
        free(k1);
        free(k2);
        json_decref(internal);
        internal = json_pack("{s:o}", "keys", keys);
    }
    json_object_set_new(res, "type", json_string(EM_RP "/workspaces/batchEndpoints"));
    copy_optional(res, body, "tags", json_object());
    copy_optional(res, body, "kind", NULL);
    copy_optional(res, body, "sku", NULL);
    if (identity)
        json_object_set_new(res, "identity", identity);
    json_t *p = json_object();
    json_object_set_new(p, "authMode", json_string(auth_mode));
    copy_optional(p, props, "description", json_null());
    copy_optional(p, props, "properties", json_object());
    copy_optional(p, props, "defaults", json_pack("{s:n}", "deploymentName"));
    json_object_set_new(p, "scoringUri", json_string(scoring));
    json_object_set_new(p, "swaggerUri", json_null());
    json_object_set_new(p, "keys", json_null());
    json_object_set_new(res, "properties", p);
    free(scoring);
    em_arm_put_mfe(a, res, existing, &internal, "batchEndpoints", key, a->ws_key, name);
    json_decref(res);
out:
    json_decref(existing);
    json_decref(internal);
    json_decref(body);
}

static void patch_endpoint(em_arm *a, const char *name, const char *key)
{
    json_t *body = em_arm_body(a, true);
    if (!body)
        return;
    json_t *internal = NULL;
    json_t *res = em_res_get(a->app->store, key, &internal);
    if (!res) {
        em_arm_not_found(a, "batchEndpoints", name);
        goto out;
    }
    json_t *identity = NULL;
    if (!em_arm_check_schema(a, &EM_SCHEMA_BATCH_ENDPOINT_PATCH, body) ||
        !em_arm_identity(a, json_object_get(body, "identity"), json_object_get(res, "identity"),
                         &identity))
        goto out;
    if (!em_arm_check_idle(a, "batch endpoint", name, res))
        goto out;
    json_t *tags = json_object_get(body, "tags");
    if (tags)
        json_object_set_new(res, "tags", json_is_null(tags) ? json_object() : json_incref(tags));
    if (identity)
        json_object_set_new(res, "identity", identity);
    em_arm_patch_mfe(a, res, &internal, "batchEndpoints", key);
out:
    json_decref(res);
    json_decref(internal);
    json_decref(body);
}

/* Deployments are deleted with their endpoint, so none may be mid-operation. */
static bool deployments_idle(em_arm *a, const char *name, const char *key, json_t *res)
{
    (void)res;
    char *under = em_printf("%s/", key);
    int pending = em_op_pending(a->app->store, under);
    free(under);
    if (pending > 0) {
        em_arm_conflict(a, "The batch endpoint '%s' has deployments with operations in "
                        "progress; it cannot be deleted until they complete.",
                        name);
        return false;
    }
    return true;
}

static const em_delete_kind ENDPOINT_DELETE = {
    .what = "batch endpoint", .rk = "batchEndpoints", .family = EM_FAMILY_MFE,
    .headers = EM_LRO_LOCATION | EM_LRO_TIMEOUT, .prepare = deployments_idle};

void em_arm_batch_endpoints(em_arm *a)
{
    const char *m = a->req->method;
    if (a->nseg == 1) {
        em_arm_list_collection(a, a->ws_key, "batchEndpoints");
        return;
    }
    const char *name = a->seg[1];
    char *key = em_arm_child_key(a->ws_key, "batchEndpoints", name);
    if (a->nseg == 2) {
        if (strcmp(m, "GET") == 0) {
            em_arm_get_resource(a, key, "batchEndpoints", name);
        } else if (strcmp(m, "PUT") == 0) {
            if (!em_valid_endpoint_name(name))
                em_resp_arm_error(
                    a->resp, 400, "InvalidResourceName",
                    "Batch endpoint names must be 3-32 characters, start with a letter, contain "
                    "only letters, digits and '-', and end with a letter or digit "
                    "(^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$).",
                    "name");
            else
                put_endpoint(a, name, key);
        } else if (strcmp(m, "PATCH") == 0) {
            patch_endpoint(a, name, key);
        } else if (strcmp(m, "DELETE") == 0) {
            em_arm_delete_resource(a, &ENDPOINT_DELETE, name, key, NULL);
        } else {
            em_arm_method_not_allowed(a);
        }
    } else if (a->nseg == 3 && strcasecmp(a->seg[2], "listkeys") == 0) {
        if (strcmp(m, "POST") != 0) {
            em_arm_method_not_allowed(a);
        } else {
            json_t *internal = NULL;
            json_t *res = em_res_get(a->app->store, key, &internal);
            if (!res)
                em_arm_not_found(a, "batchEndpoints", name);
            else
                em_resp_json(a->resp, 200, json_incref(json_object_get(internal, "keys")));
            json_decref(res);
            json_decref(internal);
        }
    } else if (a->nseg >= 3 && strcasecmp(a->seg[2], "deployments") == 0) {
        json_t *endpoint = em_res_get(a->app->store, key, NULL);
        em_arm_batch_deployments(a, key, endpoint);
        json_decref(endpoint);
    } else {
        em_resp_arm_error(a->resp, 404, "InvalidResourceType",
                          "The resource type is not served under batchEndpoints.", NULL);
    }
    free(key);
}
