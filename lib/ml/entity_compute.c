/* aml_compute (AmlCompute): defaults, ARM JSON both ways, clone, free. */
#include "ml/entity_compute.h"

#include "ml/entity_identity.h"

#include "core/error.h"
#include "core/str.h"

#include <stddef.h>
#include <string.h>

#define WHAT "compute"
#define TRY(x)               \
  do {                       \
    aml_result rc_ = (x);    \
    if (rc_ < 0) return rc_; \
  } while (0)

/* Read-only members of Compute and AmlComputeProperties (2026-07-01 spec). */
static const char *const COMPUTE_READ_ONLY[] = {
    "properties.provisioningState",
    "properties.createdOn",
    "properties.modifiedOn",
    "properties.provisioningErrors",
    "properties.isAttachedCompute",
    "properties.properties.allocationState",
    "properties.properties.allocationStateTransitionTime",
    "properties.properties.errors",
    "properties.properties.currentNodeCount",
    "properties.properties.targetNodeCount",
    "properties.properties.nodeStateCounts",
    NULL,
};

static void compute_defaults(void *obj) {
  aml_compute *c = obj;
  memset(c, 0, sizeof(*c));
  c->version = AML_COMPUTE_VERSION;
  c->min_instances = AML_UNSET;
  c->max_instances = AML_UNSET;
  c->idle_time_before_scale_down = AML_UNSET64;
  c->ssh_public_access = AML_UNSET;
  c->enable_node_public_ip = AML_UNSET;
  c->current_node_count = AML_UNSET;
  c->target_node_count = AML_UNSET;
  c->idle_node_count = AML_UNSET;
  c->running_node_count = AML_UNSET;
  c->preparing_node_count = AML_UNSET;
  c->unusable_node_count = AML_UNSET;
  c->leaving_node_count = AML_UNSET;
  c->preempted_node_count = AML_UNSET;
}

/* Bytes of each version of aml_compute: what a caller built against that
 * header allocated, and all this library may read or write. */
static size_t compute_size(uint32_t version) {
  return version == 1 ? offsetof(aml_compute, idle_time_before_scale_down_iso)
                      : version == AML_COMPUTE_VERSION ? sizeof(aml_compute) : 0;
}

aml_result aml_compute_init(aml_compute *compute, uint32_t version) {
  if (!compute) return AML_ERR_INVALID_ARG;
  size_t size = compute_size(version);
  if (!size) return AML_ERR_VERSION;
  aml_compute d;
  compute_defaults(&d);
  /* azure-ai-ml's AmlCompute defaults: a cluster made from a name alone is
   * valid (parsed resources keep "not set": they say what the service said). */
  d.size = "STANDARD_DS3_V2";
  d.min_instances = 0;
  d.max_instances = 1;
  d.version = version;
  memcpy(compute, &d, size);
  return AML_OK;
}

/* Version 2 fields of a caller's struct, NULL when it is version 1. */
static const char *idle_iso(const aml_compute *c) { return c->version >= 2 ? c->idle_time_before_scale_down_iso : NULL; }

/* An array of ARM ErrorResponse ({"error":{"code","message"}}) items. */
static aml_result parse_errors(aml__jr *r, json_t *root, const char *path, const aml_compute_error *const **out,
                               size_t *count) {
  json_t *arr;
  TRY(aml__jr_array(r, root, path, &arr));
  if (!arr) return AML_OK;
  size_t n = json_array_size(arr);
  const aml_compute_error **list = aml__arena_calloc(r->arena, n, sizeof(*list));
  if (!list) return aml__jr_nomem(r);
  for (size_t i = 0; i < n; i++) {
    json_t *item = json_array_get(arr, i);
    if (!json_is_object(item)) return aml__jr_type_error(r, path, "an array of error objects");
    aml_compute_error *e = aml__arena_alloc(r->arena, sizeof(*e));
    if (!e) return aml__jr_nomem(r);
    e->version = AML_COMPUTE_ERROR_VERSION;
    /* ErrorResponse wraps ErrorDetail in "error"; accept a bare ErrorDetail too. */
    json_t *detail = json_object_get(item, "error");
    TRY(aml__jr_str(r, json_is_object(detail) ? detail : item, "code", &e->code));
    TRY(aml__jr_str(r, json_is_object(detail) ? detail : item, "message", &e->message));
    list[i] = e;
  }
  *out = list;
  *count = n;
  return AML_OK;
}

