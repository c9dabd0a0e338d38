/**
 * @file azureml/http.h
 * @brief HTTP request and response objects, reached through accessors.
 *
 * A transport receives a read-only ::aml_http_request and fills an
 * ::aml_http_response through the setters below. Header names compare
 * case-insensitively. Bodies are bytes with an explicit length.
 */
#ifndef AZUREML_HTTP_H
#define AZUREML_HTTP_H

#include "errors.h"

AML_BEGIN_DECL

/** An outgoing HTTP request. Read-only for transports. */
typedef struct aml_http_request aml_http_request;
/** An HTTP response being received (transport side) or read (caller side). */
typedef struct aml_http_response aml_http_response;

/**
 * @brief The method, e.g. "GET". [transfer none]; "" for NULL.
 * @param req [nullable] the request.
 */
AML_API const char *aml_http_request_method(const aml_http_request *req);

/**
 * @brief The absolute URL, query string included. [transfer none]; "" for NULL.
 * @param req [nullable] the request.
 */
AML_API const char *aml_http_request_url(const aml_http_request *req);

/**
 * @brief The number of headers.
 * @param req [nullable] the request.
 */
AML_API size_t aml_http_request_header_count(const aml_http_request *req);

/**
 * @brief One header, in the order they will be sent.
 * @param[out] name  receives the name [transfer none].
 * @param[out] value receives the value [transfer none].
 * @param req [nullable] the request.
 * @param index position, 0 .. count - 1.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument or @p index out of range.
 */
AML_API aml_result aml_http_request_header_at(const aml_http_request *req, size_t index,
                                              const char **name, const char **value);

/**
 * @brief The value of the first header named @p name (case-insensitive).
 * @param req [nullable] the request.
 * @param name the header name (case-insensitive).
 * @return [transfer none][nullable] NULL when absent.
 */
AML_API const char *aml_http_request_header(const aml_http_request *req, const char *name);

/**
 * @brief The body.
 * @param[out] data receives the body bytes or NULL when there is none [transfer none].
 * @param[out] size receives the number of bytes.
 * @param req [nullable] the request.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG a NULL argument.
 */
AML_API aml_result aml_http_request_body(const aml_http_request *req, const uint8_t **data,
                                         size_t *size);

/**
 * @brief The per-try timeout the transport should apply, in milliseconds (0 = none).
 * @param req [nullable] the request.
 */
AML_API int64_t aml_http_request_timeout_ms(const aml_http_request *req);

/**
 * @brief Set the status code (transport side). Call once per response.
 * @param resp the response being filled (transport side).
 * @param status the HTTP status code, 100..599.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p resp or a status outside 100..599.
 */
AML_API aml_result aml_http_response_set_status(aml_http_response *resp, int32_t status);

/**
 * @brief Add a received header (transport side). Both strings are copied.
 * Leading and trailing blanks of @p value are removed.
 * @param resp the response being filled (transport side).
 * @param name the header name; copied.
 * @param value the header value; copied.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG a NULL argument or an empty name.
 * @retval AML_ERR_NOMEM
 */
AML_API aml_result aml_http_response_add_header(aml_http_response *resp, const char *name,
                                                const char *value);

/**
 * @brief Append received body bytes (transport side); copied.
 * @param resp the response being filled (transport side).
 * @param data [nullable when size is 0] the bytes; copied.
 * @param size the number of bytes.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p resp, or NULL @p data with a non-zero size.
 * @retval AML_ERR_NOMEM
 */
AML_API aml_result aml_http_response_append_body(aml_http_response *resp, const uint8_t *data,
                                                 size_t size);

/**
 * @brief The status code, 0 before one was set.
 * @param resp [nullable] the response.
 */
AML_API int32_t aml_http_response_status(const aml_http_response *resp);

/**
 * @brief The value of the first header named @p name, or NULL. [transfer none]
 * @param resp [nullable] the response.
 * @param name the header name (case-insensitive).
 */
AML_API const char *aml_http_response_header(const aml_http_response *resp, const char *name);

/**
 * @brief The number of headers received.
 * @param resp [nullable] the response.
 */
AML_API size_t aml_http_response_header_count(const aml_http_response *resp);

/**
 * @brief One received header.
 * @param resp [nullable] the response.
 * @param index position, 0 .. count - 1.
 * @param[out] name receives the name [transfer none].
 * @param[out] value receives the value [transfer none].
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument or index out of range.
 */
AML_API aml_result aml_http_response_header_at(const aml_http_response *resp, size_t index,
                                               const char **name, const char **value);

/**
 * @brief The body received so far. The bytes are followed by a NUL that is
 *        not counted in @p size, so a text body can be read as a C string.
 * @param resp [nullable] the response.
 * @param data receives the body bytes [transfer none].
 * @param size receives the number of bytes.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG a NULL argument.
 */
AML_API aml_result aml_http_response_body(const aml_http_response *resp, const uint8_t **data,
                                          size_t *size);

/**
 * @brief Free a response the library returned to the caller (for example by
 *        aml_transport_send()). Never free the response a transport is filling.
 *        NULL-safe.
 * @param resp [nullable][transfer full] a response the library handed to the caller.
 */
AML_API void aml_http_response_free(aml_http_response *resp);

AML_END_DECL

#endif /* AZUREML_HTTP_H */
