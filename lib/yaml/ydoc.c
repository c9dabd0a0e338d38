/* libyaml's event stream -> our tree (see ydoc.h for why a tree of our own). */
#include "yaml/ydoc.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/str.h"

/* Deeper nesting than this is refused: no spec is nearly that deep, and it
 * bounds the recursion of the code that walks the tree. */
#define YDOC_MAX_DEPTH 64

aml__ynode *aml__ynode_new(int kind, unsigned line, unsigned col) {
  aml__ynode *n = aml__calloc(1, sizeof *n);
  if (!n) return NULL;
  n->kind = kind;
  n->line = line;
  n->col = col;
  return n;
}

aml__ynode *aml__ynode_new_scalar(const char *text, size_t len, bool plain, unsigned line, unsigned col) {
  aml__ynode *n = aml__ynode_new(AML__Y_SCALAR, line, col);
  if (!n) return NULL;
  n->text = aml__malloc(len + 1);
  if (!n->text) {
    aml__free(n);
    return NULL;
  }
  if (len) memcpy(n->text, text, len);
  n->text[len] = '\0';
  n->len = len;
  n->plain = plain;
  return n;
}

aml_result aml__ynode_push(aml__ynode *parent, aml__ynode *kid) {
  if (parent->count == parent->cap) {
    size_t cap = parent->cap ? parent->cap * 2 : 8;
    aml__ynode **k = aml__realloc(parent->kids, cap * sizeof *k);
    if (!k) return AML_ERR_NOMEM;
    parent->kids = k;
    parent->cap = cap;
  }
  parent->kids[parent->count++] = kid;
  return AML_OK;
}

void aml__ynode_free(aml__ynode *n) {
  if (!n) return;
  for (size_t i = 0; i < n->count; i++) aml__ynode_free(n->kids[i]);
  aml__free(n->kids);
  aml__free(n->text);
  aml__free(n);
}

long aml__ymap_index(const aml__ynode *map, const char *key) {
  if (!map || map->kind != AML__Y_MAP) return -1;
  for (size_t i = 0; i + 1 < map->count; i += 2)
    if (map->kids[i]->kind == AML__Y_SCALAR && strcmp(map->kids[i]->text, key) == 0) return (long)i;
  return -1;
}

aml__ynode *aml__ymap_get(const aml__ynode *map, const char *key) {
  long i = aml__ymap_index(map, key);
  return i < 0 ? NULL : map->kids[i + 1];
}

bool aml__ynode_is_null(const aml__ynode *n) {
  if (!n) return true;
  if (n->kind != AML__Y_SCALAR || !n->plain) return false;
  return n->len == 0 || strcmp(n->text, "~") == 0 || aml__strcasecmp(n->text, "null") == 0;
}

/* ---- the event-driven builder ------------------------------------------- */

typedef struct builder {
  aml__ynode *stack[YDOC_MAX_DEPTH];
  size_t depth;
  aml__ynode *root;
  int documents;
} builder;

static aml_result fail_at(aml_error **err, aml_result code, const char *file, yaml_mark_t m, const char *what) {
  return aml__fail(err, code, "%s:%lu:%lu: %s", file, (unsigned long)m.line + 1, (unsigned long)m.column + 1,
                   what);
}

/* Attach a finished node to the open collection (or make it the root). A
 * repeated key in a mapping is refused: YAML forbids it and silently keeping
 * one of the two would hide a mistake. */
static aml_result attach(builder *b, aml__ynode *n, const char *file, yaml_mark_t mark, aml_error **err) {
  if (b->depth == 0) {
    b->root = n;
    return AML_OK;
  }
  aml__ynode *parent = b->stack[b->depth - 1];
  if (parent->kind == AML__Y_MAP && parent->count % 2 == 0) {
    if (n->kind != AML__Y_SCALAR) {
      aml__ynode_free(n);
      return fail_at(err, AML_ERR_PARSE, file, mark, "a mapping key must be a plain value, not a collection");
    }
    if (aml__ymap_index(parent, n->text) >= 0) {
      aml_result rc = aml__fail(err, AML_ERR_PARSE, "%s:%u:%u: duplicate key \"%s\"", file, n->line, n->col, n->text);
      aml__ynode_free(n);
      return rc;
    }
  }
  if (aml__ynode_push(parent, n) < 0) {
    aml__ynode_free(n);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  }
  return AML_OK;
}

static aml_result on_event(builder *b, const yaml_event_t *ev, const char *file, aml_error **err) {
  unsigned line = (unsigned)ev->start_mark.line + 1, col = (unsigned)ev->start_mark.column + 1;
  aml__ynode *n;
  switch (ev->type) {
  case YAML_DOCUMENT_START_EVENT:
    if (++b->documents > 1)
      return fail_at(err, AML_ERR_PARSE, file, ev->start_mark,
                     "malformed YAML: more than one document (a spec is one document)");
    return AML_OK;
  case YAML_ALIAS_EVENT:
    return fail_at(err, AML_ERR_PARSE, file, ev->start_mark, "aliases (*name) are not supported in specs");
  case YAML_SCALAR_EVENT:
    n = aml__ynode_new_scalar((const char *)ev->data.scalar.value, ev->data.scalar.length,
                              ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE, line, col);
    if (!n) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
    return attach(b, n, file, ev->start_mark, err);
  case YAML_MAPPING_START_EVENT:
  case YAML_SEQUENCE_START_EVENT:
    if (b->depth == YDOC_MAX_DEPTH)
      return fail_at(err, AML_ERR_PARSE, file, ev->start_mark, "nested too deeply");
    n = aml__ynode_new(ev->type == YAML_MAPPING_START_EVENT ? AML__Y_MAP : AML__Y_SEQ, line, col);
    if (!n) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
    /* Attach first, so the node is owned by the tree whatever happens next. */
    {
      aml_result rc = attach(b, n, file, ev->start_mark, err);
      if (rc < 0) return rc;
    }
    b->stack[b->depth++] = n;
    return AML_OK;
  case YAML_MAPPING_END_EVENT:
  case YAML_SEQUENCE_END_EVENT:
    if (b->depth) b->depth--;
    return AML_OK;
  default:
    return AML_OK;
  }
}

