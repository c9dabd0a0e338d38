#include "identity/token_endpoint.h"

#include "core/alloc.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/secure.h"
#include "core/str.h"
#include "core/url.h"
#include "http/service_error.h"
#include "identity/credential_impl.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Bytes of each version of aml_credential_options: what a caller built
 * against that header allocated, and all this library may read or write. */
static size_t options_size(uint32_t version) {
  switch (version) {
    case 1:
      return offsetof(aml_credential_options, send_certificate_chain);
    case 2:
      return sizeof(aml_credential_options);
    default:
      return 0;
  }
}

static void options_defaults(aml_credential_options *o) {
  memset(o, 0, sizeof(*o));
  o->version = AML_CREDENTIAL_OPTIONS_VERSION;
  aml_retry_options_init(&o->retry, AML_RETRY_OPTIONS_VERSION);
  o->log_level = AML_LOG_INFO;
}

aml_result aml_credential_options_init(aml_credential_options *opts, uint32_t version) {
  if (!opts) return AML_ERR_INVALID_ARG;
  size_t size = options_size(version);
  if (!size) return AML_ERR_VERSION;
  aml_credential_options d;
  options_defaults(&d);
  d.version = version;
  memcpy(opts, &d, size);
  return AML_OK;
}

aml_result aml__credential_options_resolve(const aml_credential_options *in, aml_credential_options *out,
                                           aml_error **err) {
  options_defaults(out);
  if (in) {
    size_t size = options_size(in->version);
    if (!size) return aml__fail(err, AML_ERR_VERSION, "unknown aml_credential_options version %u", in->version);
    memcpy(out, in, size);
    out->version = AML_CREDENTIAL_OPTIONS_VERSION;
  }
  if (out->authority_host && !aml__url_is_http(out->authority_host))
    return aml__fail(err, AML_ERR_INVALID_ARG, "authority_host must be an http(s) URL");
  if (!out->authority_host) {
    const char *env = getenv("AZURE_AUTHORITY_HOST");
    if (!aml__str_empty(env)) {
      if (!aml__url_is_http(env))
        return aml__fail(err, AML_ERR_CONFIG, "AZURE_AUTHORITY_HOST must be an http(s) URL");
      out->authority_host = env;
    }
  }
  if (out->send_certificate_chain != 0 && out->send_certificate_chain != 1)
    return aml__fail(err, AML_ERR_INVALID_ARG, "send_certificate_chain must be 0 or 1");
  return AML_OK;
}

static bool tenant_ok(const char *t) {
  for (const char *p = t; *p; p++) {
    char c = *p;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
      return false;
  }
  return *t != '\0';
}

aml_result aml__token_endpoint_init(aml_token_endpoint *te, const char *tenant_id,
                                    const aml_credential_options *opts, aml_error **err) {
  *te = (aml_token_endpoint){0};
  if (!tenant_ok(tenant_id))
    return aml__fail(err, AML_ERR_INVALID_ARG,
                     "tenant id must be non-empty and hold only letters, digits, '-' and '.'");
  const char *authority = opts->authority_host ? opts->authority_host : AML_DEFAULT_AUTHORITY_HOST;
  size_t alen = strlen(authority);
  while (alen && authority[alen - 1] == '/') alen--;
  aml_buf url = AML_BUF_INIT;
  if (aml__buf_append(&url, authority, alen) || aml__buf_printf(&url, "/%s/oauth2/v2.0/token", tenant_id)) {
    aml__buf_free(&url);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  }
  te->url = aml__buf_detach(&url);
  if (!te->url) return aml__fail(err, AML_ERR_NOMEM, "out of memory");

  aml_pipeline_config cfg = {0};
  cfg.transport = opts->transport;
  cfg.ca_bundle = opts->ca_bundle;
  cfg.retry = &opts->retry;
  cfg.log_fn = opts->log_fn;
  cfg.log_user_data = opts->log_user_data;
  cfg.log_level = opts->log_level;
  cfg.sleep_fn = opts->sleep_fn;
  cfg.sleep_user_data = opts->sleep_user_data;
  aml_result rc = aml__pipeline_init(&te->pipeline, &cfg, err);
  if (rc < 0) aml__token_endpoint_cleanup(te);
  return rc;
}

void aml__token_endpoint_cleanup(aml_token_endpoint *te) {
  aml__free(te->url);
  aml__pipeline_cleanup(&te->pipeline);
  *te = (aml_token_endpoint){0};
}

aml_result aml__form_add(aml_buf *form, const char *name, const char *value) {
  if ((form->len && aml__buf_putc(form, '&')) || aml__url_escape(form, name) || aml__buf_putc(form, '=') ||
      aml__url_escape(form, value))
    return AML_ERR_NOMEM;
  return AML_OK;
}

/* No accessor of the error may return the secret, even if the server echoes
 * it (in `error`, `error_description`, a header...): it is masked raw and in
 * the form-encoded shape it was sent in. */
static void scrub_secret(aml_error *e, const char *secret) {
  if (!e || aml__str_empty(secret)) return;
  aml__error_scrub(e, secret);
  aml_buf escaped = AML_BUF_INIT;
  if (aml__url_escape(&escaped, secret) == AML_OK) aml__error_scrub(e, aml__buf_cstr(&escaped));
  aml__buf_free_secret(&escaped);
}

