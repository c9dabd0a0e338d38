/* The managed identity credential: IMDS, App Service (also Functions and
 * Container Apps) and Azure Arc, chosen once from the environment. */
#include "identity/managed_identity.h"

#include "core/alloc.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/json.h"
#include "core/secure.h"
#include "core/str.h"
#include "core/url.h"
#include "http/pipeline.h"
#include "identity/credential_impl.h"
#include "identity/token_endpoint.h"

#include <stdlib.h>
#include <string.h>

#define IMDS_TOKEN_PATH "/metadata/identity/oauth2/token"
#define DEFAULT_PROBE_MS 1000

typedef enum mi_source { MI_IMDS, MI_APP_SERVICE, MI_ARC } mi_source;

typedef struct mi_cred {
  mi_source source;
  char *url;          /* token endpoint, without query */
  char *id_param;     /* query name of the user-assigned id, or NULL */
  char *id_value;
  char *header;       /* App Service: the X-IDENTITY-HEADER secret (wiped) */
  char *arc_key_dir;
  int64_t probe_ms;
  aml_pipeline pipeline; /* retries with the IMDS rules */
  aml_pipeline probe;    /* the first IMDS request: no retries */
  /* get_token is never entered twice at once for one credential (the cache
   * serialises refreshes), so these need no lock. */
  bool probed;
  char *unavailable; /* set when the probe found nothing: every later call fails fast */
} mi_cred;

aml_result aml_managed_identity_options_init(aml_managed_identity_options *opts, uint32_t version) {
  if (!opts) return AML_ERR_INVALID_ARG;
  if (version != AML_MANAGED_IDENTITY_OPTIONS_VERSION) return AML_ERR_VERSION;
  memset(opts, 0, sizeof(*opts));
  opts->version = version;
  opts->probe_timeout_ms = DEFAULT_PROBE_MS;
  return AML_OK;
}

static const char *env(const char *name) {
  const char *v = getenv(name);
  return aml__str_empty(v) ? NULL : v;
}

/* IMDS's transient answers: 410 (updating), 429 (throttled), 5xx. */
static bool mi_retriable(int32_t s) { return s == 410 || s == 429 || (s >= 500 && s <= 599); }

static void mi_destroy(void *self) {
  mi_cred *m = self;
  if (!m) return;
  aml__free(m->url);
  aml__free(m->id_param);
  aml__free(m->id_value);
  aml__free_secret(m->header);
  aml__free(m->arc_key_dir);
  aml__free(m->unavailable);
  aml__pipeline_cleanup(&m->pipeline);
  aml__pipeline_cleanup(&m->probe);
  aml__free(m);
}

static const char *source_name(mi_source s) {
  return s == MI_IMDS ? "IMDS" : s == MI_APP_SERVICE ? "App Service" : "Azure Arc";
}

/* "https://management.azure.com/.default" -> "https://management.azure.com" */
static aml_result resource_of(const char *scope, aml_buf *out) {
  size_t n = strlen(scope);
  static const char suffix[] = "/.default";
  if (n > sizeof(suffix) - 1 && strcmp(scope + n - (sizeof(suffix) - 1), suffix) == 0) n -= sizeof(suffix) - 1;
  return aml__buf_append(out, scope, n);
}

static aml_result build_request(const mi_cred *m, const char *scope, aml_http_request **out) {
  aml_buf url = AML_BUF_INIT, resource = AML_BUF_INIT;
  const char *api = m->source == MI_IMDS ? "2018-02-01" : m->source == MI_APP_SERVICE ? "2019-08-01" : "2020-06-01";
  aml_result rc = aml__buf_puts(&url, m->url);
  if (rc == AML_OK) rc = resource_of(scope, &resource);
  if (rc == AML_OK) rc = aml__url_add_query(&url, "api-version", api);
  if (rc == AML_OK) rc = aml__url_add_query(&url, "resource", aml__buf_cstr(&resource));
  if (rc == AML_OK && m->id_param) rc = aml__url_add_query(&url, m->id_param, m->id_value);
  if (rc == AML_OK) rc = aml__http_request_new("GET", aml__buf_cstr(&url), out);
  if (rc == AML_OK && m->source != MI_APP_SERVICE) rc = aml__http_request_set_header(*out, "Metadata", "true");
  if (rc == AML_OK && m->source == MI_APP_SERVICE) rc = aml__http_request_set_header(*out, "X-IDENTITY-HEADER", m->header);
  if (rc == AML_OK) rc = aml__http_request_set_header(*out, "Accept", "application/json");
  if (rc == AML_OK) (*out)->retry_status = mi_retriable;
  aml__buf_free(&url);
  aml__buf_free(&resource);
  return rc;
}

