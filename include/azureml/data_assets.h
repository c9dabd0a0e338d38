/**
 * @file azureml/data_assets.h
 * @brief Data assets (azure-ai-ml `ml_client.data`): named, versioned
 *        pointers to data (`{workspace}/data/{name}/versions/{version}`).
 *        Create or update a version (from a datastore path, a storage URL or
 *        a local path that is uploaded first), get one by version or the
 *        latest, list versions, and resolve the references jobs take
 *        (`azureml:<name>:<version>`, `azureml:<name>@latest`).
 *
 * Ownership follows azureml/batch_endpoint.h: caller-built structs hold
 * borrowed pointers the library copies; library-returned structs own what the
 * library put in them and are released with aml_data_asset_free().
 *
 * @threadsafety Every operation may be called concurrently on one client; a
 *        struct is used by one thread at a time.
 */
#ifndef AZUREML_DATA_ASSETS_H
#define AZUREML_DATA_ASSETS_H

#include "client.h"
#include "data_transfer.h"
#include "pager.h"

AML_BEGIN_DECL

/** Version of ::aml_data_asset understood by this header. */
#define AML_DATA_ASSET_VERSION 1

/** Data type: one file. */
#define AML_DATA_TYPE_URI_FILE "uri_file"
/** Data type: a folder (the default). */
#define AML_DATA_TYPE_URI_FOLDER "uri_folder"
/** Data type: an MLTable (a folder with an `MLTable` file). */
#define AML_DATA_TYPE_MLTABLE "mltable"

/**
 * @brief A data asset version.
 *
 * Maps: NULL = not set; non-NULL with a count of 0 = an empty map, sent as `{}`.
 */
typedef struct aml_data_asset {
  uint32_t version;          /**< #AML_DATA_ASSET_VERSION, set by aml_data_asset_init(). */
  const char *name;          /**< Asset name (URL segment). Required. */
  const char *asset_version; /**< Version label, e.g. "1" (URL segment). Required. */
  /** #AML_DATA_TYPE_URI_FOLDER (init), #AML_DATA_TYPE_URI_FILE or #AML_DATA_TYPE_MLTABLE → `properties.dataType`. */
  const char *type;
  /** Where the data is → `properties.dataUri`: an `azureml://datastores/...` path, an
   *  `https://` URL, or a local file or folder (uploaded first, content-addressed, to the
   *  default datastore; see aml_data_upload_local()). Required. */
  const char *path;
  const char *description;     /**< [nullable] `properties.description`. */
  const aml_string_pair *tags; /**< [nullable] `properties.tags`. */
  size_t tags_count;           /**< Entries in @c tags. */
  const aml_string_pair *properties; /**< [nullable] `properties.properties`. */
  size_t properties_count;           /**< Entries in @c properties. */
  /* ---- read-only ---- */
  const char *id;         /**< [nullable] ARM resource id (what a job input takes). */
  const char *data_uri;   /**< [nullable] `properties.dataUri` as stored. */
  const char *created_at; /**< [nullable] `systemData.createdAt` (ISO-8601). */
  const char *raw_json;   /**< [nullable] The resource as the service sent it (library-owned). */
} aml_data_asset;

/**
 * @brief Initialise: type #AML_DATA_TYPE_URI_FOLDER, other strings and maps NULL, counts 0.
 * @param[out] asset [transfer none] overwritten, not freed.
 * @param version #AML_DATA_ASSET_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p asset is NULL.
 * @retval AML_ERR_VERSION unknown @p version.
 * @threadsafety Safe from any thread on distinct structs.
 */
AML_API aml_result aml_data_asset_init(aml_data_asset *asset, uint32_t version);

/**
 * @brief Check: `name` (the service's rule: 1 to 255 letters, digits, '-' and '_', starting with a letter or digit), `asset_version` and `path`
 *        set; `type` one of the three; map keys neither NULL nor empty, values not NULL.
 * @param[in] asset [transfer none]
 * @param[out] err [nullable][transfer full] on failure, a message naming the rule broken.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p asset is NULL.
 * @retval AML_ERR_VERSION unknown @p asset->version.
 * @retval AML_ERR_VALIDATION a rule is broken.
 * @retval AML_ERR_NOMEM no memory for the error message.
 * @threadsafety Safe from any thread; @p asset is only read.
 */
AML_API aml_result aml_data_asset_validate(const aml_data_asset *asset, aml_error **err);

/**
 * @brief The ARM request body (PUT) `{"properties":{"dataType","dataUri",...}}`; starts
 *        from `raw_json` minus read-only members. Does not validate; a local `path` is
 *        written as it is (create_or_update uploads it first).
 * @param[in] asset [transfer none]
 * @param[out] json_out [transfer full] free with aml_free().
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p asset or @p json_out is NULL.
 * @retval AML_ERR_VERSION unknown @p asset->version.
 * @retval AML_ERR_PARSE `raw_json` is not a JSON object.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p asset is only read.
 */
AML_API aml_result aml_data_asset_to_json(const aml_data_asset *asset, char **json_out, aml_error **err);

