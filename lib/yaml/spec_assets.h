/* Model, code and environment objects: the kinds of their own files
 * (model.yml, ...) and the inline forms a deployment carries. */
#ifndef AML_YAML_SPEC_ASSETS_H
#define AML_YAML_SPEC_ASSETS_H

#include <azureml/assets.h>

#include "yaml/spec_common.h"

extern const aml__yschema aml__y_model_schema;
extern const aml__yschema aml__y_code_schema;
extern const aml__yschema aml__y_environment_schema;

/* Map the object `node` (at `prefix`: "model" inline, "" for a file of its own)
 * into *out (strings in scratch memory) and validate it. With anonymous, a
 * missing name and version are allowed (registration names the asset by its
 * content, as azure-ai-ml does) and stay NULL. Local paths are resolved. */
aml_result aml__y_map_model(aml__yctx *c, const aml__ynode *node, const char *prefix, bool anonymous,
                            aml_model_version *out);
aml_result aml__y_map_code(aml__yctx *c, const aml__ynode *node, const char *prefix, bool anonymous,
                           aml_code_version *out);
/* conda_file names a file (resolved, then read: the struct holds its content). */
aml_result aml__y_map_environment(aml__yctx *c, const aml__ynode *node, const char *prefix, bool anonymous,
                                  aml_environment_version *out);

#endif
