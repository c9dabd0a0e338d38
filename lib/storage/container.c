/* The container client: where the container is (URL form chosen from the
 * endpoint), how requests are authorised, and blob URLs built from names. */
#include "storage/container_impl.h"

#include "core/alloc.h"
#include "core/secure.h"
#include "core/str.h"
#include "core/base64.h"

#include <string.h>

/* "a.b.c.d" with four decimal parts of at most three digits. */
static bool is_ipv4(const char *h, size_t len) {
  int parts = 0, digits = 0;
  for (size_t i = 0; i < len; i++) {
    if (h[i] >= '0' && h[i] <= '9') {
      if (++digits > 3) return false;
    } else if (h[i] == '.' && digits) {
      parts++;
      digits = 0;
    } else {
      return false;
    }
  }
  return digits && parts == 3;
}

bool aml__blob_host_is_path_style(const char *host_port, size_t len) {
  if (len && host_port[0] == '[') return true; /* IPv6 literal */
  const char *colon = memchr(host_port, ':', len);
  size_t host_len = colon ? (size_t)(colon - host_port) : len;
  if (host_len == 9 && aml__strncasecmp(host_port, "localhost", 9) == 0) return true;
  return is_ipv4(host_port, host_len);
}

static bool valid_part(const char *s) { return !aml__str_empty(s) && !strchr(s, '/') && !strchr(s, '?'); }

/* Fill base_url/account/container from a full container URL. */
static aml_result from_url(aml_blob_container *c, const char *url, const char *account, aml_buf *sas,
                           aml_error **err) {
  const char *scheme_end = strstr(url, "://");
  if (!scheme_end || !(aml__url_is_http(url) || aml__url_is_https(url)))
    return aml__fail(err, AML_ERR_INVALID_ARG, "the container URL must start with http:// or https://");
  const char *host = scheme_end + 3;
  size_t host_len = strcspn(host, "/?#");
  const char *path = host + host_len;
  size_t path_len = strcspn(path, "?#");
  if (path[path_len] == '?' && aml__buf_append(sas, path + path_len + 1, strcspn(path + path_len + 1, "#")))
    return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  while (path_len && path[path_len - 1] == '/') path_len--;
  /* Segments of the path: [account/]container */
  const char *seg = path_len ? path + 1 : path;
  size_t rest = path_len ? path_len - 1 : 0;
  const char *slash = memchr(seg, '/', rest);
  bool path_style = aml__blob_host_is_path_style(host, host_len);
  if (path_style) {
    if (!slash || memchr(slash + 1, '/', rest - (size_t)(slash + 1 - seg)) || slash == seg)
      return aml__fail(err, AML_ERR_INVALID_ARG,
                       "a path-style container URL must be {protocol}://{host:port}/{account}/{container}");
    c->account = account ? aml__strdup(account) : aml__strndup(seg, (size_t)(slash - seg));
    c->container = aml__strndup(slash + 1, rest - (size_t)(slash + 1 - seg));
  } else {
    if (slash || rest == 0)
      return aml__fail(err, AML_ERR_INVALID_ARG,
                       "a container URL must be https://{account}.blob.{suffix}/{container}");
    const char *dot = memchr(host, '.', host_len);
    c->account = account ? aml__strdup(account) : aml__strndup(host, dot ? (size_t)(dot - host) : host_len);
    c->container = aml__strndup(seg, rest);
  }
  c->base_url = aml__strndup(url, (size_t)(path - url) + path_len);
  if (!c->account || !c->container || !c->base_url) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  if (!*c->account) return aml__fail(err, AML_ERR_INVALID_ARG, "the container URL names no account");
  return AML_OK;
}

static aml_result from_parts(aml_blob_container *c, const aml_blob_container_config *cfg, aml_error **err) {
  const char *protocol = cfg->protocol ? cfg->protocol : "https";
  const char *endpoint = cfg->endpoint ? cfg->endpoint : "core.windows.net";
  /* Datastores spell it as they like ("https", "HTTPS"); the URL gets the lower case. */
  if (aml__strcasecmp(protocol, "https") == 0) protocol = "https";
  else if (aml__strcasecmp(protocol, "http") == 0) protocol = "http";
  else return aml__fail(err, AML_ERR_INVALID_ARG, "blob protocol must be \"https\" or \"http\", not \"%s\"", protocol);
  if (!valid_part(cfg->account)) return aml__fail(err, AML_ERR_INVALID_ARG, "a storage account name is required");
  if (!valid_part(cfg->container))
    return aml__fail(err, AML_ERR_INVALID_ARG, "a container name is required (and holds no '/' or '?')");
  if (aml__str_empty(endpoint) || strchr(endpoint, '/'))
    return aml__fail(err, AML_ERR_INVALID_ARG, "the blob endpoint must be a DNS suffix or host:port, not \"%s\"",
                     endpoint);
  aml_buf url = AML_BUF_INIT;
  aml_result rc;
  if (aml__blob_host_is_path_style(endpoint, strlen(endpoint)))
    rc = aml__buf_printf(&url, "%s://%s/%s/%s", protocol, endpoint, cfg->account, cfg->container);
  else
    rc = aml__buf_printf(&url, "%s://%s.blob.%s/%s", protocol, cfg->account, endpoint, cfg->container);
  c->base_url = rc == AML_OK ? aml__buf_detach(&url) : NULL;
  aml__buf_free(&url);
  c->account = aml__strdup(cfg->account);
  c->container = aml__strdup(cfg->container);
  if (!c->base_url || !c->account || !c->container) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  return AML_OK;
}

