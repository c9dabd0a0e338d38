/* Discovery documents that MSAL-based clients (azure-identity for Python and
 * JavaScript) fetch before asking for a token, all pointing back at the
 * emulator. The managed identity endpoints are in identity_mi.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "identity.h"
#include "util.h"

static bool known_tenant(em_app *app, const char *tenant)
{
    return strcmp(tenant, app->cfg.tenant) == 0 || strcmp(tenant, "common") == 0 ||
           strcmp(tenant, "organizations") == 0;
}

void em_identity_openid(em_app *app, const em_request *req, em_response *resp, const char *tenant,
                        bool v2)
{
    (void)req;
    if (!known_tenant(app, tenant)) {
        char *d = em_printf("AADSTS90002: Tenant '%s' not found.", tenant);
        em_resp_json(resp, 400, json_pack("{s:s, s:s, s:[i]}", "error", "invalid_tenant",
                                          "error_description", d, "error_codes", 90002));
        free(d);
        return;
    }
    const char *b = app->base_url;
    /* Multi-tenant aliases publish a templated issuer, as Entra does. */
    const char *iss_tenant = strcmp(tenant, app->cfg.tenant) == 0 ? tenant : "{tenantid}";
    const char *ver = v2 ? "/v2.0" : "";
    char *token_ep = em_printf("%s/%s/oauth2%s/token", b, tenant, ver);
    char *authz_ep = em_printf("%s/%s/oauth2%s/authorize", b, tenant, ver);
    char *device_ep = em_printf("%s/%s/oauth2%s/devicecode", b, tenant, ver);
    char *logout_ep = em_printf("%s/%s/oauth2%s/logout", b, tenant, ver);
    char *jwks = em_printf("%s/%s/discovery%s/keys", b, tenant, ver);
    char *issuer = em_printf("%s/%s%s", b, iss_tenant, v2 ? "/v2.0" : "/");
    json_t *doc = json_pack(
        "{s:s, s:[s,s,s], s:s, s:[s,s,s], s:[s], s:[s], s:[s,s,s], s:s, s:b, s:s, s:s, s:s, s:b, "
        "s:b, s:s, s:[s,s,s,s,s,s,s,s,s], s:s, s:s, s:s, s:s, s:s}",
        "token_endpoint", token_ep, "token_endpoint_auth_methods_supported",
        "client_secret_post", "private_key_jwt", "client_secret_basic", "jwks_uri", jwks,
        "response_modes_supported", "query", "fragment", "form_post", "subject_types_supported",
        "pairwise", "id_token_signing_alg_values_supported", "RS256", "response_types_supported",
        "code", "id_token", "token id_token", "issuer", issuer, "request_uri_parameter_supported",
        0, "authorization_endpoint", authz_ep, "device_authorization_endpoint", device_ep,
        "end_session_endpoint", logout_ep, "http_logout_supported", 1,
        "frontchannel_logout_supported", 1, "userinfo_endpoint", token_ep, "claims_supported",
        "sub", "iss", "aud", "exp", "iat", "nbf", "tid", "oid", "appid", "tenant_region_scope",
        "NA", "cloud_instance_name", app->host_port, "cloud_graph_host_name", app->host_port,
        "msgraph_host", app->host_port, "rbac_url", b);
    json_object_set_new(doc, "scopes_supported",
                        json_pack("[s,s,s,s]", "openid", "profile", "email", "offline_access"));
    free(token_ep);
    free(authz_ep);
    free(device_ep);
    free(logout_ep);
    free(jwks);
    free(issuer);
    em_resp_json(resp, 200, doc);
}

/* Tenant named by an authorization_endpoint URL: the first path segment. */
static char *tenant_of(const char *url)
{
    const char *p = url ? strstr(url, "://") : NULL;
    if (!p)
        return em_xstrdup("common");
    p = strchr(p + 3, '/');
    if (!p)
        return em_xstrdup("common");
    p++;
    size_t n = strcspn(p, "/?#");
    return n ? em_xstrndup(p, n) : em_xstrdup("common");
}

void em_identity_instance_discovery(em_app *app, const em_request *req, em_response *resp)
{
    char *tenant = tenant_of(em_req_query(req, "authorization_endpoint"));
    char *tde = em_printf("%s/%s/v2.0/.well-known/openid-configuration", app->base_url, tenant);
    json_t *md = json_pack("[{s:s, s:s, s:[s]}]", "preferred_network", app->host_port,
                           "preferred_cache", app->host_port, "aliases", app->host_port);
    json_t *body =
        json_pack("{s:s, s:s, s:o}", "tenant_discovery_endpoint", tde, "api-version", "1.1",
                  "metadata", md);
    free(tde);
    free(tenant);
    em_resp_json(resp, 200, body);
}

void em_identity_jwks(em_app *app, em_response *resp)
{
    em_resp_json(resp, 200, json_pack("{s:[o]}", "keys", em_signer_jwk(&app->signer)));
}
