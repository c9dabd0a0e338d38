/* The control API under /_emulator/ (loopback clients only, no token):
 * health and config, the request record, fault rules, minting tokens for
 * tests, settling pending operations, and setting job status. */
#ifndef EM_CONTROL_H
#define EM_CONTROL_H

#include "app.h"
#include "http.h"

void em_control(em_app *app, const em_request *req, em_response *resp, char **segs, int nseg);

#endif
