/* aml_data_asset: defaults, validation, ARM JSON both ways (DataVersionBase:
 * dataType, dataUri, description, tags, properties), clone, free. */
#include "ml/data_asset_entity.h"

#include "core/error.h"
#include "ml/validate.h"

#include <stddef.h>
#include <string.h>

#define WHAT "data asset"
#define TRY(x)               \
  do {                       \
    aml_result rc_ = (x);    \
    if (rc_ < 0) return rc_; \
  } while (0)

static const char *const DATA_READ_ONLY[] = {"properties.provisioningState", NULL};

static void data_defaults(void *obj) {
  aml_data_asset *d = obj;
  memset(d, 0, sizeof(*d));
  d->version = AML_DATA_ASSET_VERSION;
  d->type = AML_DATA_TYPE_URI_FOLDER;
}

aml_result aml_data_asset_init(aml_data_asset *asset, uint32_t version) {
  if (!asset) return AML_ERR_INVALID_ARG;
  if (version != AML_DATA_ASSET_VERSION) return AML_ERR_VERSION;
  data_defaults(asset);
  return AML_OK;
}

static aml_result data_parse(aml__jr *r, json_t *root, void *obj) {
  aml_data_asset *d = obj;
  json_t *props;
  d->type = NULL; /* only what the service says */
  TRY(aml__jr_str(r, root, "id", &d->id));
  TRY(aml__jr_str(r, root, "name", &d->asset_version));
  if (aml__arm_id_segment(r->arena, d->id, "data", &d->name) < 0) return aml__jr_nomem(r);
  TRY(aml__jr_object(r, root, "properties", &props));
  TRY(aml__jr_str(r, root, "properties.dataType", &d->type));
  TRY(aml__jr_str(r, root, "properties.dataUri", &d->data_uri));
  d->path = d->data_uri;
  TRY(aml__jr_str(r, root, "properties.description", &d->description));
  TRY(aml__jr_map(r, root, "properties.tags", &d->tags, &d->tags_count));
  TRY(aml__jr_map(r, root, "properties.properties", &d->properties, &d->properties_count));
  TRY(aml__jr_str(r, root, "systemData.createdAt", &d->created_at));
  return AML_OK;
}

static const aml__entity_desc DATA_DESC = {AML__KIND_DATA_ASSET, sizeof(aml_data_asset), WHAT,
                                           offsetof(aml_data_asset, raw_json), 0, data_defaults, data_parse};

static aml_result check_in(const aml_data_asset *d, const void *out, const char *fn, aml_error **err) {
  if (!d || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: NULL argument", fn);
  if (d->version != AML_DATA_ASSET_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "%s: unknown aml_data_asset version %u", fn, d->version);
  return AML_OK;
}

/* ^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$ (the spec's rule for data names). */
static bool name_ok(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > 255) return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '-' && c != '_'))) return false;
  }
  return true;
}

aml_result aml_data_asset_validate(const aml_data_asset *asset, aml_error **err) {
  if (!asset) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_data_asset_validate: NULL argument");
  if (asset->version != AML_DATA_ASSET_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "aml_data_asset_validate: unknown version %u", asset->version);
  TRY(aml__validate_required("data asset name", asset->name, err));
  if (!name_ok(asset->name))
    return aml__fail(err, AML_ERR_VALIDATION,
                     "data asset name \"%.64s\" must be 1-255 letters, digits, '-' or '_', starting with a letter "
                     "or digit",
                     asset->name);
  TRY(aml__validate_required("data asset asset_version", asset->asset_version, err));
  TRY(aml__validate_required("data asset type (dataType)", asset->type, err));
  TRY(aml__validate_required("data asset path (dataUri)", asset->path, err));
  TRY(aml__validate_map("data asset tags", asset->tags, asset->tags_count, err));
  TRY(aml__validate_map("data asset properties", asset->properties, asset->properties_count, err));
  return AML_OK;
}

aml_result aml_data_asset_to_json(const aml_data_asset *asset, char **json_out, aml_error **err) {
  if (json_out) *json_out = NULL;
  TRY(check_in(asset, json_out, "aml_data_asset_to_json", err));
  json_t *root = NULL;
  TRY(aml__jw_base(asset->raw_json, DATA_READ_ONLY, WHAT, &root, err));
  json_t *props = aml__jw_object(root, "properties");
  aml_result rc = (props && aml__jw_str(props, "dataType", asset->type) == 0 &&
                   aml__jw_str(props, "dataUri", asset->path) == 0 &&
                   aml__jw_str(props, "description", asset->description) == 0 &&
                   aml__jw_map(props, "tags", asset->tags, asset->tags_count) == 0 &&
                   aml__jw_map(props, "properties", asset->properties, asset->properties_count) == 0)
                      ? aml__jw_dump(root, json_out, err)
                      : aml__fail(err, AML_ERR_NOMEM, "out of memory building a %s request", WHAT);
  json_decref(root);
  return rc;
}

aml_result aml__data_asset_from_json_value(json_t *item, aml_data_asset **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: NULL argument", WHAT);
  return aml__entity_from_value(&DATA_DESC, item, NULL, (void **)out, err);
}

aml_result aml_data_asset_from_json(const char *json, aml_data_asset **out, aml_error **err) {
  if (out) *out = NULL;
  if (!json || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_data_asset_from_json: NULL argument");
  return aml__entity_from_text(&DATA_DESC, json, (void **)out, err);
}

aml_result aml_data_asset_clone(const aml_data_asset *in, aml_data_asset **out, aml_error **err) {
  if (out) *out = NULL;
  TRY(check_in(in, out, "aml_data_asset_clone", err));
  aml_data_asset *d = aml__entity_new(&DATA_DESC);
  if (!d) return aml__fail(err, AML_ERR_NOMEM, "out of memory cloning a %s", WHAT);
  aml__arena *a = aml__owned_arena(d);
  d->tags_count = in->tags ? in->tags_count : 0;
  d->properties_count = in->properties ? in->properties_count : 0;
  d->type = NULL;
  if (aml__copy_str(a, in->name, &d->name) < 0 || aml__copy_str(a, in->asset_version, &d->asset_version) < 0 ||
      aml__copy_str(a, in->type, &d->type) < 0 || aml__copy_str(a, in->path, &d->path) < 0 ||
      aml__copy_str(a, in->description, &d->description) < 0 ||
      aml__copy_map(a, in->tags, d->tags_count, &d->tags) < 0 ||
      aml__copy_map(a, in->properties, d->properties_count, &d->properties) < 0 ||
      aml__copy_str(a, in->id, &d->id) < 0 || aml__copy_str(a, in->data_uri, &d->data_uri) < 0 ||
      aml__copy_str(a, in->created_at, &d->created_at) < 0 || aml__copy_str(a, in->raw_json, &d->raw_json) < 0) {
    aml__owned_free(d, AML__KIND_DATA_ASSET);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory cloning a %s", WHAT);
  }
  *out = d;
  return AML_OK;
}

void aml_data_asset_free(aml_data_asset *asset) { aml__owned_free(asset, AML__KIND_DATA_ASSET); }
