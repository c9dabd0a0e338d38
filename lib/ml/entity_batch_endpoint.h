/* Batch endpoint <-> ARM JSON, for the operations layer. */
#ifndef AML_ML_ENTITY_BATCH_ENDPOINT_H
#define AML_ML_ENTITY_BATCH_ENDPOINT_H

#include <azureml/batch_endpoint.h>

#include "ml/entity_common.h"

/* A library-owned endpoint from one parsed resource (a GET body, a list page
 * item, a poller's final body); raw_json is the compact dump of item. */
aml_result aml__batch_endpoint_from_json_value(json_t *item, aml_batch_endpoint **out, aml_error **err);

/* The PUT body; `default_location` (nullable: the workspace's location) is
 * used when neither the struct nor raw_json has a location. */
aml_result aml__batch_endpoint_put_body(const aml_batch_endpoint *ep, const char *default_location,
                                        char **json_out, aml_error **err);

/* The PATCH body (BatchEndpoints_Update, PartialMinimalTrackedResourceWithIdentity):
 * {"tags": {...}} when tags are set (an empty map clears them), {} otherwise. */
aml_result aml__batch_endpoint_patch_body(const aml_batch_endpoint *ep, char **json_out, aml_error **err);

#endif
