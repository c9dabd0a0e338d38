/* aml_model_version: defaults, ARM JSON both ways (ModelVersion), clone, free. */
#include "ml/entity_assets.h"

#include "core/error.h"

#include <stddef.h>
#include <string.h>

#define WHAT "model version"
#define TRY(x)               \
  do {                       \
    aml_result rc_ = (x);    \
    if (rc_ < 0) return rc_; \
  } while (0)

static const char *const MODEL_READ_ONLY[] = {"properties.provisioningState", NULL};

static void model_defaults(void *obj) {
  aml_model_version *m = obj;
  memset(m, 0, sizeof(*m));
  m->version = AML_MODEL_VERSION_VERSION;
}

aml_result aml_model_version_init(aml_model_version *model, uint32_t version) {
  if (!model) return AML_ERR_INVALID_ARG;
  if (version != AML_MODEL_VERSION_VERSION) return AML_ERR_VERSION;
  model_defaults(model);
  return AML_OK;
}

static aml_result model_parse(aml__jr *r, json_t *root, void *obj) {
  aml_model_version *m = obj;
  json_t *props;
  TRY(aml__jr_str(r, root, "id", &m->id));
  TRY(aml__jr_str(r, root, "name", &m->asset_version));
  if (aml__arm_id_segment(r->arena, m->id, "models", &m->name) < 0) return aml__jr_nomem(r);
  TRY(aml__jr_object(r, root, "properties", &props));
  TRY(aml__jr_str(r, root, "properties.modelUri", &m->path));
  TRY(aml__jr_enum(r, root, "properties.modelType", &aml__enum_model_type, &m->model_type));
  TRY(aml__jr_str(r, root, "properties.description", &m->description));
  TRY(aml__jr_map(r, root, "properties.tags", &m->tags, &m->tags_count));
  TRY(aml__jr_map(r, root, "properties.properties", &m->properties, &m->properties_count));
  TRY(aml__jr_str(r, root, "properties.provisioningState", &m->provisioning_state));
  return AML_OK;
}

static const aml__entity_desc MODEL_DESC = {AML__KIND_MODEL_VERSION, sizeof(aml_model_version), WHAT,
                                            offsetof(aml_model_version, raw_json), 0, model_defaults,
                                            model_parse};

static aml_result check_in(const aml_model_version *m, const void *out, const char *fn, aml_error **err) {
  if (!m || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: NULL argument", fn);
  if (m->version != AML_MODEL_VERSION_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "%s: unknown aml_model_version version %u", fn, m->version);
  return AML_OK;
}

aml_result aml_model_version_to_json(const aml_model_version *model, char **json_out, aml_error **err) {
  if (json_out) *json_out = NULL;
  TRY(check_in(model, json_out, "aml_model_version_to_json", err));
  json_t *root = NULL;
  TRY(aml__jw_base(model->raw_json, MODEL_READ_ONLY, WHAT, &root, err));
  json_t *props = aml__jw_object(root, "properties");
  aml_result rc =
      (props && aml__jw_str(props, "description", model->description) == 0 &&
       aml__jw_map(props, "tags", model->tags, model->tags_count) == 0 &&
       aml__jw_map(props, "properties", model->properties, model->properties_count) == 0 &&
       aml__jw_str(props, "modelType", aml__enum_to_wire(&aml__enum_model_type, model->model_type)) == 0 &&
       aml__jw_str(props, "modelUri", model->path) == 0)
          ? aml__jw_dump(root, json_out, err)
          : aml__fail(err, AML_ERR_NOMEM, "out of memory building a %s request", WHAT);
  json_decref(root);
  return rc;
}

aml_result aml__model_version_from_json_value(json_t *item, aml_model_version **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: NULL argument", WHAT);
  return aml__entity_from_value(&MODEL_DESC, item, NULL, (void **)out, err);
}

aml_result aml_model_version_from_json(const char *json, aml_model_version **out, aml_error **err) {
  if (out) *out = NULL;
  if (!json || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_model_version_from_json: NULL argument");
  return aml__entity_from_text(&MODEL_DESC, json, (void **)out, err);
}

aml_result aml_model_version_clone(const aml_model_version *in, aml_model_version **out, aml_error **err) {
  if (out) *out = NULL;
  TRY(check_in(in, out, "aml_model_version_clone", err));
  aml_model_version *c = aml__entity_new(&MODEL_DESC);
  if (!c) return aml__fail(err, AML_ERR_NOMEM, "out of memory cloning a %s", WHAT);
  aml__arena *a = aml__owned_arena(c);
  c->tags_count = in->tags ? in->tags_count : 0;
  c->properties_count = in->properties ? in->properties_count : 0;
  if (aml__copy_str(a, in->name, &c->name) < 0 || aml__copy_str(a, in->asset_version, &c->asset_version) < 0 ||
      aml__copy_str(a, in->path, &c->path) < 0 || aml__copy_str(a, in->model_type, &c->model_type) < 0 ||
      aml__copy_str(a, in->description, &c->description) < 0 ||
      aml__copy_map(a, in->tags, c->tags_count, &c->tags) < 0 ||
      aml__copy_map(a, in->properties, c->properties_count, &c->properties) < 0 ||
      aml__copy_str(a, in->id, &c->id) < 0 || aml__copy_str(a, in->provisioning_state, &c->provisioning_state) < 0 ||
      aml__copy_str(a, in->raw_json, &c->raw_json) < 0) {
    aml__owned_free(c, AML__KIND_MODEL_VERSION);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory cloning a %s", WHAT);
  }
  *out = c;
  return AML_OK;
}

void aml_model_version_free(aml_model_version *model) { aml__owned_free(model, AML__KIND_MODEL_VERSION); }

aml_result aml__model_version_parse_item(json_t *item, void **out, aml_error **err) {
  aml_model_version *v = NULL;
  aml_result rc = aml__model_version_from_json_value(item, &v, err);
  *out = v;
  return rc;
}
