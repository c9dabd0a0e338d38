/* Model, code and environment versions <-> ARM JSON, for the operations
 * layer. Their PUT bodies are exactly the public aml_X_to_json() output
 * (proxy resources: no location, tags inside properties). */
#ifndef AML_ML_ENTITY_ASSETS_H
#define AML_ML_ENTITY_ASSETS_H

#include <azureml/assets.h>

#include "ml/entity_common.h"

/* Library-owned asset versions from one parsed resource (GET/PUT response,
 * list item). asset_version comes from the body's "name", name from the id. */
aml_result aml__model_version_from_json_value(json_t *item, aml_model_version **out, aml_error **err);
aml_result aml__code_version_from_json_value(json_t *item, aml_code_version **out, aml_error **err);
aml_result aml__environment_version_from_json_value(json_t *item, aml_environment_version **out,
                                                    aml_error **err);

/* The same, shaped as an aml_value_parse_fn (ml/ops_common.h) for the get,
 * put and list operations: *out receives the typed version. */
aml_result aml__model_version_parse_item(json_t *item, void **out, aml_error **err);
aml_result aml__code_version_parse_item(json_t *item, void **out, aml_error **err);
aml_result aml__environment_version_parse_item(json_t *item, void **out, aml_error **err);

#endif
