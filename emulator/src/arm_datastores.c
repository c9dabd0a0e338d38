/* ARM datastores ({P}/datastores): the emulator's fixed set (ds_registry.h)
 * as AzureBlob datastores of its own storage account, whose endpoint is the
 * emulator itself (host:port, protocol http or https), with listSecrets
 * answering a working account key or container SAS. Secrets are never in a
 * GET: only the credentials' discriminators are. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arm.h"
#include "sas.h"
#include "util.h"

/* How long a SAS handed out by listSecrets stays valid. */
#define SAS_LIFETIME_MS (7LL * 24 * 3600 * 1000)

static json_t *credentials(em_cred_type t)
{
    if (t == EM_CRED_NONE)
        return json_pack("{s:s}", "credentialsType", "None");
    return json_pack("{s:s, s:{s:s}}", "credentialsType", em_cred_name(t), "secrets",
                     "secretsType", em_cred_name(t));
}

static json_t *datastore_body(em_arm *a, const em_ds_def *d)
{
    char *id = em_printf("%s/datastores/%s", a->ws_id, d->name);
    json_t *props = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:s, s:s, s:s, s:n, s:{}, s:{}}", "datastoreType",
        "AzureBlob", "accountName", a->app->datastores.account, "containerName", d->container,
        "endpoint", a->app->host_port, "protocol", a->app->cfg.tls ? "https" : "http",
        "credentials", credentials(d->cred), "isDefault", d->is_default,
        "serviceDataAccessAuthIdentity", "None", "subscriptionId", a->sub, "resourceGroup", a->rg,
        "description", "tags", "properties");
    json_t *r = json_pack("{s:s, s:s, s:s, s:o}", "id", id, "name", d->name, "type",
                          EM_RP "/workspaces/datastores", "properties", props);
    free(id);
    return r;
}

static void list(em_arm *a)
{
    const char *want = em_req_query(a->req, "isDefault");
    int filter = -1;
    if (want && *want) {
        if (strcasecmp(want, "true") == 0) {
            filter = 1;
        } else if (strcasecmp(want, "false") == 0) {
            filter = 0;
        } else {
            em_resp_arm_error(a->resp, 400, "InvalidQueryParameterValue",
                              "isDefault must be true or false.", "isDefault");
            return;
        }
    }
    int offset, limit;
    em_arm_page(a, &offset, &limit);
    json_t *items = json_array();
    int seen = 0;
    bool more = false;
    const em_ds_registry *r = &a->app->datastores;
    for (int i = 0; i < r->n; i++) {
        if (filter >= 0 && r->v[i].is_default != (filter == 1))
            continue;
        if (seen++ < offset)
            continue;
        if ((int)json_array_size(items) == limit) {
            more = true;
            break;
        }
        json_array_append_new(items, datastore_body(a, &r->v[i]));
    }
    em_arm_list_response(a, items, more, offset, limit);
}

static void list_secrets(em_arm *a, const em_ds_def *d)
{
    const em_ds_registry *r = &a->app->datastores;
    if (d->cred == EM_CRED_ACCOUNT_KEY) {
        char *key = em_b64_encode(r->key, r->key_len);
        em_resp_json(a->resp, 200,
                     json_pack("{s:s, s:s}", "secretsType", "AccountKey", "key", key));
        free(key);
    } else if (d->cred == EM_CRED_SAS) {
        char *tok = em_sas_container_token(r, d->container, "racwdl",
                                           em_now_ms() + SAS_LIFETIME_MS);
        em_resp_json(a->resp, 200, json_pack("{s:s, s:s}", "secretsType", "Sas", "sasToken", tok));
        free(tok);
    } else {
        /* DatastoreSecrets has no "None" kind: a credential-less datastore
         * has nothing to list (clients use their own identity). */
        em_arm_user_error(a, "credentials", "NoSecrets",
                          "The datastore '%s' has credentials of type None (identity-based "
                          "access): it has no secrets to list. Authorize with a token for "
                          "https://storage.azure.com/.default.",
                          d->name);
    }
}

void em_arm_datastores(em_arm *a)
{
    const char *m = a->req->method;
    if (a->nseg == 1) {
        if (strcmp(m, "GET") == 0)
            list(a);
        else
            em_arm_method_not_allowed(a);
        return;
    }
    const em_ds_def *d = em_ds_by_name(&a->app->datastores, a->seg[1]);
    if (a->nseg == 2) {
        if (strcmp(m, "GET") != 0)
            em_arm_method_not_allowed(a);
        else if (!d)
            em_arm_not_found(a, "datastores", a->seg[1]);
        else
            em_resp_json(a->resp, 200, datastore_body(a, d));
        return;
    }
    if (a->nseg == 3 && strcasecmp(a->seg[2], "listSecrets") == 0) {
        if (strcmp(m, "POST") != 0)
            em_arm_method_not_allowed(a);
        else if (!d)
            em_arm_not_found(a, "datastores", a->seg[1]);
        else
            list_secrets(a, d);
        return;
    }
    em_resp_arm_error(a->resp, 404, "InvalidResourceType",
                      "The resource type is not served under a datastore.", NULL);
}
