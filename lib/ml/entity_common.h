/* What the six entity mappings share: creating a library-owned struct from
 * a parsed resource (with its raw_json), and ARM list pages. */
#ifndef AML_ML_ENTITY_COMMON_H
#define AML_ML_ENTITY_COMMON_H

#include "ml/entity_json.h"

/* How to build one kind of entity from JSON. */
typedef struct aml__entity_desc {
  uint32_t kind;          /* AML__KIND_* */
  size_t size;            /* sizeof the public struct */
  const char *what;       /* "batch endpoint", for messages */
  size_t raw_json_offset; /* offsetof(struct, raw_json) */
  int raw_secret;         /* wipe raw_json on free (it may carry credentials) */
  void (*init)(void *obj);                                      /* the public _init defaults */
  aml_result (*parse)(aml__jr *r, json_t *root, void *obj);     /* fill fields from root */
} aml__entity_desc;

/* A new owned struct filled from a JSON object. raw_json receives a copy of
 * raw_text, or the compact dump of root when raw_text is NULL. *out is NULL
 * on failure (nothing leaks). */
aml_result aml__entity_from_value(const aml__entity_desc *d, json_t *root, const char *raw_text,
                                  void **out, aml_error **err);
/* Parse text (must be a JSON object) and build as above. */
aml_result aml__entity_from_text(const aml__entity_desc *d, const char *json, void **out,
                                 aml_error **err);
/* A new owned struct for a clone (init applied); NULL when out of memory. */
void *aml__entity_new(const aml__entity_desc *d);

/* One page of an ARM list: {"value": [...], "nextLink": "..."}. Items stay
 * JSON; turn them into entities one by one with the entity's
 * aml__X_from_json_value(). */
typedef struct aml__arm_page {
  json_t *root;          /* owns everything below */
  json_t *items;         /* the "value" array (never NULL after a successful parse) */
  size_t count;          /* json_array_size(items) */
  const char *next_link; /* NULL when absent, null or ""; borrowed from root */
} aml__arm_page;

/* Parse a list response body. AML_ERR_PARSE when it is not an object, when
 * "value" is missing or not an array, or "nextLink" is not a string. */
aml_result aml__arm_page_parse(const char *body, size_t len, const char *what, aml__arm_page *page,
                               aml_error **err);
/* Item i (borrowed); NULL when out of range. */
json_t *aml__arm_page_item(const aml__arm_page *page, size_t i);
void aml__arm_page_free(aml__arm_page *page);

#endif
