/* Azure Blob Storage over the shared HTTP pipeline (internal, not public API).
 *
 * A container client is made once from where the container is (endpoint,
 * account, container, or a full container URL) and how to authorise (Shared
 * Key, SAS token, bearer token through the pipeline's credential, or none),
 * then every operation takes a blob name as users write it ("a/b c.csv"): the
 * client percent-encodes each '/'-separated segment itself.
 *
 * This layer knows nothing of Azure ML (no datastores, no azureml:// paths).
 *
 * Errors: a storage error answer becomes an aml_error whose service code and
 * message are the storage <Code>/<Message> (or x-ms-error-code for HEAD);
 * 404 -> AML_ERR_NOT_FOUND, 403 -> AML_ERR_FORBIDDEN ("the storage account
 * refused the request: <Code> ..."), 409 -> AML_ERR_CONFLICT. Error messages
 * and log lines never carry a key, a signature or any SAS value.
 *
 * Thread safety: a container client is immutable after creation; every
 * operation may be called from several threads at once (the transfer engine
 * does). The pipeline it borrows must outlive it. */
#ifndef AML_STORAGE_BLOB_H
#define AML_STORAGE_BLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/kv.h"
#include "http/pipeline.h"

/* The x-ms-version sent when the caller names none (Azurite 3.35 baseline). */
#define AML_BLOB_API_VERSION_DEFAULT "2025-11-05"
/* Token scope for bearer (Entra ID / identity-based datastore) authorisation. */
#define AML_BLOB_TOKEN_SCOPE "https://storage.azure.com/.default"

typedef enum aml_blob_auth_kind {
  AML_BLOB_AUTH_NONE = 0,   /* anonymous (public container) */
  AML_BLOB_AUTH_SHARED_KEY, /* account key: Authorization: SharedKey account:signature */
  AML_BLOB_AUTH_SAS,        /* SAS token appended to every URL's query */
  AML_BLOB_AUTH_BEARER,     /* pipeline credential, scope AML_BLOB_TOKEN_SCOPE */
} aml_blob_auth_kind;

/* Where the container is and how to reach it. Strings are borrowed for the
 * duration of aml__blob_container_new only (it copies them). Either
 * container_url, or account + container (+ endpoint, protocol). */
typedef struct aml_blob_container_config {
  /* A full container URL, e.g. "https://acct.blob.core.windows.net/c" or
   * "http://127.0.0.1:10000/devstoreaccount1/c" (a query, if any, is taken as
   * the SAS token when auth is SAS and no sas_token is given). When set,
   * protocol/endpoint/container are ignored; account is taken from the URL
   * unless given. */
  const char *container_url;
  /* "https" (default when NULL) or "http". */
  const char *protocol;
  /* DNS suffix ("core.windows.net", the default when NULL) or, for an IP
   * literal / localhost with a port ("127.0.0.1:10000"), the host:port of a
   * path-style service (Azurite, aml-emulator). */
  const char *endpoint;
  const char *account;
  const char *container;
  /* x-ms-version; NULL = AML_BLOB_API_VERSION_DEFAULT. */
  const char *api_version;
  aml_blob_auth_kind auth;
  /* SHARED_KEY: the base64 account key (decoded and kept; wiped on free). */
  const char *account_key;
  /* SAS: the token, with or without a leading '?'. */
  const char *sas_token;
} aml_blob_container_config;

typedef struct aml_blob_container aml_blob_container;

/* Create a container client. `pipeline` is borrowed (must outlive the
 * client); for AML_BLOB_AUTH_BEARER it must have a credential.
 * AML_ERR_INVALID_ARG for missing/ill-formed fields (bad key base64, no
 * account, container name with '/', ...). */
aml_result aml__blob_container_new(const aml_pipeline *pipeline, const aml_blob_container_config *cfg,
                                   aml_blob_container **out, aml_error **err);
/* NULL-safe; wipes the key and SAS token. */
void aml__blob_container_free(aml_blob_container *c);

/* The container URL without any query (no SAS): safe to log or show. */
const char *aml__blob_container_url(const aml_blob_container *c);
const char *aml__blob_container_account(const aml_blob_container *c);
const char *aml__blob_container_name(const aml_blob_container *c);

/* Append to `out` the blob's URL without query: container URL + '/' + the
 * name with each '/'-separated segment percent-encoded ('/' kept). Safe to
 * show (no SAS). */
aml_result aml__blob_url(const aml_blob_container *c, const char *blob_name, aml_buf *out);

/* ---- properties as the service reports them ---- */
typedef struct aml_blob_props {
  uint64_t content_length; /* whole blob size (Content-Range total on a ranged read) */
  bool has_md5;            /* the service stores an MD5 for the whole blob */
  uint8_t md5[16];
  char *etag;          /* owned; may be NULL */
  char *content_type;  /* owned; may be NULL */
  char *last_modified; /* owned; HTTP date, may be NULL */
  aml_kvlist metadata; /* x-ms-meta-* without the prefix; names as sent */
} aml_blob_props;

void aml__blob_props_init(aml_blob_props *p);
void aml__blob_props_cleanup(aml_blob_props *p);

