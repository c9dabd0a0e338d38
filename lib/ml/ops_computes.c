/* ml_client.compute: PUT/GET/LIST/DELETE/PATCH on {workspace}/computes, and
 * listNodes, vmSizes and usages (ARM-API.md §2.3). */
#include <azureml/computes.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/str.h"
#include "core/url.h"
#include "ml/entity_compute.h"
#include "ml/ops_common.h"

#include <stddef.h>
#include <string.h>

static aml_result parse_compute(json_t *v, void **out, aml_error **err) {
  aml_compute *c = NULL;
  aml_result rc = aml__compute_from_json_value(v, &c, err);
  *out = c;
  return rc;
}

static void free_compute(void *c) { aml_compute_free(c); }

static aml_result parse_compute_text(const char *json, void **out, aml_error **err) {
  return aml__ops_parse_text(json, parse_compute, out, err);
}

aml_result aml_computes_begin_create_or_update(aml_client *client, const aml_compute *compute, aml_poller **out,
                                               aml_error **err) {
  static const char fn[] = "aml_computes_begin_create_or_update";
  if (!client || !compute || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client, compute and out are required", fn);
  *out = NULL;
  aml_result rc = aml_compute_validate(compute, err);
  if (rc < 0) return rc;
  const char *location = compute->location;
  if (!location && (rc = aml__client_workspace_location(client, &location, err)) < 0) return rc;
  char *body = NULL;
  if ((rc = aml__compute_put_body(compute, location, &body, err)) < 0) return rc;
  const char *seg[] = {"computes", compute->name};
  /* 201 carries Azure-AsyncOperation, never Location: the result is read from
   * the resource URL whichever final-state-via the api-version declares. */
  rc = aml__ops_begin(client, "PUT", seg, 2, body, "computes.begin_create_or_update", AML_RESULT_COMPUTE,
                      AML_FINAL_ORIGINAL_URI, out, err);
  aml__free(body);
  return rc;
}

aml_result aml_computes_get(aml_client *client, const char *name, aml_compute **out, aml_error **err) {
  static const char fn[] = "aml_computes_get";
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc = aml__ops_require(name, fn, "name", err);
  if (rc < 0) return rc;
  const char *seg[] = {"computes", name};
  void *c = NULL;
  rc = aml__ops_get(client, seg, 2, parse_compute, &c, err);
  *out = c;
  return rc;
}

aml_result aml_computes_list(aml_client *client, aml_pager **out, aml_error **err) {
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_computes_list: client and out are required");
  *out = NULL;
  const char *seg[] = {"computes"};
  return aml__ops_list(client, seg, 1, AML_RESULT_COMPUTE, out, err);
}

aml_result aml_pager_next_compute(aml_pager *pager, aml_compute **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_pager_next_compute: out is required");
  void *c = NULL;
  aml_result rc = aml__ops_next(pager, AML_RESULT_COMPUTE, parse_compute, &c, err);
  *out = c;
  return rc;
}

aml_result aml_computes_begin_delete(aml_client *client, const char *name, const char *action, aml_poller **out,
                                     aml_error **err) {
  static const char fn[] = "aml_computes_begin_delete";
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc;
  if ((rc = aml__ops_require(name, fn, "name", err)) < 0 || (rc = aml__ops_require(action, fn, "action", err)) < 0)
    return rc;
  const char *wire = aml__strcasecmp(action, AML_COMPUTE_DELETE) == 0   ? AML_COMPUTE_DELETE
                     : aml__strcasecmp(action, AML_COMPUTE_DETACH) == 0 ? AML_COMPUTE_DETACH
                                                                         : NULL;
  if (!wire) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: action must be \"Delete\" or \"Detach\"", fn);
  const char *seg[] = {"computes", name};
  aml_buf url = AML_BUF_INIT;
  if (aml__client_url(client, &url, seg, 2) || aml__url_add_query(&url, "underlyingResourceAction", wire)) {
    aml__buf_free(&url);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory building a URL");
  }
  rc = aml__client_begin(client, "DELETE", url.ptr, NULL, "computes.begin_delete", AML_RESULT_NONE, AML_FINAL_NONE,
                         out, err);
  aml__buf_free(&url);
  return rc;
}

