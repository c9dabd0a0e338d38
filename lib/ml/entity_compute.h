/* AmlCompute <-> ARM JSON, for the operations layer. */
#ifndef AML_ML_ENTITY_COMPUTE_H
#define AML_ML_ENTITY_COMPUTE_H

#include <azureml/compute.h>

#include "ml/entity_common.h"

/* A library-owned compute from one parsed resource (GET body, list item,
 * poller result). Other compute types parse too (compute_type tells). */
aml_result aml__compute_from_json_value(json_t *item, aml_compute **out, aml_error **err);

/* The PUT body; `default_location` (nullable) is used when neither the struct
 * nor raw_json has a location (azure-ai-ml sends the workspace's). */
aml_result aml__compute_put_body(const aml_compute *compute, const char *default_location, char **json_out,
                                 aml_error **err);

/* The PATCH (resize) body, ClusterUpdateParameters:
 * {"properties":{"properties":{"scaleSettings":{"maxNodeCount",...}}}}.
 * AML_ERR_VALIDATION when max_instances is not set (maxNodeCount is required). */
aml_result aml__compute_scale_patch_body(const aml_compute *compute, char **json_out, aml_error **err);

#endif
