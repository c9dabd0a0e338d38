/* Batch deployment <-> ARM JSON, for the operations layer. */
#ifndef AML_ML_ENTITY_BATCH_DEPLOYMENT_H
#define AML_ML_ENTITY_BATCH_DEPLOYMENT_H

#include <azureml/batch_deployment.h>

#include "ml/entity_common.h"

/* A library-owned deployment from one parsed resource (GET body, list item,
 * poller result); endpoint_name comes from the resource id. */
aml_result aml__batch_deployment_from_json_value(json_t *item, aml_batch_deployment **out,
                                                 aml_error **err);

/* The PUT body. With a scope (nullable), short references become workspace
 * ARM ids: a bare compute name (or azureml:<name>) becomes
 * /subscriptions/../workspaces/<ws>/computes/<name>, and azureml:<name>:<version>
 * in model / code / environment becomes .../<models|codes|environments>/<name>/versions/<v>.
 * `default_location` (nullable) is used when neither the struct nor raw_json
 * has a location. */
aml_result aml__batch_deployment_put_body(const aml_batch_deployment *dep, const aml__arm_scope *scope,
                                          const char *default_location, char **json_out, aml_error **err);

/* The PATCH body (BatchDeployments_Update,
 * PartialBatchDeploymentPartialMinimalTrackedResourceWithProperties):
 * {"properties":{"description":...},"tags":{...}} with only the set members
 * (description and tags are the only mutable ones). */
aml_result aml__batch_deployment_patch_body(const aml_batch_deployment *dep, char **json_out,
                                            aml_error **err);

#endif