aml_result aml_computes_begin_update(aml_client *client, const aml_compute *compute, aml_poller **out,
                                     aml_error **err) {
  static const char fn[] = "aml_computes_begin_update";
  if (!client || !compute || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client, compute and out are required", fn);
  *out = NULL;
  aml_result rc = aml__ops_require(compute->name, fn, "name", err);
  if (rc < 0) return rc;
  if (compute->min_instances == AML_UNSET && compute->max_instances == AML_UNSET &&
      compute->idle_time_before_scale_down == AML_UNSET64)
    return aml__fail(err, AML_ERR_VALIDATION, "%s: set min_instances, max_instances or idle_time_before_scale_down", fn);
  if (compute->min_instances != AML_UNSET && compute->max_instances != AML_UNSET &&
      compute->min_instances > compute->max_instances)
    return aml__fail(err, AML_ERR_VALIDATION, "%s: min_instances (%d) must not exceed max_instances (%d)", fn,
                     compute->min_instances, compute->max_instances);
  char *body = NULL;
  if ((rc = aml__compute_scale_patch_body(compute, &body, err)) < 0) return rc;
  const char *seg[] = {"computes", compute->name};
  rc = aml__ops_begin(client, "PATCH", seg, 2, body, "computes.begin_update", AML_RESULT_COMPUTE,
                      AML_FINAL_ORIGINAL_URI, out, err);
  aml__free(body);
  return rc;
}

const aml_compute *aml_poller_compute(aml_poller *poller) {
  return aml__poller_typed(poller, AML_RESULT_COMPUTE, parse_compute_text, free_compute);
}

/* ---- small read-only records: one allocation holds the struct and its
 * strings, so freeing never touches a pointer a caller put into a field ---- */

typedef struct str_field {
  const char *value;
  size_t offset; /* offsetof(struct, field) */
} str_field;

static void *record_new(size_t size, const str_field *fields, size_t n) {
  size_t total = size;
  for (size_t i = 0; i < n; i++)
    if (fields[i].value) total += strlen(fields[i].value) + 1;
  char *block = aml__calloc(1, total);
  if (!block) return NULL;
  char *p = block + size;
  for (size_t i = 0; i < n; i++) {
    if (!fields[i].value) continue;
    size_t len = strlen(fields[i].value) + 1;
    memcpy(p, fields[i].value, len);
    memcpy(block + fields[i].offset, &p, sizeof(p));
    p += len;
  }
  return block;
}

static int32_t int_or_unset(json_t *v) { return json_is_integer(v) ? (int32_t)json_integer_value(v) : AML_UNSET; }
static int64_t int64_or_unset(json_t *v) { return json_is_integer(v) ? (int64_t)json_integer_value(v) : AML_UNSET64; }
static int32_t bool_or_unset(json_t *v) { return json_is_boolean(v) ? (json_is_true(v) ? 1 : 0) : AML_UNSET; }
static const char *str_of(json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

static aml_result not_object(const char *what, aml_error **err) {
  return aml__fail(err, AML_ERR_PARSE, "a %s in the list is not a JSON object", what);
}

static aml_result parse_node(json_t *v, void **out, aml_error **err) {
  if (!json_is_object(v)) return not_object("node", err);
  const str_field f[] = {
      {str_of(v, "nodeId"), offsetof(aml_compute_node, node_id)},
      {str_of(v, "privateIpAddress"), offsetof(aml_compute_node, private_ip_address)},
      {str_of(v, "publicIpAddress"), offsetof(aml_compute_node, public_ip_address)},
      {str_of(v, "nodeState"), offsetof(aml_compute_node, node_state)},
      {str_of(v, "runId"), offsetof(aml_compute_node, run_id)},
  };
  aml_compute_node *n = record_new(sizeof(*n), f, sizeof(f) / sizeof(f[0]));
  if (!n) return aml__fail(err, AML_ERR_NOMEM, "out of memory reading a node");
  n->version = AML_COMPUTE_NODE_VERSION;
  n->port = int_or_unset(json_object_get(v, "port"));
  *out = n;
  return AML_OK;
}

static aml_result parse_vm_size(json_t *v, void **out, aml_error **err) {
  if (!json_is_object(v)) return not_object("VM size", err);
  const str_field f[] = {
      {str_of(v, "name"), offsetof(aml_vm_size, name)},
      {str_of(v, "family"), offsetof(aml_vm_size, family)},
  };
  aml_vm_size *s = record_new(sizeof(*s), f, 2);
  if (!s) return aml__fail(err, AML_ERR_NOMEM, "out of memory reading a VM size");
  s->version = AML_VM_SIZE_VERSION;
  s->v_cpus = int_or_unset(json_object_get(v, "vCPUs"));
  s->gpus = int_or_unset(json_object_get(v, "gpus"));
  json_t *mem = json_object_get(v, "memoryGB");
  s->memory_gb = json_is_number(mem) ? json_number_value(mem) : -1.0;
  s->low_priority_capable = bool_or_unset(json_object_get(v, "lowPriorityCapable"));
  s->premium_io = bool_or_unset(json_object_get(v, "premiumIO"));
  *out = s;
  return AML_OK;
}

static aml_result parse_usage(json_t *v, void **out, aml_error **err) {
  if (!json_is_object(v)) return not_object("usage", err);
  json_t *name = json_object_get(v, "name");
  const str_field f[] = {
      {str_of(v, "id"), offsetof(aml_usage, id)},
      {str_of(name, "value"), offsetof(aml_usage, name)},
      {str_of(name, "localizedValue"), offsetof(aml_usage, localized_name)},
      {str_of(v, "type"), offsetof(aml_usage, type)},
      {str_of(v, "unit"), offsetof(aml_usage, unit)},
  };
  aml_usage *u = record_new(sizeof(*u), f, sizeof(f) / sizeof(f[0]));
  if (!u) return aml__fail(err, AML_ERR_NOMEM, "out of memory reading a usage");
  u->version = AML_USAGE_VERSION;
  u->current_value = int64_or_unset(json_object_get(v, "currentValue"));
  u->limit = int64_or_unset(json_object_get(v, "limit"));
  *out = u;
  return AML_OK;
}

void aml_compute_node_free(aml_compute_node *node) { aml__free(node); }
void aml_vm_size_free(aml_vm_size *size) { aml__free(size); }
void aml_usage_free(aml_usage *usage) { aml__free(usage); }

/* Pager kinds of the records (not poller results; distinct from those tags). */
enum { KIND_NODE = 101, KIND_VM_SIZE = 102, KIND_USAGE = 103 };

aml_result aml_computes_list_nodes(aml_client *client, const char *name, aml_pager **out, aml_error **err) {
  static const char fn[] = "aml_computes_list_nodes";
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc = aml__ops_require(name, fn, "name", err);
  if (rc < 0) return rc;
  const char *seg[] = {"computes", name, "listNodes"};
  char *url = NULL;
  if ((rc = aml__ops_url(client, seg, 3, &url, err)) < 0) return rc;
  rc = aml__pager_new(client, "POST", url, "nodes", KIND_NODE, out, err);
  aml__free(url);
  return rc;
}

/* Location-level lists: {sub}/providers/Microsoft.MachineLearningServices/locations/{loc}/{what}. */
static aml_result location_list(aml_client *client, const char *location, const char *what, int32_t kind,
                                aml_pager **out, aml_error **err) {
  *out = NULL;
  aml_result rc;
  if (!location && (rc = aml__client_workspace_location(client, &location, err)) < 0) return rc;
  const char *seg[] = {"locations", location, what};
  aml_buf url = AML_BUF_INIT;
  if (aml__client_subscription_url(client, &url, seg, 3)) {
    aml__buf_free(&url);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory building a URL");
  }
  rc = aml__pager_new(client, "GET", url.ptr, "value", kind, out, err);
  aml__buf_free(&url);
  return rc;
}

aml_result aml_computes_list_sizes(aml_client *client, const char *location, aml_pager **out, aml_error **err) {
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_computes_list_sizes: client and out are required");
  return location_list(client, location, "vmSizes", KIND_VM_SIZE, out, err);
}

aml_result aml_computes_list_usage(aml_client *client, const char *location, aml_pager **out, aml_error **err) {
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_computes_list_usage: client and out are required");
  return location_list(client, location, "usages", KIND_USAGE, out, err);
}

aml_result aml_pager_next_compute_node(aml_pager *pager, aml_compute_node **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_pager_next_compute_node: out is required");
  void *v = NULL;
  aml_result rc = aml__ops_next(pager, KIND_NODE, parse_node, &v, err);
  *out = v;
  return rc;
}

aml_result aml_pager_next_vm_size(aml_pager *pager, aml_vm_size **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_pager_next_vm_size: out is required");
  void *v = NULL;
  aml_result rc = aml__ops_next(pager, KIND_VM_SIZE, parse_vm_size, &v, err);
  *out = v;
  return rc;
}

aml_result aml_pager_next_usage(aml_pager *pager, aml_usage **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_pager_next_usage: out is required");
  void *v = NULL;
  aml_result rc = aml__ops_next(pager, KIND_USAGE, parse_usage, &v, err);
  *out = v;
  return rc;
}
