/* Building library-owned entities from JSON; ARM list pages. */
#include "ml/entity_common.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "core/secure.h"

#include <string.h>

void *aml__entity_new(const aml__entity_desc *d) {
  void *obj = aml__owned_new(d->kind, d->size);
  if (obj) d->init(obj);
  return obj;
}

aml_result aml__entity_from_value(const aml__entity_desc *d, json_t *root, const char *raw_text,
                                  void **out, aml_error **err) {
  *out = NULL;
  if (!json_is_object(root)) return aml__fail(err, AML_ERR_PARSE, "%s JSON is not an object", d->what);
  void *obj = aml__entity_new(d);
  if (!obj) return aml__fail(err, AML_ERR_NOMEM, "out of memory reading a %s", d->what);
  aml__jr r = {aml__owned_arena(obj), err, d->what};
  aml_result rc = d->parse(&r, root, obj);
  if (rc == AML_OK) {
    char *dumped = raw_text ? NULL : aml__json_dump(root);
    const char *text = raw_text ? raw_text : dumped;
    char *raw = NULL;
    if (text) raw = d->raw_secret ? aml__arena_strdup_secret(r.arena, text) : aml__arena_strdup(r.arena, text);
    if (dumped) {
      if (d->raw_secret) aml__secure_wipe(dumped, strlen(dumped));
      aml__free(dumped);
    }
    if (!raw) rc = aml__jr_nomem(&r);
    else memcpy((char *)obj + d->raw_json_offset, &raw, sizeof(raw));
  }
  if (rc < 0) {
    aml__owned_free(obj, d->kind);
    return rc;
  }
  *out = obj;
  return AML_OK;
}

aml_result aml__entity_from_text(const aml__entity_desc *d, const char *json, void **out,
                                 aml_error **err) {
  *out = NULL;
  json_t *root = NULL;
  aml_result rc = aml__entity_json_parse(json, strlen(json), d->what, &root, err);
  if (rc < 0) return rc;
  rc = aml__entity_from_value(d, root, json, out, err);
  json_decref(root);
  return rc;
}

aml_result aml__arm_page_parse(const char *body, size_t len, const char *what, aml__arm_page *page,
                               aml_error **err) {
  memset(page, 0, sizeof(*page));
  json_t *root = NULL;
  aml_result rc = aml__entity_json_parse(body, len, what, &root, err);
  if (rc < 0) return rc;
  json_t *items = json_object_get(root, "value");
  json_t *next = json_object_get(root, "nextLink");
  if (!json_is_object(root))
    rc = aml__fail(err, AML_ERR_PARSE, "%s list page is not a JSON object", what);
  else if (!json_is_array(items))
    rc = aml__fail(err, AML_ERR_PARSE, "%s list page: value must be an array", what);
  else if (next && !json_is_null(next) && !json_is_string(next))
    rc = aml__fail(err, AML_ERR_PARSE, "%s list page: nextLink must be a string", what);
  if (rc < 0) {
    json_decref(root);
    return rc;
  }
  page->root = root;
  page->items = items;
  page->count = json_array_size(items);
  if (json_is_string(next) && *json_string_value(next)) page->next_link = json_string_value(next);
  return AML_OK;
}

json_t *aml__arm_page_item(const aml__arm_page *page, size_t i) {
  return i < page->count ? json_array_get(page->items, i) : NULL;
}

void aml__arm_page_free(aml__arm_page *page) {
  json_decref(page->root);
  memset(page, 0, sizeof(*page));
}
