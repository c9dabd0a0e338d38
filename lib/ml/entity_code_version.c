/* aml_code_version: defaults, ARM JSON both ways (CodeVersion), clone, free. */
#include "ml/entity_assets.h"

#include "core/error.h"

#include <stddef.h>
#include <string.h>

#define WHAT "code version"
#define TRY(x)               \
  do {                       \
    aml_result rc_ = (x);    \
    if (rc_ < 0) return rc_; \
  } while (0)

static const char *const CODE_READ_ONLY[] = {"properties.provisioningState", NULL};

static void code_defaults(void *obj) {
  aml_code_version *c = obj;
  memset(c, 0, sizeof(*c));
  c->version = AML_CODE_VERSION_VERSION;
}

aml_result aml_code_version_init(aml_code_version *code, uint32_t version) {
  if (!code) return AML_ERR_INVALID_ARG;
  if (version != AML_CODE_VERSION_VERSION) return AML_ERR_VERSION;
  code_defaults(code);
  return AML_OK;
}

static aml_result code_parse(aml__jr *r, json_t *root, void *obj) {
  aml_code_version *c = obj;
  json_t *props;
  TRY(aml__jr_str(r, root, "id", &c->id));
  TRY(aml__jr_str(r, root, "name", &c->asset_version));
  if (aml__arm_id_segment(r->arena, c->id, "codes", &c->name) < 0) return aml__jr_nomem(r);
  TRY(aml__jr_object(r, root, "properties", &props));
  TRY(aml__jr_str(r, root, "properties.codeUri", &c->path));
  TRY(aml__jr_str(r, root, "properties.description", &c->description));
  TRY(aml__jr_map(r, root, "properties.tags", &c->tags, &c->tags_count));
  TRY(aml__jr_map(r, root, "properties.properties", &c->properties, &c->properties_count));
  TRY(aml__jr_str(r, root, "properties.provisioningState", &c->provisioning_state));
  return AML_OK;
}

static const aml__entity_desc CODE_DESC = {AML__KIND_CODE_VERSION, sizeof(aml_code_version), WHAT,
                                           offsetof(aml_code_version, raw_json), 0, code_defaults, code_parse};

static aml_result check_in(const aml_code_version *c, const void *out, const char *fn, aml_error **err) {
  if (!c || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: NULL argument", fn);
  if (c->version != AML_CODE_VERSION_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "%s: unknown aml_code_version version %u", fn, c->version);
  return AML_OK;
}

aml_result aml_code_version_to_json(const aml_code_version *code, char **json_out, aml_error **err) {
  if (json_out) *json_out = NULL;
  TRY(check_in(code, json_out, "aml_code_version_to_json", err));
  json_t *root = NULL;
  TRY(aml__jw_base(code->raw_json, CODE_READ_ONLY, WHAT, &root, err));
  json_t *props = aml__jw_object(root, "properties");
  aml_result rc = (props && aml__jw_str(props, "description", code->description) == 0 &&
                   aml__jw_map(props, "tags", code->tags, code->tags_count) == 0 &&
                   aml__jw_map(props, "properties", code->properties, code->properties_count) == 0 &&
                   aml__jw_str(props, "codeUri", code->path) == 0)
                      ? aml__jw_dump(root, json_out, err)
                      : aml__fail(err, AML_ERR_NOMEM, "out of memory building a %s request", WHAT);
  json_decref(root);
  return rc;
}

aml_result aml__code_version_from_json_value(json_t *item, aml_code_version **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: NULL argument", WHAT);
  return aml__entity_from_value(&CODE_DESC, item, NULL, (void **)out, err);
}

aml_result aml_code_version_from_json(const char *json, aml_code_version **out, aml_error **err) {
  if (out) *out = NULL;
  if (!json || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_code_version_from_json: NULL argument");
  return aml__entity_from_text(&CODE_DESC, json, (void **)out, err);
}

aml_result aml_code_version_clone(const aml_code_version *in, aml_code_version **out, aml_error **err) {
  if (out) *out = NULL;
  TRY(check_in(in, out, "aml_code_version_clone", err));
  aml_code_version *c = aml__entity_new(&CODE_DESC);
  if (!c) return aml__fail(err, AML_ERR_NOMEM, "out of memory cloning a %s", WHAT);
  aml__arena *a = aml__owned_arena(c);
  c->tags_count = in->tags ? in->tags_count : 0;
  c->properties_count = in->properties ? in->properties_count : 0;
  if (aml__copy_str(a, in->name, &c->name) < 0 || aml__copy_str(a, in->asset_version, &c->asset_version) < 0 ||
      aml__copy_str(a, in->path, &c->path) < 0 || aml__copy_str(a, in->description, &c->description) < 0 ||
      aml__copy_map(a, in->tags, c->tags_count, &c->tags) < 0 ||
      aml__copy_map(a, in->properties, c->properties_count, &c->properties) < 0 ||
      aml__copy_str(a, in->id, &c->id) < 0 || aml__copy_str(a, in->provisioning_state, &c->provisioning_state) < 0 ||
      aml__copy_str(a, in->raw_json, &c->raw_json) < 0) {
    aml__owned_free(c, AML__KIND_CODE_VERSION);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory cloning a %s", WHAT);
  }
  *out = c;
  return AML_OK;
}

void aml_code_version_free(aml_code_version *code) { aml__owned_free(code, AML__KIND_CODE_VERSION); }

aml_result aml__code_version_parse_item(json_t *item, void **out, aml_error **err) {
  aml_code_version *v = NULL;
  aml_result rc = aml__code_version_from_json_value(item, &v, err);
  *out = v;
  return rc;
}
