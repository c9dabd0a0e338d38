/**
 * @file azureml/jobs.h
 * @brief Jobs (azure-ai-ml `ml_client.jobs`): what a batch-endpoint invoke
 *        starts. Get, list, cancel, and wait for a terminal status.
 *
 * A job's status moves through NotStarted, Starting, Preparing, Queued,
 * Running, Finalizing, ... to one of the terminal Completed, Failed or
 * Canceled. Its type is server-defined (batch jobs are pipeline jobs today):
 * read `status`, treat `job_type` as opaque.
 *
 * @threadsafety Every function may be called concurrently on one client; an
 *        ::aml_job is used by one thread at a time.
 */
#ifndef AZUREML_JOBS_H
#define AZUREML_JOBS_H

#include "client.h"
#include "pager.h"
#include "poller.h"

AML_BEGIN_DECL

/** Version of ::aml_job understood by this header. */
#define AML_JOB_VERSION 1

/** Terminal status: the job finished its work. */
#define AML_JOB_STATUS_COMPLETED "Completed"
/** Terminal status: the job failed. */
#define AML_JOB_STATUS_FAILED "Failed"
/** Terminal status: the job was canceled. */
#define AML_JOB_STATUS_CANCELED "Canceled"

/**
 * @brief A job as the service describes it. Read-only; returned by the
 *        library, which owns every string; free with aml_job_free().
 */
typedef struct aml_job {
  uint32_t version;                  /**< #AML_JOB_VERSION. */
  const char *id;                    /**< [nullable] ARM resource id. */
  const char *name;                  /**< The job name (its id for every later call). */
  const char *status;                /**< [nullable] `properties.status`, e.g. "Running". */
  const char *job_type;              /**< [nullable] `properties.jobType` (opaque). */
  const char *display_name;          /**< [nullable] */
  const char *experiment_name;       /**< [nullable] */
  const char *description;           /**< [nullable] */
  const char *compute_id;            /**< [nullable] */
  const aml_string_pair *tags;       /**< [nullable] `properties.tags`. */
  size_t tags_count;                 /**< Entries in @c tags. */
  const aml_string_pair *properties; /**< [nullable] `properties.properties`. */
  size_t properties_count;           /**< Entries in @c properties. */
  const char *created_at;            /**< [nullable] `systemData.createdAt` (ISO-8601). */
  const char *raw_json;              /**< The resource as the service sent it. */
} aml_job;

/**
 * @brief 1 when @p status is Completed, Failed or Canceled (any case), else 0.
 * @param status [nullable] a job status.
 * @threadsafety Safe from any thread.
 */
AML_API int32_t aml_job_status_is_terminal(const char *status);

/**
 * @brief Parse a job (an ARM `JobBase` or a batch invoke's `BatchJobResource`).
 * @param json NUL-terminated JSON text.
 * @param[out] out [transfer full] free with aml_job_free().
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_PARSE not a JSON object, or a member of the wrong type.
 * @retval AML_ERR_NOMEM
 */
AML_API aml_result aml_job_from_json(const char *json, aml_job **out, aml_error **err);

/**
 * @brief Free a job the library returned. NULL and pointers the library did not return are ignored.
 * @param job [nullable][transfer full] the job to free.
 */
AML_API void aml_job_free(aml_job *job);

/**
 * @brief Get a job (`GET {workspace}/jobs/{name}`).
 * @param client the client [transfer none].
 * @param name the job name.
 * @param[out] out [transfer full] free with aml_job_free().
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOT_FOUND no such job.
 */
AML_API aml_result aml_jobs_get(aml_client *client, const char *name, aml_job **out, aml_error **err);

/**
 * @brief List the workspace's jobs; read them with aml_pager_next_job().
 * @param client the client [transfer none].
 * @param[out] out [transfer full] free with aml_pager_free().
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 */
AML_API aml_result aml_jobs_list(aml_client *client, aml_pager **out, aml_error **err);

/**
 * @brief The next job of a pager from aml_jobs_list().
 * @param pager a pager from aml_jobs_list().
 * @param[out] out [transfer full] free with aml_job_free(); NULL at the end.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ITER_END no more jobs.
 * @retval AML_ERR_INVALID_ARG NULL argument, or a pager of another list.
 */
AML_API aml_result aml_pager_next_job(aml_pager *pager, aml_job **out, aml_error **err);

/**
 * @brief Ask the service to cancel a job (`POST .../jobs/{name}/cancel`, long-running).
 *        When the poller is done the cancel was accepted; the job then moves
 *        through CancelRequested to Canceled (see aml_jobs_wait()).
 * @param client the client [transfer none].
 * @param name the job name.
 * @param[out] out [transfer full] free with aml_poller_free().
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK accepted.
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOT_FOUND no such job.
 */
AML_API aml_result aml_jobs_begin_cancel(aml_client *client, const char *name, aml_poller **out,
                                         aml_error **err);

/**
 * @brief Wait until a job reaches a terminal status, reading it every
 *        `poll_interval_ms` of the client (or the service's Retry-After).
 * @param client the client [transfer none].
 * @param name the job name.
 * @param timeout_ms deadline from now in ms; negative waits without one.
 * @param[out] out [nullable][transfer full] the job as last read (also on
 *        #AML_ERR_STILL_RUNNING and on a Failed/Canceled job); free with aml_job_free().
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK the job Completed.
 * @retval AML_ERR_OPERATION_FAILED the job Failed.
 * @retval AML_ERR_CANCELED the job was Canceled.
 * @retval AML_ERR_STILL_RUNNING the deadline came first.
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval other negative codes when the job could not be read.
 */
AML_API aml_result aml_jobs_wait(aml_client *client, const char *name, int64_t timeout_ms, aml_job **out,
                                 aml_error **err);

AML_END_DECL

#endif /* AZUREML_JOBS_H */
