/* Model batch deployment specs (batchDeployment.schema.json and
 * modelBatchDeployment.schema.json: settings at the top level or in a
 * `settings:` block) <-> aml_batch_deployment, with inline assets. */
#include "yaml/spec_deployment.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/str.h"
#include "yaml/spec_assets.h"
#include "yaml/spec_common.h"
#include "yaml/yemit.h"

static const char *const deployment_types[] = {"model", NULL};
static const char *const output_actions[] = {"append_row", "summary_only", "AppendRow", "SummaryOnly", NULL};
static const char *const logging_levels[] = {"info", "warning", "debug", NULL};

static const aml__yfield retry_fields[] = {
    {"max_retries", AML__YT_INT32, 0, NULL, NULL},
    {"timeout", AML__YT_INT64, 0, NULL, NULL},
};
static const aml__yschema retry_schema = AML__YSCHEMA(retry_fields);

/* The settings, as a block and (same names) at the top level. */
#define SETTINGS_FIELDS                                                        \
  {"mini_batch_size", AML__YT_INT64, 0, NULL, NULL},                           \
      {"max_concurrency_per_instance", AML__YT_INT32, 0, NULL, NULL},          \
      {"error_threshold", AML__YT_INT32, 0, NULL, NULL},                       \
      {"output_action", AML__YT_ENUM, 0, NULL, output_actions},                \
      {"output_file_name", AML__YT_STR, 0, NULL, NULL},                        \
      {"logging_level", AML__YT_ENUM, 0, NULL, logging_levels},                \
      {"retry_settings", AML__YT_OBJ, 0, &retry_schema, NULL},                 \
      {"environment_variables", AML__YT_STRMAP, 0, NULL, NULL}

static const aml__yfield settings_fields[] = {
    SETTINGS_FIELDS,
    {"instance_count", AML__YT_INT32, 0, NULL, NULL},
};
static const aml__yschema settings_schema = AML__YSCHEMA(settings_fields);

static const aml__yfield resources_fields[] = {
    {"instance_count", AML__YT_INT32, 0, NULL, NULL},
    {"instance_type", AML__YT_STR, 0, NULL, NULL},
};
static const aml__yschema resources_schema = AML__YSCHEMA(resources_fields);

static const aml__yfield code_configuration_fields[] = {
    {"code", AML__YT_STR, 0, NULL, NULL},
    {"scoring_script", AML__YT_STR, 0, NULL, NULL},
};
static const aml__yschema code_configuration_schema = AML__YSCHEMA(code_configuration_fields);

static const aml__yfield deployment_fields[] = {
    {"$schema", AML__YT_STR, 0, NULL, NULL},
    {"name", AML__YT_STR, 0, NULL, NULL},
    {"endpoint_name", AML__YT_STR, 0, NULL, NULL},
    {"type", AML__YT_ENUM, 0, NULL, deployment_types},
    {"description", AML__YT_STR, 0, NULL, NULL},
    {"tags", AML__YT_STRMAP, 0, NULL, NULL},
    {"properties", AML__YT_STRMAP, 0, NULL, NULL},
    {"model", AML__YT_STR_OR_OBJ, 0, &aml__y_model_schema, NULL},
    {"code_configuration", AML__YT_OBJ, 0, &code_configuration_schema, NULL},
    {"environment", AML__YT_STR_OR_OBJ, 0, &aml__y_environment_schema, NULL},
    {"compute", AML__YT_STR, 0, NULL, NULL},
    {"resources", AML__YT_OBJ, 0, &resources_schema, NULL},
    {"settings", AML__YT_OBJ, 0, &settings_schema, NULL},
    SETTINGS_FIELDS,
};
static const aml__yschema deployment_schema = AML__YSCHEMA(deployment_fields);

static const char *const setting_keys[] = {"mini_batch_size", "max_concurrency_per_instance", "error_threshold",
                                           "output_action", "output_file_name", "logging_level",
                                           "retry_settings", "environment_variables", NULL};

static bool is_setting(const char *seg, size_t n) {
  for (size_t i = 0; setting_keys[i]; i++)
    if (strlen(setting_keys[i]) == n && strncmp(setting_keys[i], seg, n) == 0) return true;
  return false;
}

/* `--set settings.x=` on a file that has `x` at the top level changes that
 * one, and `--set x=` on a file with a settings block changes the block's:
 * one field, two spellings. The same for instance_count, which lives under
 * `resources:` or `settings:`. */
