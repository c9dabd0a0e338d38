/* Helpers shared by the arm_* resource modules: provisioning state, request
 * members, and the PUT/PATCH/DELETE steps their resources have in common
 * (the operations those start are lro.c's). */
#ifndef EM_ARM_COMMON_H
#define EM_ARM_COMMON_H

#include <jansson.h>
#include <stdbool.h>

#include "arm.h"
#include "schema.h"

/* properties.provisioningState or "Succeeded" when absent (ARM rule). */
const char *em_prov_state(const json_t *res);
bool em_state_is(const json_t *res, const char *state);
/* Transitional states block conflicting writes. */
bool em_state_busy(const json_t *res);
void em_set_prov_state(json_t *res, const char *state);
/* obj[key] = value (taken) unless obj has key already: a default the
 * service fills in for a member the request left out. */
void em_json_default(json_t *obj, const char *key, json_t *value);
/* Optional string member: NULL when absent or null; false = wrong type. */
bool em_opt_string(const json_t *obj, const char *key, const char **out);

/* The resource's managed identity from a request's "identity" member as
 * the service returns it: type checked (None, SystemAssigned,
 * UserAssigned, "SystemAssigned,UserAssigned"), principalId and tenantId
 * of a system-assigned identity, principalId and clientId of each
 * user-assigned one (kept from existing, the stored identity, when it
 * had them). *out (new ref) is NULL when the request has none. false =
 * resp filled (400 UserError). */
bool em_arm_identity(em_arm *a, const json_t *given, const json_t *existing, json_t **out);

/* body against a resource's schema (schemas.h): false = resp filled with
 * 400 UserError whose target (and details[0].target) is the JSON path of
 * the offending field and details[0].code RequiredFieldMissing or
 * InvalidFieldValue. */
bool em_arm_check_schema(em_arm *a, const em_schema *s, const json_t *body);

/* The end of a PUT of a batch endpoint or deployment. res is the new body
 * with its properties, existing the stored one (or NULL) and *internal its
 * internal part. The resource is Creating until it has first finished
 * provisioning, then Updating; a PUT while an operation runs on it joins
 * that operation (a client retrying a PUT must not get a conflict), else one
 * starts. Answers 201 on creation, else 200, with Azure-AsyncOperation. */
void em_arm_put_mfe(em_arm *a, json_t *res, const json_t *existing, json_t **internal,
                    const char *rk, const char *key, const char *parent, const char *name);

/* The end of a PATCH of a batch endpoint or deployment (res: the stored body
 * with the changes applied): the resource goes Updating and an update
 * starts. Answers 202 with Location. */
void em_arm_patch_mfe(em_arm *a, json_t *res, json_t **internal, const char *rk,
                      const char *key);
/* A change is refused (409) while an operation runs on the resource; false =
 * resp filled. what names the resource in the message ("compute"). */
bool em_arm_check_idle(em_arm *a, const char *what, const char *name, const json_t *res);

/* How one collection's resources are deleted (an LRO of kind "delete"). */
typedef struct em_delete_kind {
    const char *what;   /* "batch endpoint": the resource as messages name it */
    const char *rk;     /* its collection */
    const char *family; /* operation family */
    unsigned headers;   /* EM_LRO_* of the 202 */
    /* Extra checks and changes before the deletion starts (may be NULL);
     * false = resp filled. */
    bool (*prepare)(em_arm *a, const char *name, const char *key, json_t *res);
} em_delete_kind;
/* DELETE of the resource at key: 204 when absent, 202 reporting the pending
 * deletion when one is under way (a repeated DELETE), 409 while another
 * operation runs, else the resource goes Deleting and the deletion starts.
 * action (may be NULL) is recorded with the operation. */
void em_arm_delete_resource(em_arm *a, const em_delete_kind *k, const char *name,
                            const char *key, const char *action);

#endif
