/* Small, dependency-free helpers shared by every emulator module: time,
 * identifiers, growable strings, key/value lists and base64url. The emulator
 * deliberately does not reuse lib/ (see README): its wire handling must stay
 * independent of the SDK it is used to test. */
#ifndef EM_UTIL_H
#define EM_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Wall-clock milliseconds since the epoch, plus the offset the control API
 * may have advanced the clock by. Wall clock (not monotonic) because due
 * times are persisted and must stay meaningful across restarts. */
int64_t em_now_ms(void);
/* How far the control API has moved the clock (ms, >= 0). */
int64_t em_clock_offset_ms(void);
/* Move the emulator's clock forward by ms (>= 0; tests age tokens, SAS and
 * due times without sleeping); returns the total offset. */
int64_t em_clock_advance(int64_t ms);
/* Format ms-since-epoch as ISO-8601 UTC with 7 fractional digits, as ARM does. */
void em_iso8601(int64_t ms, char out[40]);
/* Lower-case random UUID v4. */
void em_uuid(char out[37]);
/* Fill buf with cryptographically random bytes (OpenSSL). */
void em_random_bytes(void *buf, size_t n);

void *em_xmalloc(size_t n);
void *em_xcalloc(size_t n, size_t size);
void *em_xrealloc(void *p, size_t n);
char *em_xstrdup(const char *s);
char *em_xstrndup(const char *s, size_t n);
char *em_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *em_vprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* Lower-cased copy (ASCII). */
char *em_lower(const char *s);
bool em_streq_ci(const char *a, const char *b);
bool em_starts_with(const char *s, const char *prefix);
bool em_starts_with_ci(const char *s, const char *prefix);
bool em_ends_with(const char *s, const char *suffix);

/* Growable byte buffer, always NUL-terminated. */
typedef struct em_buf {
    char *data;
    size_t len;
    size_t cap;
} em_buf;
void em_buf_append(em_buf *b, const void *p, size_t n);
void em_buf_puts(em_buf *b, const char *s);
void em_buf_printf(em_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the data (caller frees) and resets the buffer. */
char *em_buf_take(em_buf *b);
void em_buf_free(em_buf *b);

/* Ordered list of owned key/value strings (headers, query, form fields). */
typedef struct em_kv {
    char *key;
    char *val;
} em_kv;
typedef struct em_kvlist {
    em_kv *items;
    size_t n;
    size_t cap;
} em_kvlist;
void em_kv_add(em_kvlist *l, const char *key, const char *val);
/* Case-insensitive key lookup; first match or NULL. */
const char *em_kv_get(const em_kvlist *l, const char *key);
void em_kv_free(em_kvlist *l);

/* base64url without padding (JWT). Decode returns NULL on bad input. */
char *em_b64url_encode(const unsigned char *p, size_t n);
unsigned char *em_b64url_decode(const char *s, size_t slen, size_t *out_len);
/* Standard base64 with padding (PEM bodies, x5c). */
char *em_b64_encode(const unsigned char *p, size_t n);

/* Percent-encode for a URL query value or path segment (RFC 3986 unreserved kept). */
char *em_url_escape(const char *s);
/* Decode %XX and '+' (form encoding). */
char *em_form_unescape(const char *s, size_t n);
/* Parse application/x-www-form-urlencoded into the list. */
void em_form_parse(const char *body, size_t len, em_kvlist *out);

/* Read a whole file; NULL on error. */
char *em_read_file(const char *path, size_t *len);
/* Write atomically (tmp + rename) with the given mode. */
int em_write_file(const char *path, const char *data, size_t len, unsigned mode);
int em_mkdir_p(const char *path, unsigned mode);

#endif
