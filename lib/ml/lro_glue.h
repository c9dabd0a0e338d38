/* Starting and resuming pollers on a client, and their typed results. */
#ifndef AML_ML_LRO_GLUE_H
#define AML_ML_LRO_GLUE_H

#include "lro/poller_impl.h"
#include "ml/client_impl.h"

/* Tags for typed poller results (stored in resume tokens: append only). */
enum {
  AML_RESULT_NONE = 0,
  AML_RESULT_BATCH_ENDPOINT = 1,
  AML_RESULT_BATCH_DEPLOYMENT = 2,
  AML_RESULT_COMPUTE = 3,
  AML_RESULT_MODEL_VERSION = 4,
  AML_RESULT_CODE_VERSION = 5,
  AML_RESULT_ENVIRONMENT_VERSION = 6,
  AML_RESULT_JOB = 7,
  /* Pager-only kinds (never in a poller), numbered apart from the above. */
  AML_RESULT_DATASTORE = 20,
  AML_RESULT_DATA_ASSET = 21,
};

/* Send the operation's first request (errors for status >= 400) and wrap
 * the answer in a poller that keeps a reference to the client. */
aml_result aml__client_begin(aml_client *c, const char *method, const char *url, const char *json_body,
                             const char *operation, int32_t result_kind, aml_final_state final_state,
                             aml_poller **out, aml_error **err);

/* As aml__client_begin, for a POST that is safe to repeat (a job cancel):
 * the retry policy may send it again. */
aml_result aml__client_begin_idempotent(aml_client *c, const char *method, const char *url, const char *json_body,
                                        const char *operation, int32_t result_kind, aml_final_state final_state,
                                        aml_poller **out, aml_error **err);

/* A poller on a resource whose status lib/ml reads with `read` (a job
 * wait, AML_LRO_CUSTOM): no request before its first poll, which GETs `url`. */
aml_result aml__client_begin_custom(aml_client *c, const char *url, const char *operation, int32_t result_kind,
                                    aml_lro_read_fn read, aml_poller **out, aml_error **err);

/* The typed result of a done poller, parsed once and cached on it. Returns
 * NULL when not done, not succeeded, of another kind, or unparsable. */
typedef aml_result (*aml_result_parse_fn)(const char *json, void **out, aml_error **err);
const void *aml__poller_typed(aml_poller *p, int32_t kind, aml_result_parse_fn parse, void (*free_fn)(void *));

#endif
