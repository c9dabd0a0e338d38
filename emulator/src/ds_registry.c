#include "ds_registry.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "storage_crypto.h"
#include "util.h"
#include "validate.h"

const char *em_cred_name(em_cred_type t)
{
    return t == EM_CRED_SAS ? "Sas" : t == EM_CRED_NONE ? "None" : "AccountKey";
}

bool em_container_name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 63 || s[0] == '-' || s[n - 1] == '-')
        return false;
    for (size_t i = 0; i < n; i++) {
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-'))
            return false;
        if (s[i] == '-' && s[i + 1] == '-')
            return false;
    }
    return true;
}

static int add(em_ds_registry *r, const char *name, const char *container, em_cred_type cred,
               bool is_default, char **err)
{
    if (!em_valid_data_name(name)) {
        *err = em_printf("--datastore: '%s' is not a datastore name (letters, digits, '-', '_')",
                         name);
        return -1;
    }
    if (!em_container_name_ok(container)) {
        *err = em_printf("--datastore: '%s' is not a blob container name (3-63 lower-case "
                         "letters, digits and single hyphens)",
                         container);
        return -1;
    }
    if (em_ds_by_name(r, name) || em_ds_by_container(r, container)) {
        *err = em_printf("--datastore %s:%s: the name or the container is taken (each datastore "
                         "has its own container)",
                         name, container);
        return -1;
    }
    if (r->n >= EM_MAX_DATASTORES) {
        *err = em_xstrdup("too many datastores");
        return -1;
    }
    em_ds_def *d = &r->v[r->n++];
    d->name = em_xstrdup(name);
    d->container = em_xstrdup(container);
    d->cred = cred;
    d->is_default = is_default;
    return 0;
}

static int add_spec(em_ds_registry *r, const char *spec, char **err)
{
    char *copy = em_xstrdup(spec);
    char *name = copy, *container = strchr(copy, ':'), *cred = NULL;
    int rc = -1;
    if (container) {
        *container++ = '\0';
        cred = strchr(container, ':');
        if (cred)
            *cred++ = '\0';
    }
    em_cred_type t = EM_CRED_ACCOUNT_KEY;
    if (!container) {
        *err = em_printf("--datastore expects NAME:CONTAINER[:AccountKey|Sas|None], got '%s'",
                         spec);
    } else if (cred && strcasecmp(cred, "AccountKey") != 0 && strcasecmp(cred, "Sas") != 0 &&
               strcasecmp(cred, "None") != 0) {
        *err = em_printf("--datastore %s: credentials are AccountKey, Sas or None", spec);
    } else {
        if (cred && strcasecmp(cred, "Sas") == 0)
            t = EM_CRED_SAS;
        else if (cred && strcasecmp(cred, "None") == 0)
            t = EM_CRED_NONE;
        rc = add(r, name, container, t, false, err);
    }
    free(copy);
    return rc;
}

int em_ds_registry_init(em_ds_registry *r, const em_config *cfg, char **err)
{
    memset(r, 0, sizeof *r);
    r->account = em_xstrdup(cfg->storage_account);
    size_t n = strlen(r->account);
    bool account_ok = n >= 3 && n <= 24;
    for (size_t i = 0; i < n; i++)
        if (!islower((unsigned char)r->account[i]) && !isdigit((unsigned char)r->account[i]))
            account_ok = false;
    if (!account_ok) {
        *err = em_printf("--storage-account '%s': 3-24 lower-case letters and digits",
                         cfg->storage_account);
        return -1;
    }
    r->key = em_b64_decode(cfg->storage_key, &r->key_len);
    if (!r->key || r->key_len == 0) {
        *err = em_xstrdup("--storage-key is not base64");
        return -1;
    }
    if (add(r, "workspaceblobstore", "azureml-blobstore", EM_CRED_ACCOUNT_KEY, true, err) != 0 ||
        add(r, "workspaceartifactstore", "azureml", EM_CRED_ACCOUNT_KEY, false, err) != 0)
        return -1;
    for (int i = 0; i < cfg->n_datastores; i++)
        if (add_spec(r, cfg->datastores[i], err) != 0)
            return -1;
    return 0;
}

void em_ds_registry_free(em_ds_registry *r)
{
    for (int i = 0; i < r->n; i++) {
        free(r->v[i].name);
        free(r->v[i].container);
    }
    free(r->account);
    if (r->key)
        OPENSSL_cleanse(r->key, r->key_len);
    free(r->key);
    memset(r, 0, sizeof *r);
}

const em_ds_def *em_ds_by_name(const em_ds_registry *r, const char *name)
{
    for (int i = 0; i < r->n; i++)
        if (strcasecmp(r->v[i].name, name) == 0)
            return &r->v[i];
    return NULL;
}

const em_ds_def *em_ds_by_container(const em_ds_registry *r, const char *container)
{
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->v[i].container, container) == 0)
            return &r->v[i];
    return NULL;
}
