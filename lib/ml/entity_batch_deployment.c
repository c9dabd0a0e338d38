/* aml_batch_deployment and its parts: defaults, ARM JSON both ways, clone, free. */
#include "ml/entity_batch_deployment.h"

#include "ml/entity_identity.h"

#include "core/error.h"
#include "core/str.h"

#include <stddef.h>
#include <string.h>

#define WHAT "batch deployment"
#define TRY(x)               \
  do {                       \
    aml_result rc_ = (x);    \
    if (rc_ < 0) return rc_; \
  } while (0)

/* Read-only members of BatchDeploymentProperties (2026-07-01 spec). */
static const char *const DEP_READ_ONLY[] = {"properties.provisioningState", NULL};

aml_result aml_code_configuration_init(aml_code_configuration *cc, uint32_t version) {
  if (!cc) return AML_ERR_INVALID_ARG;
  if (version != AML_CODE_CONFIGURATION_VERSION) return AML_ERR_VERSION;
  memset(cc, 0, sizeof(*cc));
  cc->version = version;
  return AML_OK;
}

/* Bytes of each version of the structs that grew: what a caller built
 * against that header allocated, and all this library may read or write. */
static size_t retry_settings_size(uint32_t version) {
  return version == 1 ? offsetof(aml_batch_retry_settings, timeout_iso)
                      : version == AML_BATCH_RETRY_SETTINGS_VERSION ? sizeof(aml_batch_retry_settings) : 0;
}

static size_t deployment_size(uint32_t version) {
  return version == 1 ? offsetof(aml_batch_deployment, identity)
                      : version == AML_BATCH_DEPLOYMENT_VERSION ? sizeof(aml_batch_deployment) : 0;
}

aml_result aml_batch_retry_settings_init(aml_batch_retry_settings *rs, uint32_t version) {
  if (!rs) return AML_ERR_INVALID_ARG;
  size_t size = retry_settings_size(version);
  if (!size) return AML_ERR_VERSION;
  aml_batch_retry_settings d;
  memset(&d, 0, sizeof(d));
  d.version = version;
  d.max_retries = AML_UNSET;
  d.timeout_s = AML_UNSET64;
  memcpy(rs, &d, size);
  return AML_OK;
}

/* Version 2 fields, read only from a version 2 struct. */
static const char *timeout_iso(const aml_batch_retry_settings *rs) { return rs->version >= 2 ? rs->timeout_iso : NULL; }
static const aml_compute_identity *dep_identity(const aml_batch_deployment *d) { return d->version >= 2 ? d->identity : NULL; }
static size_t dep_resources_properties(const aml_batch_deployment *d, const aml_string_pair **pairs) {
  *pairs = d->version >= 2 ? d->resources_properties : NULL;
  return *pairs ? d->resources_properties_count : 0;
}

aml_result aml_data_path_init(aml_data_path *dp, uint32_t version) {
  if (!dp) return AML_ERR_INVALID_ARG;
  if (version != AML_DATA_PATH_VERSION) return AML_ERR_VERSION;
  memset(dp, 0, sizeof(*dp));
  dp->version = version;
  return AML_OK;
}

static void dep_defaults(void *obj) {
  aml_batch_deployment *dep = obj;
  memset(dep, 0, sizeof(*dep));
  dep->version = AML_BATCH_DEPLOYMENT_VERSION;
  dep->instance_count = AML_UNSET;
  dep->max_concurrency_per_instance = AML_UNSET;
  dep->mini_batch_size = AML_UNSET64;
  dep->error_threshold = AML_UNSET;
}

aml_result aml_batch_deployment_init(aml_batch_deployment *dep, uint32_t version) {
  if (!dep) return AML_ERR_INVALID_ARG;
  size_t size = deployment_size(version);
  if (!size) return AML_ERR_VERSION;
  aml_batch_deployment d;
  dep_defaults(&d);
  d.version = version;
  memcpy(dep, &d, size);
  return AML_OK;
}

