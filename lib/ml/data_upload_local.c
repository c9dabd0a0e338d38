/* Content-addressed upload of a local file or folder, as azure-ai-ml does
 * for local job inputs, models and code (DATA-API.md §4): the content hash
 * chooses LocalUpload/<hash>/<name>; the "indicator" blob (the file, or the
 * folder's first file in upload order) carries upload_status=completed once
 * everything is up, and an indicator that says so means nothing is sent. */
#include <azureml/data_transfer.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/kv.h"
#include "core/str.h"
#include "core/uuid.h"
#include "ml/data_access.h"
#include "ml/data_hash.h"
#include "ml/data_transfer.h"
#include "ml/data_walk.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#define ORIGIN "LocalUpload"

/* LocalUpload/<hash>/<name>[/<rel>] for each file. */
static aml_result plan_local(const char *local, bool is_dir, uint64_t file_size, const char *base,
                             aml__xfer_plan *plan, aml_error **err) {
  if (!is_dir) {
    if (aml__xfer_plan_add(plan, local, base, file_size) != AML_OK)
      return aml__fail(err, AML_ERR_NOMEM, "out of memory planning an upload");
    return AML_OK;
  }
  aml__local_files files;
  aml_result rc = aml__local_walk(local, &files, err);
  if (rc < 0) return rc;
  if (files.count == 0) rc = aml__fail(err, AML_ERR_INVALID_ARG, "%.512s is an empty folder: nothing to upload", local);
  for (size_t i = 0; i < files.count && rc == AML_OK; i++) {
    char *blob = aml__path_join(base, files.items[i].rel);
    if (!blob || aml__xfer_plan_add(plan, files.items[i].path, blob, files.items[i].size) != AML_OK)
      rc = aml__fail(err, AML_ERR_NOMEM, "out of memory planning an upload");
    aml__free(blob);
  }
  aml__local_files_free(&files);
  return rc;
}

/* True when the indicator blob says a previous upload completed. */
static aml_result already_uploaded(const aml__data_target *t, const char *indicator, bool *done, aml_error **err) {
  *done = false;
  aml_blob_props props;
  aml__blob_props_init(&props);
  aml_error *e = NULL;
  aml_result rc = aml__blob_get_properties(t->container, indicator, &props, &e);
  if (rc == AML_OK) {
    const char *status = aml__kvlist_get(&props.metadata, "upload_status");
    *done = status && strcmp(status, "completed") == 0;
  } else if (rc == AML_ERR_NOT_FOUND) {
    rc = AML_OK; /* first upload */
  } else {
    aml__error_propagate(err, e);
    e = NULL;
  }
  aml_error_free(e);
  aml__blob_props_cleanup(&props);
  return rc;
}

static aml_result confirm(const aml__data_target *t, const char *indicator, const char *name, const char *version,
                          aml_error **err) {
  aml_kvlist md;
  aml__kvlist_init(&md, true);
  aml_result rc = AML_OK;
  if (aml__kvlist_add(&md, "upload_status", "completed") != AML_OK || aml__kvlist_add(&md, "name", name) != AML_OK ||
      aml__kvlist_add(&md, "version", version) != AML_OK)
    rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
  if (rc == AML_OK) rc = aml__blob_set_metadata(t->container, indicator, &md, err);
  aml__kvlist_clear(&md);
  return rc;
}

static aml_result make_uri(const char *datastore, const char *base, bool is_dir, char **out, aml_error **err) {
  aml_buf b = AML_BUF_INIT;
  if (aml__buf_printf(&b, "azureml://datastores/%s/paths/%s%s", datastore, base, is_dir ? "/" : "") != AML_OK ||
      !(*out = aml__buf_detach(&b))) {
    aml__buf_free(&b);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  }
  return AML_OK;
}

/* The indicator check, the upload and the confirmation, on an open target. */
static aml_result upload_plan(aml__data_target *t, const aml__xfer_plan *plan, const char *name, const char *version,
                              const aml_transfer_options *o, const aml_blob_transfer_options *engine,
                              aml_error **err) {
  bool done = false;
  aml_result rc = already_uploaded(t, plan->items[0].blob, &done, err);
  if (rc < 0) return rc;
  if (done) {
    if (o->progress) o->progress(plan->total, plan->total, plan->count, plan->count, o->progress_user_data);
    return AML_OK;
  }
  rc = aml__xfer_run(t->container, plan, true, o, engine, err);
  if (rc == AML_OK) rc = confirm(t, plan->items[0].blob, name, version, err);
  return rc;
}

