#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define EM_VERSION "0.1.0"

static const char USAGE[] =
    "Usage: aml-emulator [options]\n"
    "A local stand-in for the Azure Machine Learning service (ARM + Entra ID + IMDS).\n"
    "\n"
    "Network:\n"
    "  --host ADDR               bind address (default 127.0.0.1)\n"
    "  --port N                  port; 0 picks a free one (default 10080)\n"
    "  --public-url URL          base URL advertised to clients (default scheme://host:port)\n"
    "  --threads N               0 = a thread per connection (default); N = epoll pool of N\n"
    "  --connection-timeout-s N  idle keep-alive timeout (default 120)\n"
    "TLS:\n"
    "  --tls                     serve HTTPS; generates a CA + server certificate unless given\n"
    "  --tls-cert FILE --tls-key FILE  use this PEM certificate (chain) and key\n"
    "  --ca-out FILE             write the generated CA certificate here\n"
    "State:\n"
    "  --data-dir DIR            persist state in DIR/emulator.db (default: in memory)\n"
    "  --in-memory               keep state in memory (the default without --data-dir)\n"
    "  --sync full|normal        SQLite durability (default full)\n"
    "Batch jobs:\n"
    "  --datastore-dir DIR       local root of the datastores: azureml://datastores/<ds>/paths/<p>\n"
    "                            is DIR/<ds>/<p> (default DATA_DIR/datastores, else a temporary\n"
    "                            folder removed at exit)\n"
    "  --python PATH             interpreter of the batch workers (default python3 on PATH)\n"
    "  --job-start-delay-ms N    time a job stays NotStarted before it runs (default 1000)\n"
    "  --max-running-jobs N      jobs run at the same time; others wait (default 4)\n"
    "Storage (the Blob service at {base}/{account}/{container}/{blob}):\n"
    "  --datastore NAME:CONTAINER[:AccountKey|Sas|None]  another datastore (repeatable; its\n"
    "                            folder is DATASTORE_DIR/NAME; credentials default AccountKey)\n"
    "  --storage-account NAME    storage account name of the datastores (default amlemulator)\n"
    "  --storage-key BASE64      its account key (default: the documented development key)\n"
    "Workspace:\n"
    "  --subscription ID         default subscription (00000000-0000-0000-0000-000000000001)\n"
    "  --resource-group NAME     default resource group (aml-emulator-rg)\n"
    "  --workspace NAME          default workspace (aml-emulator-ws)\n"
    "  --add-workspace SPEC      another workspace: NAME or SUB/RG/NAME (repeatable)\n"
    "  --location NAME           Azure region reported (eastus)\n"
    "  --no-auto-workspace       404 for unknown workspaces instead of creating them on first use\n"
    "Identity:\n"
    "  --tenant ID               tenant id (00000000-0000-0000-0000-0000000000aa)\n"
    "  --client-id ID            app (client) id (00000000-0000-0000-0000-0000000000c1)\n"
    "  --client-secret SECRET    client secret (emulator-client-secret)\n"
    "  --client-cert FILE        PEM certificate/public key for client assertions (repeatable)\n"
    "  --federated-key FILE      PEM certificate/public key of a federated issuer (repeatable)\n"
    "  --federated-issuer ISS    required 'iss' of federated assertions (default: any)\n"
    "  --federated-subject SUB   required 'sub' of federated assertions (default: any)\n"
    "  --mi-client-id ID         client id of the managed identity served by IMDS\n"
    "  --identity-header S       X-IDENTITY-HEADER the App Service form requires\n"
    "  --arc-key-dir DIR         folder of the Azure Arc challenge files\n"
    "  --auth strict|permissive  token checking (default strict)\n"
    "  --token-lifetime-s N      lifetime of issued tokens (default 3599)\n"
    "  --clock-skew-s N          tolerance for exp/nbf checks (default 0)\n"
    "Behaviour:\n"
    "  --provisioning-delay-ms N time a create/update/delete takes (default 1000; 0 for tests)\n"
    "  --retry-after-s N         Retry-After on LRO responses (default: ceil(delay), 0..60)\n"
    "  --page-size N             items per page of list results (default 100)\n"
    "  --record-limit N          requests kept for GET /_emulator/requests (default 10000, 0 = off)\n"
    "  --fault SPEC              inject a fault, e.g. status=503,count=2 (repeatable; see README)\n"
    "  --fault-seed N            seed of the fault PRNG (default 1)\n"
    "Start-up:\n"
    "  --port-file FILE          write the bound port to FILE once listening\n"
    "  --env-file FILE           write 'export VAR=...' lines to FILE once listening\n"
    "  --print-env               print the client environment and exit (needs a fixed --port)\n"
    "  --quiet                   do not print the environment on start (READY line still printed)\n"
    "  --log-requests            log one line per request to stderr (never tokens or bodies)\n"
    "  --help, --version\n";

