/* The built-in transport: libcurl's easy interface over a pool of handles.
 *
 * Why a pool of easy handles: every easy handle keeps its own connection
 * cache, so handing a finished handle to the next request reuses its
 * keep-alive connection. A request holds its handle alone for the whole
 * exchange, which is what makes one transport safe from many threads
 * (libcurl's shared connection cache is documented as unsafe between
 * concurrent threads, so connections are not shared; DNS answers and TLS
 * sessions are, through a share handle with real locks).
 *
 * Each pooled handle keeps at most one idle connection (CURLOPT_MAXCONNECTS
 * = 1) and the pool keeps at most max_idle_connections handles, so the
 * number of idle connections is bounded by the option exactly. A request
 * prefers a handle whose last request went to the same origin, so that a
 * client talking to several hosts (token endpoint, ARM, scoring URI) still
 * finds a warm connection.
 */
#include <azureml/transport.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/secure.h"
#include "core/str.h"
#include "core/sync.h"
#include "core/url.h"
#include "http/message.h"

#include <curl/curl.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* libcurl's process-wide initialisation                                     */
/* ------------------------------------------------------------------------ */

/* aml_global_init() is the documented contract, but a program that skips it
 * must still work. curl_global_init is reference counted and, from libcurl
 * 7.84 on, thread-safe, so one extra reference taken here is harmless even
 * when the user did call aml_global_init(); it lives until process exit. */
static pthread_once_t g_curl_once = PTHREAD_ONCE_INIT;
static CURLcode g_curl_init_result;

static void curl_init_once(void) { g_curl_init_result = curl_global_init(CURL_GLOBAL_DEFAULT); }

static bool curl_ready(void) {
  pthread_once(&g_curl_once, curl_init_once);
  return g_curl_init_result == CURLE_OK;
}

/* ------------------------------------------------------------------------ */
/* The transport object                                                      */
/* ------------------------------------------------------------------------ */

typedef struct pooled {
  CURL *easy;
  char *origin; /* "scheme://authority" of its last request; NULL if unknown */
} pooled;

static void pooled_free(pooled *p) {
  if (p->easy) curl_easy_cleanup(p->easy);
  aml__free(p->origin);
}

typedef struct curl_transport {
  aml_mutex pool_lock;
  pooled *idle; /* idle[idle_count - 1] is the most recently released */
  size_t idle_count;
  size_t max_idle;

  CURLSH *share;
  aml_mutex share_locks[CURL_LOCK_DATA_LAST];
  size_t share_locks_ready; /* how many of share_locks were initialised */

  int64_t connect_timeout_ms;
  int64_t timeout_ms;
  char *ca_bundle;
  char *proxy;
  bool insecure;
  bool http2;
} curl_transport;

/* One mutex per kind of shared data; shared (read) access takes it too,
 * since a DNS or TLS-session lookup is far cheaper than the exchange. */
static void share_lock(CURL *easy, curl_lock_data data, curl_lock_access access, void *ud) {
  (void)easy;
  (void)access;
  curl_transport *ct = ud;
  aml__mutex_lock(&ct->share_locks[data]);
}

static void share_unlock(CURL *easy, curl_lock_data data, void *ud) {
  (void)easy;
  curl_transport *ct = ud;
  aml__mutex_unlock(&ct->share_locks[data]);
}

static void curl_transport_free(curl_transport *ct) {
  if (!ct) return;
  /* Easy handles first: a share cannot be cleaned while handles use it. */
  for (size_t i = 0; i < ct->idle_count; i++) pooled_free(&ct->idle[i]);
  aml__free(ct->idle);
  if (ct->share) curl_share_cleanup(ct->share);
  for (size_t i = 0; i < ct->share_locks_ready; i++) aml__mutex_destroy(&ct->share_locks[i]);
  aml__mutex_destroy(&ct->pool_lock);
  aml__free(ct->ca_bundle);
  aml__free(ct->proxy);
  aml__free(ct);
}

static void curl_transport_destroy(void *self) { curl_transport_free(self); }

