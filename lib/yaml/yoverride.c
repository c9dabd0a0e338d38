/* `--set path=value` overrides: edit the document before the schema check,
 * so that an overridden value is checked (and validated) like any other. */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/str.h"
#include "yaml/yspec.h"

static const aml__yfield *field_of(const aml__yschema *s, const char *key) {
  for (size_t i = 0; s && i < s->count; i++)
    if (strcmp(s->fields[i].key, key) == 0) return &s->fields[i];
  return NULL;
}

/* Set map[key] = value (value is consumed in every case). */
static aml_result put(aml__yctx *c, aml__ynode *map, const char *key, aml__ynode *value) {
  long i = aml__ymap_index(map, key);
  if (i >= 0) {
    aml__ynode_free(map->kids[i + 1]);
    map->kids[i + 1] = value;
    return AML_OK;
  }
  aml__ynode *k = aml__ynode_new_scalar(key, strlen(key), true, 0, 0);
  if (!k) {
    aml__ynode_free(value);
    return aml__fail(c->err, AML_ERR_NOMEM, "out of memory");
  }
  k->origin = value->origin;
  /* Reserve both slots first so that a failure leaves the map consistent. */
  if (aml__ynode_push(map, k) < 0) {
    aml__ynode_free(k);
    aml__ynode_free(value);
    return aml__fail(c->err, AML_ERR_NOMEM, "out of memory");
  }
  if (aml__ynode_push(map, value) < 0) {
    map->count--;
    aml__ynode_free(k);
    aml__ynode_free(value);
    return aml__fail(c->err, AML_ERR_NOMEM, "out of memory");
  }
  return AML_OK;
}

/* The mapping at map[key], made (empty) when absent or null. */
static aml_result child_map(aml__yctx *c, aml__ynode *map, const char *key, const char *origin, const char *path,
                            aml__ynode **out) {
  long i = aml__ymap_index(map, key);
  if (i >= 0 && map->kids[i + 1]->kind == AML__Y_MAP) {
    *out = map->kids[i + 1];
    return AML_OK;
  }
  if (i >= 0 && !aml__ynode_is_null(map->kids[i + 1]))
    return aml__fail(c->err, AML_ERR_INVALID_ARG, "%s: --set %s: %s is not a mapping in the file",
                     c->doc.file_name, origin, path);
  aml__ynode *m = aml__ynode_new(AML__Y_MAP, 0, 0);
  if (!m) return aml__fail(c->err, AML_ERR_NOMEM, "out of memory");
  m->origin = origin;
  aml_result rc = put(c, map, key, m);
  if (rc < 0) return rc;
  *out = m;
  return AML_OK;
}

static aml_result no_such(aml__yctx *c, const char *origin, const char *path, const aml__yschema *s) {
  char known[512] = "";
  size_t used = 0;
  for (size_t i = 0; s && i < s->count && used + 1 < sizeof known; i++) {
    int n = snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "", s->fields[i].key);
    if (n < 0) break;
    used += (size_t)n;
  }
  return aml__fail(c->err, AML_ERR_INVALID_ARG, "%s: --set %s: no field %s in this schema (expected one of: %s)",
                   c->doc.file_name, origin, path, known);
}

/* The field a path ends at (a map-valued field for `tags.x`), or NULL when
 * the schema does not have it. */
static const aml__yfield *leaf_field(const aml__yschema *s, const char *path) {
  char buf[256];
  snprintf(buf, sizeof buf, "%s", path);
  char *seg = buf;
  for (;;) {
    char *dot = strchr(seg, '.');
    if (dot) *dot = '\0';
    const aml__yfield *f = field_of(s, seg);
    if (!f || !dot || f->type == AML__YT_STRMAP) return f;
    if (f->type == AML__YT_OBJMAP) {
      dot = strchr(dot + 1, '.');
      if (!dot) return NULL;
    }
    s = f->sub;
    seg = dot + 1;
  }
}

