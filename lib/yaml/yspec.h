/* What every spec loader shares: the schema tables that say which keys a
 * document may hold and of what type, the loading context (document, scratch
 * memory, error), messages that name file:line:column and the field, typed
 * reads of checked values, and the overrides (`--set path=value`). */
#ifndef AML_YAML_YSPEC_H
#define AML_YAML_YSPEC_H

#include <azureml/common.h>
#include <azureml/errors.h>
#include <azureml/yaml.h>

#include "core/error.h"
#include "yaml/ydoc.h"

/* Field types. Every type also accepts a YAML null (`key:`, `~`, `null`):
 * the field is then not set. */
#define AML__YT_STR 1        /* any scalar, as its text */
#define AML__YT_INT32 2      /* an integer that fits int32_t */
#define AML__YT_INT64 3      /* an integer */
#define AML__YT_BOOL 4       /* true / false (yes / no, on / off) */
#define AML__YT_STRMAP 5     /* a mapping of scalars (tags, properties, environment variables) */
#define AML__YT_OBJ 6        /* a mapping checked against `sub` */
#define AML__YT_STR_OR_OBJ 7 /* a reference (scalar) or an inline object checked against `sub` */
#define AML__YT_OBJMAP 8     /* a mapping from any name to an object checked against `sub` */
#define AML__YT_OBJLIST 9    /* a sequence of objects checked against `sub` */
#define AML__YT_ENUM 10      /* one of `values` (any case) */
#define AML__YT_STR_OR_MAP 11 /* a string or a free-form mapping (conda_file: a path or the spec) */

/* Field flags. */
#define AML__YF_SECRET 1u /* never echo the value in a message */

typedef struct aml__yschema aml__yschema;

typedef struct aml__yfield {
  const char *key;
  int type;
  unsigned flags;
  const aml__yschema *sub; /* AML__YT_OBJ, _STR_OR_OBJ, _OBJMAP, _OBJLIST */
  const char *const *values; /* AML__YT_ENUM: NULL-terminated */
} aml__yfield;

struct aml__yschema {
  const aml__yfield *fields;
  size_t count;
};

#define AML__YSCHEMA(arr) {arr, sizeof(arr) / sizeof(arr[0])}

typedef struct aml__yctx aml__yctx;

/* One kind of document (endpoint, compute, ...). */
typedef struct aml__ykind {
  const char *what;            /* "batch endpoint", for messages */
  const aml__yschema *schema;  /* its top-level keys */
  /* [nullable] Rewrite an override's path (cap bytes) to the spelling this
   * document uses; a deployment's settings may sit at the top level or in
   * `settings:`, and `--set settings.x=` must change the one the file has. */
  void (*alias)(const aml__ynode *root, char *path, size_t cap);
  /* [nullable] Runs after the overrides, before the schema check: refuses
   * documents of a kind the library does not handle with a clear message. */
  aml_result (*precheck)(aml__yctx *c);
} aml__ykind;

/* Struct-field names as validate messages spell them -> the YAML path of the
 * value (alternatives separated by '|', the first present one wins). */
typedef struct aml__ylocate {
  const char *token;
  const char *path;
} aml__ylocate;

/* A loading context: the document and the scratch memory that borrowed
 * structs point into until they are cloned. */
struct aml__yctx {
  aml__ydoc doc;
  void **scratch;
  size_t scratch_count, scratch_cap;
  aml_error **err;
};

/* Read (text == NULL: the file at name) and parse a document, require a mapping
 * at the top, apply opts' overrides, check it against kind's schema. On failure
 * *err names file, line, column and field. Close the context in every case. */
aml_result aml__y_open(aml__yctx *c, const char *name, const char *text, const aml_yaml_options *opts,
                       const aml__ykind *kind, aml_error **err);
void aml__y_close(aml__yctx *c);

/* Check a mapping against a schema (recursively). path: the mapping's own
 * dotted path ("" at the top). */
aml_result aml__y_check(aml__yctx *c, const aml__ynode *map, const aml__yschema *s, const char *path);

/* A failure at node `at` (NULL = the file as a whole) about field `path`
 * ("" = none): "file:L:C: path: message". */
aml_result aml__y_fail(aml__yctx *c, const aml__ynode *at, const char *path, aml_result code, const char *fmt,
                       ...) AML_PRINTF(5, 6);
/* A broken rule reported by an aml_*_validate(): take vr (its error, freed
 * here) and report it at the YAML value the message names. */
aml_result aml__y_rule_fail(aml__yctx *c, aml_result vr, aml_error *verr, const aml__ylocate *table, size_t n);
/* As aml__y_rule_fail, for an object nested at `prefix` ("model"): the
 * table's paths are relative to it. */
aml_result aml__y_rule_fail_in(aml__yctx *c, const char *prefix, aml_result vr, aml_error *verr,
                               const aml__ylocate *table, size_t n);
/* The node at a dotted path ("settings.retry_settings.max_retries"), or NULL. */
const aml__ynode *aml__y_find(const aml__ynode *root, const char *path);

/* Scratch memory, freed by aml__y_close(). NULL when out of memory (err set). */
void *aml__y_scratch(aml__yctx *c, size_t size);
char *aml__y_scratch_strdup(aml__yctx *c, const char *s);
/* Hand a block from aml__malloc to the scratch list (freed with it); on
 * failure the block is freed and AML_ERR_NOMEM returned. */
aml_result aml__y_scratch_adopt(aml__yctx *c, void *p);

/* Typed reads of a checked mapping. A missing or null key reads as unset. */
const char *aml__y_str(const aml__ynode *map, const char *key);
int32_t aml__y_i32(const aml__ynode *map, const char *key);  /* AML_UNSET when unset */
int64_t aml__y_i64(const aml__ynode *map, const char *key);  /* AML_UNSET64 when unset */
int32_t aml__y_bool(const aml__ynode *map, const char *key); /* 1, 0 or AML_UNSET */
/* A string map into scratch memory: *pairs NULL when absent (not set). */
aml_result aml__y_strmap(aml__yctx *c, const aml__ynode *map, const char *key, const aml_string_pair **pairs,
                         size_t *count);
/* The object value of key (a mapping), or NULL. */
const aml__ynode *aml__y_obj(const aml__ynode *map, const char *key);

/* True for a path on this machine: no `scheme://`, no `azureml:` reference. */
bool aml__y_is_local(const char *s);
/* True for an asset reference: `azureml:...`, `scheme://...` or an ARM id
 * (`/subscriptions/...`). */
bool aml__y_is_reference(const char *s);
/* A local path resolved against the document's folder (scratch); other
 * values are returned as they are. NULL when out of memory. */
const char *aml__y_resolve(aml__yctx *c, const char *s);

/* Apply one "path=value" override to the document (before the schema check). */
aml_result aml__y_apply_override(aml__yctx *c, const aml__ykind *kind, const char *ov);

#endif
