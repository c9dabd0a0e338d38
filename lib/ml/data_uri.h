/* Parsing data URIs (azureml/data_transfer.h) into their parts. */
#ifndef AML_ML_DATA_URI_H
#define AML_ML_DATA_URI_H

#include <azureml/data_transfer.h>

#include "ml/arena.h"

/* The accepted forms, for error messages. */
#define AML__DATA_URI_FORMS                                                                                   \
  "azureml://datastores/<datastore>/paths/<path>, "                                                          \
  "azureml://subscriptions/<sub>/resourcegroups/<rg>/workspaces/<ws>/datastores/<datastore>/paths/<path>, " \
  "https://<account>.blob.<suffix>/<container>/<path>, or a local Blob service's "                          \
  "http[s]://<127.0.0.1|localhost|[::1]>:<port>/<account>/<container>/<path>"

/* Fill `out` (initialised here) with strings allocated in `arena`. For a
 * storage URL with a query, *sas_out (optional) receives the query as a
 * secret arena string (wiped when the arena is cleared); NULL otherwise.
 * AML_ERR_INVALID_ARG naming the accepted forms; AML_ERR_NOMEM. */
aml_result aml__data_uri_parse(const char *uri, aml__arena *arena, aml_data_uri *out, const char **sas_out,
                               aml_error **err);

#endif
