/* Fault injection: throttling (429 + Retry-After), server errors, dropped
 * connections and slow responses, selected by path prefix/substring/method,
 * applied at a rate (seeded PRNG, so a test run is reproducible) and/or for
 * the next N matching requests. Rules come from --fault flags and from the
 * control API; both use the same keys (README "Fault injection"). */
#ifndef EM_FAULTS_H
#define EM_FAULTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "http.h"

typedef struct em_faults em_faults;

em_faults *em_faults_new(uint64_t seed);
void em_faults_free(em_faults *f);
void em_faults_seed(em_faults *f, uint64_t seed);
/* "status=503,count=2,prefix=/subscriptions" style. Returns rule id or -1. */
int em_faults_add_spec(em_faults *f, const char *spec, char **err);
/* {"status":503,"count":2,"pathPrefix":...}. Returns rule id or -1. */
int em_faults_add_json(em_faults *f, const json_t *rule, char **err);
bool em_faults_remove(em_faults *f, int id);
void em_faults_clear(em_faults *f);
json_t *em_faults_list(em_faults *f);
/* Evaluate the rules for a request. Sets resp->delay_ms and, for a status or
 * drop fault, fills resp (or resp->drop) and returns true: the request must
 * not be handled further. */
bool em_faults_apply(em_faults *f, const em_request *req, em_response *resp);

#endif
