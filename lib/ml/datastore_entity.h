/* Datastores and their secrets <-> JSON, for the datastore operations. */
#ifndef AML_ML_DATASTORE_ENTITY_H
#define AML_ML_DATASTORE_ENTITY_H

#include <azureml/datastores.h>

#include "ml/entity_common.h"

/* A library-owned datastore from one parsed resource (GET body, list item). */
aml_result aml__datastore_from_json_value(json_t *item, aml_datastore **out, aml_error **err);
/* Library-owned secrets from a listSecrets answer; every secret string is
 * allocated as a secret (wiped on free). AML_ERR_PARSE without secretsType. */
aml_result aml__datastore_secrets_from_json_value(json_t *root, aml_datastore_secrets **out, aml_error **err);

#endif
