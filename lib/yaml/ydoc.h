/* A YAML document as a small tree of our own (built from libyaml's events),
 * so that overrides can edit it and every node keeps the line and column it
 * came from for error messages. Every allocation goes through the library's
 * allocator (aml__malloc), so allocation-failure tests reach all of it. */
#ifndef AML_YAML_YDOC_H
#define AML_YAML_YDOC_H

#include <azureml/errors.h>
#include <stdbool.h>
#include <stddef.h>

#define AML__Y_SCALAR 1
#define AML__Y_MAP 2
#define AML__Y_SEQ 3

typedef struct aml__ynode aml__ynode;
struct aml__ynode {
  int kind;         /* AML__Y_* */
  bool plain;       /* a plain (unquoted) scalar: its type is inferred (int, bool, null) */
  unsigned line;    /* 1-based; 0 = the node came from an override */
  unsigned col;     /* 1-based */
  const char *origin; /* override nodes: the "path=value" text (owned by the document) */
  char *text;       /* scalars: the value, NUL-terminated */
  size_t len;       /* scalars: bytes in text (a value may hold NULs) */
  aml__ynode **kids; /* sequences: items; mappings: key0, value0, key1, value1, ... */
  size_t count;     /* entries of kids */
  size_t cap;
};

/* The parsed document and what messages and relative paths need. */
typedef struct aml__ydoc {
  aml__ynode *root;     /* NULL for an empty document */
  char *file_name;      /* as the caller named the file */
  char *base_dir;       /* folder relative paths resolve against ("" = the current one) */
  char **origins;       /* override texts the nodes point at */
  size_t origins_count;
} aml__ydoc;

/* Parse text (len bytes) into doc->root. Fills file_name and base_dir from the
 * arguments (base_dir NULL = the folder of file_name). Errors:
 * AML_ERR_PARSE "file:L:C: malformed YAML: ..." (libyaml's problem and mark),
 * AML_ERR_NOMEM. On failure the document is left empty (free it anyway). */
aml_result aml__ydoc_parse(aml__ydoc *doc, const char *text, size_t len, const char *file_name,
                           const char *base_dir, aml_error **err);
/* Read a whole file: AML_ERR_NOT_FOUND when it does not exist, AML_ERR_INVALID_ARG when
 * it is not a regular file or cannot be read. *out is NUL-terminated; free with aml__free. */
aml_result aml__y_read_file(const char *path, char **out, size_t *len, aml_error **err);
void aml__ydoc_free(aml__ydoc *doc);

/* Parse one value written in YAML (an override's right-hand side) into a
 * detached node marked with origin. AML_ERR_PARSE / AML_ERR_NOMEM. */
aml_result aml__ynode_parse_value(const char *text, const char *origin, aml__ynode **out, aml_error **err);

aml__ynode *aml__ynode_new(int kind, unsigned line, unsigned col);
/* A scalar node holding a copy of text. NULL when out of memory. */
aml__ynode *aml__ynode_new_scalar(const char *text, size_t len, bool plain, unsigned line, unsigned col);
aml_result aml__ynode_push(aml__ynode *parent, aml__ynode *kid);
void aml__ynode_free(aml__ynode *n);

/* Mappings: the value of key (NULL when absent); index of the key's pair (or -1). */
aml__ynode *aml__ymap_get(const aml__ynode *map, const char *key);
long aml__ymap_index(const aml__ynode *map, const char *key);
/* A plain scalar that YAML reads as null: "", "~", "null" (any case). NULL nodes too. */
bool aml__ynode_is_null(const aml__ynode *n);

#endif