static aml_result compute_parse(aml__jr *r, json_t *root, void *obj) {
  aml_compute *c = obj;
  json_t *sub;
  const char *remote = NULL;
  TRY(aml__jr_str(r, root, "id", &c->id));
  TRY(aml__jr_str(r, root, "name", &c->name));
  TRY(aml__jr_str(r, root, "location", &c->location));
  TRY(aml__jr_map(r, root, "tags", &c->tags, &c->tags_count));
  TRY(aml__jr_identity(r, root, &c->identity));
  TRY(aml__jr_object(r, root, "properties", &sub));
  TRY(aml__jr_str(r, root, "properties.computeType", &c->compute_type));
  TRY(aml__jr_str(r, root, "properties.description", &c->description));
  TRY(aml__jr_str(r, root, "properties.provisioningState", &c->provisioning_state));
  TRY(aml__jr_str(r, root, "properties.createdOn", &c->created_on));
  TRY(aml__jr_str(r, root, "properties.modifiedOn", &c->modified_on));
  TRY(parse_errors(r, root, "properties.provisioningErrors", &c->provisioning_errors,
                   &c->provisioning_errors_count));
  TRY(aml__jr_object(r, root, "properties.properties", &sub));
  TRY(aml__jr_str(r, root, "properties.properties.vmSize", &c->size));
  TRY(aml__jr_enum(r, root, "properties.properties.vmPriority", &aml__enum_compute_tier, &c->tier));
  TRY(aml__jr_enum(r, root, "properties.properties.osType", &aml__enum_os_type, &c->os_type));
  TRY(aml__jr_object(r, root, "properties.properties.scaleSettings", &sub));
  TRY(aml__jr_int32(r, root, "properties.properties.scaleSettings.minNodeCount", &c->min_instances));
  TRY(aml__jr_int32(r, root, "properties.properties.scaleSettings.maxNodeCount", &c->max_instances));
  TRY(aml__jr_duration(r, root, "properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown",
                       &c->idle_time_before_scale_down, &c->idle_time_before_scale_down_iso));
  TRY(aml__jr_str(r, root, "properties.properties.remoteLoginPortPublicAccess", &remote));
  if (remote && aml__strcasecmp(remote, "Enabled") == 0) c->ssh_public_access = 1;
  else if (remote && aml__strcasecmp(remote, "Disabled") == 0) c->ssh_public_access = 0;
  /* NotSpecified (and unknown values) stay unset; raw_json keeps them. */
  TRY(aml__jr_object(r, root, "properties.properties.userAccountCredentials", &sub));
  TRY(aml__jr_str(r, root, "properties.properties.userAccountCredentials.adminUserName", &c->admin_username));
  TRY(aml__jr_str_secret(r, root, "properties.properties.userAccountCredentials.adminUserPassword",
                         &c->admin_password));
  TRY(aml__jr_str_secret(r, root, "properties.properties.userAccountCredentials.adminUserSshPublicKey",
                         &c->ssh_key));
  TRY(aml__jr_object(r, root, "properties.properties.subnet", &sub));
  TRY(aml__jr_str(r, root, "properties.properties.subnet.id", &c->subnet));
  TRY(aml__jr_bool(r, root, "properties.properties.enableNodePublicIp", &c->enable_node_public_ip));
  TRY(aml__jr_str(r, root, "properties.properties.allocationState", &c->allocation_state));
  TRY(aml__jr_str(r, root, "properties.properties.allocationStateTransitionTime",
                  &c->allocation_state_transition_time));
  TRY(aml__jr_int32(r, root, "properties.properties.currentNodeCount", &c->current_node_count));
  TRY(aml__jr_int32(r, root, "properties.properties.targetNodeCount", &c->target_node_count));
  TRY(aml__jr_object(r, root, "properties.properties.nodeStateCounts", &sub));
  TRY(aml__jr_int32(r, root, "properties.properties.nodeStateCounts.idleNodeCount", &c->idle_node_count));
  TRY(aml__jr_int32(r, root, "properties.properties.nodeStateCounts.runningNodeCount", &c->running_node_count));
  TRY(aml__jr_int32(r, root, "properties.properties.nodeStateCounts.preparingNodeCount",
                    &c->preparing_node_count));
  TRY(aml__jr_int32(r, root, "properties.properties.nodeStateCounts.unusableNodeCount",
                    &c->unusable_node_count));
  TRY(aml__jr_int32(r, root, "properties.properties.nodeStateCounts.leavingNodeCount", &c->leaving_node_count));
  TRY(aml__jr_int32(r, root, "properties.properties.nodeStateCounts.preemptedNodeCount",
                    &c->preempted_node_count));
  TRY(parse_errors(r, root, "properties.properties.errors", &c->errors, &c->errors_count));
  return AML_OK;
}

