/* aml-emulator: a local stand-in for Azure Machine Learning (ARM surface,
 * Entra ID token endpoint, IMDS, batch scoring URI). Start-up and shutdown
 * live here; everything else is in the modules named in app.h. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "arm.h"
#include "auth.h"
#include "config.h"
#include "faults.h"
#include "fsutil.h"
#include "recorder.h"
#include "run_state.h"
#include "runner.h"
#include "server.h"
#include "store.h"
#include "tls_cert.h"
#include "util.h"

/* The temporary folder of an in-memory emulator, removed on a fatal error
 * too (app_free removes it on a normal exit). */
static const char *g_scratch;

static void die(const char *msg)
{
    fprintf(stderr, "aml-emulator: %s\n", msg);
    if (g_scratch)
        em_rm_rf(g_scratch);
    exit(2);
}

static void url_host(const char *host, char *out, size_t n)
{
    if (strcmp(host, "0.0.0.0") == 0)
        host = "127.0.0.1";
    else if (strcmp(host, "::") == 0)
        host = "::1";
    if (strchr(host, ':'))
        snprintf(out, n, "[%s]", host);
    else
        snprintf(out, n, "%s", host);
}

static void set_base_url(em_app *app, int port)
{
    if (app->cfg.public_url) {
        snprintf(app->base_url, sizeof app->base_url, "%s", app->cfg.public_url);
        size_t l = strlen(app->base_url);
        while (l > 0 && app->base_url[l - 1] == '/')
            app->base_url[--l] = '\0';
    } else {
        char h[280];
        url_host(app->cfg.host, h, sizeof h);
        snprintf(app->base_url, sizeof app->base_url, "%s://%s:%d",
                 app->cfg.tls ? "https" : "http", h, port);
    }
    const char *p = strstr(app->base_url, "://");
    p = p ? p + 3 : app->base_url;
    snprintf(app->host_port, sizeof app->host_port, "%.*s", (int)strcspn(p, "/"), p);
}

/* 'value' quoted for a POSIX shell. */
static void put_export(em_buf *b, const char *name, const char *value)
{
    em_buf_printf(b, "export %s='", name);
    for (const char *p = value; *p; p++) {
        if (*p == '\'')
            em_buf_puts(b, "'\\''");
        else
            em_buf_append(b, p, 1);
    }
    em_buf_puts(b, "'\n");
}

static char *env_script(const em_app *app)
{
    em_buf b = {0};
    const em_config *c = &app->cfg;
    put_export(&b, "AZURE_SUBSCRIPTION_ID", c->subscription);
    put_export(&b, "AZURE_RESOURCE_GROUP", c->resource_group);
    put_export(&b, "AZUREML_WORKSPACE", c->workspace);
    put_export(&b, "AZURE_RESOURCE_MANAGER_URL", app->base_url);
    put_export(&b, "AZURE_AUTHORITY_HOST", app->base_url);
    put_export(&b, "AZURE_TENANT_ID", c->tenant);
    put_export(&b, "AZURE_CLIENT_ID", c->client_id);
    put_export(&b, "AZURE_CLIENT_SECRET", c->client_secret);
    /* Managed identity credentials ask the emulator's IMDS, never 169.254.169.254. */
    put_export(&b, "AZURE_POD_IDENTITY_AUTHORITY_HOST", app->base_url);
    if (app->datastore_dir)
        put_export(&b, "AZUREML_EMULATOR_DATASTORE_DIR", app->datastore_dir);
    else
        em_buf_puts(&b, "# AZUREML_EMULATOR_DATASTORE_DIR is a temporary folder chosen at start; "
                        "give --datastore-dir or --data-dir to name it here\n");
    if (app->ca_path)
        put_export(&b, "AZUREML_CA_BUNDLE", app->ca_path);
    return em_buf_take(&b);
}

static int write_text(const char *path, const char *text)
{
    return em_write_file(path, text, strlen(text), 0600);
}

static void load_keys(em_app *app)
{
    char *err = NULL;
    for (int i = 0; i < app->cfg.n_client_certs; i++) {
        if (em_pubkey_load(&app->client_certs[i], app->cfg.client_certs[i], &err) != 0)
            die(err);
        app->n_client_certs++;
    }
    for (int i = 0; i < app->cfg.n_federated_keys; i++) {
        if (em_pubkey_load(&app->federated_keys[i], app->cfg.federated_keys[i], &err) != 0)
            die(err);
        app->n_federated_keys++;
    }
}

