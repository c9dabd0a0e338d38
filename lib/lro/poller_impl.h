/* Internal side of aml_poller: the ARM long-running-operation engine. It
 * knows HTTP and the ARM rules, never what resource it is creating: lib/ml
 * starts pollers and turns their JSON results into typed entities. */
#ifndef AML_LRO_POLLER_IMPL_H
#define AML_LRO_POLLER_IMPL_H

#include <azureml/poller.h>

#include "core/sync.h"
#include "http/pipeline.h"

/* Where the final resource is read after success (ARM final-state-via). */
typedef enum aml_final_state {
  AML_FINAL_ORIGINAL_URI = 0, /* PUT (and PATCH without a Location): GET the request URL */
  AML_FINAL_LOCATION = 1,     /* PATCH/DELETE/POST: the Location URL's final answer */
  AML_FINAL_NONE = 2,         /* nothing to read (delete, cancel) */
} aml_final_state;

typedef enum aml_lro_strategy {
  AML_LRO_DONE = 0,     /* finished on the initial response */
  AML_LRO_ASYNC_OP = 1, /* poll Azure-AsyncOperation: 200 + {status} */
  AML_LRO_LOCATION = 2, /* poll Location: 202 while running */
  AML_LRO_STATUS = 3,   /* poll the resource's properties.provisioningState */
  AML_LRO_CUSTOM = 4,   /* poll the resource; lib/ml's read_status reads its status (a job) */
} aml_lro_strategy;

/* Reads one 2xx answer of a custom poll (AML_LRO_CUSTOM) for a status the
 * ARM rules do not cover (a job's properties.status). `owner` is the
 * config's owner. It sets the status with aml__poller_set_status() and, at a
 * terminal status, ends the poller with aml__poller_finish(). A negative
 * return is the poll's error; the poller stays usable. */
typedef aml_result (*aml_lro_read_fn)(aml_poller *p, void *owner, const aml_http_response *resp, aml_error **err);

/* What lib/ml hands the engine. `owner` is kept alive (e.g. the client) for
 * as long as the poller uses `pipeline`. */
typedef struct aml_lro_config {
  const aml_pipeline *pipeline;
  void *owner;
  void (*owner_unref)(void *owner);
  const char *arm_base_url;   /* only URLs on this scheme://host:port are followed */
  int64_t default_interval_ms;
  const char *operation;      /* e.g. "batch_endpoints.begin_create_or_update" */
  int32_t result_kind;        /* lib/ml's tag for typed results */
  aml_final_state final_state;
  aml_lro_read_fn read_status; /* required by AML_LRO_CUSTOM pollers, else NULL */
} aml_lro_config;

/* Build a poller from the initial response of an operation (status < 400). */
aml_result aml__poller_start(const aml_lro_config *cfg, const char *method, const char *url,
                             const aml_http_response *initial, aml_poller **out, aml_error **err);

/* Build a poller from the fields of a resume token (lib/lro/resume_token.c). */
aml_result aml__poller_resume(const aml_lro_config *cfg, const char *method, const char *url,
                              aml_lro_strategy strategy, const char *poll_url, const char *location_url,
                              aml_poller **out, aml_error **err);

/* A poller that makes no request yet and GETs `url` on each poll, read by
 * cfg->read_status (AML_LRO_CUSTOM). */
aml_result aml__poller_start_custom(const aml_lro_config *cfg, const char *url, aml_poller **out, aml_error **err);

/* For read_status: the latest status (neutralised like every wire status),
 * and the end of the operation: `outcome` (AML_OK or a negative code),
 * `failure` [transfer full, nullable] the error handed out for a negative
 * outcome, `result_json` [nullable] copied. Only AML_ERR_NOMEM fails (the
 * poller then stays running and `failure` is freed). */
aml_result aml__poller_set_status(aml_poller *p, const char *status);
aml_result aml__poller_finish(aml_poller *p, const char *status, aml_result outcome, aml_error *failure,
                              const char *result_json);

/* Typed results, cached on the poller by lib/ml. */
int32_t aml__poller_result_kind(const aml_poller *p);
void *aml__poller_typed_result(const aml_poller *p);
void aml__poller_set_typed_result(aml_poller *p, void *obj, void (*free_fn)(void *));
/* Hand the typed result to the caller [transfer full]; the poller forgets it. */
void *aml__poller_detach_typed_result(aml_poller *p);

/* Token plumbing. */
typedef struct aml_poller_state {
  const char *operation;
  int32_t result_kind;
  aml_final_state final_state;
  const char *method;
  const char *url;
  aml_lro_strategy strategy;
  const char *poll_url;
  const char *location_url;
} aml_poller_state;
void aml__poller_get_state(const aml_poller *p, aml_poller_state *out);

/* "scheme://host[:port]" of a URL equals that of base (case-insensitive). */
bool aml__url_same_origin(const char *url, const char *base);

#endif
