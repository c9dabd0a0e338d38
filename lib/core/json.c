#include "core/json.h"

#include "core/alloc.h"
#include "core/error.h"

#include <string.h>

aml_result aml__json_parse(const char *data, size_t len, json_t **out, aml_error **err) {
  json_error_t jerr;
  *out = NULL;
  json_t *root = json_loadb(data ? data : "", data ? len : 0, JSON_REJECT_DUPLICATES, &jerr);
  if (!root) {
    if (json_error_code(&jerr) == json_error_out_of_memory)
      return aml__fail(err, AML_ERR_NOMEM, "out of memory parsing JSON");
    return aml__fail(err, AML_ERR_PARSE, "invalid JSON at line %d, column %d: %s", jerr.line,
                     jerr.column, jerr.text);
  }
  *out = root;
  return AML_OK;
}

json_t *aml__json_path(json_t *root, const char *path) {
  json_t *cur = root;
  const char *p = path;
  while (cur && *p) {
    const char *dot = strchr(p, '.');
    size_t n = dot ? (size_t)(dot - p) : strlen(p);
    if (!json_is_object(cur)) return NULL;
    cur = json_object_getn(cur, p, n);
    p += n + (dot ? 1 : 0);
  }
  return cur;
}

const char *aml__json_path_str(json_t *root, const char *path) {
  json_t *v = aml__json_path(root, path);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

char *aml__json_dump(const json_t *v) {
  char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
  if (!s) return NULL;
  char *copy = aml__strdup(s);
  /* json_dumps used jansson's allocator; hand back one of ours. */
  json_free_t jfree;
  json_get_alloc_funcs(NULL, &jfree);
  jfree(s);
  return copy;
}
