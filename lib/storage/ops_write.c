/* Operations that change the store: Create Container, Put Blob, Put Block,
 * Put Block List, Set Blob Metadata, Delete Blob. */
#include "core/str.h"
#include "core/url.h"
#include "core/base64.h"
#include "storage/request.h"

#include <stdio.h>
#include <string.h>

/* Build, send, free: the common shape of an operation without an answer body. */
static aml_result finish(const aml_blob_container *c, aml_http_request *req, const char *what, const char *name,
                         int32_t *status, aml_error **err) {
  aml_http_response *resp = NULL;
  aml_result rc = aml__http_response_new(&resp);
  if (rc < 0) rc = aml__fail(err, rc, "out of memory");
  else rc = aml__blob_send(c, req, resp, what, name, err);
  if (status) *status = resp ? resp->status : 0;
  aml_http_response_free(resp);
  aml__http_request_free(req);
  return rc;
}

static aml_result nomem(aml_http_request *req, aml_error **err) {
  aml__http_request_free(req);
  return aml__fail(err, AML_ERR_NOMEM, "out of memory building a storage request");
}

aml_result aml__blob_container_create(const aml_blob_container *c, bool *created, aml_error **err) {
  if (created) *created = false;
  if (!c) return aml__fail(err, AML_ERR_INVALID_ARG, "container is required");
  aml_http_request *req = NULL;
  aml_result rc = aml__blob_request_new(c, "PUT", NULL, "restype=container", &req, err);
  if (rc < 0) return rc;
  aml_error *local = NULL;
  int32_t status = 0;
  rc = finish(c, req, "Create Container", NULL, &status, &local);
  if (rc == AML_ERR_CONFLICT && local && aml__strcasecmp(aml_error_service_code(local), "ContainerAlreadyExists") == 0) {
    aml_error_free(local);
    return AML_OK;
  }
  aml__error_propagate(err, local);
  if (rc == AML_OK && created) *created = true;
  return rc;
}

static aml_result write_headers(aml_http_request *req, const aml_blob_write_options *o, aml_error **err) {
  if (!o) return AML_OK;
  if (o->content_type && aml__http_request_set_header(req, "x-ms-blob-content-type", o->content_type))
    return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  if (o->no_overwrite && aml__http_request_set_header(req, "If-None-Match", "*"))
    return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  return aml__blob_set_metadata_headers(req, o->metadata, err);
}

aml_result aml__blob_put(const aml_blob_container *c, const char *blob_name, const void *data, size_t size,
                         const aml_blob_write_options *opts, aml_error **err) {
  if (!c || !blob_name || (!data && size))
    return aml__fail(err, AML_ERR_INVALID_ARG, "container, blob name and data are required");
  aml_http_request *req = NULL;
  aml_result rc = aml__blob_request_new(c, "PUT", blob_name, NULL, &req, err);
  if (rc < 0) return rc;
  uint8_t md5[16];
  if (opts && opts->content_md5) memcpy(md5, opts->content_md5, 16);
  else aml__blob_md5(data, size, md5);
  if (aml__http_request_set_header(req, "x-ms-blob-type", "BlockBlob") ||
      aml__blob_set_md5_header(req, "Content-MD5", md5) || aml__http_request_set_body(req, data, size))
    return nomem(req, err);
  if ((rc = write_headers(req, opts, err)) < 0) {
    aml__http_request_free(req);
    return rc;
  }
  return finish(c, req, "Put Blob", blob_name, NULL, err);
}

void aml__blob_block_id(uint64_t index, char out[64]) {
  /* 20 digits hold any uint64_t; base64 of 20 bytes is 28 characters. */
  char digits[24];
  snprintf(digits, sizeof(digits), "%020llu", (unsigned long long)index);
  aml_buf b = AML_BUF_INIT;
  if (aml__base64_encode(&b, digits, 20) == AML_OK && b.len < 64) {
    memcpy(out, b.ptr, b.len + 1);
  } else {
    out[0] = '\0';
  }
  aml__buf_free(&b);
}

