/* One Blob Storage request: URL (name escaped, SAS appended), x-ms-version,
 * x-ms-date and Shared Key per try, the storage retry rule, and errors. */
#include "storage/request.h"

#include "core/clock.h"
#include "core/secure.h"
#include "core/str.h"
#include "http/service_error.h"
#include "core/base64.h"
#include "storage/sharedkey.h"
#include "storage/xml.h"

#include <openssl/evp.h>
#include <string.h>

bool aml__blob_status_retriable(int32_t status) {
  return status == 408 || (status >= 500 && status != 501 && status != 505);
}

aml_result aml__blob_authorize_try(aml_http_request *req, void *container, aml_error **err) {
  const aml_blob_container *c = container;
  char date[32];
  aml__http_date_format(aml__now_unix_s(), date);
  if (aml__kvlist_set(&req->headers, "x-ms-date", date))
    return aml__fail(err, AML_ERR_NOMEM, "out of memory setting x-ms-date");
  if (c->auth != AML_BLOB_AUTH_SHARED_KEY) return AML_OK;
  aml_buf sts = AML_BUF_INIT, header = AML_BUF_INIT;
  aml_result rc = aml__sharedkey_string_to_sign(c->account, req->method, req->url, &req->headers, req->body_size, &sts);
  if (rc == AML_OK) rc = aml__buf_printf(&header, "SharedKey %s:", c->account);
  if (rc == AML_OK) rc = aml__sharedkey_signature(c->key, c->key_len, aml__buf_cstr(&sts), &header);
  if (rc == AML_OK) rc = aml__kvlist_set(&req->headers, "Authorization", aml__buf_cstr(&header));
  aml__buf_free(&sts);
  aml__buf_free_secret(&header);
  if (rc < 0) return aml__fail(err, rc, "could not sign the storage request (%s)", aml_result_str(rc));
  return AML_OK;
}

aml_result aml__blob_request_new(const aml_blob_container *c, const char *method, const char *blob_name,
                                 const char *query, aml_http_request **out, aml_error **err) {
  *out = NULL;
  if (blob_name && !*blob_name) return aml__fail(err, AML_ERR_INVALID_ARG, "a blob name is required");
  aml_buf url = AML_BUF_INIT;
  aml_result rc = blob_name ? aml__blob_url(c, blob_name, &url) : aml__buf_puts(&url, c->base_url);
  if (rc == AML_OK && query && *query) rc = aml__buf_printf(&url, "?%s", query);
  if (rc == AML_OK && c->sas) rc = aml__buf_printf(&url, "%c%s", query && *query ? '&' : '?', c->sas);
  aml_http_request *req = NULL;
  if (rc == AML_OK) rc = aml__http_request_new(method, aml__buf_cstr(&url), &req);
  aml__buf_free_secret(&url);
  if (rc == AML_OK) rc = aml__http_request_set_header(req, "x-ms-version", c->api_version);
  if (rc < 0) {
    aml__http_request_free(req);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory building a storage request");
  }
  req->per_try = aml__blob_authorize_try;
  req->per_try_data = (void *)c;
  req->retry_status = aml__blob_status_retriable;
  if (c->auth == AML_BLOB_AUTH_BEARER) req->scope = AML_BLOB_TOKEN_SCOPE;
  *out = req;
  return AML_OK;
}

/* First line of a service message, control characters blanked, at most 300
 * bytes and never cut inside a UTF-8 sequence. */
static void one_line(const char *in, char *out, size_t cap) {
  size_t j = 0;
  for (; in && in[j] && in[j] != '\n' && in[j] != '\r' && j + 1 < cap && j < 300; j++)
    out[j] = (unsigned char)in[j] < 0x20 ? ' ' : in[j];
  /* Cut where the next byte continues a UTF-8 sequence: drop the partial sequence. */
  if (in && ((unsigned char)in[j] & 0xC0) == 0x80) {
    while (j > 0 && ((unsigned char)out[j - 1] & 0xC0) == 0x80) j--;
    if (j > 0) j--; /* its lead byte */
  }
  out[j] = '\0';
}

