/* Token endpoint: the client-credentials grant with a client secret, a client
 * assertion signed by a registered certificate, or a federated assertion (a
 * workload-identity token) signed by a registered issuer key. Errors have
 * Entra's shape; the secret or assertion is never echoed or logged. */
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "identity.h"
#include "util.h"

#define JWT_BEARER "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
#define FEDERATED_AUDIENCE "api://AzureADTokenExchange"

/* Entra error body: {"error", "error_description": "AADSTSnnn: ...\r\nTrace ID...",
 * "error_codes", "timestamp", "trace_id", "correlation_id", "error_uri"}. */
static void aad_error(em_app *app, const em_request *req, em_response *resp, int status,
                      const char *error, int code, const char *desc)
{
    char trace[37], corr[37];
    em_uuid(trace);
    const char *cr = em_req_header(req, "client-request-id");
    if (cr && strlen(cr) < sizeof corr)
        snprintf(corr, sizeof corr, "%s", cr);
    else
        em_uuid(corr);
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    char ts[32];
    strftime(ts, sizeof ts, "%Y-%m-%d %H:%M:%SZ", &tm);
    char *full = em_printf("AADSTS%d: %s\r\nTrace ID: %s\r\nCorrelation ID: %s\r\nTimestamp: %s",
                           code, desc, trace, corr, ts);
    char *uri = em_printf("%s/error?code=%d", app->base_url, code);
    json_t *body = json_pack("{s:s, s:s, s:[i], s:s, s:s, s:s, s:s}", "error", error,
                             "error_description", full, "error_codes", code, "timestamp", ts,
                             "trace_id", trace, "correlation_id", corr, "error_uri", uri);
    free(full);
    free(uri);
    em_resp_json(resp, status, body);
    em_resp_header(resp, "Cache-Control", "no-store, no-cache");
    em_resp_header(resp, "Pragma", "no-cache");
}

static void missing_param(em_app *app, const em_request *req, em_response *resp, const char *name)
{
    char *d = em_printf("The request body must contain the following parameter: '%s'.", name);
    aad_error(app, req, resp, 400, "invalid_request", 900144, d);
    free(d);
}

static bool secret_matches(const char *given, const char *expected)
{
    size_t a = strlen(given), b = strlen(expected);
    /* Constant-time compare of equal-length inputs; the length itself is not
     * secret enough to matter for a local emulator. */
    return a == b && CRYPTO_memcmp(given, expected, a) == 0;
}

static bool aud_matches_token_endpoint(em_app *app, const char *tenant, const json_t *aud)
{
    char *v2 = em_printf("%s/%s/oauth2/v2.0/token", app->base_url, tenant);
    char *v1 = em_printf("%s/%s/oauth2/token", app->base_url, tenant);
    char *iss = em_printf("%s/%s/v2.0", app->base_url, tenant);
    bool ok = false;
    size_t i;
    json_t *v;
    if (json_is_string(aud)) {
        const char *s = json_string_value(aud);
        ok = strcmp(s, v2) == 0 || strcmp(s, v1) == 0 || strcmp(s, iss) == 0;
    } else if (json_is_array(aud)) {
        json_array_foreach(aud, i, v) {
            const char *s = json_string_value(v);
            if (s && (strcmp(s, v2) == 0 || strcmp(s, v1) == 0 || strcmp(s, iss) == 0))
                ok = true;
        }
    }
    free(v2);
    free(v1);
    free(iss);
    return ok;
}

/* A JWT NumericDate is any JSON number (RFC 7519 section 2 allows fractional
 * seconds: MSAL, under azure-identity, sends exp/iat/nbf as floats). */
static bool numeric_date(const json_t *v, double *out)
{
    if (!json_is_number(v))
        return false;
    *out = json_number_value(v);
    return true;
}

static bool time_window_ok(em_app *app, const em_request *req, em_response *resp,
                           const json_t *payload)
{
    int64_t now = em_now_ms() / 1000, skew = app->cfg.clock_skew_s;
    double exp = 0, nbf = 0;
    bool has_exp = numeric_date(json_object_get(payload, "exp"), &exp);
    bool has_nbf = numeric_date(json_object_get(payload, "nbf"), &nbf);
    if (!has_exp || (double)now >= exp + (double)skew ||
        (has_nbf && nbf > (double)(now + skew + 300))) {
        char *d = em_printf("Client assertion is not within its valid time range. Current time: "
                            "%lld, expiry time of assertion %lld.",
                            (long long)now, (long long)exp);
        aad_error(app, req, resp, 401, "invalid_client", 700024, d);
        free(d);
        return false;
    }
    return true;
}

