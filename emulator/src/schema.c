#include "schema.h"

#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "validate.h"

json_t *em_schema_member(const json_t *obj, const char *key, bool ci)
{
    if (!json_is_object(obj))
        return NULL;
    json_t *v = json_object_get(obj, key);
    if (v || !ci)
        return v;
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)obj, k, x) {
        if (strcasecmp(k, key) == 0)
            return x;
    }
    return NULL;
}

static const char *type_name(em_jtype t)
{
    switch (t) {
    case EM_J_STRING: return "a string";
    case EM_J_INT32: return "an integer (int32)";
    case EM_J_INT64: return "an integer";
    case EM_J_NUMBER: return "a number";
    case EM_J_BOOL: return "true or false";
    case EM_J_OBJECT: return "an object";
    case EM_J_ARRAY: return "an array";
    case EM_J_DURATION: return "an ISO-8601 duration such as PT30S";
    default: return "a value";
    }
}

static bool type_ok(em_jtype t, const json_t *v)
{
    switch (t) {
    case EM_J_ANY: return true;
    case EM_J_STRING: return json_is_string(v);
    case EM_J_INT32:
        return json_is_integer(v) && json_integer_value(v) >= INT32_MIN &&
               json_integer_value(v) <= INT32_MAX;
    case EM_J_INT64: return json_is_integer(v);
    case EM_J_NUMBER: return json_is_number(v);
    case EM_J_BOOL: return json_is_boolean(v);
    case EM_J_OBJECT: return json_is_object(v);
    case EM_J_ARRAY: return json_is_array(v);
    case EM_J_DURATION: return json_is_string(v) && em_valid_duration(json_string_value(v));
    }
    return false;
}

static bool fail(em_schema_error *err, const char *path, const char *code, const char *fmt,
                 const char *a1, const char *a2)
{
    snprintf(err->path, sizeof err->path, "%s", path);
    err->code = code;
    snprintf(err->message, sizeof err->message, fmt, path, a1 ? a1 : "", a2 ? a2 : "");
    return false;
}

/* "A, B or C" into buf. */
static const char *enum_list(const char *const *e, char *buf, size_t n)
{
    buf[0] = '\0';
    for (size_t i = 0; e[i]; i++) {
        size_t used = strlen(buf);
        snprintf(buf + used, n - used, "%s%s", i == 0 ? "" : (e[i + 1] ? ", " : " or "), e[i]);
    }
    return buf;
}

static bool pattern_ok(const char *pattern, const char *s)
{
    regex_t re;
    /* The spec's patterns are fixed strings of this file's tables; one that
     * does not compile is a bug there, reported as a mismatch. */
    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
        return false;
    bool ok = regexec(&re, s, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

/* The checks of f on a value v that is present (not null). */
static bool check_value(const em_field *f, const json_t *v, const char *path,
                        em_schema_error *err)
{
    char buf[320];
    if (!type_ok(f->type, v)) {
        if (f->type == EM_J_DURATION && json_is_string(v))
            return fail(err, path, "InvalidFieldValue",
                        "'%s' must be an ISO-8601 duration such as PT30S; '%s' is not.",
                        json_string_value(v), NULL);
        if (f->type == EM_J_INT32 && json_is_integer(v))
            return fail(err, path, "InvalidFieldValue",
                        "'%s' is out of range: it is an int32 (-2147483648 to 2147483647).",
                        NULL, NULL);
        return fail(err, path, "InvalidFieldValue", "'%s' must be %s.", type_name(f->type), NULL);
    }
    if ((f->flags & EM_F_RANGED) && json_is_integer(v) &&
        (json_integer_value(v) < f->min || json_integer_value(v) > f->max)) {
        char lo[24], hi[24];
        snprintf(lo, sizeof lo, "%lld", f->min);
        snprintf(hi, sizeof hi, "%lld", f->max);
        return fail(err, path, "InvalidFieldValue", "'%s' must be from %s to %s.", lo, hi);
    }
    if (!json_is_string(v))
        return true;
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (f->enums && !em_enum_match(s, f->enums))
        return fail(err, path, "InvalidFieldValue", "'%s' must be one of %s; '%s' is not.",
                    enum_list(f->enums, buf, sizeof buf), s);
    if (n < f->min_len) {
        snprintf(buf, sizeof buf, "%zu", f->min_len);
        return fail(err, path, "InvalidFieldValue", "'%s' must have at least %s characters.",
                    buf, NULL);
    }
    if (f->max_len && n > f->max_len) {
        snprintf(buf, sizeof buf, "%zu", f->max_len);
        return fail(err, path, "InvalidFieldValue", "'%s' must have at most %s characters.", buf,
                    NULL);
    }
    if (f->pattern && !pattern_ok(f->pattern, s))
        return fail(err, path, "InvalidFieldValue", "'%s' does not match the pattern %s.",
                    f->pattern, NULL);
    return true;
}

static bool when_holds(const em_field *f, const json_t *holder, bool ci)
{
    if (!f->when_key)
        return true;
    const char *d = json_string_value(em_schema_member(holder, f->when_key, ci));
    return d && em_enum_match(d, f->when);
}

/* Walk the rest of f's path (rest, NUL-separated segments in a copy) from
 * node, whose concrete path is at; checks the field at the end. */
static bool walk(const em_schema *s, const em_field *f, const json_t *node, const char *rest,
                 const char *at, em_schema_error *err)
{
    const char *dot = strchr(rest, '.');
    size_t seglen = dot ? (size_t)(dot - rest) : strlen(rest);
    char seg[96];
    if (seglen >= sizeof seg)
        return true;
    memcpy(seg, rest, seglen);
    seg[seglen] = '\0';
    char path[256];
    if (strcmp(seg, "*") == 0) {
        /* Every member of the map node (its own rule checks it is one). */
        if (!json_is_object(node))
            return true;
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)node, k, v) {
            snprintf(path, sizeof path, "%s%s%s", at, *at ? "." : "", k);
            if (!dot) {
                if (json_is_null(v) && !(f->flags & EM_F_NOT_NULL))
                    continue;
                if (json_is_null(v))
                    return fail(err, path, "InvalidFieldValue", "'%s' must not be null.", NULL,
                                NULL);
                if (!check_value(f, v, path, err))
                    return false;
            } else if (!walk(s, f, v, dot + 1, path, err)) {
                return false;
            }
        }
        return true;
    }
    if (!json_is_object(node))
        return true; /* a parent of the wrong type is its own rule's failure */
    snprintf(path, sizeof path, "%s%s%s", at, *at ? "." : "", seg);
    json_t *v = em_schema_member(node, seg, s->ci_keys);
    if (dot)
        return !v || json_is_null(v) || walk(s, f, v, dot + 1, path, err);
    if (!when_holds(f, node, s->ci_keys))
        return true;
    if (!v || json_is_null(v)) {
        if (f->flags & EM_F_REQUIRED)
            return fail(err, path, "RequiredFieldMissing", "The '%s' field is required%s%s.",
                        f->type == EM_J_ANY ? "" : " and must be ",
                        f->type == EM_J_ANY ? NULL : type_name(f->type));
        if (v && (f->flags & EM_F_NOT_NULL))
            return fail(err, path, "InvalidFieldValue", "'%s' must not be null.", NULL, NULL);
        return true;
    }
    return check_value(f, v, path, err);
}

bool em_schema_check(const em_schema *s, const json_t *body, em_schema_error *err)
{
    for (size_t i = 0; i < s->nfields; i++)
        if (!walk(s, &s->fields[i], body, s->fields[i].path, "", err))
            return false;
    return true;
}
