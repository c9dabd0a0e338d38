/* The Entra ID (token endpoint, OpenID metadata, instance discovery, JWKS)
 * and managed-identity (IMDS) surfaces. */
#ifndef EM_IDENTITY_H
#define EM_IDENTITY_H

#include "app.h"
#include "http.h"

/* POST /{tenant}/oauth2/v2.0/token */
void em_identity_token(em_app *app, const em_request *req, em_response *resp, const char *tenant);
/* GET /{tenant}/v2.0/.well-known/openid-configuration (v2) and the v1 form */
void em_identity_openid(em_app *app, const em_request *req, em_response *resp, const char *tenant,
                        bool v2);
/* GET /common/discovery/instance */
void em_identity_instance_discovery(em_app *app, const em_request *req, em_response *resp);
/* GET /{tenant}/discovery/v2.0/keys */
void em_identity_jwks(em_app *app, em_response *resp);
/* GET /metadata/identity/oauth2/token (IMDS) */
void em_identity_imds(em_app *app, const em_request *req, em_response *resp);
/* GET /msi/token: App Service, Functions and Container Apps (X-IDENTITY-HEADER) */
void em_identity_app_service(em_app *app, const em_request *req, em_response *resp);
/* GET /arc/metadata/identity/oauth2/token: Azure Arc (challenge file, then Basic) */
void em_identity_arc(em_app *app, const em_request *req, em_response *resp);

#endif
