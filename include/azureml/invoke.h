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

#include "jobs.h"

AML_BEGIN_DECL

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

/** Version of ::aml_invoke_options understood by this header. */
#define AML_INVOKE_OPTIONS_VERSION 1

/** @brief What to run and how. Unset settings fall back to the deployment's. */
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
} aml_invoke_options;

/**
 * @brief Set the defaults (no inputs, every setting unset).
 * @param[out] opts the options to initialise.
 * @param version #AML_INVOKE_OPTIONS_VERSION.
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
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_VALIDATION no inputs, an input without a name, a uri or a value, or a bad
 *         endpoint name; nothing was sent.
 * @retval AML_ERR_NOT_FOUND no such endpoint or deployment.
 * @retval AML_ERR_PARSE the endpoint has no scoring URI, or the answer is not a job.
 * @retval other negative codes from the service or the pipeline.
 */
AML_API aml_result aml_batch_endpoints_invoke(aml_client *client, const char *endpoint_name,
                                              const aml_invoke_options *opts, aml_job **out, aml_error **err);

AML_END_DECL

#endif /* AZUREML_INVOKE_H */
