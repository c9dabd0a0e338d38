/* The workspace's `api` host (from its discovery document) and the URLs
 * azure-ai-ml builds on it: run history and the management front end (MFE). */
#ifndef AML_ML_WORKSPACE_API_H
#define AML_ML_WORKSPACE_API_H

#include "ml/client_impl.h"

/* The `api` value of the workspace's discovery document, without a trailing
 * '/': GET the workspace (ARM) -> properties.discoveryUrl -> GET it (no token:
 * the document is public) -> "api". Read once per client and cached, like
 * the workspace's location (a workspace does not change region). *out is a
 * copy, freed with aml__free. */
aml_result aml__workspace_api_host(aml_client *c, char **out, aml_error **err);

/* {api}{prefix}/subscriptions/{sub}/resourceGroups/{rg}/providers/
 * Microsoft.MachineLearningServices/workspaces/{ws}/{seg...}[?api-version=v]
 * (every segment escaped; api_version NULL = no query). */
aml_result aml__workspace_api_url(const aml_client *c, const char *api_host, const char *prefix,
                                  const char *const *segments, size_t n, const char *api_version, char **out,
                                  aml_error **err);

#endif
