/* The libcurl transport against real servers on loopback: libmicrohttpd over
 * HTTP and HTTPS (certificates made here with OpenSSL), plus a tiny scripted
 * socket server for replies libmicrohttpd will not produce (interim 1xx
 * responses with headers, truncated bodies). */
#include "test_support.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ======================================================================== */
/* A recording libmicrohttpd server                                          */
/* ======================================================================== */

#define MAX_HEADERS 64

/* What the server saw of the last request it answered on a recorded route. */
typedef struct recorded {
  char *method;
  char *uri; /* the raw request target: path and query, or an absolute URI */
  char *names[MAX_HEADERS];
  char *values[MAX_HEADERS];
  int header_count;
  unsigned char *body;
  size_t body_len;
} recorded;

typedef struct server {
  struct MHD_Daemon *daemon;
  uint16_t port;
  atomic_int connections; /* TCP connections accepted */
  atomic_int stopping;    /* lets slow handlers finish early at shutdown */
  pthread_mutex_t lock;
  recorded last;
  int recorded_count;
} server;

/* Per-request state, created from the raw URI before MHD parses it. */
typedef struct request_state {
  char *uri;
  int started;
  unsigned char *body;
  size_t len, cap;
} request_state;

static void recorded_clear(recorded *r) {
  free(r->method);
  free(r->uri);
  for (int i = 0; i < r->header_count; i++) {
    free(r->names[i]);
    free(r->values[i]);
  }
  free(r->body);
  memset(r, 0, sizeof(*r));
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c) {
  (void)cls;
  (void)c;
  request_state *st = calloc(1, sizeof(*st));
  if (st) st->uri = strdup(uri);
  return st;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe) {
  (void)cls;
  (void)c;
  (void)toe;
  request_state *st = *con_cls;
  if (!st) return;
  free(st->uri);
  free(st->body);
  free(st);
  *con_cls = NULL;
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe) {
  (void)c;
  (void)socket_context;
  server *s = cls;
  if (toe == MHD_CONNECTION_NOTIFY_STARTED) atomic_fetch_add(&s->connections, 1);
}

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value) {
  (void)kind;
  recorded *r = cls;
  if (r->header_count < MAX_HEADERS) {
    r->names[r->header_count] = strdup(key);
    r->values[r->header_count] = strdup(value ? value : "");
    r->header_count++;
  }
  return MHD_YES;
}

static void record(server *s, struct MHD_Connection *c, const char *method, request_state *st) {
  pthread_mutex_lock(&s->lock);
  recorded_clear(&s->last);
  s->last.method = strdup(method);
  s->last.uri = strdup(st->uri ? st->uri : "");
  MHD_get_connection_values(c, MHD_HEADER_KIND, collect_header, &s->last);
  s->last.body = malloc(st->len + 1);
  memcpy(s->last.body, st->body ? st->body : (unsigned char *)"", st->len);
  s->last.body_len = st->len;
  s->recorded_count++;
  pthread_mutex_unlock(&s->lock);
}

static enum MHD_Result respond(struct MHD_Connection *c, unsigned int status, const void *body,
                               size_t len, const char *method) {
  struct MHD_Response *r =
      MHD_create_response_from_buffer(len, (void *)(uintptr_t)body, MHD_RESPMEM_MUST_COPY);
  MHD_add_response_header(r, "X-Echo-Method", method);
  /* Two headers with one name: the transport must keep both, in order. */
  MHD_add_response_header(r, "X-Multi", "one");
  MHD_add_response_header(r, "X-Multi", "two");
  MHD_add_response_header(r, "Content-Type", "application/octet-stream");
  enum MHD_Result ret = MHD_queue_response(c, status, r);
  MHD_destroy_response(r);
  return ret;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
  }
}

static long query_long(struct MHD_Connection *c, const char *name, long fallback) {
  const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
  return v ? strtol(v, NULL, 10) : fallback;
}

/* Routes: /close drops the connection unanswered, /slow?ms=N answers after N
 * ms, everything else (absolute proxy URIs included) is recorded and echoed
 * as "<method> <uri>\n<body>" with the status from ?status=. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls) {
  (void)version;
  server *s = cls;
  request_state *st = *con_cls;
  if (!st) return MHD_NO;
  if (!st->started) {
    st->started = 1;
    return MHD_YES;
  }
  if (*upload_size) {
    if (st->len + *upload_size > st->cap) {
      st->cap = (st->len + *upload_size) * 2;
      st->body = realloc(st->body, st->cap);
    }
    memcpy(st->body + st->len, upload, *upload_size);
    st->len += *upload_size;
    *upload_size = 0;
    return MHD_YES;
  }

  if (strcmp(url, "/close") == 0) return MHD_NO;
  if (strcmp(url, "/slow") == 0) {
    /* Real time: this server is slow for libcurl's own timers (the
     * transport's timeouts), which no emulator clock can move. */
    long ms = query_long(c, "ms", 1000);
    for (long waited = 0; waited < ms && !atomic_load(&s->stopping); waited += 10) sleep_ms(10);
    return respond(c, 200, "slow", 4, method);
  }
  record(s, c, method, st);
  size_t head_len = strlen(method) + 1 + strlen(st->uri) + 1;
  unsigned char *out = malloc(head_len + st->len + 1);
  snprintf((char *)out, head_len + 1, "%s %s\n", method, st->uri);
  if (st->len) memcpy(out + head_len, st->body, st->len);
  enum MHD_Result ret =
      respond(c, (unsigned int)query_long(c, "status", 200), out, head_len + st->len, method);
  free(out);
  return ret;
}

