/* JSON plumbing shared by the entity mappings: typed reads that name the
 * field on a type error, get-or-create writes for overlaying set fields on a
 * resource body, the read-only stripping that turns a GET body into the base
 * of a PUT body, and ARM ids. */
#ifndef AML_ML_ENTITY_JSON_H
#define AML_ML_ENTITY_JSON_H

#include <azureml/common.h>
#include <azureml/errors.h>
#include <jansson.h>
#include <stdbool.h>

#include "ml/arena.h"
#include "ml/enum_map.h"

/* ---- reading ------------------------------------------------------------
 * Every reader treats an absent member and JSON null alike: the output is
 * left untouched (NULL / AML_UNSET). A member of the wrong type — or an
 * intermediate member on the path that is not an object — is AML_ERR_PARSE
 * with a message naming the path. Strings are copied into the arena. */
typedef struct aml__jr {
  aml__arena *arena;
  aml_error **err;
  const char *what; /* "batch endpoint", for messages */
} aml__jr;

/* The value at a dot-separated path: *out NULL when absent or null. */
aml_result aml__jr_lookup(aml__jr *r, json_t *root, const char *path, json_t **out);
/* Object at path (NULL when absent/null). */
aml_result aml__jr_object(aml__jr *r, json_t *root, const char *path, json_t **out);
/* Array at path (NULL when absent/null). */
aml_result aml__jr_array(aml__jr *r, json_t *root, const char *path, json_t **out);
aml_result aml__jr_str(aml__jr *r, json_t *root, const char *path, const char **out);
/* As aml__jr_str, copied as a secret (wiped when the arena is cleared). */
aml_result aml__jr_str_secret(aml__jr *r, json_t *root, const char *path, const char **out);
/* String mapped to its Python spelling when the table knows it. */
aml_result aml__jr_enum(aml__jr *r, json_t *root, const char *path, const aml__enum_table *t,
                        const char **out);
aml_result aml__jr_int32(aml__jr *r, json_t *root, const char *path, int32_t *out);
aml_result aml__jr_int64(aml__jr *r, json_t *root, const char *path, int64_t *out);
/* JSON boolean -> 1 / 0. */
aml_result aml__jr_bool(aml__jr *r, json_t *root, const char *path, int32_t *out);
/* ISO-8601 duration string -> seconds (every form: years, months,
 * fractions). When the text is not a whole number of seconds, *text
 * (nullable) receives a copy of it, so that it can be sent back unchanged. */
aml_result aml__jr_duration(aml__jr *r, json_t *root, const char *path, int64_t *out, const char **text);
/* Object of strings -> pairs (null values are skipped; {} gives a non-NULL
 * pointer with count 0). */
aml_result aml__jr_map(aml__jr *r, json_t *root, const char *path, const aml_string_pair **pairs,
                       size_t *count);
/* Object of any JSON values -> pairs of key and compact JSON text of the
 * value (null values are skipped; {} gives a non-NULL pointer, count 0). */
aml_result aml__jr_json_map(aml__jr *r, json_t *root, const char *path, const aml_string_pair **pairs,
                            size_t *count);
/* Report a type error for path (AML_ERR_PARSE). */
aml_result aml__jr_type_error(aml__jr *r, const char *path, const char *expected);
/* Report out of memory (AML_ERR_NOMEM). */
aml_result aml__jr_nomem(aml__jr *r);

/* Parse JSON text (jansson), mapping every out-of-memory failure to
 * AML_ERR_NOMEM — including the one jansson reports without a code or text
 * (its lexer buffer could not be allocated) — and other failures to
 * AML_ERR_PARSE with line and column. `what` prefixes the message. */
aml_result aml__entity_json_parse(const char *data, size_t len, const char *what, json_t **out,
                                  aml_error **err);

/* ---- writing ------------------------------------------------------------
 * Every writer returns 0, or -1 when out of memory. NULL / unset inputs are
 * no-ops that return 0, so a body gets only the fields that are set. */

/* The object at a dot-separated path under root, created (or replacing a
 * non-object member) as needed; NULL when out of memory. */
