/* Helpers over jansson (never visible in public headers). */
#ifndef AML_CORE_JSON_H
#define AML_CORE_JSON_H

#include <azureml/errors.h>
#include <jansson.h>
#include <stdint.h>

/* Parse bytes as JSON; AML_ERR_PARSE (with line/column) or AML_ERR_NOMEM. */
aml_result aml__json_parse(const char *data, size_t len, json_t **out, aml_error **err);
/* Walk a dot-separated path of object keys ("properties.discoveryUrl"). */
json_t *aml__json_path(json_t *root, const char *path);
/* The string at a path, or NULL when absent or not a string. */
const char *aml__json_path_str(json_t *root, const char *path);
/* Serialise compactly into a library-allocated string (aml_free). */
char *aml__json_dump(const json_t *v);

#endif