/* Everything after the hash: plan (no request yet), open the datastore, move. */
static aml_result upload_hashed(aml_client *c, const char *local, const struct stat *st, const char *hash,
                                const char *datastore, const char *name, const char *version,
                                const aml_transfer_options *o, const aml_blob_transfer_options *engine,
                                char **uri_out, aml_error **err) {
  bool is_dir = S_ISDIR(st->st_mode);
  char *leaf = aml__local_basename(local);
  if (!leaf)
    return aml__fail(err, errno == ENOMEM ? AML_ERR_NOMEM : AML_ERR_INVALID_ARG, "cannot resolve %.512s: %s", local,
                     strerror(errno));
  aml_buf base = AML_BUF_INIT;
  aml__xfer_plan plan = {0};
  aml__data_target *t = NULL;
  aml_result rc = aml__buf_printf(&base, ORIGIN "/%s/%s", hash, leaf) == AML_OK
                      ? AML_OK
                      : aml__fail(err, AML_ERR_NOMEM, "out of memory");
  aml__free(leaf);
  if (rc == AML_OK) rc = plan_local(local, is_dir, (uint64_t)st->st_size, aml__buf_cstr(&base), &plan, err);
  if (rc == AML_OK) rc = aml__data_target_open_datastore(c, datastore, &t, err);
  if (rc == AML_OK) rc = upload_plan(t, &plan, name, version, o, engine, err);
  if (rc == AML_OK) rc = make_uri(t->datastore, aml__buf_cstr(&base), is_dir, uri_out, err);
  aml__data_target_free(t);
  aml__xfer_plan_free(&plan);
  aml__buf_free(&base);
  return rc;
}

aml_result aml__data_upload_local_named(aml_client *c, const char *local_path, const char *datastore,
                                        const char *asset_name, const char *asset_version,
                                        const aml_transfer_options *opts, char **uri_out, aml_error **err) {
  static const char fn[] = "aml_data_upload_local";
  if (uri_out) *uri_out = NULL;
  if (!c || aml__str_empty(local_path) || !uri_out)
    return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client, local_path and uri_out are required", fn);
  aml_transfer_options o;
  aml_blob_transfer_options engine;
  aml_result rc = aml__xfer_options(opts, fn, &o, &engine, err);
  if (rc < 0) return rc;
  /* The same hash means the same bytes: replacing is harmless, and skipping
   * what is already there resumes an interrupted upload cheaply. */
  o.overwrite = AML_OVERWRITE_SKIP_IDENTICAL;
  engine.overwrite = AML_BLOB_OVERWRITE_SKIP_IDENTICAL;
  struct stat st;
  if (stat(local_path, &st) != 0)
    return aml__fail(err, errno == ENOENT ? AML_ERR_NOT_FOUND : AML_ERR_INVALID_ARG, "%s: cannot read %.512s: %s", fn,
                     local_path, strerror(errno));
  char hash[33];
  if ((rc = aml__local_content_hash(local_path, hash, err)) < 0) return rc;
  /* As azure-ai-ml records the upload of a job input: a new UUID for the
   * name, and for a version not given. */
  char uuid_name[AML_UUID_STR_LEN + 1], uuid_version[AML_UUID_STR_LEN + 1];
  if (!asset_name) {
    aml__uuid4(uuid_name);
    asset_name = uuid_name;
  }
  if (!asset_version) {
    aml__uuid4(uuid_version);
    asset_version = uuid_version;
  }
  return upload_hashed(c, local_path, &st, hash, datastore, asset_name, asset_version, &o, &engine, uri_out, err);
}

aml_result aml_data_upload_local(aml_client *client, const char *local_path, const char *datastore,
                                 const aml_transfer_options *opts, char **uri_out, aml_error **err) {
  return aml__data_upload_local_named(client, local_path, datastore, NULL, NULL, opts, uri_out, err);
}