aml_result aml__y_apply_override(aml__yctx *c, const aml__ykind *kind, const char *ov) {
  const char *eq = strchr(ov, '=');
  if (!eq || eq == ov)
    return aml__fail(c->err, AML_ERR_INVALID_ARG, "--set \"%.80s\": expected path=value (e.g. settings.mini_batch_size=20)",
                     ov);
  char path[256];
  size_t pl = (size_t)(eq - ov), s0, s1;
  aml__str_trim_bounds(ov, pl, &s0, &s1);
  if (s1 <= s0 || s1 - s0 >= sizeof path)
    return aml__fail(c->err, AML_ERR_INVALID_ARG, "--set \"%.80s\": the path is empty or too long", ov);
  memcpy(path, ov + s0, s1 - s0);
  path[s1 - s0] = '\0';
  if (path[0] == '.' || path[strlen(path) - 1] == '.' || strstr(path, ".."))
    return aml__fail(c->err, AML_ERR_INVALID_ARG, "--set \"%.80s\": empty segment in the path", ov);
  if (kind->alias) kind->alias(c->doc.root, path, sizeof path);

  /* The override text outlives this call: nodes point at it in messages. */
  char **o = aml__realloc(c->doc.origins, (c->doc.origins_count + 1) * sizeof *o);
  if (!o) return aml__fail(c->err, AML_ERR_NOMEM, "out of memory");
  c->doc.origins = o;
  /* Messages quote the override; a secret's value is left out of it. */
  const aml__yfield *leaf = leaf_field(kind->schema, path);
  char *origin;
  if (leaf && (leaf->flags & AML__YF_SECRET)) {
    size_t n = strlen(path) + sizeof "=(secret, not shown)";
    origin = aml__malloc(n);
    if (origin) snprintf(origin, n, "%s=(secret, not shown)", path);
  } else {
    origin = aml__strdup(ov);
  }
  if (!origin) return aml__fail(c->err, AML_ERR_NOMEM, "out of memory");
  aml__str_neutralize_controls(origin);
  c->doc.origins[c->doc.origins_count++] = origin;

  /* Walk the schema first: a path it does not have is refused before any change. */
  const aml__yschema *s = kind->schema;
  aml__ynode *map = c->doc.root;
  char *seg = path, done[256] = "";
  for (;;) {
    char *dot = strchr(seg, '.');
    if (dot) *dot = '\0';
    const aml__yfield *f = field_of(s, seg);
    snprintf(done + strlen(done), sizeof done - strlen(done), "%s%s", done[0] ? "." : "", seg);
    if (!f) return no_such(c, origin, done, s);
    if (!dot) {
      aml__ynode *value = NULL;
      aml_result rc = aml__ynode_parse_value(eq + 1, origin, &value, c->err);
      if (rc < 0) return rc;
      return put(c, map, seg, value);
    }
    char *rest = dot + 1;
    aml_result rc;
    switch (f->type) {
    case AML__YT_STRMAP: {
      /* The rest of the path, dots included, is the key: tags.a.b=x sets "a.b". */
      aml__ynode *m = NULL, *value = NULL;
      rc = child_map(c, map, seg, origin, done, &m);
      if (rc < 0) return rc;
      rc = aml__ynode_parse_value(eq + 1, origin, &value, c->err);
      if (rc < 0) return rc;
      return put(c, m, rest, value);
    }
    case AML__YT_OBJ:
    case AML__YT_STR_OR_OBJ:
      if ((rc = child_map(c, map, seg, origin, done, &map)) < 0) return rc;
      s = f->sub;
      seg = rest;
      break;
    case AML__YT_OBJMAP: {
      /* The next segment names the entry (an invoke input). */
      aml__ynode *m = NULL;
      if ((rc = child_map(c, map, seg, origin, done, &m)) < 0) return rc;
      char *dot2 = strchr(rest, '.');
      if (!dot2)
        return aml__fail(c->err, AML_ERR_INVALID_ARG, "%s: --set %s: give a field of %s.%s (e.g. %s.%s.path=...)",
                         c->doc.file_name, origin, done, rest, done, rest);
      *dot2 = '\0';
      snprintf(done + strlen(done), sizeof done - strlen(done), ".%s", rest);
      if ((rc = child_map(c, m, rest, origin, done, &map)) < 0) return rc;
      s = f->sub;
      seg = dot2 + 1;
      break;
    }
    default:
      return aml__fail(c->err, AML_ERR_INVALID_ARG, "%s: --set %s: %s is a single value, it has no field %s",
                       c->doc.file_name, origin, done, rest);
    }
  }
}
