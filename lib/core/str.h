/* Small string helpers (ASCII-only where case matters: HTTP names, enums). */
#ifndef AML_CORE_STR_H
#define AML_CORE_STR_H

#include <stdbool.h>
#include <stddef.h>

int aml__strcasecmp(const char *a, const char *b);
int aml__strncasecmp(const char *a, const char *b, size_t n);
bool aml__str_empty(const char *s);          /* NULL or "" */
bool aml__str_starts_with(const char *s, const char *prefix);
bool aml__str_starts_with_ci(const char *s, const char *prefix);
/* Bounds of s without leading/trailing blanks (space, tab, CR, LF). */
void aml__str_trim_bounds(const char *s, size_t len, size_t *start, size_t *end);
/* Overwrite, in place and keeping the length, every character that could
 * break a line or drive a terminal with a space: C0 controls (newline, CR,
 * tab, ESC, ...), DEL, C1 controls (U+0080..U+009F as UTF-8) and the Unicode
 * line/paragraph separators (U+2028, U+2029). Text from the wire goes
 * through this before it reaches an error or a log line, so that a server
 * cannot forge log lines. NULL-safe. */
void aml__str_neutralize_controls(char *s);
/* Parse a whole string as a decimal int64; false on junk or overflow. */
bool aml__parse_int64(const char *s, long long *out);

#endif
