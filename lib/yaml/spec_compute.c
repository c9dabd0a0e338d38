/* AmlCompute specs (amlCompute.schema.json, `type: amlcompute`) <-> aml_compute. */
#include <string.h>

#include "core/str.h"
#include "yaml/spec_common.h"
#include "yaml/yemit.h"

static const char *const compute_types[] = {"amlcompute", NULL};
static const char *const tiers[] = {"dedicated", "low_priority", "LowPriority", NULL};

static const aml__yfield ssh_fields[] = {
    {"admin_username", AML__YT_STR, 0, NULL, NULL},
    {"admin_password", AML__YT_STR, AML__YF_SECRET, NULL, NULL},
    {"ssh_key_value", AML__YT_STR, 0, NULL, NULL},
};
static const aml__yschema ssh_schema = AML__YSCHEMA(ssh_fields);

static const aml__yfield network_fields[] = {
    {"subnet", AML__YT_STR, 0, NULL, NULL},
};
static const aml__yschema network_schema = AML__YSCHEMA(network_fields);

static const aml__yfield compute_fields[] = {
    {"$schema", AML__YT_STR, 0, NULL, NULL},
    {"name", AML__YT_STR, 0, NULL, NULL},
    {"type", AML__YT_ENUM, 0, NULL, compute_types},
    {"description", AML__YT_STR, 0, NULL, NULL},
    {"tags", AML__YT_STRMAP, 0, NULL, NULL},
    {"location", AML__YT_STR, 0, NULL, NULL},
    {"size", AML__YT_STR, 0, NULL, NULL},
    {"tier", AML__YT_ENUM, 0, NULL, tiers},
    {"min_instances", AML__YT_INT32, 0, NULL, NULL},
    {"max_instances", AML__YT_INT32, 0, NULL, NULL},
    {"idle_time_before_scale_down", AML__YT_INT64, 0, NULL, NULL},
    {"ssh_public_access_enabled", AML__YT_BOOL, 0, NULL, NULL},
    {"ssh_settings", AML__YT_OBJ, 0, &ssh_schema, NULL},
    {"network_settings", AML__YT_OBJ, 0, &network_schema, NULL},
    {"enable_node_public_ip", AML__YT_BOOL, 0, NULL, NULL},
    {"identity", AML__YT_OBJ, 0, &aml__y_identity_schema, NULL},
};
static const aml__yschema compute_schema = AML__YSCHEMA(compute_fields);

static const aml__ykind compute_kind = {"compute", &compute_schema, NULL, NULL};

/* Field names in aml_compute_validate()'s messages -> YAML paths. */
static const aml__ylocate compute_rules[] = {
    {"name", "name"},
    {"min_instances", "min_instances"},
    {"max_instances", "max_instances"},
    {"idle_time_before_scale_down", "idle_time_before_scale_down"},
    {"ssh_public_access", "ssh_public_access_enabled"},
    {"enable_node_public_ip", "enable_node_public_ip"},
    {"identity", "identity"},
    {"identity.type", "identity.type"},
    {"identity.user_assigned_identities", "identity.user_assigned_identities"},
    {"tags", "tags"},
    {"admin_username", "ssh_settings.admin_username|ssh_settings"},
};

