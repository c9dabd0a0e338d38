/* The scriptable fake transport: canned responses in, recorded requests out. */
#include <azureml/fake_transport.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/sync.h"
#include "core/url.h"
#include "http/message.h"
#include "http/transport_impl.h"

#include <string.h>

typedef struct canned {
  int32_t status;
  aml_result failure; /* non-zero: fail with this instead of answering */
  aml_kvlist headers;
  char *body;
} canned;

typedef struct fake {
  aml_mutex lock;
  canned *queue;
  size_t queue_head, queue_count, queue_cap;
  aml_http_request **requests;
  size_t request_count, request_cap;
} fake;

static void canned_clear(canned *c) {
  aml__kvlist_clear(&c->headers);
  aml__free(c->body);
}

static aml_http_request *request_copy(const aml_http_request *src) {
  aml_http_request *copy = NULL;
  if (aml__http_request_new(src->method, src->url, &copy) != AML_OK) return NULL;
  aml__kvlist_clear(&copy->headers);
  if (aml__kvlist_copy(&copy->headers, &src->headers) != AML_OK ||
      aml__http_request_set_body(copy, src->body, src->body_size) != AML_OK) {
    aml__http_request_free(copy);
    return NULL;
  }
  copy->timeout_ms = src->timeout_ms;
  return copy;
}

static aml_result fake_send(void *self, const aml_http_request *req, aml_http_response *resp,
                            aml_error **err) {
  fake *f = self;
  aml_http_request *copy = request_copy(req);
  if (!copy) return aml__fail(err, AML_ERR_NOMEM, "fake transport: out of memory recording a request");

  aml__mutex_lock(&f->lock);
  if (f->request_count == f->request_cap) {
    size_t cap = f->request_cap ? f->request_cap * 2 : 16;
    aml_http_request **grown = aml__realloc(f->requests, cap * sizeof(*grown));
    if (!grown) {
      aml__mutex_unlock(&f->lock);
      aml__http_request_free(copy);
      return aml__fail(err, AML_ERR_NOMEM, "fake transport: out of memory recording a request");
    }
    f->requests = grown;
    f->request_cap = cap;
  }
  f->requests[f->request_count++] = copy;

  if (f->queue_count == 0) {
    aml__mutex_unlock(&f->lock);
    aml_buf url = AML_BUF_INIT;
    aml__url_redact(&url, req->url);
    aml_result rc = aml__fail(err, AML_ERR_TRANSPORT, "fake transport: no response queued for %s %s",
                              req->method, aml__buf_cstr(&url));
    aml__buf_free(&url);
    return rc;
  }
  canned c = f->queue[f->queue_head];
  f->queue_head++;
  f->queue_count--;
  aml__mutex_unlock(&f->lock);

  aml_result rc = AML_OK;
  if (c.failure) {
    rc = aml__fail(err, c.failure, "fake transport: scripted failure (%s)", aml_result_str(c.failure));
  } else {
    resp->status = c.status;
    for (size_t i = 0; i < c.headers.count && rc == AML_OK; i++)
      rc = aml_http_response_add_header(resp, c.headers.items[i].name, c.headers.items[i].value);
    if (rc == AML_OK && c.body) rc = aml__buf_puts(&resp->body, c.body);
    if (rc != AML_OK) rc = aml__fail(err, AML_ERR_NOMEM, "fake transport: out of memory");
  }
  canned_clear(&c);
  return rc;
}

static void fake_reset_locked(fake *f) {
  for (size_t i = 0; i < f->queue_count; i++) canned_clear(&f->queue[f->queue_head + i]);
  f->queue_head = f->queue_count = 0;
  for (size_t i = 0; i < f->request_count; i++) aml__http_request_free(f->requests[i]);
  f->request_count = 0;
}

static void fake_destroy(void *self) {
  fake *f = self;
  fake_reset_locked(f);
  aml__free(f->queue);
  aml__free(f->requests);
  aml__mutex_destroy(&f->lock);
  aml__free(f);
}

static const aml_transport_vtable k_fake_vtable = {AML_TRANSPORT_VTABLE_VERSION, fake_send, fake_destroy};

static fake *as_fake(aml_transport *t) {
  return t && t->vt.send == fake_send ? (fake *)t->self : NULL;
}