static bool verify_with(em_pubkey *keys, int n, const em_jwt *jwt)
{
    /* Every registered key is tried rather than selecting by the x5t
     * thumbprint: the signature is what authenticates, and clients differ in
     * which thumbprint header (x5t, x5t#S256) they send. */
    for (int i = 0; i < n; i++) {
        if (em_jwt_verify(jwt, keys[i].key))
            return true;
    }
    return false;
}

/* Returns true when the assertion authenticates client_id. */
static bool check_assertion(em_app *app, const em_request *req, em_response *resp,
                            const char *tenant, const char *client_id, const char *assertion)
{
    em_jwt jwt;
    if (em_jwt_decode(assertion, &jwt) != 0) {
        aad_error(app, req, resp, 400, "invalid_request", 50027,
                  "JWT token is invalid or malformed.");
        return false;
    }
    const char *iss = json_string_value(json_object_get(jwt.payload, "iss"));
    const char *sub = json_string_value(json_object_get(jwt.payload, "sub"));
    bool is_cert = iss && sub && strcmp(iss, client_id) == 0 && strcmp(sub, client_id) == 0;
    bool ok = false;
    if (is_cert) {
        if (!verify_with(app->client_certs, app->n_client_certs, &jwt)) {
            aad_error(app, req, resp, 401, "invalid_client", 700027,
                      "Client assertion failed signature validation. (No certificate registered "
                      "with --client-cert verifies it.)");
        } else if (!aud_matches_token_endpoint(app, tenant, json_object_get(jwt.payload, "aud"))) {
            aad_error(app, req, resp, 401, "invalid_client", 50027,
                      "Invalid JWT token. The 'aud' claim of the client assertion must be the "
                      "token endpoint URL.");
        } else if (time_window_ok(app, req, resp, jwt.payload)) {
            ok = true;
        }
    } else {
        const char *aud = json_string_value(json_object_get(jwt.payload, "aud"));
        if (!json_is_string(json_object_get(jwt.payload, "aud")) && json_is_array(json_object_get(jwt.payload, "aud")))
            aud = json_string_value(json_array_get(json_object_get(jwt.payload, "aud"), 0));
        if (app->n_federated_keys == 0) {
            aad_error(app, req, resp, 401, "invalid_client", 70021,
                      "No matching federated identity record found for presented assertion. "
                      "(No federated issuer key is registered with --federated-key.)");
        } else if (!verify_with(app->federated_keys, app->n_federated_keys, &jwt)) {
            aad_error(app, req, resp, 401, "invalid_client", 700027,
                      "Client assertion failed signature validation.");
        } else if (app->cfg.federated_issuer &&
                   (!iss || strcmp(iss, app->cfg.federated_issuer) != 0)) {
            char *d = em_printf("No matching federated identity record found for presented "
                                "assertion issuer '%s'.",
                                iss ? iss : "");
            aad_error(app, req, resp, 401, "invalid_client", 700211, d);
            free(d);
        } else if (!aud || strcmp(aud, FEDERATED_AUDIENCE) != 0) {
            char *d = em_printf("No matching federated identity record found for presented "
                                "assertion audience '%s'.",
                                aud ? aud : "");
            aad_error(app, req, resp, 401, "invalid_client", 700212, d);
            free(d);
        } else if (app->cfg.federated_subject &&
                   (!sub || strcmp(sub, app->cfg.federated_subject) != 0)) {
            char *d = em_printf("No matching federated identity record found for presented "
                                "assertion. Assertion Issuer: '%s'. Assertion Subject: '%s'.",
                                iss ? iss : "", sub ? sub : "");
            aad_error(app, req, resp, 401, "invalid_client", 70021, d);
            free(d);
        } else if (time_window_ok(app, req, resp, jwt.payload)) {
            ok = true;
        }
    }
    em_jwt_free(&jwt);
    return ok;
}

