/* Model, code, environment and data asset specs (model.schema.json,
 * code.schema.json, environment.schema.json, data.schema.json). */
#include "yaml/spec_assets.h"

#include <string.h>

#include "core/alloc.h"
#include "yaml/yemit.h"

static const char *const model_types[] = {"custom_model", "mlflow_model", "triton_model", "CustomModel",
                                          "MLFlowModel", "TritonModel", NULL};
static const char *const os_types[] = {"linux", "windows", NULL};
static const char *const data_types[] = {"uri_file", "uri_folder", "mltable", NULL};

static const aml__yfield model_fields[] = {
    {"$schema", AML__YT_STR, 0, NULL, NULL},
    {"name", AML__YT_STR, 0, NULL, NULL},
    {"version", AML__YT_STR, 0, NULL, NULL},
    {"path", AML__YT_STR, 0, NULL, NULL},
    {"type", AML__YT_ENUM, 0, NULL, model_types},
    {"description", AML__YT_STR, 0, NULL, NULL},
    {"tags", AML__YT_STRMAP, 0, NULL, NULL},
    {"properties", AML__YT_STRMAP, 0, NULL, NULL},
};
const aml__yschema aml__y_model_schema = AML__YSCHEMA(model_fields);

static const aml__yfield code_fields[] = {
    {"$schema", AML__YT_STR, 0, NULL, NULL},
    {"name", AML__YT_STR, 0, NULL, NULL},
    {"version", AML__YT_STR, 0, NULL, NULL},
    {"path", AML__YT_STR, 0, NULL, NULL},
    {"description", AML__YT_STR, 0, NULL, NULL},
    {"tags", AML__YT_STRMAP, 0, NULL, NULL},
    {"properties", AML__YT_STRMAP, 0, NULL, NULL},
};
const aml__yschema aml__y_code_schema = AML__YSCHEMA(code_fields);

static const aml__yfield build_fields[] = {
    {"path", AML__YT_STR, 0, NULL, NULL},
    {"dockerfile_path", AML__YT_STR, 0, NULL, NULL},
};
static const aml__yschema build_schema = AML__YSCHEMA(build_fields);

static const aml__yfield environment_fields[] = {
    {"$schema", AML__YT_STR, 0, NULL, NULL},
    {"name", AML__YT_STR, 0, NULL, NULL},
    {"version", AML__YT_STR, 0, NULL, NULL},
    {"image", AML__YT_STR, 0, NULL, NULL},
    {"conda_file", AML__YT_STR_OR_MAP, 0, NULL, NULL},
    {"os_type", AML__YT_ENUM, 0, NULL, os_types},
    {"build", AML__YT_OBJ, 0, &build_schema, NULL},
    {"description", AML__YT_STR, 0, NULL, NULL},
    {"tags", AML__YT_STRMAP, 0, NULL, NULL},
    {"properties", AML__YT_STRMAP, 0, NULL, NULL},
};
const aml__yschema aml__y_environment_schema = AML__YSCHEMA(environment_fields);

static const aml__yfield data_fields[] = {
    {"$schema", AML__YT_STR, 0, NULL, NULL},
    {"name", AML__YT_STR, 0, NULL, NULL},
    {"version", AML__YT_STR, 0, NULL, NULL},
    {"type", AML__YT_ENUM, 0, NULL, data_types},
    {"path", AML__YT_STR, 0, NULL, NULL},
    {"description", AML__YT_STR, 0, NULL, NULL},
    {"tags", AML__YT_STRMAP, 0, NULL, NULL},
    {"properties", AML__YT_STRMAP, 0, NULL, NULL},
};
static const aml__yschema data_schema = AML__YSCHEMA(data_fields);

/* Field names in the assets' validate messages -> YAML paths (relative to the asset). */
static const aml__ylocate asset_rules[] = {
    {"name", "name"},
    {"asset_version", "version"},
    {"path", "path"},
    {"type", "type"},
    {"image", "image"},
    {"tags", "tags"},
    {"properties", "properties"},
};

/* Placeholders stand in for an anonymous asset's name and version while its
 * other rules are checked; registration gives the real ones. */
#define ANON_NAME "anonymous"
#define ANON_VERSION "1"

static aml_result common_fields(aml__yctx *c, const aml__ynode *node, const char **name, const char **version,
                                const char **description, const aml_string_pair **tags, size_t *tags_count,
                                const aml_string_pair **props, size_t *props_count) {
  *name = aml__y_str(node, "name");
  *version = aml__y_str(node, "version");
  *description = aml__y_str(node, "description");
  aml_result rc = aml__y_strmap(c, node, "tags", tags, tags_count);
  if (rc == AML_OK) rc = aml__y_strmap(c, node, "properties", props, props_count);
  return rc;
}

