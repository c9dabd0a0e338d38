/* Turning an HTTP error response into an aml_error. */
#ifndef AML_HTTP_SERVICE_ERROR_H
#define AML_HTTP_SERVICE_ERROR_H

#include "http/message.h"

/* The aml_result for an HTTP status >= 400. */
aml_result aml__result_from_status(int32_t status);

/* Build an error from a response with status >= 400: code from the status,
 * service fields from an ARM body ({"error":{code,message,target,details}}),
 * an OAuth body ({"error","error_description"}) or a bare {code,message};
 * for other bodies, a short printable excerpt. Request ids from headers.
 * Returns the code (AML_ERR_NOMEM when even that could not be built). */
aml_result aml__error_from_response(const aml_http_request *req, const aml_http_response *resp,
                                    aml_error **out);

/* Fill service fields of `e` from an ARM-style error object {code,message,target,details}. */
void aml__error_fill_from_json(aml_error *e, void *json_error_object);

#endif
