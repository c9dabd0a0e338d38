/* Shared Key: the string-to-sign and its HMAC-SHA256 signature. */
#include "storage/sharedkey.h"

#include "core/alloc.h"
#include "core/secure.h"
#include "core/str.h"
#include "core/base64.h"
#include "storage/percent.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The standard headers in the order the string-to-sign lists them. */
static const char *const k_standard[] = {
    "Content-Encoding", "Content-Language", "Content-Length",      "Content-MD5",
    "Content-Type",     "Date",             "If-Modified-Since",   "If-Match",
    "If-None-Match",    "If-Unmodified-Since", "Range",
};

typedef struct pair {
  char *name;  /* lower-cased */
  char *value; /* trimmed (headers) or decoded (query) */
} pair;

static int pair_cmp(const void *a, const void *b) {
  const pair *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  return c ? c : strcmp(x->value, y->value);
}

/* The service orders canonicalized headers by its own character weights, not
 * by ASCII ('-' before '_' before digits before letters); the table is the
 * one azure-storage-blob's _storage_header_sort carries. */
static int header_weight(unsigned char ch) {
  static const char order[] = "-!#$%&*.^_|~+\"'(),/`0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]abcdefghijklmnopqrstuvwxyz{}";
  const char *at = ch ? strchr(order, ch) : NULL;
  return at ? (int)(at - order) + 1 : 256 + ch;
}

static int header_cmp(const void *a, const void *b) {
  const unsigned char *x = (const unsigned char *)((const pair *)a)->name;
  const unsigned char *y = (const unsigned char *)((const pair *)b)->name;
  for (; *x && *x == *y; x++, y++) {
  }
  if (!*x || !*y) return (int)*x - (int)*y; /* a prefix sorts first */
  return header_weight(*x) - header_weight(*y);
}

static void pairs_free(pair *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    aml__free(p[i].name);
    aml__free(p[i].value);
  }
  aml__free(p);
}

static void lower(char *s) {
  for (; *s; s++)
    if (*s >= 'A' && *s <= 'Z') *s = (char)(*s - 'A' + 'a');
}

static aml_result add_pair(pair **items, size_t *n, size_t *cap, char *name, char *value) {
  if (!name || !value) goto nomem;
  if (*n == *cap) {
    size_t nc = *cap ? *cap * 2 : 8;
    pair *p = aml__realloc(*items, nc * sizeof(*p));
    if (!p) goto nomem;
    *items = p;
    *cap = nc;
  }
  lower(name);
  (*items)[(*n)++] = (pair){name, value};
  return AML_OK;
nomem:
  aml__free(name);
  aml__free(value);
  return AML_ERR_NOMEM;
}

static aml_result canonical_headers(const aml_kvlist *headers, aml_buf *out) {
  pair *items = NULL;
  size_t n = 0, cap = 0;
  aml_result rc = AML_OK;
  for (size_t i = 0; i < headers->count && rc == AML_OK; i++) {
    const char *name = headers->items[i].name, *value = headers->items[i].value;
    if (!aml__str_starts_with_ci(name, "x-ms-")) continue;
    size_t a, b;
    aml__str_trim_bounds(value, strlen(value), &a, &b);
    rc = add_pair(&items, &n, &cap, aml__strdup(name), aml__strndup(value + a, b - a));
  }
  if (rc == AML_OK && n) qsort(items, n, sizeof(*items), header_cmp);
  for (size_t i = 0; i < n && rc == AML_OK; i++)
    rc = aml__buf_printf(out, "%s:%s\n", items[i].name, items[i].value);
  pairs_free(items, n);
  return rc;
}

/* "/" + account + path, then "\nname:v1,v2" per query parameter. */
static aml_result canonical_resource(const char *account, const char *url, aml_buf *out) {
  const char *scheme = strstr(url, "://");
  const char *path = scheme ? scheme + 3 + strcspn(scheme + 3, "/?#") : url;
  size_t path_len = strcspn(path, "?#");
  if (aml__buf_printf(out, "/%s", account) || aml__buf_append(out, path_len ? path : "/", path_len ? path_len : 1))
    return AML_ERR_NOMEM;
  if (path[path_len] != '?') return AML_OK;
  const char *q = path + path_len + 1;
  size_t qlen = strcspn(q, "#");
  pair *items = NULL;
  size_t n = 0, cap = 0;
  aml_result rc = AML_OK;
  for (size_t i = 0; i < qlen && rc == AML_OK;) {
    size_t len = strcspn(q + i, "&");
    if (len > qlen - i) len = qlen - i;
    const char *eq = memchr(q + i, '=', len);
    size_t nlen = eq ? (size_t)(eq - (q + i)) : len;
    if (len) rc = add_pair(&items, &n, &cap, aml__percent_decode(q + i, nlen),
                                                eq ? aml__percent_decode(eq + 1, len - nlen - 1) : aml__strdup(""));
    i += len + 1;
  }
  if (rc == AML_OK && n) qsort(items, n, sizeof(*items), pair_cmp);
  for (size_t i = 0; i < n && rc == AML_OK; i++) {
    bool same_as_prev = i > 0 && strcmp(items[i].name, items[i - 1].name) == 0;
    rc = same_as_prev ? aml__buf_printf(out, ",%s", items[i].value)
                      : aml__buf_printf(out, "\n%s:%s", items[i].name, items[i].value);
  }
  pairs_free(items, n);
  return rc;
}

aml_result aml__sharedkey_string_to_sign(const char *account, const char *method, const char *url,
                                         const aml_kvlist *headers, uint64_t body_size, aml_buf *out) {
  if (aml__buf_printf(out, "%s\n", method)) return AML_ERR_NOMEM;
  for (size_t i = 0; i < sizeof(k_standard) / sizeof(k_standard[0]); i++) {
    const char *name = k_standard[i];
    aml_result rc;
    if (strcmp(name, "Content-Length") == 0) {
      /* The transport frames the body itself; since 2015-02-21 a zero length is an empty line. */
      rc = body_size ? aml__buf_printf(out, "%llu\n", (unsigned long long)body_size) : aml__buf_putc(out, '\n');
    } else {
      const char *v = aml__kvlist_get(headers, name);
      /* x-ms-date is always sent, so the Date line stays empty. */
      if (strcmp(name, "Date") == 0 && aml__kvlist_get(headers, "x-ms-date")) v = NULL;
      rc = aml__buf_printf(out, "%s\n", v ? v : "");
    }
    if (rc) return AML_ERR_NOMEM;
  }
  if (canonical_headers(headers, out)) return AML_ERR_NOMEM;
  return canonical_resource(account, url, out);
}

aml_result aml__sharedkey_signature(const uint8_t *key, size_t key_len, const char *string_to_sign, aml_buf *out) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  if (!HMAC(EVP_sha256(), key, (int)key_len, (const unsigned char *)string_to_sign, strlen(string_to_sign), mac,
            &mac_len))
    return AML_ERR_INTERNAL;
  aml_result rc = aml__base64_encode(out, mac, mac_len);
  aml__secure_wipe(mac, sizeof(mac));
  return rc;
}

void aml__http_date_format(int64_t unix_s, char out[32]) {
  static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  time_t t = (time_t)unix_s;
  struct tm tm;
  gmtime_r(&t, &tm);
  snprintf(out, 32, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
           tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}
