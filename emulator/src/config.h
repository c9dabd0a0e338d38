/* Command-line configuration of aml-emulator. Every flag is documented in
 * emulator/README.md and by --help (usage text lives next to the parser so the
 * two cannot drift apart). */
#ifndef EM_CONFIG_H
#define EM_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#define EM_MAX_LIST 16

/* The storage account every datastore lives in, and its fixed development
 * key (base64 of 64 bytes; documented in README.md, like Azurite's). */
#define EM_DEFAULT_STORAGE_ACCOUNT "amlemulator"
#define EM_DEFAULT_STORAGE_KEY                                                                     \
    "sSvayunFE1kUevVd+ajGtxW/w6ITfabHLJ1LfgKHvZUyDJkIWQnbWlFVhfka+4aEPQuDxg0bZdwAkCyE3q8hEg=="

typedef struct em_config {
    /* network */
    char *host;            /* bind address */
    int port;              /* 0 = pick a free port */
    char *public_url;      /* base URL advertised to clients; derived when NULL */
    int threads;           /* 0 = one thread per connection, N = pool of N with epoll */
    int connection_timeout_s;
    /* TLS */
    bool tls;
    char *tls_cert;        /* PEM server certificate (chain) to use instead of generating */
    char *tls_key;
    char *ca_out;          /* where to write the generated CA certificate */
    /* state */
    char *data_dir;        /* NULL = in-memory */
    bool sync_full;        /* SQLite synchronous=FULL (default) or NORMAL */
    /* batch jobs */
    char *datastore_dir;   /* NULL = DATA_DIR/datastores, or a temporary folder */
    char *python;          /* interpreter of the workers (default python3 on PATH) */
    int job_start_delay_ms; /* time a job stays NotStarted before it runs */
    int max_running_jobs;
    /* storage (Blob service and datastores, ds_registry.h) */
    char *datastores[EM_MAX_LIST]; /* NAME:CONTAINER[:AccountKey|Sas|None] */
    int n_datastores;
    char *storage_account;  /* account name of every datastore */
    char *storage_key;      /* base64 account key */
    /* ARM identity of the default workspace */
    char *subscription;
    char *resource_group;
    char *workspace;
    char *location;
    char *extra_workspaces[EM_MAX_LIST]; /* "name" or "sub/rg/name" */
    int n_extra_workspaces;
    bool auto_workspace;   /* create workspaces on first use */
    /* Entra ID */
    char *tenant;
    char *client_id;
    char *client_secret;
    char *client_certs[EM_MAX_LIST];
    int n_client_certs;
    char *federated_keys[EM_MAX_LIST];
    int n_federated_keys;
    char *federated_issuer;  /* NULL = any issuer */
    char *federated_subject; /* NULL = any subject */
    char *mi_client_id;
    char *identity_header; /* App Service form: the X-IDENTITY-HEADER value */
    char *arc_key_dir;     /* Azure Arc challenge files; NULL = {data or scratch dir}/arc-tokens */
    bool auth_permissive;
    int token_lifetime_s;
    int clock_skew_s;
    /* behaviour */
    int provisioning_delay_ms;
    int retry_after_s;      /* -1 = derived from provisioning delay */
    int page_size;
    int record_limit;
    char *faults[EM_MAX_LIST];
    int n_faults;
    uint64_t fault_seed;
    /* start-up outputs */
    char *port_file;
    char *env_file;
    bool print_env_only;
    bool quiet;
    bool log_requests;
} em_config;

/* Returns 0 on success, 1 when the program should exit 0 (--help/--version),
 * -1 on a usage error (message already printed). */
int em_config_parse(em_config *cfg, int argc, char **argv);
void em_config_free(em_config *cfg);

#endif
