/**
 * @file azureml/client.h
 * @brief ::aml_client — the entry point, bound to one Azure ML workspace
 *        (the C counterpart of azure-ai-ml's `MLClient`).
 *
 * A client is reference counted and safe to share between threads: every
 * operation may be called concurrently on one client.
 */
#ifndef AZUREML_CLIENT_H
#define AZUREML_CLIENT_H

#include "credential.h"
#include "pipeline.h"
#include "transport.h"

AML_BEGIN_DECL

/** A workspace-bound client. */
typedef struct aml_client aml_client;

/** The default Azure Resource Manager URL. */
#define AML_DEFAULT_RESOURCE_MANAGER_URL "https://management.azure.com"

/** Version of ::aml_client_options understood by this header. */
#define AML_CLIENT_OPTIONS_VERSION 1

/** @brief Client options. Initialise with aml_client_options_init(). */
typedef struct aml_client_options {
  uint32_t version; /**< Struct version, set by the matching _init function (or the library). */
  /** [nullable] ARM api-version; NULL = #AML_DEFAULT_API_VERSION. */
  const char *api_version;
  /** [nullable] ARM base URL; NULL = #AML_DEFAULT_RESOURCE_MANAGER_URL. */
  const char *resource_manager_url;
  /** [nullable] Transport; NULL = a new libcurl transport. Referenced, not stolen. */
  aml_transport *transport;
  /** [nullable] CA bundle (PEM) the default libcurl transport trusts. */
  const char *ca_bundle;
  /** Retry settings (aml_retry_options_init() defaults). */
  aml_retry_options retry;
  /** [nullable] Log callback. */
  aml_log_fn log_fn;
  /** Passed to @c log_fn. */
  void *log_user_data;
  /** Most verbose level passed to @c log_fn (default AML_LOG_INFO). */
  int32_t log_level;
  /** [nullable] Appended to the User-Agent header (`azsdk-c-azureml/<ver> (<os>) <suffix>`). */
  const char *user_agent_suffix;
  /** [nullable] Replaces sleeping between retries and polls. */
  aml_sleep_fn sleep_fn;
  /** Passed to @c sleep_fn. */
  void *sleep_user_data;
  /** Wait between polls of a long-running operation when the service sends no Retry-After (ms). */
  int64_t poll_interval_ms;
} aml_client_options;

/**
 * @brief Set the defaults.
 * @param opts [out] the options to initialise.
 * @param version the version constant of the header (AML_*_VERSION).
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p opts.
 * @retval AML_ERR_VERSION unknown @p version.
 */
AML_API aml_result aml_client_options_init(aml_client_options *opts, uint32_t version);

/**
 * @brief Create a client for one workspace.
 * @param cred the credential; the client takes its own reference.
 * @param subscription_id Azure subscription id.
 * @param resource_group resource group name.
 * @param workspace workspace name.
 * @param[in] opts [nullable][transfer none] NULL = defaults; strings are copied.
 * @param[out] out [transfer full] release with aml_client_unref().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG a NULL or empty argument, or a URL that is not http(s).
 * @retval AML_ERR_VERSION unknown options version.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_client_new(aml_credential *cred, const char *subscription_id,
                                  const char *resource_group, const char *workspace,
                                  const aml_client_options *opts, aml_client **out,
                                  aml_error **err);

/**
 * @brief Create a client from the environment, so one program runs against
 *        Azure or a stand-in (aml-emulator) without a rebuild.
 *
 * Required: `AZURE_SUBSCRIPTION_ID`, `AZURE_RESOURCE_GROUP`,
 * `AZUREML_WORKSPACE`. With `AZURE_CLIENT_SECRET`, a client-secret
 * credential is built from it, `AZURE_TENANT_ID` and `AZURE_CLIENT_ID`
 * (then required too); without it, the default chain
 * (aml_default_azure_credential_new(): environment, workload identity,
 * managed identity, Azure CLI) finds the credential at the first request.
 * Optional: `AZURE_RESOURCE_MANAGER_URL` (ARM base URL),
 * `AZURE_AUTHORITY_HOST`, `AZUREML_CA_BUNDLE` (trusted by both ARM and token
 * requests). A value set in @p opts wins over the environment.
 * @param[in] opts [nullable][transfer none]
 * @param[out] out [transfer full] release with aml_client_unref().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_CONFIG a required variable is missing or empty (the message names it).
 * @retval AML_ERR_INVALID_ARG NULL @p out or a malformed value.
 * @retval AML_ERR_NOMEM
 * @threadsafety Reads the environment: do not call while another thread changes it.
 */
AML_API aml_result aml_client_new_from_env(const aml_client_options *opts, aml_client **out,
                                           aml_error **err);

/** @brief Take a reference. @return @p client. @threadsafety Safe from any thread. */
AML_API aml_client *aml_client_ref(aml_client *client);

/** @brief Drop a reference; the last one frees the client. NULL-safe. @threadsafety Safe from any thread. */
AML_API void aml_client_unref(aml_client *client);

/**
 * @brief The subscription id. [transfer none]
 * @param client the client [transfer none].
 */
AML_API const char *aml_client_subscription_id(const aml_client *client);
/**
 * @brief The resource group. [transfer none]
 * @param client the client [transfer none].
 */
AML_API const char *aml_client_resource_group(const aml_client *client);
/**
 * @brief The workspace name. [transfer none]
 * @param client the client [transfer none].
 */
AML_API const char *aml_client_workspace_name(const aml_client *client);
/**
 * @brief The ARM api-version in use. [transfer none]
 * @param client the client [transfer none].
 */
AML_API const char *aml_client_api_version(const aml_client *client);
/**
 * @brief The ARM base URL in use, without a trailing slash. [transfer none]
 * @param client the client [transfer none].
 */
AML_API const char *aml_client_resource_manager_url(const aml_client *client);

AML_END_DECL

#endif /* AZUREML_CLIENT_H */