/* ---- container ---- */
/* PUT ?restype=container. *created (optional) is false when it already
 * existed (409 ContainerAlreadyExists is not an error here). */
aml_result aml__blob_container_create(const aml_blob_container *c, bool *created, aml_error **err);

/* ---- writing ---- */
typedef struct aml_blob_write_options {
  const char *content_type;    /* x-ms-blob-content-type; NULL = none */
  const aml_kvlist *metadata;  /* x-ms-meta-*; NULL = none */
  bool no_overwrite;           /* If-None-Match: * (409 BlobAlreadyExists -> AML_ERR_CONFLICT) */
  /* MD5 of the whole blob stored with it (Put Blob: also sent as Content-MD5
   * and checked by the service; Put Block List: x-ms-blob-content-md5).
   * NULL = Put Blob computes it; Put Block List sends none. */
  const uint8_t *content_md5;
} aml_blob_write_options;

/* Put Blob (BlockBlob) with the whole content in one request. `data` may be
 * NULL when size is 0. `opts` may be NULL. */
aml_result aml__blob_put(const aml_blob_container *c, const char *blob_name, const void *data, size_t size,
                         const aml_blob_write_options *opts, aml_error **err);

/* Put Block: stage `data` under `block_id` (base64 text; every id of one
 * blob must have the same length; see aml__blob_block_id). Content-MD5 sent. */
aml_result aml__blob_put_block(const aml_blob_container *c, const char *blob_name, const char *block_id,
                               const void *data, size_t size, aml_error **err);

/* Put Block List: commit `ids` (in order, <Latest>) as the blob. */
aml_result aml__blob_put_block_list(const aml_blob_container *c, const char *blob_name, const char *const *ids,
                                    size_t count, const aml_blob_write_options *opts, aml_error **err);

/* The id of block number `index`: base64 of a fixed-width decimal, so all ids
 * of a blob have the same length (buffer of at least 64 bytes). */
void aml__blob_block_id(uint64_t index, char out[64]);

/* Set Blob Metadata (replaces all of it). */
aml_result aml__blob_set_metadata(const aml_blob_container *c, const char *blob_name, const aml_kvlist *metadata,
                                  aml_error **err);

/* Delete Blob. */
aml_result aml__blob_delete(const aml_blob_container *c, const char *blob_name, aml_error **err);

/* ---- reading ---- */
#define AML_BLOB_TO_END UINT64_MAX

/* Get Blob. length AML_BLOB_TO_END with offset 0 = the whole blob (no range
 * header); otherwise x-ms-range bytes=offset-(offset+length-1) (length
 * AML_BLOB_TO_END = to the end). The bytes are appended to `body`; `props`
 * (optional, initialised by the caller) receives length (the whole blob's),
 * MD5 (Content-MD5 on full reads, x-ms-blob-content-md5 on ranges), ETag,
 * metadata. A range starting at or past the end: AML_ERR_HTTP (416). */
aml_result aml__blob_get(const aml_blob_container *c, const char *blob_name, uint64_t offset, uint64_t length,
                         aml_buf *body, aml_blob_props *props, aml_error **err);

/* Get Blob Properties (HEAD); the error code comes from x-ms-error-code. */
aml_result aml__blob_get_properties(const aml_blob_container *c, const char *blob_name, aml_blob_props *props,
                                    aml_error **err);

/* ---- listing ---- */
typedef struct aml_blob_list_options {
  const char *prefix;      /* NULL = all */
  const char *delimiter;   /* NULL = flat listing; "/" = one folder level */
  const char *marker;      /* NULL = first page; else a previous next_marker */
  uint32_t max_results;    /* 0 = the service's default (5000) */
  bool include_metadata;   /* include=metadata */
} aml_blob_list_options;

typedef struct aml_blob_item {
  char *name;     /* owned, decoded (as the user wrote it) */
  bool is_prefix; /* a <BlobPrefix> (virtual folder, ends with the delimiter) */
  aml_blob_props props; /* blobs only: length, MD5, etag, content type, metadata */
} aml_blob_item;

typedef struct aml_blob_list_page {
  aml_blob_item *items; /* owned */
  size_t count;
  char *next_marker;    /* owned; NULL when the listing is complete */
} aml_blob_list_page;

/* One List Blobs request. `page` is overwritten (cleanup the previous one
 * first). */
aml_result aml__blob_list_page(const aml_blob_container *c, const aml_blob_list_options *opts,
                               aml_blob_list_page *page, aml_error **err);
void aml__blob_list_page_cleanup(aml_blob_list_page *page);

/* Every page, following next_marker; `fn` is called once per item (blobs
 * and prefixes) in service order; a negative return stops the listing and
 * is returned (AML_ERR_USER is a good choice). opts->marker is the start. */
typedef aml_result (*aml_blob_list_fn)(const aml_blob_item *item, void *user_data);
aml_result aml__blob_list_all(const aml_blob_container *c, const aml_blob_list_options *opts, aml_blob_list_fn fn,
                              void *user_data, aml_error **err);

#endif