static aml_result resolved(aml__yctx *c, const aml__ynode *node, const char *key, const char **out) {
  const char *v = aml__y_str(node, key);
  *out = v ? aml__y_resolve(c, v) : NULL;
  return v && !*out ? AML_ERR_NOMEM : AML_OK;
}

aml_result aml__y_map_model(aml__yctx *c, const aml__ynode *node, const char *prefix, bool anonymous,
                            aml_model_version *m) {
  aml_model_version_init(m, AML_MODEL_VERSION_VERSION);
  aml_result rc = common_fields(c, node, &m->name, &m->asset_version, &m->description, &m->tags, &m->tags_count,
                                &m->properties, &m->properties_count);
  if (rc == AML_OK) rc = resolved(c, node, "path", &m->path);
  if (rc < 0) return rc;
  m->model_type = aml__y_str(node, "type");
  aml_model_version check = *m;
  if (anonymous && !check.name) check.name = ANON_NAME;
  if (anonymous && !check.asset_version) check.asset_version = ANON_VERSION;
  aml_error *verr = NULL;
  aml_result vr = aml_model_version_validate(&check, &verr);
  if (vr < 0) return aml__y_rule_fail_in(c, prefix, vr, verr, asset_rules, sizeof asset_rules / sizeof asset_rules[0]);
  return AML_OK;
}

aml_result aml__y_map_code(aml__yctx *c, const aml__ynode *node, const char *prefix, bool anonymous,
                           aml_code_version *cv) {
  aml_code_version_init(cv, AML_CODE_VERSION_VERSION);
  aml_result rc = common_fields(c, node, &cv->name, &cv->asset_version, &cv->description, &cv->tags,
                                &cv->tags_count, &cv->properties, &cv->properties_count);
  if (rc == AML_OK) rc = resolved(c, node, "path", &cv->path);
  if (rc < 0) return rc;
  aml_code_version check = *cv;
  if (anonymous && !check.name) check.name = ANON_NAME;
  if (anonymous && !check.asset_version) check.asset_version = ANON_VERSION;
  aml_error *verr = NULL;
  aml_result vr = aml_code_version_validate(&check, &verr);
  if (vr < 0) return aml__y_rule_fail_in(c, prefix, vr, verr, asset_rules, sizeof asset_rules / sizeof asset_rules[0]);
  return AML_OK;
}

static char *join_path(const char *prefix, const char *key, char *buf, size_t cap) {
  size_t n = 0;
  for (const char *p = prefix; *p && n + 1 < cap; p++) buf[n++] = *p;
  if (*prefix && n + 1 < cap) buf[n++] = '.';
  for (const char *p = key; *p && n + 1 < cap; p++) buf[n++] = *p;
  buf[n] = '\0';
  return buf;
}

aml_result aml__y_map_environment(aml__yctx *c, const aml__ynode *node, const char *prefix, bool anonymous,
                                  aml_environment_version *env) {
  aml_environment_version_init(env, AML_ENVIRONMENT_VERSION_VERSION);
  char path[160];
  const aml__ynode *build = aml__ymap_get(node, "build");
  if (build && !aml__ynode_is_null(build))
    return aml__y_fail(c, build, join_path(prefix, "build", path, sizeof path), AML_ERR_UNSUPPORTED,
                       "environments built from a Docker context are not supported; give an image");
  aml_result rc = common_fields(c, node, &env->name, &env->asset_version, &env->description, &env->tags,
                                &env->tags_count, &env->properties, &env->properties_count);
  if (rc < 0) return rc;
  env->image = aml__y_str(node, "image");
  env->os_type = aml__y_str(node, "os_type");
  const char *conda = aml__y_str(node, "conda_file");
  const aml__ynode *conda_map = aml__y_obj(node, "conda_file");
  if (conda_map) {
    /* The conda specification written inline: the struct holds it as YAML text. */
    char *text = NULL;
    if ((rc = aml__yw_node_document(conda_map, &text, c->err)) < 0) return rc;
    if ((rc = aml__y_scratch_adopt(c, text)) < 0) return rc;
    env->conda_file = text;
  } else if (conda) {
    const char *file = aml__y_resolve(c, conda);
    if (!file) return AML_ERR_NOMEM;
    char *text = NULL;
    size_t len = 0;
    aml_error *ferr = NULL;
    rc = aml__y_read_file(file, &text, &len, &ferr);
    if (rc < 0) {
      aml_error_free(ferr);
      if (rc == AML_ERR_NOMEM) return aml__fail(c->err, rc, "out of memory");
      return aml__y_fail(c, aml__ymap_get(node, "conda_file"), join_path(prefix, "conda_file", path, sizeof path), rc,
                         "%s: %s", file, rc == AML_ERR_NOT_FOUND ? "no such file" : "cannot read it");
    }
    if ((rc = aml__y_scratch_adopt(c, text)) < 0) return rc;
    env->conda_file = text;
  }
  aml_environment_version check = *env;
  if (anonymous && !check.name) check.name = ANON_NAME;
  if (anonymous && !check.asset_version) check.asset_version = ANON_VERSION;
  aml_error *verr = NULL;
  aml_result vr = aml_environment_version_validate(&check, &verr);
  if (vr < 0) return aml__y_rule_fail_in(c, prefix, vr, verr, asset_rules, sizeof asset_rules / sizeof asset_rules[0]);
  return AML_OK;
}