/**
 * @brief Parse an ARM data version resource. `asset_version` comes from the body's
 *        `name`, `name` from the resource id; `path` and `data_uri` both get `dataUri`.
 * @param json NUL-terminated JSON text.
 * @param[out] out [transfer full] free with aml_data_asset_free(); NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_PARSE not JSON, not an object, or a field of the wrong type.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_data_asset_from_json(const char *json, aml_data_asset **out, aml_error **err);

/**
 * @brief Deep copy into a library-owned struct.
 * @param[in] in [transfer none]
 * @param[out] out [transfer full] free with aml_data_asset_free(); NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p in or @p out is NULL.
 * @retval AML_ERR_VERSION unknown @p in->version.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p in is only read.
 */
AML_API aml_result aml_data_asset_clone(const aml_data_asset *in, aml_data_asset **out, aml_error **err);

/**
 * @brief Free a library-returned data asset (never the caller's pointers in it).
 *        NULL and pointers the library did not return are ignored.
 * @param asset [nullable][transfer full]
 * @threadsafety Not concurrently with other use of @p asset.
 */
AML_API void aml_data_asset_free(aml_data_asset *asset);

/**
 * @brief Create or update a data asset version (`PUT .../data/{name}/versions/{version}`,
 *        synchronous). A local `path` is first uploaded with aml_data_upload_local()
 *        to the default datastore and registered as its `azureml://` URI.
 * @param client the client [transfer none].
 * @param asset [transfer none] the version; copied before the call returns.
 * @param opts [nullable][transfer none] transfer options for a local path's upload.
 * @param[out] out [nullable][transfer full] the version as stored; free with aml_data_asset_free().
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_VALIDATION a client-side rule is broken; nothing was sent.
 * @retval AML_ERR_NOT_FOUND a local `path` does not exist.
 * @retval other negative codes from the upload, the service or the pipeline.
 * @threadsafety Safe to call concurrently on one client.
 */
AML_API aml_result aml_data_assets_create_or_update(aml_client *client, const aml_data_asset *asset,
                                                    const aml_transfer_options *opts, aml_data_asset **out,
                                                    aml_error **err);

/**
 * @brief Get a data asset version (`GET .../data/{name}/versions/{version}`).
 *        The version "@latest" or the label "latest" (any case, without '@')
 *        asks for the latest one, as aml_data_assets_get_latest().
 * @param client the client [transfer none].
 * @param name the asset name.
 * @param version the version label, e.g. "1", or "@latest" / "latest".
 * @param[out] out [transfer full] free with aml_data_asset_free(); NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOT_FOUND no such asset or version.
 * @retval AML_ERR_PARSE the answer is not a data version.
 * @retval other negative codes from the service or the pipeline.
 * @threadsafety Safe to call concurrently on one client.
 */
AML_API aml_result aml_data_assets_get(aml_client *client, const char *name, const char *version,
                                       aml_data_asset **out, aml_error **err);

/**
 * @brief The most recently created version of a data asset, as azure-ai-ml's
 *        `@latest` (`GET .../data/{name}/versions?$orderBy=createdtime desc&$top=1`,
 *        first item; not the container's `latestVersion`).
 * @param client the client [transfer none].
 * @param name the asset name.
 * @param[out] out [transfer full] free with aml_data_asset_free(); NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOT_FOUND the asset has no version.
 * @retval AML_ERR_PARSE the answer is not a list of data versions.
 * @retval other negative codes from the service or the pipeline.
 * @threadsafety Safe to call concurrently on one client.
 */
AML_API aml_result aml_data_assets_get_latest(aml_client *client, const char *name, aml_data_asset **out,
                                              aml_error **err);

/**
 * @brief List a data asset's versions, newest first (`$orderBy=createdtime desc`,
 *        paged by `nextLink`); read them with aml_pager_next_data_asset().
 * @param client the client [transfer none].
 * @param name the asset name.
 * @param[out] out [transfer full] free with aml_pager_free(). No request is sent until the first next.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe to call concurrently on one client.
 */
AML_API aml_result aml_data_assets_list_versions(aml_client *client, const char *name, aml_pager **out,
                                                 aml_error **err);

/**
 * @brief The next version of a pager from aml_data_assets_list_versions().
 * @param pager a pager from aml_data_assets_list_versions().
 * @param[out] out [transfer full] free with aml_data_asset_free(); NULL at the end.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ITER_END no more versions.
 * @retval AML_ERR_INVALID_ARG NULL argument, or a pager of another list.
 * @retval other negative codes when a page could not be fetched or parsed.
 * @threadsafety A pager is used by one thread at a time.
 */
AML_API aml_result aml_pager_next_data_asset(aml_pager *pager, aml_data_asset **out, aml_error **err);

/**
 * @brief Resolve a data asset reference to its full ARM id (what a job input takes):
 *        `azureml:<name>:<version>` (built locally: no request), `azureml:<name>@latest`
 *        (the latest version, one request), and an ARM id (with or without `azureml:`)
 *        returned as it is.
 * @param client the client [transfer none].
 * @param reference the reference.
 * @param[out] id_out [transfer full] `/subscriptions/.../workspaces/<ws>/data/<name>/versions/<v>`;
 *        free with aml_free().
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument, or @p reference is none of the forms,
 *         or names a label other than `latest`.
 * @retval AML_ERR_NOT_FOUND `@latest` of an asset without versions.
 * @retval other negative codes from the service or the pipeline.
 * @threadsafety Safe to call concurrently on one client.
 */
AML_API aml_result aml_data_assets_resolve(aml_client *client, const char *reference, char **id_out,
                                           aml_error **err);

AML_END_DECL

#endif /* AZUREML_DATA_ASSETS_H */
