/* The Blob Storage REST API, path-style: {base}/{account}/{container}[/{blob}].
 * The router hands every request whose first path segment is the storage
 * account here (ARM, identity and /_emulator paths never are). blob.c checks
 * the version and the authorization (Shared Key, SAS, bearer) and routes;
 * blob_ops.c holds the blob operations, blob_list.c the container ones.
 * Errors are the service's XML bodies with x-ms-error-code. */
#ifndef EM_BLOB_H
#define EM_BLOB_H

#include <jansson.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "app.h"
#include "http.h"

/* The newest and oldest x-ms-version served. */
#define EM_BLOB_VERSION_MAX "2025-11-05"
#define EM_BLOB_VERSION_MIN "2019-12-12"

typedef struct em_blob_ctx {
    em_app *app;
    const em_request *req;
    em_response *resp;
    char rid[37];
    const char *container;
    const em_ds_def *ds;  /* the datastore of the container, NULL for others */
    char *dir;            /* the container's folder */
    char *staging;        /* DATASTORE_DIR/.aml-staging */
    const char *blob;     /* decoded blob name, NULL for container operations */
} em_blob_ctx;

void em_blob_service(em_app *app, const em_request *req, em_response *resp);

/* Storage error: status, x-ms-error-code and the XML body
 * <Error><Code/><Message/></Error> (the message gets the request id and
 * time appended, as the service does). */
void em_blob_error(em_blob_ctx *c, int status, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* XML-escaped copy (caller frees). */
char *em_xml_escape(const char *s);
/* RFC 1123 date of ms since the epoch. */
void em_rfc1123(int64_t ms, char out[40]);

/* Blob operations (blob_ops.c). */
void em_blob_put(em_blob_ctx *c);
void em_blob_put_block(em_blob_ctx *c);
void em_blob_put_block_list(em_blob_ctx *c);
void em_blob_get(em_blob_ctx *c, bool head);
void em_blob_set_metadata(em_blob_ctx *c);
void em_blob_delete(em_blob_ctx *c);
/* Properties of the file at path (stat'ed as st): the stored ones while
 * still valid, else the defaults with the MD5 computed (and stored). New
 * ref; NULL when the file cannot be read. */
json_t *em_blob_props(em_blob_ctx *c, const char *name, const char *path, const struct stat *st);
/* "0x..." (no quotes) of a file's state. */
void em_blob_etag(const struct stat *st, char out[40]);

/* Container operations (blob_list.c). */
void em_blob_list(em_blob_ctx *c);
void em_blob_create_container(em_blob_ctx *c);
void em_blob_container_properties(em_blob_ctx *c, bool head);

#endif
