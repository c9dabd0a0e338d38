/* An ordered list of name/value string pairs (HTTP headers, tags, maps). */
#ifndef AML_CORE_KV_H
#define AML_CORE_KV_H

#include <azureml/errors.h>
#include <stdbool.h>

typedef struct aml_kv {
  char *name;
  char *value;
} aml_kv;

typedef struct aml_kvlist {
  aml_kv *items;
  size_t count;
  size_t cap;
  bool ignore_case; /* names compare case-insensitively (HTTP headers) */
} aml_kvlist;

void aml__kvlist_init(aml_kvlist *l, bool ignore_case);
/* Append a pair (duplicates allowed). */
aml_result aml__kvlist_add(aml_kvlist *l, const char *name, const char *value);
aml_result aml__kvlist_add_n(aml_kvlist *l, const char *name, size_t name_len, const char *value,
                             size_t value_len);
/* Replace the value of the first pair named `name`, or append one. */
aml_result aml__kvlist_set(aml_kvlist *l, const char *name, const char *value);
const char *aml__kvlist_get(const aml_kvlist *l, const char *name);
/* Remove every pair named `name`; returns how many were removed. */
size_t aml__kvlist_remove(aml_kvlist *l, const char *name);
aml_result aml__kvlist_copy(aml_kvlist *dst, const aml_kvlist *src);
void aml__kvlist_clear(aml_kvlist *l);
/* Wipe every value before freeing (headers that carried Authorization). */
void aml__kvlist_clear_secret(aml_kvlist *l);

#endif
