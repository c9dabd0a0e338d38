/* The datastores the emulator serves: the two every workspace has
 * (workspaceblobstore, the default, and workspaceartifactstore) plus those
 * given by --datastore NAME:CONTAINER[:AccountKey|Sas|None]. Each is one blob
 * container of the emulator's storage account and one folder,
 * DATASTORE_DIR/<name>, so that blob <container>/<path> is the file
 * DATASTORE_DIR/<name>/<path>. Built once at start, read-only afterwards. */
#ifndef EM_DS_REGISTRY_H
#define EM_DS_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

typedef enum em_cred_type {
    EM_CRED_ACCOUNT_KEY,
    EM_CRED_SAS,
    EM_CRED_NONE, /* identity-based: the client sends a bearer token */
} em_cred_type;

typedef struct em_ds_def {
    char *name;
    char *container;
    em_cred_type cred;
    bool is_default;
} em_ds_def;

#define EM_MAX_DATASTORES (EM_MAX_LIST + 2)

typedef struct em_ds_registry {
    em_ds_def v[EM_MAX_DATASTORES];
    int n;
    char *account;
    unsigned char *key; /* the decoded account key */
    size_t key_len;
} em_ds_registry;

/* From the configuration; -1 with *err (caller frees) on a bad flag. */
int em_ds_registry_init(em_ds_registry *r, const em_config *cfg, char **err);
void em_ds_registry_free(em_ds_registry *r);
/* By datastore name (case-insensitive, as ARM names are); NULL if none. */
const em_ds_def *em_ds_by_name(const em_ds_registry *r, const char *name);
/* By container name (exact); NULL if none. */
const em_ds_def *em_ds_by_container(const em_ds_registry *r, const char *container);
/* "AccountKey", "Sas", "None". */
const char *em_cred_name(em_cred_type t);
/* A blob container name: 3-63 of [a-z0-9-], starting and ending with a
 * letter or digit, no "--". */
bool em_container_name_ok(const char *s);

#endif
