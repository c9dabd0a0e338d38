/* aml_batch_endpoint: defaults, ARM JSON both ways, clone, free. */
#include "ml/entity_batch_endpoint.h"

#include "ml/entity_identity.h"

#include "core/error.h"

#include <stddef.h>
#include <string.h>

#define WHAT "batch endpoint"
#define TRY(x)                  \
  do {                          \
    aml_result rc_ = (x);       \
    if (rc_ < 0) return rc_;    \
  } while (0)

/* Read-only members of BatchEndpointProperties (2026-07-01 spec). */
static const char *const EP_READ_ONLY[] = {"properties.provisioningState", "properties.scoringUri",
                                           "properties.swaggerUri", NULL};

static void ep_defaults(aml_batch_endpoint *ep) {
  memset(ep, 0, sizeof(*ep));
  ep->version = AML_BATCH_ENDPOINT_VERSION;
  ep->auth_mode = AML_AUTH_MODE_AAD_TOKEN;
}

/* Parsed and cloned structs start with nothing set: what the resource has. */
static void ep_init_owned(void *obj) {
  aml_batch_endpoint *ep = obj;
  ep_defaults(ep);
  ep->auth_mode = NULL;
}

static aml_result ep_parse(aml__jr *r, json_t *root, void *obj) {
  aml_batch_endpoint *ep = obj;
  TRY(aml__jr_str(r, root, "id", &ep->id));
  TRY(aml__jr_str(r, root, "name", &ep->name));
  TRY(aml__jr_str(r, root, "location", &ep->location));
  TRY(aml__jr_map(r, root, "tags", &ep->tags, &ep->tags_count));
  TRY(aml__jr_identity(r, root, &ep->identity));
  json_t *props;
  TRY(aml__jr_object(r, root, "properties", &props));
  TRY(aml__jr_str(r, root, "properties.description", &ep->description));
  TRY(aml__jr_map(r, root, "properties.properties", &ep->properties, &ep->properties_count));
  TRY(aml__jr_enum(r, root, "properties.authMode", &aml__enum_auth_mode, &ep->auth_mode));
  TRY(aml__jr_str(r, root, "properties.defaults.deploymentName", &ep->default_deployment_name));
  TRY(aml__jr_str(r, root, "properties.scoringUri", &ep->scoring_uri));
  TRY(aml__jr_str(r, root, "properties.swaggerUri", &ep->openapi_uri));
  TRY(aml__jr_str(r, root, "properties.provisioningState", &ep->provisioning_state));
  return AML_OK;
}

static const aml__entity_desc EP_DESC = {AML__KIND_BATCH_ENDPOINT, sizeof(aml_batch_endpoint), WHAT,
                                         offsetof(aml_batch_endpoint, raw_json), 0, ep_init_owned,
                                         ep_parse};

/* Bytes of each version of aml_batch_endpoint: what a caller built against
 * that header allocated, and all this library may read or write. */
static size_t endpoint_size(uint32_t version) {
  return version == 1 ? offsetof(aml_batch_endpoint, identity)
                      : version == AML_BATCH_ENDPOINT_VERSION ? sizeof(aml_batch_endpoint) : 0;
}

/* The version 2 field, NULL in a version 1 struct. */
static const aml_compute_identity *ep_identity(const aml_batch_endpoint *ep) {
  return ep->version >= 2 ? ep->identity : NULL;
}

aml_result aml_batch_endpoint_init(aml_batch_endpoint *ep, uint32_t version) {
  if (!ep) return AML_ERR_INVALID_ARG;
  size_t size = endpoint_size(version);
  if (!size) return AML_ERR_VERSION;
  aml_batch_endpoint d;
  ep_defaults(&d);
  d.version = version;
  memcpy(ep, &d, size);
  return AML_OK;
}

