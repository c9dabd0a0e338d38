/* computes (AmlCompute only): create/overwrite (PUT 201 + Azure-AsyncOperation,
 * no Location), resize (PATCH 200 + Azure-AsyncOperation + Location), delete
 * with underlyingResourceAction (202 + both headers), get, list, listNodes,
 * listKeys. Node allocation follows the scale settings: a resize moves
 * allocationState Resizing -> Steady with currentNodeCount = minNodeCount
 * (no jobs run on the emulator's clusters, so idle nodes scale to the minimum). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arm.h"
#include "arm_common.h"
#include "lro.h"
#include "schemas.h"
#include "util.h"
#include "validate.h"
#include "vmsizes.h"

static const char *const OS_TYPES[] = {"Linux", "Windows", NULL};
static const char *const PRIORITIES[] = {"Dedicated", "LowPriority", NULL};
static const char *const REMOTE_LOGIN[] = {"Enabled", "Disabled", "NotSpecified", NULL};
static const char *const ACTIONS[] = {"Delete", "Detach", NULL};

static json_t *aml(json_t *compute)
{
    return json_object_get(json_object_get(compute, "properties"), "properties");
}

static json_t *node_counts(long idle)
{
    return json_pack("{s:I, s:i, s:i, s:i, s:i, s:i}", "idleNodeCount", (json_int_t)idle,
                     "runningNodeCount", 0, "preparingNodeCount", 0, "unusableNodeCount", 0,
                     "leavingNodeCount", 0, "preemptedNodeCount", 0);
}

void em_compute_settle(json_t *compute, int64_t now_ms)
{
    json_t *p = aml(compute);
    if (!json_is_object(p))
        return;
    json_int_t target = json_integer_value(json_object_get(p, "targetNodeCount"));
    char ts[40];
    em_iso8601(now_ms, ts);
    json_object_set_new(p, "currentNodeCount", json_integer(target));
    json_object_set_new(p, "allocationState", json_string("Steady"));
    json_object_set_new(p, "allocationStateTransitionTime", json_string(ts));
    json_object_set_new(p, "nodeStateCounts", node_counts((long)target));
}

/* Start a resize towards the scale settings' minimum. */
static void begin_resize(json_t *p)
{
    json_t *ss = json_object_get(p, "scaleSettings");
    json_int_t target = json_integer_value(json_object_get(ss, "minNodeCount"));
    json_int_t current = json_integer_value(json_object_get(p, "currentNodeCount"));
    char ts[40];
    em_iso8601(em_now_ms(), ts);
    json_object_set_new(p, "targetNodeCount", json_integer(target));
    json_object_set_new(p, "allocationState", json_string(target == current ? "Steady" : "Resizing"));
    json_object_set_new(p, "allocationStateTransitionTime", json_string(ts));
    json_t *counts = node_counts((long)current);
    if (target > current)
        json_object_set_new(counts, "preparingNodeCount", json_integer(target - current));
    else if (target < current)
        json_object_set_new(counts, "leavingNodeCount", json_integer(current - target));
    json_object_set_new(p, "nodeStateCounts", counts);
}

/* scaleSettings (types checked by the schema) as stored, or NULL (resp
 * filled): required, and minNodeCount may not exceed maxNodeCount. */
static json_t *scale_settings(em_arm *a, const json_t *ss, const char *target)
{
    char t[160];
    if (!json_is_object(ss)) {
        em_arm_user_error(a, target, "RequiredFieldMissing",
                          "'%s' is required, with maxNodeCount (and optionally minNodeCount, "
                          "nodeIdleTimeBeforeScaleDown).",
                          target);
        return NULL;
    }
    json_int_t max = json_integer_value(json_object_get(ss, "maxNodeCount"));
    json_int_t min = json_integer_value(json_object_get(ss, "minNodeCount"));
    if (min > max) {
        snprintf(t, sizeof t, "%s.minNodeCount", target);
        em_arm_user_error(a, t, "MinNodeCountGreaterThanMax",
                          "minNodeCount (%lld) must be less than or equal to maxNodeCount (%lld).",
                          (long long)min, (long long)max);
        return NULL;
    }
    const char *idle = json_string_value(json_object_get(ss, "nodeIdleTimeBeforeScaleDown"));
    return json_pack("{s:I, s:I, s:s}", "maxNodeCount", max, "minNodeCount", min,
                     "nodeIdleTimeBeforeScaleDown", idle ? idle : "PT120S");
}