static void alias(const aml__ynode *root, char *path, size_t cap) {
  const aml__ynode *settings = aml__y_obj(root, "settings");
  const aml__ynode *resources = aml__y_obj(root, "resources");
  char tmp[256];
  if (strcmp(path, "settings.instance_count") == 0) {
    if (!aml__ymap_get(settings, "instance_count") && resources) snprintf(path, cap, "resources.instance_count");
    return;
  }
  if (strcmp(path, "resources.instance_count") == 0) {
    if (aml__ymap_get(settings, "instance_count") && !aml__ymap_get(resources, "instance_count"))
      snprintf(path, cap, "settings.instance_count");
    return;
  }
  if (strncmp(path, "settings.", 9) == 0) {
    const char *rest = path + 9;
    size_t n = strcspn(rest, ".");
    char key[64];
    if (n >= sizeof key || !is_setting(rest, n)) return;
    memcpy(key, rest, n);
    key[n] = '\0';
    if (!aml__ymap_get(settings, key) && aml__ymap_get(root, key)) {
      snprintf(tmp, sizeof tmp, "%s", rest);
      snprintf(path, cap, "%s", tmp);
    }
    return;
  }
  size_t n = strcspn(path, ".");
  if (!is_setting(path, n)) return;
  char key[64];
  if (n >= sizeof key) return;
  memcpy(key, path, n);
  key[n] = '\0';
  if (!aml__ymap_get(root, key) && aml__ymap_get(settings, key)) {
    snprintf(tmp, sizeof tmp, "settings.%s", path);
    snprintf(path, cap, "%s", tmp);
  }
}

/* Pipeline deployments (a pipeline component run as a batch job) are a
 * different thing: refuse them before their keys read as unknown ones. */
static aml_result precheck(aml__yctx *c) {
  const aml__ynode *r = c->doc.root;
  const aml__ynode *t = aml__ymap_get(r, "type");
  const char *why = "pipeline component deployments (`type: pipeline`) are not supported; only model deployments "
                    "(`type: model`) are";
  if (t && t->kind == AML__Y_SCALAR && aml__strcasecmp(t->text, "pipeline") == 0)
    return aml__y_fail(c, t, "type", AML_ERR_UNSUPPORTED, "%s", why);
  static const char *const pipeline_keys[] = {"component", "job_definition"};
  for (size_t i = 0; i < 2; i++) {
    long k = aml__ymap_index(r, pipeline_keys[i]);
    if (k >= 0) return aml__y_fail(c, r->kids[k], pipeline_keys[i], AML_ERR_UNSUPPORTED, "%s", why);
  }
  return AML_OK;
}

static const aml__ykind deployment_kind = {"batch deployment", &deployment_schema, alias, precheck};

/* Field names in aml_batch_deployment_validate()'s messages -> YAML paths. */
static const aml__ylocate deployment_rules[] = {
    {"name", "name"},
    {"endpoint_name", "endpoint_name"},
    {"compute", "compute"},
    {"model", "model"},
    {"code_configuration", "code_configuration"},
    {"code_configuration.scoring_script", "code_configuration.scoring_script|code_configuration"},
    {"error_threshold", "settings.error_threshold|error_threshold"},
    {"mini_batch_size", "settings.mini_batch_size|mini_batch_size"},
    {"instance_count", "resources.instance_count|settings.instance_count"},
    {"max_concurrency_per_instance", "settings.max_concurrency_per_instance|max_concurrency_per_instance"},
    {"retry_settings.max_retries", "settings.retry_settings.max_retries|retry_settings.max_retries"},
    {"retry_settings.timeout_s", "settings.retry_settings.timeout|retry_settings.timeout"},
    {"tags", "tags"},
    {"properties", "properties"},
    {"environment_variables", "settings.environment_variables|environment_variables"},
};

/* The mapping that holds setting `key`: the settings block or the top level
 * (a key given in both is refused: which one would win is a guess). */
static aml_result holder(aml__yctx *c, const aml__ynode *root, const char *key, const aml__ynode *other,
                         const char *other_name, const aml__ynode **out) {
  const aml__ynode *settings = aml__y_obj(root, "settings");
  const aml__ynode *in_settings = aml__ymap_get(settings, key);
  const aml__ynode *in_other = aml__ymap_get(other, key);
  *out = other;
  if (in_settings && in_other) {
    char path[96];
    snprintf(path, sizeof path, "settings.%s", key);
    if (in_other->line)
      return aml__y_fail(c, in_settings, path, AML_ERR_VALIDATION, "also given as %s%s%s (line %u); give it once",
                         other_name, *other_name ? "." : "", key, in_other->line);
    return aml__y_fail(c, in_settings, path, AML_ERR_VALIDATION, "also given as %s%s%s; give it once", other_name,
                       *other_name ? "." : "", key);
  }
  if (in_settings) *out = settings;
  return AML_OK;
}

