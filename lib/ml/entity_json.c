/* Typed JSON reads and overlay writes for the entity mappings. */
#include "ml/entity_json.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/duration.h"
#include "core/error.h"
#include "core/json.h"
#include "core/str.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* reading                                                                  */
/* ------------------------------------------------------------------------ */

aml_result aml__jr_type_error(aml__jr *r, const char *path, const char *expected) {
  return aml__fail(r->err, AML_ERR_PARSE, "%s JSON: %s must be %s", r->what, path, expected);
}

aml_result aml__jr_nomem(aml__jr *r) {
  return aml__fail(r->err, AML_ERR_NOMEM, "out of memory reading a %s", r->what);
}

aml_result aml__jr_lookup(aml__jr *r, json_t *root, const char *path, json_t **out) {
  *out = NULL;
  json_t *cur = root;
  const char *p = path;
  for (;;) {
    const char *dot = strchr(p, '.');
    size_t n = dot ? (size_t)(dot - p) : strlen(p);
    if (!json_is_object(cur)) {
      if (!cur || json_is_null(cur)) return AML_OK;
      return aml__fail(r->err, AML_ERR_PARSE, "%s JSON: %.*s must be an object", r->what,
                       (int)(p - path - 1), path);
    }
    cur = json_object_getn(cur, p, n);
    if (!cur || json_is_null(cur)) return AML_OK;
    if (!dot) break;
    p = dot + 1;
  }
  *out = cur;
  return AML_OK;
}

aml_result aml__jr_object(aml__jr *r, json_t *root, const char *path, json_t **out) {
  aml_result rc = aml__jr_lookup(r, root, path, out);
  if (rc < 0) return rc;
  if (*out && !json_is_object(*out)) {
    *out = NULL;
    return aml__jr_type_error(r, path, "an object");
  }
  return AML_OK;
}

aml_result aml__jr_array(aml__jr *r, json_t *root, const char *path, json_t **out) {
  aml_result rc = aml__jr_lookup(r, root, path, out);
  if (rc < 0) return rc;
  if (*out && !json_is_array(*out)) {
    *out = NULL;
    return aml__jr_type_error(r, path, "an array");
  }
  return AML_OK;
}

static aml_result read_str(aml__jr *r, json_t *root, const char *path, const char **out, int secret) {
  json_t *v;
  aml_result rc = aml__jr_lookup(r, root, path, &v);
  if (rc < 0 || !v) return rc;
  if (!json_is_string(v)) return aml__jr_type_error(r, path, "a string");
  const char *s = json_string_value(v);
  char *copy = secret ? aml__arena_strdup_secret(r->arena, s) : aml__arena_strdup(r->arena, s);
  if (!copy) return aml__jr_nomem(r);
  *out = copy;
  return AML_OK;
}

aml_result aml__jr_str(aml__jr *r, json_t *root, const char *path, const char **out) {
  return read_str(r, root, path, out, 0);
}

aml_result aml__jr_str_secret(aml__jr *r, json_t *root, const char *path, const char **out) {
  return read_str(r, root, path, out, 1);
}

aml_result aml__jr_enum(aml__jr *r, json_t *root, const char *path, const aml__enum_table *t,
                        const char **out) {
  json_t *v;
  aml_result rc = aml__jr_lookup(r, root, path, &v);
  if (rc < 0 || !v) return rc;
  if (!json_is_string(v)) return aml__jr_type_error(r, path, "a string");
  const char *python = aml__enum_to_python(t, json_string_value(v));
  char *copy = aml__arena_strdup(r->arena, python);
  if (!copy) return aml__jr_nomem(r);
  *out = copy;
  return AML_OK;
}

aml_result aml__jr_int64(aml__jr *r, json_t *root, const char *path, int64_t *out) {
  json_t *v;
  aml_result rc = aml__jr_lookup(r, root, path, &v);
  if (rc < 0 || !v) return rc;
  /* AML_UNSET64 itself is the "not set" sentinel, so it is not accepted. */
  if (!json_is_integer(v) || json_integer_value(v) == INT64_MIN)
    return aml__jr_type_error(r, path, "an integer");
  *out = (int64_t)json_integer_value(v);
  return AML_OK;
}

