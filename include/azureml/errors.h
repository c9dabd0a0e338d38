/**
 * @file azureml/errors.h
 * @brief Result codes and the ::aml_error object.
 *
 * Every fallible call returns an ::aml_result (0 = success, negative =
 * failure) and takes `aml_error **err` as its last parameter. When `err` is
 * not NULL and the call fails, `*err` receives a new error object the caller
 * owns and frees with aml_error_free(); on success `*err` is left untouched.
 * There is no thread-local "last error".
 *
 * Codes are append-only: a value never changes meaning between releases.
 */
#ifndef AZUREML_ERRORS_H
#define AZUREML_ERRORS_H

#include "common.h"

AML_BEGIN_DECL

/** Result of a library call: 0 success, negative error, small positive "informational". */
typedef int32_t aml_result;

#define AML_OK 0                      /**< Success. */
#define AML_ITER_END 1                /**< An iterator has no more items (not an error). */

#define AML_ERR_INVALID_ARG (-1)      /**< An argument is NULL, empty or out of range. */
#define AML_ERR_NOMEM (-2)            /**< An allocation failed. */
#define AML_ERR_NOT_FOUND (-3)        /**< The resource does not exist (HTTP 404). */
#define AML_ERR_HTTP (-4)             /**< The service answered with an unexpected HTTP status. */
#define AML_ERR_AUTH (-5)             /**< A token could not be acquired (credential failure). */
#define AML_ERR_UNAUTHORIZED (-6)     /**< The service refused the token (HTTP 401). */
#define AML_ERR_FORBIDDEN (-7)        /**< The caller lacks permission (HTTP 403). */
#define AML_ERR_BAD_REQUEST (-8)      /**< The service rejected the request (HTTP 400). */
#define AML_ERR_CONFLICT (-9)         /**< Conflict with the resource's state (HTTP 409). */
#define AML_ERR_THROTTLED (-10)       /**< Still throttled after every retry (HTTP 429). */
#define AML_ERR_SERVER (-11)          /**< The service failed (HTTP 5xx) after every retry. */
#define AML_ERR_CONNECT (-12)         /**< No connection could be made; the request never left. */
#define AML_ERR_TRANSPORT (-13)       /**< The connection failed during the exchange. */
#define AML_ERR_TIMEOUT (-14)         /**< A transport or overall timeout expired. */
#define AML_ERR_TLS (-15)             /**< TLS failed (untrusted certificate, handshake). */
#define AML_ERR_PARSE (-16)           /**< A response or input could not be parsed. */
#define AML_ERR_VERSION (-17)         /**< A struct version this library does not know. */
#define AML_ERR_VALIDATION (-18)      /**< Client-side validation failed; nothing was sent. */
#define AML_ERR_CONFIG (-19)          /**< Configuration is missing or wrong (environment, options). */
#define AML_ERR_OPERATION_FAILED (-20)/**< A long-running operation ended Failed. */
#define AML_ERR_CANCELED (-21)        /**< The operation was canceled. */
#define AML_ERR_STILL_RUNNING (-22)   /**< A wait reached its deadline; the operation goes on. */
#define AML_ERR_RESUME_TOKEN (-23)    /**< A resume token is malformed, stale or of another kind. */
#define AML_ERR_USER (-24)            /**< A user callback asked to abort. */
#define AML_ERR_UNSUPPORTED (-25)     /**< The operation is not supported here. */
#define AML_ERR_INTERNAL (-26)        /**< An internal invariant failed (a bug: please report). */
/** A credential cannot work here: what it needs (environment variables, a
 *  token file, an endpoint, a program) is absent. Nothing was refused: a
 *  credential chain moves on to its next member, whereas AML_ERR_AUTH means the
 *  source was asked and said no. */
#define AML_ERR_CREDENTIAL_UNAVAILABLE (-27)

/**
 * @brief A static description of a result code, e.g. "resource not found".
 * @param code any result code.
 * @return Never NULL [transfer none]; "unknown result code" for unknown values.
 * @threadsafety Safe from any thread.
 */
AML_API const char *aml_result_str(aml_result code);

/**
 * @brief A failure: code, one-line message and, when the service answered,
 *        the HTTP status, the service's error code/message/target, the
 *        request ids and the service's details.
 *
 * Immutable once returned. Used by one thread at a time; may be handed to
 * another thread.
 */
typedef struct aml_error aml_error;

/**
 * @brief Create an error (for transports and credentials written by users).
 * @param code A negative aml_result.
 * @param message [nullable][transfer none] copied; NULL uses aml_result_str(code).
 * @return [transfer full] free with aml_error_free(); NULL when out of memory
 *         or when @p code is not negative.
 * @threadsafety Safe from any thread.
 */
AML_API aml_error *aml_error_new(aml_result code, const char *message);

/**
 * @brief Free an error. NULL-safe.
 * @param err [nullable][transfer full] the error to free.
 * @threadsafety Do not free an error another thread is reading.
 */
AML_API void aml_error_free(aml_error *err);

/**
 * @brief The result code; AML_OK for NULL.
 * @param err [nullable] the error.
 */
AML_API aml_result aml_error_code(const aml_error *err);

/**
 * @brief A one-line, human-readable message; never contains tokens or secrets.
 * @param err [nullable] the error.
 * @return [transfer none] valid while @p err lives; "" for NULL.
 */
AML_API const char *aml_error_message(const aml_error *err);

/**
 * @brief The HTTP status that caused the error, or 0 when no response was involved.
 * @param err [nullable] the error.
 */
AML_API int32_t aml_error_http_status(const aml_error *err);

/**
 * @brief The service's error code (ARM `error.code`, OAuth `error`), or NULL.
 *
 * Like every string of an error: one line (control characters from the wire
 * are replaced by spaces) and never a secret (an echoed secret is masked).
 * @param err [nullable] the error.
 */
AML_API const char *aml_error_service_code(const aml_error *err);

/**
 * @brief The service's error message (ARM `error.message`, OAuth `error_description`), or NULL.
 *
 * One line (control characters from the wire are replaced by spaces); never a secret.
 * @param err [nullable] the error.
 */
AML_API const char *aml_error_service_message(const aml_error *err);

/**
 * @brief The service's error target (ARM `error.target`), or NULL.
 * @param err [nullable] the error.
 */
AML_API const char *aml_error_target(const aml_error *err);

/**
 * @brief The service's request id (`x-ms-request-id`), or NULL.
 * @param err [nullable] the error.
 */
AML_API const char *aml_error_request_id(const aml_error *err);

/**
 * @brief The `x-ms-client-request-id` this library sent, or NULL.
 * @param err [nullable] the error.
 */
AML_API const char *aml_error_client_request_id(const aml_error *err);

/**
 * @brief The number of entries of the service's `error.details` list.
 * @param err [nullable] the error.
 */
AML_API size_t aml_error_details_count(const aml_error *err);

/**
 * @brief One entry of the service's `error.details` list.
 * @param index 0 .. aml_error_details_count() - 1.
 * @param[out] code    [nullable] receives the detail's code or NULL [transfer none].
 * @param[out] message [nullable] receives the detail's message or NULL [transfer none].
 * @param[out] target  [nullable] receives the detail's target or NULL [transfer none].
 * @param err [nullable] the error.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p err is NULL or @p index is out of range.
 */
AML_API aml_result aml_error_detail_at(const aml_error *err, size_t index, const char **code,
                                       const char **message, const char **target);

AML_END_DECL

#endif /* AZUREML_ERRORS_H */
