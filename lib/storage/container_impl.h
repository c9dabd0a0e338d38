/* Inside of aml_blob_container, shared by the operation files of lib/storage. */
#ifndef AML_STORAGE_CONTAINER_IMPL_H
#define AML_STORAGE_CONTAINER_IMPL_H

#include "core/url.h"
#include "storage/blob.h"

struct aml_blob_container {
  const aml_pipeline *pipeline; /* borrowed */
  char *base_url;               /* {protocol}://{host}[/{account}]/{container}, no query, no trailing '/' */
  char *account;
  char *container;
  char *api_version;
  aml_blob_auth_kind auth;
  uint8_t *key; /* SHARED_KEY: decoded account key (wiped on free) */
  size_t key_len;
  char *sas; /* SAS: token without '?' (wiped on free) */
};

/* True when host[:port] (len bytes) is an IP literal or localhost: the
 * account goes in the path (Azurite, aml-emulator). */
bool aml__blob_host_is_path_style(const char *host_port, size_t len);
/* Percent-encode a blob name, keeping '/'. */
aml_result aml__blob_name_escape(aml_buf *out, const char *name);

#endif
