#include "identity/secret_file.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/secure.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

aml_result aml__secret_file_read(const char *path, const char *what, uint8_t **out, size_t *len,
                                 aml_error **err) {
  *out = NULL;
  *len = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    int e = errno;
    return aml__fail(err, AML_ERR_NOT_FOUND, "cannot open the %s %s: %s", what, path, strerror(e));
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return aml__fail(err, AML_ERR_INVALID_ARG, "the %s %s is not a regular file", what, path);
  }
  if (st.st_size > AML_SECRET_FILE_MAX) {
    close(fd);
    return aml__fail(err, AML_ERR_INVALID_ARG, "the %s %s is larger than %d bytes", what, path, AML_SECRET_FILE_MAX);
  }
  /* Read to end of file rather than trusting st_size: a token file may be
   * rewritten (atomically renamed or truncated) while we read it. */
  size_t cap = (size_t)st.st_size + 1, n = 0;
  uint8_t *buf = aml__malloc(cap + 1);
  if (!buf) {
    close(fd);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory reading the %s", what);
  }
  for (;;) {
    if (n == cap) {
      if (cap > AML_SECRET_FILE_MAX) {
        close(fd);
        aml__secret_file_free(buf, n);
        return aml__fail(err, AML_ERR_INVALID_ARG, "the %s %s is larger than %d bytes", what, path,
                         AML_SECRET_FILE_MAX);
      }
      /* Grow by hand so the old copy can be wiped (realloc would leave it). */
      uint8_t *bigger = aml__malloc(cap * 2 + 1);
      if (!bigger) {
        close(fd);
        aml__secret_file_free(buf, n);
        return aml__fail(err, AML_ERR_NOMEM, "out of memory reading the %s", what);
      }
      memcpy(bigger, buf, n);
      aml__secret_file_free(buf, n);
      buf = bigger;
      cap *= 2;
    }
    ssize_t r = read(fd, buf + n, cap - n);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      int e = errno;
      close(fd);
      aml__secret_file_free(buf, n);
      return aml__fail(err, AML_ERR_NOT_FOUND, "cannot read the %s %s: %s", what, path, strerror(e));
    }
    if (r == 0) break;
    n += (size_t)r;
  }
  close(fd);
  buf[n] = '\0';
  *out = buf;
  *len = n;
  return AML_OK;
}

void aml__secret_file_free(uint8_t *data, size_t len) {
  if (!data) return;
  aml__secure_wipe(data, len + 1);
  aml__free(data);
}
