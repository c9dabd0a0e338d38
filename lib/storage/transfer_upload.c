/* Upload one local file to one blob: Put Blob when small, else Put Block in
 * parallel and one Put Block List; the whole file's MD5 stored with it. */
#include "storage/transfer_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

typedef struct upload {
  const aml_blob_container *c;
  const char *path, *blob;
  int fd;
  uint64_t size, block_size;
  char (*ids)[64];
  aml_progress progress;
} upload;

static aml_result put_one_block(uint64_t index, void *ctx, aml_error **err) {
  upload *u = ctx;
  uint64_t offset, span;
  aml__piece(index, u->block_size, u->size, &offset, &span);
  size_t len = (size_t)span;
  if (atomic_load(&u->progress.aborted)) return aml__progress_add(&u->progress, 0, err);
  void *buf = aml__malloc(len);
  if (!buf) return aml__fail(err, AML_ERR_NOMEM, "out of memory for a %zu-byte block", len);
  aml_result rc = aml__read_fully_at(u->fd, buf, len, offset, u->path, err);
  if (rc == AML_OK) rc = aml__blob_put_block(u->c, u->blob, u->ids[index], buf, len, err);
  aml__free(buf);
  if (rc == AML_OK) rc = aml__progress_add(&u->progress, len, err);
  return rc;
}

static aml_result put_blocks(upload *u, const aml_blob_transfer_options *o, const aml_blob_write_options *w,
                             aml_error **err) {
  uint64_t count = (u->size + o->block_size - 1) / o->block_size;
  if (count > 50000)
    return aml__fail(err, AML_ERR_INVALID_ARG,
                     "\"%s\" needs %llu blocks of %llu bytes; a blob holds at most 50000: use a larger block size",
                     u->path, (unsigned long long)count, (unsigned long long)o->block_size);
  u->block_size = o->block_size;
  u->ids = aml__calloc((size_t)count, sizeof(*u->ids));
  const char **id_ptrs = aml__calloc((size_t)count, sizeof(*id_ptrs));
  aml_result rc = AML_OK;
  if (!u->ids || !id_ptrs) rc = aml__fail(err, AML_ERR_NOMEM, "out of memory for %llu block ids", (unsigned long long)count);
  for (uint64_t i = 0; rc == AML_OK && i < count; i++) {
    aml__blob_block_id(i, u->ids[i]);
    id_ptrs[i] = u->ids[i];
  }
  if (rc == AML_OK) rc = aml__run_parallel(count, o->max_concurrency, put_one_block, u, err);
  if (rc == AML_OK) rc = aml__blob_put_block_list(u->c, u->blob, id_ptrs, (size_t)count, w, err);
  aml__free(id_ptrs);
  aml__free(u->ids);
  u->ids = NULL;
  return rc;
}

static aml_result put_whole(upload *u, const aml_blob_write_options *w, aml_error **err) {
  void *buf = u->size ? aml__malloc((size_t)u->size) : NULL;
  if (u->size && !buf) return aml__fail(err, AML_ERR_NOMEM, "out of memory reading \"%s\"", u->path);
  aml_result rc = aml__read_fully_at(u->fd, buf, (size_t)u->size, 0, u->path, err);
  if (rc == AML_OK) rc = aml__blob_put(u->c, u->blob, buf, (size_t)u->size, w, err);
  aml__free(buf);
  if (rc == AML_OK) rc = aml__progress_add(&u->progress, u->size, err);
  return rc;
}

/* FAIL and SKIP_IDENTICAL look first: true in *done when nothing is to be sent. */
static aml_result check_existing(const upload *u, const aml_blob_transfer_options *o, const uint8_t md5[16],
                                 bool *done, aml_error **err) {
  *done = false;
  if (o->overwrite == AML_BLOB_OVERWRITE_ALWAYS) return AML_OK;
  aml_blob_props props;
  aml__blob_props_init(&props);
  aml_error *local = NULL;
  aml_result rc = aml__blob_get_properties(u->c, u->blob, &props, &local);
  if (rc == AML_ERR_NOT_FOUND) {
    aml_error_free(local);
    aml__blob_props_cleanup(&props);
    return AML_OK;
  }
  if (rc < 0) {
    aml__error_propagate(err, local);
    aml__blob_props_cleanup(&props);
    return rc;
  }
  bool same = props.has_md5 && props.content_length == u->size && memcmp(props.md5, md5, 16) == 0;
  aml__blob_props_cleanup(&props);
  if (o->overwrite == AML_BLOB_OVERWRITE_FAIL)
    return aml__fail(err, AML_ERR_CONFLICT, "blob \"%s\" already exists in container %s (overwrite policy: fail)",
                     u->blob, aml__blob_container_name(u->c));
  *done = same;
  return AML_OK;
}

aml_result aml__blob_upload_file(const aml_blob_container *c, const char *path, const char *blob_name,
                                 const aml_blob_transfer_options *opts, aml_blob_transfer_result *result,
                                 aml_error **err) {
  if (result) memset(result, 0, sizeof(*result));
  if (!c || !path || !blob_name || !*blob_name)
    return aml__fail(err, AML_ERR_INVALID_ARG, "container, local path and blob name are required");
  aml_blob_transfer_options o;
  aml__blob_transfer_options_init(&o);
  if (opts) o = *opts;
  aml_result rc = aml__transfer_options_check(&o, err);
  if (rc < 0) return rc;
  upload u = {.c = c, .path = path, .blob = blob_name, .fd = open(path, O_RDONLY | O_CLOEXEC)};
  if (u.fd < 0)
    return aml__fail(err, errno == ENOENT ? AML_ERR_NOT_FOUND : AML_ERR_CONFIG, "cannot open \"%s\": %s", path,
                     strerror(errno));
  uint8_t md5[16];
  rc = aml__fd_md5(u.fd, path, md5, &u.size, err);
  bool skip = false;
  if (rc == AML_OK) rc = check_existing(&u, &o, md5, &skip, err);
  if (rc == AML_OK && !skip) {
    aml_blob_write_options w = {.content_type = o.content_type,
                                .metadata = o.metadata,
                                .no_overwrite = o.overwrite == AML_BLOB_OVERWRITE_FAIL,
                                .content_md5 = md5};
    aml__progress_init(&u.progress, u.size, o.progress, o.progress_user_data);
    rc = u.size <= o.single_put_size ? put_whole(&u, &w, err) : put_blocks(&u, &o, &w, err);
    aml__progress_cleanup(&u.progress);
  }
  close(u.fd);
  if (rc == AML_OK && result) {
    result->bytes = u.size;
    result->skipped = skip;
    result->has_md5 = true;
    memcpy(result->md5, md5, 16);
  }
  return rc;
}
