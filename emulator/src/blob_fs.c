#include "blob_fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

bool em_blob_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n < 1 || n > 1024)
        return false;
    const char *s = name;
    for (;;) {
        size_t k = strcspn(s, "/");
        if (k == 0 || (k == 1 && s[0] == '.') || (k == 2 && s[0] == '.' && s[1] == '.'))
            return false;
        if (!s[k])
            return true;
        s += k + 1;
    }
}

static bool inside(const char *real_root, const char *p)
{
    size_t n = strlen(real_root);
    return strncmp(p, real_root, n) == 0 && (p[n] == '/' || p[n] == '\0');
}

char *em_blob_resolve(const char *root, const char *name)
{
    char *real_root = realpath(root, NULL);
    if (!real_root)
        return NULL;
    char *path = em_printf("%s/%s", root, name);
    char *probe = em_xstrdup(path);
    size_t root_len = strlen(root);
    bool ok = false;
    /* The deepest part of the path that exists must resolve inside the
     * root: a symbolic link anywhere on the way cannot lead out. */
    for (;;) {
        char *r = realpath(probe, NULL);
        if (r) {
            ok = inside(real_root, r);
            free(r);
            break;
        }
        if (errno != ENOENT && errno != ENOTDIR)
            break;
        char *slash = strrchr(probe, '/');
        if (!slash || (size_t)(slash - probe) < root_len)
            break;
        *slash = '\0';
    }
    free(probe);
    free(real_root);
    if (!ok) {
        free(path);
        return NULL;
    }
    return path;
}

static int by_bytes(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk(const char *dir, const char *rel, em_strv *out, int depth)
{
    if (depth > 64)
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *full = em_printf("%s/%s", dir, e->d_name);
        char *name = *rel ? em_printf("%s/%s", rel, e->d_name) : em_xstrdup(e->d_name);
        struct stat st;
        if (lstat(full, &st) == 0) {
            if (S_ISREG(st.st_mode))
                em_strv_push(out, name);
            else if (S_ISDIR(st.st_mode))
                walk(full, name, out, depth + 1);
        }
        free(name);
        free(full);
    }
    closedir(d);
}

void em_blob_walk(const char *dir, em_strv *out)
{
    walk(dir, "", out, 0);
    if (out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, by_bytes);
}

char *em_blob_temp_name(const char *staging)
{
    char u[37];
    em_uuid(u);
    return em_printf("%s/tmp-%s", staging, u);
}

static int make_parent(const char *path)
{
    char *dir = em_xstrdup(path);
    char *slash = strrchr(dir, '/');
    int rc = 0;
    if (slash) {
        *slash = '\0';
        rc = em_mkdir_p(dir, 0755);
    }
    free(dir);
    return rc;
}

int em_blob_commit_file(const char *tmp, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        unlink(tmp);
        errno = EISDIR;
        return -1;
    }
    if (make_parent(path) != 0 || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        errno = e;
        return -1;
    }
    return 0;
}

int em_blob_write(const char *staging, const char *path, const void *data, size_t len)
{
    if (em_mkdir_p(staging, 0755) != 0)
        return -1;
    char *tmp = em_blob_temp_name(staging);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        free(tmp);
        return -1;
    }
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            unlink(tmp);
            free(tmp);
            errno = e;
            return -1;
        }
        p += w;
        left -= (size_t)w;
    }
    close(fd);
    int rc = em_blob_commit_file(tmp, path);
    free(tmp);
    return rc;
}

void em_blob_prune(const char *root, const char *path)
{
    char *p = em_xstrdup(path);
    size_t n = strlen(root);
    for (;;) {
        char *slash = strrchr(p, '/');
        if (!slash || (size_t)(slash - p) <= n)
            break;
        *slash = '\0';
        if (rmdir(p) != 0)
            break;
    }
    free(p);
}

int64_t em_mtime_ns(const struct stat *st)
{
    return (int64_t)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}
