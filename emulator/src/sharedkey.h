/* Shared Key authorization of Blob requests, written from the REST docs
 * ("Authorize with Shared Key", Blob/Queue/File services, version
 * 2009-09-19 and later), not from any SDK: the emulator is the independent
 * side of the SDK's signing code. */
#ifndef EM_SHAREDKEY_H
#define EM_SHAREDKEY_H

#include "http.h"

/* The string-to-sign of req for account (caller frees):
 *   VERB, Content-Encoding, Content-Language, Content-Length (empty when 0),
 *   Content-MD5, Content-Type, Date (empty when x-ms-date is sent),
 *   If-Modified-Since, If-Match, If-None-Match, If-Unmodified-Since, Range,
 *   each followed by "\n"; then the x-ms-* headers (lower-cased names,
 *   sorted, "name:value\n", values trimmed, repeated headers comma-joined);
 *   then "/" account + the encoded request path, and per query parameter,
 *   sorted by lower-cased name, "\nname:value" (decoded values, repeated
 *   names' values sorted and comma-joined). */
char *em_sharedkey_string_to_sign(const em_request *req, const char *account);

#endif
