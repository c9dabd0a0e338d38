/* Pieces several spec kinds share: the identity block, the driver that
 * loads one entity, and the schema URLs. */
#ifndef AML_YAML_SPEC_COMMON_H
#define AML_YAML_SPEC_COMMON_H

#include "yaml/yspec.h"

#define AML__SCHEMA_BASE "https://azuremlschemas.azureedge.net/latest/"

/* `identity: {type: ..., user_assigned_identities: [{resource_id: ...}]}` */
extern const aml__yschema aml__y_identity_schema;
/* The identity of map["identity"] in scratch memory (*out NULL when absent). */
aml_result aml__y_identity(aml__yctx *c, const aml__ynode *map, const aml_compute_identity **out);

/* Map the open document onto a new library-owned entity (*out). */
typedef aml_result (*aml__y_map_fn)(aml__yctx *c, void **out);

/* Open (file or text), map, close. Arguments checked here: name (file loads)
 * or text, and out. fn names the public function for argument errors. */
aml_result aml__y_load(const char *fn, const char *name, const char *text, const aml_yaml_options *opts,
                       const aml__ykind *kind, aml__y_map_fn map, void **out, aml_error **err);

/* Error of a failed validate: report it at the value it names (see aml__y_rule_fail). */
#define AML__Y_RULES(c, call, table)                                                                       \
  do {                                                                                                     \
    aml_error *verr_ = NULL;                                                                               \
    aml_result vr_ = (call);                                                                               \
    if (vr_ < 0) return aml__y_rule_fail((c), vr_, verr_, (table), sizeof(table) / sizeof((table)[0]));   \
  } while (0)

#endif
