#include "auth.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

#define CACHE_SLOTS 4096 /* power of two */

typedef struct slot {
    uint64_t hash;
    char *token;
    int64_t exp, nbf;
    char aud[128];
    em_caller caller;
} slot;

struct em_token_cache {
    pthread_mutex_t mu;
    slot slots[CACHE_SLOTS];
};

struct em_token_cache *em_token_cache_new(void)
{
    struct em_token_cache *c = em_xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->mu, NULL);
    return c;
}

void em_token_cache_free(struct em_token_cache *c)
{
    if (!c)
        return;
    for (int i = 0; i < CACHE_SLOTS; i++)
        free(c->slots[i].token);
    pthread_mutex_destroy(&c->mu);
    free(c);
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static bool cache_get(struct em_token_cache *c, const char *tok, uint64_t h, slot *out)
{
    bool hit = false;
    pthread_mutex_lock(&c->mu);
    slot *s = &c->slots[h & (CACHE_SLOTS - 1)];
    if (s->token && s->hash == h && strcmp(s->token, tok) == 0) {
        *out = *s;
        out->token = NULL;
        hit = true;
    }
    pthread_mutex_unlock(&c->mu);
    return hit;
}

/* Direct-mapped: a colliding token simply evicts the older one, which costs
 * one more signature check later and keeps memory bounded. */
static void cache_put(struct em_token_cache *c, const char *tok, uint64_t h, const slot *v)
{
    pthread_mutex_lock(&c->mu);
    slot *s = &c->slots[h & (CACHE_SLOTS - 1)];
    free(s->token);
    *s = *v;
    s->hash = h;
    s->token = em_xstrdup(tok);
    pthread_mutex_unlock(&c->mu);
}

char *em_scope_to_audience(const char *scope)
{
    const char *suffix = "/.default";
    if (!em_ends_with(scope, suffix))
        return NULL;
    size_t n = strlen(scope) - strlen(suffix);
    char *res = em_xstrndup(scope, n);
    /* Entra keeps the resource's registered identifier: ARM's is registered
     * with a trailing slash, Azure ML's without. */
    if (em_streq_ci(res, "https://management.azure.com") ||
        em_streq_ci(res, "https://management.azure.com/")) {
        free(res);
        return em_xstrdup("https://management.azure.com/");
    }
    if (em_streq_ci(res, "https://management.core.windows.net") ||
        em_streq_ci(res, "https://management.core.windows.net/")) {
        free(res);
        return em_xstrdup("https://management.core.windows.net/");
    }
    if (em_streq_ci(res, "https://ml.azure.com") || em_streq_ci(res, "https://ml.azure.com/")) {
        free(res);
        return em_xstrdup("https://ml.azure.com");
    }
    return res;
}

static char *issuer(em_app *app)
{
    return em_printf("%s/%s/v2.0", app->base_url, app->cfg.tenant);
}

char *em_token_issue(em_app *app, const char *aud, const char *appid, int64_t lifetime_s,
                     int64_t *exp_out)
{
    int64_t now = em_now_ms() / 1000;
    int64_t exp = now + lifetime_s;
    int64_t iat = lifetime_s < 0 ? exp - 3600 : now;
    char uti[37];
    em_uuid(uti);
    char *iss = issuer(app);
    json_t *claims = json_pack(
        "{s:s, s:s, s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "aud", aud, "iss",
        iss, "iat", (json_int_t)iat, "nbf", (json_int_t)iat, "exp", (json_int_t)exp, "appid",
        appid, "azp", appid, "appidacr", "1", "idtyp", "app", "oid", appid, "sub", appid, "tid",
        app->cfg.tenant, "uti", uti, "ver", "1.0");
    free(iss);
    char *tok = em_jwt_sign(&app->signer, claims);
    json_decref(claims);
    if (exp_out)
        *exp_out = exp;
    return tok;
}

static bool aud_ok(em_audience want, const char *aud)
{
    if (!aud)
        return false;
    if (want == EM_AUD_ARM)
        return strcmp(aud, "https://management.azure.com/") == 0 ||
               strcmp(aud, "https://management.azure.com") == 0 ||
               strcmp(aud, "https://management.core.windows.net/") == 0 ||
               strcmp(aud, "https://management.core.windows.net") == 0;
    if (want == EM_AUD_STORAGE)
        return strcmp(aud, "https://storage.azure.com") == 0 ||
               strcmp(aud, "https://storage.azure.com/") == 0;
    return strcmp(aud, "https://ml.azure.com") == 0 || strcmp(aud, "https://ml.azure.com/") == 0;
}

static void fmt_utc(int64_t secs, char out[32])
{
    time_t t = (time_t)secs;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%m/%d/%Y %H:%M:%S", &tm);
}

static bool deny(em_app *app, em_response *resp, const char *code, const char *message,
                 const char *challenge_desc)
{
    em_resp_arm_error(resp, 401, code, message, NULL);
    char *h = em_printf("Bearer authorization_uri=\"%s/%s\", error=\"invalid_token\", "
                        "error_description=\"%s\"",
                        app->base_url, app->cfg.tenant, challenge_desc);
    em_resp_header(resp, "WWW-Authenticate", h);
    free(h);
    return false;
}

static void caller_from_payload(const json_t *p, em_caller *c)
{
    const char *appid = json_string_value(json_object_get(p, "appid"));
    if (!appid)
        appid = json_string_value(json_object_get(p, "azp"));
    const char *oid = json_string_value(json_object_get(p, "oid"));
    snprintf(c->appid, sizeof c->appid, "%s", appid ? appid : "unknown");
    snprintf(c->oid, sizeof c->oid, "%s", oid ? oid : c->appid);
}

/* Full verification of a token not in the cache. Returns false with resp set. */
static bool verify_uncached(em_app *app, const char *tok, em_response *resp, slot *out)
{
    em_jwt jwt;
    if (em_jwt_decode(tok, &jwt) != 0)
        return deny(app, resp, "InvalidAuthenticationToken", "The access token is invalid.",
                    "The access token is malformed.");
    const char *kid = json_string_value(json_object_get(jwt.header, "kid"));
    if (!kid)
        kid = json_string_value(json_object_get(jwt.header, "x5t"));
    if (!kid || strcmp(kid, app->signer.kid) != 0 || !em_jwt_verify(&jwt, app->signer.key)) {
        em_jwt_free(&jwt);
        return deny(app, resp, "InvalidAuthenticationToken", "The access token is invalid.",
                    "The access token signature is invalid.");
    }
    /* Only the tenant part of the issuer is compared: the signature already
     * proves the emulator issued the token, and the base URL inside the
     * issuer changes when a persisted emulator restarts on another port. */
    char *suffix = em_printf("/%s/v2.0", app->cfg.tenant);
    const char *tiss = json_string_value(json_object_get(jwt.payload, "iss"));
    bool iss_ok = tiss && em_ends_with(tiss, suffix);
    free(suffix);
    if (!iss_ok) {
        char *msg = em_printf("The access token is from the wrong issuer '%s'. It must match the "
                              "tenant '%s/%s/' associated with this subscription.",
                              tiss ? tiss : "", app->base_url, app->cfg.tenant);
        em_jwt_free(&jwt);
        bool r = deny(app, resp, "InvalidAuthenticationTokenTenant", msg,
                      "The access token is from the wrong issuer.");
        free(msg);
        return r;
    }
    memset(out, 0, sizeof *out);
    out->exp = json_integer_value(json_object_get(jwt.payload, "exp"));
    out->nbf = json_integer_value(json_object_get(jwt.payload, "nbf"));
    const char *aud = json_string_value(json_object_get(jwt.payload, "aud"));
    snprintf(out->aud, sizeof out->aud, "%s", aud ? aud : "");
    caller_from_payload(jwt.payload, &out->caller);
    em_jwt_free(&jwt);
    return true;
}

bool em_auth_check(em_app *app, const em_request *req, em_audience want, em_response *resp,
                   em_caller *caller)
{
    const char *h = em_req_header(req, "Authorization");
    if (!h)
        return deny(app, resp, "AuthenticationFailed",
                    "Authentication failed. The 'Authorization' header is missing.",
                    "The authentication failed because of missing 'Authorization' header.");
    if (!em_starts_with_ci(h, "Bearer ") || h[7] == '\0' || strchr(h + 7, ' '))
        return deny(app, resp, "AuthenticationFailed",
                    "Authentication failed. The 'Authorization' header is provided in an invalid "
                    "format.",
                    "The authentication failed because of an invalid 'Authorization' header.");
    const char *tok = h + 7;

    if (app->cfg.auth_permissive) {
        /* Any well-formed bearer token; take the caller from it if it decodes. */
        em_jwt jwt;
        if (em_jwt_decode(tok, &jwt) == 0) {
            caller_from_payload(jwt.payload, caller);
            em_jwt_free(&jwt);
        } else {
            snprintf(caller->appid, sizeof caller->appid, "unknown");
            snprintf(caller->oid, sizeof caller->oid, "unknown");
        }
        return true;
    }

    uint64_t hash = fnv1a(tok);
    slot v;
    if (!cache_get(app->tokens, tok, hash, &v)) {
        if (!verify_uncached(app, tok, resp, &v))
            return false;
        cache_put(app->tokens, tok, hash, &v);
    }
    int64_t now = em_now_ms() / 1000;
    int64_t skew = app->cfg.clock_skew_s;
    if (now >= v.exp + skew) {
        char e[32], n[32];
        fmt_utc(v.exp, e);
        fmt_utc(now, n);
        char *msg = em_printf("The access token expiry UTC time '%s' is earlier than current UTC "
                              "time '%s'.",
                              e, n);
        deny(app, resp, "ExpiredAuthenticationToken", msg, "The access token has expired.");
        free(msg);
        return false;
    }
    if (v.nbf > now + skew)
        return deny(app, resp, "InvalidAuthenticationToken",
                    "The access token is not yet valid (nbf is in the future).",
                    "The access token is not yet valid.");
    if (!aud_ok(want, v.aud)) {
        char *msg;
        if (want == EM_AUD_ARM)
            msg = em_printf("The access token has been obtained for wrong audience or resource "
                            "'%s'. It should exactly match with one of the allowed audiences "
                            "'https://management.core.windows.net/','https://management.core."
                            "windows.net','https://management.azure.com/','https://"
                            "management.azure.com'.",
                            v.aud);
        else if (want == EM_AUD_STORAGE)
            msg = em_printf("Audience validation failed. The access token has been obtained for "
                            "wrong audience or resource '%s'; the Blob service accepts "
                            "'https://storage.azure.com' (scope https://storage.azure.com/"
                            ".default).",
                            v.aud);
        else
            msg = em_printf("The access token has been obtained for wrong audience or resource "
                            "'%s'. It should exactly match with one of the allowed audiences "
                            "'https://ml.azure.com','https://ml.azure.com/'.",
                            v.aud);
        deny(app, resp, "InvalidAuthenticationTokenAudience", msg,
             "The access token has been obtained for the wrong audience.");
        free(msg);
        return false;
    }
    *caller = v.caller;
    return true;
}
