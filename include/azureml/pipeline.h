/**
 * @file azureml/pipeline.h
 * @brief Settings of the HTTP pipeline every request goes through: retry
 *        and logging.
 *
 * The pipeline runs, in order: client request id (`x-ms-client-request-id`),
 * user agent, bearer token, retry, logging, transport. Logging sits inside the
 * retry loop, so every try is logged.
 */
#ifndef AZUREML_PIPELINE_H
#define AZUREML_PIPELINE_H

#include "errors.h"

AML_BEGIN_DECL

/** Version of ::aml_retry_options understood by this header. */
#define AML_RETRY_OPTIONS_VERSION 1

/**
 * @brief The longest wait the library takes because a server asked for it
 *        (10 minutes). `retry-after-ms`, `x-ms-retry-after-ms` and `Retry-After`
 *        (seconds or HTTP date) above it, on a retry or between polls of a
 *        long-running operation, are clamped to it.
 */
#define AML_RETRY_AFTER_MAX_MS 600000

/**
 * @brief Retry policy. A try is retried on HTTP 408, 429, 500, 502, 503, 504
 * and on connection failures, with exponential backoff and jitter:
 * delay(n) = min(max_delay, base_delay * 2^(n-1)) * U[0.8, 1.2).
 * `retry-after-ms`, `x-ms-retry-after-ms` and `Retry-After` (seconds or
 * HTTP date) on the response replace the computed delay, and are honoured as
 * the server gave them (as the Azure SDKs do), even above `max_delay_ms`, up
 * to #AML_RETRY_AFTER_MAX_MS. A POST is retried
 * only when the request never reached the server (AML_ERR_CONNECT), unless
 * the operation marks it idempotent.
 */
typedef struct aml_retry_options {
  uint32_t version; /**< Struct version, set by the matching _init function (or the library). */
  int32_t max_retries;   /**< Retries after the first try (default 3; 0 disables). */
  int64_t base_delay_ms; /**< First backoff (default 800). */
  int64_t max_delay_ms;  /**< Cap of the computed backoff (default 60000); a server's Retry-After is not capped by it (see #AML_RETRY_AFTER_MAX_MS). */
} aml_retry_options;

/**
 * @brief Set the defaults (3 retries, 800 ms base, 60 s cap).
 * @param opts [out] the options to initialise.
 * @param version the version constant of the header (AML_*_VERSION).
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p opts.
 * @retval AML_ERR_VERSION unknown @p version.
 */
AML_API aml_result aml_retry_options_init(aml_retry_options *opts, uint32_t version);

/** Log levels, from the most to the least severe. A callback set at level L receives every message <= L. */
#define AML_LOG_NONE 0    /**< Nothing. */
#define AML_LOG_ERROR 1   /**< Failures returned to the caller. */
#define AML_LOG_WARNING 2 /**< Retries, unexpected but handled responses. */
#define AML_LOG_INFO 3    /**< One line per request try and per response. */
#define AML_LOG_DEBUG 4   /**< Headers (allow-listed; others REDACTED). */

/**
 * @brief Receives one log line (no trailing newline).
 *
 * Runs on the thread that made the library call. Header values outside the
 * allow-list, the Authorization header always, and query values other than
 * `api-version` are printed as `REDACTED`; bodies are never logged.
 * @param level one of AML_LOG_ERROR .. AML_LOG_DEBUG.
 * @param message [transfer none] valid during the call only.
 * @param user_data as registered.
 */
typedef void (*aml_log_fn)(int32_t level, const char *message, void *user_data);

/**
 * @brief Replaces sleeping between retries and polls (tests, custom schedulers).
 * @param delay_ms how long the library would have slept.
 * @param user_data as registered.
 * @return AML_OK to continue, or a negative aml_result (e.g. AML_ERR_CANCELED)
 *         to abandon the operation with that code.
 */
typedef aml_result (*aml_sleep_fn)(int64_t delay_ms, void *user_data);

AML_END_DECL

#endif /* AZUREML_PIPELINE_H */
