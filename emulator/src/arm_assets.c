/* Assets: models, codes, environments and data, each a container with
 * versions. PUT/GET/DELETE are synchronous as on the service;
 * a version PUT creates its container on first use. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arm.h"
#include "arm_common.h"
#include "schemas.h"
#include "util.h"
#include "validate.h"

typedef struct kind {
    const char *collection;          /* path segment */
    const char *version_kind;        /* store kind of versions */
    const em_schema *container, *version; /* their bodies' schemas */
} kind;

static const kind KINDS[] = {
    {"models", "modelVersions", &EM_SCHEMA_ASSET_CONTAINER, &EM_SCHEMA_MODEL_VERSION},
    {"codes", "codeVersions", &EM_SCHEMA_ASSET_CONTAINER, &EM_SCHEMA_CODE_VERSION},
    {"environments", "environmentVersions", &EM_SCHEMA_ASSET_CONTAINER,
     &EM_SCHEMA_ENVIRONMENT_VERSION},
    {"data", "dataVersions", &EM_SCHEMA_DATA_CONTAINER, &EM_SCHEMA_DATA_VERSION},
};

static bool is_data(const kind *k)
{
    return strcmp(k->collection, "data") == 0;
}

static const kind *kind_of(const char *seg)
{
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
        if (strcasecmp(seg, KINDS[i].collection) == 0)
            return &KINDS[i];
    return NULL;
}

/* What the schema cannot say: an environment version is an image or a
 * build (anyOf). */
static bool check_version_properties(em_arm *a, const kind *k, const json_t *p)
{
    if (strcmp(k->collection, "environments") == 0 &&
        !json_is_string(json_object_get(p, "image")) &&
        !json_is_object(json_object_get(p, "build"))) {
        em_arm_user_error(a, "properties.image", "RequiredFieldMissing",
                          "An environment version needs properties.image (a container image) or "
                          "properties.build.");
        return false;
    }
    return true;
}

/* A container or version resource: its properties as given, with the
 * defaults the service fills in. */
static json_t *asset_resource(const char *id, const char *name, const char *type,
                              const json_t *props, bool version)
{
    json_t *p = json_is_object(props) ? json_deep_copy(props) : json_object();
    em_json_default(p, "isArchived", json_false());
    if (version)
        em_json_default(p, "isAnonymous", json_false());
    em_json_default(p, "tags", json_object());
    em_json_default(p, "properties", json_object());
    json_object_set_new(p, "provisioningState", json_string("Succeeded"));
    return json_pack("{s:s, s:s, s:s, s:o}", "id", id, "name", name, "type", type, "properties",
                     p);
}

static json_t *new_container(em_arm *a, const kind *k, const char *name, const json_t *props)
{
    char *id = em_printf("%s/%s/%s", a->ws_id, k->collection, name);
    char *type = em_printf(EM_RP "/workspaces/%s", k->collection);
    json_t *c = asset_resource(id, name, type, props, false);
    free(id);
    free(type);
    em_arm_touch_system_data(a, c, true);
    return c;
}

/* Bump latestVersion/nextVersion of a container (numeric versions only). */
static void note_version(json_t *container, const char *version)
{
    json_t *p = json_object_get(container, "properties");
    json_object_set_new(p, "latestVersion", json_string(version));
    char *end;
    long v = strtol(version, &end, 10);
    if (*end == '\0') {
        char next[24];
        const char *nv = json_string_value(json_object_get(p, "nextVersion"));
        long cur = nv ? strtol(nv, NULL, 10) : 0;
        snprintf(next, sizeof next, "%ld", (v + 1 > cur ? v + 1 : cur));
        json_object_set_new(p, "nextVersion", json_string(next));
    }
}

static void put_container(em_arm *a, const kind *k, const char *name, const char *key)
{
    json_t *body = em_arm_body(a, true);
    if (!body)
        return;
    json_t *props = json_object_get(body, "properties");
    if (!em_arm_check_schema(a, k->container, body)) {
        json_decref(body);
        return;
    }
    if (is_data(k) && !json_is_object(props)) {
        em_arm_user_error(a, "properties.dataType", "RequiredFieldMissing",
                          "properties.dataType is required: uri_file, uri_folder or mltable.");
        json_decref(body);
        return;
    }
    json_t *existing = em_res_get(a->app->store, key, NULL);
    json_t *c = new_container(a, k, name, props);
    if (existing) {
        json_object_set(c, "systemData", json_object_get(existing, "systemData"));
        em_arm_touch_system_data(a, c, false);
        json_t *op = json_object_get(existing, "properties"), *np = json_object_get(c, "properties");
        json_object_set(np, "latestVersion", json_object_get(op, "latestVersion"));
        json_object_set(np, "nextVersion", json_object_get(op, "nextVersion"));
    }
    if (em_arm_tx_begin(a) &&
        em_arm_tx_end(a,
                      em_res_put(a->app->store, key, a->ws_key, k->collection, name, c, NULL)))
        em_resp_json(a->resp, existing ? 200 : 201, json_incref(c));
    json_decref(c);
    json_decref(existing);
    json_decref(body);
}

