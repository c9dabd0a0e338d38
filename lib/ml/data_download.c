/* aml_data_download: a blob, or every blob under a folder prefix (listed page
 * by page), to a local folder. Names from the service are checked before any
 * file is written: none may land outside the destination. */
#include <azureml/data_transfer.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/str.h"
#include "ml/data_access.h"
#include "ml/data_transfer.h"
#include "ml/data_walk.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct listing {
  const char *path; /* the requested blob name or prefix */
  size_t path_len;
  bool folder_only; /* path is "" or ends with '/' */
  bool exact;           /* a blob named exactly `path` exists */
  uint64_t exact_size;
  aml__xfer_plan *plan; /* local = relative name for now */
  aml_error **err;
} listing;

/* A directory marker (ADLS Gen2 / hdi_isfolder, or an empty "x/" blob). */
static bool is_folder_marker(const aml_blob_item *it) {
  const char *v = aml__kvlist_get(&it->props.metadata, "hdi_isfolder");
  size_t n = strlen(it->name);
  return (v && aml__strcasecmp(v, "true") == 0) || (n && it->name[n - 1] == '/');
}

static aml_result on_item(const aml_blob_item *it, void *user_data) {
  listing *l = user_data;
  if (it->is_prefix || is_folder_marker(it)) return AML_OK;
  const char *rel = NULL;
  if (!l->folder_only && strcmp(it->name, l->path) == 0) {
    l->exact = true;
    l->exact_size = it->props.content_length;
    return AML_OK;
  }
  if (l->folder_only && strncmp(it->name, l->path, l->path_len) == 0)
    rel = it->name + l->path_len;
  else if (!l->folder_only && strncmp(it->name, l->path, l->path_len) == 0 && it->name[l->path_len] == '/')
    rel = it->name + l->path_len + 1;
  else
    return AML_OK; /* a sibling that merely shares the prefix ("data/ab" for "data/a"), or stray */
  if (aml__xfer_plan_add(l->plan, rel, it->name, it->props.content_length) != AML_OK)
    return aml__fail(l->err, AML_ERR_NOMEM, "out of memory listing blobs");
  return AML_OK;
}

/* A relative name safe to join under the destination: not empty, not
 * absolute, no empty, "." or ".." segment. */
static bool safe_relative(const char *rel) {
  if (!*rel || *rel == '/') return false;
  for (const char *s = rel;;) {
    size_t n = strcspn(s, "/");
    if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.')) return false;
    if (!s[n]) return true;
    s += n + 1;
  }
}

/* mkdir -p of the folders in `path` up to its last '/'. */
static aml_result make_parents(const char *path, aml_error **err) {
  char *copy = aml__strdup(path);
  if (!copy) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  aml_result rc = AML_OK;
  for (char *p = copy + 1; *p && rc == AML_OK; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(copy, 0777) != 0 && errno != EEXIST)
      rc = aml__fail(err, AML_ERR_INVALID_ARG, "cannot create folder %.512s: %s", copy, strerror(errno));
    *p = '/';
  }
  aml__free(copy);
  return rc;
}

/* Turn relative names into local paths, refusing unsafe ones. */
static aml_result place(aml__xfer_plan *plan, const char *local_dir, int32_t overwrite, aml_error **err) {
  for (size_t i = 0; i < plan->count; i++) {
    aml__xfer_item *it = &plan->items[i];
    if (!safe_relative(it->local))
      return aml__fail(err, AML_ERR_PARSE,
                       "refusing to download blob %.512s: its name would be written outside %.512s; nothing was "
                       "downloaded",
                       it->blob, local_dir);
    char *full = aml__path_join(local_dir, it->local);
    if (!full) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
    aml__free(it->local);
    it->local = full;
    struct stat st;
    if (overwrite == AML_OVERWRITE_FAIL && lstat(full, &st) == 0)
      return aml__fail(err, AML_ERR_CONFLICT, "%.512s already exists (overwrite policy: fail); nothing was downloaded",
                       full);
  }
  for (size_t i = 0; i < plan->count; i++) {
    aml_result rc = make_parents(plan->items[i].local, err);
    if (rc < 0) return rc;
  }
  return AML_OK;
}

static aml_result plan_download(const aml__data_target *t, const char *uri, aml__xfer_plan *plan, aml_error **err) {
  listing l = {t->path, strlen(t->path), !*t->path || t->path[strlen(t->path) - 1] == '/', false, 0, plan, err};
  aml_blob_list_options lo;
  memset(&lo, 0, sizeof(lo));
  lo.prefix = t->path;
  lo.include_metadata = true;
  aml_result rc = aml__blob_list_all(t->container, &lo, on_item, &l, err);
  if (rc < 0) return rc;
  if (l.exact) { /* a blob: just it, under its last segment */
    aml__xfer_plan_free(plan);
    const char *slash = strrchr(t->path, '/');
    if (aml__xfer_plan_add(plan, slash ? slash + 1 : t->path, t->path, l.exact_size) != AML_OK)
      return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  }
  if (plan->count == 0) {
    size_t n = strcspn(uri, "?");
    return aml__fail(err, AML_ERR_NOT_FOUND, "nothing at %.*s: no blob by that name and no blob under it",
                     (int)(n > 512 ? 512 : n), uri);
  }
  return AML_OK;
}

aml_result aml_data_download(aml_client *client, const char *src_uri, const char *local_dir,
                             const aml_transfer_options *opts, aml_error **err) {
  static const char fn[] = "aml_data_download";
  if (!client || aml__str_empty(src_uri) || aml__str_empty(local_dir))
    return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client, src_uri and local_dir are required", fn);
  aml_transfer_options o;
  aml_blob_transfer_options engine;
  aml_result rc = aml__xfer_options(opts, fn, &o, &engine, err);
  if (rc < 0) return rc;
  aml__data_target *t = NULL;
  if ((rc = aml__data_target_open(client, src_uri, &t, err)) < 0) return rc;
  aml__xfer_plan plan = {0};
  rc = plan_download(t, src_uri, &plan, err);
  char *dir_slash = rc == AML_OK ? aml__path_join(local_dir, "") : NULL;
  if (rc == AML_OK && !dir_slash) rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
  if (rc == AML_OK) rc = make_parents(dir_slash, err); /* local_dir itself */
  if (rc == AML_OK) rc = place(&plan, local_dir, o.overwrite, err);
  if (rc == AML_OK) rc = aml__xfer_run(t->container, &plan, false, &o, &engine, err);
  aml__free(dir_slash);
  aml__xfer_plan_free(&plan);
  aml__data_target_free(t);
  return rc;
}