aml_result aml__jr_int32(aml__jr *r, json_t *root, const char *path, int32_t *out) {
  json_t *v;
  aml_result rc = aml__jr_lookup(r, root, path, &v);
  if (rc < 0 || !v) return rc;
  /* INT32_MIN is AML_UNSET, the "not set" sentinel. */
  if (!json_is_integer(v) || json_integer_value(v) <= INT32_MIN || json_integer_value(v) > INT32_MAX)
    return aml__jr_type_error(r, path, "a 32-bit integer");
  *out = (int32_t)json_integer_value(v);
  return AML_OK;
}

aml_result aml__jr_bool(aml__jr *r, json_t *root, const char *path, int32_t *out) {
  json_t *v;
  aml_result rc = aml__jr_lookup(r, root, path, &v);
  if (rc < 0 || !v) return rc;
  if (!json_is_boolean(v)) return aml__jr_type_error(r, path, "a boolean");
  *out = json_is_true(v) ? 1 : 0;
  return AML_OK;
}

aml_result aml__jr_duration(aml__jr *r, json_t *root, const char *path, int64_t *out, const char **text) {
  json_t *v;
  aml_result rc = aml__jr_lookup(r, root, path, &v);
  if (rc < 0 || !v) return rc;
  int64_t seconds;
  bool exact = true;
  if (!json_is_string(v) || !aml__duration_parse_exact(json_string_value(v), &seconds, &exact))
    return aml__jr_type_error(r, path, "an ISO-8601 duration such as \"PT30S\"");
  *out = seconds;
  if (!exact && text && !(*text = aml__arena_strdup(r->arena, json_string_value(v)))) return aml__jr_nomem(r);
  return AML_OK;
}

/* The value of a map entry as kept: the string itself, or (any_json) the
 * compact JSON text of any value. NULL when out of memory. */
static const char *pair_value(aml__arena *a, json_t *value, bool any_json) {
  if (!any_json) return aml__arena_strdup(a, json_string_value(value));
  char *text = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
  if (!text) return NULL;
  const char *kept = aml__arena_strdup(a, text);
  json_free_t jfree; /* json_dumps used jansson's allocator */
  json_get_alloc_funcs(NULL, &jfree);
  jfree(text);
  return kept;
}

/* Object -> pairs (null values skipped; {} gives a non-NULL pointer, count
 * 0). Values must be strings unless any_json. */
static aml_result read_pairs(aml__jr *r, json_t *root, const char *path, bool any_json,
                             const aml_string_pair **pairs, size_t *count) {
  json_t *obj;
  aml_result rc = aml__jr_lookup(r, root, path, &obj);
  if (rc < 0 || !obj) return rc;
  if (!json_is_object(obj)) return aml__jr_type_error(r, path, any_json ? "an object" : "an object of strings");
  size_t n = 0;
  const char *key;
  json_t *value;
  json_object_foreach(obj, key, value) {
    if (json_is_null(value)) continue;
    if (!any_json && !json_is_string(value))
      return aml__fail(r->err, AML_ERR_PARSE, "%s JSON: %s[\"%s\"] must be a string", r->what, path, key);
    n++;
  }
  aml_string_pair *out = aml__arena_calloc(r->arena, n, sizeof(*out));
  if (!out) return aml__jr_nomem(r);
  size_t i = 0;
  json_object_foreach(obj, key, value) {
    if (json_is_null(value)) continue;
    out[i].key = aml__arena_strdup(r->arena, key);
    out[i].value = pair_value(r->arena, value, any_json);
    if (!out[i].key || !out[i].value) return aml__jr_nomem(r);
    i++;
  }
  *pairs = out;
  *count = n;
  return AML_OK;
}

aml_result aml__jr_json_map(aml__jr *r, json_t *root, const char *path, const aml_string_pair **pairs,
                            size_t *count) {
  return read_pairs(r, root, path, true, pairs, count);
}

