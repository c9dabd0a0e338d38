#include "server.h"

#include <arpa/inet.h>
#include <unistd.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "router.h"
#include "util.h"

/* Larger bodies are refused with 413: no ARM body of this surface comes near. */
#define MAX_BODY (8u * 1024u * 1024u)
/* Blob uploads (Put Blob, Put Block) are held in memory too; azure-storage
 * clients send at most 64 MiB in one Put Blob by default (4 MiB blocks). */
#define MAX_BLOB_BODY (320u * 1024u * 1024u)

struct em_server {
    struct MHD_Daemon *daemon;
    em_app *app;
    int port;
    int listen_fd; /* ours until the daemon starts, -1 after */
    bool v6;
};

typedef struct conn_state {
    em_buf body;
    bool too_large;
    char *raw_uri; /* the request target as sent (URI log callback) */
    bool seen;     /* the first call (headers only) has been answered */
    bool refused;  /* answered at the first call: the rest is not read */
} conn_state;

/* Called by MHD with the request target before it decodes it: Shared Key
 * signs the path as the client encoded it. Its result becomes *con_cls. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    (void)cls;
    (void)conn;
    conn_state *cs = em_xcalloc(1, sizeof *cs);
    cs->raw_uri = em_xstrdup(uri ? uri : "");
    return cs;
}

/* The path of a request addressed to the Blob service: bigger bodies. */
static size_t body_limit(const em_server *srv, const char *url)
{
    const char *acct = srv->app->datastores.account;
    size_t n = acct ? strlen(acct) : 0;
    if (n && url[0] == '/' && strncmp(url + 1, acct, n) == 0 && (url[n + 1] == '/' || !url[n + 1]))
        return MAX_BLOB_BODY;
    return MAX_BODY;
}

static enum MHD_Result collect(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    (void)kind;
    em_kv_add(cls, key, value ? value : "");
    return MHD_YES;
}

static bool is_loopback(const struct sockaddr *sa)
{
    if (!sa)
        return false;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr))
            return true;
        if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr))
            return in6->sin6_addr.s6_addr[12] == 127;
    }
    return false;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

/* A 400 answered before the body is read; the connection is closed. */
static enum MHD_Result refuse(struct MHD_Connection *conn, conn_state *cs, const char *code,
                              const char *message)
{
    char *body = em_printf("{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}", code, message);
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(body), body, MHD_RESPMEM_MUST_FREE);
    MHD_add_response_header(r, "Content-Type", "application/json; charset=utf-8");
    MHD_add_response_header(r, "Connection", "close");
    enum MHD_Result ok = MHD_queue_response(conn, 400, r);
    MHD_destroy_response(r);
    cs->refused = true;
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    (void)version;
    em_server *srv = cls;
    conn_state *cs = *con_cls;
    if (!cs)
        *con_cls = cs = em_xcalloc(1, sizeof *cs);
    if (cs->refused) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (!cs->seen) {
        cs->seen = true;
        /* An encoded NUL or line break would be decoded into the path
         * (a%00b read as a): refused. */
        if (cs->raw_uri && (strcasestr(cs->raw_uri, "%00") || strcasestr(cs->raw_uri, "%0a") ||
                            strcasestr(cs->raw_uri, "%0d")))
            return refuse(conn, cs, "InvalidUri",
                          "The request URI holds an encoded NUL or line break.");
        /* Both framings at once is the request-smuggling shape (RFC 9112
         * §6.3): refused, and the connection closed, before any body. */
        if (MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length") &&
            MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding"))
            return refuse(conn, cs, "InvalidRequest",
                          "Content-Length and Transfer-Encoding together are refused.");
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (cs->body.len + *upload_data_size > body_limit(srv, url))
            cs->too_large = true;
        else
            em_buf_append(&cs->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }

    em_request req = {0};
    req.method = method;
    req.path = em_xstrdup(url);
    if (cs->raw_uri) {
        size_t plen = strcspn(cs->raw_uri, "?");
        req.raw_path = em_xstrndup(cs->raw_uri, plen);
    }
    req.https = srv->app->cfg.tls;
    req.opaque_body = body_limit(srv, url) == MAX_BLOB_BODY;
    req.received_ms = em_now_ms();
    MHD_get_connection_values(conn, MHD_HEADER_KIND, collect, &req.headers);
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect, &req.query);
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    req.loopback = ci && is_loopback(ci->client_addr);
    req.body_len = cs->body.len;
    req.body = cs->body.data ? em_buf_take(&cs->body) : em_xstrdup("");

    em_response resp = {0};
    if (cs->too_large)
        em_resp_arm_error(&resp, 413, "RequestEntityTooLarge", "The request body is too large.",
                          NULL);
    else
        em_route(srv->app, &req, &resp);
    em_request_free(&req);

    if (resp.delay_ms > 0)
        sleep_ms(resp.delay_ms);
    if (resp.drop) {
        /* MHD_NO closes the connection without sending anything. */
        em_response_free(&resp);
        return MHD_NO;
    }
    struct MHD_Response *r;
    if (resp.has_file) {
        r = MHD_create_response_from_fd_at_offset64(resp.file_len, resp.file_fd,
                                                    resp.file_offset);
        resp.has_file = false; /* MHD closes the descriptor */
    } else if (resp.body)
        r = MHD_create_response_from_buffer(resp.body_len, resp.body, MHD_RESPMEM_MUST_FREE);
    else
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    resp.body = NULL; /* owned by MHD now */
    for (size_t i = 0; i < resp.headers.n; i++)
        MHD_add_response_header(r, resp.headers.items[i].key, resp.headers.items[i].val);
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)resp.status, r);
    MHD_destroy_response(r);
    em_response_free(&resp);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)conn;
    (void)toe;
    conn_state *cs = *con_cls;
    if (cs) {
        em_buf_free(&cs->body);
        free(cs->raw_uri);
        free(cs);
        *con_cls = NULL;
    }
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    fputs("aml-emulator: http: ", stderr);
    vfprintf(stderr, fmt, ap);
}