/* ------------------------------------------------------------------------ */
/* The handle pool                                                           */
/* ------------------------------------------------------------------------ */

/* The length of url's "scheme://authority" prefix, 0 when it has none. */
static size_t origin_length(const char *url) {
  const char *sep = strstr(url, "://");
  return sep ? (size_t)(sep + 3 - url) + strcspn(sep + 3, "/?#") : 0;
}

static bool origin_matches(const char *held, const char *origin, size_t len) {
  return held && len && strlen(held) == len && aml__strncasecmp(held, origin, len) == 0;
}

/* Remove idle[i], keeping the others in least- to most-recently-used order. */
static pooled pool_take_at(curl_transport *ct, size_t i) {
  pooled p = ct->idle[i];
  memmove(&ct->idle[i], &ct->idle[i + 1], (ct->idle_count - i - 1) * sizeof(pooled));
  ct->idle_count--;
  return p;
}

static aml_result pool_acquire(curl_transport *ct, const char *url, pooled *out) {
  size_t len = origin_length(url);
  out->easy = NULL;
  out->origin = NULL;

  aml__mutex_lock(&ct->pool_lock);
  for (size_t i = ct->idle_count; i-- > 0;) {
    if (origin_matches(ct->idle[i].origin, url, len)) {
      *out = pool_take_at(ct, i);
      break;
    }
  }
  /* No warm connection to this origin. While the pool has room, a new
   * handle leaves the others' connections warm for their own hosts; a full
   * pool gives up its least recently used one instead. */
  if (!out->easy && ct->idle_count && ct->idle_count == ct->max_idle) *out = pool_take_at(ct, 0);
  aml__mutex_unlock(&ct->pool_lock);

  if (out->easy) return AML_OK;
  out->easy = curl_easy_init();
  return out->easy ? AML_OK : AML_ERR_NOMEM;
}

static void pool_release(curl_transport *ct, pooled *p, const char *url) {
  /* Forget every option now: the handle must not keep pointers to this
   * request's header list, body or buffers while it sits in the pool. */
  curl_easy_reset(p->easy);

  size_t len = origin_length(url);
  if (!origin_matches(p->origin, url, len)) {
    aml__free(p->origin);
    /* Without memory the handle is still worth keeping, just unlabelled. */
    p->origin = len ? aml__strndup(url, len) : NULL;
  }

  pooled evicted = {NULL, NULL};
  aml__mutex_lock(&ct->pool_lock);
  if (ct->max_idle == 0) {
    evicted = *p;
  } else {
    /* The most recently used connections are the ones worth keeping. */
    if (ct->idle_count == ct->max_idle) evicted = pool_take_at(ct, 0);
    ct->idle[ct->idle_count++] = *p;
  }
  aml__mutex_unlock(&ct->pool_lock);
  pooled_free(&evicted); /* closing a connection can block: not under the lock */
}

/* ------------------------------------------------------------------------ */
/* Building the request                                                      */
/* ------------------------------------------------------------------------ */

/* RFC 9110 token characters: what a method or a header name may contain. */
static bool is_token(const char *s) {
  if (aml__str_empty(s)) return false;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum && !strchr("!#$%&'*+-.^_`|~", c)) return false;
  }
  return true;
}

/* Header lists may hold Authorization: wipe them before libcurl frees them. */
static void slist_free_secret(struct curl_slist *list) {
  for (struct curl_slist *n = list; n; n = n->next) aml__secure_wipe(n->data, strlen(n->data));
  curl_slist_free_all(list);
}

static aml_result slist_add(struct curl_slist **list, const char *line) {
  struct curl_slist *grown = curl_slist_append(*list, line);
  if (!grown) return AML_ERR_NOMEM;
  *list = grown;
  return AML_OK;
}

/* Framing is the transport's job: a caller's Content-Length or
 * Transfer-Encoding that disagreed with the body would desynchronise a
 * kept-alive connection, and Expect: 100-continue only costs a round trip. */
static bool is_framing_header(const char *name) {
  return aml__strcasecmp(name, "Content-Length") == 0 ||
         aml__strcasecmp(name, "Transfer-Encoding") == 0 || aml__strcasecmp(name, "Expect") == 0;
}

