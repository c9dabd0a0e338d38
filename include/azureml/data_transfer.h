/**
 * @file azureml/data_transfer.h
 * @brief Data paths, and moving files between this machine and a datastore:
 *        upload a file or folder, download a file or folder, and the
 *        content-addressed upload azure-ai-ml does for local job inputs,
 *        models and code (`LocalUpload/<hash>/<name>`).
 *
 * Paths are written as users write them in azure-ai-ml:
 * - `azureml://datastores/<datastore>/paths/<path>` (the short form);
 * - `azureml://subscriptions/<sub>/resourcegroups/<rg>/workspaces/<ws>/datastores/<datastore>/paths/<path>`
 *   (the long form; the workspace must be the client's);
 * - `https://<account>.blob.<suffix>/<container>/<path>` (a storage URL; a
 *   query string is taken as its SAS token), or, for a local Blob service
 *   (Azurite, aml-emulator), the path-style
 *   `http[s]://<127.0.0.1|localhost|[::1]>:<port>/<account>/<container>/<path>`.
 *
 * A datastore path is reached with the datastore's own credentials, asked for
 * as azure-ai-ml does (`GET` the datastore, then `listSecrets`): an account
 * key signs each request (Shared Key), a SAS token is appended, and an
 * identity-based datastore (credentials `None`) gets a bearer token for
 * `https://storage.azure.com/.default` from the client's credential. A plain
 * storage URL uses its own SAS token, or else that bearer token. Keys, SAS
 * values and tokens never appear in logs or error messages.
 *
 * Transfers use Put Blob for small files and Put Block / Put Block List in
 * blocks for large ones, ranged GETs for downloads, Content-MD5 on every
 * upload request and an MD5 check of every download against the stored one.
 * A downloaded file is written under a temporary name in its destination
 * folder and renamed only when complete and checked: no partial file is ever
 * left under its final name.
 *
 * Threads: a transfer may run up to `max_concurrency` requests at once on
 * threads it starts and joins before it returns; with `max_concurrency = 1`
 * everything runs on the caller's thread.
 *
 * @threadsafety Every function may be called concurrently on one client.
 */
#ifndef AZUREML_DATA_TRANSFER_H
#define AZUREML_DATA_TRANSFER_H

#include "client.h"

AML_BEGIN_DECL

/* ---- data URIs ---------------------------------------------------------- */

/** Version of ::aml_data_uri understood by this header. */
#define AML_DATA_URI_VERSION 1

/** ::aml_data_uri kind: an `azureml://` datastore path (short or long form). */
#define AML_DATA_URI_KIND_DATASTORE 1
/** ::aml_data_uri kind: a storage URL (`https://<account>.blob.<suffix>/...` or path-style). */
#define AML_DATA_URI_KIND_URL 2

/**
 * @brief A parsed data path. Returned by the library, which owns every
 *        string; free with aml_data_uri_free(). Never holds a SAS token.
 */
typedef struct aml_data_uri {
  uint32_t version;            /**< #AML_DATA_URI_VERSION. */
  int32_t kind;                /**< #AML_DATA_URI_KIND_DATASTORE or #AML_DATA_URI_KIND_URL. */
  const char *subscription_id; /**< [nullable] Long form only. */
  const char *resource_group;  /**< [nullable] Long form only. */
  const char *workspace;       /**< [nullable] Long form only. */
  const char *datastore;       /**< [nullable] Datastore paths: the datastore name. */
  /** The blob name or folder prefix inside the datastore or container, as
   *  written ("" = its root; a trailing '/' kept). URL paths are
   *  percent-decoded; `azureml://` paths are taken literally. */
  const char *path;
  const char *protocol;        /**< [nullable] URLs: "https" or "http". */
  const char *account;         /**< [nullable] URLs: the storage account. */
  const char *container;       /**< [nullable] URLs: the container. */
  /** [nullable] URLs: the DNS suffix after `<account>.blob.` ("core.windows.net"),
   *  or host:port of a path-style service ("127.0.0.1:10000"). */
  const char *endpoint;
  int32_t has_sas;             /**< URLs: 1 when a query string (SAS token) was given, else 0. */
} aml_data_uri;

