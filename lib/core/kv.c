#include "core/kv.h"

#include "core/alloc.h"
#include "core/secure.h"
#include "core/str.h"

#include <string.h>

void aml__kvlist_init(aml_kvlist *l, bool ignore_case) {
  memset(l, 0, sizeof(*l));
  l->ignore_case = ignore_case;
}

static int name_cmp(const aml_kvlist *l, const char *a, const char *b) {
  return l->ignore_case ? aml__strcasecmp(a, b) : strcmp(a, b);
}

aml_result aml__kvlist_add_n(aml_kvlist *l, const char *name, size_t name_len, const char *value,
                             size_t value_len) {
  if (l->count == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 8;
    aml_kv *items = aml__realloc(l->items, cap * sizeof(*items));
    if (!items) return AML_ERR_NOMEM;
    l->items = items;
    l->cap = cap;
  }
  char *n = aml__strndup(name, name_len);
  char *v = aml__strndup(value ? value : "", value ? value_len : 0);
  if (!n || !v) {
    aml__free(n);
    aml__free(v);
    return AML_ERR_NOMEM;
  }
  l->items[l->count].name = n;
  l->items[l->count].value = v;
  l->count++;
  return AML_OK;
}

aml_result aml__kvlist_add(aml_kvlist *l, const char *name, const char *value) {
  return aml__kvlist_add_n(l, name, strlen(name), value, value ? strlen(value) : 0);
}

aml_result aml__kvlist_set(aml_kvlist *l, const char *name, const char *value) {
  for (size_t i = 0; i < l->count; i++) {
    if (name_cmp(l, l->items[i].name, name) == 0) {
      char *v = aml__strdup(value ? value : "");
      if (!v) return AML_ERR_NOMEM;
      aml__free_secret(l->items[i].value);
      l->items[i].value = v;
      return AML_OK;
    }
  }
  return aml__kvlist_add(l, name, value);
}

const char *aml__kvlist_get(const aml_kvlist *l, const char *name) {
  for (size_t i = 0; i < l->count; i++)
    if (name_cmp(l, l->items[i].name, name) == 0) return l->items[i].value;
  return NULL;
}

size_t aml__kvlist_remove(aml_kvlist *l, const char *name) {
  size_t removed = 0, j = 0;
  for (size_t i = 0; i < l->count; i++) {
    if (name_cmp(l, l->items[i].name, name) == 0) {
      aml__free(l->items[i].name);
      aml__free_secret(l->items[i].value);
      removed++;
    } else {
      l->items[j++] = l->items[i];
    }
  }
  l->count = j;
  return removed;
}

aml_result aml__kvlist_copy(aml_kvlist *dst, const aml_kvlist *src) {
  aml__kvlist_init(dst, src->ignore_case);
  for (size_t i = 0; i < src->count; i++) {
    if (aml__kvlist_add(dst, src->items[i].name, src->items[i].value) != AML_OK) {
      aml__kvlist_clear(dst);
      return AML_ERR_NOMEM;
    }
  }
  return AML_OK;
}

static void clear(aml_kvlist *l, bool secret) {
  for (size_t i = 0; i < l->count; i++) {
    aml__free(l->items[i].name);
    if (secret)
      aml__free_secret(l->items[i].value);
    else
      aml__free(l->items[i].value);
  }
  aml__free(l->items);
  l->items = NULL;
  l->count = l->cap = 0;
}

void aml__kvlist_clear(aml_kvlist *l) { clear(l, false); }
void aml__kvlist_clear_secret(aml_kvlist *l) { clear(l, true); }
