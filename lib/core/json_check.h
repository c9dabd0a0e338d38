/* A non-allocating JSON syntax checker that accepts what jansson's parser
 * accepts at the syntax level. jansson reports some allocation failures as
 * syntax errors ("string or '}' expected") or with no code at all; when it
 * fails on text this checker finds well-formed, the failure was memory. */
#ifndef AML_CORE_JSON_CHECK_H
#define AML_CORE_JSON_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/* True when data[0..len) is an object or array, optionally surrounded by
 * whitespace, that follows the JSON grammar as jansson reads it (strict
 * numbers, escapes, no control characters in strings, paired surrogates in
 * \u escapes, nesting at most 2048 deep). UTF-8 validity, \u0000, number
 * ranges and duplicate keys are not checked: jansson reports those with their
 * own error codes, never as a syntax error. */
bool aml__json_syntax_ok(const char *data, size_t len);

#endif
