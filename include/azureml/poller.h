/**
 * @file azureml/poller.h
 * @brief ::aml_poller — an Azure Resource Manager long-running operation
 *        (create, update, delete, cancel) that a `begin_` call started.
 *
 * The poller is a pull object: aml_poller_poll() makes exactly one status
 * request and says whether the operation is done and how long to wait before
 * the next poll, so an application can drive many operations from its own
 * event loop. aml_poller_wait() is the blocking convenience on top; at its
 * deadline it returns #AML_ERR_STILL_RUNNING and the poller stays usable.
 *
 * How the status is read follows the ARM rules: `Azure-AsyncOperation` is
 * preferred over `Location`; with neither, the resource's
 * `properties.provisioningState` is polled. Succeeded, Failed and Canceled
 * (any case) are terminal. A 4xx/5xx on a status request goes through the
 * retry policy; if it persists the poll returns that error, but the operation
 * is not marked failed and may be polled again.
 *
 * A job wait (aml_jobs_begin_wait() in jobs.h) is the same poller over the
 * job's own status: each poll reads the job, and the job's terminal statuses
 * end it (aml_poller_job() gives the job).
 *
 * The wait between polls is the service's `Retry-After` (or
 * `retry-after-ms`/`x-ms-retry-after-ms`) when it sends one, otherwise the
 * client's `poll_interval_ms` (default 5 s: the interval azure-ai-ml uses for
 * its own waits; ARM usually sends Retry-After, and throttling answers (429)
 * are handled by the retry policy). Server-given waits are honoured as given
 * and clamped to #AML_RETRY_AFTER_MAX_MS. aml_poller_wait() also waits out
 * the initial 201/202's Retry-After before its first status request.
 *
 * @threadsafety A poller is used by one thread at a time, except
 *        aml_poller_cancel(), which may be called from any thread.
 */
#ifndef AZUREML_POLLER_H
#define AZUREML_POLLER_H

#include "client.h"

AML_BEGIN_DECL

/** A long-running operation. Free with aml_poller_free(). */
typedef struct aml_poller aml_poller;

/**
 * @brief Make exactly one status request (nothing when already done).
 *
 * After it, aml_poller_done() tells whether the operation finished and
 * aml_poller_retry_after_ms() how long to wait before polling again. When the
 * service said the operation succeeded but the result must still be read
 * (ARM's final GET), the poller is not done yet and asks for an immediate
 * next poll, so that each poll stays one request.
 * @param[out] err [nullable][transfer full]
 * @param poller the poller.
 * @retval AML_OK the request went through (done or not).
 * @retval AML_ERR_OPERATION_FAILED the operation ended Failed (the error carries the service's error).
 * @retval AML_ERR_CANCELED the operation ended Canceled.
 * @retval AML_ERR_RESUME_TOKEN the first poll of a resumed poller found the operation unknown (stale token).
 * @retval other negative codes when the status could not be read; the poller stays usable.
 */
AML_API aml_result aml_poller_poll(aml_poller *poller, aml_error **err);

/**
 * @brief Poll until done, sleeping as the service asks, for at most @p timeout_ms.
 * The first status request is not sent before the initial response's
 * Retry-After (counted from the `begin_` call) is over.
 * @param timeout_ms the deadline from now in ms; a negative value waits without a deadline;
 *        0 polls once without sleeping (or, while the initial Retry-After is not
 *        over, returns #AML_ERR_STILL_RUNNING without a request).
 * @param[out] err [nullable][transfer full]
 * @param poller the poller.
 * @retval AML_OK the operation succeeded; typed results are available.
 * @retval AML_ERR_STILL_RUNNING the deadline came first; call again to keep waiting.
 * @retval AML_ERR_CANCELED aml_poller_cancel() was called, or the operation ended Canceled.
 * @retval AML_ERR_OPERATION_FAILED the operation ended Failed.
 * @retval other negative codes from aml_poller_poll() (the poller stays usable).
 */
AML_API aml_result aml_poller_wait(aml_poller *poller, int64_t timeout_ms, aml_error **err);

/**
 * @brief 1 when the operation reached a terminal state and its result was read, else 0.
 * @param poller the poller.
 */
AML_API int32_t aml_poller_done(const aml_poller *poller);

/**
 * @brief The latest status as the service reported it: "InProgress", "Creating",
 *        "Succeeded", "Failed", "Canceled", ... [transfer none]; "" for NULL.
 * @param poller the poller.
 */
AML_API const char *aml_poller_status(const aml_poller *poller);

/**
 * @brief Milliseconds to wait before the next aml_poller_poll(); 0 when done.
 * @param poller the poller.
 */
AML_API int64_t aml_poller_retry_after_ms(const aml_poller *poller);

/**
 * @brief The final resource body (JSON) of a succeeded operation; NULL while running,
 *        after a delete, or for NULL. [transfer none] valid until the poller is freed.
 * @param poller the poller.
 */
AML_API const char *aml_poller_result_json(const aml_poller *poller);

/**
 * @brief What the operation is, e.g. "batch_endpoints.begin_create_or_update". [transfer none]
 * @param poller the poller.
 */
AML_API const char *aml_poller_operation(const aml_poller *poller);

/** Receives progress after every poll: read the poller's status and done flag in it. */
typedef void (*aml_poller_progress_fn)(const aml_poller *poller, void *user_data);

/**
 * @brief Set (or clear with NULL) a callback run on the polling thread after every poll.
 * @param poller the poller.
 * @param fn [nullable] the callback; NULL removes it.
 * @param user_data [nullable] passed to @p fn, never dereferenced.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p poller.
 */
AML_API aml_result aml_poller_set_progress(aml_poller *poller, aml_poller_progress_fn fn,
                                           void *user_data);

/**
 * @brief Ask a running aml_poller_wait() to stop as soon as possible (it returns
 *        #AML_ERR_CANCELED). Safe from any thread. This stops the waiting, not the
 *        service's operation; the poller stays usable (a later wait starts afresh).
 *        ARM offers no generic cancel for these operations; a job has its own cancel.
 * @param poller the poller.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p poller.
 */
AML_API aml_result aml_poller_cancel(aml_poller *poller);

/**
 * @brief A versioned, opaque token from which another client (another process)
 *        rebuilds this poller with aml_poller_from_resume_token(). It holds the
 *        operation's URLs and state, never a credential.
 * @param[out] out [transfer full] NUL-terminated; free with aml_free().
 * @param poller the poller.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_NOMEM
 */
AML_API aml_result aml_poller_resume_token(const aml_poller *poller, char **out, aml_error **err);

/**
 * @brief Rebuild a poller from a resume token, on @p client's pipeline and credential.
 * @param client the client [transfer none].
 * @param token a token from aml_poller_resume_token().
 * @param[out] out [transfer full] receives the result; set to NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_RESUME_TOKEN the token is malformed, of an unknown version, or points at
 *         another host than the client's Resource Manager URL.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe to call concurrently on one client.
 */
AML_API aml_result aml_poller_from_resume_token(aml_client *client, const char *token,
                                                aml_poller **out, aml_error **err);

/**
 * @brief Free a poller (its typed results too). NULL-safe. Does not cancel the operation.
 * @param poller the poller.
 */
AML_API void aml_poller_free(aml_poller *poller);

AML_END_DECL

#endif /* AZUREML_POLLER_H */
