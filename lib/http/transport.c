/* aml_transport: the reference-counted handle over a vtable or a delegate. */
#include "http/transport_impl.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/str.h"
#include "core/url.h"
#include "http/message.h"

aml_result aml_transport_new(const aml_transport_vtable *vtable, void *self, aml_transport **out,
                             aml_error **err) {
  aml_result rc;
  if (!vtable || !vtable->send || !out) {
    rc = aml__fail(err, AML_ERR_INVALID_ARG, "aml_transport_new: vtable, vtable->send and out are required");
    goto fail;
  }
  if (vtable->version != AML_TRANSPORT_VTABLE_VERSION) {
    rc = aml__fail(err, AML_ERR_VERSION, "aml_transport_new: unknown vtable version %u", vtable->version);
    goto fail;
  }
  aml_transport *t = aml__calloc(1, sizeof(*t));
  if (!t) {
    rc = aml__fail(err, AML_ERR_NOMEM, "out of memory creating a transport");
    goto fail;
  }
  aml__ref_init(&t->refs);
  t->vt = *vtable;
  t->self = self;
  *out = t;
  return AML_OK;
fail:
  /* The caller gave us `self`; keep the promise to destroy it. */
    /* Fields are only appended, so destroy sits at the same place in any version >= 1. */
  if (vtable && vtable->version >= 1 && vtable->destroy) vtable->destroy(self);
  return rc;
}

typedef struct delegate {
  aml_transport_send_fn fn;
  void *user_data;
} delegate;

static aml_result delegate_send(void *self, const aml_http_request *req, aml_http_response *resp,
                                aml_error **err) {
  delegate *d = self;
  aml_result rc = d->fn(req, resp, d->user_data);
  if (rc < 0) return aml__fail(err, rc, "transport delegate failed: %s", aml_result_str(rc));
  return rc;
}

static void delegate_destroy(void *self) { aml__free(self); }

aml_result aml_transport_delegate_new(aml_transport_send_fn send, void *user_data, aml_transport **out,
                                      aml_error **err) {
  if (!send || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_transport_delegate_new: send and out are required");
  delegate *d = aml__malloc(sizeof(*d));
  if (!d) return aml__fail(err, AML_ERR_NOMEM, "out of memory creating a transport");
  d->fn = send;
  d->user_data = user_data;
  static const aml_transport_vtable vt = {AML_TRANSPORT_VTABLE_VERSION, delegate_send, delegate_destroy};
  return aml_transport_new(&vt, d, out, err);
}

aml_transport *aml_transport_ref(aml_transport *t) {
  if (t) aml__ref_inc(&t->refs);
  return t;
}

void aml_transport_unref(aml_transport *t) {
  if (!t || !aml__ref_dec(&t->refs)) return;
  if (t->vt.destroy) t->vt.destroy(t->self);
  aml__free(t);
}

aml_result aml__transport_send(aml_transport *t, const aml_http_request *req, aml_http_response *resp,
                               aml_error **err) {
  aml__http_response_reset(resp);
  aml_error *inner = NULL;
  aml_result rc = t->vt.send(t->self, req, resp, &inner);
  if (rc < 0) {
    if (!inner) {
      aml_buf url = AML_BUF_INIT;
      aml__url_redact(&url, req->url);
      inner = aml__error_newf(rc, "%s %s: %s", req->method, aml__buf_cstr(&url), aml_result_str(rc));
      aml__buf_free(&url);
    }
    aml__error_propagate(err, inner);
    return rc;
  }
  aml_error_free(inner); /* an error with success is noise */
  if (resp->status < 100)
    return aml__fail(err, AML_ERR_TRANSPORT, "transport reported success without an HTTP status");
  return AML_OK;
}

aml_result aml_transport_send(aml_transport *t, const char *method, const char *url, const char *headers,
                              const uint8_t *body, size_t body_size, int64_t timeout_ms,
                              aml_http_response **out, aml_error **err) {
  if (!t || aml__str_empty(method) || aml__str_empty(url) || !out || (!body && body_size) || timeout_ms < 0)
    return aml__fail(err, AML_ERR_INVALID_ARG,
                     "aml_transport_send: transport, method, url and out are required");
  *out = NULL;
  aml_http_request *req = NULL;
  aml_http_response *resp = NULL;
  aml_result rc = aml__http_request_new(method, url, &req);
  if (rc == AML_OK && headers) {
    rc = aml__parse_header_lines(&req->headers, headers);
    if (rc == AML_ERR_INVALID_ARG) aml__fail(err, rc, "aml_transport_send: a header line has no name");
  }
  if (rc == AML_OK && body_size) rc = aml__http_request_set_body(req, body, body_size);
  if (rc == AML_OK) rc = aml__http_response_new(&resp);
  if (rc == AML_ERR_NOMEM) aml__fail(err, rc, "out of memory building a request");
  if (rc == AML_OK) {
    req->timeout_ms = timeout_ms;
    rc = aml__transport_send(t, req, resp, err);
  }
  aml__http_request_free(req);
  if (rc != AML_OK) {
    aml_http_response_free(resp);
    return rc;
  }
  *out = resp;
  return AML_OK;
}
