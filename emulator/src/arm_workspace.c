/* Workspaces (defined by flags or created on first use), their discovery
 * document, and the location-level usages and vmSizes lists. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arm.h"
#include "util.h"
#include "vmsizes.h"

static char *ws_id(const char *sub, const char *rg, const char *ws)
{
    return em_printf("/subscriptions/%s/resourceGroups/%s/providers/" EM_RP "/workspaces/%s", sub,
                     rg, ws);
}

/* ^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$ */
static bool valid_ws_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 33 || !isalnum((unsigned char)s[0]))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-')
            return false;
    return true;
}

/* 1-90 chars of [-\w._()] */
static bool valid_rg_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 90)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr("-_.()", s[i]))
            return false;
    return true;
}

static json_t *new_workspace(em_app *app, const char *sub, const char *rg, const char *ws)
{
    char *id = ws_id(sub, rg, ws);
    char guid[37], principal[37], tag[13];
    em_uuid(guid);
    /* Storage/vault names are lower-case alphanumerics. */
    snprintf(tag, sizeof tag, "%.8s%.4s", guid, guid + 9);
    em_uuid(principal);
    char ts[40];
    em_iso8601(em_now_ms(), ts);
    const char *loc = app->cfg.location;
    char *rgid = em_printf("/subscriptions/%s/resourceGroups/%s", sub, rg);
    char *storage = em_printf("%s/providers/Microsoft.Storage/storageAccounts/%sstore", rgid, tag);
    char *kv = em_printf("%s/providers/Microsoft.KeyVault/vaults/%skv", rgid, tag);
    char *ai = em_printf("%s/providers/Microsoft.insights/components/%sai", rgid, tag);
    char *disc = em_printf("%s/discovery", app->base_url);
    json_t *body = json_pack(
        "{s:s, s:s, s:s, s:s, s:{}, s:{s:s, s:s, s:s}, s:{s:s, s:s}, s:s, "
        "s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:b, s:s, s:s}}",
        "id", id, "name", ws, "type", EM_RP "/workspaces", "location", loc, "tags", "identity",
        "type", "SystemAssigned", "principalId", principal, "tenantId", app->cfg.tenant, "sku",
        "name", "Basic", "tier", "Basic", "kind", "Default", "properties", "workspaceId", guid,
        "friendlyName", ws, "description", "", "discoveryUrl", disc, "provisioningState",
        "Succeeded", "storageAccount", storage, "keyVault", kv, "applicationInsights", ai,
        "hbiWorkspace", 0, "publicNetworkAccess", "Enabled", "mlFlowTrackingUri", app->base_url,
        "v1LegacyMode", 0, "tenantId", app->cfg.tenant, "creationTime", ts);
    json_object_set_new(body, "systemData",
                        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "createdBy", "aml-emulator",
                                  "createdByType", "Application", "createdAt", ts,
                                  "lastModifiedBy", "aml-emulator", "lastModifiedByType",
                                  "Application", "lastModifiedAt", ts));
    free(id);
    free(rgid);
    free(storage);
    free(kv);
    free(ai);
    free(disc);
    return body;
}

static int store_workspace(em_app *app, const char *sub, const char *rg, const char *ws,
                           json_t *body)
{
    char *id = ws_id(sub, rg, ws);
    char *key = em_lower(id);
    char *prid = em_printf("/subscriptions/%s/resourceGroups/%s", sub, rg);
    char *parent = em_lower(prid);
    /* Canonical spellings, so ids use the names as first created. */
    json_t *internal = json_pack("{s:s, s:s, s:s}", "sub", sub, "rg", rg, "ws", ws);
    int rc = em_res_put(app->store, key, parent, "workspaces", ws, body, internal);
    json_decref(internal);
    free(id);
    free(key);
    free(prid);
    free(parent);
    return rc;
}

int em_arm_ensure_workspace(em_app *app, const char *sub, const char *rg, const char *ws)
{
    char *id = ws_id(sub, rg, ws);
    char *key = em_lower(id);
    free(id);
    em_store_lock(app->store);
    json_t *existing = em_res_get(app->store, key, NULL);
    int rc = 0;
    if (!existing) {
        json_t *body = new_workspace(app, sub, rg, ws);
        rc = em_store_begin(app->store);
        if (rc == 0)
            rc = store_workspace(app, sub, rg, ws, body);
        if (rc == 0)
            rc = em_store_commit(app->store);
        else
            em_store_rollback(app->store);
        json_decref(body);
    }
    json_decref(existing);
    em_store_unlock(app->store);
    free(key);
    return rc;
}