static aml_result set_auth(aml_blob_container *c, const aml_blob_container_config *cfg, aml_buf *url_sas,
                           aml_error **err) {
  c->auth = cfg->auth;
  switch (cfg->auth) {
  case AML_BLOB_AUTH_NONE:
    return AML_OK;
  case AML_BLOB_AUTH_SHARED_KEY: {
    if (aml__str_empty(cfg->account_key))
      return aml__fail(err, AML_ERR_INVALID_ARG, "Shared Key authorisation needs the account key");
    aml_result rc = aml__base64_decode(cfg->account_key, strlen(cfg->account_key), &c->key, &c->key_len);
    if (rc == AML_ERR_NOMEM) return aml__fail(err, rc, "out of memory");
    if (rc < 0 || c->key_len == 0)
      return aml__fail(err, AML_ERR_INVALID_ARG, "the storage account key is not valid base64");
    return AML_OK;
  }
  case AML_BLOB_AUTH_SAS: {
    const char *sas = cfg->sas_token ? cfg->sas_token : aml__buf_cstr(url_sas);
    if (*sas == '?') sas++;
    if (!*sas) return aml__fail(err, AML_ERR_INVALID_ARG, "SAS authorisation needs a SAS token");
    c->sas = aml__strdup(sas);
    return c->sas ? AML_OK : aml__fail(err, AML_ERR_NOMEM, "out of memory");
  }
  case AML_BLOB_AUTH_BEARER:
    if (!c->pipeline->credential)
      return aml__fail(err, AML_ERR_INVALID_ARG, "bearer authorisation needs a pipeline with a credential");
    return AML_OK;
  }
  return aml__fail(err, AML_ERR_INVALID_ARG, "unknown blob authorisation kind %d", (int)cfg->auth);
}

aml_result aml__blob_container_new(const aml_pipeline *pipeline, const aml_blob_container_config *cfg,
                                   aml_blob_container **out, aml_error **err) {
  if (out) *out = NULL;
  if (!pipeline || !cfg || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "pipeline, config and out are required");
  aml_blob_container *c = aml__calloc(1, sizeof(*c));
  if (!c) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  c->pipeline = pipeline;
  aml_buf url_sas = AML_BUF_INIT;
  aml_result rc = cfg->container_url ? from_url(c, cfg->container_url, cfg->account, &url_sas, err)
                                     : from_parts(c, cfg, err);
  if (rc == AML_OK) rc = set_auth(c, cfg, &url_sas, err);
  aml__buf_free_secret(&url_sas);
  if (rc == AML_OK) {
    c->api_version = aml__strdup(cfg->api_version ? cfg->api_version : AML_BLOB_API_VERSION_DEFAULT);
    if (!c->api_version) rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
  }
  if (rc < 0) {
    aml__blob_container_free(c);
    return rc;
  }
  *out = c;
  return AML_OK;
}

void aml__blob_container_free(aml_blob_container *c) {
  if (!c) return;
  if (c->key) aml__secure_wipe(c->key, c->key_len);
  aml__free(c->key);
  aml__free_secret(c->sas);
  aml__free(c->base_url);
  aml__free(c->account);
  aml__free(c->container);
  aml__free(c->api_version);
  aml__free(c);
}

const char *aml__blob_container_url(const aml_blob_container *c) { return c->base_url; }
const char *aml__blob_container_account(const aml_blob_container *c) { return c->account; }
const char *aml__blob_container_name(const aml_blob_container *c) { return c->container; }

/* Each byte outside the unreserved set and '/' is percent-encoded, so names
 * with spaces, '#', '%', '?', '+' or UTF-8 arrive as written. */
aml_result aml__blob_name_escape(aml_buf *out, const char *name) {
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
    unsigned char ch = *p;
    bool keep = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
                ch == '.' || ch == '_' || ch == '~' || ch == '/';
    char enc[3] = {'%', hex[ch >> 4], hex[ch & 15]};
    if (keep ? aml__buf_putc(out, (char)ch) : aml__buf_append(out, enc, 3)) return AML_ERR_NOMEM;
  }
  return AML_OK;
}

aml_result aml__blob_url(const aml_blob_container *c, const char *blob_name, aml_buf *out) {
  if (aml__buf_puts(out, c->base_url) || aml__buf_putc(out, '/') || aml__blob_name_escape(out, blob_name))
    return AML_ERR_NOMEM;
  return AML_OK;
}
