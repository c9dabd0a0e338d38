#include "recorder.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

struct em_recorder {
    pthread_mutex_t mu;
    json_t **ring;
    int limit;
    int start, count;
    long seq;
};

/* Headers whose values are credentials. */
static bool secret_header(const char *name)
{
    return strcasecmp(name, "Authorization") == 0 || strcasecmp(name, "Cookie") == 0 ||
           strcasecmp(name, "Proxy-Authorization") == 0;
}

/* Form fields of token requests that carry credentials. */
static bool secret_field(const char *name)
{
    return strcmp(name, "client_secret") == 0 || strcmp(name, "client_assertion") == 0 ||
           strcmp(name, "assertion") == 0 || strcmp(name, "refresh_token") == 0 ||
           strcmp(name, "password") == 0 || strcmp(name, "code") == 0;
}

em_recorder *em_recorder_new(int limit)
{
    em_recorder *r = em_xcalloc(1, sizeof *r);
    pthread_mutex_init(&r->mu, NULL);
    r->limit = limit;
    if (limit > 0)
        r->ring = em_xcalloc((size_t)limit, sizeof *r->ring);
    return r;
}

void em_recorder_clear(em_recorder *r)
{
    pthread_mutex_lock(&r->mu);
    for (int i = 0; i < r->count; i++)
        json_decref(r->ring[(r->start + i) % r->limit]);
    r->start = r->count = 0;
    pthread_mutex_unlock(&r->mu);
}

void em_recorder_free(em_recorder *r)
{
    if (!r)
        return;
    if (r->limit > 0)
        em_recorder_clear(r);
    free(r->ring);
    pthread_mutex_destroy(&r->mu);
    free(r);
}

/* Query parameters of a SAS: the signature and every field it signs. */
static bool sas_param(const char *name)
{
    static const char *const names[] = {"sig", "sv", "sr", "sp", "st", "se", "sip", "spr", "si",
                                        "ss", "srt", "ses", "sst", "skoid", "sktid", "skt",
                                        "ske", "sks", "skv", "saoid", "suoid", "scid", "sdd",
                                        "rscc", "rscd", "rsce", "rscl", "rsct", NULL};
    for (int i = 0; names[i]; i++)
        if (strcasecmp(name, names[i]) == 0)
            return true;
    return false;
}

/* JSON bodies (an invoke's inputs) may carry SAS URLs: the query of any
 * string holding "sig=" is cut. */
static void redact_sas_strings(json_t *j)
{
    if (json_is_object(j)) {
        const char *k;
        json_t *v;
        json_object_foreach(j, k, v) {
            if (json_is_string(v) && strstr(json_string_value(v), "sig=")) {
                const char *s = json_string_value(v);
                const char *q = strchr(s, '?');
                size_t n = q ? (size_t)(q - s) : 0;
                char *cut = em_printf("%.*s?REDACTED", (int)n, s);
                json_object_set_new(j, k, json_string(cut));
                free(cut);
            } else {
                redact_sas_strings(v);
            }
        }
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) {
            if (json_is_string(v) && strstr(json_string_value(v), "sig="))
                json_array_set_new(j, i, json_string("REDACTED"));
            else
                redact_sas_strings(v);
        }
    }
}

static json_t *body_json(const em_request *req)
{
    if (!req->body || req->body_len == 0)
        return json_null();
    if (req->opaque_body) /* blob content: its size only */
        return json_pack("{s:I}", "bytes", (json_int_t)req->body_len);
    const char *ct = em_req_header(req, "Content-Type");
    if (ct && em_starts_with_ci(ct, "application/x-www-form-urlencoded")) {
        em_kvlist form = {0};
        em_form_parse(req->body, req->body_len, &form);
        json_t *o = json_object();
        for (size_t i = 0; i < form.n; i++)
            json_object_set_new(o, form.items[i].key,
                                json_string(secret_field(form.items[i].key) ? "REDACTED"
                                                                            : form.items[i].val));
        em_kv_free(&form);
        return o;
    }
    json_t *j = json_loadb(req->body, req->body_len, JSON_DECODE_ANY, NULL);
    if (j) {
        redact_sas_strings(j);
        return j;
    }
    return json_stringn_nocheck(req->body, req->body_len);
}

void em_recorder_add(em_recorder *r, const em_request *req, int status)
{
    if (r->limit <= 0)
        return;
    json_t *query = json_object();
    for (size_t i = 0; i < req->query.n; i++)
        json_object_set_new(query, req->query.items[i].key,
                            json_string(sas_param(req->query.items[i].key)
                                            ? "REDACTED"
                                            : req->query.items[i].val));
    json_t *headers = json_object();
    for (size_t i = 0; i < req->headers.n; i++) {
        const char *k = req->headers.items[i].key;
        char *lk = em_lower(k);
        json_object_set_new(headers, lk,
                            json_string(secret_header(k) ? "REDACTED" : req->headers.items[i].val));
        free(lk);
    }
    char when[40];
    em_iso8601(req->received_ms, when);
    json_t *e = json_pack("{s:s, s:s, s:o, s:o, s:o, s:i, s:s}", "method", req->method, "path",
                          req->path, "query", query, "headers", headers, "body", body_json(req),
                          "status", status, "time", when);
    pthread_mutex_lock(&r->mu);
    json_object_set_new(e, "seq", json_integer(++r->seq));
    if (r->count == r->limit) {
        json_decref(r->ring[r->start]);
        r->ring[r->start] = e;
        r->start = (r->start + 1) % r->limit;
    } else {
        r->ring[(r->start + r->count) % r->limit] = e;
        r->count++;
    }
    pthread_mutex_unlock(&r->mu);
}

json_t *em_recorder_list(em_recorder *r, long since, const char *contains, const char *method)
{
    json_t *arr = json_array();
    if (r->limit <= 0)
        return arr;
    pthread_mutex_lock(&r->mu);
    for (int i = 0; i < r->count; i++) {
        json_t *e = r->ring[(r->start + i) % r->limit];
        if (json_integer_value(json_object_get(e, "seq")) <= since)
            continue;
        if (contains && !strstr(json_string_value(json_object_get(e, "path")), contains))
            continue;
        if (method && strcasecmp(json_string_value(json_object_get(e, "method")), method) != 0)
            continue;
        /* Deep copy: the entry may be evicted by another thread after unlock. */
        json_array_append_new(arr, json_deep_copy(e));
    }
    pthread_mutex_unlock(&r->mu);
    return arr;
}
