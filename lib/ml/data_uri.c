/* Data URIs as users write them: azureml://datastores/<ds>/paths/<p>, the
 * long form with subscription, resource group and workspace, and storage
 * URLs (host-style <account>.blob.<suffix>, or path-style on a loopback
 * Blob service such as Azurite or aml-emulator). */
#include "ml/data_uri.h"

#include "core/error.h"
#include "core/str.h"

#include <ctype.h>
#include <string.h>

#define TRY(x)               \
  do {                       \
    aml_result rc_ = (x);    \
    if (rc_ < 0) return rc_; \
  } while (0)

/* The URI as it may be shown: without its query (a SAS token) and bounded. */
static aml_result bad_uri(aml_error **err, const char *uri, const char *why) {
  size_t n = strcspn(uri, "?");
  if (n > 200) n = 200;
  return aml__fail(err, AML_ERR_INVALID_ARG, "not a data path (%s): \"%.*s\"; expected %s", why, (int)n, uri,
                   AML__DATA_URI_FORMS);
}

/* Next '/'-separated segment of *p (not empty), copied into the arena. */
static int take_segment(aml__arena *a, const char **p, const char **out) {
  const char *s = *p;
  size_t n = strcspn(s, "/");
  if (n == 0) return 0;
  *out = aml__arena_strndup(a, s, n);
  if (!*out) return -1;
  *p = s[n] ? s + n + 1 : s + n;
  return 1;
}

/* "<keyword>/" at *p (case-insensitive), consumed. */
static bool take_keyword(const char **p, const char *kw) {
  size_t n = strlen(kw);
  if (aml__strncasecmp(*p, kw, n) != 0 || (*p)[n] != '/') return false;
  *p += n + 1;
  return true;
}

static aml_result parse_datastore_form(const char *uri, const char *p, aml__arena *a, aml_data_uri *out,
                                       aml_error **err) {
  int r;
  out->kind = AML_DATA_URI_KIND_DATASTORE;
  if (take_keyword(&p, "subscriptions")) {
    if ((r = take_segment(a, &p, &out->subscription_id)) <= 0 || !take_keyword(&p, "resourcegroups") ||
        (r = take_segment(a, &p, &out->resource_group)) <= 0 || !take_keyword(&p, "workspaces") ||
        (r = take_segment(a, &p, &out->workspace)) <= 0)
      return r < 0 ? aml__fail(err, AML_ERR_NOMEM, "out of memory") : bad_uri(err, uri, "incomplete long form");
  }
  if (!take_keyword(&p, "datastores")) return bad_uri(err, uri, "no datastores/<datastore>");
  if ((r = take_segment(a, &p, &out->datastore)) <= 0)
    return r < 0 ? aml__fail(err, AML_ERR_NOMEM, "out of memory") : bad_uri(err, uri, "no datastore name");
  /* "paths" alone (or "paths/") is the datastore's root. */
  if (aml__strcasecmp(p, "paths") == 0) p += 5;
  else if (!take_keyword(&p, "paths")) return bad_uri(err, uri, "no paths/<path> after the datastore");
  out->path = aml__arena_strdup(a, p);
  return out->path ? AML_OK : aml__fail(err, AML_ERR_NOMEM, "out of memory");
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Percent-decode [s, s+n) into the arena; NULL (and *bad set) on a broken escape. */
static char *decode(aml__arena *a, const char *s, size_t n, bool *bad) {
  char *out = aml__arena_alloc(a, n + 1);
  if (!out) return NULL;
  size_t j = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] != '%') {
      out[j++] = s[i];
      continue;
    }
    if (i + 2 >= n) {
      *bad = true;
      return NULL;
    }
    int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
    if (h < 0 || l < 0 || (h == 0 && l == 0)) {
      *bad = true;
      return NULL;
    }
    out[j++] = (char)(h * 16 + l);
    i += 2;
  }
  out[j] = '\0';
  return out;
}

/* A host that addresses the account in the path (Azurite, aml-emulator). */
static bool host_is_path_style(const char *host, size_t n) {
  if (n >= 9 && aml__strncasecmp(host, "localhost", 9) == 0 && (n == 9 || host[9] == ':')) return true;
  if (n > 0 && host[0] == '[') return true; /* IPv6 literal */
  size_t i = 0;
  while (i < n && (isdigit((unsigned char)host[i]) || host[i] == '.')) i++;
  return i > 0 && (i == n || host[i] == ':') && memchr(host, '.', i) != NULL;
}

