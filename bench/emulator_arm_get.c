/* ARM GET throughput of aml-emulator: several threads, each with its own
 * keep-alive libcurl easy handle, GET one batch endpoint for a fixed time and
 * the total requests/s is printed. Starts an in-memory emulator on port 0
 * unless --url points at a running one.
 *
 *   bench_emulator_arm_get [--threads N] [--seconds S] [--url BASE]
 *                          [--emulator PATH] [--emulator-arg ARG]...
 */
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SUB "00000000-0000-0000-0000-000000000001"
#define TENANT "00000000-0000-0000-0000-0000000000aa"
#define CLIENT "00000000-0000-0000-0000-0000000000c1"
#define SECRET "emulator-client-secret"
#define WS_PATH "/subscriptions/" SUB "/resourceGroups/aml-emulator-rg/providers/" \
                "Microsoft.MachineLearningServices/workspaces/aml-emulator-ws"

typedef struct body {
    char *p;
    size_t n;
} body;

static size_t sink(char *ptr, size_t size, size_t nmemb, void *ud)
{
    body *b = ud;
    size_t n = size * nmemb;
    if (b) {
        char *q = realloc(b->p, b->n + n + 1);
        if (!q)
            return 0;
        b->p = q;
        memcpy(b->p + b->n, ptr, n);
        b->n += n;
        b->p[b->n] = '\0';
    }
    return n;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One-shot request; returns the HTTP status (0 on transport error). */
static long request(const char *method, const char *url, const char *auth, const char *data,
                    const char *ctype, body *out)
{
    CURL *c = curl_easy_init();
    struct curl_slist *h = NULL;
    char hb[4096];
    if (auth) {
        snprintf(hb, sizeof hb, "Authorization: Bearer %s", auth);
        h = curl_slist_append(h, hb);
    }
    if (ctype) {
        snprintf(hb, sizeof hb, "Content-Type: %s", ctype);
        h = curl_slist_append(h, hb);
    }
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    if (data)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, data);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    long code = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return code;
}

typedef struct worker {
    pthread_t tid;
    const char *url;
    const char *auth_header;
    double until;
    long ok, failed;
} worker;

static void *run(void *arg)
{
    worker *w = arg;
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, w->auth_header);
    curl_easy_setopt(c, CURLOPT_URL, w->url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, NULL);
    curl_easy_setopt(c, CURLOPT_TCP_NODELAY, 1L);
    while (now_s() < w->until) {
        long code = 0;
        /* The same easy handle reuses its connection (keep-alive). */
        if (curl_easy_perform(c) == CURLE_OK)
            curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        if (code == 200)
            w->ok++;
        else
            w->failed++;
    }
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    return NULL;
}

static pid_t start_emulator(const char *path, char **extra, int n_extra, char *base, size_t n)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        char *argv[64];
        int a = 0;
        argv[a++] = (char *)path;
        argv[a++] = "--port";
        argv[a++] = "0";
        argv[a++] = "--quiet";
        argv[a++] = "--provisioning-delay-ms";
        argv[a++] = "0";
        argv[a++] = "--record-limit";
        argv[a++] = "0";
        for (int i = 0; i < n_extra && a < 62; i++)
            argv[a++] = extra[i];
        argv[a] = NULL;
        execv(path, argv);
        _exit(127);
    }
    close(fds[1]);
    FILE *f = fdopen(fds[0], "r");
    char line[512];
    base[0] = '\0';
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "READY ", 6) == 0) {
            line[strcspn(line, "\r\n")] = '\0';
            snprintf(base, n, "%.500s", line + 6);
            break;
        }
    }
    /* Keep reading end open in the child's favour: it only prints once. */
    fclose(f);
    return base[0] ? pid : -1;
}

int main(int argc, char **argv)
{
    int threads = 8;
    double seconds = 5;
    const char *url = NULL;
    const char *emu = AML_EMULATOR_PATH;
    char *extra[32];
    int n_extra = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc)
            seconds = atof(argv[++i]);
        else if (strcmp(argv[i], "--url") == 0 && i + 1 < argc)
            url = argv[++i];
        else if (strcmp(argv[i], "--emulator") == 0 && i + 1 < argc)
            emu = argv[++i];
        else if (strcmp(argv[i], "--emulator-arg") == 0 && i + 1 < argc && n_extra < 32)
            extra[n_extra++] = argv[++i];
        else {
            fprintf(stderr, "usage: %s [--threads N] [--seconds S] [--url BASE] [--emulator PATH] "
                            "[--emulator-arg ARG]...\n", argv[0]);
            return 2;
        }
    }
    if (threads < 1 || threads > 256 || seconds <= 0 || seconds > 600) {
        fprintf(stderr, "threads must be 1..256 and seconds 0..600\n");
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    char base[512];
    pid_t pid = 0;
    if (url) {
        snprintf(base, sizeof base, "%s", url);
    } else {
        pid = start_emulator(emu, extra, n_extra, base, sizeof base);
        if (pid < 0) {
            fprintf(stderr, "could not start %s\n", emu);
            return 1;
        }
    }

    /* Token, and one endpoint to GET. */
    char u[1024];
    body tb = {0};
    snprintf(u, sizeof u, "%s/%s/oauth2/v2.0/token", base, TENANT);
    long code = request("POST", u, NULL,
                        "grant_type=client_credentials&client_id=" CLIENT
                        "&client_secret=" SECRET
                        "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default",
                        "application/x-www-form-urlencoded", &tb);
    char *tok = tb.p ? strstr(tb.p, "\"access_token\":\"") : NULL;
    if (code != 200 || !tok) {
        fprintf(stderr, "token request failed (%ld)\n", code);
        return 1;
    }
    tok += strlen("\"access_token\":\"");
    tok[strcspn(tok, "\"")] = '\0';
    snprintf(u, sizeof u, "%s" WS_PATH "/batchEndpoints/bench-ep?api-version=2025-12-01", base);
    code = request("PUT", u, tok, "{\"location\":\"eastus\",\"properties\":{\"authMode\":\"AADToken\"}}",
                   "application/json", NULL);
    if (code != 200 && code != 201) {
        fprintf(stderr, "endpoint create failed (%ld)\n", code);
        return 1;
    }

    char *auth = malloc(strlen(tok) + 32);
    sprintf(auth, "Authorization: Bearer %s", tok);
    worker *w = calloc((size_t)threads, sizeof *w);
    double t0 = now_s();
    for (int i = 0; i < threads; i++) {
        w[i].url = u;
        w[i].auth_header = auth;
        w[i].until = t0 + seconds;
        pthread_create(&w[i].tid, NULL, run, &w[i]);
    }
    long ok = 0, failed = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(w[i].tid, NULL);
        ok += w[i].ok;
        failed += w[i].failed;
    }
    double elapsed = now_s() - t0;
    printf("aml-emulator ARM GET: %d keep-alive clients, %.1f s: %ld ok, %ld failed, %.0f requests/s\n",
           threads, elapsed, ok, failed, (double)ok / elapsed);
    free(w);
    free(auth);
    free(tb.p);
    if (pid > 0) {
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
    }
    curl_global_cleanup();
    return failed ? 1 : 0;
}
