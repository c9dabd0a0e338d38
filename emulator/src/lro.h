/* Long-running operations, as ARM runs them (ARM-API.md §6): an operation
 * row per create/update/delete/cancel, due after --provisioning-delay-ms,
 * an Azure-AsyncOperation status URL (always 200 + {"status"}) and a Location
 * result URL (202 while running, then the final response). Operations are
 * settled lazily at the start of every ARM request rather than by a timer
 * thread: state then only moves under the store lock, deterministic for
 * tests, and a restart simply resumes with the persisted due times. */
#ifndef EM_LRO_H
#define EM_LRO_H

#include <jansson.h>

#include "arm.h"

#define EM_FAMILY_MFE "mfe"
#define EM_FAMILY_COMPUTE "compute"

/* Record a new operation on res_key (inside the caller's transaction).
 * payload (borrowed, may be NULL) is kept for the settle step. Writes the id. */
int em_lro_start(em_arm *a, const char *kind, const char *family, const char *res_key,
                 const json_t *payload, char opid[40]);
/* Response headers pointing at the operation. */
void em_lro_header_async(em_arm *a, const char *family, const char *opid);
void em_lro_header_location(em_arm *a, const char *family, const char *opid);
void em_lro_header_retry_after(em_arm *a);
void em_lro_header_timeout(em_arm *a);

/* Apply every due operation (each in its own transaction). Store lock held. */
void em_lro_settle_due(em_app *app);

/* GET .../locations/{loc}/{family}OperationsStatus/{id} */
void em_lro_status(em_arm *a, const char *sub, const char *loc, const char *family,
                   const char *opid);
/* GET .../locations/{loc}/{family}OperationResults/{id} */
void em_lro_result(em_arm *a, const char *sub, const char *loc, const char *family,
                   const char *opid);

#endif
