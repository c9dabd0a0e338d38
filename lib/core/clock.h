/* Wall clock, monotonic clock, sleeping and HTTP dates. */
#ifndef AML_CORE_CLOCK_H
#define AML_CORE_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

int64_t aml__now_unix_s(void);      /* wall clock, seconds */
int64_t aml__monotonic_ms(void);    /* monotonic, milliseconds */
void aml__sleep_ms(int64_t ms);
/* The wait before the next poll of a loop that began at `start_ms`
 * (monotonic) with a deadline `timeout_ms` after it (negative: none):
 * `delay_ms`, or what is left before the deadline (never an earlier poll
 * than asked), in which case *last is set. Every polling wait uses it. */
int64_t aml__deadline_delay_ms(int64_t delay_ms, int64_t timeout_ms, int64_t start_ms, bool *last);
/* RFC 7231 IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") plus the two
 * obsolete forms (RFC 850, asctime) -> Unix seconds. */
bool aml__parse_http_date(const char *s, int64_t *unix_s);
/* Uniform random double in [0, 1) (jitter; not for secrets). */
double aml__random_unit(void);

#endif
