#include "core/json.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/json_check.h"

#include <stdbool.h>

#include <string.h>

aml_result aml__json_parse(const char *data, size_t len, json_t **out, aml_error **err) {
  json_error_t jerr;
  memset(&jerr, 0, sizeof(jerr));
  if (!data) len = 0;
  unsigned long refused = aml__alloc_jansson_failures();
  *out = json_loadb(data ? data : "", len, JSON_REJECT_DUPLICATES, &jerr);
  if (*out && aml__alloc_jansson_failures() != refused) {
    /* jansson may have dropped a character of a string or key without
     * saying so: the tree cannot be trusted. */
    json_decref(*out);
    *out = NULL;
    return aml__fail(err, AML_ERR_NOMEM, "out of memory parsing JSON");
  }
  if (*out) return AML_OK;
  bool nomem;
  switch (json_error_code(&jerr)) {
  case json_error_invalid_syntax:
  case json_error_premature_end_of_input:
  case json_error_end_of_input_expected:
    /* jansson also reports an allocation failure inside a token this way:
     * well-formed text means the failure was memory. */
    nomem = aml__json_syntax_ok(data ? data : "", len);
    break;
  case json_error_unknown:
    /* Several of jansson's allocation failures leave no code and no text. */
    nomem = jerr.text[0] == '\0';
    break;
  default:
    nomem = json_error_code(&jerr) == json_error_out_of_memory;
    break;
  }
  if (nomem) return aml__fail(err, AML_ERR_NOMEM, "out of memory parsing JSON");
  return aml__fail(err, AML_ERR_PARSE, "invalid JSON at line %d, column %d: %s", jerr.line, jerr.column, jerr.text);
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