aml_result aml__jr_map(aml__jr *r, json_t *root, const char *path, const aml_string_pair **pairs,
                       size_t *count) {
  return read_pairs(r, root, path, false, pairs, count);
}

aml_result aml__entity_json_parse(const char *data, size_t len, const char *what, json_t **out,
                                  aml_error **err) {
  aml_error *e = NULL;
  aml_result rc = aml__json_parse(data, len, out, &e);
  if (rc == AML_ERR_PARSE) { /* name what was being parsed */
    rc = aml__fail(err, AML_ERR_PARSE, "%s: %s", what, aml_error_message(e));
    aml_error_free(e);
    return rc;
  }
  aml__error_propagate(err, e);
  return rc;
}

/* ------------------------------------------------------------------------ */
/* writing                                                                  */
/* ------------------------------------------------------------------------ */

int aml__jw_set(json_t *obj, const char *key, json_t *value) {
  if (!value) return -1;
  return json_object_set_new(obj, key, value) == 0 ? 0 : -1; /* set_new frees value on failure */
}

json_t *aml__jw_object(json_t *root, const char *path) {
  json_t *cur = root;
  const char *p = path;
  for (;;) {
    const char *dot = strchr(p, '.');
    size_t n = dot ? (size_t)(dot - p) : strlen(p);
    json_t *next = json_object_getn(cur, p, n);
    if (!json_is_object(next)) {
      next = json_object();
      if (!next || json_object_setn_new(cur, p, n, next) != 0) return NULL;
    }
    cur = next;
    if (!dot) return cur;
    p = dot + 1;
  }
}

int aml__jw_str(json_t *obj, const char *key, const char *value) {
  return value ? aml__jw_set(obj, key, json_string(value)) : 0;
}

int aml__jw_int(json_t *obj, const char *key, int64_t value, int64_t unset) {
  return value == unset ? 0 : aml__jw_set(obj, key, json_integer((json_int_t)value));
}

int aml__jw_bool(json_t *obj, const char *key, int32_t value) {
  return value == AML_UNSET ? 0 : aml__jw_set(obj, key, json_boolean(value != 0));
}

int aml__jw_duration(json_t *obj, const char *key, int64_t seconds) {
  return aml__jw_duration_text(obj, key, seconds, NULL);
}

int aml__jw_duration_text(json_t *obj, const char *key, int64_t seconds, const char *text) {
  int64_t kept;
  if (seconds != AML_UNSET64 && text && aml__duration_parse(text, &kept) && kept == seconds)
    return aml__jw_set(obj, key, json_string(text));
  char formatted[AML_DURATION_MAX_LEN];
  if (seconds == AML_UNSET64 || !aml__duration_format(seconds, formatted, sizeof(formatted))) return 0;
  return aml__jw_set(obj, key, json_string(formatted));
}

int aml__jw_json_map(json_t *obj, const char *key, const aml_string_pair *pairs, size_t count) {
  if (!pairs) return 0;
  json_t *map = json_object();
  if (!map) return -1;
  for (size_t i = 0; i < count; i++) {
    if (!pairs[i].key || !pairs[i].value) continue;
    json_t *v = json_loads(pairs[i].value, JSON_DECODE_ANY, NULL);
    if (!v) v = json_string(pairs[i].value); /* not JSON text: the string itself */
    if (json_object_set_new(map, pairs[i].key, v) < 0) {
      json_decref(map);
      return -1;
    }
  }
  return aml__jw_set(obj, key, map);
}

int aml__jw_map(json_t *obj, const char *key, const aml_string_pair *pairs, size_t count) {
  if (!pairs) return 0;
  json_t *map = json_object();
  if (!map) return -1;
  for (size_t i = 0; i < count; i++) {
    if (!pairs[i].key || !pairs[i].value) continue;
    if (json_object_set_new(map, pairs[i].key, json_string(pairs[i].value)) != 0) {
      json_decref(map);
      return -1;
    }
  }
  return aml__jw_set(obj, key, map);
}

