/* Loading context, schema check and messages (see yspec.h). */
#include "yaml/yspec.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/str.h"

/* ---- messages ----------------------------------------------------------- */

static aml_result vfail(aml__yctx *c, const aml__ynode *at, const char *path, aml_result code, const char *fmt,
                        va_list ap) {
  if (!c->err || *c->err) return code;
  aml_buf b = AML_BUF_INIT;
  const char *file = c->doc.file_name ? c->doc.file_name : "<string>";
  aml_result rc = AML_OK;
  if (at && at->origin)
    rc = aml__buf_printf(&b, "%s: --set %s: ", file, at->origin);
  else if (at && at->line)
    rc = aml__buf_printf(&b, "%s:%u:%u: ", file, at->line, at->col);
  else
    rc = aml__buf_printf(&b, "%s: ", file);
  if (rc == AML_OK && path && *path) rc = aml__buf_printf(&b, "%s: ", path);
  if (rc == AML_OK) {
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    rc = aml__buf_puts(&b, msg);
  }
  if (rc < 0) {
    aml__buf_free(&b);
    return aml__fail(c->err, AML_ERR_NOMEM, "out of memory");
  }
  aml__fail(c->err, code, "%s", aml__buf_cstr(&b));
  aml__buf_free(&b);
  return code;
}

aml_result aml__y_fail(aml__yctx *c, const aml__ynode *at, const char *path, aml_result code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  aml_result rc = vfail(c, at, path, code, fmt, ap);
  va_end(ap);
  return rc;
}

/* How a value reads in a message: "ten" (quoted, cut at 60 bytes), a mapping, a list. */
static void describe(const aml__ynode *n, unsigned flags, char *out, size_t cap) {
  if (flags & AML__YF_SECRET) {
    snprintf(out, cap, "a value (not shown: it is a secret)");
  } else if (n->kind == AML__Y_MAP) {
    snprintf(out, cap, "a mapping");
  } else if (n->kind == AML__Y_SEQ) {
    snprintf(out, cap, "a list");
  } else {
    snprintf(out, cap, "\"%.60s%s\"", n->text, n->len > 60 ? "..." : "");
  }
}

/* ---- the schema check --------------------------------------------------- */

static const aml__yfield *find_field(const aml__yschema *s, const char *key) {
  for (size_t i = 0; i < s->count; i++)
    if (strcmp(s->fields[i].key, key) == 0) return &s->fields[i];
  return NULL;
}

static void known_keys(const aml__yschema *s, char *out, size_t cap) {
  size_t used = 0;
  out[0] = '\0';
  for (size_t i = 0; i < s->count && used + 1 < cap; i++) {
    int n = snprintf(out + used, cap - used, "%s%s", i ? ", " : "", s->fields[i].key);
    if (n < 0) break;
    used += (size_t)n;
  }
}

/* out = a "." b (or b when a is empty), cut to cap (paths are for messages). */
static void join3(char *out, size_t cap, const char *a, const char *sep, const char *b) {
  size_t n = 0;
  const char *parts[3] = {a, (a && *a) ? sep : "", b};
  for (size_t i = 0; i < 3; i++)
    for (const char *p = parts[i]; p && *p && n + 1 < cap; p++) out[n++] = *p;
  out[n] = '\0';
}

static void join(char *out, size_t cap, const char *a, const char *b) { join3(out, cap, a, ".", b); }

static bool read_int(const aml__ynode *n, long long *v) {
  if (n->kind != AML__Y_SCALAR || n->len != strlen(n->text)) return false;
  const char *t = n->text;
  if (*t == '+') t++;
  return aml__parse_int64(t, v);
}

static int read_bool(const aml__ynode *n) {
  static const char *const yes[] = {"true", "yes", "on"};
  static const char *const no[] = {"false", "no", "off"};
  if (n->kind != AML__Y_SCALAR) return -1;
  for (size_t i = 0; i < 3; i++) {
    if (aml__strcasecmp(n->text, yes[i]) == 0) return 1;
    if (aml__strcasecmp(n->text, no[i]) == 0) return 0;
  }
  return -1;
}