typedef struct loaded {
  aml_batch_deployment dep;
  aml_code_configuration cc;
  aml_batch_retry_settings retry;
  aml_model_version model;
  aml_code_version code;
  aml_environment_version env;
  bool has_model, has_code, has_env;
} loaded;

static aml_result map_settings(aml__yctx *c, const aml__ynode *r, loaded *L) {
  aml_batch_deployment *d = &L->dep;
  const aml__ynode *h;
  aml_result rc;
#define HOLDER(key) \
  if ((rc = holder(c, r, key, r, "", &h)) < 0) return rc
  HOLDER("mini_batch_size");
  d->mini_batch_size = aml__y_i64(h, "mini_batch_size");
  HOLDER("max_concurrency_per_instance");
  d->max_concurrency_per_instance = aml__y_i32(h, "max_concurrency_per_instance");
  HOLDER("error_threshold");
  d->error_threshold = aml__y_i32(h, "error_threshold");
  HOLDER("output_action");
  d->output_action = aml__y_str(h, "output_action");
  HOLDER("output_file_name");
  d->output_file_name = aml__y_str(h, "output_file_name");
  HOLDER("logging_level");
  d->logging_level = aml__y_str(h, "logging_level");
  HOLDER("environment_variables");
  if ((rc = aml__y_strmap(c, h, "environment_variables", &d->environment_variables,
                          &d->environment_variables_count)) < 0)
    return rc;
  HOLDER("retry_settings");
#undef HOLDER
  const aml__ynode *retry = aml__y_obj(h, "retry_settings");
  if (retry) {
    aml_batch_retry_settings_init(&L->retry, AML_BATCH_RETRY_SETTINGS_VERSION);
    L->retry.max_retries = aml__y_i32(retry, "max_retries");
    L->retry.timeout_s = aml__y_i64(retry, "timeout");
    d->retry_settings = &L->retry;
  }
  const aml__ynode *resources = aml__y_obj(r, "resources");
  if ((rc = holder(c, r, "instance_count", resources, "resources", &h)) < 0) return rc;
  d->instance_count = aml__y_i32(h, "instance_count");
  d->instance_type = aml__y_str(resources, "instance_type");
  return AML_OK;
}

static aml_result not_a_reference(aml__yctx *c, const aml__ynode *v, const char *path, const char *example) {
  return aml__y_fail(c, v, path, AML_ERR_VALIDATION,
                     "expected a reference (azureml:<name>:<version>, azureml:<name>@latest or an ARM id) or an "
                     "inline %s, got \"%.60s\"",
                     example, v->text);
}

static aml_result map_assets(aml__yctx *c, const aml__ynode *r, loaded *L) {
  aml_batch_deployment *d = &L->dep;
  aml_result rc;
  const aml__ynode *m = aml__ymap_get(r, "model");
  if (m && m->kind == AML__Y_MAP) {
    if ((rc = aml__y_map_model(c, m, "model", true, &L->model)) < 0) return rc;
    L->has_model = true;
  } else if (!aml__ynode_is_null(m)) {
    if (!aml__y_is_reference(m->text)) return not_a_reference(c, m, "model", "model ({path: ./model})");
    d->model = m->text;
  }
  const aml__ynode *cc = aml__y_obj(r, "code_configuration");
  if (cc) {
    aml_code_configuration_init(&L->cc, AML_CODE_CONFIGURATION_VERSION);
    L->cc.scoring_script = aml__y_str(cc, "scoring_script");
    const char *code = aml__y_str(cc, "code");
    if (code && aml__y_is_reference(code)) {
      L->cc.code = code;
    } else if (code) {
      /* A local folder of code: an anonymous code asset, uploaded at registration. */
      aml_code_version_init(&L->code, AML_CODE_VERSION_VERSION);
      if (!(L->code.path = aml__y_resolve(c, code))) return AML_ERR_NOMEM;
      L->has_code = true;
    }
    d->code_configuration = &L->cc;
  }
  const aml__ynode *e = aml__ymap_get(r, "environment");
  if (e && e->kind == AML__Y_MAP) {
    if ((rc = aml__y_map_environment(c, e, "environment", true, &L->env)) < 0) return rc;
    L->has_env = true;
  } else if (!aml__ynode_is_null(e)) {
    if (!aml__y_is_reference(e->text))
      return not_a_reference(c, e, "environment", "environment ({image: ..., conda_file: ./env.yml})");
    d->environment = e->text;
  }
  return AML_OK;
}