/* tls_key/tls_cert: PEM strings for HTTPS, NULL for plain HTTP. */
static void server_start(server *s, const char *tls_key, const char *tls_cert) {
  memset(s, 0, sizeof(*s));
  pthread_mutex_init(&s->lock, NULL);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof(addr));
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  /* No MHD_USE_ERROR_LOG: the failures provoked here would only add noise. */
  unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION;
  if (tls_key) flags |= MHD_USE_TLS;
  struct MHD_OptionItem tls[] = {
      {MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)(uintptr_t)tls_key},
      {MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)(uintptr_t)tls_cert},
      {MHD_OPTION_END, 0, NULL},
  };
  struct MHD_OptionItem none[] = {{MHD_OPTION_END, 0, NULL}};
  s->daemon = MHD_start_daemon(
      flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
      MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
      MHD_OPTION_NOTIFY_CONNECTION, on_connection, s, MHD_OPTION_ARRAY, tls_key ? tls : none,
      MHD_OPTION_END);
  assert_non_null(s->daemon);
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
  assert_non_null(info);
  s->port = info->port;
  assert_true(s->port > 0);
}

static void server_stop(server *s) {
  atomic_store(&s->stopping, 1);
  MHD_stop_daemon(s->daemon);
  recorded_clear(&s->last);
  pthread_mutex_destroy(&s->lock);
}

static char *server_url(const server *s, const char *scheme, const char *host, const char *path) {
  static _Thread_local char buf[512];
  snprintf(buf, sizeof(buf), "%s://%s:%u%s", scheme, host, (unsigned)s->port, path);
  return buf;
}

static const char *rec_header(const server *s, const char *name) {
  for (int i = 0; i < s->last.header_count; i++)
    if (strcasecmp(s->last.names[i], name) == 0) return s->last.values[i];
  return NULL;
}

/* ======================================================================== */
/* A one-shot scripted server: reads one request's head, writes bytes, closes */
/* ======================================================================== */

typedef struct raw_server {
  int fd;
  uint16_t port;
  const char *script;
  pthread_t thread;
} raw_server;

static int listen_loopback(int backlog, uint16_t *port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  assert_true(fd >= 0);
  struct sockaddr_in a;
  memset(&a, 0, sizeof(a));
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
  assert_int_equal(listen(fd, backlog), 0);
  socklen_t len = sizeof(a);
  assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
  *port = ntohs(a.sin_port);
  return fd;
}

static void *raw_serve(void *arg) {
  raw_server *r = arg;
  int c = accept(r->fd, NULL, NULL);
  if (c < 0) return NULL;
  char buf[8192];
  size_t have = 0;
  while (have < sizeof(buf) - 1) {
    ssize_t n = recv(c, buf + have, sizeof(buf) - 1 - have, 0);
    if (n <= 0) break;
    have += (size_t)n;
    buf[have] = '\0';
    if (strstr(buf, "\r\n\r\n")) break;
  }
  const char *p = r->script;
  size_t left = strlen(p);
  while (left) {
    ssize_t n = send(c, p, left, MSG_NOSIGNAL);
    if (n <= 0) break;
    p += n;
    left -= (size_t)n;
  }
  shutdown(c, SHUT_RDWR);
  close(c);
  return NULL;
}

static void raw_start(raw_server *r, const char *script) {
  r->script = script;
  r->fd = listen_loopback(4, &r->port);
  assert_int_equal(pthread_create(&r->thread, NULL, raw_serve, r), 0);
}

static void raw_stop(raw_server *r) {
  pthread_join(r->thread, NULL);
  close(r->fd);
}

/* ======================================================================== */
/* Helpers                                                                   */
/* ======================================================================== */

static aml_transport *new_transport(const aml_curl_transport_options *opts) {
  aml_transport *t = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_curl_transport_new(opts, &t, &err);
  if (rc != AML_OK) fail_msg("aml_curl_transport_new: %s", aml_error_message(err));
  assert_non_null(t);
  return t;
}

static const char *body_of(const aml_http_response *r, size_t *len) {
  const uint8_t *data = NULL;
  size_t n = 0;
  assert_int_equal(aml_http_response_body(r, &data, &n), AML_OK);
  if (len) *len = n;
  return (const char *)data;
}

/* Send and expect a failure with `code`; returns the error message (free()). */
static char *send_expect_failure(aml_transport *t, const char *method, const char *url,
                                 const char *headers, int64_t timeout_ms, aml_result code) {
  aml_http_response *resp = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_transport_send(t, method, url, headers, NULL, 0, timeout_ms, &resp, &err);
  if (rc != code)
    fail_msg("%s %s: expected %s, got %s (%s)", method, url, aml_result_str(code),
             aml_result_str(rc), err ? aml_error_message(err) : "no error");
  assert_null(resp);
  assert_non_null(err);
  assert_int_equal(aml_error_code(err), code);
  char *msg = strdup(aml_error_message(err));
  aml_error_free(err);
  return msg;
}

/* ======================================================================== */
/* Options and arguments                                                     */
/* ======================================================================== */

