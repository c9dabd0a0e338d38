/* Azure Arc's challenge: the first token request answers 401 with
 * `WWW-Authenticate: Basic realm=<path>`, and only a process allowed to read
 * that file may resend with its contents. The path comes from the network,
 * so it is trusted no further than the agent's documented folder: a file
 * named *.key directly inside it, small, regular, not a symbolic link. */
#include "identity/managed_identity.h"

#include "core/error.h"
#include "core/str.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The realm's value, without quotes; *len = 0 when there is none. */
static const char *realm_of(const char *header, size_t *len) {
  *len = 0;
  if (!header || !aml__str_starts_with_ci(header, "Basic ")) return NULL;
  const char *p = strstr(header, "realm=");
  if (!p) return NULL;
  p += 6;
  bool quoted = *p == '"';
  if (quoted) p++;
  size_t n = quoted ? strcspn(p, "\"") : strcspn(p, " ,\t\r\n");
  *len = n;
  return p;
}

/* dir without trailing slashes equals path[0..slash). */
static bool in_folder(const char *path, size_t slash, const char *dir) {
  size_t dlen = strlen(dir);
  while (dlen > 1 && dir[dlen - 1] == '/') dlen--;
  return dlen == slash && strncmp(path, dir, dlen) == 0;
}

static aml_result read_key(const char *path, aml_buf *key, aml_error **err) {
  int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return aml__fail(err, AML_ERR_AUTH, "Azure Arc: cannot open the challenge file %s: %s", path, strerror(errno));
  struct stat st;
  aml_result rc = AML_OK;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    rc = aml__fail(err, AML_ERR_AUTH, "Azure Arc: the challenge file %s is not a regular file", path);
  } else if (st.st_size > AML_ARC_KEY_MAX) {
    rc = aml__fail(err, AML_ERR_AUTH, "Azure Arc: the challenge file %s is larger than %d bytes", path,
                   AML_ARC_KEY_MAX);
  } else {
    char chunk[512];
    for (;;) {
      ssize_t n = read(fd, chunk, sizeof(chunk));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        rc = aml__fail(err, AML_ERR_AUTH, "Azure Arc: cannot read the challenge file %s", path);
        break;
      }
      if (n == 0) break;
      if (key->len + (size_t)n > AML_ARC_KEY_MAX) {
        rc = aml__fail(err, AML_ERR_AUTH, "Azure Arc: the challenge file %s is larger than %d bytes", path,
                       AML_ARC_KEY_MAX);
        break;
      }
      if (aml__buf_append(key, chunk, (size_t)n) != AML_OK) {
        rc = aml__fail(err, AML_ERR_NOMEM, "out of memory reading a challenge file");
        break;
      }
    }
    memset(chunk, 0, sizeof(chunk));
    if (rc == AML_OK && key->len == 0)
      rc = aml__fail(err, AML_ERR_AUTH, "Azure Arc: the challenge file %s is empty", path);
  }
  close(fd);
  return rc;
}

aml_result aml__arc_read_challenge(const aml_http_response *resp, const char *key_dir, aml_buf *key,
                                   aml_error **err) {
  size_t len;
  const char *realm = realm_of(aml__kvlist_get(&resp->headers, "WWW-Authenticate"), &len);
  if (!realm || len == 0)
    return aml__fail(err, AML_ERR_AUTH,
                     "Azure Arc: the 401 answer lacks a 'WWW-Authenticate: Basic realm=<file>' challenge");
  if (len > 4096) return aml__fail(err, AML_ERR_AUTH, "Azure Arc: the challenge path is too long");
  char path[4097];
  memcpy(path, realm, len);
  path[len] = '\0';
  aml__str_neutralize_controls(path);
  const char *slash = strrchr(path, '/');
  const char *name = slash ? slash + 1 : path;
  size_t nlen = strlen(name);
  if (!slash || !in_folder(path, (size_t)(slash - path), key_dir))
    return aml__fail(err, AML_ERR_AUTH, "Azure Arc: the challenge file %s is not in %s", path, key_dir);
  if (nlen <= 4 || strcmp(name + nlen - 4, ".key") != 0 || strcmp(name, "..key") == 0)
    return aml__fail(err, AML_ERR_AUTH, "Azure Arc: the challenge file %s is not a .key file", path);
  return read_key(path, key, err);
}