json_t *aml__jw_object(json_t *root, const char *path);
int aml__jw_str(json_t *obj, const char *key, const char *value);
int aml__jw_int(json_t *obj, const char *key, int64_t value, int64_t unset);
/* Tri-state: AML_UNSET -> nothing, 0 -> false, anything else -> true. */
int aml__jw_bool(json_t *obj, const char *key, int32_t value);
/* Seconds -> ISO-8601 duration; AML_UNSET64 or negative -> nothing. The
 * service's own text (nullable) is sent instead while seconds still equal
 * its value (P1M, PT0.5S survive a read-modify-write). */
int aml__jw_duration_text(json_t *obj, const char *key, int64_t seconds, const char *text);
int aml__jw_duration(json_t *obj, const char *key, int64_t seconds); /* no text */
/* Pairs -> object, replacing any existing member; pairs NULL -> nothing.
 * Pairs with a NULL key or value are skipped. */
int aml__jw_map(json_t *obj, const char *key, const aml_string_pair *pairs, size_t count);
/* Pairs of key and JSON text -> object (a text that is not JSON is sent as
 * a string), replacing any existing member; pairs NULL -> nothing. */
int aml__jw_json_map(json_t *obj, const char *key, const aml_string_pair *pairs, size_t count);
/* Set a member (steals value; value NULL = out of memory). */
int aml__jw_set(json_t *obj, const char *key, json_t *value);

/* ---- request bases ------------------------------------------------------ */

/* The base of a request body: raw_json parsed (or {} when NULL), with every
 * JSON null removed (recursively: the service rejects some, and null means
 * "not set" anyway), the ARM envelope's read-only members removed (id, name,
 * type, systemData, identity.principalId/tenantId, and principalId/clientId
 * of each user-assigned identity), and then each of the dot-separated
 * `ro_paths` (NULL-terminated). AML_ERR_PARSE when raw_json is not an object
 * (message names `what`). */
aml_result aml__jw_base(const char *raw_json, const char *const *ro_paths, const char *what,
                        json_t **out, aml_error **err);
/* Remove the member at a dot-separated path, if present. */
void aml__jw_remove(json_t *root, const char *path);
/* Dump compactly into an aml_free()-able string; AML_ERR_NOMEM reported. */
aml_result aml__jw_dump(const json_t *root, char **out, aml_error **err);

/* ---- ARM ids ------------------------------------------------------------ */

/* The workspace an entity lives in; used to expand short references
 * (a bare compute name, azureml:<name>:<version>) into ARM ids. */
typedef struct aml__arm_scope {
  const char *subscription_id;
  const char *resource_group;
  const char *workspace;
} aml__arm_scope;

/* The name that follows the resource type `collection` (case-insensitive) in
 * an ARM id's type/name pairs (after /providers/<namespace>), copied into the
 * arena; *out NULL when absent. -1 when out of memory. */
int aml__arm_id_segment(aml__arena *a, const char *id, const char *collection, const char **out);
/* "azureml:" stripped from a compute reference ("azureml://..." is kept). */
const char *aml__compute_ref_strip(const char *compute);
/* A compute reference as it goes on the wire: prefix stripped; with a scope,
 * a bare name becomes the workspace compute's ARM id. Returns a new json
 * string (NULL when out of memory). */
json_t *aml__compute_ref_json(const char *compute, const aml__arm_scope *scope);
/* An asset reference as it goes on the wire: with a scope,
 * "azureml:<name>:<version>" becomes
 * /subscriptions/../workspaces/<ws>/<collection>/<name>/versions/<version>;
 * anything else is sent unchanged. Returns a new json string or NULL. */
json_t *aml__asset_ref_json(const char *ref, const char *collection, const aml__arm_scope *scope);

/* ---- copying (clone) ----------------------------------------------------
 * NULL in -> NULL out with 0 returned; -1 when out of memory. */
int aml__copy_str(aml__arena *a, const char *in, const char **out);
int aml__copy_str_secret(aml__arena *a, const char *in, const char **out);
int aml__copy_map(aml__arena *a, const aml_string_pair *in, size_t count, const aml_string_pair **out);
int aml__copy_strv(aml__arena *a, const char *const *in, size_t count, const char *const **out);

#endif
