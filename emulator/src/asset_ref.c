#include "asset_ref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static char *version_key(const char *ws_key, const char *collection, const char *name,
                         size_t name_len, const char *version)
{
    char *id = em_printf("%s/%s/%.*s/versions/%s", ws_key, collection, (int)name_len, name,
                         version);
    char *k = em_lower(id);
    free(id);
    return k;
}

char *em_asset_key(const char *ws_key, const char *collection, const char *ref)
{
    if (em_starts_with(ref, "azureml:/subscriptions/"))
        ref += strlen("azureml:");
    if (em_starts_with_ci(ref, "/subscriptions/")) {
        char *k = em_lower(ref);
        size_t n = strlen(k);
        while (n > 0 && k[n - 1] == '/')
            k[--n] = '\0';
        return k;
    }
    if (em_starts_with(ref, "azureml:") && !em_starts_with(ref, "azureml://"))
        ref += strlen("azureml:");
    const char *colon = strchr(ref, ':');
    if (!colon || strchr(ref, '/'))
        return NULL;
    return version_key(ws_key, collection, ref, (size_t)(colon - ref), colon + 1);
}

/* azureml://[locations/..|subscriptions/..]/data/<name>/versions/<v>: the
 * key in this workspace (the emulator has one data registry per
 * workspace it is asked from). */
static char *asset_id_uri_key(const char *ws_key, const char *uri)
{
    if (!em_starts_with(uri, "azureml://") || strstr(uri, "/datastores/"))
        return NULL;
    const char *d = strstr(uri + strlen("azureml:/"), "/data/");
    if (!d)
        return NULL;
    const char *name = d + strlen("/data/");
    size_t n = strcspn(name, "/");
    if (strncmp(name + n, "/versions/", 10) != 0)
        return NULL;
    const char *v = name + n + 10;
    if (!*v || strchr(v, '/'))
        return NULL;
    return version_key(ws_key, "data", name, n, v);
}

/* The newest version of a data asset (azureml:<name>@latest). */
static char *latest_key(em_store *st, const char *ws_key, const char *name, size_t n)
{
    char *id = em_printf("%s/data/%.*s", ws_key, (int)n, name);
    char *ckey = em_lower(id);
    free(id);
    int total = em_res_count(st, ckey, "dataVersions");
    bool more;
    json_t *last = total > 0 ? em_res_list(st, ckey, "dataVersions", total - 1, 1, &more) : NULL;
    const char *v = json_string_value(json_object_get(json_array_get(last, 0), "name"));
    char *k = v ? version_key(ws_key, "data", name, n, v) : NULL;
    json_decref(last);
    free(ckey);
    return k;
}

int em_data_asset_uri(em_store *st, const char *ws_key, const char *uri, char **data_uri,
                      char **err)
{
    *data_uri = NULL;
    *err = NULL;
    char *key = NULL;
    const char *bare = em_starts_with(uri, "azureml:") && !em_starts_with(uri, "azureml://") &&
                               !em_starts_with(uri, "azureml:/")
                           ? uri + strlen("azureml:")
                           : NULL;
    const char *at = bare ? strchr(bare, '@') : NULL;
    if (at && strcmp(at, "@latest") == 0 && !strchr(bare, '/')) {
        key = latest_key(st, ws_key, bare, (size_t)(at - bare));
        if (!key) {
            *err = em_printf("The data asset '%.*s' has no versions (referenced as '%s').",
                             (int)(at - bare), bare, uri);
            return -1;
        }
    } else if (strstr(uri, "/data/") && strstr(uri, "/versions/") &&
               (em_starts_with_ci(uri, "/subscriptions/") ||
                em_starts_with(uri, "azureml:/subscriptions/"))) {
        key = em_asset_key(ws_key, "data", uri);
    } else if (bare && strchr(bare, ':') && !strchr(bare, '/')) {
        key = em_asset_key(ws_key, "data", uri);
    } else {
        key = asset_id_uri_key(ws_key, uri);
    }
    if (!key)
        return 0;
    json_t *asset = em_res_get(st, key, NULL);
    free(key);
    const char *du = json_string_value(
        json_object_get(json_object_get(asset, "properties"), "dataUri"));
    if (!du) {
        *err = em_printf("The data asset '%s' was not found in the workspace: create it with PUT "
                         "{workspace}/data/{name}/versions/{version} before invoking.",
                         uri);
        json_decref(asset);
        return -1;
    }
    *data_uri = em_xstrdup(du);
    json_decref(asset);
    return 1;
}
