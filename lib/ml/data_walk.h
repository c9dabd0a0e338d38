/* The files under a local folder, for uploads and content hashes. */
#ifndef AML_ML_DATA_WALK_H
#define AML_ML_DATA_WALK_H

#include <azureml/errors.h>
#include <stddef.h>
#include <stdint.h>

typedef struct aml__local_file {
  char *path;    /* the local path (folder + '/' + rel) */
  char *rel;     /* relative to the folder, '/'-separated, names as they are */
  uint64_t size; /* bytes */
} aml__local_file;

typedef struct aml__local_files {
  aml__local_file *items;
  size_t count, cap;
  uint64_t total; /* bytes of all files */
} aml__local_files;

/* Every regular file under `dir`, recursively, following symbolic links (a
 * link back into a folder being walked is AML_ERR_INVALID_ARG, not a loop),
 * sorted by `rel` byte by byte (the order azure-ai-ml uploads in). Other
 * kinds of files (fifos, sockets) are left out. */
aml_result aml__local_walk(const char *dir, aml__local_files *out, aml_error **err);
void aml__local_files_free(aml__local_files *f);

/* The last segment of a local path after resolving it ("." and trailing
 * slashes included): a new string, or NULL when out of memory / unresolvable
 * (then errno says why). */
char *aml__local_basename(const char *path);

/* "a/b" + "/" + "c" as a new string; NULL when out of memory. */
char *aml__path_join(const char *a, const char *b);

#endif