static void test_options_and_arguments(void **state) {
  (void)state;
  aml_curl_transport_options o;
  memset(&o, 0x5a, sizeof(o));
  assert_int_equal(aml_curl_transport_options_init(&o, AML_CURL_TRANSPORT_OPTIONS_VERSION), AML_OK);
  assert_int_equal(o.version, AML_CURL_TRANSPORT_OPTIONS_VERSION);
  assert_int_equal(o.connect_timeout_ms, 30000);
  assert_int_equal(o.timeout_ms, 0);
  assert_null(o.ca_bundle);
  assert_null(o.proxy);
  assert_int_equal(o.insecure_skip_tls_verify, 0);
  assert_int_equal(o.enable_http2, 1);
  assert_int_equal(o.max_idle_connections, 16);
  assert_int_equal(aml_curl_transport_options_init(NULL, AML_CURL_TRANSPORT_OPTIONS_VERSION),
                   AML_ERR_INVALID_ARG);
  assert_int_equal(aml_curl_transport_options_init(&o, 0), AML_ERR_VERSION);
  assert_int_equal(aml_curl_transport_options_init(&o, AML_CURL_TRANSPORT_OPTIONS_VERSION + 1),
                   AML_ERR_VERSION);

  aml_transport *t = (aml_transport *)&o; /* must be overwritten or cleared */
  aml_error *err = NULL;
  assert_int_equal(aml_curl_transport_new(NULL, NULL, &err), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_error_code(err), AML_ERR_INVALID_ARG);
  assert_non_null(strstr(aml_error_message(err), "out"));
  aml_error_free(err);
  err = NULL;

  aml_curl_transport_options_init(&o, AML_CURL_TRANSPORT_OPTIONS_VERSION);
  o.version = 99;
  assert_int_equal(aml_curl_transport_new(&o, &t, &err), AML_ERR_VERSION);
  assert_null(t);
  assert_int_equal(aml_error_code(err), AML_ERR_VERSION);
  aml_error_free(err);
  err = NULL;

  aml_curl_transport_options_init(&o, AML_CURL_TRANSPORT_OPTIONS_VERSION);
  o.timeout_ms = -1;
  assert_int_equal(aml_curl_transport_new(&o, &t, NULL), AML_ERR_INVALID_ARG);
  o.timeout_ms = 0;
  o.connect_timeout_ms = -5;
  assert_int_equal(aml_curl_transport_new(&o, &t, NULL), AML_ERR_INVALID_ARG);
  o.connect_timeout_ms = 0;
  o.max_idle_connections = -1;
  assert_int_equal(aml_curl_transport_new(&o, &t, NULL), AML_ERR_INVALID_ARG);
  assert_null(t);

  aml_curl_transport_options_init(&o, AML_CURL_TRANSPORT_OPTIONS_VERSION);
  o.ca_bundle = "/nonexistent/aml-test/ca.pem";
  assert_int_equal(aml_curl_transport_new(&o, &t, &err), AML_ERR_CONFIG);
  assert_null(t);
  assert_int_equal(aml_error_code(err), AML_ERR_CONFIG);
  assert_non_null(strstr(aml_error_message(err), "/nonexistent/aml-test/ca.pem"));
  aml_error_free(err);
  err = NULL;
  o.ca_bundle = "/"; /* a directory opens but cannot be read */
  assert_int_equal(aml_curl_transport_new(&o, &t, NULL), AML_ERR_CONFIG);

  /* NULL options mean the defaults. */
  t = new_transport(NULL);
  aml_transport_unref(t);
}

/* ======================================================================== */
/* Round trips                                                               */
/* ======================================================================== */

typedef struct method_case {
  const char *method;
  const char *body; /* NULL: none */
  int status;
} method_case;

static void check_response_headers(const aml_http_response *resp, const char *method) {
  assert_string_equal(aml_http_response_header(resp, "x-echo-method"), method);
  const char *multi[2];
  int seen = 0;
  for (size_t i = 0; i < aml_http_response_header_count(resp); i++) {
    const char *name, *value;
    assert_int_equal(aml_http_response_header_at(resp, i, &name, &value), AML_OK);
    assert_null(strpbrk(name, "\r\n"));
    assert_null(strpbrk(value, "\r\n"));
    assert_null(strstr(name, "HTTP/"));
    if (strcasecmp(name, "X-Multi") == 0 && seen < 2) multi[seen++] = value;
  }
  assert_int_equal(seen, 2);
  assert_string_equal(multi[0], "one");
  assert_string_equal(multi[1], "two");
}