aml_result aml__blob_put_block(const aml_blob_container *c, const char *blob_name, const char *block_id,
                               const void *data, size_t size, aml_error **err) {
  if (!c || !blob_name || aml__str_empty(block_id) || (!data && size))
    return aml__fail(err, AML_ERR_INVALID_ARG, "container, blob name, block id and data are required");
  aml_buf query = AML_BUF_INIT;
  aml_result rc = aml__buf_puts(&query, "comp=block&blockid=");
  if (rc == AML_OK) rc = aml__url_escape(&query, block_id);
  aml_http_request *req = NULL;
  if (rc == AML_OK) rc = aml__blob_request_new(c, "PUT", blob_name, aml__buf_cstr(&query), &req, err);
  else rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
  aml__buf_free(&query);
  if (rc < 0) return rc;
  uint8_t md5[16];
  aml__blob_md5(data, size, md5);
  if (aml__blob_set_md5_header(req, "Content-MD5", md5) || aml__http_request_set_body(req, data, size))
    return nomem(req, err);
  return finish(c, req, "Put Block", blob_name, NULL, err);
}

aml_result aml__blob_put_block_list(const aml_blob_container *c, const char *blob_name, const char *const *ids,
                                    size_t count, const aml_blob_write_options *opts, aml_error **err) {
  if (!c || !blob_name || (!ids && count))
    return aml__fail(err, AML_ERR_INVALID_ARG, "container, blob name and block ids are required");
  aml_buf body = AML_BUF_INIT;
  aml_result rc = aml__buf_puts(&body, "<?xml version=\"1.0\" encoding=\"utf-8\"?><BlockList>");
  /* Ids are base64 (no XML special characters); checked, not trusted. */
  for (size_t i = 0; i < count && rc == AML_OK; i++) {
    if (aml__str_empty(ids[i]) || strpbrk(ids[i], "<>&\"'")) {
      aml__buf_free(&body);
      return aml__fail(err, AML_ERR_INVALID_ARG, "block id %zu is not base64", i);
    }
    rc = aml__buf_printf(&body, "<Latest>%s</Latest>", ids[i]);
  }
  if (rc == AML_OK) rc = aml__buf_puts(&body, "</BlockList>");
  aml_http_request *req = NULL;
  if (rc == AML_OK) rc = aml__blob_request_new(c, "PUT", blob_name, "comp=blocklist", &req, err);
  else rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
  if (rc == AML_OK) {
    uint8_t md5[16];
    aml__blob_md5(body.ptr, body.len, md5);
    if (aml__http_request_set_body(req, body.ptr, body.len) || aml__blob_set_md5_header(req, "Content-MD5", md5) ||
        aml__http_request_set_header(req, "Content-Type", "application/xml") ||
        (opts && opts->content_md5 && aml__blob_set_md5_header(req, "x-ms-blob-content-md5", opts->content_md5)))
      rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
    if (rc == AML_OK) rc = write_headers(req, opts, err);
  }
  aml__buf_free(&body);
  if (rc < 0) {
    aml__http_request_free(req);
    return rc;
  }
  return finish(c, req, "Put Block List", blob_name, NULL, err);
}

aml_result aml__blob_set_metadata(const aml_blob_container *c, const char *blob_name, const aml_kvlist *metadata,
                                  aml_error **err) {
  if (!c || !blob_name) return aml__fail(err, AML_ERR_INVALID_ARG, "container and blob name are required");
  aml_http_request *req = NULL;
  aml_result rc = aml__blob_request_new(c, "PUT", blob_name, "comp=metadata", &req, err);
  if (rc < 0) return rc;
  if ((rc = aml__blob_set_metadata_headers(req, metadata, err)) < 0) {
    aml__http_request_free(req);
    return rc;
  }
  return finish(c, req, "Set Blob Metadata", blob_name, NULL, err);
}

aml_result aml__blob_delete(const aml_blob_container *c, const char *blob_name, aml_error **err) {
  if (!c || !blob_name) return aml__fail(err, AML_ERR_INVALID_ARG, "container and blob name are required");
  aml_http_request *req = NULL;
  aml_result rc = aml__blob_request_new(c, "DELETE", blob_name, NULL, &req, err);
  if (rc < 0) return rc;
  return finish(c, req, "Delete Blob", blob_name, NULL, err);
}