static aml_result add_request_header(struct curl_slist **list, const aml_kv *h, aml_error **err) {
  /* An invalid name is not quoted: it may be a whole misplaced line. */
  if (!is_token(h->name))
    return aml__fail(err, AML_ERR_INVALID_ARG, "a request header name is not a valid HTTP token");
  if (strpbrk(h->value, "\r\n"))
    /* The value is never echoed: it may be a token. */
    return aml__fail(err, AML_ERR_INVALID_ARG, "request header %s contains a line break", h->name);
  if (is_framing_header(h->name)) return AML_OK;

  aml_buf line = AML_BUF_INIT;
  aml_result rc;
  /* "Name:" alone would tell libcurl to drop the header; "Name;" sends it empty. */
  if (*h->value)
    rc = aml__buf_printf(&line, "%s: %s", h->name, h->value);
  else
    rc = aml__buf_printf(&line, "%s;", h->name);
  if (rc == AML_OK) rc = slist_add(list, aml__buf_cstr(&line));
  aml__buf_free_secret(&line);
  if (rc != AML_OK) return aml__fail(err, AML_ERR_NOMEM, "out of memory building request headers");
  return AML_OK;
}

/* The request's headers, then blanks that switch off what libcurl would
 * otherwise add on its own. */
static aml_result build_headers(const aml_http_request *req, bool sends_body,
                                struct curl_slist **out, aml_error **err) {
  struct curl_slist *list = NULL;
  aml_result rc = AML_OK;
  for (size_t i = 0; rc == AML_OK && i < req->headers.count; i++)
    rc = add_request_header(&list, &req->headers.items[i], err);
  if (rc == AML_OK) rc = slist_add(&list, "Expect:");
  if (rc == AML_OK && !aml__kvlist_get(&req->headers, "Accept")) rc = slist_add(&list, "Accept:");
  /* libcurl labels every POSTFIELDS body as a form unless told otherwise. */
  if (rc == AML_OK && sends_body && !aml__kvlist_get(&req->headers, "Content-Type"))
    rc = slist_add(&list, "Content-Type:");
  if (rc != AML_OK) {
    slist_free_secret(list);
    return aml__fail(err, rc, "out of memory building request headers");
  }
  *out = list;
  return AML_OK;
}

/* PUT, POST and PATCH always carry a body (an empty one is sent as
 * Content-Length: 0); any other method carries one only when it has bytes. */
static bool method_sends_body(const aml_http_request *req) {
  if (req->body_size) return true;
  return strcmp(req->method, "POST") == 0 || strcmp(req->method, "PUT") == 0 ||
         strcmp(req->method, "PATCH") == 0;
}

static long clamp_long(int64_t v) { return v > LONG_MAX ? LONG_MAX : (long)v; }

typedef struct exchange {
  aml_http_response *resp;
  bool nomem; /* a callback ran out of memory and aborted the transfer */
} exchange;

static size_t on_header(char *data, size_t size, size_t count, void *ud);
static size_t on_body(char *data, size_t size, size_t count, void *ud);

static CURLcode set_method(CURL *h, const aml_http_request *req, bool sends_body) {
  CURLcode cc;
  if (sends_body) {
    /* POSTFIELDS sends from our buffer without copying; the request outlives
     * the transfer. A NULL body with size 0 would make libcurl read stdin. */
    if ((cc = curl_easy_setopt(h, CURLOPT_POST, 1L)) ||
        (cc = curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_size)) ||
        (cc = curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->body ? (const char *)req->body : "")))
      return cc;
    return strcmp(req->method, "POST") == 0
               ? CURLE_OK
               : curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
  }
  if (strcmp(req->method, "HEAD") == 0) return curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  if ((cc = curl_easy_setopt(h, CURLOPT_HTTPGET, 1L))) return cc;
  return strcmp(req->method, "GET") == 0 ? CURLE_OK
                                         : curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method);
}

