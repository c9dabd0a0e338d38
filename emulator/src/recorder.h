/* A bounded in-memory record of the requests received, for tests to assert
 * what an SDK put on the wire (GET /_emulator/requests). Kept in memory, not
 * SQLite: it is an observation aid, must not slow the hot path with writes,
 * and has no business surviving a restart. Secrets never enter it: the
 * Authorization header and credential form fields are redacted on the way in. */
#ifndef EM_RECORDER_H
#define EM_RECORDER_H

#include <jansson.h>

#include "http.h"

typedef struct em_recorder em_recorder;

em_recorder *em_recorder_new(int limit);
void em_recorder_free(em_recorder *r);
void em_recorder_add(em_recorder *r, const em_request *req, int status);
/* Entries with seq > since whose path contains `contains` (NULL = all),
 * oldest first. */
json_t *em_recorder_list(em_recorder *r, long since, const char *contains, const char *method);
void em_recorder_clear(em_recorder *r);

#endif