static aml_result map_deployment(aml__yctx *c, loaded *L) {
  const aml__ynode *r = c->doc.root;
  memset(L, 0, sizeof *L);
  aml_batch_deployment *d = &L->dep;
  aml_batch_deployment_init(d, AML_BATCH_DEPLOYMENT_VERSION);
  d->name = aml__y_str(r, "name");
  d->endpoint_name = aml__y_str(r, "endpoint_name");
  d->description = aml__y_str(r, "description");
  d->compute = aml__y_str(r, "compute");
  aml_result rc;
  if ((rc = aml__y_strmap(c, r, "tags", &d->tags, &d->tags_count)) < 0 ||
      (rc = aml__y_strmap(c, r, "properties", &d->properties, &d->properties_count)) < 0 ||
      (rc = map_settings(c, r, L)) < 0 || (rc = map_assets(c, r, L)) < 0)
    return rc;
  /* Validate as it will be sent: inline assets stand for the references
   * registration will fill in. */
  aml_batch_deployment check = *d;
  aml_code_configuration cc = L->cc;
  if (L->has_model) check.model = "azureml:inline-model:1";
  if (L->has_env) check.environment = "azureml:inline-environment:1";
  if (L->has_code) {
    cc.code = "azureml:inline-code:1";
    check.code_configuration = &cc;
  }
  AML__Y_RULES(c, aml_batch_deployment_validate(&check, &verr_), deployment_rules);
  return AML_OK;
}

/* ---- the spec object ---------------------------------------------------- */

static aml_result load_spec(aml__yctx *c, void **out) {
  loaded L;
  aml_result rc = map_deployment(c, &L);
  if (rc < 0) return rc;
  aml_batch_deployment_spec *s = aml__calloc(1, sizeof *s);
  if (!s) return aml__fail(c->err, AML_ERR_NOMEM, "out of memory");
  rc = aml_batch_deployment_clone(&L.dep, &s->deployment, c->err);
  if (rc == AML_OK && L.has_model) rc = aml_model_version_clone(&L.model, &s->model, c->err);
  if (rc == AML_OK && L.has_code) rc = aml_code_version_clone(&L.code, &s->code, c->err);
  if (rc == AML_OK && L.has_env) rc = aml_environment_version_clone(&L.env, &s->environment, c->err);
  if (rc < 0) {
    aml_batch_deployment_spec_free(s);
    return rc;
  }
  *out = s;
  return AML_OK;
}

/* A deployment with no inline asset: the deployment alone. */
static aml_result load_plain(aml__yctx *c, void **out) {
  loaded L;
  aml_result rc = map_deployment(c, &L);
  if (rc < 0) return rc;
  const char *inline_key = L.has_model ? "model" : L.has_code ? "code_configuration.code" : L.has_env ? "environment" : NULL;
  if (inline_key)
    return aml__y_fail(c, aml__y_find(c->doc.root, inline_key), inline_key, AML_ERR_UNSUPPORTED,
                       "an inline asset must be registered first: load the file with "
                       "aml_yaml_load_batch_deployment_spec() and create it with aml_batch_deployment_spec_begin_create()");
  return aml_batch_deployment_clone(&L.dep, (aml_batch_deployment **)out, c->err);
}

aml_result aml_yaml_load_batch_deployment_spec(const char *path, const aml_yaml_options *opts,
                                               aml_batch_deployment_spec **out, aml_error **err) {
  if (!path) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_yaml_load_batch_deployment_spec: NULL path");
  return aml__y_load("aml_yaml_load_batch_deployment_spec", path, NULL, opts, &deployment_kind, load_spec,
                     (void **)out, err);
}

aml_result aml_yaml_parse_batch_deployment_spec(const char *text, const char *file_name,
                                                const aml_yaml_options *opts, aml_batch_deployment_spec **out,
                                                aml_error **err) {
  if (!text) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_yaml_parse_batch_deployment_spec: NULL text");
  return aml__y_load("aml_yaml_parse_batch_deployment_spec", file_name, text, opts, &deployment_kind, load_spec,
                     (void **)out, err);
}

aml_result aml_yaml_load_batch_deployment(const char *path, const aml_yaml_options *opts,
                                          aml_batch_deployment **out, aml_error **err) {
  if (!path) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_yaml_load_batch_deployment: NULL path");
  return aml__y_load("aml_yaml_load_batch_deployment", path, NULL, opts, &deployment_kind, load_plain,
                     (void **)out, err);
}

