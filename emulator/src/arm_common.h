/* Small helpers shared by the arm_* resource modules. */
#ifndef EM_ARM_COMMON_H
#define EM_ARM_COMMON_H

#include <jansson.h>
#include <stdbool.h>

#include "arm.h"

/* properties.provisioningState or "Succeeded" when absent (ARM rule). */
const char *em_prov_state(const json_t *res);
bool em_state_is(const json_t *res, const char *state);
/* Transitional states block conflicting writes. */
bool em_state_busy(const json_t *res);
void em_set_prov_state(json_t *res, const char *state);
/* The pending operation id recorded in a resource's internal part, or NULL. */
const char *em_pending_op(const json_t *internal);
/* internal (may be NULL) with "op" set; returns a new or the same object. */
json_t *em_with_pending_op(json_t *internal, const char *opid);
/* Optional string member: NULL when absent or null; false = wrong type. */
bool em_opt_string(const json_t *obj, const char *key, const char **out);

#endif