/* ---- files of their own ------------------------------------------------- */

static const aml__ykind model_kind = {"model", &aml__y_model_schema, NULL, NULL};
static const aml__ykind code_kind = {"code asset", &aml__y_code_schema, NULL, NULL};
static const aml__ykind environment_kind = {"environment", &aml__y_environment_schema, NULL, NULL};
static const aml__ykind data_kind = {"data asset", &data_schema, NULL, NULL};

static aml_result map_model_file(aml__yctx *c, void **out) {
  aml_model_version m;
  aml_result rc = aml__y_map_model(c, c->doc.root, "", false, &m);
  return rc < 0 ? rc : aml_model_version_clone(&m, (aml_model_version **)out, c->err);
}

static aml_result map_code_file(aml__yctx *c, void **out) {
  aml_code_version cv;
  aml_result rc = aml__y_map_code(c, c->doc.root, "", false, &cv);
  return rc < 0 ? rc : aml_code_version_clone(&cv, (aml_code_version **)out, c->err);
}

static aml_result map_environment_file(aml__yctx *c, void **out) {
  aml_environment_version env;
  aml_result rc = aml__y_map_environment(c, c->doc.root, "", false, &env);
  return rc < 0 ? rc : aml_environment_version_clone(&env, (aml_environment_version **)out, c->err);
}

static aml_result map_data_file(aml__yctx *c, void **out) {
  const aml__ynode *r = c->doc.root;
  aml_data_asset d;
  aml_data_asset_init(&d, AML_DATA_ASSET_VERSION);
  const char *type = aml__y_str(r, "type");
  if (type) d.type = type;
  aml_result rc = common_fields(c, r, &d.name, &d.asset_version, &d.description, &d.tags, &d.tags_count,
                                &d.properties, &d.properties_count);
  if (rc == AML_OK) rc = resolved(c, r, "path", &d.path);
  if (rc < 0) return rc;
  aml_error *verr = NULL;
  aml_result vr = aml_data_asset_validate(&d, &verr);
  if (vr < 0) return aml__y_rule_fail(c, vr, verr, asset_rules, sizeof asset_rules / sizeof asset_rules[0]);
  return aml_data_asset_clone(&d, (aml_data_asset **)out, c->err);
}

#define AML__Y_LOADERS(kind_name, type, kindvar, mapfn)                                                          \
  aml_result aml_yaml_load_##kind_name(const char *path, const aml_yaml_options *opts, type **out,              \
                                       aml_error **err) {                                                       \
    if (!path) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_yaml_load_" #kind_name ": NULL path");          \
    return aml__y_load("aml_yaml_load_" #kind_name, path, NULL, opts, &kindvar, mapfn, (void **)out, err);     \
  }                                                                                                             \
  aml_result aml_yaml_parse_##kind_name(const char *text, const char *file_name, const aml_yaml_options *opts, \
                                        type **out, aml_error **err) {                                          \
    if (!text) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_yaml_parse_" #kind_name ": NULL text");         \
    return aml__y_load("aml_yaml_parse_" #kind_name, file_name, text, opts, &kindvar, mapfn, (void **)out,     \
                       err);                                                                                    \
  }

AML__Y_LOADERS(model_version, aml_model_version, model_kind, map_model_file)
AML__Y_LOADERS(code_version, aml_code_version, code_kind, map_code_file)
AML__Y_LOADERS(environment_version, aml_environment_version, environment_kind, map_environment_file)
AML__Y_LOADERS(data_asset, aml_data_asset, data_kind, map_data_file)

/* ---- writing ------------------------------------------------------------ */

