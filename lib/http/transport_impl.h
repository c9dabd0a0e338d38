/* Internal layout of aml_transport, shared by the built-in transports. */
#ifndef AML_HTTP_TRANSPORT_IMPL_H
#define AML_HTTP_TRANSPORT_IMPL_H

#include <azureml/transport.h>

#include "core/sync.h"

struct aml_transport {
  aml_refcount refs;
  aml_transport_vtable vt;
  void *self;
};

/* Send through the vtable; the response is reset first. Never leaves
 * AML_OK with status 0 (a transport that "succeeds" without a status is
 * reported as AML_ERR_TRANSPORT). */
aml_result aml__transport_send(aml_transport *t, const aml_http_request *req, aml_http_response *resp,
                               aml_error **err);

#endif
