/* The service's naming and value rules, written from ARM-API.md §2/§3 (not
 * shared with the SDK, whose client-side copy these tests cross-check). */
#ifndef EM_VALIDATE_H
#define EM_VALIDATE_H

#include <stdbool.h>
#include <stdint.h>

/* Batch endpoint/deployment: 3-32 chars, ^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$ */
bool em_valid_endpoint_name(const char *s);
/* Compute: ^[a-zA-Z](?![a-zA-Z0-9-]*-\d+$)[a-zA-Z0-9\-]{2,23}$ */
bool em_valid_compute_name(const char *s);
/* Asset names/versions: 1-255 of [A-Za-z0-9._-], starting alphanumeric. */
bool em_valid_asset_name(const char *s);
/* Job names: 1-255 of [A-Za-z0-9_-]. */
bool em_valid_job_name(const char *s);
/* Datastore and data asset names: ^[a-zA-Z0-9][a-zA-Z0-9\-_]{0,254}$. */
bool em_valid_data_name(const char *s);
/* ISO-8601 duration (PnYnMnDTnHnMnS, PnW). */
bool em_valid_duration(const char *s);
/* Its length in milliseconds (years 365 days, months 30); false when invalid. */
bool em_duration_ms(const char *s, int64_t *ms);
/* Case-insensitive match against a NULL-terminated list; returns the
 * canonical spelling or NULL. */
const char *em_enum_match(const char *value, const char *const *allowed);

#endif