static void common_out(aml__yw *w, const char *description, const aml_string_pair *tags, size_t tags_count,
                       const aml_string_pair *props, size_t props_count) {
  aml__yw_str(w, "description", description);
  aml__yw_strmap(w, "tags", tags, tags_count);
  aml__yw_strmap(w, "properties", props, props_count);
}

aml_result aml_model_version_to_yaml(const aml_model_version *m, char **yaml_out, aml_error **err) {
  if (yaml_out) *yaml_out = NULL;
  if (!m || !yaml_out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_model_version_to_yaml: NULL argument");
  if (m->version != AML_MODEL_VERSION_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "aml_model_version_to_yaml: unknown version %u", m->version);
  aml__yw w;
  aml__yw_begin(&w, AML__SCHEMA_BASE "model.schema.json");
  aml__yw_str(&w, "name", m->name);
  aml__yw_str(&w, "version", m->asset_version);
  aml__yw_str(&w, "path", m->path);
  aml__yw_str(&w, "type", m->model_type);
  common_out(&w, m->description, m->tags, m->tags_count, m->properties, m->properties_count);
  return aml__yw_finish(&w, yaml_out, err);
}

aml_result aml_code_version_to_yaml(const aml_code_version *cv, char **yaml_out, aml_error **err) {
  if (yaml_out) *yaml_out = NULL;
  if (!cv || !yaml_out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_code_version_to_yaml: NULL argument");
  if (cv->version != AML_CODE_VERSION_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "aml_code_version_to_yaml: unknown version %u", cv->version);
  aml__yw w;
  aml__yw_begin(&w, AML__SCHEMA_BASE "code.schema.json");
  aml__yw_str(&w, "name", cv->name);
  aml__yw_str(&w, "version", cv->asset_version);
  aml__yw_str(&w, "path", cv->path);
  common_out(&w, cv->description, cv->tags, cv->tags_count, cv->properties, cv->properties_count);
  return aml__yw_finish(&w, yaml_out, err);
}

aml_result aml_environment_version_to_yaml(const aml_environment_version *env, char **yaml_out,
                                           aml_error **err) {
  if (yaml_out) *yaml_out = NULL;
  if (!env || !yaml_out)
    return aml__fail(err, AML_ERR_INVALID_ARG, "aml_environment_version_to_yaml: NULL argument");
  if (env->version != AML_ENVIRONMENT_VERSION_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "aml_environment_version_to_yaml: unknown version %u", env->version);
  /* The struct holds the conda file's content; the schema takes it inline
   * as a mapping, so it is parsed and written as one. */
  aml__ydoc conda;
  memset(&conda, 0, sizeof conda);
  if (env->conda_file) {
    aml_error *perr = NULL;
    aml_result rc = aml__ydoc_parse(&conda, env->conda_file, strlen(env->conda_file), "conda_file", "", &perr);
    if (rc < 0 || !conda.root || conda.root->kind != AML__Y_MAP) {
      aml__ydoc_free(&conda);
      if (rc == AML_ERR_NOMEM) {
        aml__error_propagate(err, perr);
        return rc;
      }
      aml_error_free(perr);
      return aml__fail(err, AML_ERR_PARSE,
                       "aml_environment_version_to_yaml: conda_file is not a YAML mapping, so it cannot be written inline");
    }
  }
  aml__yw w;
  aml__yw_begin(&w, AML__SCHEMA_BASE "environment.schema.json");
  aml__yw_str(&w, "name", env->name);
  aml__yw_str(&w, "version", env->asset_version);
  aml__yw_str(&w, "image", env->image);
  aml__yw_node(&w, "conda_file", conda.root);
  aml__yw_str(&w, "os_type", env->os_type);
  common_out(&w, env->description, env->tags, env->tags_count, env->properties, env->properties_count);
  aml_result rc = aml__yw_finish(&w, yaml_out, err);
  aml__ydoc_free(&conda);
  return rc;
}

aml_result aml_data_asset_to_yaml(const aml_data_asset *d, char **yaml_out, aml_error **err) {
  if (yaml_out) *yaml_out = NULL;
  if (!d || !yaml_out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_data_asset_to_yaml: NULL argument");
  if (d->version != AML_DATA_ASSET_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "aml_data_asset_to_yaml: unknown version %u", d->version);
  aml__yw w;
  aml__yw_begin(&w, AML__SCHEMA_BASE "data.schema.json");
  aml__yw_str(&w, "name", d->name);
  aml__yw_str(&w, "version", d->asset_version);
  aml__yw_str(&w, "type", d->type);
  aml__yw_str(&w, "path", d->path);
  common_out(&w, d->description, d->tags, d->tags_count, d->properties, d->properties_count);
  return aml__yw_finish(&w, yaml_out, err);
}
