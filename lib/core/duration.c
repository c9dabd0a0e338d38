#include "core/duration.h"

#include <stdio.h>
#include <string.h>

bool aml__duration_format(int64_t seconds, char *out, size_t out_size) {
  if (seconds < 0 || !out || out_size < 5) return false;
  int64_t d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60, s = seconds % 60;
  char tmp[AML_DURATION_MAX_LEN];
  size_t n = 0;
  n += (size_t)snprintf(tmp + n, sizeof(tmp) - n, "P");
  if (d) n += (size_t)snprintf(tmp + n, sizeof(tmp) - n, "%lldD", (long long)d);
  if (h || m || s || !d) {
    n += (size_t)snprintf(tmp + n, sizeof(tmp) - n, "T");
    if (h) n += (size_t)snprintf(tmp + n, sizeof(tmp) - n, "%lldH", (long long)h);
    if (m) n += (size_t)snprintf(tmp + n, sizeof(tmp) - n, "%lldM", (long long)m);
    if (s || (!h && !m)) n += (size_t)snprintf(tmp + n, sizeof(tmp) - n, "%lldS", (long long)s);
  }
  if (n + 1 > out_size) return false;
  memcpy(out, tmp, n + 1);
  return true;
}

bool aml__duration_parse_exact(const char *s, int64_t *seconds, bool *exact) {
  if (!s || (*s != 'P' && *s != 'p')) return false;
  const char *p = s + 1;
  bool in_time = false, any = false, whole = true;
  double total = 0;
  /* Designators must appear in order; `rank` enforces it. */
  int rank = 0;
  while (*p) {
    if (*p == 'T' || *p == 't') {
      if (in_time) return false;
      in_time = true;
      p++;
      if (!*p) return false;
      continue;
    }
    double v = 0;
    int digits = 0;
    bool fraction = false;
    while (*p >= '0' && *p <= '9') { v = v * 10 + (*p - '0'); p++; digits++; }
    if (*p == '.' || *p == ',') {
      double scale = 0.1;
      p++;
      fraction = true;
      while (*p >= '0' && *p <= '9') { v += (*p - '0') * scale; scale /= 10; p++; digits++; }
    }
    if (!digits || v > 1e15) return false;
    char c = *p++;
    if (c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
    int r;
    double unit;
    /* Years and months have no fixed length: 365 and 30 days (as .NET's
     * XmlConvert reads them), flagged inexact so callers keep the text. */
    if (!in_time && c == 'Y') { r = 1; unit = 365 * 86400.0; whole = false; }
    else if (!in_time && c == 'M') { r = 2; unit = 30 * 86400.0; whole = false; }
    else if (!in_time && c == 'W') { r = 3; unit = 604800; }
    else if (!in_time && c == 'D') { r = 4; unit = 86400; }
    else if (in_time && c == 'H') { r = 5; unit = 3600; }
    else if (in_time && c == 'M') { r = 6; unit = 60; }
    else if (in_time && c == 'S') { r = 7; unit = 1; }
    else return false;
    if (r <= rank) return false;
    rank = r;
    double part = v * unit;
    if (fraction && part != (double)(int64_t)part) whole = false;
    total += part;
    any = true;
  }
  if (!any || total > 9.2e18) return false;
  *seconds = (int64_t)(total + 0.5);
  if (exact) *exact = whole;
  return true;
}

bool aml__duration_parse(const char *s, int64_t *seconds) { return aml__duration_parse_exact(s, seconds, NULL); }
