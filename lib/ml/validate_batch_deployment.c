/* aml_batch_deployment_validate(): the rules the service (and azure-ai-ml)
 * enforce on batch deployments. */
#include <azureml/batch_deployment.h>

#include "core/error.h"
#include "ml/entity_json.h"
#include "ml/enum_map.h"
#include "ml/validate.h"

#include <stdbool.h>

/* CodeConfiguration.scoringScript: required, minLength 1, pattern [a-zA-Z0-9_]
 * (unanchored: at least one such character). */
static bool scoring_script_ok(const char *s) {
  if (!s) return false;
  for (; *s; s++)
    if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_')
      return true;
  return false;
}

static aml_result check_parts(const aml_batch_deployment *dep, aml_error **err) {
  if (dep->code_configuration && dep->code_configuration->version != AML_CODE_CONFIGURATION_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "batch deployment code_configuration: unknown version %u",
                     dep->code_configuration->version);
  if (dep->retry_settings && (dep->retry_settings->version < 1 || dep->retry_settings->version > AML_BATCH_RETRY_SETTINGS_VERSION))
    return aml__fail(err, AML_ERR_VERSION, "batch deployment retry_settings: unknown version %u",
                     dep->retry_settings->version);
  if (dep->model_path && dep->model_path->version != AML_DATA_PATH_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "batch deployment model_path: unknown version %u",
                     dep->model_path->version);
  return AML_OK;
}

static aml_result check_model(const aml_batch_deployment *dep, aml_error **err) {
  if (dep->model && dep->model_path)
    return aml__fail(err, AML_ERR_VALIDATION, "batch deployment: set model or model_path, not both");
  if (dep->model_path)
    return aml__validate_required("batch deployment model_path.path", dep->model_path->path, err);
  return aml__validate_required("batch deployment model", dep->model, err);
}

static aml_result check_code(const aml_batch_deployment *dep, aml_error **err) {
  const aml_code_configuration *cc = dep->code_configuration;
  if (!cc || (!cc->code && !cc->scoring_script)) return AML_OK;
  if (!cc->scoring_script || !*cc->scoring_script)
    return aml__fail(err, AML_ERR_VALIDATION,
                     "batch deployment code_configuration.scoring_script is required when a code "
                     "configuration is given (the scoring script can't be empty)");
  if (!scoring_script_ok(cc->scoring_script))
    return aml__fail(err, AML_ERR_VALIDATION,
                     "batch deployment code_configuration.scoring_script \"%s\" must contain a letter, digit "
                     "or '_' (pattern [a-zA-Z0-9_])",
                     cc->scoring_script);
  return AML_OK;
}

aml_result aml_batch_deployment_validate(const aml_batch_deployment *dep, aml_error **err) {
  if (!dep) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_batch_deployment_validate: NULL deployment");
  if (dep->version < 1 || dep->version > AML_BATCH_DEPLOYMENT_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "aml_batch_deployment_validate: unknown version %u", dep->version);
  aml_result rc;
  if (dep->version >= 2 && (rc = aml__validate_identity("batch deployment identity", dep->identity, err)) < 0)
    return rc;
  if ((rc = check_parts(dep, err)) < 0 ||
      (rc = aml__validate_deployment_name("batch deployment name", dep->name, err)) < 0 ||
      (rc = aml__validate_endpoint_name("batch deployment endpoint_name", dep->endpoint_name, err)) < 0 ||
      (rc = aml__validate_required("batch deployment compute", dep->compute, err)) < 0 ||
      (rc = aml__validate_required("batch deployment compute (after the azureml: prefix)",
                                   aml__compute_ref_strip(dep->compute), err)) < 0 ||
      (rc = check_model(dep, err)) < 0 || (rc = check_code(dep, err)) < 0)
    return rc;
  /* output_file_name with summary_only is not refused: the service reports
   * outputFileName ("predictions.csv") on SummaryOnly deployments too, so a
   * deployment read with GET must be writable back with PUT (issue 8). */
  if ((rc = aml__validate_min("batch deployment error_threshold", dep->error_threshold, AML_UNSET, -1, err)) < 0 ||
      (rc = aml__validate_min("batch deployment mini_batch_size", dep->mini_batch_size, AML_UNSET64, 1, err)) < 0 ||
      (rc = aml__validate_min("batch deployment instance_count", dep->instance_count, AML_UNSET, 1, err)) < 0 ||
      (rc = aml__validate_min("batch deployment max_concurrency_per_instance", dep->max_concurrency_per_instance,
                              AML_UNSET, 1, err)) < 0)
    return rc;
  if (dep->retry_settings &&
      ((rc = aml__validate_min("batch deployment retry_settings.max_retries", dep->retry_settings->max_retries,
                               AML_UNSET, 0, err)) < 0 ||
       (rc = aml__validate_min("batch deployment retry_settings.timeout_s", dep->retry_settings->timeout_s,
                               AML_UNSET64, 0, err)) < 0))
    return rc;
  if ((rc = aml__validate_map("batch deployment tags", dep->tags, dep->tags_count, err)) < 0 ||
      (rc = aml__validate_map("batch deployment properties", dep->properties, dep->properties_count, err)) < 0 ||
      (rc = aml__validate_map("batch deployment environment_variables", dep->environment_variables,
                              dep->environment_variables_count, err)) < 0)
    return rc;
  return AML_OK;
}
