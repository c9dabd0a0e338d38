/* What uploads and downloads share: defaults, a file's MD5, reading a range. */
#include "storage/transfer_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MIB (1024ull * 1024ull)

void aml__blob_transfer_options_init(aml_blob_transfer_options *o) {
  memset(o, 0, sizeof(*o));
  o->single_put_size = 64 * MIB;
  o->block_size = 4 * MIB;
  o->chunk_size = 4 * MIB;
  o->max_concurrency = 4;
  o->overwrite = AML_BLOB_OVERWRITE_FAIL;
}

aml_result aml__transfer_options_check(const aml_blob_transfer_options *o, aml_error **err) {
  if (o->block_size == 0 || o->block_size > 4000 * MIB || o->block_size > SIZE_MAX)
    return aml__fail(err, AML_ERR_INVALID_ARG, "block_size must be between 1 byte and 4000 MiB");
  if (o->chunk_size == 0 || o->chunk_size > SIZE_MAX / 2)
    return aml__fail(err, AML_ERR_INVALID_ARG, "chunk_size must be at least 1 byte");
  if (o->single_put_size > 5000 * MIB || o->single_put_size > SIZE_MAX)
    return aml__fail(err, AML_ERR_INVALID_ARG, "single_put_size must be at most 5000 MiB");
  if (o->max_concurrency == 0 || o->max_concurrency > 64)
    return aml__fail(err, AML_ERR_INVALID_ARG, "max_concurrency must be between 1 and 64");
  if ((unsigned)o->overwrite > AML_BLOB_OVERWRITE_SKIP_IDENTICAL)
    return aml__fail(err, AML_ERR_INVALID_ARG, "unknown overwrite policy %d", (int)o->overwrite);
  return AML_OK;
}

void aml__piece(uint64_t index, uint64_t piece, uint64_t total, uint64_t *offset, uint64_t *len) {
  *offset = index * piece;
  uint64_t left = total - *offset;
  *len = left < piece ? left : piece;
}

aml_result aml__read_fully_at(int fd, void *buf, size_t len, uint64_t offset, const char *path, aml_error **err) {
  size_t got = 0;
  while (got < len) {
    ssize_t n = pread(fd, (char *)buf + got, len - got, (off_t)(offset + got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return aml__fail(err, AML_ERR_CONFIG, "cannot read \"%s\": %s", path, strerror(errno));
    if (n == 0) return aml__fail(err, AML_ERR_CONFIG, "\"%s\" became shorter while it was being read", path);
    got += (size_t)n;
  }
  return AML_OK;
}

aml_result aml__write_fully_at(int fd, const void *buf, size_t len, uint64_t offset, const char *path,
                               aml_error **err) {
  size_t put = 0;
  while (put < len) {
    ssize_t n = pwrite(fd, (const char *)buf + put, len - put, (off_t)(offset + put));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return aml__fail(err, AML_ERR_CONFIG, "cannot write \"%s\": %s", path, strerror(errno));
    put += (size_t)n;
  }
  return AML_OK;
}

aml_result aml__fd_md5(int fd, const char *path, uint8_t md5[16], uint64_t *size, aml_error **err) {
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  if (!ctx || EVP_DigestInit_ex(ctx, EVP_md5(), NULL) != 1) {
    EVP_MD_CTX_free(ctx);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory hashing \"%s\"", path);
  }
  static const size_t k_buf = 256 * 1024;
  unsigned char *buf = aml__malloc(k_buf);
  aml_result rc = buf ? AML_OK : aml__fail(err, AML_ERR_NOMEM, "out of memory hashing \"%s\"", path);
  uint64_t total = 0;
  while (rc == AML_OK) {
    ssize_t n = pread(fd, buf, k_buf, (off_t)total);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) rc = aml__fail(err, AML_ERR_CONFIG, "cannot read \"%s\": %s", path, strerror(errno));
    if (n <= 0) break;
    EVP_DigestUpdate(ctx, buf, (size_t)n);
    total += (uint64_t)n;
  }
  unsigned int len = 16;
  if (rc == AML_OK) EVP_DigestFinal_ex(ctx, md5, &len);
  if (size) *size = total;
  aml__free(buf);
  EVP_MD_CTX_free(ctx);
  return rc;
}

aml_result aml__file_md5(const char *path, uint8_t md5[16], uint64_t *size, aml_error **err) {
  if (!path || !md5) return aml__fail(err, AML_ERR_INVALID_ARG, "path and md5 are required");
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return aml__fail(err, errno == ENOENT ? AML_ERR_NOT_FOUND : AML_ERR_CONFIG, "cannot open \"%s\": %s", path, strerror(errno));
  aml_result rc = aml__fd_md5(fd, path, md5, size, err);
  close(fd);
  return rc;
}