/* An update PUT keeps what a cluster is created with: a field the request
 * leaves out keeps its value, a different one is refused (the service
 * cannot change a cluster's VM size or OS in place). false = resp filled. */
static bool keep_create_only(em_arm *a, json_t *p, const json_t *given, const json_t *old)
{
    static const char *const fields[] = {"vmSize", "osType", "vmPriority"};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *was = json_string_value(json_object_get(old, fields[i]));
        if (!was)
            continue;
        if (!json_object_get(given, fields[i])) {
            json_object_set_new(p, fields[i], json_string(was));
        } else if (strcasecmp(json_string_value(json_object_get(p, fields[i])), was) != 0) {
            em_arm_user_error(a, "properties.properties", "InvalidFieldValue",
                              "properties.properties.%s of an existing cluster cannot be changed "
                              "(it is '%s'); delete and re-create the cluster.",
                              fields[i], was);
            return false;
        }
    }
    return true;
}

/* A member's canonical enum spelling (schema-checked), or dflt. */
static const char *enum_or(const json_t *obj, const char *key, const char *const *allowed,
                           const char *dflt)
{
    const char *v = em_enum_match(json_string_value(json_object_get(obj, key)), allowed);
    return v ? v : dflt;
}

/* AmlComputeProperties as stored, from a PUT body's properties.properties
 * (checked against EM_SCHEMA_AML_COMPUTE), or NULL (resp filled). */
static json_t *aml_properties(em_arm *a, const json_t *in)
{
    const char *os = enum_or(in, "osType", OS_TYPES, "Linux");
    const char *prio = enum_or(in, "vmPriority", PRIORITIES, "Dedicated");
    const char *remote = enum_or(in, "remoteLoginPortPublicAccess", REMOTE_LOGIN, "NotSpecified");
    const char *vm = "STANDARD_DS3_V2";
    const char *s = json_string_value(json_object_get(in, "vmSize"));
    if (s) {
        if (!em_vmsize_find(s)) {
            em_arm_user_error(a, "properties.properties.vmSize", "InvalidVmSize",
                              "The VM size '%s' is not supported in this region; see the "
                              "vmSizes list of the location.",
                              s);
            return NULL;
        }
        vm = s;
    }
    json_t *ss = scale_settings(a, json_object_get(in, "scaleSettings"),
                                "properties.properties.scaleSettings");
    if (!ss)
        return NULL;
    json_t *p = json_object();
    json_object_set_new(p, "osType", json_string(os));
    json_object_set_new(p, "vmSize", json_string(vm));
    json_object_set_new(p, "vmPriority", json_string(prio));
    json_object_set_new(p, "scaleSettings", ss);
    json_object_set_new(p, "remoteLoginPortPublicAccess", json_string(remote));
    json_t *v = json_object_get(in, "enableNodePublicIp");
    json_object_set_new(p, "enableNodePublicIp", json_boolean(!v || !json_is_false(v)));
    v = json_object_get(in, "isolatedNetwork");
    json_object_set_new(p, "isolatedNetwork", json_boolean(v && json_is_true(v)));
    const char *pass[] = {"subnet", "virtualMachineImage", "propertyBag"};
    for (int i = 0; i < 3; i++) {
        v = json_object_get(in, pass[i]);
        json_object_set(p, pass[i], v ? v : json_null());
    }
    /* Admin credentials are write-only: kept out of the body GET returns. */
    json_t *uac = json_object_get(in, "userAccountCredentials");
    if (json_is_object(uac)) {
        json_object_set_new(p, "userAccountCredentials",
                            json_pack("{s:O}", "adminUserName",
                                      json_object_get(uac, "adminUserName")));
    } else {
        json_object_set_new(p, "userAccountCredentials", json_null());
    }
    json_object_set_new(p, "errors", json_null());
    json_object_set_new(p, "currentNodeCount", json_integer(0));
    json_object_set_new(p, "targetNodeCount", json_integer(0));
    json_object_set_new(p, "nodeStateCounts", node_counts(0));
    json_object_set_new(p, "allocationState", json_string("Steady"));
    return p;
}