static CURLcode set_connection_options(CURL *h, const curl_transport *ct) {
  CURLcode cc;
  if ((cc = curl_easy_setopt(h, CURLOPT_SHARE, ct->share)) ||
      /* Signals are process-wide; a library in a threaded program must not use them. */
      (cc = curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L)) ||
      (cc = curl_easy_setopt(h, CURLOPT_MAXCONNECTS, 1L)) ||
      /* Load balancers drop idle flows silently; probes keep pooled ones honest. */
      (cc = curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L)) ||
      /* A redirect would carry Authorization to wherever it points. */
      (cc = curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L)) ||
      (cc = curl_easy_setopt(h, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L)) ||
      (cc = curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, ct->insecure ? 0L : 1L)) ||
      (cc = curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, ct->insecure ? 0L : 2L)))
    return cc;
#if LIBCURL_VERSION_NUM >= 0x075500
  if ((cc = curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https"))) return cc;
#else
  if ((cc = curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)))) return cc;
#endif
  if (ct->ca_bundle) {
    /* "Instead of the system's": the default CA directory goes too. */
    if ((cc = curl_easy_setopt(h, CURLOPT_CAINFO, ct->ca_bundle)) ||
        (cc = curl_easy_setopt(h, CURLOPT_CAPATH, NULL)))
      return cc;
  }
  if (ct->proxy && (cc = curl_easy_setopt(h, CURLOPT_PROXY, ct->proxy))) return cc;
  if (ct->connect_timeout_ms > 0 &&
      (cc = curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, clamp_long(ct->connect_timeout_ms))))
    return cc;
  /* HTTP/2 is only an offer (ALPN); a libcurl built without it refuses the
   * option, and HTTP/1.1 is then the right answer anyway. */
  (void)curl_easy_setopt(h, CURLOPT_HTTP_VERSION,
                         ct->http2 ? (long)CURL_HTTP_VERSION_2TLS : (long)CURL_HTTP_VERSION_1_1);
  return CURLE_OK;
}

static CURLcode set_exchange_options(CURL *h, const curl_transport *ct, const aml_http_request *req,
                                     struct curl_slist *headers, exchange *x, char *errbuf) {
  int64_t timeout = req->timeout_ms > 0 ? req->timeout_ms : ct->timeout_ms;
  CURLcode cc;
  if ((cc = curl_easy_setopt(h, CURLOPT_URL, req->url)) ||
      (cc = curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers)) ||
      (cc = curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header)) ||
      (cc = curl_easy_setopt(h, CURLOPT_HEADERDATA, x)) ||
      (cc = curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body)) ||
      (cc = curl_easy_setopt(h, CURLOPT_WRITEDATA, x)) ||
      (cc = curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf)))
    return cc;
  if (timeout > 0 && (cc = curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, clamp_long(timeout)))) return cc;
  return CURLE_OK;
}

/* ------------------------------------------------------------------------ */
/* Receiving the response                                                    */
/* ------------------------------------------------------------------------ */

static void forget_headers(aml_http_response *resp) {
  aml__kvlist_clear_secret(&resp->headers);
  aml__kvlist_init(&resp->headers, true);
}

/* An obsolete folded line continues the previous header's value. */
static aml_result unfold(aml_http_response *resp, const char *more, size_t len) {
  if (resp->headers.count == 0) return AML_OK;
  aml_kv *last = &resp->headers.items[resp->headers.count - 1];
  aml_buf joined = AML_BUF_INIT;
  if (aml__buf_puts(&joined, last->value) || (*last->value && aml__buf_putc(&joined, ' ')) ||
      aml__buf_append(&joined, more, len)) {
    aml__buf_free_secret(&joined);
    return AML_ERR_NOMEM;
  }
  aml__free_secret(last->value);
  last->value = aml__buf_detach(&joined);
  return AML_OK;
}