static void test_methods_round_trip(void **state) {
  (void)state;
  server s;
  server_start(&s, NULL, NULL);
  aml_transport *t = new_transport(NULL);

  const method_case cases[] = {
      {"GET", NULL, 200},
      {"PUT", "{\"name\":\"endpoint-example\"}", 201},
      {"POST", "{\"input\":[1,2,3]}", 202},
      {"PATCH", "{\"tags\":{\"a\":\"b\"}}", 200},
      {"DELETE", "{\"why\":\"body on delete\"}", 204},
      {"DELETE", NULL, 200},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    const method_case *c = &cases[i];
    char path[128];
    snprintf(path, sizeof(path), "/sub/path/x?status=%d&q=a%%20b&api-version=2025-12-01", c->status);
    aml_http_response *resp = NULL;
    aml_error *err = NULL;
    size_t blen = c->body ? strlen(c->body) : 0;
    aml_result rc = aml_transport_send(
        t, c->method, server_url(&s, "http", "127.0.0.1", path),
        "X-Custom: value with  spaces\nAuthorization: Bearer tok.en\nContent-Type: application/json",
        (const uint8_t *)c->body, blen, 5000, &resp, &err);
    if (rc != AML_OK) fail_msg("%s: %s", c->method, aml_error_message(err));

    /* What the server received. */
    assert_string_equal(s.last.method, c->method);
    assert_string_equal(s.last.uri, path);
    assert_string_equal(rec_header(&s, "X-Custom"), "value with  spaces");
    assert_string_equal(rec_header(&s, "Authorization"), "Bearer tok.en");
    assert_string_equal(rec_header(&s, "Content-Type"), "application/json");
    assert_null(rec_header(&s, "Expect"));
    assert_int_equal(s.last.body_len, blen);
    if (blen) {
      assert_memory_equal(s.last.body, c->body, blen);
      char cl[32];
      snprintf(cl, sizeof(cl), "%zu", blen);
      assert_string_equal(rec_header(&s, "Content-Length"), cl);
    }

    /* What came back. */
    assert_int_equal(aml_http_response_status(resp), c->status);
    check_response_headers(resp, c->method);
    assert_string_equal(aml_http_response_header(resp, "Content-Type"), "application/octet-stream");
    size_t len;
    const char *body = body_of(resp, &len);
    if (c->status == 204) {
      assert_int_equal(len, 0);
    } else {
      char expect[512];
      int n = snprintf(expect, sizeof(expect), "%s %s\n%s", c->method, path, c->body ? c->body : "");
      assert_int_equal(len, (size_t)n);
      assert_memory_equal(body, expect, len);
    }
    aml_http_response_free(resp);
  }

  /* POST without a body: Content-Length 0, and no form Content-Type invented. */
  aml_http_response *resp = NULL;
  assert_int_equal(aml_transport_send(t, "POST", server_url(&s, "http", "127.0.0.1", "/empty"),
                                      NULL, NULL, 0, 5000, &resp, NULL),
                   AML_OK);
  assert_string_equal(s.last.method, "POST");
  assert_string_equal(rec_header(&s, "Content-Length"), "0");
  assert_null(rec_header(&s, "Content-Type"));
  assert_null(rec_header(&s, "Expect"));
  assert_int_equal(s.last.body_len, 0);
  assert_int_equal(aml_http_response_status(resp), 200);
  assert_string_equal(body_of(resp, NULL), "POST /empty\n");
  aml_http_response_free(resp);

  /* HEAD: headers, no body, and the transfer must not wait for one. */
  assert_int_equal(aml_transport_send(t, "HEAD", server_url(&s, "http", "127.0.0.1", "/head"),
                                      NULL, NULL, 0, 5000, &resp, NULL),
                   AML_OK);
  assert_string_equal(s.last.method, "HEAD");
  assert_int_equal(aml_http_response_status(resp), 200);
  check_response_headers(resp, "HEAD");
  size_t len;
  body_of(resp, &len);
  assert_int_equal(len, 0);
  aml_http_response_free(resp);

  /* An empty header value is sent as such, not dropped. */
  assert_int_equal(aml_transport_send(t, "GET", server_url(&s, "http", "127.0.0.1", "/empty-header"),
                                      "X-Empty:\nAccept: application/json", NULL, 0, 5000, &resp,
                                      NULL),
                   AML_OK);
  assert_non_null(rec_header(&s, "X-Empty"));
  assert_string_equal(rec_header(&s, "X-Empty"), "");
  assert_string_equal(rec_header(&s, "Accept"), "application/json");
  aml_http_response_free(resp);

  /* Framing headers from the caller are not trusted: the body decides. */
  aml_error *err = NULL;
  aml_result rc = aml_transport_send(
      t, "PUT", server_url(&s, "http", "127.0.0.1", "/framing"),
      "Content-Length: 999\nTransfer-Encoding: chunked\nExpect: 100-continue", (const uint8_t *)"abc",
      3, 5000, &resp, &err);
  if (rc != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_string_equal(rec_header(&s, "Content-Length"), "3");
  assert_null(rec_header(&s, "Transfer-Encoding"));
  assert_null(rec_header(&s, "Expect"));
  assert_int_equal(s.last.body_len, 3);
  assert_memory_equal(s.last.body, "abc", 3);
  aml_http_response_free(resp);

  aml_transport_unref(t);
  server_stop(&s);
}

static void test_large_binary_body(void **state) {
  (void)state;
  server s;
  server_start(&s, NULL, NULL);
  aml_transport *t = new_transport(NULL);

  /* Large enough that libcurl would ask for 100-continue by itself, and full
   * of NUL bytes that a string-minded transport would cut. */
  size_t n = 3 * 1024 * 1024 + 17;
  uint8_t *body = malloc(n);
  for (size_t i = 0; i < n; i++) body[i] = (uint8_t)(i * 7u);
  aml_http_response *resp = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_transport_send(t, "PUT", server_url(&s, "http", "127.0.0.1", "/big"), NULL,
                                     body, n, 20000, &resp, &err);
  if (rc != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_null(rec_header(&s, "Expect"));
  assert_int_equal(s.last.body_len, n);
  assert_memory_equal(s.last.body, body, n);
  size_t len;
  const char *echoed = body_of(resp, &len);
  const char *head = "PUT /big\n";
  assert_int_equal(len, strlen(head) + n);
  assert_memory_equal(echoed, head, strlen(head));
  assert_memory_equal(echoed + strlen(head), body, n);
  aml_http_response_free(resp);
  free(body);
  aml_transport_unref(t);
  server_stop(&s);
}

static void test_rejects_unsafe_requests(void **state) {
  (void)state;
  server s;
  server_start(&s, NULL, NULL);
  aml_transport *t = new_transport(NULL);
  const char *url = server_url(&s, "http", "127.0.0.1", "/x");

  /* A carriage return in a value would split the header; its value (maybe a
   * token) must not be quoted back. */
  char *msg = send_expect_failure(t, "GET", url, "X-Bad: secret\rInjected: 1", 5000,
                                  AML_ERR_INVALID_ARG);
  assert_non_null(strstr(msg, "X-Bad"));
  assert_null(strstr(msg, "secret"));
  free(msg);
  msg = send_expect_failure(t, "GET", url, "Bearer abc.def: x", 5000, AML_ERR_INVALID_ARG);
  assert_null(strstr(msg, "abc.def"));
  free(msg);
  free(send_expect_failure(t, "GE T", url, NULL, 5000, AML_ERR_INVALID_ARG));
  msg = send_expect_failure(t, "GET\r\nX: y", url, NULL, 5000, AML_ERR_INVALID_ARG);
  assert_null(strpbrk(msg, "\r\n")); /* messages are one line */
  free(msg);
  free(send_expect_failure(t, "GET", "ftp://127.0.0.1/file", NULL, 5000, AML_ERR_INVALID_ARG));
  free(send_expect_failure(t, "GET", "file:///etc/passwd", NULL, 5000, AML_ERR_INVALID_ARG));
  assert_int_equal(s.recorded_count, 0);

  aml_transport_unref(t);
  server_stop(&s);
}

/* ======================================================================== */
/* Connection reuse and concurrency                                          */
/* ======================================================================== */

static void test_keep_alive(void **state) {
  (void)state;
  server s;
  server_start(&s, NULL, NULL);
  aml_transport *t = new_transport(NULL);

  for (int i = 0; i < 20; i++) {
    char path[32];
    snprintf(path, sizeof(path), "/seq?i=%d", i);
    aml_http_response *resp = NULL;
    /* Only the first request carries Authorization: a reused handle must
     * not remember it. */
    const char *headers = i == 0 ? "Authorization: Bearer first-only" : "X-I: n";
    assert_int_equal(aml_transport_send(t, "GET", server_url(&s, "http", "127.0.0.1", path),
                                        headers, NULL, 0, 5000, &resp, NULL),
                     AML_OK);
    assert_int_equal(aml_http_response_status(resp), 200);
    char expect[64];
    snprintf(expect, sizeof(expect), "GET %s\n", path);
    assert_string_equal(body_of(resp, NULL), expect);
    if (i > 0) assert_null(rec_header(&s, "Authorization"));
    aml_http_response_free(resp);
  }
  assert_int_equal(atomic_load(&s.connections), 1);
  assert_int_equal(s.recorded_count, 20);
  aml_transport_unref(t);

  /* With no idle connections allowed, nothing is kept: one connection each. */
  aml_curl_transport_options o;
  aml_curl_transport_options_init(&o, AML_CURL_TRANSPORT_OPTIONS_VERSION);
  o.max_idle_connections = 0;
  t = new_transport(&o);
  int before = atomic_load(&s.connections);
  for (int i = 0; i < 3; i++) {
    aml_http_response *resp = NULL;
    assert_int_equal(aml_transport_send(t, "GET", server_url(&s, "http", "127.0.0.1", "/n"), NULL,
                                        NULL, 0, 5000, &resp, NULL),
                     AML_OK);
    aml_http_response_free(resp);
  }
  assert_int_equal(atomic_load(&s.connections) - before, 3);
  aml_transport_unref(t);

  /* One thread alternating between two hosts (ARM and a scoring URI, say)
   * keeps one warm connection to each. */
  server other;
  server_start(&other, NULL, NULL);
  t = new_transport(NULL);
  before = atomic_load(&s.connections);
  for (int i = 0; i < 10; i++) {
    const server *to = i % 2 ? &other : &s;
    aml_http_response *resp = NULL;
    assert_int_equal(aml_transport_send(t, "GET", server_url(to, "http", "127.0.0.1", "/alt"), NULL,
                                        NULL, 0, 5000, &resp, NULL),
                     AML_OK);
    aml_http_response_free(resp);
  }
  assert_int_equal(atomic_load(&s.connections) - before, 1);
  assert_int_equal(atomic_load(&other.connections), 1);
  aml_transport_unref(t);
  server_stop(&other);
  server_stop(&s);
}

#define THREADS 8
#define PER_THREAD 50

typedef struct worker {
  aml_transport *t;
  const server *s;
  int id;
  int ok;
  char failure[256];
} worker;

static void *worker_run(void *arg) {
  worker *w = arg;
  for (int i = 0; i < PER_THREAD; i++) {
    char path[64], body[64], expect[160];
    snprintf(path, sizeof(path), "/conc?t=%d&i=%d", w->id, i);
    int blen = snprintf(body, sizeof(body), "thread %d request %d", w->id, i);
    snprintf(expect, sizeof(expect), "POST %s\n%s", path, body);
    aml_http_response *resp = NULL;
    aml_error *err = NULL;
    aml_result rc = aml_transport_send(w->t, "POST", server_url(w->s, "http", "127.0.0.1", path),
                                       "Content-Type: text/plain", (const uint8_t *)body,
                                       (size_t)blen, 10000, &resp, &err);
    const uint8_t *data = NULL;
    size_t len = 0;
    if (rc == AML_OK) aml_http_response_body(resp, &data, &len);
    if (rc != AML_OK || aml_http_response_status(resp) != 200 || len != strlen(expect) ||
        memcmp(data, expect, len) != 0) {
      snprintf(w->failure, sizeof(w->failure), "%s: rc=%d %s", path, rc,
               err ? aml_error_message(err) : "wrong body");
      aml_error_free(err);
      aml_http_response_free(resp);
      return NULL;
    }
    aml_http_response_free(resp);
    w->ok++;
  }
  return NULL;
}

static void test_concurrent_requests(void **state) {
  (void)state;
  server s;
  server_start(&s, NULL, NULL);
  aml_transport *t = new_transport(NULL);
  worker w[THREADS];
  pthread_t th[THREADS];
  for (int i = 0; i < THREADS; i++) {
    memset(&w[i], 0, sizeof(w[i]));
    w[i].t = t;
    w[i].s = &s;
    w[i].id = i;
    assert_int_equal(pthread_create(&th[i], NULL, worker_run, &w[i]), 0);
  }
  for (int i = 0; i < THREADS; i++) pthread_join(th[i], NULL);
  for (int i = 0; i < THREADS; i++) {
    if (w[i].ok != PER_THREAD) fail_msg("thread %d: %s", i, w[i].failure);
  }
  int conns = atomic_load(&s.connections);
  assert_true(conns >= 1);
  assert_true(conns <= THREADS + 2);
  assert_int_equal(s.recorded_count, THREADS * PER_THREAD);
  aml_transport_unref(t);
  server_stop(&s);
}

/* ======================================================================== */
/* Failures                                                                  */
/* ======================================================================== */

static void test_connect_failures(void **state) {
  (void)state;
  aml_transport *t = new_transport(NULL);

  /* Refused. The message names method and URL but no query value or header. */
  char url[128];
  snprintf(url, sizeof(url), "http://127.0.0.1:%d/path?sig=s3cr3t-sig&api-version=2025-12-01",
           aml_test_closed_loopback_port());
  char *msg = send_expect_failure(t, "GET", url, "Authorization: Bearer s3cr3t-token", 5000,
                                  AML_ERR_CONNECT);
  assert_non_null(strstr(msg, "GET http://127.0.0.1:"));
  assert_non_null(strstr(msg, "sig=REDACTED"));
  assert_non_null(strstr(msg, "api-version=2025-12-01"));
  assert_null(strstr(msg, "s3cr3t"));
  free(msg);
  aml_transport_unref(t);

  /* A connect that never completes: the listener's queue is full, so the
   * kernel drops further SYNs. Timing out there is a connect failure, not a
   * response timeout: the server saw nothing. */
  uint16_t port;
  int lfd = listen_loopback(0, &port);
  struct sockaddr_in a;
  memset(&a, 0, sizeof(a));
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  int fillers[3];
  for (int i = 0; i < 3; i++) {
    fillers[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    (void)connect(fillers[i], (struct sockaddr *)&a, sizeof(a));
  }
  aml_curl_transport_options o;
  aml_curl_transport_options_init(&o, AML_CURL_TRANSPORT_OPTIONS_VERSION);
  o.connect_timeout_ms = 300;
  t = new_transport(&o);
  snprintf(url, sizeof(url), "http://127.0.0.1:%u/never", (unsigned)port);
  msg = send_expect_failure(t, "PUT", url, NULL, 10000, AML_ERR_CONNECT);
  assert_non_null(strstr(msg, "PUT http://127.0.0.1:"));
  free(msg);
  aml_transport_unref(t);
  for (int i = 0; i < 3; i++) close(fillers[i]);
  close(lfd);
}

static void test_timeouts(void **state) {
  (void)state;
  server s;
  server_start(&s, NULL, NULL);

  /* The request's own per-try timeout. */
  aml_transport *t = new_transport(NULL);
  char *msg = send_expect_failure(t, "GET", server_url(&s, "http", "127.0.0.1", "/slow?ms=3000"),
                                  NULL, 200, AML_ERR_TIMEOUT);
  assert_non_null(strstr(msg, "/slow?ms=REDACTED"));
  free(msg);
  aml_transport_unref(t);

  /* The transport's default applies when the request carries none... */
  aml_curl_transport_options o;
  aml_curl_transport_options_init(&o, AML_CURL_TRANSPORT_OPTIONS_VERSION);
  o.timeout_ms = 200;
  t = new_transport(&o);
  free(send_expect_failure(t, "GET", server_url(&s, "http", "127.0.0.1", "/slow?ms=3000"), NULL, 0,
                           AML_ERR_TIMEOUT));
  /* ...and the request's own wins over it. */
  aml_http_response *resp = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_transport_send(t, "GET", server_url(&s, "http", "127.0.0.1", "/slow?ms=400"),
                                     NULL, NULL, 0, 10000, &resp, &err);
  if (rc != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_string_equal(body_of(resp, NULL), "slow");
  aml_http_response_free(resp);
  aml_transport_unref(t);
  server_stop(&s);
}

static void test_broken_exchanges(void **state) {
  (void)state;
  server s;
  server_start(&s, NULL, NULL);
  aml_transport *t = new_transport(NULL);
  /* Closed without an answer. */
  free(send_expect_failure(t, "POST", server_url(&s, "http", "127.0.0.1", "/close"), NULL, 5000,
                           AML_ERR_TRANSPORT));
  /* The transport is still usable afterwards. */
  aml_http_response *resp = NULL;
  assert_int_equal(aml_transport_send(t, "GET", server_url(&s, "http", "127.0.0.1", "/after"), NULL,
                                      NULL, 0, 5000, &resp, NULL),
                   AML_OK);
  aml_http_response_free(resp);
  aml_transport_unref(t);
  server_stop(&s);

  /* A body cut short of its Content-Length. */
  raw_server r;
  raw_start(&r, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly a part");
  t = new_transport(NULL);
  char url[64];
  snprintf(url, sizeof(url), "http://127.0.0.1:%u/partial", (unsigned)r.port);
  free(send_expect_failure(t, "GET", url, NULL, 5000, AML_ERR_TRANSPORT));
  raw_stop(&r);

  /* Garbage instead of HTTP. */
  raw_start(&r, "SSH-2.0-OpenSSH_9.2\r\n\r\n");
  snprintf(url, sizeof(url), "http://127.0.0.1:%u/garbage", (unsigned)r.port);
  free(send_expect_failure(t, "GET", url, NULL, 5000, AML_ERR_TRANSPORT));
  raw_stop(&r);
  aml_transport_unref(t);
}

static void test_interim_and_folded_headers(void **state) {
  (void)state;
  raw_server r;
  raw_start(&r,
            "HTTP/1.1 103 Early Hints\r\n"
            "Link: </style.css>; rel=preload\r\n"
            "X-Interim: yes\r\n"
            "\r\n"
            "HTTP/1.1 200 OK\r\n"
            "Content-Length: 5\r\n"
            "X-Final: yes\r\n"
            "Set-Cookie: a=1\r\n"
            "Set-Cookie: b=2\r\n"
            "X-Folded: first\r\n"
            " second\r\n"
            "X-Spaces:    padded   \r\n"
            "\r\n"
            "hello");
  aml_transport *t = new_transport(NULL);
  char url[64];
  snprintf(url, sizeof(url), "http://127.0.0.1:%u/hints", (unsigned)r.port);
  aml_http_response *resp = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_transport_send(t, "GET", url, NULL, NULL, 0, 5000, &resp, &err);
  if (rc != AML_OK) fail_msg("%s", aml_error_message(err));
  raw_stop(&r);

  assert_int_equal(aml_http_response_status(resp), 200);
  assert_null(aml_http_response_header(resp, "Link"));
  assert_null(aml_http_response_header(resp, "X-Interim"));
  assert_string_equal(aml_http_response_header(resp, "X-Final"), "yes");
  assert_string_equal(aml_http_response_header(resp, "X-Folded"), "first second");
  assert_string_equal(aml_http_response_header(resp, "X-Spaces"), "padded");
  assert_int_equal(aml_http_response_header_count(resp), 6);
  const char *name, *value;
  assert_int_equal(aml_http_response_header_at(resp, 2, &name, &value), AML_OK);
  assert_string_equal(name, "Set-Cookie");
  assert_string_equal(value, "a=1");
  assert_int_equal(aml_http_response_header_at(resp, 3, &name, &value), AML_OK);
  assert_string_equal(name, "Set-Cookie");
  assert_string_equal(value, "b=2");
  assert_string_equal(body_of(resp, NULL), "hello");
  aml_http_response_free(resp);
  aml_transport_unref(t);
}

/* ======================================================================== */
/* HTTPS                                                                     */
/* ======================================================================== */

typedef struct pki {
  char dir[256];
  char ca_file[300];
  char *server_key;     /* PEM */
  char *server_cert;    /* PEM: SAN localhost, 127.0.0.1 */
  char *wrong_name_key; /* PEM */
  char *wrong_name_cert;/* PEM: SAN only other.invalid, same CA */
} pki;

static void add_ext(X509 *cert, X509V3_CTX *ctx, int nid, const char *value) {
  X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, ctx, nid, value);
  assert_non_null(ext);
  assert_int_equal(X509_add_ext(cert, ext, -1), 1);
  X509_EXTENSION_free(ext);
}

/* A certificate for key; self-signed when issuer is NULL. */
static X509 *make_cert(EVP_PKEY *key, const char *cn, X509 *issuer, EVP_PKEY *issuer_key,
                       const char *san) {
  static long serial = 1;
  X509 *x = X509_new();
  assert_non_null(x);
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 24 * 3600);
  X509_set_pubkey(x, key);
  X509_NAME *name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
  X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer ? issuer : x, x, NULL, NULL, 0);
  if (!issuer) {
    add_ext(x, &ctx, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(x, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
    add_ext(x, &ctx, NID_subject_key_identifier, "hash");
  } else {
    add_ext(x, &ctx, NID_basic_constraints, "critical,CA:FALSE");
    add_ext(x, &ctx, NID_key_usage, "critical,digitalSignature");
    add_ext(x, &ctx, NID_ext_key_usage, "serverAuth");
    add_ext(x, &ctx, NID_subject_key_identifier, "hash");
    add_ext(x, &ctx, NID_authority_key_identifier, "keyid:always");
    add_ext(x, &ctx, NID_subject_alt_name, san);
  }
  assert_true(X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256()) > 0);
  return x;
}

static char *bio_string(BIO *b) {
  char *data = NULL;
  long n = BIO_get_mem_data(b, &data);
  char *s = malloc((size_t)n + 1);
  memcpy(s, data, (size_t)n);
  s[n] = '\0';
  BIO_free(b);
  return s;
}

static char *key_pem(EVP_PKEY *key) {
  BIO *b = BIO_new(BIO_s_mem());
  assert_int_equal(PEM_write_bio_PrivateKey(b, key, NULL, NULL, 0, NULL, NULL), 1);
  return bio_string(b);
}

static char *cert_pem(X509 *cert) {
  BIO *b = BIO_new(BIO_s_mem());
  assert_int_equal(PEM_write_bio_X509(b, cert), 1);
  return bio_string(b);
}

static void server_identity(EVP_PKEY *ca_key, X509 *ca, const char *san, char **key_out,
                            char **cert_out) {
  EVP_PKEY *key = EVP_EC_gen("P-256");
  assert_non_null(key);
  X509 *cert = make_cert(key, "aml test server", ca, ca_key, san);
  *key_out = key_pem(key);
  *cert_out = cert_pem(cert);
  X509_free(cert);
  EVP_PKEY_free(key);
}

static void pki_make(pki *p) {
  memset(p, 0, sizeof(*p));
  const char *tmp = getenv("TMPDIR");
  snprintf(p->dir, sizeof(p->dir), "%s/aml-curl-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  assert_non_null(mkdtemp(p->dir));
  snprintf(p->ca_file, sizeof(p->ca_file), "%s/ca.pem", p->dir);

  EVP_PKEY *ca_key = EVP_EC_gen("P-256");
  assert_non_null(ca_key);
  X509 *ca = make_cert(ca_key, "aml test CA", NULL, NULL, NULL);
  char *ca_pem = cert_pem(ca);
  FILE *f = fopen(p->ca_file, "w");
  assert_non_null(f);
  fputs(ca_pem, f);
  fclose(f);
  free(ca_pem);

  server_identity(ca_key, ca, "DNS:localhost,IP:127.0.0.1", &p->server_key, &p->server_cert);
  server_identity(ca_key, ca, "DNS:other.invalid", &p->wrong_name_key, &p->wrong_name_cert);
  X509_free(ca);
  EVP_PKEY_free(ca_key);
}

/* cmocka fixtures: the teardown runs even when the test fails half-way, so
 * no key material is left behind in the temporary directory. */
static int pki_setup(void **state) {
  static pki p;
  pki_make(&p);
  *state = &p;
  return 0;
}

static int pki_teardown(void **state) {
  pki *p = *state;
  unlink(p->ca_file);
  rmdir(p->dir);
  free(p->server_key);
  free(p->server_cert);
  free(p->wrong_name_key);
  free(p->wrong_name_cert);
  return 0;
}

static void expect_https_ok(aml_transport *t, const char *url) {
  aml_http_response *resp = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_transport_send(t, "POST", url, "Authorization: Bearer over-tls",
                                     (const uint8_t *)"tls body", 8, 5000, &resp, &err);
  if (rc != AML_OK) fail_msg("%s: %s", url, aml_error_message(err));
  assert_int_equal(aml_http_response_status(resp), 200);
  const char *body = body_of(resp, NULL);
  assert_non_null(strstr(body, "tls body"));
  aml_http_response_free(resp);
}

static void test_https(void **state) {
  if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) skip();
  const pki *p = *state;
  server s, wrong;
  server_start(&s, p->server_key, p->server_cert);
  server_start(&wrong, p->wrong_name_key, p->wrong_name_cert);

  aml_curl_transport_options o;
  aml_curl_transport_options_init(&o, AML_CURL_TRANSPORT_OPTIONS_VERSION);

  /* Trusting the test CA: both names of the certificate work, and the
   * connection is kept alive across requests. */
  o.ca_bundle = p->ca_file;
  aml_transport *t = new_transport(&o);
  expect_https_ok(t, server_url(&s, "https", "127.0.0.1", "/tls"));
  expect_https_ok(t, server_url(&s, "https", "127.0.0.1", "/tls-again"));
  assert_int_equal(atomic_load(&s.connections), 1);
  expect_https_ok(t, server_url(&s, "https", "localhost", "/tls-by-name"));
  /* Verification is on: a trusted certificate for another name fails. */
  char *msg = send_expect_failure(t, "GET", server_url(&wrong, "https", "127.0.0.1", "/x?k=v"), NULL,
                                  5000, AML_ERR_TLS);
  assert_non_null(strstr(msg, "k=REDACTED"));
  free(msg);
  aml_transport_unref(t);

  /* The system's trust store does not know the test CA. */
  o.ca_bundle = NULL;
  t = new_transport(&o);
  free(send_expect_failure(t, "GET", server_url(&s, "https", "127.0.0.1", "/tls"), NULL, 5000,
                           AML_ERR_TLS));
  aml_transport_unref(t);

  /* Verification off: unknown issuer and wrong name both pass. */
  o.insecure_skip_tls_verify = 1;
  t = new_transport(&o);
  expect_https_ok(t, server_url(&s, "https", "127.0.0.1", "/insecure"));
  expect_https_ok(t, server_url(&wrong, "https", "127.0.0.1", "/insecure-wrong-name"));
  aml_transport_unref(t);

  /* HTTP/2 disabled still talks HTTP/1.1 over TLS. */
  o.insecure_skip_tls_verify = 0;
  o.ca_bundle = p->ca_file;
  o.enable_http2 = 0;
  t = new_transport(&o);
  expect_https_ok(t, server_url(&s, "https", "localhost", "/h1"));
  aml_transport_unref(t);

  server_stop(&wrong);
  server_stop(&s);
}

/* ======================================================================== */
/* Proxy                                                                     */
/* ======================================================================== */

static void test_proxy(void **state) {
  (void)state;
  server proxy;
  server_start(&proxy, NULL, NULL);
  aml_curl_transport_options o;
  aml_curl_transport_options_init(&o, AML_CURL_TRANSPORT_OPTIONS_VERSION);
  char proxy_url[64];
  snprintf(proxy_url, sizeof(proxy_url), "http://127.0.0.1:%u", (unsigned)proxy.port);
  o.proxy = proxy_url;
  aml_transport *t = new_transport(&o);

  /* The host does not exist: only a proxy can answer, and it must be asked
   * with the absolute URI. */
  const char *target = "http://aml-origin.invalid:8080/through/proxy?x=1";
  aml_http_response *resp = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_transport_send(t, "GET", target, "X-Via-Test: 1", NULL, 0, 5000, &resp, &err);
  if (rc != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_string_equal(proxy.last.uri, target);
  assert_string_equal(rec_header(&proxy, "Host"), "aml-origin.invalid:8080");
  assert_string_equal(rec_header(&proxy, "X-Via-Test"), "1");
  assert_int_equal(aml_http_response_status(resp), 200);
  aml_http_response_free(resp);
  aml_transport_unref(t);
  server_stop(&proxy);
}

/* ======================================================================== */
/* Allocation failures                                                       */
/* ======================================================================== */

/* Fail each library allocation in turn, through creation, a request with
 * headers and a body, and destruction: every run ends in success or
 * AML_ERR_NOMEM and leaves nothing allocated. */
static void test_allocation_failures(void **state) {
  (void)state;
  server s;
  server_start(&s, NULL, NULL);
  const char *url = server_url(&s, "http", "127.0.0.1", "/alloc?x=1");
  aml_curl_transport_options o;
  aml_curl_transport_options_init(&o, AML_CURL_TRANSPORT_OPTIONS_VERSION);
  o.proxy = ""; /* an empty proxy disables proxies: strings are copied too */

  aml_test_alloc_install();
  int runs = 0;
  for (long n = 1; n < 1000; n++) {
    aml_test_alloc_reset_counters();
    aml_test_alloc_fail_at(n);
    aml_transport *t = NULL;
    aml_result rc = aml_curl_transport_new(&o, &t, NULL);
    if (rc == AML_OK) {
      aml_http_response *resp = NULL;
      aml_error *err = NULL;
      rc = aml_transport_send(t, "PATCH", url, "Authorization: Bearer x\nX-A: 1\nX-B: 2",
                              (const uint8_t *)"payload", 7, 5000, &resp, &err);
      if (rc != AML_OK && rc != AML_ERR_NOMEM)
        fail_msg("fail_at %ld: %s", n, err ? aml_error_message(err) : aml_result_str(rc));
      if (rc == AML_OK) {
        assert_int_equal(aml_http_response_status(resp), 200);
        assert_int_equal(aml_http_response_header_count(resp) >= 4, 1);
      }
      aml_http_response_free(resp);
      aml_error_free(err);
      aml_transport_unref(t);
    } else {
      assert_int_equal(rc, AML_ERR_NOMEM);
      assert_null(t);
    }
    assert_int_equal(aml_test_alloc_live(), 0);
    runs++;
    if (!aml_test_alloc_failed()) break; /* every allocation has been failed once */
  }
  aml_test_alloc_uninstall();
  assert_true(runs > 5);
  server_stop(&s);
}

int main(void) {
  /* Loopback tests must not be sent to whatever proxy the environment names. */
  const char *proxy_vars[] = {"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
                              "all_proxy",  "ALL_PROXY",  "no_proxy",    "NO_PROXY"};
  for (size_t i = 0; i < sizeof(proxy_vars) / sizeof(proxy_vars[0]); i++) unsetenv(proxy_vars[i]);
  signal(SIGPIPE, SIG_IGN);

  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_options_and_arguments),
      cmocka_unit_test(test_methods_round_trip),
      cmocka_unit_test(test_large_binary_body),
      cmocka_unit_test(test_rejects_unsafe_requests),
      cmocka_unit_test(test_keep_alive),
      cmocka_unit_test(test_concurrent_requests),
      cmocka_unit_test(test_connect_failures),
      cmocka_unit_test(test_timeouts),
      cmocka_unit_test(test_broken_exchanges),
      cmocka_unit_test(test_interim_and_folded_headers),
      cmocka_unit_test_setup_teardown(test_https, pki_setup, pki_teardown),
      cmocka_unit_test(test_proxy),
      cmocka_unit_test(test_allocation_failures),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
