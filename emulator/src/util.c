#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/rand.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static _Atomic int64_t g_clock_offset_ms;

int64_t em_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + atomic_load(&g_clock_offset_ms);
}

int64_t em_clock_offset_ms(void)
{
    return atomic_load(&g_clock_offset_ms);
}

int64_t em_clock_advance(int64_t ms)
{
    return atomic_fetch_add(&g_clock_offset_ms, ms) + ms;
}

void em_iso8601(int64_t ms, char out[40])
{
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    char base[24];
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, 40, "%s.%07dZ", base, (int)(ms % 1000) * 10000);
}

void em_random_bytes(void *buf, size_t n)
{
    if (RAND_bytes(buf, (int)n) != 1) {
        /* OpenSSL's CSPRNG failing means the process cannot issue keys or ids
         * safely; there is no sensible degraded mode. */
        fprintf(stderr, "aml-emulator: RAND_bytes failed\n");
        abort();
    }
}

void em_uuid(char out[37])
{
    unsigned char b[16];
    em_random_bytes(b, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
             b[13], b[14], b[15]);
}

static void oom(void)
{
    fprintf(stderr, "aml-emulator: out of memory\n");
    abort();
}

void *em_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *em_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *em_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom();
    return q;
}

char *em_xstrdup(const char *s)
{
    return em_xstrndup(s, strlen(s));
}

char *em_xstrndup(const char *s, size_t n)
{
    char *p = em_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *em_vprintf(const char *fmt, va_list ap)
{
    /* Measured on a copy: ap is consumed by the first pass. */
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    char *p = em_xmalloc((size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, again);
    va_end(again);
    return p;
}

char *em_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = em_vprintf(fmt, ap);
    va_end(ap);
    return p;
}

char *em_lower(const char *s)
{
    char *p = em_xstrdup(s);
    for (char *q = p; *q; q++)
        *q = (char)tolower((unsigned char)*q);
    return p;
}

bool em_streq_ci(const char *a, const char *b)
{
    return a && b && strcasecmp(a, b) == 0;
}

bool em_starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool em_starts_with_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

bool em_ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

void em_buf_append(em_buf *b, const void *p, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->data = em_xrealloc(b->data, cap);
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void em_buf_puts(em_buf *b, const char *s)
{
    em_buf_append(b, s, strlen(s));
}

void em_buf_printf(em_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    em_buf_append(b, "", 0);
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = b->cap;
        while (cap < b->len + (size_t)n + 1)
            cap *= 2;
        b->data = em_xrealloc(b->data, cap);
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *em_buf_take(em_buf *b)
{
    em_buf_append(b, "", 0);
    char *p = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void em_buf_free(em_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void em_kv_add(em_kvlist *l, const char *key, const char *val)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->items = em_xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->n].key = em_xstrdup(key);
    l->items[l->n].val = em_xstrdup(val ? val : "");
    l->n++;
}

const char *em_kv_get(const em_kvlist *l, const char *key)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcasecmp(l->items[i].key, key) == 0)
            return l->items[i].val;
    return NULL;
}

void em_kv_free(em_kvlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].key);
        free(l->items[i].val);
    }
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char B64URL[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static char *b64_encode_with(const unsigned char *p, size_t n, const char *alpha, bool pad)
{
    char *out = em_xmalloc(((n + 2) / 3) * 4 + 1);
    size_t o = 0, i = 0;
    for (; i + 2 < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        out[o++] = alpha[(v >> 18) & 63];
        out[o++] = alpha[(v >> 12) & 63];
        out[o++] = alpha[(v >> 6) & 63];
        out[o++] = alpha[v & 63];
    }
    if (i < n) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);
        out[o++] = alpha[(v >> 18) & 63];
        out[o++] = alpha[(v >> 12) & 63];
        if (i + 1 < n)
            out[o++] = alpha[(v >> 6) & 63];
        else if (pad)
            out[o++] = '=';
        if (pad)
            out[o++] = '=';
    }
    out[o] = '\0';
    return out;
}

char *em_b64url_encode(const unsigned char *p, size_t n)
{
    return b64_encode_with(p, n, B64URL, false);
}

char *em_b64_encode(const unsigned char *p, size_t n)
{
    return b64_encode_with(p, n, B64, true);
}

static int b64url_val(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-' || c == '+')
        return 62;
    if (c == '_' || c == '/')
        return 63;
    return -1;
}

unsigned char *em_b64url_decode(const char *s, size_t slen, size_t *out_len)
{
    while (slen > 0 && s[slen - 1] == '=')
        slen--;
    if (slen % 4 == 1)
        return NULL;
    unsigned char *out = em_xmalloc(slen * 3 / 4 + 3);
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < slen; i++) {
        int v = b64url_val(s[i]);
        if (v < 0) {
            free(out);
            return NULL;
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (unsigned char)((acc >> bits) & 0xff);
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

char *em_url_escape(const char *s)
{
    em_buf b = {0};
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (isalnum(*p) || *p == '-' || *p == '_' || *p == '.' || *p == '~')
            em_buf_append(&b, p, 1);
        else
            em_buf_printf(&b, "%%%02X", *p);
    }
    if (!b.data)
        return em_xstrdup("");
    return em_buf_take(&b);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *em_form_unescape(const char *s, size_t n)
{
    char *out = em_xmalloc(n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            out[o++] = ' ';
        } else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    return out;
}

void em_form_parse(const char *body, size_t len, em_kvlist *out)
{
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && body[j] != '&')
            j++;
        size_t eq = i;
        while (eq < j && body[eq] != '=')
            eq++;
        if (j > i) {
            char *k = em_form_unescape(body + i, eq - i);
            char *v = eq < j ? em_form_unescape(body + eq + 1, j - eq - 1) : em_xstrdup("");
            em_kv_add(out, k, v);
            free(k);
            free(v);
        }
        i = j + 1;
    }
}

char *em_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    em_buf b = {0};
    char tmp[8192];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        em_buf_append(&b, tmp, n);
    bool err = ferror(f);
    fclose(f);
    if (err) {
        em_buf_free(&b);
        return NULL;
    }
    if (len)
        *len = b.len;
    if (!b.data)
        return em_xstrdup("");
    return em_buf_take(&b);
}

int em_write_file(const char *path, const char *data, size_t len, unsigned mode)
{
    char *tmp = em_printf("%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, (mode_t)mode);
    if (fd < 0) {
        free(tmp);
        return -1;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            close(fd);
            unlink(tmp);
            free(tmp);
            return -1;
        }
        off += (size_t)w;
    }
    /* fsync before rename so that a crash never leaves a truncated key or
     * certificate under the final name. */
    if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
}

int em_mkdir_p(const char *path, unsigned mode)
{
    char *p = em_xstrdup(path);
    for (char *q = p + 1; *q; q++) {
        if (*q == '/') {
            *q = '\0';
            if (mkdir(p, (mode_t)mode) != 0 && errno != EEXIST) {
                free(p);
                return -1;
            }
            *q = '/';
        }
    }
    int rc = (mkdir(p, (mode_t)mode) != 0 && errno != EEXIST) ? -1 : 0;
    free(p);
    return rc;
}
