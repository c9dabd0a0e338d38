#include "core/url.h"

#include "core/str.h"

#include <string.h>

static bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

aml_result aml__url_escape(aml_buf *out, const char *s) {
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    aml_result rc;
    if (unreserved(*p)) {
      rc = aml__buf_putc(out, (char)*p);
    } else {
      char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
      rc = aml__buf_append(out, enc, 3);
    }
    if (rc != AML_OK) return rc;
  }
  return AML_OK;
}

aml_result aml__url_add_query(aml_buf *url, const char *name, const char *value) {
  const char *cur = aml__buf_cstr(url);
  char sep = strchr(cur, '?') ? '&' : '?';
  if (aml__buf_putc(url, sep) || aml__url_escape(url, name) || aml__buf_putc(url, '=') ||
      aml__url_escape(url, value))
    return AML_ERR_NOMEM;
  return AML_OK;
}

/* "scheme://user:pass@host" -> "scheme://REDACTED@host": credentials in a
 * URL (a proxy's, say) never reach a log line or an error message. */
static aml_result append_without_userinfo(aml_buf *out, const char *url, size_t len) {
  const char *scheme = strstr(url, "://");
  if (scheme && (size_t)(scheme - url) < len) {
    const char *auth = scheme + 3;
    size_t auth_len = strcspn(auth, "/?#");
    const char *at = memchr(auth, '@', auth_len);
    if (at && (size_t)(at - url) < len) {
      if (aml__buf_append(out, url, (size_t)(auth - url)) || aml__buf_puts(out, "REDACTED")) return AML_ERR_NOMEM;
      return aml__buf_append(out, at, len - (size_t)(at - url));
    }
  }
  return aml__buf_append(out, url, len);
}

aml_result aml__url_redact(aml_buf *out, const char *url) {
  const char *q = strchr(url, '?');
  if (!q) return append_without_userinfo(out, url, strcspn(url, "#"));
  const char *frag = strchr(q, '#');
  size_t qend = frag ? (size_t)(frag - url) : strlen(url);
  if (append_without_userinfo(out, url, (size_t)(q - url) + 1)) return AML_ERR_NOMEM;
  const char *p = q + 1;
  while ((size_t)(p - url) < qend) {
    const char *amp = memchr(p, '&', qend - (size_t)(p - url));
    size_t len = amp ? (size_t)(amp - p) : qend - (size_t)(p - url);
    const char *eq = memchr(p, '=', len);
    size_t name_len = eq ? (size_t)(eq - p) : len;
    if (aml__buf_append(out, p, name_len)) return AML_ERR_NOMEM;
    if (eq) {
      bool keep = name_len == 11 && aml__strncasecmp(p, "api-version", 11) == 0;
      if (aml__buf_putc(out, '=')) return AML_ERR_NOMEM;
      if (keep ? aml__buf_append(out, eq + 1, len - name_len - 1) : aml__buf_puts(out, "REDACTED"))
        return AML_ERR_NOMEM;
    }
    if (!amp) break;
    if (aml__buf_putc(out, '&')) return AML_ERR_NOMEM;
    p = amp + 1;
  }
  /* The fragment never reaches the server; drop it from logs too. */
  return AML_OK;
}

bool aml__url_is_https(const char *url) {
  return aml__str_starts_with_ci(url, "https://") && url[8] && url[8] != '/';
}

bool aml__url_is_http(const char *url) {
  return aml__url_is_https(url) ||
         (aml__str_starts_with_ci(url, "http://") && url[7] && url[7] != '/');
}
