/* A table-driven check of request bodies against the REST spec's schemas:
 * each resource describes its fields (path, JSON type, enum, range, length,
 * pattern, required) and one walker checks a body against the table. The
 * tables are in schemas.c; the arm_* modules call em_arm_check_schema()
 * before their own rules (regions, VM sizes, asset references, ...), which
 * need the store or several fields at once.
 *
 * What is checked is what the spec declares for request bodies; readOnly
 * fields and members the spec does not know are ignored, as the service
 * ignores them (clients send back what GET returned). */
#ifndef EM_SCHEMA_H
#define EM_SCHEMA_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum em_jtype {
    EM_J_ANY = 0,  /* any JSON value (only required/when apply) */
    EM_J_STRING,
    EM_J_INT32,    /* integer within int32 (and min/max when ranged) */
    EM_J_INT64,    /* integer (jansson holds int64) */
    EM_J_NUMBER,   /* integer or real */
    EM_J_BOOL,
    EM_J_OBJECT,
    EM_J_ARRAY,
    EM_J_DURATION, /* string, ISO-8601 duration (format: duration) */
} em_jtype;

/* Field flags. */
#define EM_F_REQUIRED 0x1u /* present and not null whenever its parent object is */
#define EM_F_NOT_NULL 0x2u /* null is refused (by default null means absent) */
#define EM_F_RANGED 0x4u   /* min/max apply (integers) */

/* One rule. path is dotted from the body's root; a "*" segment stands for
 * every member of a map (inputs.*.uri). when_key/when (optional): the rule
 * applies only when the object holding the field has member when_key equal
 * (case-insensitively) to one of when (discriminated unions). */
typedef struct em_field {
    const char *path;
    em_jtype type;
    unsigned flags;
    const char *const *enums; /* NULL-terminated, matched case-insensitively */
    long long min, max;       /* with EM_F_RANGED */
    size_t min_len;           /* strings: at least this many characters */
    size_t max_len;           /* strings: at most (0 = no limit) */
    const char *pattern;      /* strings: POSIX ERE that must match somewhere */
    const char *when_key;
    const char *const *when;
} em_field;

typedef struct em_schema {
    const char *name; /* "BatchEndpoint": the spec definition, for messages */
    const em_field *fields;
    size_t nfields;
    bool ci_keys; /* member names matched case-insensitively (the batch data
                   * plane accepts the docs' PascalCase: InputData, Uri) */
} em_schema;

/* What failed: the JSON path of the offending field (concrete: map members
 * named), the detail code (RequiredFieldMissing or InvalidFieldValue) and a
 * one-line message. */
typedef struct em_schema_error {
    char path[256];
    const char *code;
    char message[512];
} em_schema_error;

/* Checks body against s, rules in table order (parents before their
 * members); true when every rule holds, else false with *err describing the
 * first failure. */
bool em_schema_check(const em_schema *s, const json_t *body, em_schema_error *err);

/* The member of obj named key, exactly or (ci) case-insensitively. */
json_t *em_schema_member(const json_t *obj, const char *key, bool ci);

#endif