static size_t on_header(char *data, size_t size, size_t count, void *ud) {
  exchange *x = ud;
  size_t n = size * count;
  /* Every status line starts a new response: what came before belonged to
   * an interim (1xx) one and must not mix with the final headers. */
  if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
    forget_headers(x->resp);
    return n;
  }
  size_t a, b;
  aml__str_trim_bounds(data, n, &a, &b);
  if (a == b) return n; /* the blank line that ends a header block */
  aml_result rc = AML_OK;
  if (data[0] == ' ' || data[0] == '\t') {
    rc = unfold(x->resp, data + a, b - a);
  } else {
    const char *colon = memchr(data + a, ':', b - a);
    if (!colon) return n; /* not a header: nothing to keep */
    size_t na, nb, va, vb;
    aml__str_trim_bounds(data + a, (size_t)(colon - (data + a)), &na, &nb);
    aml__str_trim_bounds(colon + 1, (size_t)(data + b - (colon + 1)), &va, &vb);
    if (na == nb) return n;
    rc = aml__kvlist_add_n(&x->resp->headers, data + a + na, nb - na, colon + 1 + va, vb - va);
  }
  if (rc != AML_OK) {
    x->nomem = true;
    return 0; /* anything else than n aborts the transfer */
  }
  return n;
}

static size_t on_body(char *data, size_t size, size_t count, void *ud) {
  exchange *x = ud;
  size_t n = size * count;
  if (aml__buf_append(&x->resp->body, data, n) != AML_OK) {
    x->nomem = true;
    return 0;
  }
  return n;
}

/* ------------------------------------------------------------------------ */
/* Errors                                                                    */
/* ------------------------------------------------------------------------ */

static bool is_tls_error(CURLcode cc) {
  switch (cc) {
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_SSL_ENGINE_NOTFOUND:
  case CURLE_SSL_ENGINE_SETFAILED:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_PEER_FAILED_VERIFICATION: /* also CURLE_SSL_CACERT before 7.62 */
  case CURLE_USE_SSL_FAILED:
  case CURLE_SSL_ENGINE_INITFAILED:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_SHUTDOWN_FAILED:
  case CURLE_SSL_CRL_BADFILE:
  case CURLE_SSL_ISSUER_ERROR:
  case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
  case CURLE_SSL_INVALIDCERTSTATUS:
#if LIBCURL_VERSION_NUM >= 0x074700
  case CURLE_SSL_CLIENTCERT:
#endif
    return true;
  default:
    return false;
  }
}

/* The library's code for a failed transfer, and a few words for the message. */
static aml_result classify(CURLcode cc, CURL *easy, bool nomem, const char **what) {
  if (nomem || cc == CURLE_OUT_OF_MEMORY) {
    *what = "out of memory";
    return AML_ERR_NOMEM;
  }
  if (is_tls_error(cc)) {
    *what = "TLS failed";
    return AML_ERR_TLS;
  }
  switch (cc) {
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY:
  case CURLE_COULDNT_CONNECT:
    *what = "could not connect";
    return AML_ERR_CONNECT;
  case CURLE_OPERATION_TIMEDOUT: {
    /* A timeout before any request byte went out (resolving, connecting,
     * TLS handshake) is a connect failure: the server saw nothing, so any
     * method may be retried. */
    long sent = 0;
    if (curl_easy_getinfo(easy, CURLINFO_REQUEST_SIZE, &sent) == CURLE_OK && sent == 0) {
      *what = "timed out before a connection was made";
      return AML_ERR_CONNECT;
    }
    *what = "timed out";
    return AML_ERR_TIMEOUT;
  }
  case CURLE_URL_MALFORMAT:
    *what = "unusable URL";
    return AML_ERR_INVALID_ARG;
  default:
    *what = "the exchange failed";
    return AML_ERR_TRANSPORT;
  }
}

/* Messages name the method and the URL with its query redacted, plus
 * libcurl's own text; never a header value or a body (tokens). */
static aml_result fail_request(aml_error **err, aml_result code, const aml_http_request *req,
                               const char *what, const char *detail) {
  if (!err || *err) return code;
  aml_buf url = AML_BUF_INIT;
  aml__url_redact(&url, req->url);
  size_t len = strlen(detail);
  while (len && (detail[len - 1] == '\n' || detail[len - 1] == '\r')) len--;
  aml__fail(err, code, "%s %s: %s: %.*s", req->method, aml__buf_cstr(&url), what, (int)len, detail);
  aml__buf_free(&url);
  return code;
}