enum {
    OPT_HOST = 256, OPT_PORT, OPT_PUBLIC_URL, OPT_THREADS, OPT_CONN_TIMEOUT, OPT_TLS, OPT_TLS_CERT,
    OPT_TLS_KEY, OPT_CA_OUT, OPT_DATA_DIR, OPT_IN_MEMORY, OPT_SYNC, OPT_SUB, OPT_RG, OPT_WS,
    OPT_ADD_WS, OPT_LOCATION, OPT_NO_AUTO_WS, OPT_TENANT, OPT_CLIENT_ID, OPT_CLIENT_SECRET,
    OPT_CLIENT_CERT, OPT_FED_KEY, OPT_FED_ISS, OPT_FED_SUB, OPT_MI_CLIENT_ID, OPT_IDENTITY_HEADER, OPT_ARC_KEY_DIR, OPT_AUTH,
    OPT_TOKEN_LIFETIME, OPT_CLOCK_SKEW, OPT_PROV_DELAY, OPT_RETRY_AFTER, OPT_PAGE_SIZE,
    OPT_RECORD_LIMIT, OPT_FAULT, OPT_FAULT_SEED, OPT_PORT_FILE, OPT_ENV_FILE, OPT_PRINT_ENV,
    OPT_QUIET, OPT_LOG_REQUESTS, OPT_HELP, OPT_VERSION, OPT_DATASTORE_DIR, OPT_PYTHON,
    OPT_JOB_START_DELAY, OPT_MAX_RUNNING_JOBS, OPT_DATASTORE, OPT_STORAGE_ACCOUNT,
    OPT_STORAGE_KEY
};

static const struct option LONGOPTS[] = {
    {"host", required_argument, 0, OPT_HOST},
    {"port", required_argument, 0, OPT_PORT},
    {"public-url", required_argument, 0, OPT_PUBLIC_URL},
    {"threads", required_argument, 0, OPT_THREADS},
    {"connection-timeout-s", required_argument, 0, OPT_CONN_TIMEOUT},
    {"tls", no_argument, 0, OPT_TLS},
    {"tls-cert", required_argument, 0, OPT_TLS_CERT},
    {"tls-key", required_argument, 0, OPT_TLS_KEY},
    {"ca-out", required_argument, 0, OPT_CA_OUT},
    {"data-dir", required_argument, 0, OPT_DATA_DIR},
    {"in-memory", no_argument, 0, OPT_IN_MEMORY},
    {"sync", required_argument, 0, OPT_SYNC},
    {"datastore-dir", required_argument, 0, OPT_DATASTORE_DIR},
    {"python", required_argument, 0, OPT_PYTHON},
    {"datastore", required_argument, 0, OPT_DATASTORE},
    {"storage-account", required_argument, 0, OPT_STORAGE_ACCOUNT},
    {"storage-key", required_argument, 0, OPT_STORAGE_KEY},
    {"job-start-delay-ms", required_argument, 0, OPT_JOB_START_DELAY},
    {"max-running-jobs", required_argument, 0, OPT_MAX_RUNNING_JOBS},
    {"subscription", required_argument, 0, OPT_SUB},
    {"resource-group", required_argument, 0, OPT_RG},
    {"workspace", required_argument, 0, OPT_WS},
    {"add-workspace", required_argument, 0, OPT_ADD_WS},
    {"location", required_argument, 0, OPT_LOCATION},
    {"no-auto-workspace", no_argument, 0, OPT_NO_AUTO_WS},
    {"tenant", required_argument, 0, OPT_TENANT},
    {"client-id", required_argument, 0, OPT_CLIENT_ID},
    {"client-secret", required_argument, 0, OPT_CLIENT_SECRET},
    {"client-cert", required_argument, 0, OPT_CLIENT_CERT},
    {"federated-key", required_argument, 0, OPT_FED_KEY},
    {"federated-issuer", required_argument, 0, OPT_FED_ISS},
    {"federated-subject", required_argument, 0, OPT_FED_SUB},
    {"mi-client-id", required_argument, 0, OPT_MI_CLIENT_ID},
    {"identity-header", required_argument, 0, OPT_IDENTITY_HEADER},
    {"arc-key-dir", required_argument, 0, OPT_ARC_KEY_DIR},
    {"auth", required_argument, 0, OPT_AUTH},
    {"token-lifetime-s", required_argument, 0, OPT_TOKEN_LIFETIME},
    {"clock-skew-s", required_argument, 0, OPT_CLOCK_SKEW},
    {"provisioning-delay-ms", required_argument, 0, OPT_PROV_DELAY},
    {"retry-after-s", required_argument, 0, OPT_RETRY_AFTER},
    {"page-size", required_argument, 0, OPT_PAGE_SIZE},
    {"record-limit", required_argument, 0, OPT_RECORD_LIMIT},
    {"fault", required_argument, 0, OPT_FAULT},
    {"fault-seed", required_argument, 0, OPT_FAULT_SEED},
    {"port-file", required_argument, 0, OPT_PORT_FILE},
    {"env-file", required_argument, 0, OPT_ENV_FILE},
    {"print-env", no_argument, 0, OPT_PRINT_ENV},
    {"quiet", no_argument, 0, OPT_QUIET},
    {"log-requests", no_argument, 0, OPT_LOG_REQUESTS},
    {"help", no_argument, 0, OPT_HELP},
    {"version", no_argument, 0, OPT_VERSION},
    {0, 0, 0, 0},
};