/* The endpoint's own error (`error`/`error_description`, or ARM's
 * `error.code`/`error.message`) on an error of code `code`. */
static aml_result mi_error(const mi_cred *m, aml_result code, const aml_http_request *req,
                           const aml_http_response *resp, const char *what, aml_error **err) {
  json_t *root = NULL;
  json_error_t jerr;
  if (resp->body.len) root = json_loadb(resp->body.ptr, resp->body.len, 0, &jerr);
  const char *scode = NULL, *smsg = NULL;
  if (json_is_object(root)) {
    json_t *e = json_object_get(root, "error");
    if (json_is_string(e)) {
      scode = json_string_value(e);
      smsg = aml__json_path_str(root, "error_description");
    } else if (json_is_object(e)) {
      scode = aml__json_path_str(e, "code");
      smsg = aml__json_path_str(e, "message");
    }
  }
  aml_buf msg = AML_BUF_INIT;
  aml__buf_printf(&msg, "managed identity (%s): %s: HTTP %d", source_name(m->source), what, resp->status);
  if (scode) aml__buf_printf(&msg, " (%s)", scode);
  if (smsg) aml__buf_printf(&msg, ": %s", smsg);
  aml_error *e = aml_error_new(code, aml__buf_cstr(&msg));
  aml__buf_free(&msg);
  if (e) {
    aml__error_set_http_status(e, resp->status);
    aml__error_set_service(e, scode, smsg, NULL);
    aml__error_set_request_ids(e, aml__kvlist_get(&resp->headers, "x-ms-request-id"),
                               aml__kvlist_get(&req->headers, "x-ms-client-request-id"));
    if (m->header) aml__error_scrub(e, m->header);
  }
  json_decref(root);
  aml__error_propagate(err, e);
  return code;
}

/* The first IMDS request: bounded by the probe timeout, never retried on a
 * connection failure. A transient status then goes on through the retrying
 * pipeline, after the wait it asked for. */
static aml_result probe_send(mi_cred *m, aml_http_request *req, aml_http_response *resp, aml_error **err) {
  aml_error *perr = NULL;
  req->timeout_ms = m->probe_ms;
  aml_result rc = aml__pipeline_send(&m->probe, req, resp, &perr);
  req->timeout_ms = 0;
  if (rc == AML_ERR_NOMEM) {
    aml__error_propagate(err, perr);
    return rc;
  }
  if (rc < 0) {
    aml_buf msg = AML_BUF_INIT, url = AML_BUF_INIT;
    aml__url_redact(&url, m->url);
    aml__buf_printf(&msg, "managed identity: no IMDS answered at %s within %lld ms (%s); not running on Azure?",
                    aml__buf_cstr(&url), (long long)m->probe_ms, aml_result_str(rc));
    aml_error_free(perr);
    aml__buf_free(&url);
    m->unavailable = aml__buf_detach(&msg);
    return aml__fail(err, AML_ERR_CREDENTIAL_UNAVAILABLE, "%s",
                     m->unavailable ? m->unavailable : "managed identity: no IMDS answered");
  }
  aml_error_free(perr);
  m->probed = true;
  if (!mi_retriable(resp->status) || m->pipeline.retry.max_retries <= 0) return AML_OK;
  int64_t delay = aml__retry_after_ms(resp, aml__now_unix_s());
  if (delay < 0) delay = aml__retry_backoff_ms(&m->pipeline.retry, 1);
  aml__pipeline_log(&m->pipeline, AML_LOG_WARNING, "IMDS answered HTTP %d; retrying in %lld ms", resp->status,
                    (long long)delay);
  rc = aml__pipeline_sleep(&m->pipeline, delay);
  if (rc < 0) return aml__fail(err, rc, "retry abandoned: the sleep hook returned %s", aml_result_str(rc));
  aml__http_response_reset(resp);
  return aml__pipeline_send(&m->pipeline, req, resp, err);
}

