/* Policy 2: User-Agent: azsdk-c-azureml/<version> (<os> <arch>)[ <suffix>]. */
#include "core/buf.h"
#include "http/pipeline.h"

#include <sys/utsname.h>

char *aml__user_agent_build(const char *suffix) {
  struct utsname u;
  const char *os = "unknown", *arch = "unknown";
  if (uname(&u) == 0) {
    os = u.sysname;
    arch = u.machine;
  }
  aml_buf b = AML_BUF_INIT;
  if (aml__buf_printf(&b, "azsdk-c-azureml/%s (%s %s)", AML_VERSION_STRING, os, arch) != AML_OK ||
      (suffix && *suffix && aml__buf_printf(&b, " %s", suffix) != AML_OK)) {
    aml__buf_free(&b);
    return NULL;
  }
  return aml__buf_detach(&b);
}

aml_result aml__policy_user_agent(aml_policy_ctx *ctx, aml_error **err) {
  if (aml__kvlist_set(&ctx->req->headers, "User-Agent", ctx->pipeline->user_agent) != AML_OK)
    return aml__fail(err, AML_ERR_NOMEM, "out of memory setting the user agent");
  return aml__policy_next(ctx, err);
}