static void put_compute(em_arm *a, const char *name, const char *key)
{
    if (!em_valid_compute_name(name)) {
        em_resp_arm_error(a->resp, 400, "InvalidResourceName",
                          "Compute names must be 3-24 characters, start with a letter, contain "
                          "only letters, digits and '-', and must not end with '-' followed by "
                          "digits (^[a-zA-Z](?![a-zA-Z0-9-]*-\\d+$)[a-zA-Z0-9\\-]{2,23}$).",
                          "name");
        return;
    }
    json_t *body = em_arm_body(a, false);
    if (!body)
        return;
    json_t *internal = NULL, *existing = NULL, *p = NULL;
    json_t *props = json_object_get(body, "properties");
    if (!em_arm_check_schema(a, &EM_SCHEMA_COMPUTE, body))
        goto out;
    const char *ctype = json_string_value(json_object_get(props, "computeType"));
    const char *loc = json_string_value(json_object_get(body, "location"));
    const char *desc = json_string_value(json_object_get(props, "description"));
    if (strcasecmp(ctype, "AmlCompute") != 0) {
        em_arm_user_error(a, "properties.computeType", "UnsupportedComputeType",
                          "computeType '%s' is not supported by aml-emulator; it emulates "
                          "AmlCompute clusters.",
                          ctype);
        goto out;
    }
    if (loc && !em_arm_check_location(a, loc, EM_RP "/workspaces/computes"))
        goto out;
    if (!em_arm_check_schema(a, &EM_SCHEMA_AML_COMPUTE, body))
        goto out;
    p = aml_properties(a, json_object_get(props, "properties"));
    if (!p)
        goto out;
    existing = em_res_get(a->app->store, key, &internal);
    if (existing && !em_arm_check_idle(a, "compute", name, existing))
        goto out;
    if (existing && !keep_create_only(a, p, json_object_get(props, "properties"), aml(existing)))
        goto out;
    if (!loc)
        loc = a->location;
    char ts[40];
    em_iso8601(em_now_ms(), ts);
    json_t *res = json_object();
    json_t *cp = json_object();
    if (existing) {
        json_t *old = json_object_get(existing, "properties");
        json_object_set(res, "id", json_object_get(existing, "id"));
        json_object_set(res, "name", json_object_get(existing, "name"));
        json_object_set(res, "systemData", json_object_get(existing, "systemData"));
        json_object_set(cp, "createdOn", json_object_get(old, "createdOn"));
        /* Keep the live node counts; the new scale settings start a resize. */
        json_t *oldp = aml(existing);
        json_object_set(p, "currentNodeCount", json_object_get(oldp, "currentNodeCount"));
    } else {
        char *id = em_printf("%s/computes/%s", a->ws_id, name);
        json_object_set_new(res, "id", json_string(id));
        free(id);
        json_object_set_new(res, "name", json_string(name));
        json_object_set_new(cp, "createdOn", json_string(ts));
    }
    json_object_set_new(res, "type", json_string(EM_RP "/workspaces/computes"));
    json_object_set_new(res, "location", json_string(loc));
    json_t *tags = json_object_get(body, "tags");
    json_object_set_new(res, "tags", json_is_object(tags) ? json_incref(tags) : json_object());
    json_t *identity = NULL;
    if (!em_arm_identity(a, json_object_get(body, "identity"),
                         json_object_get(existing, "identity"), &identity)) {
        json_decref(res);
        json_decref(cp);
        goto out;
    }
    if (identity)
        json_object_set_new(res, "identity", identity);
    json_object_set_new(cp, "computeType", json_string("AmlCompute"));
    json_object_set_new(cp, "computeLocation", json_string(loc));
    json_object_set_new(cp, "description", desc ? json_string(desc) : json_null());
    json_object_set_new(cp, "resourceId", json_null());
    json_object_set_new(cp, "provisioningErrors", json_null());
    json_object_set_new(cp, "isAttachedCompute", json_false());
    json_t *dla = json_object_get(props, "disableLocalAuth");
    json_object_set_new(cp, "disableLocalAuth", json_boolean(dla && json_is_true(dla)));
    json_object_set_new(cp, "modifiedOn", json_string(ts));
    json_object_set_new(cp, "provisioningState", json_string(existing ? "Updating" : "Creating"));
    begin_resize(p);
    if (!existing) /* a new cluster always goes through an allocation */
        json_object_set_new(p, "allocationState", json_string("Resizing"));
    json_object_set(cp, "properties", p);
    json_object_set_new(res, "properties", cp);
    em_arm_touch_system_data(a, res, !existing);

    /* Secrets stay in the internal part. */
    json_t *uac = json_object_get(json_object_get(props, "properties"), "userAccountCredentials");
    if (!json_is_object(internal)) {
        json_decref(internal);
        internal = json_object();
    }
    if (json_is_object(uac))
        json_object_set(internal, "userAccountCredentials", uac);

    em_lro_op op = {.kind = existing ? "update" : "create", .family = EM_FAMILY_COMPUTE,
                    .rk = "computes", .key = key, .body = res, .internal = &internal,
                    .parent = a->ws_key, .name = name};
    if (em_lro_begin(a, &op))
        em_lro_reply(a, existing ? 200 : 201, json_incref(res), op.family, op.id, EM_LRO_ASYNC);
    json_decref(res);
out:
    json_decref(p);
    json_decref(existing);
    json_decref(internal);
    json_decref(body);
}