static aml_result mi_get_token(void *self, const char *scope, aml_access_token *out, aml_error **err) {
  mi_cred *m = self;
  if (m->unavailable) return aml__fail(err, AML_ERR_CREDENTIAL_UNAVAILABLE, "%s", m->unavailable);
  aml_http_request *req = NULL;
  aml_http_response *resp = NULL;
  aml_buf key = AML_BUF_INIT, auth = AML_BUF_INIT;
  aml_result rc = build_request(m, scope, &req);
  if (rc == AML_OK) rc = aml__http_response_new(&resp);
  if (rc != AML_OK) {
    rc = aml__fail(err, AML_ERR_NOMEM, "out of memory building a managed identity token request");
    goto done;
  }
  int64_t sent_at = aml__now_unix_s();
  if (m->source == MI_IMDS && !m->probed)
    rc = probe_send(m, req, resp, err);
  else
    rc = aml__pipeline_send(&m->pipeline, req, resp, err);
  if (rc < 0) goto done;

  if (m->source == MI_ARC && resp->status == 401) {
    rc = aml__arc_read_challenge(resp, m->arc_key_dir, &key, err);
    if (rc == AML_OK && (aml__buf_puts(&auth, "Basic ") || aml__buf_append(&auth, key.ptr, key.len) ||
                         aml__http_request_set_header(req, "Authorization", aml__buf_cstr(&auth))))
      rc = aml__fail(err, AML_ERR_NOMEM, "out of memory answering the Azure Arc challenge");
    if (rc < 0) goto done;
    aml__http_response_reset(resp);
    rc = aml__pipeline_send(&m->pipeline, req, resp, err);
    if (rc < 0) goto done;
  }

  if (resp->status == 200) {
    rc = aml__mi_parse_token(resp, sent_at, source_name(m->source), out, err);
  } else if (m->source == MI_IMDS && (resp->status == 400 || resp->status == 404)) {
    rc = mi_error(m, AML_ERR_CREDENTIAL_UNAVAILABLE, req, resp,
                  m->id_param ? "the requested identity is not assigned to this resource"
                              : "no identity is assigned to this resource",
                  err);
  } else {
    rc = mi_error(m, AML_ERR_AUTH, req, resp, "the token request failed", err);
  }
done:
  aml__buf_free_secret(&key);
  aml__buf_free_secret(&auth);
  aml__http_request_free(req);
  aml_http_response_free(resp);
  return rc;
}

static aml_result init_pipelines(mi_cred *m, const aml_credential_options *co, aml_error **err) {
  aml_pipeline_config cfg = {0};
  cfg.transport = co->transport;
  cfg.ca_bundle = co->ca_bundle;
  cfg.retry = &co->retry;
  cfg.log_fn = co->log_fn;
  cfg.log_user_data = co->log_user_data;
  cfg.log_level = co->log_level;
  cfg.sleep_fn = co->sleep_fn;
  cfg.sleep_user_data = co->sleep_user_data;
  aml_result rc = aml__pipeline_init(&m->pipeline, &cfg, err);
  if (rc < 0) return rc;
  aml_retry_options none = co->retry;
  none.max_retries = 0;
  cfg.retry = &none;
  cfg.transport = m->pipeline.transport; /* share one connection pool */
  return aml__pipeline_init(&m->probe, &cfg, err);
}

