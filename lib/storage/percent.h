/* Percent-decoding (query values for Shared Key, Encoded="true" list names). */
#ifndef AML_STORAGE_PERCENT_H
#define AML_STORAGE_PERCENT_H

#include <stddef.h>

/* A new string with every valid %XX decoded ('+' stays '+': RFC 3986, not
 * forms); an invalid escape is kept as written. NULL when out of memory. */
char *aml__percent_decode(const char *s, size_t len);

#endif
