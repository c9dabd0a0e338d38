/**
 * @file azureml/job_outputs.h
 * @brief What a job leaves behind: its outputs (the predictions of a batch
 *        scoring job) and its logs — find them, download them to a local
 *        folder, and follow the logs while the job runs.
 *
 * Where an output is: the URI the job reports for it (`properties.outputs`
 * of the ARM job: `score` for the predictions, `default` for the folder of
 * logs); when a job reports none, the places azure-ai-ml probes on the
 * workspace's default datastore (`azureml/<job>/<output>/`, then
 * `dataset/<job>/<output>/`), and for the logs
 * `workspaceartifactstore` `ExperimentRun/dcid.<job>/`. Logs are the files
 * under `logs/`, `user_logs/` and `azureml-logs/` of that folder.
 *
 * The bytes move through the datastore transfers of azureml/data_transfer.h
 * (the datastore's own credentials; keys and SAS values never logged).
 *
 * @threadsafety Every function may be called concurrently on one client.
 */
#ifndef AZUREML_JOB_OUTPUTS_H
#define AZUREML_JOB_OUTPUTS_H

#include "data_transfer.h"
#include "jobs.h"

AML_BEGIN_DECL

/**
 * @brief Where one output of a job is, as a data URI (see the file comment).
 * @param client the client [transfer none].
 * @param job_name the job.
 * @param output_name [nullable] the output; NULL = #AML_JOB_OUTPUT_SCORE.
 * @param[out] uri_out [transfer full] e.g.
 *        `azureml://datastores/workspaceblobstore/paths/azureml/<job>/score/`; free with aml_free().
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOT_FOUND no such job, or the job reports no such output and nothing is at
 *         the probed places.
 * @retval other negative codes from the service, the datastore or the pipeline.
 */
AML_API aml_result aml_jobs_get_output_uri(aml_client *client, const char *job_name, const char *output_name,
                                           char **uri_out, aml_error **err);

/**
 * @brief Download one output of a job into a local folder: the files of a
 *        folder output land directly in @p local_dir (the predictions of
 *        `score` as `<local_dir>/predictions.csv`), a file output as
 *        `<local_dir>/<its name>`.
 *
 * The job need not have ended; what it wrote so far is downloaded. The files
 * arrive as aml_data_download() writes them (checked, never partial under
 * their final name).
 * @param client the client [transfer none].
 * @param job_name the job.
 * @param output_name [nullable] the output; NULL = #AML_JOB_OUTPUT_SCORE.
 * @param local_dir the destination folder (created when missing).
 * @param[in] opts [nullable][transfer none] overwrite policy, progress, concurrency; NULL = defaults.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOT_FOUND no such job or output (see aml_jobs_get_output_uri()).
 * @retval AML_ERR_CONFLICT a destination file exists and the policy is #AML_OVERWRITE_FAIL.
 * @retval other negative codes from aml_data_download().
 */
AML_API aml_result aml_jobs_download_output(aml_client *client, const char *job_name, const char *output_name,
                                            const char *local_dir, const aml_transfer_options *opts,
                                            aml_error **err);

/**
 * @brief Download the logs of a job into a local folder, keeping their
 *        layout: `<local_dir>/logs/...` (the runner's), `<local_dir>/user_logs/...`
 *        (the scoring script's output), `<local_dir>/azureml-logs/...` when present.
 *        Works for running, completed and failed jobs.
 * @param client the client [transfer none].
 * @param job_name the job.
 * @param local_dir the destination folder (created when missing).
 * @param[in] opts [nullable][transfer none] as for aml_jobs_download_output().
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK at least one log file was downloaded.
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOT_FOUND no such job, or it has no logs (yet).
 * @retval other negative codes from aml_data_download().
 */
AML_API aml_result aml_jobs_download_logs(aml_client *client, const char *job_name, const char *local_dir,
                                          const aml_transfer_options *opts, aml_error **err);

/**
 * @brief Receives the new bytes of one log file of a followed job.
 * @param file_name [transfer none] the file, relative to the job's log
 *        folder, e.g. "logs/job.log" or "user_logs/std_log.txt".
 * @param data [transfer none] the bytes (not NUL-terminated), valid during the call.
 * @param len bytes in @p data (never 0).
 * @param user_data what was given to aml_jobs_follow_logs().
 * @return 0 to go on; anything else stops the follow (#AML_ERR_USER).
 */
typedef int32_t (*aml_job_log_fn)(const char *file_name, const uint8_t *data, size_t len, void *user_data);

/** Version of ::aml_job_log_options understood by this header. */
#define AML_JOB_LOG_OPTIONS_VERSION 1

/** @brief How to follow a job's logs. */
typedef struct aml_job_log_options {
  uint32_t version;         /**< #AML_JOB_LOG_OPTIONS_VERSION, set by aml_job_log_options_init(). */
  int64_t poll_interval_ms; /**< Between two looks; #AML_UNSET64 = the client's `poll_interval_ms`. ≥ 0. */
  int64_t timeout_ms;       /**< Deadline from the call; #AML_UNSET64 (or negative) = none. */
} aml_job_log_options;

/**
 * @brief Set the defaults (the client's poll interval, no deadline).
 * @param[out] opts the options to initialise.
 * @param version #AML_JOB_LOG_OPTIONS_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p opts.
 * @retval AML_ERR_VERSION unknown @p version.
 * @threadsafety Safe from any thread on distinct structs.
 */
AML_API aml_result aml_job_log_options_init(aml_job_log_options *opts, uint32_t version);

/**
 * @brief Follow a job's logs until it ends: every poll reads the job's
 *        status, lists its log files and fetches only what is new in each
 *        (a ranged GET from the last byte delivered), handing it to @p fn.
 *
 * Each byte of each file is delivered exactly once, in order per file. The
 * call returns once the job is terminal and everything its logs held at
 * that point was delivered — at once for a job that already ended — or at
 * the deadline, or when @p fn or the client's sleep hook stops it. @p fn runs
 * on the caller's thread.
 * @param client the client [transfer none].
 * @param job_name the job.
 * @param[in] opts [nullable][transfer none] poll interval and deadline; NULL = defaults.
 * @param fn called per new chunk of a log file.
 * @param user_data [nullable] passed to @p fn (not kept after the call).
 * @param[out] out [nullable][transfer full] the job as last read; free with aml_job_free().
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK the job Completed and its logs were delivered.
 * @retval AML_ERR_OPERATION_FAILED the job ended Failed, NotResponding or Paused; its logs were
 *         delivered (the message carries the service's reason when known).
 * @retval AML_ERR_CANCELED the job was Canceled; its logs were delivered.
 * @retval AML_ERR_STILL_RUNNING the deadline came first (what was written so far was delivered).
 * @retval AML_ERR_USER @p fn asked to stop.
 * @retval AML_ERR_INVALID_ARG NULL or empty argument, or a negative poll interval.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval AML_ERR_NOT_FOUND no such job.
 * @retval other negative codes from the service, the datastore, or the sleep hook.
 */
AML_API aml_result aml_jobs_follow_logs(aml_client *client, const char *job_name, const aml_job_log_options *opts,
                                        aml_job_log_fn fn, void *user_data, aml_job **out, aml_error **err);

AML_END_DECL

#endif /* AZUREML_JOB_OUTPUTS_H */