static void put_version(em_arm *a, const kind *k, const char *name, const char *ckey,
                        const char *version, const char *vkey)
{
    json_t *body = em_arm_body(a, false);
    if (!body)
        return;
    json_t *props = json_object_get(body, "properties");
    if (!em_arm_check_schema(a, k->version, body) || !check_version_properties(a, k, props)) {
        json_decref(body);
        return;
    }
    json_t *container = em_res_get(a->app->store, ckey, NULL);
    if (!container) {
        json_t *cp = is_data(k) ? json_pack("{s:O}", "dataType",
                                            json_object_get(props, "dataType"))
                                : NULL;
        container = new_container(a, k, name, cp);
        json_decref(cp);
    }
    note_version(container, version);
    json_t *existing = em_res_get(a->app->store, vkey, NULL);
    char *id = em_printf("%s/%s/%s/versions/%s", a->ws_id, k->collection,
                         json_string_value(json_object_get(container, "name")), version);
    char *type = em_printf(EM_RP "/workspaces/%s/versions", k->collection);
    json_t *v = asset_resource(id, version, type, props, true);
    free(id);
    free(type);
    if (existing)
        json_object_set(v, "systemData", json_object_get(existing, "systemData"));
    em_arm_touch_system_data(a, v, !existing);
    char *vkind = em_xstrdup(k->version_kind);
    if (em_arm_tx_begin(a)) {
        int rc = em_res_put(a->app->store, ckey, a->ws_key, k->collection,
                            json_string_value(json_object_get(container, "name")), container,
                            NULL) |
                 em_res_put(a->app->store, vkey, ckey, vkind, version, v, NULL);
        if (em_arm_tx_end(a, rc))
            em_resp_json(a->resp, existing ? 200 : 201, json_incref(v));
    }
    free(vkind);
    json_decref(v);
    json_decref(existing);
    json_decref(container);
    json_decref(body);
}

static void delete_key(em_arm *a, const char *key, bool cascade)
{
    json_t *r = em_res_get(a->app->store, key, NULL);
    if (!r) {
        em_resp_empty(a->resp, 204);
        return;
    }
    json_decref(r);
    if (!em_arm_tx_begin(a))
        return;
    int rc = em_res_delete(a->app->store, key);
    if (cascade) {
        char *under = em_printf("%s/", key);
        rc |= em_res_delete_under(a->app->store, under);
        free(under);
    }
    if (em_arm_tx_end(a, rc))
        em_resp_empty(a->resp, 200);
}

/* Versions in creation order, or newest first with $orderBy=createdtime
 * desc (azure-ai-ml's @latest: $orderBy=createdtime desc&$top=1);
 * modifiedtime orders as createdtime (versions are seldom updated). */
static void list_versions(em_arm *a, const char *ckey, const char *vkind)
{
    const char *ob = em_req_query(a->req, "$orderBy");
    if (!ob || !strcasestr(ob, "desc") || strcmp(a->req->method, "GET") != 0) {
        em_arm_list_collection(a, ckey, vkind);
        return;
    }
    int offset, limit;
    em_arm_page(a, &offset, &limit);
    int total = em_res_count(a->app->store, ckey, vkind);
    int hi = total - offset < 0 ? 0 : total - offset;
    int lo = hi - limit < 0 ? 0 : hi - limit;
    bool more;
    json_t *page = hi > lo ? em_res_list(a->app->store, ckey, vkind, lo, hi - lo, &more)
                           : json_array();
    json_t *items = json_array();
    for (size_t i = json_array_size(page); i > 0; i--)
        json_array_append(items, json_array_get(page, i - 1));
    json_decref(page);
    em_arm_list_response(a, items, lo > 0, offset, limit);
}

void em_arm_assets(em_arm *a, const char *collection)
{
    const kind *k = kind_of(collection);
    const char *m = a->req->method;
    if (a->nseg == 1) {
        em_arm_list_collection(a, a->ws_key, k->collection);
        return;
    }
    const char *name = a->seg[1];
    if (!em_valid_asset_name(name) || (is_data(k) && !em_valid_data_name(name))) {
        em_resp_arm_error(a->resp, 400, "InvalidResourceName",
                          "Asset names are 1-255 characters of letters, digits, '.', '_' and '-', "
                          "starting with a letter or digit.",
                          "name");
        return;
    }
    char *ckey = em_arm_child_key(a->ws_key, k->collection, name);
    if (a->nseg == 2) {
        if (strcmp(m, "GET") == 0)
            em_arm_get_resource(a, ckey, k->collection, name);
        else if (strcmp(m, "PUT") == 0)
            put_container(a, k, name, ckey);
        else if (strcmp(m, "DELETE") == 0)
            delete_key(a, ckey, true);
        else
            em_arm_method_not_allowed(a);
    } else if (strcasecmp(a->seg[2], "versions") != 0 || a->nseg > 4) {
        em_resp_arm_error(a->resp, 404, "InvalidResourceType",
                          "The resource type is not served under this asset.", NULL);
    } else if (a->nseg == 3) {
        list_versions(a, ckey, k->version_kind);
    } else {
        const char *version = a->seg[3];
        char *vkey = em_arm_child_key(ckey, "versions", version);
        char *tp = em_printf("%s/%s/versions", k->collection, name);
        if (!em_valid_asset_name(version))
            em_resp_arm_error(a->resp, 400, "InvalidResourceName",
                              "Asset versions are 1-255 characters of letters, digits, '.', '_' "
                              "and '-'.",
                              "version");
        else if (strcmp(m, "GET") == 0)
            em_arm_get_resource(a, vkey, tp, version);
        else if (strcmp(m, "PUT") == 0)
            put_version(a, k, name, ckey, version, vkey);
        else if (strcmp(m, "DELETE") == 0)
            delete_key(a, vkey, false);
        else
            em_arm_method_not_allowed(a);
        free(tp);
        free(vkey);
    }
    free(ckey);
}
