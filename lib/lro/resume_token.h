/* Resume tokens: a poller's state as "aml1." + base64url(JSON), so another
 * process can pick the operation up. Versioned; holds URLs, never secrets. */
#ifndef AML_LRO_RESUME_TOKEN_H
#define AML_LRO_RESUME_TOKEN_H

#include "lro/poller_impl.h"

#define AML_RESUME_TOKEN_PREFIX "aml1."
#define AML_RESUME_TOKEN_VERSION 1

typedef struct aml_resume_fields {
  char *operation;
  int32_t result_kind;
  aml_final_state final_state;
  char *method;
  char *url;
  aml_lro_strategy strategy;
  char *poll_url;     /* NULL when done */
  char *location_url; /* nullable */
} aml_resume_fields;

aml_result aml__resume_token_encode(const aml_poller_state *s, char **out, aml_error **err);
/* AML_ERR_RESUME_TOKEN for anything malformed; the message says what. */
aml_result aml__resume_token_decode(const char *token, aml_resume_fields *out, aml_error **err);
void aml__resume_fields_clear(aml_resume_fields *f);

#endif
