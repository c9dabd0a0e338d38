/* What may be printed of a header: allow-listed names print their value,
 * everything else (Authorization first) prints REDACTED. */
#ifndef AML_HTTP_REDACT_H
#define AML_HTTP_REDACT_H

#include <stdbool.h>

bool aml__header_is_loggable(const char *name);
/* Headers whose values are URLs: printed with their query redacted. */
bool aml__header_is_url(const char *name);

#endif
