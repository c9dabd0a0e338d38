/* Filesystem helpers of the job runner: the sorted file list of an input
 * folder, a string vector to hold it (and a child's environment), recursive
 * removal of folders the emulator owns. Kept apart from util.c, which the
 * request path uses, because only the runner walks directories. */
#ifndef EM_FSUTIL_H
#define EM_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Growable NULL-terminated vector of owned strings (argv/envp shaped). */
typedef struct em_strv {
    char **v;
    size_t n, cap;
} em_strv;
void em_strv_push(em_strv *s, const char *str);
/* Takes ownership of str. */
void em_strv_push_owned(em_strv *s, char *str);
void em_strv_sort(em_strv *s);
void em_strv_free(em_strv *s);

bool em_is_dir(const char *path);
bool em_is_file(const char *path);
/* Every regular file below dir (symbolic links to files included, links to
 * folders not followed, so a loop cannot make the walk endless), as
 * dir-prefixed paths in byte order. -1 when dir cannot be read. */
int em_list_files(const char *dir, em_strv *out);
/* Remove path and everything below it (links are removed, never followed).
 * 0 also when path did not exist. */
int em_rm_rf(const char *path);
/* Size of a file, -1 when it cannot be stat'ed. */
int64_t em_file_size(const char *path);

#endif
