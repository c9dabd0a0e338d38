/* The Blob service's files. A container is a folder: a datastore's
 * container is DATASTORE_DIR/<datastore>, any other container (made by
 * Create Container) DATASTORE_DIR/.containers/<container>; blob a/b/c.csv is
 * the file a/b/c.csv below it. Blocks of uncommitted blobs and files being
 * written live in DATASTORE_DIR/.aml-staging, never below a container, so
 * they are never listed and a blob only ever appears whole (rename). */
#ifndef EM_BLOB_FS_H
#define EM_BLOB_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "fsutil.h"

/* A blob name the emulator can hold as a file: 1-1024 bytes, '/'-separated
 * segments none of which is empty, "." or "..". */
bool em_blob_name_ok(const char *name);
/* root/name once its existing part resolves (symlinks included) inside
 * root; NULL otherwise. root must exist. Caller frees. */
char *em_blob_resolve(const char *root, const char *name);
/* Regular files below dir (symbolic links are not blobs), as names relative
 * to dir in byte order. A missing dir is empty. */
void em_blob_walk(const char *dir, em_strv *out);
/* Write data to a temporary file in staging, then rename it to path (its
 * folders made first). 0, or -1 with errno (ENOTDIR/EISDIR/EEXIST: a path
 * conflict). */
int em_blob_write(const char *staging, const char *path, const void *data, size_t len);
/* Move an already written temporary file into place (folders made first). */
int em_blob_commit_file(const char *tmp, const char *path);
/* A new temporary file name in staging (caller frees). */
char *em_blob_temp_name(const char *staging);
/* Remove the folders of path that became empty, up to (not including) root. */
void em_blob_prune(const char *root, const char *path);
/* stat's mtime in nanoseconds. */
int64_t em_mtime_ns(const struct stat *st);

#endif
