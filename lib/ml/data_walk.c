/* Walking a local folder: every regular file below it, links followed,
 * sorted so that uploads, hashes and indicator blobs are deterministic. */
#include "ml/data_walk.h"

#include "core/alloc.h"
#include "core/error.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 256

char *aml__path_join(const char *a, const char *b) {
  size_t na = strlen(a), nb = strlen(b);
  bool slash = na > 0 && a[na - 1] != '/';
  char *s = aml__malloc(na + nb + 2);
  if (!s) return NULL;
  memcpy(s, a, na);
  if (slash) s[na++] = '/';
  memcpy(s + na, b, nb + 1);
  return s;
}

/* The folders on the current path (device and inode), to refuse link loops. */
typedef struct walk_stack {
  dev_t dev[MAX_DEPTH];
  ino_t ino[MAX_DEPTH];
  int depth;
} walk_stack;

static aml_result add_file(aml__local_files *out, const char *path, const char *rel, uint64_t size) {
  if (out->count == out->cap) {
    size_t cap = out->cap ? out->cap * 2 : 16;
    aml__local_file *n = aml__realloc(out->items, cap * sizeof(*n));
    if (!n) return AML_ERR_NOMEM;
    out->items = n;
    out->cap = cap;
  }
  aml__local_file *f = &out->items[out->count];
  f->path = aml__strdup(path);
  f->rel = aml__strdup(rel);
  if (!f->path || !f->rel) {
    aml__free(f->path);
    aml__free(f->rel);
    return AML_ERR_NOMEM;
  }
  f->size = size;
  out->count++;
  out->total += size;
  return AML_OK;
}

static aml_result walk(const char *dir, const char *rel, walk_stack *st, aml__local_files *out, aml_error **err);

static aml_result visit(const char *path, const char *rel, walk_stack *st, aml__local_files *out, aml_error **err) {
  struct stat sb;
  if (stat(path, &sb) != 0) {
    if (errno == ENOENT) return AML_OK; /* a dangling link: nothing to upload */
    return aml__fail(err, AML_ERR_INVALID_ARG, "cannot read %.512s: %s", path, strerror(errno));
  }
  if (S_ISREG(sb.st_mode)) {
    if (add_file(out, path, rel, (uint64_t)sb.st_size) != AML_OK)
      return aml__fail(err, AML_ERR_NOMEM, "out of memory listing a folder");
    return AML_OK;
  }
  if (!S_ISDIR(sb.st_mode)) return AML_OK;
  for (int i = 0; i < st->depth; i++)
    if (st->dev[i] == sb.st_dev && st->ino[i] == sb.st_ino)
      return aml__fail(err, AML_ERR_INVALID_ARG, "%.512s links back to a folder that contains it", path);
  if (st->depth == MAX_DEPTH) return aml__fail(err, AML_ERR_INVALID_ARG, "%.512s is nested too deeply", path);
  st->dev[st->depth] = sb.st_dev;
  st->ino[st->depth] = sb.st_ino;
  st->depth++;
  aml_result rc = walk(path, rel, st, out, err);
  st->depth--;
  return rc;
}

static aml_result walk(const char *dir, const char *rel, walk_stack *st, aml__local_files *out, aml_error **err) {
  DIR *d = opendir(dir);
  if (!d) return aml__fail(err, AML_ERR_INVALID_ARG, "cannot open folder %.512s: %s", dir, strerror(errno));
  aml_result rc = AML_OK;
  struct dirent *e;
  while (rc == AML_OK && (errno = 0, e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    char *path = aml__path_join(dir, e->d_name);
    char *sub = *rel ? aml__path_join(rel, e->d_name) : aml__strdup(e->d_name);
    rc = path && sub ? visit(path, sub, st, out, err) : aml__fail(err, AML_ERR_NOMEM, "out of memory listing a folder");
    aml__free(path);
    aml__free(sub);
  }
  if (rc == AML_OK && errno != 0)
    rc = aml__fail(err, AML_ERR_INVALID_ARG, "cannot read folder %.512s: %s", dir, strerror(errno));
  closedir(d);
  return rc;
}

static int by_rel(const void *a, const void *b) {
  return strcmp(((const aml__local_file *)a)->rel, ((const aml__local_file *)b)->rel);
}

aml_result aml__local_walk(const char *dir, aml__local_files *out, aml_error **err) {
  memset(out, 0, sizeof(*out));
  walk_stack *st = aml__calloc(1, sizeof(*st));
  if (!st) return aml__fail(err, AML_ERR_NOMEM, "out of memory listing a folder");
  aml_result rc = visit(dir, "", st, out, err);
  aml__free(st);
  if (rc < 0) {
    aml__local_files_free(out);
    return rc;
  }
  if (out->count > 1) qsort(out->items, out->count, sizeof(*out->items), by_rel);
  return AML_OK;
}

void aml__local_files_free(aml__local_files *f) {
  for (size_t i = 0; i < f->count; i++) {
    aml__free(f->items[i].path);
    aml__free(f->items[i].rel);
  }
  aml__free(f->items);
  memset(f, 0, sizeof(*f));
}

char *aml__local_basename(const char *path) {
  char *real = realpath(path, NULL); /* libc-allocated */
  if (!real) return NULL;
  const char *slash = strrchr(real, '/');
  char *name = aml__strdup(slash && slash[1] ? slash + 1 : real);
  free(real);
  if (!name) errno = ENOMEM;
  return name;
}