static aml_result check_value(aml__yctx *c, const aml__ynode *v, const aml__yfield *f, const char *path);

static aml_result expect(aml__yctx *c, const aml__ynode *v, const aml__yfield *f, const char *path,
                         const char *expected) {
  char got[96];
  describe(v, f->flags, got, sizeof got);
  return aml__y_fail(c, v, path, AML_ERR_VALIDATION, "expected %s, got %s", expected, got);
}

static aml_result check_value(aml__yctx *c, const aml__ynode *v, const aml__yfield *f, const char *path) {
  if (aml__ynode_is_null(v)) return AML_OK;
  long long iv;
  switch (f->type) {
  case AML__YT_STR:
    return v->kind == AML__Y_SCALAR ? AML_OK : expect(c, v, f, path, "a string");
  case AML__YT_INT32:
    if (!read_int(v, &iv)) return expect(c, v, f, path, "an integer");
    if (iv < INT32_MIN + 1LL || iv > INT32_MAX)
      return aml__y_fail(c, v, path, AML_ERR_VALIDATION, "%lld is out of range (a 32-bit integer)", iv);
    return AML_OK;
  case AML__YT_INT64:
    if (!read_int(v, &iv) || iv == AML_UNSET64) return expect(c, v, f, path, "an integer");
    return AML_OK;
  case AML__YT_BOOL:
    return read_bool(v) >= 0 ? AML_OK : expect(c, v, f, path, "true or false");
  case AML__YT_ENUM: {
    if (v->kind == AML__Y_SCALAR)
      for (size_t i = 0; f->values[i]; i++)
        if (aml__strcasecmp(v->text, f->values[i]) == 0) return AML_OK;
    char list[256] = "one of ";
    for (size_t i = 0; f->values[i]; i++)
      snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", f->values[i]);
    return expect(c, v, f, path, list);
  }
  case AML__YT_STR_OR_MAP:
    return v->kind != AML__Y_SEQ ? AML_OK : expect(c, v, f, path, "a file path or a mapping");
  case AML__YT_STRMAP:
    if (v->kind != AML__Y_MAP) return expect(c, v, f, path, "a mapping of names to values");
    for (size_t i = 0; i + 1 < v->count; i += 2) {
      const aml__ynode *val = v->kids[i + 1];
      if (val->kind != AML__Y_SCALAR) {
        char p[512];
        join(p, sizeof p, path, v->kids[i]->text);
        return expect(c, val, f, p, "a plain value");
      }
    }
    return AML_OK;
  case AML__YT_OBJ:
    if (v->kind != AML__Y_MAP) return expect(c, v, f, path, "a mapping");
    return aml__y_check(c, v, f->sub, path);
  case AML__YT_STR_OR_OBJ:
    if (v->kind == AML__Y_SCALAR) return AML_OK;
    if (v->kind != AML__Y_MAP) return expect(c, v, f, path, "a reference or a mapping");
    return aml__y_check(c, v, f->sub, path);
  case AML__YT_OBJMAP:
    if (v->kind != AML__Y_MAP) return expect(c, v, f, path, "a mapping");
    for (size_t i = 0; i + 1 < v->count; i += 2) {
      const aml__ynode *val = v->kids[i + 1];
      char p[512];
      join(p, sizeof p, path, v->kids[i]->text);
      if (val->kind != AML__Y_MAP) {
        aml__yfield obj = {f->key, AML__YT_OBJ, f->flags, f->sub, NULL};
        return expect(c, val, &obj, p, "a mapping");
      }
      aml_result rc = aml__y_check(c, val, f->sub, p);
      if (rc < 0) return rc;
    }
    return AML_OK;
  case AML__YT_OBJLIST:
    if (v->kind != AML__Y_SEQ) return expect(c, v, f, path, "a list");
    for (size_t i = 0; i < v->count; i++) {
      char p[512], idx[32];
      snprintf(idx, sizeof idx, "[%zu]", i);
      join3(p, sizeof p, path, "", idx);
      if (v->kids[i]->kind != AML__Y_MAP) return expect(c, v->kids[i], f, p, "a mapping");
      aml_result rc = aml__y_check(c, v->kids[i], f->sub, p);
      if (rc < 0) return rc;
    }
    return AML_OK;
  default:
    return aml__y_fail(c, v, path, AML_ERR_INTERNAL, "unknown field type %d", f->type);
  }
}

