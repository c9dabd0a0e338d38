/* Last policy: hand the request to the transport. */
#include "http/pipeline.h"
#include "http/transport_impl.h"

aml_result aml__policy_transport(aml_policy_ctx *ctx, aml_error **err) {
  return aml__transport_send(ctx->pipeline->transport, ctx->req, ctx->resp, err);
}
