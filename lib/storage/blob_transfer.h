/* Moving one local file to or from one blob (internal, not public API).
 *
 * Upload: a file of at most single_put_size bytes goes in one Put Blob;
 * larger ones in Put Block requests of block_size bytes, then one Put Block
 * List; every request carries Content-MD5 and the whole file's MD5 is stored
 * with the blob.
 * Download: ranged GETs of chunk_size bytes written with pwrite into a
 * temporary file in the destination's folder; the whole file's MD5 is checked
 * against the one the service stores (when it stores one), and only then is
 * the temporary renamed to the final name. On every failure the temporary is
 * removed: no partial file is ever left under the final name.
 *
 * Threads: with max_concurrency > 1 a call starts up to max_concurrency - 1
 * worker threads (the caller's thread works too) and joins all of them before
 * it returns; with 1 everything runs on the caller's thread.
 * Sizes are uint64_t throughout (files over 4 GiB). */
#ifndef AML_STORAGE_BLOB_TRANSFER_H
#define AML_STORAGE_BLOB_TRANSFER_H

#include "storage/blob.h"

/* What to do when the destination already exists. */
typedef enum aml_blob_overwrite {
  AML_BLOB_OVERWRITE_FAIL = 0,      /* AML_ERR_CONFLICT, nothing changed */
  AML_BLOB_OVERWRITE_ALWAYS,        /* replace it */
  AML_BLOB_OVERWRITE_SKIP_IDENTICAL, /* same MD5 -> skipped (result.skipped); else replaced */
} aml_blob_overwrite;

/* Progress, in bytes, of one file. Calls for one transfer are serialised by
 * the engine (never two at once, possibly from different threads), so the
 * callback needs no lock of its own for that transfer; a callback shared by
 * several concurrent transfers must be thread-safe. `delta` bytes were just
 * done; `done` of `total` so far. Return non-zero to abort the transfer
 * (AML_ERR_USER). */
typedef int (*aml_blob_progress_fn)(uint64_t delta, uint64_t done, uint64_t total, void *user_data);

typedef struct aml_blob_transfer_options {
  uint64_t single_put_size; /* upload: at most this many bytes -> one Put Blob (default 64 MiB) */
  uint64_t block_size;      /* upload: Put Block size (default 4 MiB; 1..4000 MiB) */
  uint64_t chunk_size;      /* download: bytes per ranged GET (default 4 MiB) */
  uint32_t max_concurrency; /* parallel requests per file (default 4; 1 = caller's thread only) */
  aml_blob_overwrite overwrite; /* default AML_BLOB_OVERWRITE_FAIL */
  const char *content_type;     /* upload: x-ms-blob-content-type (NULL = none) */
  const aml_kvlist *metadata;   /* upload: x-ms-meta-* (NULL = none) */
  aml_blob_progress_fn progress; /* NULL = none */
  void *progress_user_data;
} aml_blob_transfer_options;

void aml__blob_transfer_options_init(aml_blob_transfer_options *o);

typedef struct aml_blob_transfer_result {
  uint64_t bytes;      /* size of the file / blob */
  bool skipped;        /* SKIP_IDENTICAL found the same content: nothing moved */
  bool has_md5;
  uint8_t md5[16];     /* MD5 of the content (computed on upload; checked or computed on download) */
} aml_blob_transfer_result;

/* Upload the local file `path` as blob `blob_name`. `opts` may be NULL
 * (defaults); `result` optional. FAIL uses If-None-Match: * so a blob that
 * appears meanwhile is not overwritten either. */
aml_result aml__blob_upload_file(const aml_blob_container *c, const char *path, const char *blob_name,
                                 const aml_blob_transfer_options *opts, aml_blob_transfer_result *result,
                                 aml_error **err);

/* Download blob `blob_name` to the local file `path` (its folder must exist).
 * A stored MD5 that does not match the bytes received is AML_ERR_PARSE
 * ("content MD5 mismatch"), and nothing is left behind. */
aml_result aml__blob_download_file(const aml_blob_container *c, const char *blob_name, const char *path,
                                   const aml_blob_transfer_options *opts, aml_blob_transfer_result *result,
                                   aml_error **err);

/* MD5 of a local file (skip-identical checks, folder uploads). */
aml_result aml__file_md5(const char *path, uint8_t md5[16], uint64_t *size, aml_error **err);

#endif