static aml_result token_error(const aml_token_endpoint *te, aml_http_request *req, aml_http_response *resp,
                              const char *secret, aml_error **err) {
  json_t *root = NULL;
  /* The core parser notices jansson's silent damage on allocation failure
   * (a dropped character in "error" would be a wrong code); not JSON: no
   * service fields. */
  if (resp->body.len && aml__json_parse(resp->body.ptr, resp->body.len, &root, NULL) == AML_ERR_NOMEM)
    return aml__fail(err, AML_ERR_NOMEM, "out of memory reading the token endpoint's error");
  const char *code = json_is_object(root) ? aml__json_path_str(root, "error") : NULL;
  const char *desc = json_is_object(root) ? aml__json_path_str(root, "error_description") : NULL;
  aml_buf msg = AML_BUF_INIT;
  aml__buf_printf(&msg, "token request to %s failed: HTTP %d", te->url, resp->status);
  if (code) aml__buf_printf(&msg, " (%s)", code);
  if (desc) aml__buf_printf(&msg, ": %s", desc);
  /* One line (AAD descriptions carry "\r\nTrace ID: ..." tails): the error
   * neutralises control characters in every field it stores. */
  aml_error *e = aml_error_new(AML_ERR_AUTH, aml__buf_cstr(&msg));
  aml__buf_free_secret(&msg);
  if (e) {
    aml__error_set_http_status(e, resp->status);
    aml__error_set_service(e, code, desc, NULL);
    aml__error_set_request_ids(e, aml__kvlist_get(&resp->headers, "x-ms-request-id"),
                               aml__kvlist_get(&req->headers, "x-ms-client-request-id"));
    scrub_secret(e, secret);
  }
  json_decref(root);
  aml__error_propagate(err, e);
  return AML_ERR_AUTH;
}

static bool number_member(json_t *root, const char *key, long long *out) {
  json_t *v = json_object_get(root, key);
  if (json_is_integer(v)) {
    *out = json_integer_value(v);
    return true;
  }
  if (json_is_real(v)) {
    *out = (long long)json_real_value(v);
    return true;
  }
  return json_is_string(v) && aml__parse_int64(json_string_value(v), out);
}

aml_result aml__token_endpoint_request(const aml_token_endpoint *te, const aml_buf *form, const char *secret,
                                       aml_access_token *out, aml_error **err) {
  aml_http_request *req = NULL;
  aml_http_response *resp = NULL;
  aml_result rc = aml__http_request_new("POST", te->url, &req);
  if (rc == AML_OK) rc = aml__http_request_set_header(req, "Content-Type", "application/x-www-form-urlencoded");
  if (rc == AML_OK) rc = aml__http_request_set_header(req, "Accept", "application/json");
  if (rc == AML_OK) rc = aml__http_request_set_body(req, form->ptr, form->len);
  if (rc == AML_OK) rc = aml__http_response_new(&resp);
  if (rc != AML_OK) {
    rc = aml__fail(err, AML_ERR_NOMEM, "out of memory building a token request");
    goto done;
  }
  /* Asking for a token twice is harmless: the POST may be retried. */
  req->retry_post = true;
  int64_t sent_at = aml__credential_now();
  rc = aml__pipeline_send(&te->pipeline, req, resp, err);
  if (rc < 0) goto done;
  if (resp->status != 200) {
    rc = token_error(te, req, resp, secret, err);
    goto done;
  }
  json_t *root = NULL;
  rc = aml__json_parse(resp->body.ptr, resp->body.len, &root, NULL);
  if (rc == AML_ERR_NOMEM) {
    rc = aml__fail(err, AML_ERR_NOMEM, "out of memory reading a token response");
    goto done;
  }
  if (rc != AML_OK || !json_is_object(root)) {
    json_decref(root);
    rc = aml__fail(err, AML_ERR_AUTH, "token response from %s is not a JSON object", te->url);
    goto done;
  }
  const char *token = aml__json_path_str(root, "access_token");
  long long expires_in = 0, expires_on = 0;
  int64_t exp;
  if (number_member(root, "expires_on", &expires_on) && expires_on > 0)
    exp = expires_on;
  else if (number_member(root, "expires_in", &expires_in) && expires_in > 0)
    exp = sent_at + expires_in;
  else
    exp = -1;
  if (aml__str_empty(token) || exp < 0) {
    rc = aml__fail(err, AML_ERR_AUTH, "token response from %s lacks access_token or expires_in", te->url);
  } else if (aml_access_token_set(out, token, exp) != AML_OK) {
    rc = aml__fail(err, AML_ERR_NOMEM, "out of memory storing a token");
  } else {
    rc = AML_OK;
  }
  /* The tree holds a copy of the token: wipe it before jansson frees it. */
  json_t *tv = json_object_get(root, "access_token");
  if (json_is_string(tv)) aml__secure_wipe((char *)json_string_value(tv), json_string_length(tv));
  json_decref(root);
done:
  aml__http_request_free(req);
  aml_http_response_free(resp);
  return rc;
}

aml_result aml__token_endpoint_assertion_request(const aml_token_endpoint *te, const char *client_id,
                                                 const char *assertion, const char *scope, aml_access_token *out,
                                                 aml_error **err) {
  aml_buf form = AML_BUF_INIT;
  aml_result rc = AML_OK;
  if (aml__form_add(&form, "client_id", client_id) ||
      aml__form_add(&form, "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer") ||
      aml__form_add(&form, "client_assertion", assertion) || aml__form_add(&form, "scope", scope) ||
      aml__form_add(&form, "grant_type", "client_credentials"))
    rc = aml__fail(err, AML_ERR_NOMEM, "out of memory building a token request");
  if (rc == AML_OK) rc = aml__token_endpoint_request(te, &form, assertion, out, err);
  aml__buf_free_secret(&form);
  return rc;
}
