/* aml_batch_endpoint_validate(): the rules the service enforces on endpoints. */
#include <azureml/batch_endpoint.h>

#include "core/error.h"
#include "ml/validate.h"

aml_result aml_batch_endpoint_validate(const aml_batch_endpoint *ep, aml_error **err) {
  if (!ep) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_batch_endpoint_validate: NULL endpoint");
  if (ep->version < 1 || ep->version > AML_BATCH_ENDPOINT_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "aml_batch_endpoint_validate: unknown version %u", ep->version);
  aml_result rc;
  if (ep->version >= 2 && (rc = aml__validate_identity("batch endpoint identity", ep->identity, err)) < 0) return rc;
  if ((rc = aml__validate_endpoint_name("batch endpoint name", ep->name, err)) < 0 ||
      (rc = aml__validate_required("batch endpoint auth_mode", ep->auth_mode, err)) < 0 ||
      (rc = aml__validate_map("batch endpoint tags", ep->tags, ep->tags_count, err)) < 0 ||
      (rc = aml__validate_map("batch endpoint properties", ep->properties, ep->properties_count, err)) < 0)
    return rc;
  if (ep->default_deployment_name &&
      (rc = aml__validate_deployment_name("batch endpoint default_deployment_name", ep->default_deployment_name,
                                          err)) < 0)
    return rc;
  return AML_OK;
}
