/* ISO-8601 durations: the API takes integer seconds, the wire wants "PT2M". */
#ifndef AML_CORE_DURATION_H
#define AML_CORE_DURATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AML_DURATION_MAX_LEN 40

/* seconds >= 0 -> "PT0S", "PT2M", "PT1H30M5S", "P2DT3H"; false if negative or no room. */
bool aml__duration_format(int64_t seconds, char *out, size_t out_size);
/* ISO-8601 "P[nY][nM][nW][nD][T[nH][nM][n[.f]S]]" (a fraction on any
 * component) -> seconds, rounded to the nearest. A year counts 365 days and a
 * month 30 (as .NET's XmlConvert): *exact (nullable) is false when the value
 * used years, months or a fraction that is not a whole number of seconds, so
 * the caller keeps the original text. */
bool aml__duration_parse_exact(const char *s, int64_t *seconds, bool *exact);
bool aml__duration_parse(const char *s, int64_t *seconds);

#endif
