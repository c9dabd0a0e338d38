/* Name rules and generic checks shared by the aml_X_validate() functions. */
#include "ml/validate.h"

#include "core/error.h"

#include <inttypes.h>
#include <string.h>

#define ENDPOINT_PATTERN "^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$"
#define COMPUTE_PATTERN "^[a-zA-Z](?![a-zA-Z0-9-]*-\\d+$)[a-zA-Z0-9\\-]{2,23}$"

static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }

bool aml__match_endpoint_pattern(const char *name) {
  if (!name || !is_alpha(name[0])) return false;
  size_t n = strlen(name);
  for (size_t i = 1; i < n; i++)
    if (!is_alnum(name[i]) && name[i] != '-') return false;
  return is_alnum(name[n - 1]);
}

/* True when the name ends in '-' followed by one or more digits. The
 * lookahead in the service's pattern starts after the first character, which
 * is a letter, so the '-' can never be the first character anyway. */
static bool ends_in_dash_digits(const char *name, size_t n) {
  size_t i = n;
  while (i > 0 && is_digit(name[i - 1])) i--;
  return i < n && i > 0 && name[i - 1] == '-';
}

bool aml__match_compute_name(const char *name) {
  if (!name) return false;
  size_t n = strlen(name);
  if (n < 3 || n > 24 || !is_alpha(name[0])) return false;
  for (size_t i = 1; i < n; i++)
    if (!is_alnum(name[i]) && name[i] != '-') return false;
  return !ends_in_dash_digits(name, n);
}

static aml_result endpoint_rule(const char *field, const char *name, aml_error **err) {
  if (!name || !*name) return aml__fail(err, AML_ERR_VALIDATION, "%s is required", field);
  size_t n = strlen(name);
  if (n < 3 || n > 32)
    return aml__fail(err, AML_ERR_VALIDATION,
                     "%s \"%.40s%s\" is %zu characters long; the rule is 3 to 32 characters", field, name,
                     n > 40 ? "..." : "", n);
  if (!aml__match_endpoint_pattern(name))
    return aml__fail(err, AML_ERR_VALIDATION,
                     "%s \"%s\" does not match " ENDPOINT_PATTERN
                     " (start with a letter; only letters, digits and '-'; end with a letter or digit)",
                     field, name);
  return AML_OK;
}

aml_result aml__validate_endpoint_name(const char *field, const char *name, aml_error **err) {
  return endpoint_rule(field, name, err);
}

/* The batch deployment name rule. No published source states one:
 * - the ARM spec sets none: BatchDeployment.tsp declares the key with
 *   NamePattern = "" and the 2026-07-01 openapi.json has `deploymentName` as a
 *   plain string (Azure/azure-rest-api-specs,
 *   specification/machinelearningservices/MachineLearningServices.Management/BatchDeployment.tsp);
 * - the CLI's YAML schema has `name` as a plain string
 *   (Azure/azureml-examples cli/.schemas/jsons/latest/batchDeployment.schema.json);
 * - azure-ai-ml checks batch deployment names nowhere (PEERS.md §1a); its one
 *   name validator, `validate_endpoint_or_deployment_name(name, is_deployment=True)`
 *   in azure/ai/ml/_utils/_endpoint_utils.py, applies the endpoint rule
 *   (3-32 characters, ^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$) to online deployments.
 * We apply that shared endpoint/deployment rule to batch deployments too: it is
 * the only rule the service's own SDK states for deployment names, and a
 * deployment name also travels as `defaults.deploymentName` and in the
 * `azureml-model-deployment` header. */
aml_result aml__validate_deployment_name(const char *field, const char *name, aml_error **err) {
  return endpoint_rule(field, name, err);
}

aml_result aml__validate_compute_name(const char *field, const char *name, aml_error **err) {
  if (!name || !*name) return aml__fail(err, AML_ERR_VALIDATION, "%s is required", field);
  size_t n = strlen(name);
  if (n < 3 || n > 24)
    return aml__fail(err, AML_ERR_VALIDATION,
                     "%s \"%.40s%s\" is %zu characters long; the rule is 3 to 24 characters", field, name,
                     n > 40 ? "..." : "", n);
  if (ends_in_dash_digits(name, n))
    return aml__fail(err, AML_ERR_VALIDATION,
                     "%s \"%s\" must not end in '-' followed by digits (rule " COMPUTE_PATTERN ")", field, name);
  if (!aml__match_compute_name(name))
    return aml__fail(err, AML_ERR_VALIDATION,
                     "%s \"%s\" does not match " COMPUTE_PATTERN
                     " (start with a letter; only letters, digits and '-')",
                     field, name);
  return AML_OK;
}

aml_result aml__validate_required(const char *field, const char *value, aml_error **err) {
  if (!value || !*value) return aml__fail(err, AML_ERR_VALIDATION, "%s is required", field);
  return AML_OK;
}

aml_result aml__validate_map(const char *field, const aml_string_pair *pairs, size_t count, aml_error **err) {
  if (!pairs) return AML_OK;
  for (size_t i = 0; i < count; i++) {
    if (!pairs[i].key || !*pairs[i].key)
      return aml__fail(err, AML_ERR_VALIDATION, "%s[%zu]: a key must not be NULL or empty", field, i);
    if (!pairs[i].value)
      return aml__fail(err, AML_ERR_VALIDATION, "%s[\"%s\"]: a value must not be NULL (use \"\")", field,
                       pairs[i].key);
  }
  return AML_OK;
}

aml_result aml__validate_min(const char *field, int64_t value, int64_t unset, int64_t min, aml_error **err) {
  if (value == unset || value >= min) return AML_OK;
  return aml__fail(err, AML_ERR_VALIDATION, "%s must be >= %" PRId64 " (got %" PRId64 ")", field, min, value);
}

aml_result aml__validate_tristate(const char *field, int32_t value, aml_error **err) {
  if (value == AML_UNSET || value == 0 || value == 1) return AML_OK;
  return aml__fail(err, AML_ERR_VALIDATION, "%s must be 1, 0 or AML_UNSET (got %" PRId32 ")", field, value);
}

aml_result aml__validate_identity(const char *field, const aml_compute_identity *id, aml_error **err) {
  if (!id) return AML_OK;
  if (id->version != AML_COMPUTE_IDENTITY_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "%s: unknown version %u", field, id->version);
  if (!id->type || !*id->type) return aml__fail(err, AML_ERR_VALIDATION, "%s.type is required", field);
  for (size_t i = 0; id->user_assigned_identities && i < id->user_assigned_identities_count; i++)
    if (!id->user_assigned_identities[i] || !*id->user_assigned_identities[i])
      return aml__fail(err, AML_ERR_VALIDATION,
                       "%s.user_assigned_identities[%zu] must be an identity's ARM id, not empty", field, i);
  return AML_OK;
}