aml_result aml_yaml_parse_batch_deployment(const char *text, const char *file_name, const aml_yaml_options *opts,
                                           aml_batch_deployment **out, aml_error **err) {
  if (!text) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_yaml_parse_batch_deployment: NULL text");
  return aml__y_load("aml_yaml_parse_batch_deployment", file_name, text, opts, &deployment_kind, load_plain,
                     (void **)out, err);
}

aml_batch_deployment *aml_batch_deployment_spec_deployment(const aml_batch_deployment_spec *spec) {
  return spec ? spec->deployment : NULL;
}

const aml_model_version *aml_batch_deployment_spec_model(const aml_batch_deployment_spec *spec) {
  return spec ? spec->model : NULL;
}

const aml_code_version *aml_batch_deployment_spec_code(const aml_batch_deployment_spec *spec) {
  return spec ? spec->code : NULL;
}

const aml_environment_version *aml_batch_deployment_spec_environment(const aml_batch_deployment_spec *spec) {
  return spec ? spec->environment : NULL;
}

void aml_batch_deployment_spec_free(aml_batch_deployment_spec *spec) {
  if (!spec) return;
  aml_batch_deployment_free(spec->deployment);
  aml_model_version_free(spec->model);
  aml_code_version_free(spec->code);
  aml_environment_version_free(spec->environment);
  aml__free(spec->model_ref);
  aml__free(spec->code_ref);
  aml__free(spec->environment_ref);
  aml__free(spec);
}

/* ---- writing ------------------------------------------------------------ */

aml_result aml_batch_deployment_to_yaml(const aml_batch_deployment *d, char **yaml_out, aml_error **err) {
  if (yaml_out) *yaml_out = NULL;
  if (!d || !yaml_out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_batch_deployment_to_yaml: NULL argument");
  if (d->version < 1 || d->version > AML_BATCH_DEPLOYMENT_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "aml_batch_deployment_to_yaml: unknown version %u", d->version);
  aml__yw w;
  aml__yw_begin(&w, AML__SCHEMA_BASE "modelBatchDeployment.schema.json");
  aml__yw_str(&w, "name", d->name);
  aml__yw_str(&w, "endpoint_name", d->endpoint_name);
  aml__yw_str(&w, "type", "model");
  aml__yw_str(&w, "description", d->description);
  aml__yw_str(&w, "model", d->model);
  const aml_code_configuration *cc = d->code_configuration;
  if (cc && (cc->code || cc->scoring_script)) {
    aml__yw_map_begin(&w, "code_configuration");
    aml__yw_str(&w, "code", cc->code);
    aml__yw_str(&w, "scoring_script", cc->scoring_script);
    aml__yw_map_end(&w);
  }
  aml__yw_str(&w, "environment", d->environment);
  aml__yw_str(&w, "compute", d->compute);
  if (d->instance_count != AML_UNSET || d->instance_type) {
    aml__yw_map_begin(&w, "resources");
    aml__yw_int(&w, "instance_count", d->instance_count, AML_UNSET);
    aml__yw_str(&w, "instance_type", d->instance_type);
    aml__yw_map_end(&w);
  }
  const aml_batch_retry_settings *rs = d->retry_settings;
  bool retry = rs && (rs->max_retries != AML_UNSET || rs->timeout_s != AML_UNSET64);
  if (d->mini_batch_size != AML_UNSET64 || d->max_concurrency_per_instance != AML_UNSET ||
      d->error_threshold != AML_UNSET || d->output_action || d->output_file_name || d->logging_level || retry ||
      d->environment_variables) {
    aml__yw_map_begin(&w, "settings");
    aml__yw_int(&w, "mini_batch_size", d->mini_batch_size, AML_UNSET64);
    aml__yw_int(&w, "max_concurrency_per_instance", d->max_concurrency_per_instance, AML_UNSET);
    aml__yw_str(&w, "output_action", d->output_action);
    aml__yw_str(&w, "output_file_name", d->output_file_name);
    if (retry) {
      aml__yw_map_begin(&w, "retry_settings");
      aml__yw_int(&w, "max_retries", rs->max_retries, AML_UNSET);
      aml__yw_int(&w, "timeout", rs->timeout_s, AML_UNSET64);
      aml__yw_map_end(&w);
    }
    aml__yw_int(&w, "error_threshold", d->error_threshold, AML_UNSET);
    aml__yw_str(&w, "logging_level", d->logging_level);
    aml__yw_strmap(&w, "environment_variables", d->environment_variables, d->environment_variables_count);
    aml__yw_map_end(&w);
  }
  aml__yw_strmap(&w, "tags", d->tags, d->tags_count);
  aml__yw_strmap(&w, "properties", d->properties, d->properties_count);
  return aml__yw_finish(&w, yaml_out, err);
}
