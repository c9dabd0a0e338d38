/* Where an invoke's inputs are, as the service must see them. */
#ifndef AML_ML_INVOKE_INPUTS_H
#define AML_ML_INVOKE_INPUTS_H

#include <azureml/invoke.h>

#include "ml/client_impl.h"

/* For each non-literal input of `o`, the URI to send into uris[i] (owned,
 * aml__free): a local file or folder uploaded (content-addressed) to
 * o->upload_datastore or the default datastore; a data asset reference
 * resolved to its ARM id; anything else copied as given. Literal inputs
 * leave uris[i] NULL. On failure the uris already set stay for the caller
 * to free. */
aml_result aml__invoke_resolve_inputs(aml_client *c, const aml_invoke_options *o, char **uris, aml_error **err);

#endif
