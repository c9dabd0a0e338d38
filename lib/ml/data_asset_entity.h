/* Data asset versions <-> JSON, for the data asset operations. */
#ifndef AML_ML_DATA_ASSET_ENTITY_H
#define AML_ML_DATA_ASSET_ENTITY_H

#include <azureml/data_assets.h>

#include "ml/entity_common.h"

/* A library-owned data asset from one parsed resource (GET/PUT answer, list
 * item). asset_version comes from the body's "name", name from the id. */
aml_result aml__data_asset_from_json_value(json_t *item, aml_data_asset **out, aml_error **err);

#endif
