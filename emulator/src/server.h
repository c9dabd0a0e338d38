/* libmicrohttpd glue: turns MHD callbacks into em_request/em_response and
 * back. Knows nothing about Azure. */
#ifndef EM_SERVER_H
#define EM_SERVER_H

#include "app.h"
#include "tls_cert.h"

typedef struct em_server em_server;

/* Bind and listen (the port is then known, no request is served yet).
 * NULL with *err set. */
em_server *em_server_bind(em_app *app, char **err);
/* Serve on the bound socket (tls may be NULL); -1 with *err set (the
 * server is then to be stopped). */
int em_server_start(em_server *srv, const em_tls_material *tls, char **err);
int em_server_port(const em_server *srv);
void em_server_stop(em_server *srv);

#endif