/* ------------------------------------------------------------------------ */
/* send                                                                      */
/* ------------------------------------------------------------------------ */

static aml_result perform(curl_transport *ct, CURL *h, const aml_http_request *req,
                          aml_http_response *resp, aml_error **err) {
  bool sends_body = method_sends_body(req);
  struct curl_slist *headers = NULL;
  aml_result rc = build_headers(req, sends_body, &headers, err);
  if (rc != AML_OK) return rc;

  char errbuf[CURL_ERROR_SIZE];
  errbuf[0] = '\0';
  exchange x = {resp, false};
  CURLcode cc;
  if ((cc = set_connection_options(h, ct)) || (cc = set_method(h, req, sends_body)) ||
      (cc = set_exchange_options(h, ct, req, headers, &x, errbuf))) {
    slist_free_secret(headers);
    if (cc == CURLE_OUT_OF_MEMORY) return aml__fail(err, AML_ERR_NOMEM, "out of memory configuring libcurl");
    return fail_request(err, AML_ERR_INTERNAL, req, "libcurl refused an option", curl_easy_strerror(cc));
  }

  cc = curl_easy_perform(h);
  if (cc == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (status < 100 || status > 599 || aml_http_response_set_status(resp, (int32_t)status) != AML_OK)
      rc = fail_request(err, AML_ERR_TRANSPORT, req, "the exchange failed",
                        "the server sent no valid HTTP status");
  } else {
    const char *what;
    rc = classify(cc, h, x.nomem, &what);
    fail_request(err, rc, req, what, errbuf[0] ? errbuf : curl_easy_strerror(cc));
  }
  slist_free_secret(headers);
  return rc;
}

static aml_result curl_send(void *self, const aml_http_request *req, aml_http_response *resp,
                            aml_error **err) {
  curl_transport *ct = self;
  if (!is_token(req->method))
    return aml__fail(err, AML_ERR_INVALID_ARG, "the HTTP method is not a valid HTTP token");
  /* libcurl speaks many protocols; this transport only ever means HTTP.
   * (CURLE_UNSUPPORTED_PROTOCOL later means the server answered in
   * something else, such as HTTP/0.9: a broken exchange, not a bad URL.) */
  if (!aml__url_is_http(req->url))
    return fail_request(err, AML_ERR_INVALID_ARG, req, "unusable URL",
                        "only http:// and https:// URLs can be sent");

  pooled p;
  if (pool_acquire(ct, req->url, &p) != AML_OK)
    return aml__fail(err, AML_ERR_NOMEM, "out of memory creating a libcurl handle");
  aml_result rc = perform(ct, p.easy, req, resp, err);
  pool_release(ct, &p, req->url);
  return rc;
}

/* ------------------------------------------------------------------------ */
/* Public functions                                                          */
/* ------------------------------------------------------------------------ */

aml_result aml_curl_transport_options_init(aml_curl_transport_options *opts, uint32_t version) {
  if (!opts) return AML_ERR_INVALID_ARG;
  if (version != AML_CURL_TRANSPORT_OPTIONS_VERSION) return AML_ERR_VERSION;
  memset(opts, 0, sizeof(*opts));
  opts->version = version;
  opts->connect_timeout_ms = 30000;
  opts->timeout_ms = 0;
  opts->ca_bundle = NULL;
  opts->proxy = NULL;
  opts->insecure_skip_tls_verify = 0;
  opts->enable_http2 = 1;
  opts->max_idle_connections = 16;
  return AML_OK;
}

