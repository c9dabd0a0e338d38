/* Policy 4b: the request's own per-try hook (Blob Storage Shared Key signs
 * x-ms-date on every try, so a retried request is never sent stale). */
#include "http/pipeline.h"

aml_result aml__policy_per_try(aml_policy_ctx *ctx, aml_error **err) {
  if (ctx->req->per_try) {
    aml_result rc = ctx->req->per_try(ctx->req, ctx->req->per_try_data, err);
    if (rc < 0) return rc;
  }
  return aml__policy_next(ctx, err);
}
