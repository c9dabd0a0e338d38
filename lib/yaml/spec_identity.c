/* The managed identity block endpoints and computes share. */
#include "yaml/spec_common.h"

static const char *const identity_types[] = {"system_assigned", "user_assigned", "system_assigned,user_assigned",
                                             "none", "SystemAssigned", "UserAssigned",
                                             "SystemAssigned,UserAssigned", NULL};

static const aml__yfield uai_fields[] = {
    {"resource_id", AML__YT_STR, 0, NULL, NULL},
};
static const aml__yschema uai_schema = AML__YSCHEMA(uai_fields);

static const aml__yfield identity_fields[] = {
    {"type", AML__YT_ENUM, 0, NULL, identity_types},
    {"user_assigned_identities", AML__YT_OBJLIST, 0, &uai_schema, NULL},
};
const aml__yschema aml__y_identity_schema = AML__YSCHEMA(identity_fields);

aml_result aml__y_identity(aml__yctx *c, const aml__ynode *map, const aml_compute_identity **out) {
  *out = NULL;
  const aml__ynode *node = aml__y_obj(map, "identity");
  if (!node) return AML_OK;
  aml_compute_identity *id = aml__y_scratch(c, sizeof *id);
  if (!id) return AML_ERR_NOMEM;
  aml_compute_identity_init(id, AML_COMPUTE_IDENTITY_VERSION);
  id->type = aml__y_str(node, "type");
  const aml__ynode *list = aml__ymap_get(node, "user_assigned_identities");
  if (list && list->kind == AML__Y_SEQ && list->count) {
    const char **ids = aml__y_scratch(c, list->count * sizeof *ids);
    if (!ids) return AML_ERR_NOMEM;
    for (size_t i = 0; i < list->count; i++) {
      const char *rid = aml__y_str(list->kids[i], "resource_id");
      ids[i] = rid ? rid : "";
    }
    id->user_assigned_identities = ids;
    id->user_assigned_identities_count = list->count;
  }
  *out = id;
  return AML_OK;
}
