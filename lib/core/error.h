/* Internal side of aml_error: creation and the fields filled from responses. */
#ifndef AML_CORE_ERROR_H
#define AML_CORE_ERROR_H

#include <azureml/errors.h>

#if defined(__GNUC__)
#define AML_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define AML_PRINTF(f, a)
#endif

/* Report a failure: when err is non-NULL and *err is still NULL, store a new
 * error with a formatted one-line message. An error already stored by a
 * deeper call is kept (it is the more precise one). Returns code, so that
 * `return aml__fail(err, AML_ERR_X, "...")` reads naturally. */
aml_result aml__fail(aml_error **err, aml_result code, const char *fmt, ...) AML_PRINTF(3, 4);

/* Move *src into *dst (NULL-safe); frees src when dst is NULL or already set. */
void aml__error_propagate(aml_error **dst, aml_error *src);

/* Formatted creation; NULL when out of memory. */
aml_error *aml__error_newf(aml_result code, const char *fmt, ...) AML_PRINTF(2, 3);

/* Setters used while building an error from a response. Each copies its
 * strings; on allocation failure the field stays unset (the error remains
 * usable). NULL values are ignored. */
void aml__error_set_http_status(aml_error *e, int32_t status);
void aml__error_set_service(aml_error *e, const char *code, const char *message, const char *target);
void aml__error_set_request_ids(aml_error *e, const char *request_id, const char *client_request_id);
void aml__error_add_detail(aml_error *e, const char *code, const char *message, const char *target);
/* Replace the message (used to prefix context). */
void aml__error_set_message(aml_error *e, const char *message);
/* Mask every occurrence of secret with '*' in every string of the error
 * (message, service code/message/target, request ids, details), so that no
 * accessor returns it even when a server echoes it. NULL-safe. Strings are
 * stored with control characters neutralised (aml__str_neutralize_controls). */
void aml__error_scrub(aml_error *e, const char *secret);
/* Deep copy (NULL when out of memory or e is NULL). */
aml_error *aml__error_clone(const aml_error *e);
/* Change the code (e.g. a 404 on a token endpoint is an auth failure). */
void aml__error_set_code(aml_error *e, aml_result code);

#endif