static aml_result check_options(const aml_curl_transport_options *o, aml_error **err) {
  if (o->version != AML_CURL_TRANSPORT_OPTIONS_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "aml_curl_transport_new: unknown options version %u",
                     o->version);
  if (o->connect_timeout_ms < 0 || o->timeout_ms < 0)
    return aml__fail(err, AML_ERR_INVALID_ARG, "aml_curl_transport_new: timeouts cannot be negative");
  if (o->max_idle_connections < 0)
    return aml__fail(err, AML_ERR_INVALID_ARG,
                     "aml_curl_transport_new: max_idle_connections cannot be negative");
  if (o->ca_bundle) {
    /* Say so now rather than on every request with a TLS error. Reading one
     * byte also rejects a directory, which fopen alone accepts. */
    FILE *f = fopen(o->ca_bundle, "rb");
    int saved = errno;
    bool readable = f && (fgetc(f), !ferror(f));
    if (f && !readable) saved = errno;
    if (f) fclose(f);
    if (!readable)
      return aml__fail(err, AML_ERR_CONFIG, "aml_curl_transport_new: CA bundle %s cannot be read: %s",
                       o->ca_bundle, strerror(saved));
  }
  return AML_OK;
}

static aml_result copy_options(curl_transport *ct, const aml_curl_transport_options *o) {
  ct->connect_timeout_ms = o->connect_timeout_ms;
  ct->timeout_ms = o->timeout_ms;
  ct->insecure = o->insecure_skip_tls_verify != 0;
  ct->http2 = o->enable_http2 != 0;
  ct->max_idle = (size_t)o->max_idle_connections;
  ct->ca_bundle = aml__strdup(o->ca_bundle);
  ct->proxy = aml__strdup(o->proxy);
  if ((o->ca_bundle && !ct->ca_bundle) || (o->proxy && !ct->proxy)) return AML_ERR_NOMEM;
  ct->idle = aml__calloc(ct->max_idle ? ct->max_idle : 1, sizeof(pooled));
  return ct->idle ? AML_OK : AML_ERR_NOMEM;
}

static aml_result make_share(curl_transport *ct) {
  for (; ct->share_locks_ready < CURL_LOCK_DATA_LAST; ct->share_locks_ready++)
    if (!aml__mutex_init(&ct->share_locks[ct->share_locks_ready])) return AML_ERR_NOMEM;
  ct->share = curl_share_init();
  if (!ct->share) return AML_ERR_NOMEM;
  if (curl_share_setopt(ct->share, CURLSHOPT_LOCKFUNC, share_lock) ||
      curl_share_setopt(ct->share, CURLSHOPT_UNLOCKFUNC, share_unlock) ||
      curl_share_setopt(ct->share, CURLSHOPT_USERDATA, ct) ||
      curl_share_setopt(ct->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) ||
      curl_share_setopt(ct->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION))
    return AML_ERR_NOMEM;
  return AML_OK;
}

aml_result aml_curl_transport_new(const aml_curl_transport_options *opts, aml_transport **out,
                                  aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_curl_transport_new: out is required");
  *out = NULL;
  aml_curl_transport_options defaults;
  if (!opts) {
    aml_curl_transport_options_init(&defaults, AML_CURL_TRANSPORT_OPTIONS_VERSION);
    opts = &defaults;
  }
  aml_result rc = check_options(opts, err);
  if (rc != AML_OK) return rc;
  if (!curl_ready())
    return aml__fail(err, AML_ERR_INTERNAL, "aml_curl_transport_new: libcurl failed to initialise");

  curl_transport *ct = aml__calloc(1, sizeof(*ct));
  if (!ct) return aml__fail(err, AML_ERR_NOMEM, "out of memory creating the libcurl transport");
  if (!aml__mutex_init(&ct->pool_lock)) {
    aml__free(ct);
    return aml__fail(err, AML_ERR_NOMEM, "cannot create a mutex for the libcurl transport");
  }
  if (copy_options(ct, opts) != AML_OK || make_share(ct) != AML_OK) {
    curl_transport_free(ct);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory creating the libcurl transport");
  }
  static const aml_transport_vtable vt = {AML_TRANSPORT_VTABLE_VERSION, curl_send,
                                          curl_transport_destroy};
  /* aml_transport_new destroys ct itself when it fails. */
  return aml_transport_new(&vt, ct, out, err);
}