bool em_arm_resolve_workspace(em_arm *a, const char *sub, const char *rg, const char *ws,
                              bool may_create)
{
    char *id = ws_id(sub, rg, ws);
    char *key = em_lower(id);
    free(id);
    json_t *internal = NULL;
    json_t *body = em_res_get(a->app->store, key, &internal);
    if (!body) {
        if (!may_create || !valid_ws_name(ws) || !valid_rg_name(rg)) {
            char *msg = em_printf("The Resource '" EM_RP "/workspaces/%s' under resource group "
                                  "'%s' was not found. For more details please go to "
                                  "https://aka.ms/ARMResourceNotFoundFix",
                                  ws, rg);
            em_resp_arm_error(a->resp, 404, "ResourceNotFound", msg, NULL);
            free(msg);
            free(key);
            return false;
        }
        body = new_workspace(a->app, sub, rg, ws);
        if (!em_arm_tx_begin(a) ||
            !em_arm_tx_end(a, store_workspace(a->app, sub, rg, ws, body))) {
            json_decref(body);
            free(key);
            return false;
        }
        internal = json_pack("{s:s, s:s, s:s}", "sub", sub, "rg", rg, "ws", ws);
    }
    a->sub = em_xstrdup(json_string_value(json_object_get(internal, "sub")));
    a->rg = em_xstrdup(json_string_value(json_object_get(internal, "rg")));
    a->ws = em_xstrdup(json_string_value(json_object_get(internal, "ws")));
    a->ws_id = ws_id(a->sub, a->rg, a->ws);
    a->ws_key = key;
    a->location = em_xstrdup(json_string_value(json_object_get(body, "location")));
    json_decref(body);
    json_decref(internal);
    return true;
}

void em_arm_workspace(em_arm *a)
{
    if (strcmp(a->req->method, "GET") != 0) {
        em_arm_method_not_allowed(a);
        return;
    }
    json_t *body = em_res_get(a->app->store, a->ws_key, NULL);
    if (!body) {
        em_arm_internal_error(a);
        return;
    }
    em_resp_json(a->resp, 200, body);
}

void em_arm_workspace_list(em_arm *a, const char *sub, const char *rg)
{
    char *prid = em_printf("/subscriptions/%s/resourceGroups/%s", sub, rg);
    char *parent = em_lower(prid);
    free(prid);
    int offset, limit;
    a->rg = em_xstrdup(rg);
    em_arm_page(a, &offset, &limit);
    bool more;
    json_t *items = em_res_list(a->app->store, parent, "workspaces", offset, limit, &more);
    free(parent);
    em_arm_list_response(a, items, more, offset, limit);
}

void em_arm_location_vmsizes(em_arm *a, const char *loc)
{
    (void)loc;
    em_resp_json(a->resp, 200, em_vmsizes_json());
}

static json_t *usage(const char *sub, const char *loc, const char *name, const char *localized,
                     const char *type, long current, long limit)
{
    char *id = em_printf("/subscriptions/%s/providers/" EM_RP "/locations/%s/usages/%s", sub, loc,
                         name);
    json_t *u = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:{s:s, s:s}}", "id", id,
                          "amlWorkspaceLocation", loc, "type", type, "unit", "Count",
                          "currentValue", (json_int_t)current, "limit", (json_int_t)limit, "name",
                          "value", name, "localizedValue", localized);
    free(id);
    return u;
}

void em_arm_location_usages(em_arm *a, const char *sub, const char *loc)
{
    /* Cores in use = the nodes currently allocated to AmlCompute clusters of
     * this subscription and region, by VM family and priority. */
    json_t *computes = em_res_list_kind(a->app->store, "computes");
    int n = em_vmsize_count();
    long *dedicated = em_xcalloc((size_t)n, sizeof(long));
    long *lowprio = em_xcalloc((size_t)n, sizeof(long));
    long total_ded = 0, total_low = 0;
    char *prefix = em_printf("/subscriptions/%s/", sub);
    size_t i;
    json_t *c;
    json_array_foreach(computes, i, c) {
        const char *id = json_string_value(json_object_get(c, "id"));
        const char *cl = json_string_value(json_object_get(c, "location"));
        if (!id || !em_starts_with_ci(id, prefix) || !cl || strcasecmp(cl, loc) != 0)
            continue;
        json_t *p = json_object_get(json_object_get(c, "properties"), "properties");
        const em_vmsize *vs = em_vmsize_find(json_string_value(json_object_get(p, "vmSize")));
        if (!vs)
            continue;
        long cores = (long)json_integer_value(json_object_get(p, "currentNodeCount")) * vs->vcpus;
        bool low = em_streq_ci(json_string_value(json_object_get(p, "vmPriority")), "LowPriority");
        for (int k = 0; k < n; k++)
            if (strcmp(em_vmsize_at(k)->family, vs->family) == 0) {
                (low ? lowprio : dedicated)[k] += cores;
                break;
            }
        if (low)
            total_low += cores;
        else
            total_ded += cores;
    }
    free(prefix);
    json_decref(computes);
    json_t *arr = json_array();
    json_array_append_new(arr, usage(sub, loc, "Cores", "Total Cluster Dedicated Regional vCPUs",
                                     EM_RP "/totalCores/usages", total_ded, 100));
    json_array_append_new(arr, usage(sub, loc, "LowPriorityCores",
                                     "Total Cluster LowPriority Regional vCPUs",
                                     EM_RP "/totalCores/usages", total_low, 100));
    /* One entry per VM family (first size of each family carries the sum). */
    for (int k = 0; k < n; k++) {
        const char *fam = em_vmsize_at(k)->family;
        bool first = true;
        for (int j = 0; j < k; j++)
            if (strcmp(em_vmsize_at(j)->family, fam) == 0)
                first = false;
        if (!first)
            continue;
        char *loc_name = em_printf("%s Cluster Dedicated vCPUs", fam);
        json_array_append_new(arr, usage(sub, loc, fam, loc_name, EM_RP "/vmFamily/usages",
                                         dedicated[k], 24));
        free(loc_name);
    }
    free(dedicated);
    free(lowprio);
    em_resp_json(a->resp, 200, json_pack("{s:o, s:n}", "value", arr, "nextLink"));
}