void aml__jw_remove(json_t *root, const char *path) {
  json_t *cur = root;
  const char *p = path;
  for (;;) {
    const char *dot = strchr(p, '.');
    size_t n = dot ? (size_t)(dot - p) : strlen(p);
    if (!json_is_object(cur)) return;
    if (!dot) {
      json_object_deln(cur, p, n);
      return;
    }
    cur = json_object_getn(cur, p, n);
    p = dot + 1;
  }
}

static void strip_nulls(json_t *v) {
  if (json_is_object(v)) {
    const char *key;
    json_t *child;
    void *tmp;
    json_object_foreach_safe(v, tmp, key, child) {
      if (json_is_null(child)) json_object_del(v, key);
      else strip_nulls(child);
    }
  } else if (json_is_array(v)) {
    size_t i;
    json_t *child;
    json_array_foreach(v, i, child) strip_nulls(child);
  }
}

static void strip_identity(json_t *root) {
  json_t *identity = json_object_get(root, "identity");
  if (!json_is_object(identity)) return;
  json_object_del(identity, "principalId");
  json_object_del(identity, "tenantId");
  json_t *uai = json_object_get(identity, "userAssignedIdentities");
  if (!json_is_object(uai)) return;
  const char *key;
  json_t *value;
  json_object_foreach(uai, key, value) {
    if (!json_is_object(value)) continue;
    json_object_del(value, "principalId");
    json_object_del(value, "clientId");
  }
}

aml_result aml__jw_base(const char *raw_json, const char *const *ro_paths, const char *what,
                        json_t **out, aml_error **err) {
  *out = NULL;
  json_t *root;
  if (!raw_json) {
    root = json_object();
    if (!root) return aml__fail(err, AML_ERR_NOMEM, "out of memory building a %s request", what);
    *out = root;
    return AML_OK;
  }
  char label[64];
  snprintf(label, sizeof(label), "%s raw_json", what);
  aml_result rc = aml__entity_json_parse(raw_json, strlen(raw_json), label, &root, err);
  if (rc < 0) return rc;
  if (!json_is_object(root)) {
    json_decref(root);
    return aml__fail(err, AML_ERR_PARSE, "%s raw_json is not a JSON object", what);
  }
  strip_nulls(root);
  static const char *const envelope_ro[] = {"id", "name", "type", "systemData"};
  for (size_t i = 0; i < sizeof(envelope_ro) / sizeof(envelope_ro[0]); i++)
    json_object_del(root, envelope_ro[i]);
  strip_identity(root);
  for (size_t i = 0; ro_paths && ro_paths[i]; i++) aml__jw_remove(root, ro_paths[i]);
  *out = root;
  return AML_OK;
}

aml_result aml__jw_dump(const json_t *root, char **out, aml_error **err) {
  *out = aml__json_dump(root);
  return *out ? AML_OK : aml__fail(err, AML_ERR_NOMEM, "out of memory serialising JSON");
}

/* ------------------------------------------------------------------------ */
/* ARM ids                                                                  */
/* ------------------------------------------------------------------------ */

/* ARM ids are /subscriptions/{s}/resourceGroups/{rg}/providers/{namespace}
 * followed by type/name pairs; the pairs are walked so that a resource named
 * like a collection ("models") is never mistaken for one. */
int aml__arm_id_segment(aml__arena *a, const char *id, const char *collection, const char **out) {
  *out = NULL;
  if (!id) return 0;
  const char *p = NULL;
  for (const char *q = id; (q = strstr(q, "/providers/")) != NULL; q++) p = q;
  if (!p) return 0;
  p += strlen("/providers/");
  p = strchr(p, '/'); /* skip the namespace */
  size_t clen = strlen(collection);
  while (p && *p == '/') {
    const char *type = p + 1;
    const char *name = strchr(type, '/');
    if (!name) return 0;
    name++;
    const char *end = strchr(name, '/');
    size_t tlen = (size_t)(name - 1 - type), nlen = end ? (size_t)(end - name) : strlen(name);
    if (tlen == clen && aml__strncasecmp(type, collection, clen) == 0) {
      if (!nlen) return 0;
      char *copy = aml__arena_strndup(a, name, nlen);
      if (!copy) return -1;
      *out = copy;
      return 0;
    }
    p = end;
  }
  return 0;
}

