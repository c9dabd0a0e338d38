/* Helpers shared by the readers of blob properties (headers, list XML). */
#ifndef AML_STORAGE_PROPS_IMPL_H
#define AML_STORAGE_PROPS_IMPL_H

#include "storage/blob.h"

/* Decode a base64 MD5; false unless it is exactly 16 bytes. */
bool aml__blob_md5_from_base64(const char *b64, uint8_t out[16]);
/* A whole string of decimal digits as uint64_t; false on anything else or overflow. */
bool aml__blob_parse_u64(const char *s, uint64_t *out);
/* Replace *field with a copy of value (NULL value: unchanged). */
aml_result aml__blob_props_set_str(char **field, const char *value);

#endif