/* Pick the source and its URL from the options and the environment. */
static aml_result choose_source(mi_cred *m, const aml_managed_identity_options *o, aml_error **err) {
  const char *endpoint = env("IDENTITY_ENDPOINT");
  const char *imds = o->imds_authority;
  if (!imds && endpoint && env("IDENTITY_HEADER")) {
    m->source = MI_APP_SERVICE;
    if (!aml__url_is_http(endpoint))
      return aml__fail(err, AML_ERR_INVALID_ARG, "managed identity: IDENTITY_ENDPOINT is not an http(s) URL");
    m->url = aml__strdup(endpoint);
    m->header = aml__strdup(env("IDENTITY_HEADER"));
    return m->url && m->header ? AML_OK : aml__fail(err, AML_ERR_NOMEM, "out of memory");
  }
  if (!imds && endpoint && env("IMDS_ENDPOINT")) {
    m->source = MI_ARC;
    if (!aml__url_is_http(endpoint))
      return aml__fail(err, AML_ERR_INVALID_ARG, "managed identity: IDENTITY_ENDPOINT is not an http(s) URL");
    m->url = aml__strdup(endpoint);
    return m->url ? AML_OK : aml__fail(err, AML_ERR_NOMEM, "out of memory");
  }
  m->source = MI_IMDS;
  if (!imds) imds = env("AZURE_POD_IDENTITY_AUTHORITY_HOST");
  if (!imds) imds = AML_IMDS_AUTHORITY;
  if (!aml__url_is_http(imds))
    return aml__fail(err, AML_ERR_INVALID_ARG, "managed identity: the IMDS authority %s is not an http(s) URL",
                     o->imds_authority ? "option" : "(AZURE_POD_IDENTITY_AUTHORITY_HOST)");
  size_t n = strlen(imds);
  while (n && imds[n - 1] == '/') n--;
  aml_buf url = AML_BUF_INIT;
  if (aml__buf_append(&url, imds, n) || aml__buf_puts(&url, IMDS_TOKEN_PATH)) {
    aml__buf_free(&url);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  }
  m->url = aml__buf_detach(&url);
  return m->url ? AML_OK : aml__fail(err, AML_ERR_NOMEM, "out of memory");
}

/* The query name of a user-assigned id differs per source. */
static aml_result choose_identity(mi_cred *m, const aml_managed_identity_options *o, aml_error **err) {
  int given = !aml__str_empty(o->client_id) + !aml__str_empty(o->object_id) + !aml__str_empty(o->resource_id);
  if (given > 1)
    return aml__fail(err, AML_ERR_INVALID_ARG,
                     "managed identity: set at most one of client_id, object_id and resource_id");
  if (given == 0) return AML_OK;
  if (m->source == MI_ARC)
    return aml__fail(err, AML_ERR_UNSUPPORTED,
                     "managed identity: Azure Arc has only a system-assigned identity; leave client_id, object_id "
                     "and resource_id unset");
  const char *name, *value;
  if (!aml__str_empty(o->client_id)) {
    name = "client_id";
    value = o->client_id;
  } else if (!aml__str_empty(o->object_id)) {
    name = "object_id";
    value = o->object_id;
  } else {
    name = m->source == MI_IMDS ? "msi_res_id" : "mi_res_id";
    value = o->resource_id;
  }
  m->id_param = aml__strdup(name);
  m->id_value = aml__strdup(value);
  return m->id_param && m->id_value ? AML_OK : aml__fail(err, AML_ERR_NOMEM, "out of memory");
}

aml_result aml_managed_identity_credential_new(const aml_managed_identity_options *opts, aml_credential **out,
                                               aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_managed_identity_credential_new: out is required");
  *out = NULL;
  aml_managed_identity_options o;
  aml_managed_identity_options_init(&o, AML_MANAGED_IDENTITY_OPTIONS_VERSION);
  if (opts) {
    if (opts->version != AML_MANAGED_IDENTITY_OPTIONS_VERSION)
      return aml__fail(err, AML_ERR_VERSION, "unknown aml_managed_identity_options version %u", opts->version);
    o = *opts;
  }
  if (o.probe_timeout_ms <= 0)
    return aml__fail(err, AML_ERR_INVALID_ARG, "managed identity: probe_timeout_ms must be positive");
  aml_credential_options co;
  aml_result rc = aml__credential_options_resolve(o.credential, &co, err);
  if (rc < 0) return rc;
  mi_cred *m = aml__calloc(1, sizeof(*m));
  if (!m) return aml__fail(err, AML_ERR_NOMEM, "out of memory creating a credential");
  m->probe_ms = o.probe_timeout_ms;
  m->arc_key_dir = aml__strdup(o.arc_key_dir ? o.arc_key_dir : AML_ARC_KEY_DIR);
  if (!m->arc_key_dir) rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
  if (rc == AML_OK) rc = choose_source(m, &o, err);
  if (rc == AML_OK) rc = choose_identity(m, &o, err);
  if (rc == AML_OK) rc = init_pipelines(m, &co, err);
  if (rc < 0) {
    mi_destroy(m);
    return rc;
  }
  static const aml_credential_vtable vt = {AML_CREDENTIAL_VTABLE_VERSION, mi_get_token, mi_destroy};
  return aml_credential_new(&vt, m, out, err);
}