aml_result aml_fake_transport_new(aml_transport **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_fake_transport_new: out is required");
  fake *f = aml__calloc(1, sizeof(*f));
  if (!f) return aml__fail(err, AML_ERR_NOMEM, "out of memory creating a fake transport");
  if (!aml__mutex_init(&f->lock)) {
    aml__free(f);
    return aml__fail(err, AML_ERR_INTERNAL, "could not create a mutex");
  }
  return aml_transport_new(&k_fake_vtable, f, out, err);
}

static aml_result enqueue(fake *f, canned *c, aml_error **err) {
  aml__mutex_lock(&f->lock);
  if (f->queue_head + f->queue_count == f->queue_cap) {
    if (f->queue_head > 0) { /* slide down before growing */
      memmove(f->queue, f->queue + f->queue_head, f->queue_count * sizeof(*f->queue));
      f->queue_head = 0;
    } else {
      size_t cap = f->queue_cap ? f->queue_cap * 2 : 8;
      canned *grown = aml__realloc(f->queue, cap * sizeof(*grown));
      if (!grown) {
        aml__mutex_unlock(&f->lock);
        canned_clear(c);
        return aml__fail(err, AML_ERR_NOMEM, "fake transport: out of memory");
      }
      f->queue = grown;
      f->queue_cap = cap;
    }
  }
  f->queue[f->queue_head + f->queue_count++] = *c;
  aml__mutex_unlock(&f->lock);
  return AML_OK;
}

aml_result aml_fake_transport_add_response(aml_transport *t, int32_t status, const char *headers,
                                           const char *body, aml_error **err) {
  fake *f = as_fake(t);
  if (!f) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_fake_transport_add_response: not a fake transport");
  if (status < 100 || status > 599)
    return aml__fail(err, AML_ERR_INVALID_ARG, "aml_fake_transport_add_response: status %d is not 100..599", status);
  canned c = {0};
  c.status = status;
  aml__kvlist_init(&c.headers, true);
  aml_result rc = headers ? aml__parse_header_lines(&c.headers, headers) : AML_OK;
  if (rc == AML_ERR_INVALID_ARG) {
    canned_clear(&c);
    return aml__fail(err, rc, "aml_fake_transport_add_response: a header line has no name before ':'");
  }
  if (rc == AML_OK && body && !(c.body = aml__strdup(body))) rc = AML_ERR_NOMEM;
  if (rc != AML_OK) {
    canned_clear(&c);
    return aml__fail(err, rc, "fake transport: out of memory");
  }
  return enqueue(f, &c, err);
}

aml_result aml_fake_transport_add_failure(aml_transport *t, aml_result code, aml_error **err) {
  fake *f = as_fake(t);
  if (!f) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_fake_transport_add_failure: not a fake transport");
  if (code != AML_ERR_CONNECT && code != AML_ERR_TRANSPORT && code != AML_ERR_TIMEOUT && code != AML_ERR_TLS)
    return aml__fail(err, AML_ERR_INVALID_ARG,
                     "aml_fake_transport_add_failure: code must be CONNECT, TRANSPORT, TIMEOUT or TLS");
  canned c = {0};
  c.failure = code;
  aml__kvlist_init(&c.headers, true);
  return enqueue(f, &c, err);
}

size_t aml_fake_transport_request_count(aml_transport *t) {
  fake *f = as_fake(t);
  if (!f) return 0;
  aml__mutex_lock(&f->lock);
  size_t n = f->request_count;
  aml__mutex_unlock(&f->lock);
  return n;
}

const aml_http_request *aml_fake_transport_request_at(aml_transport *t, size_t index) {
  fake *f = as_fake(t);
  if (!f) return NULL;
  aml__mutex_lock(&f->lock);
  const aml_http_request *r = index < f->request_count ? f->requests[index] : NULL;
  aml__mutex_unlock(&f->lock);
  return r;
}

size_t aml_fake_transport_pending_count(aml_transport *t) {
  fake *f = as_fake(t);
  if (!f) return 0;
  aml__mutex_lock(&f->lock);
  size_t n = f->queue_count;
  aml__mutex_unlock(&f->lock);
  return n;
}

void aml_fake_transport_reset(aml_transport *t) {
  fake *f = as_fake(t);
  if (!f) return;
  aml__mutex_lock(&f->lock);
  fake_reset_locked(f);
  aml__mutex_unlock(&f->lock);
}