static aml_result parse_tree(const char *text, size_t len, const char *file, aml__ynode **out, aml_error **err) {
  yaml_parser_t parser;
  builder b;
  memset(&b, 0, sizeof b);
  *out = NULL;
  if (!yaml_parser_initialize(&parser)) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
  aml_result rc = AML_OK;
  for (;;) {
    yaml_event_t ev;
    if (!yaml_parser_parse(&parser, &ev)) {
      if (parser.error == YAML_MEMORY_ERROR) {
        rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
      } else {
        char what[512];
        snprintf(what, sizeof what, "malformed YAML: %s%s%s", parser.problem ? parser.problem : "syntax error",
                 parser.context ? " " : "", parser.context ? parser.context : "");
        rc = fail_at(err, AML_ERR_PARSE, file, parser.problem_mark, what);
      }
      break;
    }
    int done = ev.type == YAML_STREAM_END_EVENT;
    /* The root is attached before it is complete; keep it in b.root so that
     * a failure below frees the partial tree. */
    rc = on_event(&b, &ev, file, err);
    yaml_event_delete(&ev);
    if (rc < 0 || done) break;
  }
  yaml_parser_delete(&parser);
  if (rc < 0) {
    aml__ynode_free(b.root);
    return rc;
  }
  *out = b.root;
  return AML_OK;
}

static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return aml__strdup("");
  if (slash == path) return aml__strdup("/");
  return aml__strndup(path, (size_t)(slash - path));
}

aml_result aml__ydoc_parse(aml__ydoc *doc, const char *text, size_t len, const char *file_name,
                           const char *base_dir, aml_error **err) {
  doc->file_name = aml__strdup(file_name);
  doc->base_dir = base_dir ? aml__strdup(base_dir) : dir_of(file_name);
  if (!doc->file_name || !doc->base_dir) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  aml__str_neutralize_controls(doc->file_name);
  return parse_tree(text, len, doc->file_name, &doc->root, err);
}

/* Depth is bounded by YDOC_MAX_DEPTH (the parser refuses deeper trees). */
static void mark_origin(aml__ynode *x, const char *origin) {
  x->line = 0;
  x->col = 0;
  x->origin = origin;
  for (size_t i = 0; i < x->count; i++) mark_origin(x->kids[i], origin);
}

aml_result aml__ynode_parse_value(const char *text, const char *origin, aml__ynode **out, aml_error **err) {
  aml__ynode *n = NULL;
  aml_result rc = parse_tree(text, strlen(text), origin, &n, err);
  if (rc < 0) return rc;
  if (!n) { /* "key=" : an empty value is the empty string, not a null */
    n = aml__ynode_new_scalar("", 0, false, 0, 0);
    if (!n) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  }
  mark_origin(n, origin);
  *out = n;
  return AML_OK;
}

aml_result aml__y_read_file(const char *path, char **out, size_t *len, aml_error **err) {
  *out = NULL;
  *len = 0;
  struct stat st;
  if (stat(path, &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR)
      return aml__fail(err, AML_ERR_NOT_FOUND, "%s: no such file", path);
    return aml__fail(err, AML_ERR_INVALID_ARG, "%s: cannot read it (%s)", path, strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: not a regular file", path);
  FILE *f = fopen(path, "rb");
  if (!f) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: cannot open it (%s)", path, strerror(errno));
  size_t cap = st.st_size > 0 ? (size_t)st.st_size + 1 : 4096, n = 0;
  char *buf = aml__malloc(cap);
  if (!buf) {
    fclose(f);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  }
  for (;;) {
    if (n + 1 >= cap) {
      char *b2 = aml__realloc(buf, cap * 2);
      if (!b2) {
        aml__free(buf);
        fclose(f);
        return aml__fail(err, AML_ERR_NOMEM, "out of memory");
      }
      buf = b2;
      cap *= 2;
    }
    size_t got = fread(buf + n, 1, cap - 1 - n, f);
    n += got;
    if (got == 0) break;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    aml__free(buf);
    return aml__fail(err, AML_ERR_INVALID_ARG, "%s: read error", path);
  }
  buf[n] = '\0';
  *out = buf;
  *len = n;
  return AML_OK;
}

void aml__ydoc_free(aml__ydoc *doc) {
  if (!doc) return;
  aml__ynode_free(doc->root);
  aml__free(doc->file_name);
  aml__free(doc->base_dir);
  for (size_t i = 0; i < doc->origins_count; i++) aml__free(doc->origins[i]);
  aml__free(doc->origins);
  memset(doc, 0, sizeof *doc);
}
