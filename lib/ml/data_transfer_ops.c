/* aml_data_upload / aml_data_download: a local file or folder to or from a
 * data path (azureml/data_transfer.h). */
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

static bool ends_with_slash(const char *s) { return *s && s[strlen(s) - 1] == '/'; }

/* Where each local file goes. */
static aml_result plan_upload(const char *local, const struct stat *st, const char *dest, aml__xfer_plan *plan,
                              aml_error **err) {
  if (!S_ISDIR(st->st_mode)) {
    char *blob = NULL;
    if (*dest && !ends_with_slash(dest)) {
      blob = aml__strdup(dest);
    } else {
      char *name = aml__local_basename(local);
      blob = name ? aml__path_join(dest, name) : NULL;
      aml__free(name);
    }
    aml_result rc = blob ? aml__xfer_plan_add(plan, local, blob, (uint64_t)st->st_size) : AML_ERR_NOMEM;
    aml__free(blob);
    return rc < 0 ? aml__fail(err, rc, "out of memory planning an upload") : AML_OK;
  }
  aml__local_files files;
  aml_result rc = aml__local_walk(local, &files, err);
  if (rc < 0) return rc;
  for (size_t i = 0; i < files.count && rc == AML_OK; i++) {
    char *blob = aml__path_join(dest, files.items[i].rel);
    rc = blob ? aml__xfer_plan_add(plan, files.items[i].path, blob, files.items[i].size) : AML_ERR_NOMEM;
    aml__free(blob);
  }
  aml__local_files_free(&files);
  return rc < 0 ? aml__fail(err, rc, "out of memory planning an upload") : AML_OK;
}

/* With the FAIL policy, a folder upload refuses before moving anything when
 * any of its blobs exists (one listing of the destination). */
typedef struct exists_ctx {
  const aml__xfer_plan *plan;
  const char *found;
} exists_ctx;

static aml_result note_existing(const aml_blob_item *item, void *user_data) {
  exists_ctx *x = user_data;
  if (item->is_prefix) return AML_OK;
  for (size_t i = 0; i < x->plan->count; i++)
    if (strcmp(x->plan->items[i].blob, item->name) == 0) {
      x->found = x->plan->items[i].blob;
      return AML_ERR_USER; /* stop listing */
    }
  return AML_OK;
}

static aml_result refuse_existing(const aml__data_target *t, const aml__xfer_plan *plan, const char *dest,
                                  aml_error **err) {
  aml_blob_list_options lo;
  memset(&lo, 0, sizeof(lo));
  lo.prefix = dest;
  exists_ctx x = {plan, NULL};
  aml_error *e = NULL;
  aml_result rc = aml__blob_list_all(t->container, &lo, note_existing, &x, &e);
  if (x.found) {
    aml_error_free(e);
    return aml__fail(err, AML_ERR_CONFLICT,
                     "blob %.512s already exists (overwrite policy: fail); nothing was uploaded", x.found);
  }
  if (rc < 0 && rc != AML_ERR_NOT_FOUND) { /* a missing container fails the upload itself, more clearly */
    aml__error_propagate(err, e);
    return rc;
  }
  aml_error_free(e);
  return AML_OK;
}

aml_result aml_data_upload(aml_client *client, const char *local_path, const char *dest_uri,
                           const aml_transfer_options *opts, aml_error **err) {
  static const char fn[] = "aml_data_upload";
  if (!client || aml__str_empty(local_path) || aml__str_empty(dest_uri))
    return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client, local_path and dest_uri are required", fn);
  aml_transfer_options o;
  aml_blob_transfer_options engine;
  aml_result rc = aml__xfer_options(opts, fn, &o, &engine, err);
  if (rc < 0) return rc;
  struct stat st;
  if (stat(local_path, &st) != 0)
    return aml__fail(err, errno == ENOENT ? AML_ERR_NOT_FOUND : AML_ERR_INVALID_ARG, "%s: cannot read %.512s: %s",
                     fn, local_path, strerror(errno));
  aml__data_target *t = NULL;
  if ((rc = aml__data_target_open(client, dest_uri, &t, err)) < 0) return rc;
  aml__xfer_plan plan = {0};
  rc = plan_upload(local_path, &st, t->path, &plan, err);
  if (rc == AML_OK && S_ISDIR(st.st_mode) && o.overwrite == AML_OVERWRITE_FAIL && plan.count > 0)
    rc = refuse_existing(t, &plan, t->path, err);
  if (rc == AML_OK) rc = aml__xfer_run(t->container, &plan, true, &o, &engine, err);
  aml__xfer_plan_free(&plan);
  aml__data_target_free(t);
  return rc;
}
