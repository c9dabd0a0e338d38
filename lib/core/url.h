/* URL building, escaping and redaction. */
#ifndef AML_CORE_URL_H
#define AML_CORE_URL_H

#include "core/buf.h"

#include <stdbool.h>

/* Percent-encode every byte outside RFC 3986 "unreserved" (A-Z a-z 0-9 - . _ ~). */
aml_result aml__url_escape(aml_buf *out, const char *s);
/* Append "?name=value" or "&name=value" (both escaped), depending on whether
 * the buffer already holds a query. */
aml_result aml__url_add_query(aml_buf *url, const char *name, const char *value);
/* Copy url into out with every query value except api-version replaced by
 * REDACTED (log lines, error messages). */
aml_result aml__url_redact(aml_buf *out, const char *url);
/* http:// or https:// followed by a host. */
bool aml__url_is_http(const char *url);
bool aml__url_is_https(const char *url);

/* Resolve ref against base (an absolute http(s) URL) as RFC 3986 §5.2
 * says: absolute, network-path ("//host/p"), absolute-path ("/p"),
 * relative-path ("p", "../p") and query-only ("?q") references; dot segments
 * removed; fragments dropped. out is replaced. AML_ERR_INVALID_ARG when base
 * (or an absolute ref) has no "scheme://" authority. */
aml_result aml__url_resolve(aml_buf *out, const char *base, const char *ref);

#endif
