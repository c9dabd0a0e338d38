/* Operations that read: Get Blob (whole or ranged), Get Blob Properties. */
#include "core/alloc.h"
#include "core/str.h"
#include "core/base64.h"
#include "storage/props_impl.h"
#include "storage/request.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void aml__blob_props_init(aml_blob_props *p) {
  memset(p, 0, sizeof(*p));
  aml__kvlist_init(&p->metadata, true);
}

void aml__blob_props_cleanup(aml_blob_props *p) {
  if (!p) return;
  aml__free(p->etag);
  aml__free(p->content_type);
  aml__free(p->last_modified);
  aml__kvlist_clear(&p->metadata);
  aml__blob_props_init(p);
}

bool aml__blob_md5_from_base64(const char *b64, uint8_t out[16]) {
  if (aml__str_empty(b64)) return false;
  uint8_t *raw = NULL;
  size_t n = 0;
  bool ok = aml__base64_decode(b64, strlen(b64), &raw, &n) == AML_OK && n == 16;
  if (ok) memcpy(out, raw, 16);
  aml__free(raw);
  return ok;
}

bool aml__blob_parse_u64(const char *s, uint64_t *out) {
  if (!s || *s < '0' || *s > '9') return false;
  uint64_t v = 0;
  for (; *s >= '0' && *s <= '9'; s++) {
    if (v > (UINT64_MAX - 9) / 10) return false;
    v = v * 10 + (uint64_t)(*s - '0');
  }
  if (*s) return false;
  *out = v;
  return true;
}

aml_result aml__blob_props_set_str(char **field, const char *value) {
  if (!value) return AML_OK;
  char *copy = aml__strdup(value);
  if (!copy) return AML_ERR_NOMEM;
  aml__free(*field);
  *field = copy;
  return AML_OK;
}

/* Fill props from answer headers. `ranged`: the MD5 of the whole blob is in
 * x-ms-blob-content-md5 and the size in Content-Range's total. */
static aml_result props_from_headers(const aml_kvlist *h, bool ranged, aml_blob_props *p) {
  const char *range = aml__kvlist_get(h, "Content-Range");
  const char *slash = range ? strrchr(range, '/') : NULL;
  if (ranged && slash) {
    aml__blob_parse_u64(slash + 1, &p->content_length);
  } else {
    aml__blob_parse_u64(aml__kvlist_get(h, "Content-Length"), &p->content_length);
  }
  const char *md5 = aml__kvlist_get(h, "x-ms-blob-content-md5");
  if (!md5 && !ranged) md5 = aml__kvlist_get(h, "Content-MD5");
  p->has_md5 = aml__blob_md5_from_base64(md5, p->md5);
  if (aml__blob_props_set_str(&p->etag, aml__kvlist_get(h, "ETag")) ||
      aml__blob_props_set_str(&p->content_type, aml__kvlist_get(h, "Content-Type")) ||
      aml__blob_props_set_str(&p->last_modified, aml__kvlist_get(h, "Last-Modified")))
    return AML_ERR_NOMEM;
  aml__kvlist_clear(&p->metadata);
  aml__kvlist_init(&p->metadata, true);
  for (size_t i = 0; i < h->count; i++)
    if (aml__str_starts_with_ci(h->items[i].name, "x-ms-meta-") &&
        aml__kvlist_add(&p->metadata, h->items[i].name + 10, h->items[i].value))
      return AML_ERR_NOMEM;
  return AML_OK;
}

aml_result aml__blob_get(const aml_blob_container *c, const char *blob_name, uint64_t offset, uint64_t length,
                         aml_buf *body, aml_blob_props *props, aml_error **err) {
  if (!c || !blob_name || !body || length == 0)
    return aml__fail(err, AML_ERR_INVALID_ARG, "container, blob name, body and a non-zero length are required");
  aml_http_request *req = NULL;
  aml_result rc = aml__blob_request_new(c, "GET", blob_name, NULL, &req, err);
  if (rc < 0) return rc;
  bool ranged = !(offset == 0 && length == AML_BLOB_TO_END);
  if (ranged) {
    char range[64];
    if (length == AML_BLOB_TO_END || length - 1 > UINT64_MAX - offset)
      snprintf(range, sizeof(range), "bytes=%llu-", (unsigned long long)offset);
    else
      snprintf(range, sizeof(range), "bytes=%llu-%llu", (unsigned long long)offset,
               (unsigned long long)(offset + length - 1));
    if (aml__http_request_set_header(req, "x-ms-range", range)) {
      aml__http_request_free(req);
      return aml__fail(err, AML_ERR_NOMEM, "out of memory");
    }
  }
  aml_http_response *resp = NULL;
  rc = aml__http_response_new(&resp);
  if (rc < 0) rc = aml__fail(err, rc, "out of memory");
  else rc = aml__blob_send(c, req, resp, "Get Blob", blob_name, err);
  if (rc == AML_OK && props && props_from_headers(&resp->headers, resp->status == 206, props))
    rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
  if (rc == AML_OK) {
    if (body->len == 0) { /* hand the answer's buffer over instead of copying it */
      aml_buf tmp = *body;
      *body = resp->body;
      resp->body = tmp;
    } else if (aml__buf_append(body, resp->body.ptr, resp->body.len)) {
      rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
    }
  }
  aml_http_response_free(resp);
  aml__http_request_free(req);
  return rc;
}

aml_result aml__blob_get_properties(const aml_blob_container *c, const char *blob_name, aml_blob_props *props,
                                    aml_error **err) {
  if (!c || !blob_name || !props) return aml__fail(err, AML_ERR_INVALID_ARG, "container, blob name and props are required");
  aml_http_request *req = NULL;
  aml_result rc = aml__blob_request_new(c, "HEAD", blob_name, NULL, &req, err);
  if (rc < 0) return rc;
  aml_http_response *resp = NULL;
  rc = aml__http_response_new(&resp);
  if (rc < 0) rc = aml__fail(err, rc, "out of memory");
  else rc = aml__blob_send(c, req, resp, "Get Blob Properties", blob_name, err);
  if (rc == AML_OK && props_from_headers(&resp->headers, false, props))
    rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
  aml_http_response_free(resp);
  aml__http_request_free(req);
  return rc;
}