aml_result aml__blob_send(const aml_blob_container *c, aml_http_request *req, aml_http_response *resp,
                          const char *what, const char *blob_name, aml_error **err) {
  aml_result rc = aml__pipeline_send(c->pipeline, req, resp, err);
  if (rc < 0) return rc;
  if (resp->status >= 200 && resp->status < 300) return AML_OK;

  /* The code: <Error><Code> in the body, else x-ms-error-code (HEAD has no body). */
  const char *code = aml__kvlist_get(&resp->headers, "x-ms-error-code");
  aml_xml_node *doc = NULL;
  const char *message = NULL;
  if (resp->body.len && aml__xml_parse(resp->body.ptr, resp->body.len, &doc, NULL) == AML_OK &&
      strcmp(doc->name, "Error") == 0) {
    const char *body_code = aml__xml_child_text(doc, "Code");
    if (!aml__str_empty(body_code)) code = body_code;
    message = aml__xml_child_text(doc, "Message");
    /* AuthenticationErrorDetail can quote the signature sent: never kept. */
  }
  char msg[320];
  one_line(message, msg, sizeof(msg));
  const char *shown_code = aml__str_empty(code) ? "no error code" : code;
  const char *name = blob_name ? blob_name : "";
  aml_result result = aml__result_from_status(resp->status);
  aml_error *e;
  if (resp->status == 403)
    e = aml__error_newf(result, "the storage account refused the request: %s%s%s (%s %s/%s, HTTP 403)", shown_code,
                        *msg ? ": " : "", msg, what, c->container, name);
  else if (resp->status == 404)
    e = aml__error_newf(result, "%s: %s%s%s not found (%s%s%s)", what, c->container, *name ? "/" : "", name,
                        shown_code, *msg ? ": " : "", msg);
  else
    e = aml__error_newf(result, "%s %s%s%s failed: HTTP %d %s%s%s", what, c->container, *name ? "/" : "", name,
                        (int)resp->status, shown_code, *msg ? ": " : "", msg);
  if (e) {
    aml__error_set_http_status(e, resp->status);
    aml__error_set_service(e, aml__str_empty(code) ? NULL : code, *msg ? msg : NULL, NULL);
    aml__error_set_request_ids(e, aml__kvlist_get(&resp->headers, "x-ms-request-id"),
                               aml__kvlist_get(&resp->headers, "x-ms-client-request-id"));
    aml__pipeline_log(c->pipeline, AML_LOG_ERROR, "%s", aml_error_message(e));
  }
  aml__xml_free(doc);
  if (!e) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  aml__error_propagate(err, e);
  return result;
}

aml_result aml__blob_set_metadata_headers(aml_http_request *req, const aml_kvlist *metadata, aml_error **err) {
  aml_buf name = AML_BUF_INIT;
  aml_result rc = AML_OK;
  for (size_t i = 0; metadata && i < metadata->count && rc == AML_OK; i++) {
    const char *n = metadata->items[i].name;
    /* Metadata names are C# identifiers: a stray character would break the signature or the request. */
    bool ok = *n && !(n[0] >= '0' && n[0] <= '9');
    for (const char *q = n; *q && ok; q++)
      ok = (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') || *q == '_';
    if (!ok) {
      rc = aml__fail(err, AML_ERR_INVALID_ARG, "metadata name \"%s\" is not a valid identifier", n);
      break;
    }
    aml__buf_clear(&name);
    if (aml__buf_printf(&name, "x-ms-meta-%s", n) ||
        aml__kvlist_add(&req->headers, aml__buf_cstr(&name), metadata->items[i].value))
      rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
  }
  aml__buf_free(&name);
  return rc;
}

aml_result aml__blob_set_md5_header(aml_http_request *req, const char *name, const uint8_t md5[16]) {
  aml_buf b64 = AML_BUF_INIT;
  aml_result rc = aml__base64_encode(&b64, md5, 16);
  if (rc == AML_OK) rc = aml__kvlist_set(&req->headers, name, aml__buf_cstr(&b64));
  aml__buf_free(&b64);
  return rc;
}

void aml__blob_md5(const void *data, size_t len, uint8_t out[16]) {
  unsigned int n = 16;
  EVP_Digest(data ? data : "", len, out, &n, EVP_md5(), NULL);
}
