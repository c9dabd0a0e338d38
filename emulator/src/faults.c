#include "faults.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

typedef struct rule {
    int id;
    int status;         /* 0 = none */
    bool drop;
    int delay_ms;
    int retry_after_s;  /* -1 = none */
    char *prefix;
    char *contains;
    char *method;
    double rate;        /* probability per matching request */
    int remaining;      /* -1 = unlimited */
    bool bad_count;     /* a count was given and is not >= 0 */
    long hits;
    struct rule *next;
} rule;

struct em_faults {
    pthread_mutex_t mu;
    uint64_t state;
    int next_id;
    rule *head, *tail;
};

em_faults *em_faults_new(uint64_t seed)
{
    em_faults *f = em_xcalloc(1, sizeof *f);
    pthread_mutex_init(&f->mu, NULL);
    f->state = seed;
    f->next_id = 1;
    return f;
}

static void rule_free(rule *r)
{
    free(r->prefix);
    free(r->contains);
    free(r->method);
    free(r);
}

void em_faults_clear(em_faults *f)
{
    pthread_mutex_lock(&f->mu);
    for (rule *r = f->head, *n; r; r = n) {
        n = r->next;
        rule_free(r);
    }
    f->head = f->tail = NULL;
    pthread_mutex_unlock(&f->mu);
}

void em_faults_free(em_faults *f)
{
    if (!f)
        return;
    em_faults_clear(f);
    pthread_mutex_destroy(&f->mu);
    free(f);
}

void em_faults_seed(em_faults *f, uint64_t seed)
{
    pthread_mutex_lock(&f->mu);
    f->state = seed;
    pthread_mutex_unlock(&f->mu);
}

/* splitmix64: tiny, good enough for sampling, and reproducible per seed. */
static double next_unit(em_faults *f)
{
    uint64_t z = (f->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (double)(z >> 11) / 9007199254740992.0;
}

static rule *rule_new(void)
{
    rule *r = em_xcalloc(1, sizeof *r);
    r->retry_after_s = -1;
    r->rate = 1.0;
    r->remaining = -1;
    return r;
}

static int validate(rule *r, char **err)
{
    if (!r->status && !r->drop && !r->delay_ms) {
        *err = em_xstrdup("a fault needs status, drop or delay");
        return -1;
    }
    if (r->status && (r->status < 400 || r->status > 599)) {
        *err = em_xstrdup("fault status must be 400..599");
        return -1;
    }
    if (r->status && r->drop) {
        *err = em_xstrdup("a fault cannot both answer a status and drop the connection");
        return -1;
    }
    if (r->rate < 0 || r->rate > 1) {
        *err = em_xstrdup("fault rate must be in [0, 1]");
        return -1;
    }
    if (r->bad_count) {
        *err = em_xstrdup("fault count must be an integer in 0..1000000000 (leave it out for "
                          "no limit)");
        return -1;
    }
    if (r->retry_after_s < -1) { /* -1: none */
        *err = em_xstrdup("fault retry-after must not be negative");
        return -1;
    }
    if (r->delay_ms < 0 || r->delay_ms > 600000) {
        *err = em_xstrdup("fault delay must be 0..600000 ms");
        return -1;
    }
    return 0;
}

static int add(em_faults *f, rule *r)
{
    pthread_mutex_lock(&f->mu);
    r->id = f->next_id++;
    if (f->tail)
        f->tail->next = r;
    else
        f->head = r;
    f->tail = r;
    int id = r->id;
    pthread_mutex_unlock(&f->mu);
    return id;
}

int em_faults_add_spec(em_faults *f, const char *spec, char **err)
{
    rule *r = rule_new();
    char *copy = em_xstrdup(spec);
    char *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        const char *val = eq ? eq + 1 : "";
        if (eq)
            *eq = '\0';
        if (strcmp(tok, "status") == 0)
            r->status = atoi(val);
        else if (strcmp(tok, "drop") == 0)
            r->drop = true;
        else if (strcmp(tok, "delay") == 0)
            r->delay_ms = atoi(val);
        else if (strcmp(tok, "retry-after") == 0)
            r->retry_after_s = atoi(val);
        else if (strcmp(tok, "rate") == 0)
            r->rate = strtod(val, NULL);
        else if (strcmp(tok, "count") == 0) {
            char *end;
            long n = strtol(val, &end, 10);
            r->bad_count = !*val || *end || n < 0 || n > 1000000000;
            r->remaining = (int)n;
        }
        else if (strcmp(tok, "prefix") == 0)
            r->prefix = em_xstrdup(val);
        else if (strcmp(tok, "contains") == 0)
            r->contains = em_xstrdup(val);
        else if (strcmp(tok, "method") == 0)
            r->method = em_xstrdup(val);
        else {
            *err = em_printf("unknown fault key '%s'", tok);
            free(copy);
            rule_free(r);
            return -1;
        }
    }
    free(copy);
    if (validate(r, err) != 0) {
        rule_free(r);
        return -1;
    }
    return add(f, r);
}

