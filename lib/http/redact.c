#include "http/redact.h"

#include "core/str.h"

#include <stddef.h>

/* Diagnostics worth seeing and free of credentials (as in azure-core's list,
 * plus the ARM throttling and long-running-operation headers). */
static const char *const k_allowed[] = {
    "x-ms-client-request-id", "x-ms-request-id", "x-ms-correlation-request-id",
    "x-ms-return-client-request-id", "x-ms-routing-request-id", "traceparent",
    "Accept", "Cache-Control", "Connection", "Content-Length", "Content-Type", "Date", "ETag",
    "Expires", "If-Match", "If-Modified-Since", "If-None-Match", "If-Unmodified-Since",
    "Last-Modified", "Pragma", "Request-Id", "Retry-After", "retry-after-ms", "x-ms-retry-after-ms",
    "Server", "Transfer-Encoding", "User-Agent", "WWW-Authenticate", "x-ms-async-operation-timeout",
    "Azure-AsyncOperation", "Location", "azureml-model-deployment",
};

bool aml__header_is_loggable(const char *name) {
  if (aml__strcasecmp(name, "Authorization") == 0) return false;
  if (aml__str_starts_with_ci(name, "x-ms-ratelimit-")) return true;
  for (size_t i = 0; i < sizeof(k_allowed) / sizeof(k_allowed[0]); i++)
    if (aml__strcasecmp(name, k_allowed[i]) == 0) return true;
  return false;
}

bool aml__header_is_url(const char *name) {
  return aml__strcasecmp(name, "Location") == 0 || aml__strcasecmp(name, "Azure-AsyncOperation") == 0;
}