/**
 * @brief Parse a data path (the forms in the file comment). Local paths are
 *        not data paths.
 * @param uri the path, NUL-terminated.
 * @param[out] out [transfer full] free with aml_data_uri_free(); NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument, or @p uri is none of the accepted
 *         forms (the message names them).
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_data_uri_parse(const char *uri, aml_data_uri **out, aml_error **err);

/**
 * @brief Free a parsed data path. NULL and pointers the library did not return are ignored.
 * @param path [nullable][transfer full] the path to free.
 * @threadsafety Not concurrently with other use of @p path.
 */
AML_API void aml_data_uri_free(aml_data_uri *path);

/* ---- transfer options ---------------------------------------------------- */

/** Overwrite policy: an existing destination file or blob is an error (#AML_ERR_CONFLICT). The default. */
#define AML_OVERWRITE_FAIL 0
/** Overwrite policy: replace an existing destination. */
#define AML_OVERWRITE_ALWAYS 1
/** Overwrite policy: skip a destination whose content MD5 equals the source's; replace any other. */
#define AML_OVERWRITE_SKIP_IDENTICAL 2

/**
 * @brief Progress of a transfer: called after each piece of data moves and
 *        after each file completes (or is skipped, which counts as done).
 *        Calls are serialised (never two at once) but may come from a thread
 *        the transfer started; they all happen before the transfer returns.
 * @param bytes_done bytes moved (or skipped) so far, all files together.
 * @param bytes_total bytes of all files together.
 * @param files_done files finished so far.
 * @param files_total files in the transfer.
 * @param user_data the options' `progress_user_data`.
 * @return 0 to go on; anything else stops the transfer (#AML_ERR_USER).
 */
typedef int32_t (*aml_transfer_progress_fn)(uint64_t bytes_done, uint64_t bytes_total, uint64_t files_done,
                                            uint64_t files_total, void *user_data);

/** Version of ::aml_transfer_options understood by this header. */
#define AML_TRANSFER_OPTIONS_VERSION 1

/** @brief How to move the bytes. Every field has a default set by aml_transfer_options_init(). */
typedef struct aml_transfer_options {
  uint32_t version;               /**< #AML_TRANSFER_OPTIONS_VERSION, set by aml_transfer_options_init(). */
  int64_t block_size;             /**< Upload block size in bytes; #AML_UNSET64 = 4 MiB. 1 byte .. 4000 MiB. */
  int64_t single_put_threshold;   /**< Files up to this size go in one Put Blob; #AML_UNSET64 = 64 MiB. */
  int64_t download_chunk_size;    /**< Bytes per ranged GET; #AML_UNSET64 = 4 MiB. */
  int32_t max_concurrency;        /**< Requests at once; #AML_UNSET = 4; 1 = no threads. At most 64. */
  int32_t overwrite;              /**< #AML_OVERWRITE_FAIL (default), _ALWAYS or _SKIP_IDENTICAL. */
  aml_transfer_progress_fn progress; /**< [nullable] Progress callback. */
  void *progress_user_data;       /**< [nullable] Passed to @c progress. */
} aml_transfer_options;

/**
 * @brief Set the defaults (every size and the concurrency unset, overwrite
 *        #AML_OVERWRITE_FAIL, no callback).
 * @param[out] opts the options to initialise.
 * @param version #AML_TRANSFER_OPTIONS_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL @p opts.
 * @retval AML_ERR_VERSION unknown @p version.
 * @threadsafety Safe from any thread on distinct structs.
 */
AML_API aml_result aml_transfer_options_init(aml_transfer_options *opts, uint32_t version);

/* ---- upload and download ------------------------------------------------- */

