/* Service shared access signatures (Blob): issuing a container SAS for a
 * datastore with Sas credentials (listSecrets), and checking the SAS of a
 * request: its signature over the string-to-sign of the Docs'
 * "Create a service SAS" (versions 2018-11-09 and later), its time window,
 * protocol, resource scope and permissions. */
#ifndef EM_SAS_H
#define EM_SAS_H

#include <stdbool.h>
#include <stdint.h>

#include "ds_registry.h"
#include "http.h"

/* The SAS version the emulator signs with. */
#define EM_SAS_VERSION "2025-11-05"

/* A container SAS token (query string without '?'; caller frees) granting
 * perms ("racwdl") until expiry_ms. */
char *em_sas_container_token(const em_ds_registry *r, const char *container, const char *perms,
                             int64_t expiry_ms);

typedef enum em_sas_result {
    EM_SAS_OK,
    EM_SAS_DENIED,     /* 403 AuthenticationFailed: signature, time, protocol, scope, form */
    EM_SAS_PERMISSION, /* 403 AuthorizationPermissionMismatch */
} em_sas_result;

/* Check the request's SAS (query sig, sv, sr, sp, se, ...) for an operation
 * on container[/blob] (blob NULL for container operations) that needs the
 * permission letter perm. *why (caller frees) says what failed, without
 * ever quoting the signature. */
em_sas_result em_sas_check(const em_ds_registry *r, const em_request *req, const char *container,
                           const char *blob, char perm, bool https, char **why);

/* The string-to-sign of a service SAS (exposed for the unit tests). */
char *em_sas_string_to_sign(const em_request *req, const char *canonical_resource);

/* ISO 8601 UTC (yyyy-mm-dd, yyyy-mm-ddThh:mmZ, ...:ssZ, ...:ss.fffZ) to ms;
 * -1 when malformed. */
int64_t em_parse_iso8601(const char *s);

#endif
