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

/** Version of ::aml_job understood by this header (2 added inputs, outputs, times and the failure reason). */
#define AML_JOB_VERSION 2

/** Terminal status: the job finished its work. */
#define AML_JOB_STATUS_COMPLETED "Completed"
/** Terminal status: the job failed. */
#define AML_JOB_STATUS_FAILED "Failed"
/** Terminal status: the job was canceled. */
#define AML_JOB_STATUS_CANCELED "Canceled"
/** Terminal status (as azure-ai-ml counts it): the service lost contact with the job. */
#define AML_JOB_STATUS_NOT_RESPONDING "NotResponding"
/** Terminal status (as azure-ai-ml counts it): the job was paused and does not go on by itself. */
#define AML_JOB_STATUS_PAUSED "Paused"

/** Input type: a folder (the default). */
#define AML_INPUT_TYPE_URI_FOLDER "uri_folder"
/** Input type: one file. */
#define AML_INPUT_TYPE_URI_FILE "uri_file"
/** Input type: an MLTable. */
#define AML_INPUT_TYPE_MLTABLE "mltable"
/** Input type: a literal value (pipeline-component deployments). */
#define AML_INPUT_TYPE_LITERAL "literal"

/** Version of ::aml_job_input understood by this header. */
#define AML_JOB_INPUT_VERSION 1

/** @brief One named input of a job. */
typedef struct aml_job_input {
  uint32_t version;  /**< #AML_JOB_INPUT_VERSION, set by aml_job_input_init(). */
  const char *name;  /**< Input name, e.g. "heart_dataset". Required. */
  const char *type;  /**< #AML_INPUT_TYPE_URI_FOLDER (init), _URI_FILE, _MLTABLE, _LITERAL, or a wire value. */
  /** Where the data is (non-literal inputs): an `https://` URL,
   *  `azureml://datastores/<ds>/paths/<path>`, or a data asset's ARM id. */
  const char *uri;
  const char *value; /**< The value of a literal input. */
} aml_job_input;

/**
 * @brief Set the defaults: type #AML_INPUT_TYPE_URI_FOLDER, every string else NULL.
 * @param[out] input the input to initialise.
 * @param version #AML_JOB_INPUT_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p input.
 * @retval AML_ERR_VERSION unknown @p version.
 */
AML_API aml_result aml_job_input_init(aml_job_input *input, uint32_t version);

/** Output type: a folder (the default). */
#define AML_OUTPUT_TYPE_URI_FOLDER "uri_folder"
/** Output type: one file. */
#define AML_OUTPUT_TYPE_URI_FILE "uri_file"

/** Name of a batch job's scoring output (the predictions). */
#define AML_JOB_OUTPUT_SCORE "score"
/** Name of a job's default output: the folder that holds its logs. */
#define AML_JOB_OUTPUT_DEFAULT "default"

/** Version of ::aml_job_output understood by this header. */
#define AML_JOB_OUTPUT_VERSION 1

/**
 * @brief One named output of a job: where a job writes (invoke), or where it
 *        wrote (a returned ::aml_job). Passed and returned by pointer only.
 */
typedef struct aml_job_output {
  uint32_t version; /**< #AML_JOB_OUTPUT_VERSION, set by aml_job_output_init(). */
  const char *name; /**< Output name, e.g. "score". Required. */
  const char *type; /**< #AML_OUTPUT_TYPE_URI_FOLDER (init), _URI_FILE, or a wire value. */
  /** Where the output goes: `azureml://datastores/<ds>/paths/<path>` (folders end with '/'),
   *  its long form, or an `https://` storage URL. Required on invoke; [nullable] in a returned job. */
  const char *uri;
  const char *mode; /**< [nullable] `mode` as the service reports it (returned jobs only). */
} aml_job_output;

/**
 * @brief Set the defaults: type #AML_OUTPUT_TYPE_URI_FOLDER, every string else NULL.
 * @param[out] output the output to initialise.
 * @param version #AML_JOB_OUTPUT_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p output.
 * @retval AML_ERR_VERSION unknown @p version.
 * @threadsafety Safe from any thread on distinct structs.
 */
AML_API aml_result aml_job_output_init(aml_job_output *output, uint32_t version);

