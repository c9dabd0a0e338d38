/* The ARM ManagedServiceIdentity (aml_compute_identity) of computes, batch
 * endpoints and batch deployments: read, write, copy. */
#ifndef AML_ML_ENTITY_IDENTITY_H
#define AML_ML_ENTITY_IDENTITY_H

#include <azureml/compute.h>

#include "ml/entity_json.h"

/* root's `identity` member -> a new identity in the arena (*out untouched
 * when absent or null); AML_ERR_PARSE on a wrong type. */
aml_result aml__jr_identity(aml__jr *r, json_t *root, const aml_compute_identity **out);
/* id -> root's `identity` (type and user-assigned ids with {} values: the
 * principal, tenant and client ids are read-only). id NULL -> nothing. -1
 * when out of memory. */
int aml__jw_identity(json_t *root, const aml_compute_identity *id);
/* Deep copy into the arena (*out NULL for NULL). -1 when out of memory. */
int aml__copy_identity(aml__arena *a, const aml_compute_identity *in, const aml_compute_identity **out);
/* AML_ERR_VERSION (message names fn) when id is set with an unknown version. */
aml_result aml__identity_check(const aml_compute_identity *id, const char *fn, aml_error **err);

#endif