static aml_result map_compute(aml__yctx *c, void **out) {
  const aml__ynode *r = c->doc.root;
  if (!aml__y_str(r, "type")) {
    const aml__ynode *t = aml__ymap_get(r, "type");
    return aml__y_fail(c, t ? t : r, "type", AML_ERR_VALIDATION, "required: a compute spec says `type: amlcompute`");
  }
  aml_compute cm;
  aml_compute_init(&cm, AML_COMPUTE_VERSION);
  const char *s;
  cm.name = aml__y_str(r, "name");
  cm.description = aml__y_str(r, "description");
  cm.location = aml__y_str(r, "location");
  if ((s = aml__y_str(r, "size"))) cm.size = s;
  cm.tier = aml__y_str(r, "tier");
  if (aml__y_i32(r, "min_instances") != AML_UNSET) cm.min_instances = aml__y_i32(r, "min_instances");
  if (aml__y_i32(r, "max_instances") != AML_UNSET) cm.max_instances = aml__y_i32(r, "max_instances");
  cm.idle_time_before_scale_down = aml__y_i64(r, "idle_time_before_scale_down");
  cm.ssh_public_access = aml__y_bool(r, "ssh_public_access_enabled");
  cm.enable_node_public_ip = aml__y_bool(r, "enable_node_public_ip");
  const aml__ynode *ssh = aml__y_obj(r, "ssh_settings");
  cm.admin_username = aml__y_str(ssh, "admin_username");
  cm.admin_password = aml__y_str(ssh, "admin_password");
  cm.ssh_key = aml__y_str(ssh, "ssh_key_value");
  cm.subnet = aml__y_str(aml__y_obj(r, "network_settings"), "subnet");
  aml_result rc;
  if ((rc = aml__y_strmap(c, r, "tags", &cm.tags, &cm.tags_count)) < 0 || (rc = aml__y_identity(c, r, &cm.identity)) < 0)
    return rc;
  AML__Y_RULES(c, aml_compute_validate(&cm, &verr_), compute_rules);
  return aml_compute_clone(&cm, (aml_compute **)out, c->err);
}

aml_result aml_yaml_load_compute(const char *path, const aml_yaml_options *opts, aml_compute **out, aml_error **err) {
  if (!path) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_yaml_load_compute: NULL path");
  return aml__y_load("aml_yaml_load_compute", path, NULL, opts, &compute_kind, map_compute, (void **)out, err);
}

aml_result aml_yaml_parse_compute(const char *text, const char *file_name, const aml_yaml_options *opts,
                                  aml_compute **out, aml_error **err) {
  if (!text) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_yaml_parse_compute: NULL text");
  return aml__y_load("aml_yaml_parse_compute", file_name, text, opts, &compute_kind, map_compute, (void **)out,
                     err);
}

aml_result aml_compute_to_yaml(const aml_compute *cm, char **yaml_out, aml_error **err) {
  if (yaml_out) *yaml_out = NULL;
  if (!cm || !yaml_out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_compute_to_yaml: NULL argument");
  if (cm->version < 1 || cm->version > AML_COMPUTE_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "aml_compute_to_yaml: unknown version %u", cm->version);
  aml__yw w;
  aml__yw_begin(&w, AML__SCHEMA_BASE "amlCompute.schema.json");
  aml__yw_str(&w, "name", cm->name);
  aml__yw_str(&w, "type", "amlcompute");
  aml__yw_str(&w, "description", cm->description);
  aml__yw_str(&w, "location", cm->location);
  aml__yw_str(&w, "size", cm->size);
  aml__yw_str(&w, "tier", cm->tier);
  aml__yw_int(&w, "min_instances", cm->min_instances, AML_UNSET);
  aml__yw_int(&w, "max_instances", cm->max_instances, AML_UNSET);
  aml__yw_int(&w, "idle_time_before_scale_down", cm->idle_time_before_scale_down, AML_UNSET64);
  aml__yw_bool(&w, "ssh_public_access_enabled", cm->ssh_public_access);
  /* The password is a secret: never written. */
  if (cm->admin_username || cm->ssh_key) {
    aml__yw_map_begin(&w, "ssh_settings");
    aml__yw_str(&w, "admin_username", cm->admin_username);
    aml__yw_str(&w, "ssh_key_value", cm->ssh_key);
    aml__yw_map_end(&w);
  }
  if (cm->subnet) {
    aml__yw_map_begin(&w, "network_settings");
    aml__yw_str(&w, "subnet", cm->subnet);
    aml__yw_map_end(&w);
  }
  aml__yw_bool(&w, "enable_node_public_ip", cm->enable_node_public_ip);
  aml__yw_strmap(&w, "tags", cm->tags, cm->tags_count);
  aml__yw_identity(&w, cm->identity);
  return aml__yw_finish(&w, yaml_out, err);
}