aml_result aml__y_check(aml__yctx *c, const aml__ynode *map, const aml__yschema *s, const char *path) {
  for (size_t i = 0; i + 1 < map->count; i += 2) {
    const aml__ynode *k = map->kids[i];
    char p[512];
    join(p, sizeof p, path, k->text);
    const aml__yfield *f = find_field(s, k->text);
    if (!f) {
      char known[512];
      known_keys(s, known, sizeof known);
      return aml__y_fail(c, k, p, AML_ERR_VALIDATION, "unknown key (expected one of: %s)", known);
    }
    aml_result rc = check_value(c, map->kids[i + 1], f, p);
    if (rc < 0) return rc;
  }
  return AML_OK;
}

/* ---- finding the value a rule is about ---------------------------------- */

const aml__ynode *aml__y_find(const aml__ynode *root, const char *path) {
  const aml__ynode *cur = root;
  const char *p = path;
  while (cur && *p) {
    const char *dot = strchr(p, '.');
    size_t n = dot ? (size_t)(dot - p) : strlen(p);
    char seg[128];
    if (n >= sizeof seg) return NULL;
    memcpy(seg, p, n);
    seg[n] = '\0';
    cur = aml__ymap_get(cur, seg);
    p += n;
    if (*p == '.') p++;
  }
  return cur;
}

/* Where `token` is in msg as a word of its own (after a blank, before a
 * blank, '.', '[', ':', ',', '(' or the end); -1 when it is not. */
static long mention_at(const char *msg, const char *token) {
  size_t n = strlen(token);
  for (const char *p = strstr(msg, token); p; p = strstr(p + 1, token)) {
    bool before = p == msg || p[-1] == ' ';
    char a = p[n];
    bool after = a == '\0' || a == ' ' || a == '[' || a == ':' || a == ',' || a == '(' || (a == '.' && p[n + 1] != '_');
    if (before && after) return (long)(p - msg);
  }
  return -1;
}

aml_result aml__y_rule_fail(aml__yctx *c, aml_result vr, aml_error *verr, const aml__ylocate *table, size_t n) {
  return aml__y_rule_fail_in(c, "", vr, verr, table, n);
}

aml_result aml__y_rule_fail_in(aml__yctx *c, const char *prefix, aml_result vr, aml_error *verr,
                               const aml__ylocate *table, size_t n) {
  const char *msg = verr ? aml_error_message(verr) : aml_result_str(vr);
  const aml__ylocate *best = NULL;
  long best_at = -1;
  /* The field the message names first (the subject of the rule); at one
   * place, the longest name ("code_configuration.scoring_script"). */
  for (size_t i = 0; i < n; i++) {
    long at = mention_at(msg, table[i].token);
    if (at < 0) continue;
    if (!best || at < best_at || (at == best_at && strlen(table[i].token) > strlen(best->token))) {
      best = &table[i];
      best_at = at;
    }
  }
  const aml__ynode *at = NULL;
  char path[128] = "";
  if (best) {
    /* Alternatives "a|b": the first that the document has; else the first. */
    const char *p = best->path;
    while (*p) {
      const char *bar = strchr(p, '|');
      size_t len = bar ? (size_t)(bar - p) : strlen(p);
      char one[128], rel[128];
      snprintf(rel, sizeof rel, "%.*s", (int)len, p);
      join(one, sizeof one, prefix, rel);
      if (!path[0]) snprintf(path, sizeof path, "%s", one);
      const aml__ynode *x = aml__y_find(c->doc.root, one);
      if (x) {
        snprintf(path, sizeof path, "%s", one);
        at = x;
        break;
      }
      p += len;
      if (*p == '|') p++;
    }
    /* A required field that is missing: point at its object, or the document. */
    if (!at) at = *prefix ? aml__y_find(c->doc.root, prefix) : NULL;
    if (!at) at = c->doc.root;
  } else if (*prefix) {
    snprintf(path, sizeof path, "%s", prefix);
    at = aml__y_find(c->doc.root, prefix);
  }
  aml_result code = vr == AML_ERR_NOMEM ? AML_ERR_NOMEM : vr;
  aml_result rc = aml__y_fail(c, at, path, code, "%s", msg);
  aml_error_free(verr);
  return rc;
}

