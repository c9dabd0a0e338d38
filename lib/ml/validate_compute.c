/* aml_compute_validate(): the rules the service enforces on AmlCompute. */
#include <azureml/compute.h>

#include "core/error.h"
#include "ml/validate.h"

#include <inttypes.h>

static aml_result check_scale(const aml_compute *c, aml_error **err) {
  aml_result rc;
  if ((rc = aml__validate_min("compute min_instances", c->min_instances, AML_UNSET, 0, err)) < 0 ||
      (rc = aml__validate_min("compute max_instances", c->max_instances, AML_UNSET, 0, err)) < 0 ||
      (rc = aml__validate_min("compute idle_time_before_scale_down", c->idle_time_before_scale_down, AML_UNSET64, 0,
                              err)) < 0)
    return rc;
  if (c->max_instances == AML_UNSET && (c->min_instances != AML_UNSET || c->idle_time_before_scale_down != AML_UNSET64))
    return aml__fail(err, AML_ERR_VALIDATION,
                     "compute max_instances is required when min_instances or idle_time_before_scale_down is "
                     "set (scaleSettings.maxNodeCount is required)");
  if (c->min_instances != AML_UNSET && c->max_instances != AML_UNSET && c->min_instances > c->max_instances)
    return aml__fail(err, AML_ERR_VALIDATION,
                     "compute min_instances (%" PRId32 ") must be <= max_instances (%" PRId32 ")", c->min_instances,
                     c->max_instances);
  return AML_OK;
}

aml_result aml_compute_validate(const aml_compute *compute, aml_error **err) {
  if (!compute) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_compute_validate: NULL compute");
  if (compute->version < 1 || compute->version > AML_COMPUTE_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "aml_compute_validate: unknown version %u", compute->version);
  aml_result rc;
  if ((rc = aml__validate_compute_name("compute name", compute->name, err)) < 0 ||
      (rc = check_scale(compute, err)) < 0 ||
      (rc = aml__validate_tristate("compute ssh_public_access", compute->ssh_public_access, err)) < 0 ||
      (rc = aml__validate_tristate("compute enable_node_public_ip", compute->enable_node_public_ip, err)) < 0 ||
      (rc = aml__validate_identity("compute identity", compute->identity, err)) < 0 ||
      (rc = aml__validate_map("compute tags", compute->tags, compute->tags_count, err)) < 0)
    return rc;
  if ((compute->admin_password || compute->ssh_key) && (!compute->admin_username || !*compute->admin_username))
    return aml__fail(err, AML_ERR_VALIDATION,
                     "compute admin_username is required when admin_password or ssh_key is set "
                     "(userAccountCredentials.adminUserName is required)");
  return AML_OK;
}