static char *absolute_dir(const char *dir, const char *what)
{
    char buf[PATH_MAX];
    if (em_mkdir_p(dir, 0700) != 0 || !realpath(dir, buf)) {
        char *msg = em_printf("cannot create %s %s", what, dir);
        die(msg);
    }
    return em_xstrdup(buf);
}

/* Where state and generated files go; creates the folders. An in-memory
 * emulator that serves gets a private temporary folder (the worker driver,
 * and the datastores unless --datastore-dir names them), removed at exit. */
static void prepare_dirs(em_app *app, char **tls_dir)
{
    *tls_dir = NULL;
    if (app->cfg.data_dir) {
        app->data_dir_abs = absolute_dir(app->cfg.data_dir, "--data-dir");
        *tls_dir = em_printf("%s/tls", app->data_dir_abs);
    } else if (!app->cfg.print_env_only) {
        const char *tmp = getenv("TMPDIR");
        char *tmpl = em_printf("%s/aml-emulator-%ld-XXXXXX", tmp && *tmp ? tmp : "/tmp",
                               (long)getpid());
        if (!mkdtemp(tmpl))
            die("cannot create a temporary folder (TMPDIR)");
        app->scratch_dir = tmpl;
        g_scratch = tmpl;
    }
    if (app->cfg.datastore_dir) {
        app->datastore_dir = absolute_dir(app->cfg.datastore_dir, "--datastore-dir");
    } else if (app->data_dir_abs || app->scratch_dir) {
        const char *base = app->data_dir_abs ? app->data_dir_abs : app->scratch_dir;
        char *d = em_printf("%s/datastores", base);
        app->datastore_dir = absolute_dir(d, "the datastore folder");
        free(d);
    }
}

/* TLS material and the CA file clients must trust. */
static void prepare_tls(em_app *app, const char *tls_dir, em_tls_material *tls)
{
    char *err = NULL;
    if (app->cfg.tls_cert) {
        if (em_tls_load(tls, app->cfg.tls_cert, app->cfg.tls_key, &err) != 0)
            die(err);
        if (app->cfg.ca_out)
            app->ca_path = em_xstrdup(app->cfg.ca_out);
        return;
    }
    if (tls_dir && em_mkdir_p(tls_dir, 0700) != 0)
        die("cannot create the tls folder in --data-dir");
    if (em_tls_generate(tls, tls_dir, app->cfg.host, &err) != 0)
        die(err);
    if (app->cfg.ca_out) {
        app->ca_path = em_xstrdup(app->cfg.ca_out);
    } else if (tls_dir) {
        app->ca_path = em_printf("%s/ca.pem", tls_dir);
    } else {
        const char *tmp = getenv("TMPDIR");
        app->ca_path = em_printf("%s/aml-emulator-%ld-ca.pem", tmp && *tmp ? tmp : "/tmp",
                                 (long)getpid());
    }
    if (write_text(app->ca_path, tls->ca_pem) != 0)
        die("cannot write the CA certificate (see --ca-out)");
    chmod(app->ca_path, 0644);
}

static void ensure_workspaces(em_app *app)
{
    const em_config *c = &app->cfg;
    if (em_arm_ensure_workspace(app, c->subscription, c->resource_group, c->workspace) != 0)
        die("cannot create the default workspace");
    for (int i = 0; i < c->n_extra_workspaces; i++) {
        char sub[128], rg[128], ws[128];
        const char *spec = c->extra_workspaces[i];
        int rc;
        if (strchr(spec, '/')) {
            if (sscanf(spec, "%127[^/]/%127[^/]/%127s", sub, rg, ws) != 3)
                die("--add-workspace expects NAME or SUB/RG/NAME");
            rc = em_arm_ensure_workspace(app, sub, rg, ws);
        } else {
            rc = em_arm_ensure_workspace(app, c->subscription, c->resource_group, spec);
        }
        if (rc != 0)
            die("cannot create a workspace given by --add-workspace");
    }
}

static void app_free(em_app *app, em_tls_material *tls, char *tls_dir)
{
    if (app->store)
        em_store_close(app->store);
    if (app->signer.key)
        em_signer_free(&app->signer);
    for (int i = 0; i < app->n_client_certs; i++)
        em_pubkey_free(&app->client_certs[i]);
    for (int i = 0; i < app->n_federated_keys; i++)
        em_pubkey_free(&app->federated_keys[i]);
    em_faults_free(app->faults);
    em_recorder_free(app->recorder);
    em_token_cache_free(app->tokens);
    em_tls_free(tls);
    free(tls_dir);
    free(app->data_dir_abs);
    free(app->ca_path);
    free(app->datastore_dir);
    if (app->scratch_dir && em_rm_rf(app->scratch_dir) != 0)
        fprintf(stderr, "aml-emulator: could not remove %s\n", app->scratch_dir);
    free(app->scratch_dir);
    g_scratch = NULL;
    em_ds_registry_free(&app->datastores);
    em_config_free(&app->cfg);
}

