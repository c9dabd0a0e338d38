/* azure-ai-ml's content hash of a local file or folder (get_object_hash,
 * DATA-API.md §4): MD5 seeded with a fixed phrase; a file adds its bytes; a
 * folder adds, for each child sorted by lower-cased name, the child's name
 * and then its bytes (file) or its own children (folder). Links are
 * followed. The same content therefore lands in the same
 * LocalUpload/<hash>/ folder as azure-ai-ml would put it. */
#include "ml/data_hash.h"

#include "core/alloc.h"
#include "core/error.h"
#include "ml/data_walk.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SEED "Initialize for october 2021 AML CLI version"
#define MAX_DEPTH 256

static aml_result hash_file(EVP_MD_CTX *md, const char *path, aml_error **err) {
  FILE *f = fopen(path, "rb");
  if (!f) return aml__fail(err, AML_ERR_INVALID_ARG, "cannot read %.512s: %s", path, strerror(errno));
  unsigned char buf[65536];
  size_t n;
  aml_result rc = AML_OK;
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
    if (EVP_DigestUpdate(md, buf, n) != 1) rc = aml__fail(err, AML_ERR_INTERNAL, "MD5 failed");
  if (rc == AML_OK && ferror(f)) rc = aml__fail(err, AML_ERR_INVALID_ARG, "cannot read %.512s", path);
  fclose(f);
  return rc;
}

/* Python's sorted(key=str(path).lower()): the children share their parent,
 * so their lower-cased names decide (ASCII case folding; other letters
 * compare as their UTF-8 bytes, i.e. by code point). */
static int lower_cmp(const void *a, const void *b) {
  const unsigned char *x = *(const unsigned char *const *)a, *y = *(const unsigned char *const *)b;
  for (;; x++, y++) {
    int cx = *x < 128 ? tolower(*x) : *x, cy = *y < 128 ? tolower(*y) : *y;
    if (cx != cy || !cx) return cx - cy;
  }
}

static void free_names(char **names, size_t n) {
  for (size_t i = 0; i < n; i++) aml__free(names[i]);
  aml__free(names);
}

static aml_result read_names(const char *dir, char ***out, size_t *count, aml_error **err) {
  *out = NULL;
  *count = 0;
  DIR *d = opendir(dir);
  if (!d) return aml__fail(err, AML_ERR_INVALID_ARG, "cannot open folder %.512s: %s", dir, strerror(errno));
  char **names = NULL;
  size_t n = 0, cap = 0;
  aml_result rc = AML_OK;
  struct dirent *e;
  while (rc == AML_OK && (e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    if (n == cap) {
      size_t nc = cap ? cap * 2 : 16;
      char **g = aml__realloc(names, nc * sizeof(*g));
      if (!g) {
        rc = aml__fail(err, AML_ERR_NOMEM, "out of memory hashing a folder");
        break;
      }
      names = g;
      cap = nc;
    }
    if (!(names[n] = aml__strdup(e->d_name))) rc = aml__fail(err, AML_ERR_NOMEM, "out of memory hashing a folder");
    else n++;
  }
  closedir(d);
  if (rc < 0) {
    free_names(names, n);
    return rc;
  }
  if (n > 1) qsort(names, n, sizeof(*names), lower_cmp);
  *out = names;
  *count = n;
  return AML_OK;
}

static aml_result hash_dir(EVP_MD_CTX *md, const char *dir, int depth, aml_error **err) {
  if (depth > MAX_DEPTH) return aml__fail(err, AML_ERR_INVALID_ARG, "%.512s is nested too deeply (a link loop?)", dir);
  char **names = NULL;
  size_t n = 0;
  aml_result rc = read_names(dir, &names, &n, err);
  for (size_t i = 0; i < n && rc == AML_OK; i++) {
    char *path = aml__path_join(dir, names[i]);
    if (!path) {
      rc = aml__fail(err, AML_ERR_NOMEM, "out of memory hashing a folder");
      break;
    }
    if (EVP_DigestUpdate(md, names[i], strlen(names[i])) != 1) rc = aml__fail(err, AML_ERR_INTERNAL, "MD5 failed");
    struct stat st;
    if (rc == AML_OK && stat(path, &st) == 0) { /* a dangling link adds only its name, as in azure-ai-ml */
      if (S_ISREG(st.st_mode)) rc = hash_file(md, path, err);
      else if (S_ISDIR(st.st_mode)) rc = hash_dir(md, path, depth + 1, err);
    }
    aml__free(path);
  }
  free_names(names, n);
  return rc;
}

aml_result aml__local_content_hash(const char *path, char hex[33], aml_error **err) {
  struct stat st;
  if (stat(path, &st) != 0)
    return aml__fail(err, errno == ENOENT ? AML_ERR_NOT_FOUND : AML_ERR_INVALID_ARG, "cannot read %.512s: %s", path,
                     strerror(errno));
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  if (!md) return aml__fail(err, AML_ERR_NOMEM, "out of memory hashing %.512s", path);
  aml_result rc = AML_OK;
  if (EVP_DigestInit_ex(md, EVP_md5(), NULL) != 1 || EVP_DigestUpdate(md, SEED, strlen(SEED)) != 1)
    rc = aml__fail(err, AML_ERR_INTERNAL, "MD5 is not available");
  if (rc == AML_OK) rc = S_ISDIR(st.st_mode) ? hash_dir(md, path, 0, err) : hash_file(md, path, err);
  unsigned char digest[16];
  unsigned int len = 0;
  if (rc == AML_OK && (EVP_DigestFinal_ex(md, digest, &len) != 1 || len != 16))
    rc = aml__fail(err, AML_ERR_INTERNAL, "MD5 failed");
  EVP_MD_CTX_free(md);
  if (rc < 0) return rc;
  for (int i = 0; i < 16; i++) snprintf(hex + 2 * i, 3, "%02x", digest[i]);
  return AML_OK;
}
