#include "core/clock.h"

#include "core/str.h"

#include <errno.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t aml__now_unix_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (int64_t)ts.tv_sec;
}

int64_t aml__monotonic_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void aml__sleep_ms(int64_t ms) {
  if (ms <= 0) return;
  struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

static int month_index(const char *m) {
  static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (int i = 0; i < 12; i++)
    if (aml__strncasecmp(m, months[i], 3) == 0 && m[3] == '\0') return i;
  return -1;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), no timegm() needed. */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

bool aml__parse_http_date(const char *s, int64_t *unix_s) {
  char wday[16], mon[8], zone[8];
  int day, year, hh, mm, ss;
  if (!s) return false;
  /* IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
  if (sscanf(s, "%15[A-Za-z], %d %7s %d %d:%d:%d %7s", wday, &day, mon, &year, &hh, &mm, &ss,
             zone) == 8) {
  } else if (sscanf(s, "%15[A-Za-z], %d-%7[A-Za-z]-%d %d:%d:%d %7s", wday, &day, mon, &year, &hh,
                    &mm, &ss, zone) == 8) {
    /* RFC 850: Sunday, 06-Nov-94 08:49:37 GMT */
    year += year < 70 ? 2000 : (year < 100 ? 1900 : 0);
  } else if (sscanf(s, "%15s %7s %d %d:%d:%d %d", wday, mon, &day, &hh, &mm, &ss, &year) == 7) {
    strcpy(zone, "GMT"); /* asctime: Sun Nov  6 08:49:37 1994 */
  } else {
    return false;
  }
  int m = month_index(mon);
  if (m < 0 || day < 1 || day > 31 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 ||
      ss > 60 || year < 1970 || aml__strcasecmp(zone, "GMT") != 0)
    return false;
  *unix_s = days_from_civil(year, (unsigned)m + 1, (unsigned)day) * 86400 + hh * 3600 + mm * 60 + ss;
  return true;
}

int64_t aml__deadline_delay_ms(int64_t delay_ms, int64_t timeout_ms, int64_t start_ms, bool *last) {
  *last = false;
  if (timeout_ms < 0) return delay_ms;
  int64_t left = timeout_ms - (aml__monotonic_ms() - start_ms);
  if (delay_ms < left) return delay_ms;
  *last = true;
  return left > 0 ? left : 0;
}

double aml__random_unit(void) {
  uint32_t r = 0;
  if (RAND_bytes((unsigned char *)&r, sizeof(r)) != 1) r = (uint32_t)aml__monotonic_ms() * 2654435761u;
  return (double)r / 4294967296.0;
}