static void set_str(char **dst, const char *v)
{
    free(*dst);
    *dst = em_xstrdup(v);
}

static int parse_int(const char *name, const char *v, long lo, long hi, int *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || *end || end == v || x < lo || x > hi) {
        fprintf(stderr, "aml-emulator: --%s expects an integer in [%ld, %ld], got '%s'\n", name,
                lo, hi, v);
        return -1;
    }
    *out = (int)x;
    return 0;
}

static int push(char **arr, int *n, const char *flag, const char *v)
{
    if (*n >= EM_MAX_LIST) {
        fprintf(stderr, "aml-emulator: too many --%s (max %d)\n", flag, EM_MAX_LIST);
        return -1;
    }
    arr[(*n)++] = em_xstrdup(v);
    return 0;
}

int em_config_parse(em_config *cfg, int argc, char **argv)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->host = em_xstrdup("127.0.0.1");
    cfg->port = 10080;
    cfg->connection_timeout_s = 120;
    cfg->sync_full = true;
    cfg->subscription = em_xstrdup("00000000-0000-0000-0000-000000000001");
    cfg->resource_group = em_xstrdup("aml-emulator-rg");
    cfg->workspace = em_xstrdup("aml-emulator-ws");
    cfg->location = em_xstrdup("eastus");
    cfg->auto_workspace = true;
    cfg->tenant = em_xstrdup("00000000-0000-0000-0000-0000000000aa");
    cfg->client_id = em_xstrdup("00000000-0000-0000-0000-0000000000c1");
    cfg->client_secret = em_xstrdup("emulator-client-secret");
    cfg->mi_client_id = em_xstrdup("00000000-0000-0000-0000-0000000000d1");
    cfg->identity_header = em_xstrdup("aml-emulator-identity-header");
    cfg->token_lifetime_s = 3599;
    cfg->provisioning_delay_ms = 1000;
    cfg->retry_after_s = -1;
    cfg->page_size = 100;
    cfg->record_limit = 10000;
    cfg->fault_seed = 1;
    cfg->python = em_xstrdup("python3");
    cfg->job_start_delay_ms = 1000;
    cfg->max_running_jobs = 4;
    cfg->storage_account = em_xstrdup(EM_DEFAULT_STORAGE_ACCOUNT);
    cfg->storage_key = em_xstrdup(EM_DEFAULT_STORAGE_KEY);

    optind = 1;
    int c;
    while ((c = getopt_long(argc, argv, "", LONGOPTS, NULL)) != -1) {
        int rc = 0;
        switch (c) {
        case OPT_HOST: set_str(&cfg->host, optarg); break;
        case OPT_PORT: rc = parse_int("port", optarg, 0, 65535, &cfg->port); break;
        case OPT_PUBLIC_URL: set_str(&cfg->public_url, optarg); break;
        case OPT_THREADS: rc = parse_int("threads", optarg, 0, 256, &cfg->threads); break;
        case OPT_CONN_TIMEOUT:
            rc = parse_int("connection-timeout-s", optarg, 1, 86400, &cfg->connection_timeout_s);
            break;
        case OPT_TLS: cfg->tls = true; break;
        case OPT_TLS_CERT: set_str(&cfg->tls_cert, optarg); cfg->tls = true; break;
        case OPT_TLS_KEY: set_str(&cfg->tls_key, optarg); cfg->tls = true; break;
        case OPT_CA_OUT: set_str(&cfg->ca_out, optarg); break;
        case OPT_DATA_DIR: set_str(&cfg->data_dir, optarg); break;
        case OPT_IN_MEMORY: free(cfg->data_dir); cfg->data_dir = NULL; break;
        case OPT_SYNC:
            if (strcmp(optarg, "full") == 0)
                cfg->sync_full = true;
            else if (strcmp(optarg, "normal") == 0)
                cfg->sync_full = false;
            else {
                fprintf(stderr, "aml-emulator: --sync expects full or normal\n");
                rc = -1;
            }
            break;
        case OPT_DATASTORE_DIR: set_str(&cfg->datastore_dir, optarg); break;
        case OPT_PYTHON: set_str(&cfg->python, optarg); break;
        case OPT_JOB_START_DELAY:
            rc = parse_int("job-start-delay-ms", optarg, 0, 3600000, &cfg->job_start_delay_ms);
            break;
        case OPT_MAX_RUNNING_JOBS:
            rc = parse_int("max-running-jobs", optarg, 1, 64, &cfg->max_running_jobs);
            break;
        case OPT_DATASTORE: rc = push(cfg->datastores, &cfg->n_datastores, "datastore", optarg); break;
        case OPT_STORAGE_ACCOUNT: set_str(&cfg->storage_account, optarg); break;
        case OPT_STORAGE_KEY: set_str(&cfg->storage_key, optarg); break;
        case OPT_SUB: set_str(&cfg->subscription, optarg); break;
        case OPT_RG: set_str(&cfg->resource_group, optarg); break;
        case OPT_WS: set_str(&cfg->workspace, optarg); break;
        case OPT_ADD_WS:
            rc = push(cfg->extra_workspaces, &cfg->n_extra_workspaces, "add-workspace", optarg);
            break;
        case OPT_LOCATION: set_str(&cfg->location, optarg); break;
        case OPT_NO_AUTO_WS: cfg->auto_workspace = false; break;
        case OPT_TENANT: set_str(&cfg->tenant, optarg); break;
        case OPT_CLIENT_ID: set_str(&cfg->client_id, optarg); break;
        case OPT_CLIENT_SECRET: set_str(&cfg->client_secret, optarg); break;
        case OPT_CLIENT_CERT:
            rc = push(cfg->client_certs, &cfg->n_client_certs, "client-cert", optarg);
            break;
        case OPT_FED_KEY:
            rc = push(cfg->federated_keys, &cfg->n_federated_keys, "federated-key", optarg);
            break;
        case OPT_FED_ISS: set_str(&cfg->federated_issuer, optarg); break;
        case OPT_FED_SUB: set_str(&cfg->federated_subject, optarg); break;
        case OPT_MI_CLIENT_ID: set_str(&cfg->mi_client_id, optarg); break;
        case OPT_IDENTITY_HEADER: set_str(&cfg->identity_header, optarg); break;
        case OPT_ARC_KEY_DIR: set_str(&cfg->arc_key_dir, optarg); break;
        case OPT_AUTH:
            if (strcmp(optarg, "strict") == 0)
                cfg->auth_permissive = false;
            else if (strcmp(optarg, "permissive") == 0)
                cfg->auth_permissive = true;
            else {
                fprintf(stderr, "aml-emulator: --auth expects strict or permissive\n");
                rc = -1;
            }
            break;
        case OPT_TOKEN_LIFETIME:
            rc = parse_int("token-lifetime-s", optarg, 1, 7 * 86400, &cfg->token_lifetime_s);
            break;
        case OPT_CLOCK_SKEW: rc = parse_int("clock-skew-s", optarg, 0, 3600, &cfg->clock_skew_s); break;
        case OPT_PROV_DELAY:
            rc = parse_int("provisioning-delay-ms", optarg, 0, 3600000, &cfg->provisioning_delay_ms);
            break;
        case OPT_RETRY_AFTER: rc = parse_int("retry-after-s", optarg, 0, 600, &cfg->retry_after_s); break;
        case OPT_PAGE_SIZE: rc = parse_int("page-size", optarg, 1, 10000, &cfg->page_size); break;
        case OPT_RECORD_LIMIT:
            rc = parse_int("record-limit", optarg, 0, 1000000, &cfg->record_limit);
            break;
        case OPT_FAULT: rc = push(cfg->faults, &cfg->n_faults, "fault", optarg); break;
        case OPT_FAULT_SEED: cfg->fault_seed = strtoull(optarg, NULL, 10); break;
        case OPT_PORT_FILE: set_str(&cfg->port_file, optarg); break;
        case OPT_ENV_FILE: set_str(&cfg->env_file, optarg); break;
        case OPT_PRINT_ENV: cfg->print_env_only = true; break;
        case OPT_QUIET: cfg->quiet = true; break;
        case OPT_LOG_REQUESTS: cfg->log_requests = true; break;
        case OPT_HELP: fputs(USAGE, stdout); return 1;
        case OPT_VERSION: printf("aml-emulator %s\n", EM_VERSION); return 1;
        default: fputs(USAGE, stderr); return -1;
        }
        if (rc < 0)
            return -1;
    }
    if (optind < argc) {
        fprintf(stderr, "aml-emulator: unexpected argument '%s'\n", argv[optind]);
        return -1;
    }
    if ((cfg->tls_cert == NULL) != (cfg->tls_key == NULL)) {
        fprintf(stderr, "aml-emulator: --tls-cert and --tls-key go together\n");
        return -1;
    }
    if (cfg->print_env_only && cfg->port == 0 && !cfg->public_url) {
        fprintf(stderr, "aml-emulator: --print-env needs a fixed --port (or --public-url); "
                        "with --port 0 use --env-file\n");
        return -1;
    }
    if (cfg->retry_after_s < 0) {
        int s = (cfg->provisioning_delay_ms + 999) / 1000;
        cfg->retry_after_s = s > 60 ? 60 : s;
    }
    return 0;
}