static void patch_compute(em_arm *a, const char *name, const char *key)
{
    json_t *body = em_arm_body(a, false);
    if (!body)
        return;
    json_t *internal = NULL;
    json_t *res = em_res_get(a->app->store, key, &internal);
    json_t *ss = NULL;
    if (!res) {
        em_arm_not_found(a, "computes", name);
        goto out;
    }
    /* ClusterUpdateParameters: {"properties":{"properties":{"scaleSettings":{...}}}} */
    if (!em_arm_check_schema(a, &EM_SCHEMA_COMPUTE_PATCH, body))
        goto out;
    ss = scale_settings(a,
                        json_object_get(json_object_get(json_object_get(body, "properties"),
                                                        "properties"),
                                        "scaleSettings"),
                        "properties.properties.scaleSettings");
    if (!ss)
        goto out;
    if (!em_arm_check_idle(a, "compute", name, res))
        goto out;
    json_t *p = aml(res);
    json_object_set(p, "scaleSettings", ss);
    begin_resize(p);
    em_set_prov_state(res, "Updating");
    char ts[40];
    em_iso8601(em_now_ms(), ts);
    json_object_set_new(json_object_get(res, "properties"), "modifiedOn", json_string(ts));
    em_arm_touch_system_data(a, res, false);
    em_lro_op op = {.kind = "update", .family = EM_FAMILY_COMPUTE, .rk = "computes", .key = key,
                    .body = res, .internal = &internal};
    if (em_lro_begin(a, &op))
        em_lro_reply(a, 200, json_incref(res), op.family, op.id, EM_LRO_ASYNC | EM_LRO_LOCATION);
out:
    json_decref(ss);
    json_decref(res);
    json_decref(internal);
    json_decref(body);
}

/* The nodes drain while the cluster is deleted. */
static bool drain_nodes(em_arm *a, const char *name, const char *key, json_t *res)
{
    (void)a, (void)name, (void)key;
    json_t *p = aml(res);
    if (json_is_object(p)) {
        json_object_set_new(p, "allocationState", json_string("Resizing"));
        json_object_set_new(p, "targetNodeCount", json_integer(0));
    }
    return true;
}

