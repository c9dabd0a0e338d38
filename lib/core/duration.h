/* ISO-8601 durations: the API takes integer seconds, the wire wants "PT2M". */
#ifndef AML_CORE_DURATION_H
#define AML_CORE_DURATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AML_DURATION_MAX_LEN 40

/* seconds >= 0 -> "PT0S", "PT2M", "PT1H30M5S", "P2DT3H"; false if negative or no room. */
bool aml__duration_format(int64_t seconds, char *out, size_t out_size);
/* "P[nW][nD][T[nH][nM][n[.f]S]]" -> seconds (fractions rounded). Years and
 * months are rejected: their length in seconds is not fixed. */
bool aml__duration_parse(const char *s, int64_t *seconds);

#endif