void em_identity_token(em_app *app, const em_request *req, em_response *resp, const char *tenant)
{
    if (strcmp(tenant, app->cfg.tenant) != 0) {
        char *d = em_printf("Tenant '%s' not found. Check to make sure you have the correct "
                            "tenant ID and are signing into the correct cloud.",
                            tenant);
        aad_error(app, req, resp, 400, "invalid_request", 90002, d);
        free(d);
        return;
    }
    em_kvlist form = {0};
    if (req->body)
        em_form_parse(req->body, req->body_len, &form);
    const char *grant = em_kv_get(&form, "grant_type");
    const char *client_id = em_kv_get(&form, "client_id");
    const char *scope = em_kv_get(&form, "scope");
    const char *secret = em_kv_get(&form, "client_secret");
    const char *atype = em_kv_get(&form, "client_assertion_type");
    const char *assertion = em_kv_get(&form, "client_assertion");

    if (!grant) {
        missing_param(app, req, resp, "grant_type");
    } else if (strcmp(grant, "client_credentials") != 0) {
        char *d = em_printf("The app requested an unsupported grant type '%s'. The emulator "
                            "supports client_credentials.",
                            grant);
        aad_error(app, req, resp, 400, "unsupported_grant_type", 70003, d);
        free(d);
    } else if (!client_id) {
        missing_param(app, req, resp, "client_id");
    } else if (strcmp(client_id, app->cfg.client_id) != 0) {
        char *d = em_printf("Application with identifier '%s' was not found in the directory "
                            "'%s'. This can happen if the application has not been installed by "
                            "the administrator of the tenant.",
                            client_id, tenant);
        aad_error(app, req, resp, 400, "unauthorized_client", 700016, d);
        free(d);
    } else if (!scope) {
        missing_param(app, req, resp, "scope");
    } else {
        /* The first /.default scope names the resource; openid-style extras
         * that some clients append are ignored, as Entra does for this grant. */
        char *aud = NULL;
        char *copy = em_xstrdup(scope), *save = NULL;
        for (char *s = strtok_r(copy, " ", &save); s && !aud; s = strtok_r(NULL, " ", &save))
            aud = em_scope_to_audience(s);
        free(copy);
        bool authed = false;
        if (!aud) {
            char *d = em_printf("The provided value for scope %s is not valid. Client credential "
                                "flows must have a scope value with /.default suffixed to the "
                                "resource identifier (application ID URI).",
                                scope);
            aad_error(app, req, resp, 400, "invalid_scope", 1002012, d);
            free(d);
        } else if (secret) {
            if (secret_matches(secret, app->cfg.client_secret))
                authed = true;
            else {
                char *d = em_printf("Invalid client secret provided. Ensure the secret being sent "
                                    "in the request is the client secret value, not the client "
                                    "secret ID, for a secret added to app '%s'.",
                                    client_id);
                aad_error(app, req, resp, 401, "invalid_client", 7000215, d);
                free(d);
            }
        } else if (assertion) {
            if (!atype || strcmp(atype, JWT_BEARER) != 0)
                aad_error(app, req, resp, 400, "invalid_request", 700023,
                          "The client_assertion_type parameter must be "
                          "'" JWT_BEARER "'.");
            else
                authed = check_assertion(app, req, resp, tenant, client_id, assertion);
        } else {
            aad_error(app, req, resp, 401, "invalid_client", 7000218,
                      "The request body must contain the following parameter: 'client_assertion' "
                      "or 'client_secret'.");
        }
        if (authed) {
            int64_t life = app->cfg.token_lifetime_s;
            char *tok = em_token_issue(app, aud, client_id, life, NULL);
            json_t *body = json_pack("{s:s, s:I, s:I, s:s}", "token_type", "Bearer", "expires_in",
                                     (json_int_t)life, "ext_expires_in", (json_int_t)life,
                                     "access_token", tok);
            free(tok);
            em_resp_json(resp, 200, body);
            em_resp_header(resp, "Cache-Control", "no-store, no-cache");
            em_resp_header(resp, "Pragma", "no-cache");
        }
        free(aud);
    }
    em_kv_free(&form);
}
