/* Client-side validation helpers: the service's name rules as small
 * matchers (no regex library), and checks whose messages name the rule. */
#ifndef AML_ML_VALIDATE_H
#define AML_ML_VALIDATE_H

#include <azureml/compute.h>
#include <azureml/common.h>
#include <azureml/errors.h>
#include <stdbool.h>

/* ^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$ — the pattern only (no length). */
bool aml__match_endpoint_pattern(const char *name);
/* ^[a-zA-Z](?![a-zA-Z0-9-]*-\d+$)[a-zA-Z0-9\-]{2,23}$ — length included. */
bool aml__match_compute_name(const char *name);

/* Endpoint rule (3-32 characters, pattern above) for `field` ("batch endpoint name"). */
aml_result aml__validate_endpoint_name(const char *field, const char *name, aml_error **err);
/* Deployment rule: the same as endpoints (see validate.c for where it comes from). */
aml_result aml__validate_deployment_name(const char *field, const char *name, aml_error **err);
/* Compute rule (3-24 characters, letter first, no "-<digits>" ending). */
aml_result aml__validate_compute_name(const char *field, const char *name, aml_error **err);
/* Set and not empty. */
aml_result aml__validate_required(const char *field, const char *value, aml_error **err);
/* Map: pairs with NULL/empty keys or NULL values are rejected. */
aml_result aml__validate_map(const char *field, const aml_string_pair *pairs, size_t count, aml_error **err);
/* value == unset, or value >= min. */
aml_result aml__validate_min(const char *field, int64_t value, int64_t unset, int64_t min, aml_error **err);
/* AML_UNSET, 0 or 1. */
aml_result aml__validate_tristate(const char *field, int32_t value, aml_error **err);
/* A managed identity (NULL is fine): known version, a type, no empty
 * user-assigned id. `field` prefixes messages ("compute identity"). */
aml_result aml__validate_identity(const char *field, const aml_compute_identity *id, aml_error **err);

#endif
