/* ManagedServiceIdentity both ways, shared by every tracked resource that
 * carries one (ARM-API.md §3.1). */
#include "ml/entity_identity.h"

#include "core/error.h"

#include <string.h>

aml_result aml_compute_identity_init(aml_compute_identity *id, uint32_t version) {
  if (!id) return AML_ERR_INVALID_ARG;
  if (version != AML_COMPUTE_IDENTITY_VERSION) return AML_ERR_VERSION;
  memset(id, 0, sizeof(*id));
  id->version = version;
  return AML_OK;
}

aml_result aml__jr_identity(aml__jr *r, json_t *root, const aml_compute_identity **out) {
  json_t *obj, *uai;
  aml_result rc = aml__jr_object(r, root, "identity", &obj);
  if (rc < 0 || !obj) return rc;
  aml_compute_identity *id = aml__arena_alloc(r->arena, sizeof(*id));
  if (!id) return aml__jr_nomem(r);
  aml_compute_identity_init(id, AML_COMPUTE_IDENTITY_VERSION);
  if ((rc = aml__jr_enum(r, root, "identity.type", &aml__enum_identity_type, &id->type)) < 0 ||
      (rc = aml__jr_str(r, root, "identity.principalId", &id->principal_id)) < 0 ||
      (rc = aml__jr_str(r, root, "identity.tenantId", &id->tenant_id)) < 0 ||
      (rc = aml__jr_object(r, root, "identity.userAssignedIdentities", &uai)) < 0)
    return rc;
  if (uai) {
    size_t n = json_object_size(uai), i = 0;
    const char **ids = aml__arena_calloc(r->arena, n, sizeof(*ids));
    if (!ids) return aml__jr_nomem(r);
    const char *key;
    json_t *value;
    json_object_foreach(uai, key, value) {
      if (!(ids[i++] = aml__arena_strdup(r->arena, key))) return aml__jr_nomem(r);
    }
    id->user_assigned_identities = ids;
    id->user_assigned_identities_count = n;
  }
  *out = id;
  return AML_OK;
}

int aml__jw_identity(json_t *root, const aml_compute_identity *id) {
  if (!id) return 0;
  json_t *obj = json_object();
  if (aml__jw_set(root, "identity", obj) < 0 ||
      aml__jw_str(obj, "type", aml__enum_to_wire(&aml__enum_identity_type, id->type)) < 0)
    return -1;
  if (!id->user_assigned_identities || !id->user_assigned_identities_count) return 0;
  json_t *uai = json_object();
  if (aml__jw_set(obj, "userAssignedIdentities", uai) < 0) return -1;
  for (size_t i = 0; i < id->user_assigned_identities_count; i++) {
    /* Values are {} in requests (principalId / clientId are read-only). */
    if (id->user_assigned_identities[i] && aml__jw_set(uai, id->user_assigned_identities[i], json_object()) < 0)
      return -1;
  }
  return 0;
}

int aml__copy_identity(aml__arena *a, const aml_compute_identity *in, const aml_compute_identity **out) {
  *out = NULL;
  if (!in) return 0;
  aml_compute_identity *id = aml__arena_alloc(a, sizeof(*id));
  if (!id) return -1;
  aml_compute_identity_init(id, AML_COMPUTE_IDENTITY_VERSION);
  id->user_assigned_identities_count = in->user_assigned_identities ? in->user_assigned_identities_count : 0;
  if (aml__copy_str(a, in->type, &id->type) < 0 ||
      aml__copy_strv(a, in->user_assigned_identities, id->user_assigned_identities_count,
                     &id->user_assigned_identities) < 0 ||
      aml__copy_str(a, in->principal_id, &id->principal_id) < 0 ||
      aml__copy_str(a, in->tenant_id, &id->tenant_id) < 0)
    return -1;
  *out = id;
  return 0;
}

aml_result aml__identity_check(const aml_compute_identity *id, const char *fn, aml_error **err) {
  if (id && id->version != AML_COMPUTE_IDENTITY_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "%s: unknown aml_compute_identity version %u", fn, id->version);
  return AML_OK;
}
