/* aml_model_version_validate(), aml_code_version_validate(),
 * aml_environment_version_validate(). */
#include <azureml/assets.h>

#include "core/error.h"
#include "core/json.h"
#include "ml/entity_json.h"
#include "ml/validate.h"

#include <string.h>

#define CHECK_VERSION(obj, expected, fn)                                                           \
  do {                                                                                             \
    if (!(obj)) return aml__fail(err, AML_ERR_INVALID_ARG, fn ": NULL argument");                  \
    if ((obj)->version != (expected))                                                              \
      return aml__fail(err, AML_ERR_VERSION, fn ": unknown version %u", (obj)->version);           \
  } while (0)

aml_result aml_model_version_validate(const aml_model_version *model, aml_error **err) {
  CHECK_VERSION(model, AML_MODEL_VERSION_VERSION, "aml_model_version_validate");
  aml_result rc;
  if ((rc = aml__validate_required("model version name", model->name, err)) < 0 ||
      (rc = aml__validate_required("model version asset_version", model->asset_version, err)) < 0 ||
      (rc = aml__validate_required("model version path (modelUri)", model->path, err)) < 0 ||
      (rc = aml__validate_map("model version tags", model->tags, model->tags_count, err)) < 0 ||
      (rc = aml__validate_map("model version properties", model->properties, model->properties_count, err)) < 0)
    return rc;
  return AML_OK;
}

aml_result aml_code_version_validate(const aml_code_version *code, aml_error **err) {
  CHECK_VERSION(code, AML_CODE_VERSION_VERSION, "aml_code_version_validate");
  aml_result rc;
  if ((rc = aml__validate_required("code version name", code->name, err)) < 0 ||
      (rc = aml__validate_required("code version asset_version", code->asset_version, err)) < 0 ||
      (rc = aml__validate_required("code version path (codeUri)", code->path, err)) < 0 ||
      (rc = aml__validate_map("code version tags", code->tags, code->tags_count, err)) < 0 ||
      (rc = aml__validate_map("code version properties", code->properties, code->properties_count, err)) < 0)
    return rc;
  return AML_OK;
}

/* An environment is built from an image or a Docker build context; the
 * context is not modelled, so it counts only when raw_json carries one. */
static aml_result raw_has_build(const char *raw_json, bool *has, aml_error **err) {
  *has = false;
  if (!raw_json) return AML_OK;
  json_t *root = NULL;
  aml_error *perr = NULL;
  aml_result rc = aml__entity_json_parse(raw_json, strlen(raw_json), "environment version raw_json", &root, &perr);
  aml_error_free(perr);
  if (rc == AML_ERR_NOMEM) return aml__fail(err, rc, "out of memory validating an environment version");
  /* An unparsable raw_json has no build context (to_json reports it). */
  if (rc == AML_OK) *has = json_is_object(aml__json_path(root, "properties.build"));
  json_decref(root);
  return AML_OK;
}

aml_result aml_environment_version_validate(const aml_environment_version *env, aml_error **err) {
  CHECK_VERSION(env, AML_ENVIRONMENT_VERSION_VERSION, "aml_environment_version_validate");
  aml_result rc;
  if ((rc = aml__validate_required("environment version name", env->name, err)) < 0 ||
      (rc = aml__validate_required("environment version asset_version", env->asset_version, err)) < 0 ||
      (rc = aml__validate_map("environment version tags", env->tags, env->tags_count, err)) < 0 ||
      (rc = aml__validate_map("environment version properties", env->properties, env->properties_count, err)) < 0)
    return rc;
  if (!env->image || !*env->image) {
    bool build = false;
    if ((rc = raw_has_build(env->raw_json, &build, err)) < 0) return rc;
    if (!build)
      return aml__fail(err, AML_ERR_VALIDATION,
                       "environment version image is required (an environment needs an image or a build context)");
  }
  return AML_OK;
}
