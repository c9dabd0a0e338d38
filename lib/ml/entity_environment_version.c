/* aml_environment_version: defaults, ARM JSON both ways (EnvironmentVersion), clone, free. */
#include "ml/entity_assets.h"

#include "core/error.h"

#include <stddef.h>
#include <string.h>

#define WHAT "environment version"
#define TRY(x)               \
  do {                       \
    aml_result rc_ = (x);    \
    if (rc_ < 0) return rc_; \
  } while (0)

/* environmentType is read-only ("Curated" / "UserCreated"). */
static const char *const ENV_READ_ONLY[] = {"properties.provisioningState", "properties.environmentType", NULL};

static void env_defaults(void *obj) {
  aml_environment_version *e = obj;
  memset(e, 0, sizeof(*e));
  e->version = AML_ENVIRONMENT_VERSION_VERSION;
}

aml_result aml_environment_version_init(aml_environment_version *env, uint32_t version) {
  if (!env) return AML_ERR_INVALID_ARG;
  if (version != AML_ENVIRONMENT_VERSION_VERSION) return AML_ERR_VERSION;
  env_defaults(env);
  return AML_OK;
}

static aml_result env_parse(aml__jr *r, json_t *root, void *obj) {
  aml_environment_version *e = obj;
  json_t *props;
  TRY(aml__jr_str(r, root, "id", &e->id));
  TRY(aml__jr_str(r, root, "name", &e->asset_version));
  if (aml__arm_id_segment(r->arena, e->id, "environments", &e->name) < 0) return aml__jr_nomem(r);
  TRY(aml__jr_object(r, root, "properties", &props));
  TRY(aml__jr_str(r, root, "properties.image", &e->image));
  TRY(aml__jr_str(r, root, "properties.condaFile", &e->conda_file));
  TRY(aml__jr_enum(r, root, "properties.osType", &aml__enum_os_type, &e->os_type));
  TRY(aml__jr_str(r, root, "properties.description", &e->description));
  TRY(aml__jr_map(r, root, "properties.tags", &e->tags, &e->tags_count));
  TRY(aml__jr_map(r, root, "properties.properties", &e->properties, &e->properties_count));
  TRY(aml__jr_str(r, root, "properties.provisioningState", &e->provisioning_state));
  TRY(aml__jr_str(r, root, "properties.environmentType", &e->environment_type));
  return AML_OK;
}

static const aml__entity_desc ENV_DESC = {AML__KIND_ENVIRONMENT_VERSION, sizeof(aml_environment_version), WHAT,
                                          offsetof(aml_environment_version, raw_json), 0, env_defaults,
                                          env_parse};

static aml_result check_in(const aml_environment_version *e, const void *out, const char *fn, aml_error **err) {
  if (!e || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: NULL argument", fn);
  if (e->version != AML_ENVIRONMENT_VERSION_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "%s: unknown aml_environment_version version %u", fn, e->version);
  return AML_OK;
}

aml_result aml_environment_version_to_json(const aml_environment_version *env, char **json_out,
                                           aml_error **err) {
  if (json_out) *json_out = NULL;
  TRY(check_in(env, json_out, "aml_environment_version_to_json", err));
  json_t *root = NULL;
  TRY(aml__jw_base(env->raw_json, ENV_READ_ONLY, WHAT, &root, err));
  json_t *props = aml__jw_object(root, "properties");
  aml_result rc = (props && aml__jw_str(props, "description", env->description) == 0 &&
                   aml__jw_map(props, "tags", env->tags, env->tags_count) == 0 &&
                   aml__jw_map(props, "properties", env->properties, env->properties_count) == 0 &&
                   aml__jw_str(props, "image", env->image) == 0 &&
                   aml__jw_str(props, "condaFile", env->conda_file) == 0 &&
                   aml__jw_str(props, "osType", aml__enum_to_wire(&aml__enum_os_type, env->os_type)) == 0)
                      ? aml__jw_dump(root, json_out, err)
                      : aml__fail(err, AML_ERR_NOMEM, "out of memory building a %s request", WHAT);
  json_decref(root);
  return rc;
}

aml_result aml__environment_version_from_json_value(json_t *item, aml_environment_version **out,
                                                    aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: NULL argument", WHAT);
  return aml__entity_from_value(&ENV_DESC, item, NULL, (void **)out, err);
}

aml_result aml_environment_version_from_json(const char *json, aml_environment_version **out,
                                             aml_error **err) {
  if (out) *out = NULL;
  if (!json || !out)
    return aml__fail(err, AML_ERR_INVALID_ARG, "aml_environment_version_from_json: NULL argument");
  return aml__entity_from_text(&ENV_DESC, json, (void **)out, err);
}

aml_result aml_environment_version_clone(const aml_environment_version *in, aml_environment_version **out,
                                         aml_error **err) {
  if (out) *out = NULL;
  TRY(check_in(in, out, "aml_environment_version_clone", err));
  aml_environment_version *c = aml__entity_new(&ENV_DESC);
  if (!c) return aml__fail(err, AML_ERR_NOMEM, "out of memory cloning a %s", WHAT);
  aml__arena *a = aml__owned_arena(c);
  c->tags_count = in->tags ? in->tags_count : 0;
  c->properties_count = in->properties ? in->properties_count : 0;
  if (aml__copy_str(a, in->name, &c->name) < 0 || aml__copy_str(a, in->asset_version, &c->asset_version) < 0 ||
      aml__copy_str(a, in->image, &c->image) < 0 || aml__copy_str(a, in->conda_file, &c->conda_file) < 0 ||
      aml__copy_str(a, in->os_type, &c->os_type) < 0 || aml__copy_str(a, in->description, &c->description) < 0 ||
      aml__copy_map(a, in->tags, c->tags_count, &c->tags) < 0 ||
      aml__copy_map(a, in->properties, c->properties_count, &c->properties) < 0 ||
      aml__copy_str(a, in->id, &c->id) < 0 || aml__copy_str(a, in->provisioning_state, &c->provisioning_state) < 0 ||
      aml__copy_str(a, in->environment_type, &c->environment_type) < 0 ||
      aml__copy_str(a, in->raw_json, &c->raw_json) < 0) {
    aml__owned_free(c, AML__KIND_ENVIRONMENT_VERSION);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory cloning a %s", WHAT);
  }
  *out = c;
  return AML_OK;
}

void aml_environment_version_free(aml_environment_version *env) {
  aml__owned_free(env, AML__KIND_ENVIRONMENT_VERSION);
}

aml_result aml__environment_version_parse_item(json_t *item, void **out, aml_error **err) {
  aml_environment_version *v = NULL;
  aml_result rc = aml__environment_version_from_json_value(item, &v, err);
  *out = v;
  return rc;
}