int em_faults_add_json(em_faults *f, const json_t *j, char **err)
{
    if (!json_is_object(j)) {
        *err = em_xstrdup("a fault rule is a JSON object");
        return -1;
    }
    rule *r = rule_new();
    json_t *v;
    if ((v = json_object_get(j, "status")))
        r->status = (int)json_integer_value(v);
    if ((v = json_object_get(j, "drop")))
        r->drop = json_is_true(v);
    if ((v = json_object_get(j, "delayMs")))
        r->delay_ms = (int)json_integer_value(v);
    if ((v = json_object_get(j, "retryAfter")))
        r->retry_after_s = (int)json_integer_value(v);
    if ((v = json_object_get(j, "rate")))
        r->rate = json_number_value(v);
    if ((v = json_object_get(j, "count"))) {
        json_int_t n = json_integer_value(v);
        r->bad_count = !json_is_integer(v) || n < 0 || n > 1000000000;
        r->remaining = (int)n;
    }
    if ((v = json_object_get(j, "pathPrefix")) && json_is_string(v))
        r->prefix = em_xstrdup(json_string_value(v));
    if ((v = json_object_get(j, "pathContains")) && json_is_string(v))
        r->contains = em_xstrdup(json_string_value(v));
    if ((v = json_object_get(j, "method")) && json_is_string(v))
        r->method = em_xstrdup(json_string_value(v));
    if (validate(r, err) != 0) {
        rule_free(r);
        return -1;
    }
    return add(f, r);
}

bool em_faults_remove(em_faults *f, int id)
{
    pthread_mutex_lock(&f->mu);
    rule *prev = NULL;
    for (rule *r = f->head; r; prev = r, r = r->next) {
        if (r->id == id) {
            if (prev)
                prev->next = r->next;
            else
                f->head = r->next;
            if (f->tail == r)
                f->tail = prev;
            rule_free(r);
            pthread_mutex_unlock(&f->mu);
            return true;
        }
    }
    pthread_mutex_unlock(&f->mu);
    return false;
}

json_t *em_faults_list(em_faults *f)
{
    json_t *arr = json_array();
    pthread_mutex_lock(&f->mu);
    for (rule *r = f->head; r; r = r->next) {
        json_t *o = json_pack("{s:i, s:f, s:i, s:I}", "id", r->id, "rate", r->rate, "count",
                              r->remaining, "hits", (json_int_t)r->hits);
        if (r->status)
            json_object_set_new(o, "status", json_integer(r->status));
        if (r->drop)
            json_object_set_new(o, "drop", json_true());
        if (r->delay_ms)
            json_object_set_new(o, "delayMs", json_integer(r->delay_ms));
        if (r->retry_after_s >= 0)
            json_object_set_new(o, "retryAfter", json_integer(r->retry_after_s));
        if (r->prefix)
            json_object_set_new(o, "pathPrefix", json_string(r->prefix));
        if (r->contains)
            json_object_set_new(o, "pathContains", json_string(r->contains));
        if (r->method)
            json_object_set_new(o, "method", json_string(r->method));
        json_array_append_new(arr, o);
    }
    pthread_mutex_unlock(&f->mu);
    return arr;
}

static bool matches(const rule *r, const em_request *req)
{
    if (r->remaining == 0)
        return false;
    if (r->method && strcasecmp(r->method, req->method) != 0)
        return false;
    if (r->prefix && !em_starts_with_ci(req->path, r->prefix))
        return false;
    if (r->contains && !strcasestr(req->path, r->contains))
        return false;
    return true;
}

static void fault_response(em_response *resp, int status, int retry_after_s)
{
    const char *code, *msg;
    switch (status) {
    case 429:
        code = "TooManyRequests";
        msg = "The request was throttled (aml-emulator fault injection). Retry after the "
              "interval in the Retry-After header.";
        break;
    case 500:
        code = "InternalServerError";
        msg = "Internal server error (aml-emulator fault injection).";
        break;
    case 503:
        code = "ServiceUnavailable";
        msg = "The service is temporarily unavailable (aml-emulator fault injection).";
        break;
    default:
        code = "InjectedFault";
        msg = "aml-emulator fault injection.";
        break;
    }
    em_resp_arm_error(resp, status, code, msg, NULL);
    if (retry_after_s < 0 && status == 429)
        retry_after_s = 1;
    if (retry_after_s >= 0) {
        char v[16];
        snprintf(v, sizeof v, "%d", retry_after_s);
        em_resp_header(resp, "Retry-After", v);
    }
}

bool em_faults_apply(em_faults *f, const em_request *req, em_response *resp)
{
    if (!f->head)
        return false; /* racy read is fine: rules added concurrently apply next time */
    pthread_mutex_lock(&f->mu);
    rule *hit = NULL;
    for (rule *r = f->head; r; r = r->next) {
        if (!matches(r, req))
            continue;
        /* Rate sampling draws only for matching requests, so the same seed and
         * request sequence give the same faults. */
        if (r->rate < 1.0 && next_unit(f) >= r->rate)
            continue;
        hit = r;
        break;
    }
    int status = 0, retry_after = -1, delay = 0;
    bool drop = false;
    if (hit) {
        if (hit->remaining > 0)
            hit->remaining--;
        hit->hits++;
        status = hit->status;
        drop = hit->drop;
        delay = hit->delay_ms;
        retry_after = hit->retry_after_s;
    }
    pthread_mutex_unlock(&f->mu);
    if (!hit)
        return false;
    resp->delay_ms = delay;
    if (drop) {
        resp->drop = true;
        return true;
    }
    if (status) {
        fault_response(resp, status, retry_after);
        return true;
    }
    return false;
}
