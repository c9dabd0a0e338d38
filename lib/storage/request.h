/* Building, authorising and sending one Blob Storage request, and turning a
 * storage error answer into an aml_error. Shared by the operation files. */
#ifndef AML_STORAGE_REQUEST_H
#define AML_STORAGE_REQUEST_H

#include "storage/container_impl.h"

/* A request for the container (blob_name NULL) or a blob, with `query`
 * ("comp=block&blockid=..", already encoded; NULL = none) and the SAS token
 * appended, x-ms-version set, the per-try authorisation hook and the storage
 * retry rule attached. */
aml_result aml__blob_request_new(const aml_blob_container *c, const char *method, const char *blob_name,
                                 const char *query, aml_http_request **out, aml_error **err);

/* Send; a status outside [200, 300) becomes an error (see blob.h for the
 * mapping) naming `what` (e.g. "Put Blob") and the blob. */
aml_result aml__blob_send(const aml_blob_container *c, aml_http_request *req, aml_http_response *resp,
                          const char *what, const char *blob_name, aml_error **err);

/* Blob Storage's retry rule (azure-storage-blob's is_retry): 408 and every
 * 5xx except 501 (not implemented) and 505 (HTTP version not supported). */
bool aml__blob_status_retriable(int32_t status);

/* Stamp x-ms-date and, for Shared Key, sign (the per-try hook). */
aml_result aml__blob_authorize_try(aml_http_request *req, void *container, aml_error **err);

/* Headers helpers. */
aml_result aml__blob_set_metadata_headers(aml_http_request *req, const aml_kvlist *metadata, aml_error **err);
aml_result aml__blob_set_md5_header(aml_http_request *req, const char *name, const uint8_t md5[16]);
void aml__blob_md5(const void *data, size_t len, uint8_t out[16]);

/* Parse a List Blobs answer (exposed for the unit tests and the fuzzer). */
aml_result aml__blob_list_parse(const char *xml, size_t len, aml_blob_list_page *page, aml_error **err);

#endif