static aml_result parse_model(aml__jr *r, json_t *root, aml_batch_deployment *dep) {
  json_t *model;
  TRY(aml__jr_object(r, root, "properties.model", &model));
  if (!model) return AML_OK;
  const char *type = NULL;
  TRY(aml__jr_str(r, root, "properties.model.referenceType", &type));
  if (type && aml__strcasecmp(type, "Id") == 0) {
    TRY(aml__jr_str(r, root, "properties.model.assetId", &dep->model));
  } else if (type && aml__strcasecmp(type, "DataPath") == 0) {
    aml_data_path *dp = aml__arena_alloc(r->arena, sizeof(*dp));
    if (!dp) return aml__jr_nomem(r);
    aml_data_path_init(dp, AML_DATA_PATH_VERSION);
    TRY(aml__jr_str(r, root, "properties.model.datastoreId", &dp->datastore_id));
    TRY(aml__jr_str(r, root, "properties.model.path", &dp->path));
    dep->model_path = dp;
  }
  /* Other reference kinds (OutputPath, future ones) live on in raw_json. */
  return AML_OK;
}

static aml_result dep_parse(aml__jr *r, json_t *root, void *obj) {
  aml_batch_deployment *dep = obj;
  json_t *sub;
  TRY(aml__jr_str(r, root, "id", &dep->id));
  TRY(aml__jr_str(r, root, "name", &dep->name));
  if (aml__arm_id_segment(r->arena, dep->id, "batchEndpoints", &dep->endpoint_name) < 0) return aml__jr_nomem(r);
  TRY(aml__jr_str(r, root, "location", &dep->location));
  TRY(aml__jr_map(r, root, "tags", &dep->tags, &dep->tags_count));
  TRY(aml__jr_identity(r, root, &dep->identity));
  TRY(aml__jr_object(r, root, "properties", &sub));
  TRY(aml__jr_str(r, root, "properties.description", &dep->description));
  TRY(aml__jr_map(r, root, "properties.properties", &dep->properties, &dep->properties_count));
  TRY(parse_model(r, root, dep));
  TRY(aml__jr_object(r, root, "properties.codeConfiguration", &sub));
  if (sub) {
    aml_code_configuration *cc = aml__arena_alloc(r->arena, sizeof(*cc));
    if (!cc) return aml__jr_nomem(r);
    aml_code_configuration_init(cc, AML_CODE_CONFIGURATION_VERSION);
    TRY(aml__jr_str(r, root, "properties.codeConfiguration.codeId", &cc->code));
    TRY(aml__jr_str(r, root, "properties.codeConfiguration.scoringScript", &cc->scoring_script));
    dep->code_configuration = cc;
  }
  TRY(aml__jr_str(r, root, "properties.environmentId", &dep->environment));
  TRY(aml__jr_map(r, root, "properties.environmentVariables", &dep->environment_variables,
                  &dep->environment_variables_count));
  TRY(aml__jr_str(r, root, "properties.compute", &dep->compute));
  TRY(aml__jr_object(r, root, "properties.resources", &sub));
  TRY(aml__jr_int32(r, root, "properties.resources.instanceCount", &dep->instance_count));
  TRY(aml__jr_str(r, root, "properties.resources.instanceType", &dep->instance_type));
  TRY(aml__jr_json_map(r, root, "properties.resources.properties", &dep->resources_properties,
                       &dep->resources_properties_count));
  TRY(aml__jr_int32(r, root, "properties.maxConcurrencyPerInstance", &dep->max_concurrency_per_instance));
  TRY(aml__jr_int64(r, root, "properties.miniBatchSize", &dep->mini_batch_size));
  TRY(aml__jr_enum(r, root, "properties.outputAction", &aml__enum_output_action, &dep->output_action));
  TRY(aml__jr_str(r, root, "properties.outputFileName", &dep->output_file_name));
  TRY(aml__jr_int32(r, root, "properties.errorThreshold", &dep->error_threshold));
  TRY(aml__jr_object(r, root, "properties.retrySettings", &sub));
  if (sub) {
    aml_batch_retry_settings *rs = aml__arena_alloc(r->arena, sizeof(*rs));
    if (!rs) return aml__jr_nomem(r);
    aml_batch_retry_settings_init(rs, AML_BATCH_RETRY_SETTINGS_VERSION);
    TRY(aml__jr_int32(r, root, "properties.retrySettings.maxRetries", &rs->max_retries));
    TRY(aml__jr_duration(r, root, "properties.retrySettings.timeout", &rs->timeout_s, &rs->timeout_iso));
    dep->retry_settings = rs;
  }
  TRY(aml__jr_enum(r, root, "properties.loggingLevel", &aml__enum_logging_level, &dep->logging_level));
  TRY(aml__jr_str(r, root, "properties.provisioningState", &dep->provisioning_state));
  return AML_OK;
}

