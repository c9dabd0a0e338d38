/* BatchEndpoint specs (batchEndpoint.schema.json) <-> aml_batch_endpoint. */
#include <string.h>

#include "yaml/spec_common.h"
#include "yaml/yemit.h"

static const char *const auth_modes[] = {"aad_token", "aml_token", "key", "AADToken", "AMLToken", "Key", NULL};

static const aml__yfield defaults_fields[] = {
    {"deployment_name", AML__YT_STR, 0, NULL, NULL},
};
static const aml__yschema defaults_schema = AML__YSCHEMA(defaults_fields);

static const aml__yfield endpoint_fields[] = {
    {"$schema", AML__YT_STR, 0, NULL, NULL},
    {"name", AML__YT_STR, 0, NULL, NULL},
    {"description", AML__YT_STR, 0, NULL, NULL},
    {"tags", AML__YT_STRMAP, 0, NULL, NULL},
    {"properties", AML__YT_STRMAP, 0, NULL, NULL},
    {"location", AML__YT_STR, 0, NULL, NULL},
    {"auth_mode", AML__YT_ENUM, 0, NULL, auth_modes},
    {"defaults", AML__YT_OBJ, 0, &defaults_schema, NULL},
    {"identity", AML__YT_OBJ, 0, &aml__y_identity_schema, NULL},
};
static const aml__yschema endpoint_schema = AML__YSCHEMA(endpoint_fields);

static const aml__ykind endpoint_kind = {"batch endpoint", &endpoint_schema, NULL, NULL};

/* Field names in aml_batch_endpoint_validate()'s messages -> YAML paths. */
static const aml__ylocate endpoint_rules[] = {
    {"name", "name"},
    {"auth_mode", "auth_mode"},
    {"tags", "tags"},
    {"properties", "properties"},
    {"default_deployment_name", "defaults.deployment_name"},
    {"identity", "identity"},
    {"identity.type", "identity.type"},
    {"identity.user_assigned_identities", "identity.user_assigned_identities"},
};

static aml_result map_endpoint(aml__yctx *c, void **out) {
  const aml__ynode *r = c->doc.root;
  aml_batch_endpoint ep;
  aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
  ep.name = aml__y_str(r, "name");
  ep.description = aml__y_str(r, "description");
  ep.location = aml__y_str(r, "location");
  if (aml__y_str(r, "auth_mode")) ep.auth_mode = aml__y_str(r, "auth_mode");
  ep.default_deployment_name = aml__y_str(aml__y_obj(r, "defaults"), "deployment_name");
  aml_result rc;
  if ((rc = aml__y_strmap(c, r, "tags", &ep.tags, &ep.tags_count)) < 0 ||
      (rc = aml__y_strmap(c, r, "properties", &ep.properties, &ep.properties_count)) < 0 ||
      (rc = aml__y_identity(c, r, &ep.identity)) < 0)
    return rc;
  AML__Y_RULES(c, aml_batch_endpoint_validate(&ep, &verr_), endpoint_rules);
  return aml_batch_endpoint_clone(&ep, (aml_batch_endpoint **)out, c->err);
}

aml_result aml_yaml_load_batch_endpoint(const char *path, const aml_yaml_options *opts, aml_batch_endpoint **out,
                                        aml_error **err) {
  if (!path) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_yaml_load_batch_endpoint: NULL path");
  return aml__y_load("aml_yaml_load_batch_endpoint", path, NULL, opts, &endpoint_kind, map_endpoint, (void **)out,
                     err);
}

aml_result aml_yaml_parse_batch_endpoint(const char *text, const char *file_name, const aml_yaml_options *opts,
                                         aml_batch_endpoint **out, aml_error **err) {
  if (!text) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_yaml_parse_batch_endpoint: NULL text");
  return aml__y_load("aml_yaml_parse_batch_endpoint", file_name, text, opts, &endpoint_kind, map_endpoint,
                     (void **)out, err);
}

aml_result aml_batch_endpoint_to_yaml(const aml_batch_endpoint *ep, char **yaml_out, aml_error **err) {
  if (yaml_out) *yaml_out = NULL;
  if (!ep || !yaml_out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_batch_endpoint_to_yaml: NULL argument");
  if (ep->version < 1 || ep->version > AML_BATCH_ENDPOINT_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "aml_batch_endpoint_to_yaml: unknown version %u", ep->version);
  aml__yw w;
  aml__yw_begin(&w, AML__SCHEMA_BASE "batchEndpoint.schema.json");
  aml__yw_str(&w, "name", ep->name);
  aml__yw_str(&w, "description", ep->description);
  aml__yw_str(&w, "location", ep->location);
  aml__yw_str(&w, "auth_mode", ep->auth_mode);
  if (ep->default_deployment_name) {
    aml__yw_map_begin(&w, "defaults");
    aml__yw_str(&w, "deployment_name", ep->default_deployment_name);
    aml__yw_map_end(&w);
  }
  aml__yw_strmap(&w, "tags", ep->tags, ep->tags_count);
  aml__yw_strmap(&w, "properties", ep->properties, ep->properties_count);
  if (ep->version >= 2) aml__yw_identity(&w, ep->identity);
  return aml__yw_finish(&w, yaml_out, err);
}
