/* Waiting for a job with the poller machinery (aml_jobs_begin_wait). */
#ifndef AML_ML_JOB_WAIT_H
#define AML_ML_JOB_WAIT_H

#include "lro/poller_impl.h"

/* The status reader of a job-wait poller (AML_LRO_CUSTOM, AML_RESULT_JOB):
 * `owner` is the client. Also used to resume such a poller from a token. */
aml_result aml__job_wait_read(aml_poller *p, void *owner, const aml_http_response *resp, aml_error **err);

#endif