/* raw_json is wiped on free: a body given to from_json may carry credentials. */
static const aml__entity_desc COMPUTE_DESC = {AML__KIND_COMPUTE, sizeof(aml_compute), WHAT,
                                              offsetof(aml_compute, raw_json), 1, compute_defaults,
                                              compute_parse};

static aml_result check_in(const aml_compute *c, const void *out, const char *fn, aml_error **err) {
  if (!c || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: NULL argument", fn);
  if (!compute_size(c->version))
    return aml__fail(err, AML_ERR_VERSION, "%s: unknown aml_compute version %u", fn, c->version);
  return aml__identity_check(c->identity, fn, err);
}

static int scale_settings(json_t *pp, const aml_compute *c) {
  if (c->min_instances == AML_UNSET && c->max_instances == AML_UNSET && c->idle_time_before_scale_down == AML_UNSET64)
    return 0;
  json_t *ss = aml__jw_object(pp, "scaleSettings");
  if (!ss || aml__jw_int(ss, "maxNodeCount", c->max_instances, AML_UNSET) < 0 ||
      aml__jw_int(ss, "minNodeCount", c->min_instances, AML_UNSET) < 0 ||
      aml__jw_duration_text(ss, "nodeIdleTimeBeforeScaleDown", c->idle_time_before_scale_down, idle_iso(c)) < 0)
    return -1;
  return 0;
}

static int compute_members(json_t *root, const aml_compute *c, const char *default_location) {
  if (aml__jw_str(root, "location", c->location) < 0) return -1;
  if (!json_object_get(root, "location") && aml__jw_str(root, "location", default_location) < 0) return -1;
  /* ComputeResource is not a tracked resource: tags go only when set. */
  if (aml__jw_map(root, "tags", c->tags, c->tags_count) < 0) return -1;
  if (aml__jw_identity(root, c->identity) < 0) return -1;
  json_t *props = aml__jw_object(root, "properties");
  if (!props) return -1;
  if (!json_is_string(json_object_get(props, "computeType")) && aml__jw_str(props, "computeType", "AmlCompute") < 0)
    return -1;
  if (aml__jw_str(props, "description", c->description) < 0) return -1;
  json_t *pp = aml__jw_object(props, "properties");
  if (!pp || aml__jw_str(pp, "vmSize", c->size) < 0 ||
      aml__jw_str(pp, "vmPriority", aml__enum_to_wire(&aml__enum_compute_tier, c->tier)) < 0 ||
      aml__jw_str(pp, "osType", aml__enum_to_wire(&aml__enum_os_type, c->os_type)) < 0 ||
      scale_settings(pp, c) < 0)
    return -1;
  if (c->ssh_public_access != AML_UNSET &&
      aml__jw_str(pp, "remoteLoginPortPublicAccess", c->ssh_public_access ? "Enabled" : "Disabled") < 0)
    return -1;
  if (aml__jw_bool(pp, "enableNodePublicIp", c->enable_node_public_ip) < 0) return -1;
  if (c->subnet) {
    json_t *subnet = json_object();
    if (aml__jw_set(pp, "subnet", subnet) < 0 || aml__jw_str(subnet, "id", c->subnet) < 0) return -1;
  }
  if (c->admin_username || c->admin_password || c->ssh_key) {
    json_t *uac = aml__jw_object(pp, "userAccountCredentials");
    if (!uac || aml__jw_str(uac, "adminUserName", c->admin_username) < 0 ||
        aml__jw_str(uac, "adminUserPassword", c->admin_password) < 0 ||
        aml__jw_str(uac, "adminUserSshPublicKey", c->ssh_key) < 0)
      return -1;
  }
  return 0;
}

aml_result aml__compute_put_body(const aml_compute *compute, const char *default_location, char **json_out,
                                 aml_error **err) {
  if (json_out) *json_out = NULL;
  TRY(check_in(compute, json_out, "aml_compute_to_json", err));
  json_t *root = NULL;
  TRY(aml__jw_base(compute->raw_json, COMPUTE_READ_ONLY, WHAT, &root, err));
  aml_result rc = compute_members(root, compute, default_location) == 0
                      ? aml__jw_dump(root, json_out, err)
                      : aml__fail(err, AML_ERR_NOMEM, "out of memory building a %s request", WHAT);
  json_decref(root);
  return rc;
}

aml_result aml_compute_to_json(const aml_compute *compute, char **json_out, aml_error **err) {
  return aml__compute_put_body(compute, NULL, json_out, err);
}

aml_result aml__compute_scale_patch_body(const aml_compute *compute, char **json_out, aml_error **err) {
  if (json_out) *json_out = NULL;
  TRY(check_in(compute, json_out, "compute scale update", err));
  if (compute->max_instances == AML_UNSET)
    return aml__fail(err, AML_ERR_VALIDATION,
                     "compute scale update: max_instances is required (scaleSettings.maxNodeCount)");
  json_t *root = json_object();
  json_t *pp = root ? aml__jw_object(root, "properties.properties") : NULL;
  aml_result rc = (pp && scale_settings(pp, compute) == 0)
                      ? aml__jw_dump(root, json_out, err)
                      : aml__fail(err, AML_ERR_NOMEM, "out of memory building a %s update", WHAT);
  json_decref(root);
  return rc;
}

aml_result aml__compute_from_json_value(json_t *item, aml_compute **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: NULL argument", WHAT);
  return aml__entity_from_value(&COMPUTE_DESC, item, NULL, (void **)out, err);
}

aml_result aml_compute_from_json(const char *json, aml_compute **out, aml_error **err) {
  if (out) *out = NULL;
  if (!json || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_compute_from_json: NULL argument");
  return aml__entity_from_text(&COMPUTE_DESC, json, (void **)out, err);
}

static int clone_errors(aml__arena *a, const aml_compute_error *const *in, size_t n,
                        const aml_compute_error *const **out) {
  *out = NULL;
  if (!in) return 0;
  const aml_compute_error **list = aml__arena_calloc(a, n, sizeof(*list));
  if (!list) return -1;
  for (size_t i = 0; i < n; i++) {
    if (!in[i]) continue;
    aml_compute_error *e = aml__arena_alloc(a, sizeof(*e));
    if (!e) return -1;
    e->version = AML_COMPUTE_ERROR_VERSION;
    if (aml__copy_str(a, in[i]->code, &e->code) < 0 || aml__copy_str(a, in[i]->message, &e->message) < 0)
      return -1;
    list[i] = e;
  }
  *out = list;
  return 0;
}

aml_result aml_compute_clone(const aml_compute *in, aml_compute **out, aml_error **err) {
  if (out) *out = NULL;
  TRY(check_in(in, out, "aml_compute_clone", err));
  aml_compute *c = aml__entity_new(&COMPUTE_DESC);
  if (!c) return aml__fail(err, AML_ERR_NOMEM, "out of memory cloning a %s", WHAT);
  aml__arena *a = aml__owned_arena(c);
  /* Numbers and tri-states first; every pointer is re-made below. */
  c->min_instances = in->min_instances;
  c->max_instances = in->max_instances;
  c->idle_time_before_scale_down = in->idle_time_before_scale_down;
  c->ssh_public_access = in->ssh_public_access;
  c->enable_node_public_ip = in->enable_node_public_ip;
  c->current_node_count = in->current_node_count;
  c->target_node_count = in->target_node_count;
  c->idle_node_count = in->idle_node_count;
  c->running_node_count = in->running_node_count;
  c->preparing_node_count = in->preparing_node_count;
  c->unusable_node_count = in->unusable_node_count;
  c->leaving_node_count = in->leaving_node_count;
  c->preempted_node_count = in->preempted_node_count;
  c->tags_count = in->tags ? in->tags_count : 0;
  c->errors_count = in->errors ? in->errors_count : 0;
  c->provisioning_errors_count = in->provisioning_errors ? in->provisioning_errors_count : 0;
  if (aml__copy_str(a, in->name, &c->name) < 0 || aml__copy_str(a, in->location, &c->location) < 0 ||
      aml__copy_str(a, in->description, &c->description) < 0 ||
      aml__copy_map(a, in->tags, c->tags_count, &c->tags) < 0 || aml__copy_str(a, in->size, &c->size) < 0 ||
      aml__copy_str(a, in->tier, &c->tier) < 0 || aml__copy_str(a, in->os_type, &c->os_type) < 0 ||
      aml__copy_str(a, in->admin_username, &c->admin_username) < 0 ||
      aml__copy_str_secret(a, in->admin_password, &c->admin_password) < 0 ||
      aml__copy_str_secret(a, in->ssh_key, &c->ssh_key) < 0 || aml__copy_str(a, in->subnet, &c->subnet) < 0 ||
      aml__copy_identity(a, in->identity, &c->identity) < 0 || aml__copy_str(a, in->id, &c->id) < 0 ||
      aml__copy_str(a, in->compute_type, &c->compute_type) < 0 ||
      aml__copy_str(a, in->provisioning_state, &c->provisioning_state) < 0 ||
      aml__copy_str(a, in->allocation_state, &c->allocation_state) < 0 ||
      clone_errors(a, in->errors, c->errors_count, &c->errors) < 0 ||
      clone_errors(a, in->provisioning_errors, c->provisioning_errors_count, &c->provisioning_errors) < 0 ||
      aml__copy_str_secret(a, in->raw_json, &c->raw_json) < 0 ||
      aml__copy_str(a, idle_iso(in), &c->idle_time_before_scale_down_iso) < 0 ||
      (in->version >= 2 && (aml__copy_str(a, in->created_on, &c->created_on) < 0 ||
                            aml__copy_str(a, in->modified_on, &c->modified_on) < 0 ||
                            aml__copy_str(a, in->allocation_state_transition_time,
                                          &c->allocation_state_transition_time) < 0))) {
    aml__owned_free(c, AML__KIND_COMPUTE);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory cloning a %s", WHAT);
  }
  *out = c;
  return AML_OK;
}

void aml_compute_free(aml_compute *compute) { aml__owned_free(compute, AML__KIND_COMPUTE); }