/* ---- scratch memory ----------------------------------------------------- */

aml_result aml__y_scratch_adopt(aml__yctx *c, void *p) {
  if (c->scratch_count == c->scratch_cap) {
    size_t cap = c->scratch_cap ? c->scratch_cap * 2 : 16;
    void **s = aml__realloc(c->scratch, cap * sizeof *s);
    if (!s) {
      aml__free(p);
      return aml__fail(c->err, AML_ERR_NOMEM, "out of memory");
    }
    c->scratch = s;
    c->scratch_cap = cap;
  }
  c->scratch[c->scratch_count++] = p;
  return AML_OK;
}

void *aml__y_scratch(aml__yctx *c, size_t size) {
  void *p = aml__calloc(1, size ? size : 1);
  if (!p) {
    aml__fail(c->err, AML_ERR_NOMEM, "out of memory");
    return NULL;
  }
  return aml__y_scratch_adopt(c, p) == AML_OK ? p : NULL;
}

char *aml__y_scratch_strdup(aml__yctx *c, const char *s) {
  size_t n = strlen(s);
  char *p = aml__y_scratch(c, n + 1);
  if (p) memcpy(p, s, n + 1);
  return p;
}

/* ---- typed reads -------------------------------------------------------- */

const char *aml__y_str(const aml__ynode *map, const char *key) {
  const aml__ynode *v = aml__ymap_get(map, key);
  if (aml__ynode_is_null(v) || v->kind != AML__Y_SCALAR) return NULL;
  return v->text;
}

int32_t aml__y_i32(const aml__ynode *map, const char *key) {
  const aml__ynode *v = aml__ymap_get(map, key);
  long long x;
  if (aml__ynode_is_null(v) || !read_int(v, &x)) return AML_UNSET;
  return (int32_t)x;
}

int64_t aml__y_i64(const aml__ynode *map, const char *key) {
  const aml__ynode *v = aml__ymap_get(map, key);
  long long x;
  if (aml__ynode_is_null(v) || !read_int(v, &x)) return AML_UNSET64;
  return (int64_t)x;
}

int32_t aml__y_bool(const aml__ynode *map, const char *key) {
  const aml__ynode *v = aml__ymap_get(map, key);
  if (aml__ynode_is_null(v)) return AML_UNSET;
  int b = read_bool(v);
  return b < 0 ? AML_UNSET : b;
}

const aml__ynode *aml__y_obj(const aml__ynode *map, const char *key) {
  const aml__ynode *v = aml__ymap_get(map, key);
  return v && v->kind == AML__Y_MAP ? v : NULL;
}

aml_result aml__y_strmap(aml__yctx *c, const aml__ynode *map, const char *key, const aml_string_pair **pairs,
                         size_t *count) {
  *pairs = NULL;
  *count = 0;
  const aml__ynode *v = aml__ymap_get(map, key);
  if (aml__ynode_is_null(v) || v->kind != AML__Y_MAP) return AML_OK;
  size_t n = v->count / 2;
  aml_string_pair *p = aml__y_scratch(c, (n ? n : 1) * sizeof *p);
  if (!p) return AML_ERR_NOMEM;
  for (size_t i = 0; i < n; i++) {
    p[i].key = v->kids[2 * i]->text;
    /* A null value (`team:`) is the empty string: maps hold strings only. */
    p[i].value = aml__ynode_is_null(v->kids[2 * i + 1]) ? "" : v->kids[2 * i + 1]->text;
  }
  *pairs = p;
  *count = n;
  return AML_OK;
}

