/* The emulator's access tokens: minting (token endpoint, IMDS, control API)
 * and checking the bearer token of every ARM and scoring request, with a cache
 * of verified tokens so the RSA check runs once per token, not per request. */
#ifndef EM_AUTH_H
#define EM_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "http.h"

typedef enum em_audience {
    EM_AUD_ARM, /* https://management.azure.com/ (and the core.windows.net alias) */
    EM_AUD_ML,  /* https://ml.azure.com — the batch scoring URI */
    EM_AUD_STORAGE, /* https://storage.azure.com — the Blob service */
} em_audience;

typedef struct em_caller {
    char appid[96];
    char oid[96];
} em_caller;

struct em_token_cache *em_token_cache_new(void);
void em_token_cache_free(struct em_token_cache *c);

/* Mint a token for audience `aud` on behalf of `appid`. lifetime_s may be
 * negative to mint an already-expired token (control API). */
char *em_token_issue(em_app *app, const char *aud, const char *appid, int64_t lifetime_s,
                     int64_t *exp_out);

/* Map an OAuth scope ("https://management.azure.com/.default") to the token
 * audience Entra puts in 'aud'. Returns NULL when the scope has no /.default
 * resource. Caller frees. */
char *em_scope_to_audience(const char *scope);

/* Check the request's bearer token for the audience. On failure fills resp
 * with 401, the ARM error body and WWW-Authenticate, and returns false. */
bool em_auth_check(em_app *app, const em_request *req, em_audience aud, em_response *resp,
                   em_caller *caller);

#endif