static const aml__entity_desc DEP_DESC = {AML__KIND_BATCH_DEPLOYMENT, sizeof(aml_batch_deployment), WHAT,
                                          offsetof(aml_batch_deployment, raw_json), 0, dep_defaults,
                                          dep_parse};

static aml_result check_in(const aml_batch_deployment *dep, const void *out, const char *fn,
                           aml_error **err) {
  if (!dep || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: NULL argument", fn);
  if (!deployment_size(dep->version))
    return aml__fail(err, AML_ERR_VERSION, "%s: unknown aml_batch_deployment version %u", fn, dep->version);
  TRY(aml__identity_check(dep_identity(dep), fn, err));
  if (dep->code_configuration && dep->code_configuration->version != AML_CODE_CONFIGURATION_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "%s: unknown aml_code_configuration version %u", fn,
                     dep->code_configuration->version);
  if (dep->retry_settings && !retry_settings_size(dep->retry_settings->version))
    return aml__fail(err, AML_ERR_VERSION, "%s: unknown aml_batch_retry_settings version %u", fn,
                     dep->retry_settings->version);
  if (dep->model_path && dep->model_path->version != AML_DATA_PATH_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "%s: unknown aml_data_path version %u", fn,
                     dep->model_path->version);
  return AML_OK;
}

/* Members of "properties" from the set fields. -1 when out of memory. */
static int dep_properties(json_t *props, const aml_batch_deployment *dep, const aml__arm_scope *scope) {
  if (aml__jw_str(props, "description", dep->description) < 0 ||
      aml__jw_map(props, "properties", dep->properties, dep->properties_count) < 0 ||
      aml__jw_map(props, "environmentVariables", dep->environment_variables,
                  dep->environment_variables_count) < 0)
    return -1;
  if (dep->environment &&
      aml__jw_set(props, "environmentId", aml__asset_ref_json(dep->environment, "environments", scope)) < 0)
    return -1;
  const aml_code_configuration *cc = dep->code_configuration;
  if (cc && (cc->code || cc->scoring_script)) {
    json_t *o = aml__jw_object(props, "codeConfiguration");
    if (!o || (cc->code && aml__jw_set(o, "codeId", aml__asset_ref_json(cc->code, "codes", scope)) < 0) ||
        aml__jw_str(o, "scoringScript", cc->scoring_script) < 0)
      return -1;
  }
  if (dep->compute && aml__jw_set(props, "compute", aml__compute_ref_json(dep->compute, scope)) < 0)
    return -1;
  if (dep->model) {
    json_t *ref = json_object();
    if (aml__jw_set(props, "model", ref) < 0 || aml__jw_str(ref, "referenceType", "Id") < 0 ||
        aml__jw_set(ref, "assetId", aml__asset_ref_json(dep->model, "models", scope)) < 0)
      return -1;
  } else if (dep->model_path) {
    json_t *ref = json_object();
    if (aml__jw_set(props, "model", ref) < 0 || aml__jw_str(ref, "referenceType", "DataPath") < 0 ||
        aml__jw_str(ref, "datastoreId", dep->model_path->datastore_id) < 0 ||
        aml__jw_str(ref, "path", dep->model_path->path) < 0)
      return -1;
  }
  if (aml__jw_int(props, "errorThreshold", dep->error_threshold, AML_UNSET) < 0 ||
      aml__jw_str(props, "loggingLevel", aml__enum_to_wire(&aml__enum_logging_level, dep->logging_level)) < 0 ||
      aml__jw_int(props, "maxConcurrencyPerInstance", dep->max_concurrency_per_instance, AML_UNSET) < 0 ||
      aml__jw_int(props, "miniBatchSize", dep->mini_batch_size, AML_UNSET64) < 0 ||
      aml__jw_str(props, "outputAction", aml__enum_to_wire(&aml__enum_output_action, dep->output_action)) < 0 ||
      aml__jw_str(props, "outputFileName", dep->output_file_name) < 0)
    return -1;
  const aml_string_pair *rprops;
  size_t rprops_count = dep_resources_properties(dep, &rprops);
  if (dep->instance_count != AML_UNSET || dep->instance_type || rprops) {
    json_t *o = aml__jw_object(props, "resources");
    if (!o || aml__jw_int(o, "instanceCount", dep->instance_count, AML_UNSET) < 0 ||
        aml__jw_str(o, "instanceType", dep->instance_type) < 0 ||
        aml__jw_json_map(o, "properties", rprops, rprops_count) < 0)
      return -1;
  }
  const aml_batch_retry_settings *rs = dep->retry_settings;
  if (rs && (rs->max_retries != AML_UNSET || rs->timeout_s != AML_UNSET64)) {
    json_t *o = aml__jw_object(props, "retrySettings");
    if (!o || aml__jw_int(o, "maxRetries", rs->max_retries, AML_UNSET) < 0 ||
        aml__jw_duration_text(o, "timeout", rs->timeout_s, timeout_iso(rs)) < 0)
      return -1;
  }
  return 0;
}

aml_result aml__batch_deployment_put_body(const aml_batch_deployment *dep, const aml__arm_scope *scope,
                                          const char *default_location, char **json_out, aml_error **err) {
  if (json_out) *json_out = NULL;
  TRY(check_in(dep, json_out, "aml_batch_deployment_to_json", err));
  json_t *root = NULL;
  TRY(aml__jw_base(dep->raw_json, DEP_READ_ONLY, WHAT, &root, err));
  int bad = aml__jw_str(root, "location", dep->location) < 0;
  if (!bad && !json_object_get(root, "location")) bad = aml__jw_str(root, "location", default_location) < 0;
  if (!bad) {
    if (dep->tags) bad = aml__jw_map(root, "tags", dep->tags, dep->tags_count) < 0;
    /* Tracked resource: never sent without tags (Azure/azure-sdk-for-python#44114). */
    else if (!json_object_get(root, "tags")) bad = aml__jw_set(root, "tags", json_object()) < 0;
  }
  if (!bad) bad = aml__jw_identity(root, dep_identity(dep)) < 0;
  json_t *props = bad ? NULL : aml__jw_object(root, "properties");
  aml_result rc = (props && dep_properties(props, dep, scope) == 0)
                      ? aml__jw_dump(root, json_out, err)
                      : aml__fail(err, AML_ERR_NOMEM, "out of memory building a %s request", WHAT);
  json_decref(root);
  return rc;
}

aml_result aml_batch_deployment_to_json(const aml_batch_deployment *dep, char **json_out, aml_error **err) {
  return aml__batch_deployment_put_body(dep, NULL, NULL, json_out, err);
}

aml_result aml__batch_deployment_patch_body(const aml_batch_deployment *dep, char **json_out,
                                            aml_error **err) {
  if (json_out) *json_out = NULL;
  TRY(check_in(dep, json_out, "batch deployment update", err));
  json_t *root = json_object();
  int bad = !root;
  if (!bad && dep->description) {
    json_t *props = aml__jw_object(root, "properties");
    bad = !props || aml__jw_str(props, "description", dep->description) < 0;
  }
  if (!bad) bad = aml__jw_map(root, "tags", dep->tags, dep->tags_count) < 0;
  aml_result rc = bad ? aml__fail(err, AML_ERR_NOMEM, "out of memory building a %s update", WHAT)
                      : aml__jw_dump(root, json_out, err);
  json_decref(root);
  return rc;
}

aml_result aml__batch_deployment_from_json_value(json_t *item, aml_batch_deployment **out,
                                                 aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: NULL argument", WHAT);
  return aml__entity_from_value(&DEP_DESC, item, NULL, (void **)out, err);
}

aml_result aml_batch_deployment_from_json(const char *json, aml_batch_deployment **out, aml_error **err) {
  if (out) *out = NULL;
  if (!json || !out)
    return aml__fail(err, AML_ERR_INVALID_ARG, "aml_batch_deployment_from_json: NULL argument");
  return aml__entity_from_text(&DEP_DESC, json, (void **)out, err);
}

static int clone_parts(aml__arena *a, const aml_batch_deployment *in, aml_batch_deployment *c) {
  if (in->code_configuration) {
    aml_code_configuration *cc = aml__arena_alloc(a, sizeof(*cc));
    if (!cc) return -1;
    cc->version = AML_CODE_CONFIGURATION_VERSION;
    if (aml__copy_str(a, in->code_configuration->code, &cc->code) < 0 ||
        aml__copy_str(a, in->code_configuration->scoring_script, &cc->scoring_script) < 0)
      return -1;
    c->code_configuration = cc;
  }
  if (in->retry_settings) {
    aml_batch_retry_settings *rs = aml__arena_alloc(a, sizeof(*rs));
    if (!rs) return -1;
    aml_batch_retry_settings_init(rs, AML_BATCH_RETRY_SETTINGS_VERSION);
    rs->max_retries = in->retry_settings->max_retries;
    rs->timeout_s = in->retry_settings->timeout_s;
    if (aml__copy_str(a, timeout_iso(in->retry_settings), &rs->timeout_iso) < 0) return -1;
    c->retry_settings = rs;
  }
  if (in->model_path) {
    aml_data_path *dp = aml__arena_alloc(a, sizeof(*dp));
    if (!dp) return -1;
    dp->version = AML_DATA_PATH_VERSION;
    if (aml__copy_str(a, in->model_path->datastore_id, &dp->datastore_id) < 0 ||
        aml__copy_str(a, in->model_path->path, &dp->path) < 0)
      return -1;
    c->model_path = dp;
  }
  const aml_string_pair *rprops;
  c->resources_properties_count = dep_resources_properties(in, &rprops);
  if (aml__copy_identity(a, dep_identity(in), &c->identity) < 0 ||
      aml__copy_map(a, rprops, c->resources_properties_count, &c->resources_properties) < 0)
    return -1;
  return 0;
}

aml_result aml_batch_deployment_clone(const aml_batch_deployment *in, aml_batch_deployment **out,
                                      aml_error **err) {
  if (out) *out = NULL;
  TRY(check_in(in, out, "aml_batch_deployment_clone", err));
  aml_batch_deployment *c = aml__entity_new(&DEP_DESC);
  if (!c) return aml__fail(err, AML_ERR_NOMEM, "out of memory cloning a %s", WHAT);
  aml__arena *a = aml__owned_arena(c);
  c->instance_count = in->instance_count;
  c->max_concurrency_per_instance = in->max_concurrency_per_instance;
  c->mini_batch_size = in->mini_batch_size;
  c->error_threshold = in->error_threshold;
  c->tags_count = in->tags ? in->tags_count : 0;
  c->properties_count = in->properties ? in->properties_count : 0;
  c->environment_variables_count = in->environment_variables ? in->environment_variables_count : 0;
  if (aml__copy_str(a, in->name, &c->name) < 0 || aml__copy_str(a, in->endpoint_name, &c->endpoint_name) < 0 ||
      aml__copy_str(a, in->description, &c->description) < 0 ||
      aml__copy_map(a, in->tags, c->tags_count, &c->tags) < 0 ||
      aml__copy_map(a, in->properties, c->properties_count, &c->properties) < 0 ||
      aml__copy_str(a, in->location, &c->location) < 0 || aml__copy_str(a, in->model, &c->model) < 0 ||
      aml__copy_str(a, in->environment, &c->environment) < 0 ||
      aml__copy_map(a, in->environment_variables, c->environment_variables_count,
                    &c->environment_variables) < 0 ||
      aml__copy_str(a, in->compute, &c->compute) < 0 ||
      aml__copy_str(a, in->instance_type, &c->instance_type) < 0 ||
      aml__copy_str(a, in->output_action, &c->output_action) < 0 ||
      aml__copy_str(a, in->output_file_name, &c->output_file_name) < 0 ||
      aml__copy_str(a, in->logging_level, &c->logging_level) < 0 || aml__copy_str(a, in->id, &c->id) < 0 ||
      aml__copy_str(a, in->provisioning_state, &c->provisioning_state) < 0 ||
      aml__copy_str(a, in->raw_json, &c->raw_json) < 0 || clone_parts(a, in, c) < 0) {
    aml__owned_free(c, AML__KIND_BATCH_DEPLOYMENT);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory cloning a %s", WHAT);
  }
  *out = c;
  return AML_OK;
}

void aml_batch_deployment_free(aml_batch_deployment *dep) { aml__owned_free(dep, AML__KIND_BATCH_DEPLOYMENT); }
