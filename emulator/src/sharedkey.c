#include "sharedkey.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static const char *hdr(const em_request *req, const char *name)
{
    const char *v = em_req_header(req, name);
    return v ? v : "";
}

/* Value without leading/trailing white space (caller frees). */
static char *trimmed(const char *v)
{
    while (*v == ' ' || *v == '\t')
        v++;
    size_t n = strlen(v);
    while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
        n--;
    return em_xstrndup(v, n);
}

typedef struct pair {
    char *name;
    char *value;
} pair;

static int by_name_then_value(const void *a, const void *b)
{
    const pair *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : strcmp(x->value, y->value);
}

/* Lower-cased names, sorted; values of one name joined by ",". mode 0:
 * headers ("name:value\n", x-ms-* only), 1: query ("\nname:value"). */
static void canonical_list(em_buf *out, const em_kvlist *l, int mode)
{
    pair *p = em_xcalloc(l->n + 1, sizeof *p);
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) {
        char *name = em_lower(l->items[i].key);
        if (mode == 0 && !em_starts_with(name, "x-ms-")) {
            free(name);
            continue;
        }
        p[n].name = name;
        p[n].value = mode == 0 ? trimmed(l->items[i].val) : em_xstrdup(l->items[i].val);
        n++;
    }
    /* Headers keep the order they were sent in for one name; query values
     * of one name are sorted (the docs' rule). */
    if (mode == 1)
        qsort(p, n, sizeof *p, by_name_then_value);
    else
        for (size_t i = 1; i < n; i++) /* stable insertion sort by name */
            for (size_t j = i; j > 0 && strcmp(p[j - 1].name, p[j].name) > 0; j--) {
                pair t = p[j];
                p[j] = p[j - 1];
                p[j - 1] = t;
            }
    for (size_t i = 0; i < n; i++) {
        bool first = i == 0 || strcmp(p[i - 1].name, p[i].name) != 0;
        if (first)
            em_buf_printf(out, "%s%s:%s", mode == 1 ? "\n" : (i ? "\n" : ""), p[i].name,
                          p[i].value);
        else
            em_buf_printf(out, ",%s", p[i].value);
    }
    if (mode == 0 && n > 0)
        em_buf_puts(out, "\n");
    for (size_t i = 0; i < n; i++) {
        free(p[i].name);
        free(p[i].value);
    }
    free(p);
}

char *em_sharedkey_string_to_sign(const em_request *req, const char *account)
{
    em_buf b = {0};
    const char *len = hdr(req, "Content-Length");
    /* Since 2015-02-21 a zero length is an empty line. */
    if (strcmp(len, "0") == 0)
        len = "";
    bool xdate = em_req_header(req, "x-ms-date") != NULL;
    em_buf_printf(&b, "%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n", req->method,
                  hdr(req, "Content-Encoding"), hdr(req, "Content-Language"), len,
                  hdr(req, "Content-MD5"), hdr(req, "Content-Type"), xdate ? "" : hdr(req, "Date"),
                  hdr(req, "If-Modified-Since"), hdr(req, "If-Match"), hdr(req, "If-None-Match"),
                  hdr(req, "If-Unmodified-Since"), hdr(req, "Range"));
    canonical_list(&b, &req->headers, 0);
    em_buf_printf(&b, "/%s%s", account, req->raw_path ? req->raw_path : req->path);
    canonical_list(&b, &req->query, 1);
    return em_buf_take(&b);
}
