/**
 * @file azureml/workspace.h
 * @brief The workspace a client is bound to (read-only).
 */
#ifndef AZUREML_WORKSPACE_H
#define AZUREML_WORKSPACE_H

#include "client.h"

AML_BEGIN_DECL

/** Version of ::aml_workspace understood by this header. */
#define AML_WORKSPACE_VERSION 1

/**
 * @brief An Azure ML workspace as the service describes it. Returned by the
 *        library, which owns every string; free with aml_workspace_free().
 *        Used by one thread at a time.
 */
typedef struct aml_workspace {
  uint32_t version; /**< Struct version, set by the library (output only: there is no _init). */
  const char *id;                 /**< ARM resource id. */
  const char *name;               /**< Workspace name. */
  const char *location;           /**< Azure region, e.g. "eastus". */
  const char *discovery_url;      /**< `properties.discoveryUrl`; [nullable]. */
  const char *description;        /**< [nullable] */
  const char *friendly_name;      /**< [nullable] */
  const char *provisioning_state; /**< [nullable] */
  const char *workspace_id;       /**< `properties.workspaceId` (a GUID); [nullable]. */
} aml_workspace;

/**
 * @brief Get the client's workspace (`GET {workspace}?api-version=...`).
 * @param[out] out [transfer full] free with aml_workspace_free().
 * @param[out] err [nullable][transfer full]
 * @param client the client [transfer none].
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p client or @p out.
 * @retval AML_ERR_NOT_FOUND the workspace does not exist.
 * @retval AML_ERR_PARSE the response is not a workspace.
 * @retval other negative codes from the pipeline (AML_ERR_AUTH, AML_ERR_UNAUTHORIZED, ...).
 * @threadsafety Safe to call concurrently on one client.
 */
AML_API aml_result aml_workspaces_get(aml_client *client, aml_workspace **out, aml_error **err);

/**
 * @brief Free a workspace returned by the library. NULL-safe.
 * @param ws [nullable][transfer full] the workspace to free.
 */
AML_API void aml_workspace_free(aml_workspace *ws);

AML_END_DECL

#endif /* AZUREML_WORKSPACE_H */
