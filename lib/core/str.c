#include "core/str.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int lower(int c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }

int aml__strcasecmp(const char *a, const char *b) {
  for (;; a++, b++) {
    int ca = lower((unsigned char)*a), cb = lower((unsigned char)*b);
    if (ca != cb || !ca) return ca - cb;
  }
}

int aml__strncasecmp(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    int ca = lower((unsigned char)a[i]), cb = lower((unsigned char)b[i]);
    if (ca != cb || !ca) return ca - cb;
  }
  return 0;
}

bool aml__str_empty(const char *s) { return !s || !*s; }

bool aml__str_starts_with(const char *s, const char *prefix) {
  return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

bool aml__str_starts_with_ci(const char *s, const char *prefix) {
  return s && aml__strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

void aml__str_trim_bounds(const char *s, size_t len, size_t *start, size_t *end) {
  size_t a = 0, b = len;
  while (a < b && blank(s[a])) a++;
  while (b > a && blank(s[b - 1])) b--;
  *start = a;
  *end = b;
}

bool aml__parse_int64(const char *s, long long *out) {
  if (aml__str_empty(s)) return false;
  char *end = NULL;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || !end || *end) return false;
  *out = v;
  return true;
}

void aml__str_neutralize_controls(char *s) {
  if (!s) return;
  for (unsigned char *p = (unsigned char *)s; *p; p++) {
    if (*p < 0x20 || *p == 0x7f) {
      *p = ' ';
    } else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
      p[0] = p[1] = ' ';
      p++;
    } else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
      p[0] = p[1] = p[2] = ' ';
      p += 2;
    }
  }
}
