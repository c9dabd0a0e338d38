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

/* ---- RFC 3986 §5.2: resolving a reference against a base URL ---- */

/* Length of "scheme:" at the start of s (0 when there is none). */
static size_t scheme_len(const char *s) {
  if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))) return 0;
  size_t i = 1;
  while ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
         s[i] == '+' || s[i] == '-' || s[i] == '.')
    i++;
  return s[i] == ':' ? i + 1 : 0;
}

/* Append path (len bytes) to out with "." and ".." segments removed (§5.2.4). */
static aml_result append_without_dots(aml_buf *out, const char *path, size_t len) {
  const size_t start = out->len;
  size_t i = 0;
  while (i < len) {
    const char *in = path + i;
    size_t left = len - i;
    if (left >= 3 && memcmp(in, "../", 3) == 0) { i += 3; continue; }
    if (left >= 2 && memcmp(in, "./", 2) == 0) { i += 2; continue; }
    if ((left >= 3 && memcmp(in, "/./", 3) == 0)) { i += 2; continue; }
    if (left == 2 && memcmp(in, "/.", 2) == 0) { i += 1; if (aml__buf_putc(out, '/')) return AML_ERR_NOMEM; break; }
    bool up_mid = left >= 4 && memcmp(in, "/../", 4) == 0, up_end = left == 3 && memcmp(in, "/..", 3) == 0;
    if (up_mid || up_end) {
      /* Drop the last output segment and its preceding '/'. */
      size_t o = out->len;
      while (o > start && out->ptr[o - 1] != '/') o--;
      if (o > start) o--;
      out->len = o;
      out->ptr[o] = '\0';
      i += 3;
      if (up_end && aml__buf_putc(out, '/')) return AML_ERR_NOMEM;
      continue;
    }
    if ((left == 1 && in[0] == '.') || (left == 2 && memcmp(in, "..", 2) == 0)) break;
    /* Move the first segment (with its leading '/', if any). */
    size_t seg = in[0] == '/' ? 1 : 0;
    while (seg < left && in[seg] != '/') seg++;
    if (aml__buf_append(out, in, seg)) return AML_ERR_NOMEM;
    i += seg;
  }
  return AML_OK;
}

aml_result aml__url_resolve(aml_buf *out, const char *base, const char *ref) {
  aml__buf_clear(out);
  size_t rlen = strcspn(ref, "#"); /* fragments never go on the wire */
  size_t bs = scheme_len(base);
  if (!bs || base[bs] != '/' || base[bs + 1] != '/') return AML_ERR_INVALID_ARG;
  size_t rs = scheme_len(ref);
  if (rs && rs <= rlen) {
    /* Absolute: as given, dots removed from its path. */
    if (ref[rs] != '/' || ref[rs + 1] != '/') return AML_ERR_INVALID_ARG;
    size_t auth_end = rs + 2 + strcspn(ref + rs + 2, "/?#");
    size_t path_end = auth_end + strcspn(ref + auth_end, "?#");
    if (aml__buf_append(out, ref, auth_end) || append_without_dots(out, ref + auth_end, path_end - auth_end) ||
        aml__buf_append(out, ref + path_end, rlen - path_end))
      return AML_ERR_NOMEM;
    return AML_OK;
  }
  size_t b_auth_end = bs + 2 + strcspn(base + bs + 2, "/?#");
  size_t b_path_end = b_auth_end + strcspn(base + b_auth_end, "?#");
  size_t b_query_end = b_path_end + strcspn(base + b_path_end, "#");
  if (rlen >= 2 && ref[0] == '/' && ref[1] == '/') {
    /* Network-path reference: the base's scheme, the rest from ref. */
    size_t auth_end = 2 + strcspn(ref + 2, "/?#");
    size_t path_end = auth_end + strcspn(ref + auth_end, "?#");
    if (path_end > rlen) path_end = rlen;
    if (aml__buf_append(out, base, bs) || aml__buf_append(out, ref, auth_end) ||
        append_without_dots(out, ref + auth_end, path_end - auth_end) ||
        aml__buf_append(out, ref + path_end, rlen - path_end))
      return AML_ERR_NOMEM;
    return AML_OK;
  }
  if (aml__buf_append(out, base, b_auth_end)) return AML_ERR_NOMEM;
  size_t r_path_end = strcspn(ref, "?#");
  if (r_path_end > rlen) r_path_end = rlen;
  if (r_path_end == 0) {
    /* Same path; ref's query, or else the base's. */
    if (append_without_dots(out, base + b_auth_end, b_path_end - b_auth_end)) return AML_ERR_NOMEM;
    if (rlen > 0) return aml__buf_append(out, ref, rlen);
    return aml__buf_append(out, base + b_path_end, b_query_end - b_path_end);
  }
  aml_buf merged = AML_BUF_INIT;
  aml_result rc = AML_OK;
  if (ref[0] == '/') {
    rc = aml__buf_append(&merged, ref, r_path_end);
  } else {
    /* Merge (§5.2.3): the base path up to its last '/', then ref's path. */
    const char *bp = base + b_auth_end;
    size_t bpl = b_path_end - b_auth_end, keep = bpl;
    while (keep && bp[keep - 1] != '/') keep--;
    if (bpl == 0) rc = aml__buf_putc(&merged, '/');
    else rc = aml__buf_append(&merged, bp, keep);
    if (rc == AML_OK) rc = aml__buf_append(&merged, ref, r_path_end);
  }
  if (rc == AML_OK) rc = append_without_dots(out, aml__buf_cstr(&merged), merged.len);
  if (rc == AML_OK) rc = aml__buf_append(out, ref + r_path_end, rlen - r_path_end);
  aml__buf_free(&merged);
  return rc;
}
