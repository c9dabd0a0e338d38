/* From a data URI to a Blob container client (internal to lib/ml).
 *
 * A data URI (azureml/data_transfer.h: `azureml://datastores/<ds>/paths/<p>`,
 * its long form, an https storage URL or a path-style loopback URL) is
 * resolved to a lib/storage container client with the right authorisation,
 * plus the blob name or prefix inside that container:
 * - a datastore: GET {workspace}/datastores/<ds>, then, for AccountKey and
 *   Sas credentials, POST .../listSecrets: AccountKey -> Shared Key; Sas ->
 *   the token; None (identity-based), ServicePrincipal and Certificate ->
 *   bearer, scope https://storage.azure.com/.default, through the client's
 *   credential (azure-ai-ml uses the caller's credential for those too). The container URL is built from the datastore's own
 *   protocol + endpoint (path-style when the endpoint is an IP literal or
 *   localhost with a port), never from cloud metadata.
 * - a storage URL: its own query as SAS token when it has one, else bearer.
 *
 * The target keeps a reference to the client: the container client borrows
 * the client's pipeline (retry, logging, redaction, user agent, credential).
 * Secrets live only inside the container client (wiped when freed). */
#ifndef AML_ML_DATA_ACCESS_H
#define AML_ML_DATA_ACCESS_H

#include <azureml/data_transfer.h>
#include <azureml/datastores.h>
#include <stdbool.h>

#include "ml/client_impl.h"
#include "storage/blob.h"

typedef struct aml__data_target {
  aml_client *client;             /* reference held; the container borrows its pipeline */
  aml_blob_container *container;  /* owned */
  char *datastore;                /* owned; NULL for a storage URL */
  /* owned: the blob name or folder prefix inside the container, as written
   * ("" = the container's root; a trailing '/' kept) */
  char *path;
} aml__data_target;

/* Resolve a data URI. AML_ERR_INVALID_ARG (naming the accepted forms) when
 * `uri` is none of them, or when a long form names another workspace;
 * AML_ERR_NOT_FOUND for a missing datastore; AML_ERR_UNSUPPORTED for a
 * datastore that is not AzureBlob / AzureDataLakeGen2. */
aml_result aml__data_target_open(aml_client *c, const char *uri, aml__data_target **out, aml_error **err);

/* The root of a datastore by name (NULL = the workspace default,
 * GET ?isDefault=true). */
aml_result aml__data_target_open_datastore(aml_client *c, const char *datastore, aml__data_target **out,
                                           aml_error **err);

void aml__data_target_free(aml__data_target *t);

/* True when `path` is a local file-system path rather than a data URI or an
 * asset reference: it has no "<scheme>://" and does not start with
 * "azureml:". (Invoke, data assets and model/code creation upload those.) */
bool aml__data_is_local_path(const char *path);

/* aml_data_upload_local() with the name and version azure-ai-ml records in
 * the indicator blob's metadata (the asset's; NULL name or version = a new
 * UUID, as azure-ai-ml records a job input's upload). */
aml_result aml__data_upload_local_named(aml_client *c, const char *local_path, const char *datastore,
                                        const char *asset_name, const char *asset_version,
                                        const aml_transfer_options *opts, char **uri_out, aml_error **err);

#endif