/**
 * @brief A job as the service describes it. Read-only; returned by the
 *        library, which owns every string; free with aml_job_free().
 *
 * Read from the ARM `JobBase` (aml_jobs_get()), or from the data plane's
 * `BatchJobResource` (an invoke's answer, the endpoint and deployment job
 * lists). Input and output types are given in the ARM spelling
 * (`uri_folder`), whichever of the two the service answered with. The run
 * history fields (@c start_time, @c end_time, @c error_code,
 * @c error_message) are filled by aml_jobs_get_details() and
 * aml_jobs_wait(); other calls leave them NULL unless the body carried them.
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
  /* ---- version 2 ---- */
  /** [nullable] The inputs (`properties.inputs`, or `inputData` of the data plane), in the
   *  service's order; library-owned. */
  const aml_job_input *const *inputs;
  size_t inputs_count;               /**< Entries in @c inputs. */
  /** [nullable] The outputs (`properties.outputs`, or `outputData`), e.g. "score" and
   *  "default" of a batch job; library-owned. */
  const aml_job_output *const *outputs;
  size_t outputs_count;              /**< Entries in @c outputs. */
  const char *start_time;            /**< [nullable] When the job started (ISO-8601, run history `startTimeUtc`). */
  const char *end_time;              /**< [nullable] When it ended (ISO-8601, run history `endTimeUtc`). */
  const char *error_code;            /**< [nullable] Why it failed: the service's error code. */
  const char *error_message;         /**< [nullable] Why it failed: the service's message. */
  const char *provisioning_state;    /**< [nullable] Data plane `properties.provisioningState`. */
} aml_job;

/**
 * @brief The output of a job by name, or NULL.
 * @param job [nullable] a job the library returned.
 * @param name [nullable] the output name, e.g. #AML_JOB_OUTPUT_SCORE.
 * @return [transfer none] the output (valid while @p job lives), or NULL.
 * @threadsafety Safe from any thread while @p job is not freed.
 */
AML_API const aml_job_output *aml_job_find_output(const aml_job *job, const char *name);

/**
 * @brief 1 when @p status is terminal, else 0: Completed, Failed, Canceled
 *        (also spelled Cancelled), NotResponding or Paused, in any case — the
 *        statuses azure-ai-ml stops waiting at.
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
 * @brief Get a job with what only its run history knows: when it started and
 *        ended, and why it failed (@c start_time, @c end_time, @c error_code,
 *        @c error_message).
 *
 * One ARM `GET {workspace}/jobs/{name}`, then `GET {api}/history/v1.0/.../runs/{name}/details`
 * on the workspace's `api` host (read from its discovery document, as
 * azure-ai-ml does). When the run history cannot be read (a service or an
 * emulator without it), the job is returned as aml_jobs_get() returns it.
 * @param client the client [transfer none].
 * @param name the job name.
 * @param[out] out [transfer full] free with aml_job_free().
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOT_FOUND no such job.
 * @retval AML_ERR_NOMEM out of memory (also while reading the run history).
 * @retval other negative codes when the job itself could not be read.
 * @threadsafety Safe to call concurrently on one client.
 */
AML_API aml_result aml_jobs_get_details(aml_client *client, const char *name, aml_job **out, aml_error **err);

/** Version of ::aml_job_list_options understood by this header. */
#define AML_JOB_LIST_OPTIONS_VERSION 1

/** @brief Which jobs of an endpoint or deployment to list. */
typedef struct aml_job_list_options {
  uint32_t version;   /**< #AML_JOB_LIST_OPTIONS_VERSION, set by aml_job_list_options_init(). */
  /** [nullable] Only jobs with this status (any case), e.g. #AML_JOB_STATUS_FAILED;
   *  NULL lists every job. The service has no such filter: the pager skips the others. */
  const char *status;
} aml_job_list_options;

/**
 * @brief Set the defaults (no filter).
 * @param[out] opts the options to initialise.
 * @param version #AML_JOB_LIST_OPTIONS_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p opts.
 * @retval AML_ERR_VERSION unknown @p version.
 * @threadsafety Safe from any thread on distinct structs.
 */
AML_API aml_result aml_job_list_options_init(aml_job_list_options *opts, uint32_t version);

/**
 * @brief List the jobs of a batch endpoint, newest first (as the service
 *        orders them); read them with aml_pager_next_job().
 *
 * `GET {api}/mferp/managementfrontend/subscriptions/.../batchEndpoints/{endpoint}/jobs`
 * (api-version 2020-09-01-dataplanepreview, as azure-ai-ml's
 * `batch_endpoints.list_jobs`), on the workspace's `api` host, paged by
 * `nextLink` (followed on that host only). Jobs come in the data plane's
 * `BatchJobResource` form. The first page is read by the first
 * aml_pager_next_job().
 * @param client the client [transfer none].
 * @param endpoint_name the batch endpoint.
 * @param[in] opts [nullable][transfer none] filter; NULL = every job. Copied.
 * @param[out] out [transfer full] free with aml_pager_free().
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval other negative codes when the workspace's `api` host could not be read.
 * @threadsafety Safe to call concurrently on one client; the pager is used by one thread at a time.
 */
AML_API aml_result aml_batch_endpoints_list_jobs(aml_client *client, const char *endpoint_name,
                                                 const aml_job_list_options *opts, aml_pager **out,
                                                 aml_error **err);