static const em_delete_kind COMPUTE_DELETE = {
    .what = "compute", .rk = "computes", .family = EM_FAMILY_COMPUTE,
    .headers = EM_LRO_ASYNC | EM_LRO_LOCATION, .prepare = drain_nodes};

static void delete_compute(em_arm *a, const char *name, const char *key)
{
    const char *action = em_req_query(a->req, "underlyingResourceAction");
    if (!action) {
        em_resp_arm_error(a->resp, 400, "MissingRequiredQueryParameter",
                          "The query parameter 'underlyingResourceAction' (Delete or Detach) is "
                          "required.",
                          "underlyingResourceAction");
        return;
    }
    const char *canonical = em_enum_match(action, ACTIONS);
    if (!canonical) {
        char *msg = em_printf("The value '%s' of 'underlyingResourceAction' is invalid; use Delete "
                              "or Detach.",
                              action);
        em_resp_arm_error(a->resp, 400, "InvalidQueryParameterValue", msg,
                          "underlyingResourceAction");
        free(msg);
        return;
    }
    em_arm_delete_resource(a, &COMPUTE_DELETE, name, key, canonical);
}

static void list_nodes(em_arm *a, const char *name, const char *key)
{
    json_t *res = em_res_get(a->app->store, key, NULL);
    if (!res) {
        em_arm_not_found(a, "computes", name);
        return;
    }
    json_int_t n = json_integer_value(json_object_get(aml(res), "currentNodeCount"));
    json_t *nodes = json_array();
    for (json_int_t i = 0; i < n; i++) {
        char node[96], ip[32];
        /* Stable per cluster and index, shaped like the service's node ids. */
        unsigned h = 2166136261u;
        for (const char *c = key; *c; c++)
            h = (h ^ (unsigned char)*c) * 16777619u;
        snprintf(node, sizeof node, "tvmps_%08x%04x_d", h, (unsigned)i);
        snprintf(ip, sizeof ip, "10.0.0.%d", (int)(4 + i % 250));
        json_array_append_new(nodes, json_pack("{s:s, s:s, s:n, s:i, s:s, s:n}", "nodeId", node,
                                               "privateIpAddress", ip, "publicIpAddress", "port",
                                               50000 + (int)i, "nodeState", "idle", "runId"));
    }
    json_decref(res);
    em_resp_json(a->resp, 200, json_pack("{s:o, s:n}", "nodes", nodes, "nextLink"));
}

void em_arm_computes(em_arm *a)
{
    const char *m = a->req->method;
    if (a->nseg == 1) {
        em_arm_list_collection(a, a->ws_key, "computes");
        return;
    }
    const char *name = a->seg[1];
    char *key = em_arm_child_key(a->ws_key, "computes", name);
    if (a->nseg == 2) {
        if (strcmp(m, "GET") == 0) {
            em_arm_get_resource(a, key, "computes", name);
        } else if (strcmp(m, "PUT") == 0) {
            put_compute(a, name, key);
        } else if (strcmp(m, "PATCH") == 0) {
            patch_compute(a, name, key);
        } else if (strcmp(m, "DELETE") == 0) {
            delete_compute(a, name, key);
        } else {
            em_arm_method_not_allowed(a);
        }
    } else if (a->nseg == 3 && strcasecmp(a->seg[2], "listNodes") == 0) {
        if (strcmp(m, "POST") == 0)
            list_nodes(a, name, key);
        else
            em_arm_method_not_allowed(a);
    } else if (a->nseg == 3 && strcasecmp(a->seg[2], "listKeys") == 0) {
        if (strcmp(m, "POST") != 0) {
            em_arm_method_not_allowed(a);
        } else {
            json_t *res = em_res_get(a->app->store, key, NULL);
            /* AmlCompute has no secrets to list; the discriminator alone is
             * what the service returns for it. */
            if (res)
                em_resp_json(a->resp, 200, json_pack("{s:s}", "computeType", "AmlCompute"));
            else
                em_arm_not_found(a, "computes", name);
            json_decref(res);
        }
    } else {
        em_resp_arm_error(a->resp, 404, "InvalidResourceType",
                          "The resource type is not served under computes.", NULL);
    }
    free(key);
}
