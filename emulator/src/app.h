/* The emulator instance: configuration plus every long-lived component. One
 * em_app is shared by all request threads; each component documents its own
 * locking. */
#ifndef EM_APP_H
#define EM_APP_H

#include "config.h"
#include "ds_registry.h"
#include "jwt.h"
#include "store.h"

struct em_faults;
struct em_recorder;
struct em_runner;
struct em_token_cache;

typedef struct em_app {
    em_config cfg;
    char base_url[512];       /* scheme://host:port, no trailing slash */
    char host_port[300];      /* authority part of base_url (instance discovery) */
    char *data_dir_abs;
    char *ca_path;            /* CA certificate clients must trust (TLS), else NULL */
    char *datastore_dir;      /* absolute root of the local datastores (datastore.h) */
    char *scratch_dir;        /* temporary folder of an in-memory emulator, removed at exit */
    em_ds_registry datastores; /* datastores, storage account and key (ds_registry.h) */
    em_store *store;
    em_signer signer;
    em_pubkey client_certs[EM_MAX_LIST];
    int n_client_certs;
    em_pubkey federated_keys[EM_MAX_LIST];
    int n_federated_keys;
    struct em_faults *faults;
    struct em_recorder *recorder;
    struct em_token_cache *tokens;
    struct em_runner *runner; /* batch jobs (runner.h); NULL until started */
} em_app;

#endif