/**
 * @brief List the jobs that ran on one deployment of a batch endpoint, newest
 *        first; read them with aml_pager_next_job().
 *
 * `GET {api}/mferp/managementfrontend/.../batchEndpoints/{endpoint}/deployments/{deployment}/jobs`
 * (as azure-ai-ml's `batch_deployments.list_jobs`); otherwise as
 * aml_batch_endpoints_list_jobs().
 * @param client the client [transfer none].
 * @param endpoint_name the batch endpoint.
 * @param deployment_name the deployment.
 * @param[in] opts [nullable][transfer none] filter; NULL = every job. Copied.
 * @param[out] out [transfer full] free with aml_pager_free().
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval other negative codes when the workspace's `api` host could not be read.
 * @threadsafety Safe to call concurrently on one client; the pager is used by one thread at a time.
 */
AML_API aml_result aml_batch_deployments_list_jobs(aml_client *client, const char *endpoint_name,
                                                   const char *deployment_name, const aml_job_list_options *opts,
                                                   aml_pager **out, aml_error **err);

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
 * @brief The next job of a pager from aml_jobs_list(), aml_batch_endpoints_list_jobs()
 *        or aml_batch_deployments_list_jobs().
 * @param pager a pager from one of those lists.
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
 * @brief Start waiting for a job: a poller whose every aml_poller_poll() reads
 *        the job (`GET {workspace}/jobs/{name}`).
 *
 * No request is sent here; the first poll reads the job. The poller's status
 * is the job's (`properties.status`, "InProgress" before the first poll), and
 * it is done at every terminal status (see aml_job_status_is_terminal()). The
 * poll that reads a terminal status also reads the run history, as
 * aml_jobs_get_details() does (best effort), so a failed job's reason is in
 * the error and in aml_poller_job(). Outcomes, from aml_poller_poll() and
 * aml_poller_wait(): #AML_OK for Completed (aml_poller_result_json() is then
 * the job's JSON); #AML_ERR_OPERATION_FAILED for Failed, NotResponding or
 * Paused (the message names the status and, when known, the service's
 * reason); #AML_ERR_CANCELED for Canceled. Everything else is the poller
 * machinery's: the client's `poll_interval_ms` between polls (or the
 * service's Retry-After), aml_poller_set_progress(), aml_poller_cancel() from
 * another thread, the deadline of aml_poller_wait(), and
 * aml_poller_resume_token() (another client resumes the wait with
 * aml_poller_from_resume_token(); its first poll reads the job again).
 * @param client the client [transfer none]; the poller keeps a reference to it.
 * @param name the job name.
 * @param[out] out [transfer full] free with aml_poller_free(); NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe to call concurrently on one client; the poller is used as any ::aml_poller.
 */
AML_API aml_result aml_jobs_begin_wait(aml_client *client, const char *name, aml_poller **out, aml_error **err);

/**
 * @brief The job as the latest poll of an aml_jobs_begin_wait() poller read it
 *        (with its run history once done), or NULL: before the first
 *        successful poll, for another kind of poller, or for NULL.
 * @param poller [nullable] a poller from aml_jobs_begin_wait() (or resumed from its token).
 * @return [transfer none] valid until the next poll or aml_poller_free().
 * @threadsafety As the poller: one thread at a time.
 */
AML_API const aml_job *aml_poller_job(const aml_poller *poller);

/**
 * @brief Wait until a job reaches a terminal status, reading it every
 *        `poll_interval_ms` of the client (or the service's Retry-After):
 *        aml_jobs_begin_wait() and aml_poller_wait() in one call.
 *
 * Every status azure-ai-ml stops at ends the wait (see
 * aml_job_status_is_terminal()). At the end the job's run history is read
 * as by aml_jobs_get_details(), so a failed job's reason is in the error
 * message and in the returned job (@c error_code, @c error_message), with
 * its start and end times. The client's sleep hook may stop the wait.
 * @param client the client [transfer none].
 * @param name the job name.
 * @param timeout_ms deadline from now in ms; negative waits without one.
 * @param[out] out [nullable][transfer full] the job as last read (also on
 *        #AML_ERR_STILL_RUNNING and on a job that did not complete); free with aml_job_free().
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK the job Completed.
 * @retval AML_ERR_OPERATION_FAILED the job ended Failed, NotResponding or Paused
 *         (the message names the status and, when known, the service's reason).
 * @retval AML_ERR_CANCELED the job was Canceled.
 * @retval AML_ERR_STILL_RUNNING the deadline came first.
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval other negative codes when the job could not be read, or the sleep hook's code.
 * @threadsafety Safe to call concurrently on one client.
 */
AML_API aml_result aml_jobs_wait(aml_client *client, const char *name, int64_t timeout_ms, aml_job **out,
                                 aml_error **err);

AML_END_DECL

#endif /* AZUREML_JOBS_H */
