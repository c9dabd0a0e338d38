/* Policy 1: every request carries x-ms-client-request-id, so the service's
 * logs and ours can be joined. A caller-set id is kept. */
#include "core/uuid.h"
#include "http/pipeline.h"

aml_result aml__policy_request_id(aml_policy_ctx *ctx, aml_error **err) {
  if (!aml__kvlist_get(&ctx->req->headers, "x-ms-client-request-id")) {
    char id[AML_UUID_STR_LEN + 1];
    aml__uuid4(id);
    if (aml__kvlist_set(&ctx->req->headers, "x-ms-client-request-id", id) != AML_OK)
      return aml__fail(err, AML_ERR_NOMEM, "out of memory setting the request id");
  }
  return aml__policy_next(ctx, err);
}