static bool is_short_azureml(const char *s) {
  return aml__str_starts_with_ci(s, "azureml:") && !aml__str_starts_with(s + 8, "//");
}

const char *aml__compute_ref_strip(const char *compute) {
  return (compute && is_short_azureml(compute)) ? compute + 8 : compute;
}

static aml_result scope_path(aml_buf *b, const aml__arm_scope *scope) {
  return aml__buf_printf(b,
                         "/subscriptions/%s/resourceGroups/%s/providers/"
                         "Microsoft.MachineLearningServices/workspaces/%s",
                         scope->subscription_id, scope->resource_group, scope->workspace);
}

static bool scope_usable(const aml__arm_scope *scope) {
  return scope && !aml__str_empty(scope->subscription_id) && !aml__str_empty(scope->resource_group) &&
         !aml__str_empty(scope->workspace);
}

static json_t *buf_to_json(aml_buf *b, aml_result rc) {
  json_t *s = (rc == AML_OK) ? json_string(aml__buf_cstr(b)) : NULL;
  aml__buf_free(b);
  return s;
}

json_t *aml__compute_ref_json(const char *compute, const aml__arm_scope *scope) {
  const char *name = aml__compute_ref_strip(compute);
  if (*name == '/' || strchr(name, '/') || !scope_usable(scope) || !*name) return json_string(name);
  aml_buf b = AML_BUF_INIT;
  aml_result rc = scope_path(&b, scope);
  if (rc == AML_OK) rc = aml__buf_printf(&b, "/computes/%s", name);
  return buf_to_json(&b, rc);
}

json_t *aml__asset_ref_json(const char *ref, const char *collection, const aml__arm_scope *scope) {
  if (!is_short_azureml(ref)) return json_string(ref);
  const char *rest = ref + 8;
  if (*rest == '/') return json_string(rest); /* "azureml:/subscriptions/..." is an ARM id */
  const char *colon = strrchr(rest, ':');
  if (!scope_usable(scope) || !colon || colon == rest || !colon[1] || strchr(rest, '/'))
    return json_string(ref);
  aml_buf b = AML_BUF_INIT;
  aml_result rc = scope_path(&b, scope);
  if (rc == AML_OK)
    rc = aml__buf_printf(&b, "/%s/%.*s/versions/%s", collection, (int)(colon - rest), rest, colon + 1);
  return buf_to_json(&b, rc);
}

/* ------------------------------------------------------------------------ */
/* copying                                                                  */
/* ------------------------------------------------------------------------ */

int aml__copy_str(aml__arena *a, const char *in, const char **out) {
  *out = NULL;
  if (!in) return 0;
  *out = aml__arena_strdup(a, in);
  return *out ? 0 : -1;
}

int aml__copy_str_secret(aml__arena *a, const char *in, const char **out) {
  *out = NULL;
  if (!in) return 0;
  *out = aml__arena_strdup_secret(a, in);
  return *out ? 0 : -1;
}

int aml__copy_map(aml__arena *a, const aml_string_pair *in, size_t count, const aml_string_pair **out) {
  *out = NULL;
  if (!in) return 0;
  aml_string_pair *copy = aml__arena_calloc(a, count, sizeof(*copy));
  if (!copy) return -1;
  for (size_t i = 0; i < count; i++) {
    if (aml__copy_str(a, in[i].key, &copy[i].key) < 0 || aml__copy_str(a, in[i].value, &copy[i].value) < 0)
      return -1;
  }
  *out = copy;
  return 0;
}

int aml__copy_strv(aml__arena *a, const char *const *in, size_t count, const char *const **out) {
  *out = NULL;
  if (!in) return 0;
  const char **copy = aml__arena_calloc(a, count, sizeof(*copy));
  if (!copy) return -1;
  for (size_t i = 0; i < count; i++)
    if (aml__copy_str(a, in[i], &copy[i]) < 0) return -1;
  *out = copy;
  return 0;
}
