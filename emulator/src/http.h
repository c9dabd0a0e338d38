/* The emulator's own request/response model. server.c fills an em_request
 * from libmicrohttpd and turns an em_response back into one, so every handler
 * is plain C over these two structs and can be reasoned about (and tested)
 * without the HTTP library. */
#ifndef EM_HTTP_H
#define EM_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef struct em_request {
    const char *method;
    char *path;       /* percent-decoded path, no query */
    char *raw_path;   /* the path exactly as sent, still encoded (Shared Key signs it); may be NULL */
    bool https;       /* arrived over TLS */
    bool opaque_body; /* the body is data (blob content): never recorded */
    em_kvlist query;  /* decoded query arguments, in order */
    em_kvlist headers;
    char *body;       /* NUL-terminated (may contain NULs before body_len) */
    size_t body_len;
    bool loopback;    /* peer address is 127.0.0.0/8 or ::1 */
    int64_t received_ms;
} em_request;

typedef struct em_response {
    int status;
    em_kvlist headers;
    char *body;       /* owned, may be NULL */
    size_t body_len;
    bool drop;        /* close the connection without answering (fault injection) */
    /* A body read from a file instead of body (blob content): file_fd >= 0
     * when has_file (taken: closed after sending). */
    bool has_file;
    int file_fd;
    uint64_t file_offset, file_len;
    int delay_ms;     /* sleep before answering (fault injection) */
} em_response;

const char *em_req_query(const em_request *req, const char *name);
const char *em_req_header(const em_request *req, const char *name);

void em_resp_header(em_response *resp, const char *name, const char *value);
/* Serialize and take ownership of body (may be NULL for an empty body). */
void em_resp_json(em_response *resp, int status, json_t *body);
void em_resp_text(em_response *resp, int status, const char *content_type, const char *text);
/* A body of len bytes (taken; may hold NULs: file contents). */
void em_resp_bytes(em_response *resp, int status, const char *content_type, char *data, size_t len);
void em_resp_empty(em_response *resp, int status);
/* {"error":{"code","message"[,"target"]}} — the ARM/common-types error body. */
void em_resp_arm_error(em_response *resp, int status, const char *code, const char *message,
                       const char *target);
/* Same, with a details array (takes ownership; may be NULL). */
void em_resp_arm_error_details(em_response *resp, int status, const char *code,
                               const char *message, const char *target, json_t *details);
void em_response_free(em_response *resp);
void em_request_free(em_request *req);

#endif
