/* Download one blob to one local file: ranged GETs in parallel written with
 * pwrite into a temporary file beside the destination, the stored MD5
 * checked, then one rename. Every failure removes the temporary. */
#include "storage/transfer_impl.h"

#include "core/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct download {
  const aml_blob_container *c;
  const char *blob, *tmp_path;
  int fd;
  uint64_t size, chunk;
  const char *etag; /* every range must come from the same version of the blob */
  aml_progress progress;
} download;

static aml_result get_one_chunk(uint64_t index, void *ctx, aml_error **err) {
  download *d = ctx;
  uint64_t offset, len;
  aml__piece(index, d->chunk, d->size, &offset, &len);
  if (atomic_load(&d->progress.aborted)) return aml__progress_add(&d->progress, 0, err);
  aml_buf body = AML_BUF_INIT;
  aml_blob_props props;
  aml__blob_props_init(&props);
  aml_result rc = aml__blob_get(d->c, d->blob, offset, len, &body, &props, err);
  if (rc == AML_OK && body.len != len)
    rc = aml__fail(err, AML_ERR_PARSE, "Get Blob %s: asked for %llu bytes at %llu, received %zu", d->blob,
                   (unsigned long long)len, (unsigned long long)offset, body.len);
  if (rc == AML_OK && d->etag && props.etag && strcmp(d->etag, props.etag) != 0)
    rc = aml__fail(err, AML_ERR_CONFLICT, "blob \"%s\" changed while it was being downloaded", d->blob);
  if (rc == AML_OK) rc = aml__write_fully_at(d->fd, body.ptr, body.len, offset, d->tmp_path, err);
  if (rc == AML_OK) rc = aml__progress_add(&d->progress, len, err);
  aml__buf_free(&body);
  aml__blob_props_cleanup(&props);
  return rc;
}

/* "<dir>/.<base>.XXXXXX.part" next to the destination (same filesystem: the
 * final rename is atomic). */
static aml_result make_temp(const char *path, aml_buf *tmp, int *fd, aml_error **err) {
  const char *slash = strrchr(path, '/');
  size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
  if (aml__buf_append(tmp, path, dir_len) || aml__buf_printf(tmp, ".%s.XXXXXX.part", path + dir_len))
    return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  *fd = mkstemps(tmp->ptr, 5);
  if (*fd < 0) return aml__fail(err, AML_ERR_CONFIG, "cannot create a temporary file beside \"%s\": %s", path, strerror(errno));
  /* mkstemps makes it private (0600); a downloaded file is an ordinary one. */
  if (fchmod(*fd, 0644) != 0) { /* not fatal: the content is what matters */
  }
  return AML_OK;
}

/* FAIL / SKIP_IDENTICAL when the local file exists. */
static aml_result check_local(const char *path, const aml_blob_props *props, const aml_blob_transfer_options *o,
                              bool *skip, aml_error **err) {
  *skip = false;
  struct stat st;
  if (stat(path, &st) != 0) return AML_OK;
  if (S_ISDIR(st.st_mode)) return aml__fail(err, AML_ERR_CONFLICT, "\"%s\" is a folder", path);
  if (o->overwrite == AML_BLOB_OVERWRITE_ALWAYS) return AML_OK;
  if (o->overwrite == AML_BLOB_OVERWRITE_FAIL)
    return aml__fail(err, AML_ERR_CONFLICT, "\"%s\" already exists (overwrite policy: fail)", path);
  if (!props->has_md5 || (uint64_t)st.st_size != props->content_length) return AML_OK;
  uint8_t md5[16];
  aml_result rc = aml__file_md5(path, md5, NULL, err);
  if (rc < 0) return rc;
  *skip = memcmp(md5, props->md5, 16) == 0;
  return AML_OK;
}

aml_result aml__blob_download_file(const aml_blob_container *c, const char *blob_name, const char *path,
                                   const aml_blob_transfer_options *opts, aml_blob_transfer_result *result,
                                   aml_error **err) {
  if (result) memset(result, 0, sizeof(*result));
  if (!c || !path || !*path || !blob_name || !*blob_name)
    return aml__fail(err, AML_ERR_INVALID_ARG, "container, blob name and local path are required");
  aml_blob_transfer_options o;
  aml__blob_transfer_options_init(&o);
  if (opts) o = *opts;
  aml_result rc = aml__transfer_options_check(&o, err);
  if (rc < 0) return rc;

  aml_blob_props props;
  aml__blob_props_init(&props);
  bool skip = false;
  rc = aml__blob_get_properties(c, blob_name, &props, err);
  if (rc == AML_OK) rc = check_local(path, &props, &o, &skip, err);
  if (rc < 0 || skip) {
    if (rc == AML_OK && result) {
      result->bytes = props.content_length;
      result->skipped = true;
      result->has_md5 = true;
      memcpy(result->md5, props.md5, 16);
    }
    aml__blob_props_cleanup(&props);
    return rc;
  }

  aml_buf tmp = AML_BUF_INIT;
  download d = {.c = c, .blob = blob_name, .fd = -1, .size = props.content_length, .chunk = o.chunk_size,
                .etag = props.etag};
  rc = make_temp(path, &tmp, &d.fd, err);
  d.tmp_path = aml__buf_cstr(&tmp);
  uint8_t md5[16];
  if (rc == AML_OK) {
    aml__progress_init(&d.progress, d.size, o.progress, o.progress_user_data);
    uint64_t chunks = (d.size + d.chunk - 1) / d.chunk;
    rc = aml__run_parallel(chunks, o.max_concurrency, get_one_chunk, &d, err);
    aml__progress_cleanup(&d.progress);
  }
  uint64_t written = 0;
  if (rc == AML_OK) rc = aml__fd_md5(d.fd, d.tmp_path, md5, &written, err);
  if (rc == AML_OK && written != d.size)
    rc = aml__fail(err, AML_ERR_PARSE, "blob \"%s\": wrote %llu bytes, expected %llu", blob_name,
                   (unsigned long long)written, (unsigned long long)d.size);
  if (rc == AML_OK && props.has_md5 && memcmp(md5, props.md5, 16) != 0)
    rc = aml__fail(err, AML_ERR_PARSE,
                   "blob \"%s\": content MD5 mismatch (the bytes received differ from the MD5 the service stores)",
                   blob_name);
  if (d.fd >= 0 && close(d.fd) != 0 && rc == AML_OK)
    rc = aml__fail(err, AML_ERR_CONFIG, "cannot write \"%s\": %s", d.tmp_path, strerror(errno));
  /* d.fd stays >= 0 from here on to mean "the temporary exists". */
  if (rc == AML_OK && rename(d.tmp_path, path) != 0)
    rc = aml__fail(err, AML_ERR_CONFIG, "cannot rename the download to \"%s\": %s", path, strerror(errno));
  if (rc < 0 && d.fd >= 0) unlink(d.tmp_path);
  if (rc == AML_OK && result) {
    result->bytes = d.size;
    result->has_md5 = true;
    memcpy(result->md5, md5, 16);
  }
  aml__buf_free(&tmp);
  aml__blob_props_cleanup(&props);
  return rc;
}
