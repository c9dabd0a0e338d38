/* Static descriptions of result codes. */
#include <azureml/errors.h>

const char *aml_result_str(aml_result code) {
  switch (code) {
  case AML_OK: return "success";
  case AML_ITER_END: return "no more items";
  case AML_ERR_INVALID_ARG: return "invalid argument";
  case AML_ERR_NOMEM: return "out of memory";
  case AML_ERR_NOT_FOUND: return "resource not found";
  case AML_ERR_HTTP: return "unexpected HTTP status";
  case AML_ERR_AUTH: return "authentication failed: no token could be acquired";
  case AML_ERR_UNAUTHORIZED: return "unauthorized (HTTP 401)";
  case AML_ERR_FORBIDDEN: return "forbidden (HTTP 403)";
  case AML_ERR_BAD_REQUEST: return "bad request (HTTP 400)";
  case AML_ERR_CONFLICT: return "conflict (HTTP 409)";
  case AML_ERR_THROTTLED: return "throttled (HTTP 429)";
  case AML_ERR_SERVER: return "service error (HTTP 5xx)";
  case AML_ERR_CONNECT: return "could not connect";
  case AML_ERR_TRANSPORT: return "connection failed during the exchange";
  case AML_ERR_TIMEOUT: return "timed out";
  case AML_ERR_TLS: return "TLS failure";
  case AML_ERR_PARSE: return "could not parse";
  case AML_ERR_VERSION: return "unsupported struct version";
  case AML_ERR_VALIDATION: return "validation failed";
  case AML_ERR_CONFIG: return "configuration error";
  case AML_ERR_OPERATION_FAILED: return "long-running operation failed";
  case AML_ERR_CANCELED: return "canceled";
  case AML_ERR_STILL_RUNNING: return "still running at the deadline";
  case AML_ERR_RESUME_TOKEN: return "invalid resume token";
  case AML_ERR_USER: return "aborted by a user callback";
  case AML_ERR_UNSUPPORTED: return "not supported";
  case AML_ERR_INTERNAL: return "internal error";
  case AML_ERR_CREDENTIAL_UNAVAILABLE: return "credential unavailable in this environment";
  default: return "unknown result code";
  }
}
