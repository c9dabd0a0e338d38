/**
 * @file azureml/invoke.h
 * @brief Invoking a batch endpoint (azure-ai-ml `ml_client.batch_endpoints.invoke`):
 *        start a batch scoring job over inputs, on the endpoint's default
 *        deployment or a named one.
 *
 * The invoke is a POST to the endpoint's scoring URI (read from the endpoint)
 * with a token for the Azure ML data-plane scope (#AML_SCOPE_ML, not the ARM
 * one). Every invoke carries a repeatability id, the same on every retry, so a
 * retried invoke never starts a second job. Follow the job it returns with
 * aml_jobs_wait() (azureml/jobs.h).
 *
 * @threadsafety Safe to call concurrently on one client.
 */
#ifndef AZUREML_INVOKE_H
#define AZUREML_INVOKE_H

#include "batch_deployment.h"
#include "jobs.h"

AML_BEGIN_DECL

/** Version of ::aml_invoke_options understood by this header (2 added named outputs and the
 *  per-job overrides). Every version from 1 on is accepted. */
#define AML_INVOKE_OPTIONS_VERSION 2

/**
 * @brief What to run and how. Unset settings fall back to the deployment's.
 *
 * An input's @c uri may also be
 * - a local file or folder (no `scheme://`, not `azureml:`): uploaded first,
 *   content-addressed, to `LocalUpload/<hash>/<name>` on @c upload_datastore
 *   (the workspace's default datastore when NULL) as azure-ai-ml does, then
 *   sent as that `azureml://datastores/...` URI (a folder's ends with '/');
 *   an unchanged file or folder is not sent again;
 * - a data asset, `azureml:<name>:<version>` or `azureml:<name>@latest`:
 *   sent as the asset version's ARM id (`@latest` costs one request).
 */
typedef struct aml_invoke_options {
  uint32_t version;                /**< #AML_INVOKE_OPTIONS_VERSION, set by aml_invoke_options_init(). */
  const char *deployment_name;     /**< [nullable] NULL = the endpoint's default deployment. */
  const aml_job_input *inputs;     /**< The inputs; at least one. */
  size_t inputs_count;             /**< Entries in @c inputs. */
  const char *output_uri;          /**< [nullable] Folder for the outputs (a datastore path). */
  const char *output_file_name;    /**< [nullable] Overrides the deployment's output file name. */
  const char *job_name;            /**< [nullable] A name for the job; the service makes one otherwise. */
  const char *experiment_name;     /**< [nullable] */
  int32_t instance_count;          /**< Nodes for this job; #AML_UNSET = the deployment's. */
  int64_t mini_batch_size;         /**< #AML_UNSET64 = the deployment's. */
  int32_t error_threshold;         /**< -1 ignores every failure; #AML_UNSET = the deployment's. */
  /** [nullable] Repeatability id: NULL = a new UUID. Reuse one to make a
   *  whole invoke (even from another process) happen at most once. */
  const char *repeatability_id;
  /* ---- version 2 ---- */
  /** [nullable] Named outputs (azure-ai-ml `outputs={...}`, wire `outputData`), each
   *  #AML_OUTPUT_TYPE_URI_FOLDER or #AML_OUTPUT_TYPE_URI_FILE with a uri. Name the
   *  scoring output #AML_JOB_OUTPUT_SCORE to choose where the predictions go. */
  const aml_job_output *const *outputs;
  size_t outputs_count;            /**< Entries in @c outputs. */
  /** [nullable] Retries and timeout of one mini-batch for this job (`retrySettings`);
   *  unset members are not sent. */
  const aml_batch_retry_settings *retry_settings;
  int32_t max_concurrency_per_instance; /**< Parallel runs per node (≥ 1); #AML_UNSET = the deployment's. */
  /** [nullable] #AML_BATCH_LOGGING_LEVEL_INFO, _WARNING or _DEBUG (or the wire spelling). */
  const char *logging_level;
  const aml_string_pair *tags;     /**< [nullable] Tags of the job. */
  size_t tags_count;               /**< Entries in @c tags. */
  const char *description;         /**< [nullable] Description of the job. */
  /** [nullable] Datastore that local inputs are uploaded to; NULL = the workspace's default. */
  const char *upload_datastore;
} aml_invoke_options;

/**
 * @brief Set the defaults (no inputs or outputs, every setting unset).
 *        Writes only the fields of @p version (a program built against an
 *        older header passes its own version).
 * @param[out] opts the options to initialise.
 * @param version 1 to #AML_INVOKE_OPTIONS_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p opts.
 * @retval AML_ERR_VERSION unknown @p version.
 */
AML_API aml_result aml_invoke_options_init(aml_invoke_options *opts, uint32_t version);

/**
 * @brief Start a batch scoring job on an endpoint.
 * @param client the client [transfer none].
 * @param endpoint_name the batch endpoint.
 * @param[in] opts [transfer none] inputs and settings; copied before the call returns.
 * @param[out] out [transfer full] the job the service created (its `name` is
 *        what aml_jobs_wait() takes); free with aml_job_free().
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK the job was created (or, for a repeated repeatability id, found).
 * @retval AML_ERR_INVALID_ARG NULL argument, or a data asset reference of none of the accepted forms.
 * @retval AML_ERR_VERSION unknown version of @p opts, of an input or of an output.
 * @retval AML_ERR_VALIDATION no inputs, an input without a name, a uri or a value, an output
 *         without a name or uri, of another type, or named twice, a bad endpoint name, or a
 *         setting out of range; nothing was sent.
 * @retval AML_ERR_NOT_FOUND no such endpoint or deployment.
 * @retval AML_ERR_PARSE the endpoint has no scoring URI, or the answer is not a job.
 * @retval other negative codes from the service or the pipeline.
 */
AML_API aml_result aml_batch_endpoints_invoke(aml_client *client, const char *endpoint_name,
                                              const aml_invoke_options *opts, aml_job **out, aml_error **err);

AML_END_DECL

#endif /* AZUREML_INVOKE_H */