/**
 * @brief Upload a local file or folder to a data path.
 *
 * A file goes to the blob @p dest_uri names, or, when @p dest_uri ends with
 * '/', to `<dest>/<file name>`. A folder's files (walked recursively,
 * symbolic links followed, every name kept as it is) go to
 * `<dest>/<path relative to the folder>`.
 * @param client the client [transfer none].
 * @param local_path a local file or folder.
 * @param dest_uri where to: a data path (see the file comment).
 * @param opts [nullable][transfer none] NULL = the defaults.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK every file was uploaded (or skipped as identical).
 * @retval AML_ERR_INVALID_ARG NULL argument, a bad option, or @p dest_uri is not a data path.
 * @retval AML_ERR_NOT_FOUND @p local_path does not exist, or the datastore or container does not.
 * @retval AML_ERR_CONFLICT a blob exists and the policy is #AML_OVERWRITE_FAIL.
 * @retval AML_ERR_FORBIDDEN the storage account refused the credentials.
 * @retval AML_ERR_USER the progress callback asked to stop.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval other negative codes from the service, the pipeline or the file system.
 * @threadsafety Safe to call concurrently on one client.
 */
AML_API aml_result aml_data_upload(aml_client *client, const char *local_path, const char *dest_uri,
                                   const aml_transfer_options *opts, aml_error **err);

/**
 * @brief Download a data path to a local folder.
 *
 * When @p src_uri names a blob, it is written to `<local_dir>/<its last
 * segment>`; otherwise it is taken as a folder, and every blob under
 * `<src>/` (listed page by page) is written to `<local_dir>/<name relative
 * to src>`, creating folders as needed. @p local_dir is created when missing.
 * A blob name that would land outside @p local_dir (a `..` segment, an
 * absolute name) stops the download before any file is written.
 * @param client the client [transfer none].
 * @param src_uri what to download: a data path (see the file comment).
 * @param local_dir the destination folder.
 * @param opts [nullable][transfer none] NULL = the defaults.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK every file was downloaded (or skipped as identical).
 * @retval AML_ERR_INVALID_ARG NULL argument, a bad option, or @p src_uri is not a data path.
 * @retval AML_ERR_NOT_FOUND nothing at @p src_uri (no blob, no folder), or no such datastore.
 * @retval AML_ERR_CONFLICT a local file exists and the policy is #AML_OVERWRITE_FAIL.
 * @retval AML_ERR_PARSE a blob name is unsafe (would escape @p local_dir), or a
 *         downloaded file does not match its stored MD5.
 * @retval AML_ERR_FORBIDDEN the storage account refused the credentials.
 * @retval AML_ERR_USER the progress callback asked to stop.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval other negative codes from the service, the pipeline or the file system.
 * @threadsafety Safe to call concurrently on one client.
 */
AML_API aml_result aml_data_download(aml_client *client, const char *src_uri, const char *local_dir,
                                     const aml_transfer_options *opts, aml_error **err);

/**
 * @brief Upload a local file or folder to a content-addressed place, as
 *        azure-ai-ml does for local job inputs, models and code: the content
 *        hash (azure-ai-ml's `get_object_hash`: MD5 over names and bytes,
 *        `.amlignore`/`.gitignore` not applied) chooses
 *        `LocalUpload/<hash>/<name>` on the datastore; when the indicator blob
 *        there already says `upload_status=completed` in its metadata nothing
 *        is sent again; after an upload that metadata is set.
 * @param client the client [transfer none].
 * @param local_path a local file or (non-empty) folder.
 * @param datastore [nullable] the datastore name; NULL = the workspace's default.
 * @param opts [nullable][transfer none] sizes, concurrency and progress (the
 *        overwrite policy is ignored: the content decides).
 * @param[out] uri_out [transfer full] `azureml://datastores/<ds>/paths/LocalUpload/<hash>/<name>`,
 *        with a trailing '/' for a folder; free with aml_free().
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK uploaded, or found already uploaded.
 * @retval AML_ERR_INVALID_ARG NULL argument, a bad option, or an empty folder.
 * @retval AML_ERR_NOT_FOUND @p local_path does not exist, or no such datastore.
 * @retval AML_ERR_FORBIDDEN the storage account refused the credentials.
 * @retval AML_ERR_USER the progress callback asked to stop.
 * @retval AML_ERR_VERSION unknown @p opts version.
 * @retval other negative codes from the service, the pipeline or the file system.
 * @threadsafety Safe to call concurrently on one client.
 */
AML_API aml_result aml_data_upload_local(aml_client *client, const char *local_path, const char *datastore,
                                         const aml_transfer_options *opts, char **uri_out, aml_error **err);

AML_END_DECL

#endif /* AZUREML_DATA_TRANSFER_H */
