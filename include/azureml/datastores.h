/**
 * @file azureml/datastores.h
 * @brief Datastores (azure-ai-ml `ml_client.datastores`): where a workspace's
 *        data lives. Get, list, the default one, and its secrets.
 *
 * A datastore names a storage container (`AzureBlob`: account, container,
 * endpoint suffix, protocol) and how to reach it (its credentials type:
 * `AccountKey`, `Sas`, `None` for identity-based access, ...). The service
 * never returns the secrets with a datastore; aml_datastores_list_secrets()
 * asks for them explicitly, into a separate struct that is wiped when freed.
 * Uploads and downloads (azureml/data_transfer.h) do all of this for you.
 *
 * @threadsafety Every function may be called concurrently on one client; a
 *        returned struct is used by one thread at a time.
 */
#ifndef AZUREML_DATASTORES_H
#define AZUREML_DATASTORES_H

#include "client.h"
#include "pager.h"

AML_BEGIN_DECL

/** Version of ::aml_datastore understood by this header. */
#define AML_DATASTORE_VERSION 1
/** Version of ::aml_datastore_secrets understood by this header. */
#define AML_DATASTORE_SECRETS_VERSION 1

/** `datastore_type`: Azure Blob Storage container (the only one uploads support). */
#define AML_DATASTORE_TYPE_AZURE_BLOB "AzureBlob"
/** `datastore_type`: Azure Data Lake Storage Gen2. */
#define AML_DATASTORE_TYPE_AZURE_DATA_LAKE_GEN2 "AzureDataLakeGen2"
/** `datastore_type`: Azure Files share. */
#define AML_DATASTORE_TYPE_AZURE_FILE "AzureFile"

/** Credentials type: a storage account key (Shared Key). */
#define AML_DATASTORE_CREDENTIALS_ACCOUNT_KEY "AccountKey"
/** Credentials type: a SAS token. */
#define AML_DATASTORE_CREDENTIALS_SAS "Sas"
/** Credentials type: none stored; access with the caller's identity (bearer token). */
#define AML_DATASTORE_CREDENTIALS_NONE "None"
/** Credentials type: a service principal with a client secret. */
#define AML_DATASTORE_CREDENTIALS_SERVICE_PRINCIPAL "ServicePrincipal"
/** Credentials type: a service principal with a certificate. */
#define AML_DATASTORE_CREDENTIALS_CERTIFICATE "Certificate"

/**
 * @brief A datastore as the service describes it. Read-only, returned by the
 *        library (which owns every string); free with aml_datastore_free().
 *        Never holds a secret.
 */
typedef struct aml_datastore {
  uint32_t version;             /**< #AML_DATASTORE_VERSION. */
  const char *id;               /**< [nullable] ARM resource id. */
  const char *name;             /**< Datastore name, e.g. "workspaceblobstore". */
  const char *datastore_type;   /**< [nullable] `properties.datastoreType`, e.g. #AML_DATASTORE_TYPE_AZURE_BLOB. */
  const char *account_name;     /**< [nullable] `properties.accountName` (storage account). */
  const char *container_name;   /**< [nullable] `properties.containerName` (blob container). */
  /** [nullable] `properties.endpoint`: the DNS suffix ("core.windows.net"), or
   *  host:port of a path-style service (Azurite, aml-emulator: "127.0.0.1:10000"). */
  const char *endpoint;
  const char *protocol;         /**< [nullable] `properties.protocol`, "https" or "http". */
  int32_t is_default;           /**< 1 when the workspace's default datastore, else 0. */
  const char *credentials_type; /**< [nullable] `properties.credentials.credentialsType`, e.g. #AML_DATASTORE_CREDENTIALS_ACCOUNT_KEY. */
  /** [nullable] `properties.serviceDataAccessAuthIdentity` ("None",
   *  "WorkspaceSystemAssignedIdentity", "WorkspaceUserAssignedIdentity"). */
  const char *service_data_access_auth_identity;
  const char *description;      /**< [nullable] `properties.description`. */
  const aml_string_pair *tags;  /**< [nullable] `properties.tags`. */
  size_t tags_count;            /**< Entries in @c tags. */
  const char *raw_json;         /**< The resource as the service sent it (never carries secrets). */
} aml_datastore;

/**
 * @brief A datastore's secrets (`listSecrets`). Returned by the library; every
 *        string is wiped before it is freed by aml_datastore_secrets_free().
 *        Do not log them.
 */