static aml_result check_in(const aml_batch_endpoint *ep, const void *out, const char *fn, aml_error **err) {
  if (!ep || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: NULL argument", fn);
  if (!endpoint_size(ep->version))
    return aml__fail(err, AML_ERR_VERSION, "%s: unknown aml_batch_endpoint version %u", fn, ep->version);
  return aml__identity_check(ep_identity(ep), fn, err);
}

/* The request body as JSON: raw_json minus read-only members, with the set
 * fields on top. */
static aml_result ep_body(const aml_batch_endpoint *ep, const char *default_location, json_t **out,
                          aml_error **err) {
  json_t *root = NULL;
  TRY(aml__jw_base(ep->raw_json, EP_READ_ONLY, WHAT, &root, err));
  if (aml__jw_str(root, "location", ep->location) < 0) goto nomem;
  if (!json_object_get(root, "location") && aml__jw_str(root, "location", default_location) < 0) goto nomem;
  if (ep->tags) {
    if (aml__jw_map(root, "tags", ep->tags, ep->tags_count) < 0) goto nomem;
  } else if (!json_object_get(root, "tags")) {
    /* A tracked resource is always sent with tags: the service rejected a
     * minimal create whose tags were null (Azure/azure-sdk-for-python#44114). */
    if (aml__jw_set(root, "tags", json_object()) < 0) goto nomem;
  }
  if (aml__jw_identity(root, ep_identity(ep)) < 0) goto nomem;
  json_t *props = aml__jw_object(root, "properties"); /* required by the schema */
  if (!props) goto nomem;
  if (aml__jw_str(props, "authMode", aml__enum_to_wire(&aml__enum_auth_mode, ep->auth_mode)) < 0 ||
      aml__jw_str(props, "description", ep->description) < 0 ||
      aml__jw_map(props, "properties", ep->properties, ep->properties_count) < 0)
    goto nomem;
  if (ep->default_deployment_name) {
    /* camelCase "deploymentName": azure-ai-ml once sent "deployment_name",
     * which the service ignored or rejected (Azure/azure-sdk-for-python#47478). */
    json_t *defaults = aml__jw_object(props, "defaults");
    if (!defaults || aml__jw_str(defaults, "deploymentName", ep->default_deployment_name) < 0) goto nomem;
  }
  *out = root;
  return AML_OK;
nomem:
  json_decref(root);
  return aml__fail(err, AML_ERR_NOMEM, "out of memory building a %s request", WHAT);
}

aml_result aml__batch_endpoint_put_body(const aml_batch_endpoint *ep, const char *default_location,
                                        char **json_out, aml_error **err) {
  if (json_out) *json_out = NULL;
  TRY(check_in(ep, json_out, "aml_batch_endpoint_to_json", err));
  json_t *root = NULL;
  TRY(ep_body(ep, default_location, &root, err));
  aml_result rc = aml__jw_dump(root, json_out, err);
  json_decref(root);
  return rc;
}

aml_result aml_batch_endpoint_to_json(const aml_batch_endpoint *ep, char **json_out, aml_error **err) {
  return aml__batch_endpoint_put_body(ep, NULL, json_out, err);
}

aml_result aml__batch_endpoint_patch_body(const aml_batch_endpoint *ep, char **json_out, aml_error **err) {
  if (json_out) *json_out = NULL;
  TRY(check_in(ep, json_out, "batch endpoint update", err));
  /* PartialMinimalTrackedResourceWithIdentity: tags and identity. */
  json_t *root = json_object();
  aml_result rc = (root && aml__jw_map(root, "tags", ep->tags, ep->tags_count) == 0 &&
                   aml__jw_identity(root, ep_identity(ep)) == 0)
                      ? aml__jw_dump(root, json_out, err)
                      : aml__fail(err, AML_ERR_NOMEM, "out of memory building a %s update", WHAT);
  json_decref(root);
  return rc;
}

aml_result aml__batch_endpoint_from_json_value(json_t *item, aml_batch_endpoint **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: NULL argument", WHAT);
  return aml__entity_from_value(&EP_DESC, item, NULL, (void **)out, err);
}

aml_result aml_batch_endpoint_from_json(const char *json, aml_batch_endpoint **out, aml_error **err) {
  if (out) *out = NULL;
  if (!json || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_batch_endpoint_from_json: NULL argument");
  return aml__entity_from_text(&EP_DESC, json, (void **)out, err);
}

aml_result aml_batch_endpoint_clone(const aml_batch_endpoint *in, aml_batch_endpoint **out, aml_error **err) {
  if (out) *out = NULL;
  TRY(check_in(in, out, "aml_batch_endpoint_clone", err));
  aml_batch_endpoint *c = aml__entity_new(&EP_DESC);
  if (!c) return aml__fail(err, AML_ERR_NOMEM, "out of memory cloning a %s", WHAT);
  aml__arena *a = aml__owned_arena(c);
  c->tags_count = in->tags ? in->tags_count : 0;
  c->properties_count = in->properties ? in->properties_count : 0;
  if (aml__copy_str(a, in->name, &c->name) < 0 || aml__copy_str(a, in->description, &c->description) < 0 ||
      aml__copy_map(a, in->tags, c->tags_count, &c->tags) < 0 ||
      aml__copy_map(a, in->properties, c->properties_count, &c->properties) < 0 ||
      aml__copy_str(a, in->location, &c->location) < 0 || aml__copy_str(a, in->auth_mode, &c->auth_mode) < 0 ||
      aml__copy_str(a, in->default_deployment_name, &c->default_deployment_name) < 0 ||
      aml__copy_str(a, in->id, &c->id) < 0 || aml__copy_str(a, in->scoring_uri, &c->scoring_uri) < 0 ||
      aml__copy_str(a, in->openapi_uri, &c->openapi_uri) < 0 ||
      aml__copy_str(a, in->provisioning_state, &c->provisioning_state) < 0 ||
      aml__copy_str(a, in->raw_json, &c->raw_json) < 0 || aml__copy_identity(a, ep_identity(in), &c->identity) < 0) {
    aml__owned_free(c, AML__KIND_BATCH_ENDPOINT);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory cloning a %s", WHAT);
  }
  *out = c;
  return AML_OK;
}

void aml_batch_endpoint_free(aml_batch_endpoint *ep) { aml__owned_free(ep, AML__KIND_BATCH_ENDPOINT); }