static aml_result parse_url_form(const char *uri, aml__arena *a, aml_data_uri *out, const char **sas_out,
                                 aml_error **err) {
  out->kind = AML_DATA_URI_KIND_URL;
  bool https = aml__str_starts_with_ci(uri, "https://");
  out->protocol = https ? "https" : "http";
  const char *host = uri + (https ? 8 : 7);
  size_t host_len = strcspn(host, "/?#");
  if (host_len == 0) return bad_uri(err, uri, "no host");
  const char *rest = host + host_len;
  size_t rest_len = strcspn(rest, "?#");
  const char *query = rest[rest_len] == '?' ? rest + rest_len + 1 : NULL;
  if (rest[0] == '/') rest++, rest_len--;
  bool bad = false;
  char *path = decode(a, rest, rest_len, &bad);
  if (!path) return bad ? bad_uri(err, uri, "a broken %-escape") : aml__fail(err, AML_ERR_NOMEM, "out of memory");
  const char *p = path;
  int r = 1;
  if (host_is_path_style(host, host_len)) {
    if (!(out->endpoint = aml__arena_strndup(a, host, host_len)) || (r = take_segment(a, &p, &out->account)) <= 0)
      return r < 0 || !out->endpoint ? aml__fail(err, AML_ERR_NOMEM, "out of memory")
                                     : bad_uri(err, uri, "no account in a path-style URL");
  } else {
    const char *dot = memchr(host, '.', host_len);
    size_t acct_len = dot ? (size_t)(dot - host) : 0;
    if (!dot || acct_len == 0 || aml__strncasecmp(dot, ".blob.", 6) != 0 || host_len <= acct_len + 6)
      return bad_uri(err, uri, "the host is not <account>.blob.<suffix>");
    if (!(out->account = aml__arena_strndup(a, host, acct_len)) ||
        !(out->endpoint = aml__arena_strndup(a, dot + 6, host_len - acct_len - 6)))
      return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  }
  if ((r = take_segment(a, &p, &out->container)) <= 0)
    return r < 0 ? aml__fail(err, AML_ERR_NOMEM, "out of memory") : bad_uri(err, uri, "no container");
  out->path = p; /* the rest of the decoded copy, in the arena */
  if (query && *query) {
    size_t qn = strcspn(query, "#");
    out->has_sas = 1;
    if (sas_out) {
      char *tmp = aml__arena_strndup(a, query, qn);
      if (!tmp) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
      *sas_out = aml__arena_strdup_secret(a, tmp);
      memset(tmp, 0, qn);
      if (!*sas_out) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
    }
  }
  return AML_OK;
}

aml_result aml__data_uri_parse(const char *uri, aml__arena *a, aml_data_uri *out, const char **sas_out,
                               aml_error **err) {
  memset(out, 0, sizeof(*out));
  out->version = AML_DATA_URI_VERSION;
  if (sas_out) *sas_out = NULL;
  if (aml__str_starts_with_ci(uri, "azureml://")) return parse_datastore_form(uri, uri + 10, a, out, err);
  if (aml__str_starts_with_ci(uri, "https://") || aml__str_starts_with_ci(uri, "http://"))
    return parse_url_form(uri, a, out, sas_out, err);
  return bad_uri(err, uri, "unknown scheme");
}

aml_result aml_data_uri_parse(const char *uri, aml_data_uri **out, aml_error **err) {
  if (out) *out = NULL;
  if (!uri || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_data_uri_parse: uri and out are required");
  aml_data_uri *u = aml__owned_new(AML__KIND_DATA_URI, sizeof(*u));
  if (!u) return aml__fail(err, AML_ERR_NOMEM, "out of memory parsing a data path");
  aml_result rc = aml__data_uri_parse(uri, aml__owned_arena(u), u, NULL, err);
  if (rc < 0) {
    aml__owned_free(u, AML__KIND_DATA_URI);
    return rc;
  }
  *out = u;
  return AML_OK;
}

void aml_data_uri_free(aml_data_uri *path) { aml__owned_free(path, AML__KIND_DATA_URI); }