typedef struct aml_datastore_secrets {
  uint32_t version;          /**< #AML_DATASTORE_SECRETS_VERSION. */
  const char *secrets_type;  /**< `secretsType`: "AccountKey", "Sas", "ServicePrincipal" or "Certificate". */
  const char *key;           /**< [nullable] AccountKey: the base64 account key. */
  const char *sas_token;     /**< [nullable] Sas: the token (query string, without a leading '?'). */
  const char *client_secret; /**< [nullable] ServicePrincipal: the client secret. */
  const char *certificate;   /**< [nullable] Certificate: the certificate. */
} aml_datastore_secrets;

/**
 * @brief Parse an ARM datastore resource.
 * @param json NUL-terminated JSON text.
 * @param[out] out [transfer full] free with aml_datastore_free(); NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_PARSE not a JSON object, or a member of the wrong type.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_datastore_from_json(const char *json, aml_datastore **out, aml_error **err);

/**
 * @brief Free a datastore the library returned. NULL and pointers the library did not return are ignored.
 * @param datastore [nullable][transfer full] the datastore to free.
 * @threadsafety Not concurrently with other use of @p datastore.
 */
AML_API void aml_datastore_free(aml_datastore *datastore);

/**
 * @brief Wipe and free secrets the library returned. NULL and pointers the library did not return are ignored.
 * @param secrets [nullable][transfer full] the secrets to free.
 * @threadsafety Not concurrently with other use of @p secrets.
 */
AML_API void aml_datastore_secrets_free(aml_datastore_secrets *secrets);

/**
 * @brief Get a datastore (`GET {workspace}/datastores/{name}`).
 * @param client the client [transfer none].
 * @param name the datastore name, e.g. "workspaceblobstore".
 * @param[out] out [transfer full] free with aml_datastore_free(); NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOT_FOUND no such datastore.
 * @retval AML_ERR_PARSE the answer is not a datastore.
 * @retval other negative codes from the service or the pipeline.
 * @threadsafety Safe to call concurrently on one client.
 */
AML_API aml_result aml_datastores_get(aml_client *client, const char *name, aml_datastore **out,
                                      aml_error **err);

/**
 * @brief List the workspace's datastores (`GET {workspace}/datastores`, paged
 *        by `nextLink`); read them with aml_pager_next_datastore().
 * @param client the client [transfer none].
 * @param[out] out [transfer full] free with aml_pager_free(). No request is sent until the first next.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe to call concurrently on one client.
 */
AML_API aml_result aml_datastores_list(aml_client *client, aml_pager **out, aml_error **err);

/**
 * @brief The next datastore of a pager from aml_datastores_list().
 * @param pager a pager from aml_datastores_list().
 * @param[out] out [transfer full] free with aml_datastore_free(); NULL at the end.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ITER_END no more datastores.
 * @retval AML_ERR_INVALID_ARG NULL argument, or a pager of another list.
 * @retval other negative codes when a page could not be fetched or parsed.
 * @threadsafety A pager is used by one thread at a time.
 */
AML_API aml_result aml_pager_next_datastore(aml_pager *pager, aml_datastore **out, aml_error **err);

/**
 * @brief The workspace's default datastore (`GET {workspace}/datastores?isDefault=true`,
 *        first item), as azure-ai-ml's `datastores.get_default()`.
 * @param client the client [transfer none].
 * @param[out] out [transfer full] free with aml_datastore_free(); NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_NOT_FOUND the workspace has no default datastore.
 * @retval AML_ERR_PARSE the answer is not a list of datastores.
 * @retval other negative codes from the service or the pipeline.
 * @threadsafety Safe to call concurrently on one client.
 */
AML_API aml_result aml_datastores_get_default(aml_client *client, aml_datastore **out, aml_error **err);

/**
 * @brief A datastore's secrets (`POST {workspace}/datastores/{name}/listSecrets`).
 *        Needs the permission to read secrets; a datastore with credentials
 *        type `None` has none (the service answers an error).
 * @param client the client [transfer none].
 * @param name the datastore name.
 * @param[out] out [transfer full] free with aml_datastore_secrets_free() (wipes them); NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure (never carrying
 *        a secret); free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOT_FOUND no such datastore.
 * @retval AML_ERR_PARSE the answer is not a secrets object.
 * @retval other negative codes from the service or the pipeline.
 * @threadsafety Safe to call concurrently on one client.
 */
AML_API aml_result aml_datastores_list_secrets(aml_client *client, const char *name, aml_datastore_secrets **out,
                                               aml_error **err);

AML_END_DECL

#endif /* AZUREML_DATASTORES_H */
