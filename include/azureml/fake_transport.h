/**
 * @file azureml/fake_transport.h
 * @brief A scriptable in-memory transport for tests: queue canned responses,
 *        read back every request it was sent.
 *
 * Use it to test code built on libazureml without a network:
 * @code
 * aml_transport *t = NULL;
 * aml_fake_transport_new(&t, NULL);
 * aml_fake_transport_add_response(t, 200, "Content-Type: application/json",
 *                                 "{\"name\":\"ws\"}", NULL);
 * // ... create a client with options.transport = t, call operations ...
 * const aml_http_request *sent = aml_fake_transport_request_at(t, 0);
 * @endcode
 * Responses are served first in, first out. When the queue is empty the
 * transport answers AML_ERR_TRANSPORT with a message naming the request.
 * All functions are safe to call from several threads at once.
 */
#ifndef AZUREML_FAKE_TRANSPORT_H
#define AZUREML_FAKE_TRANSPORT_H

#include "transport.h"

AML_BEGIN_DECL

/**
 * @brief Create an empty fake transport.
 * @param[out] out [transfer full] release with aml_transport_unref().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p out.
 * @retval AML_ERR_NOMEM
 */
AML_API aml_result aml_fake_transport_new(aml_transport **out, aml_error **err);

/**
 * @brief Queue a response.
 * @param t a transport made by aml_fake_transport_new().
 * @param status HTTP status, 100..599.
 * @param headers [nullable] "Name: value" lines separated by '\n' (a carriage return before it is ignored).
 * @param body [nullable] NUL-terminated body; NULL for none.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p t is not a fake transport, bad status, or a header line without ':'.
 * @retval AML_ERR_NOMEM
 */
AML_API aml_result aml_fake_transport_add_response(aml_transport *t, int32_t status,
                                                   const char *headers, const char *body,
                                                   aml_error **err);

/**
 * @brief Queue a transport failure: the next request gets @p code instead of a response.
 * @param code AML_ERR_CONNECT, AML_ERR_TRANSPORT, AML_ERR_TIMEOUT or AML_ERR_TLS.
 * @param t a transport made by aml_fake_transport_new().
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p t is not a fake transport or @p code is not one of those.
 * @retval AML_ERR_NOMEM
 */
AML_API aml_result aml_fake_transport_add_failure(aml_transport *t, aml_result code,
                                                  aml_error **err);

/**
 * @brief The number of requests received so far (0 for a non-fake transport).
 * @param t a transport made by aml_fake_transport_new().
 */
AML_API size_t aml_fake_transport_request_count(aml_transport *t);

/**
 * @brief A recorded request, read with the aml_http_request_* accessors.
 * @param t a transport made by aml_fake_transport_new().
 * @param index position, 0 .. count - 1.
 * @return [transfer none][nullable] valid until aml_fake_transport_reset() or
 *         the transport is destroyed; NULL when @p index is out of range.
 */
AML_API const aml_http_request *aml_fake_transport_request_at(aml_transport *t, size_t index);

/**
 * @brief The number of queued responses and failures not yet served.
 * @param t a transport made by aml_fake_transport_new().
 */
AML_API size_t aml_fake_transport_pending_count(aml_transport *t);

/**
 * @brief Forget every recorded request and queued response.
 * Invalidates pointers returned by aml_fake_transport_request_at().
 * @param t a transport made by aml_fake_transport_new().
 */
AML_API void aml_fake_transport_reset(aml_transport *t);

AML_END_DECL

#endif /* AZUREML_FAKE_TRANSPORT_H */