void em_config_free(em_config *cfg)
{
    free(cfg->host);
    free(cfg->public_url);
    free(cfg->tls_cert);
    free(cfg->tls_key);
    free(cfg->ca_out);
    free(cfg->data_dir);
    free(cfg->datastore_dir);
    free(cfg->python);
    for (int i = 0; i < cfg->n_datastores; i++)
        free(cfg->datastores[i]);
    free(cfg->storage_account);
    free(cfg->storage_key);
    free(cfg->subscription);
    free(cfg->resource_group);
    free(cfg->workspace);
    free(cfg->location);
    for (int i = 0; i < cfg->n_extra_workspaces; i++)
        free(cfg->extra_workspaces[i]);
    free(cfg->tenant);
    free(cfg->client_id);
    free(cfg->client_secret);
    for (int i = 0; i < cfg->n_client_certs; i++)
        free(cfg->client_certs[i]);
    for (int i = 0; i < cfg->n_federated_keys; i++)
        free(cfg->federated_keys[i]);
    free(cfg->federated_issuer);
    free(cfg->federated_subject);
    free(cfg->mi_client_id);
    free(cfg->identity_header);
    free(cfg->arc_key_dir);
    for (int i = 0; i < cfg->n_faults; i++)
        free(cfg->faults[i]);
    free(cfg->port_file);
    free(cfg->env_file);
    memset(cfg, 0, sizeof *cfg);
}