/* ---- paths -------------------------------------------------------------- */

bool aml__y_is_local(const char *s) {
  if (!s || !*s) return false;
  if (aml__str_starts_with(s, "azureml:")) return false;
  /* scheme: letters, digits, '+', '-', '.', then "://" */
  const char *p = s;
  while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '+' ||
         *p == '-' || *p == '.')
    p++;
  if (p != s && strncmp(p, "://", 3) == 0) return false;
  return true;
}

bool aml__y_is_reference(const char *s) {
  return s && *s && (!aml__y_is_local(s) || aml__str_starts_with_ci(s, "/subscriptions/"));
}

const char *aml__y_resolve(aml__yctx *c, const char *s) {
  if (aml__y_is_reference(s) || s[0] == '/' || !c->doc.base_dir[0]) return s;
  const char *rel = s;
  while (rel[0] == '.' && rel[1] == '/') rel += 2; /* "./model" -> "model" */
  if (strcmp(rel, ".") == 0) rel = "";
  const char *base = c->doc.base_dir;
  size_t bl = strlen(base);
  bool slash = bl > 0 && base[bl - 1] == '/';
  size_t n = bl + 1 + strlen(rel) + 1;
  char *out = aml__y_scratch(c, n);
  if (!out) return NULL;
  if (!*rel)
    snprintf(out, n, "%s", base);
  else
    snprintf(out, n, "%s%s%s", base, slash ? "" : "/", rel);
  return out;
}

/* ---- open and close ----------------------------------------------------- */

aml_result aml__y_open(aml__yctx *c, const char *name, const char *text, const aml_yaml_options *opts,
                       const aml__ykind *kind, aml_error **err) {
  memset(c, 0, sizeof *c);
  c->err = err;
  if (opts && (opts->version < 1 || opts->version > AML_YAML_OPTIONS_VERSION))
    return aml__fail(err, AML_ERR_VERSION, "aml_yaml_options: unknown version %u", opts->version);
  char *owned = NULL;
  size_t len;
  aml_result rc;
  if (!text) {
    if ((rc = aml__y_read_file(name, &owned, &len, err)) < 0) return rc;
    text = owned;
  } else {
    len = strlen(text);
  }
  rc = aml__ydoc_parse(&c->doc, text, len, name ? name : "<string>", opts ? opts->base_dir : NULL, err);
  aml__free(owned);
  if (rc < 0) return rc;
  if (!c->doc.root) {
    /* An empty file: overrides may still build the whole document. */
    c->doc.root = aml__ynode_new(AML__Y_MAP, 1, 1);
    if (!c->doc.root) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  }
  if (c->doc.root->kind != AML__Y_MAP)
    return aml__y_fail(c, c->doc.root, "", AML_ERR_PARSE, "expected a mapping (key: value lines) for a %s",
                       kind->what);
  for (size_t i = 0; opts && i < opts->overrides_count; i++) {
    if (!opts->overrides || !opts->overrides[i])
      return aml__fail(err, AML_ERR_INVALID_ARG, "aml_yaml_options: overrides[%zu] is NULL", i);
    if ((rc = aml__y_apply_override(c, kind, opts->overrides[i])) < 0) return rc;
  }
  if (kind->precheck && (rc = kind->precheck(c)) < 0) return rc;
  return aml__y_check(c, c->doc.root, kind->schema, "");
}

void aml__y_close(aml__yctx *c) {
  aml__ydoc_free(&c->doc);
  for (size_t i = 0; i < c->scratch_count; i++) aml__free(c->scratch[i]);
  aml__free(c->scratch);
  c->scratch = NULL;
  c->scratch_count = c->scratch_cap = 0;
}