/* The listening socket, bound before the server starts: the port (and so
 * the base URL every handler reads) is known before any request can
 * arrive. */
static int listen_socket(const em_config *c, bool *v6_out, char **err)
{
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    bool v6 = strchr(c->host, ':') != NULL;
    socklen_t len;
    if (v6) {
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)c->port);
        len = sizeof *a6;
        if (inet_pton(AF_INET6, c->host, &a6->sin6_addr) != 1) {
            *err = em_printf("--host '%s' is not an IPv6 address", c->host);
            return -1;
        }
    } else {
        struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)c->port);
        len = sizeof *a4;
        const char *h = strcmp(c->host, "localhost") == 0 ? "127.0.0.1" : c->host;
        if (inet_pton(AF_INET, h, &a4->sin_addr) != 1) {
            *err = em_printf("--host '%s' is not an IPv4 address", c->host);
            return -1;
        }
    }
    int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    int one = 1;
    if (fd >= 0) {
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (v6)
            setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    }
    if (fd < 0 || bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 1024) != 0) {
        *err = em_printf("cannot listen on %s:%d: %s", c->host, c->port, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    *v6_out = v6;
    return fd;
}

em_server *em_server_bind(em_app *app, char **err)
{
    bool v6 = false;
    int fd = listen_socket(&app->cfg, &v6, err);
    if (fd < 0)
        return NULL;
    em_server *srv = em_xcalloc(1, sizeof *srv);
    srv->app = app;
    srv->listen_fd = fd;
    srv->v6 = v6;
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    srv->port = app->cfg.port;
    if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
        srv->port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
                                                   : ((struct sockaddr_in *)&ss)->sin_port);
    return srv;
}

int em_server_start(em_server *srv, const em_tls_material *tls, char **err)
{
    const em_config *c = &srv->app->cfg;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    /* Thread per connection (default): a slow-response fault or a slow client
     * only holds its own thread. A pool (--threads N) uses epoll instead. */
    if (c->threads == 0)
        flags |= MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL;
    else
        flags |= MHD_USE_EPOLL;
    if (srv->v6)
        flags |= MHD_USE_IPv6;
    if (tls)
        flags |= MHD_USE_TLS;

    struct MHD_OptionItem opts[14];
    int n = 0;
    /* The logger must come first or MHD logs the earlier options' errors itself. */
    opts[n++] = (struct MHD_OptionItem){MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)on_mhd_log, NULL};
    opts[n++] = (struct MHD_OptionItem){MHD_OPTION_LISTEN_SOCKET, srv->listen_fd, NULL};
    opts[n++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, NULL};
    opts[n++] = (struct MHD_OptionItem){MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)on_uri, NULL};
    opts[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT,
                                        (intptr_t)c->connection_timeout_s, NULL};
    opts[n++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT, 2000, NULL};
    if (c->threads > 0)
        opts[n++] = (struct MHD_OptionItem){MHD_OPTION_THREAD_POOL_SIZE, c->threads, NULL};
    if (tls) {
        opts[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, tls->key_pem};
        opts[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, tls->cert_pem};
    }
    opts[n++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};

    srv->daemon = MHD_start_daemon(flags, (uint16_t)srv->port, NULL, NULL, on_request, srv,
                                   MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
    if (!srv->daemon) {
        *err = em_printf("cannot serve on %s:%d (TLS material rejected?)", c->host, srv->port);
        return -1;
    }
    srv->listen_fd = -1; /* MHD's now: it closes it when stopped */
    return 0;
}

int em_server_port(const em_server *srv)
{
    return srv->port;
}

void em_server_stop(em_server *srv)
{
    if (!srv)
        return;
    if (srv->daemon)
        MHD_stop_daemon(srv->daemon);
    if (srv->listen_fd >= 0)
        close(srv->listen_fd);
    free(srv);
}
