/* Top-level dispatch of one request: control API, fault injection, the
 * identity surfaces, ARM, the scoring URI; then the headers every response
 * carries and the request record. */
#ifndef EM_ROUTER_H
#define EM_ROUTER_H

#include "app.h"
#include "http.h"

void em_route(em_app *app, const em_request *req, em_response *resp);

#endif