int main(int argc, char **argv)
{
    em_app app;
    memset(&app, 0, sizeof app);
    int prc = em_config_parse(&app.cfg, argc, argv);
    if (prc != 0) {
        em_config_free(&app.cfg);
        return prc > 0 ? 0 : 2;
    }
    signal(SIGPIPE, SIG_IGN);

    char *ds_err = NULL;
    if (em_ds_registry_init(&app.datastores, &app.cfg, &ds_err) != 0)
        die(ds_err);
    char *tls_dir = NULL;
    prepare_dirs(&app, &tls_dir);
    em_tls_material tls = {0};
    if (app.cfg.tls) {
        if (app.cfg.print_env_only && !app.cfg.data_dir && !app.cfg.tls_cert)
            die("--print-env with --tls needs --data-dir, so that the CA it names is the one the "
                "server will use");
        prepare_tls(&app, tls_dir, &tls);
    }
    if (app.cfg.print_env_only) {
        set_base_url(&app, app.cfg.port);
        char *env = env_script(&app);
        fputs(env, stdout);
        free(env);
        app_free(&app, &tls, tls_dir);
        return 0;
    }

    char *err = NULL;
    char *key_path = app.data_dir_abs ? em_printf("%s/signing-key.pem", app.data_dir_abs) : NULL;
    if (em_signer_init(&app.signer, key_path, &err) != 0)
        die(err);
    free(key_path);
    load_keys(&app);
    if (em_store_open(&app.store, app.data_dir_abs, app.cfg.sync_full, &err) != 0)
        die(err);
    app.faults = em_faults_new(app.cfg.fault_seed);
    for (int i = 0; i < app.cfg.n_faults; i++)
        if (em_faults_add_spec(app.faults, app.cfg.faults[i], &err) < 0)
            die(err);
    app.recorder = em_recorder_new(app.cfg.record_limit);
    app.tokens = em_token_cache_new();
    /* Runs that were under way when the previous process stopped are
     * settled before anyone can see them. */
    int recovered = em_run_recover(&app);
    if (recovered > 0)
        fprintf(stderr, "aml-emulator: %d batch job(s) left running by the previous process were "
                        "marked Failed (or Canceled)\n",
                recovered);
    char *driver_dir =
        em_printf("%s/runner", app.data_dir_abs ? app.data_dir_abs : app.scratch_dir);
    app.runner = em_runner_new(&app, driver_dir, &err);
    free(driver_dir);
    if (!app.runner)
        die(err);

    /* Signals are taken synchronously by the main thread: block them before
     * the server's threads exist so that they inherit the mask. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);

    /* Bound first, served last: the base URL, the stored URLs and the
     * workspaces are in place before any request can arrive. */
    em_server *srv = em_server_bind(&app, &err);
    if (!srv)
        die(err);
    set_base_url(&app, em_server_port(srv));
    if (em_store_rebase(app.store, app.base_url) != 0)
        die("cannot update stored URLs to the new base URL");
    ensure_workspaces(&app);
    if (em_runner_start(app.runner) != 0)
        die("cannot start the job runner thread");
    if (em_server_start(srv, app.cfg.tls ? &tls : NULL, &err) != 0)
        die(err);

    char *env = env_script(&app);
    if (app.cfg.port_file) {
        char p[16];
        snprintf(p, sizeof p, "%d\n", em_server_port(srv));
        if (write_text(app.cfg.port_file, p) != 0)
            die("cannot write --port-file");
    }
    if (app.cfg.env_file && write_text(app.cfg.env_file, env) != 0)
        die("cannot write --env-file");
    if (!app.cfg.quiet)
        fputs(env, stdout);
    free(env);
    printf("READY %s\n", app.base_url);
    fflush(stdout);
    fprintf(stderr, "aml-emulator: listening on %s (%s state%s%s)\n", app.base_url,
            app.data_dir_abs ? "persistent" : "in-memory", app.data_dir_abs ? " in " : "",
            app.data_dir_abs ? app.data_dir_abs : "");

    int sig = 0;
    while (sigwait(&sigs, &sig) != 0)
        ;
    fprintf(stderr, "aml-emulator: signal %d, shutting down\n", sig);
    em_server_stop(srv);
    /* After the server: no request can reach the runner any more. */
    em_runner_free(app.runner);
    app.runner = NULL;
    app_free(&app, &tls, tls_dir);
    return 0;
}
