/* ml_client.data: data asset versions (DATA-API.md §2). Create or update is
 * a synchronous PUT (a local path is uploaded first, content-addressed);
 * "latest" is the most recently created version, read as azure-ai-ml does
 * ($orderBy=createdtime desc, $top=1), never the container's latestVersion. */
#include <azureml/data_assets.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/str.h"
#include "core/url.h"
#include "ml/data_access.h"
#include "ml/data_asset_entity.h"
#include "ml/ops_common.h"

#include <string.h>
#include <sys/stat.h>

static aml_result parse_data(json_t *v, void **out, aml_error **err) {
  aml_data_asset *d = NULL;
  aml_result rc = aml__data_asset_from_json_value(v, &d, err);
  *out = d;
  return rc;
}

/* "@latest" or "latest" (any case): the label azure-ai-ml resolves. */
static bool is_latest_label(const char *version) {
  if (version[0] == '@') version++;
  return aml__strcasecmp(version, "latest") == 0;
}

aml_result aml_data_assets_get_latest(aml_client *client, const char *name, aml_data_asset **out,
                                      aml_error **err) {
  static const char fn[] = "aml_data_assets_get_latest";
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc = aml__ops_require(name, fn, "name", err);
  if (rc < 0) return rc;
  aml_pager *p = NULL;
  if ((rc = aml__ops_list_versions(client, "data", name, 1, AML_RESULT_DATA_ASSET, &p, err)) < 0) return rc;
  void *d = NULL;
  rc = aml__ops_next(p, AML_RESULT_DATA_ASSET, parse_data, &d, err);
  aml_pager_free(p);
  if (rc == AML_ITER_END)
    return aml__fail(err, AML_ERR_NOT_FOUND, "%s: data asset %.255s has no version", fn, name);
  *out = d;
  return rc;
}

aml_result aml_data_assets_get(aml_client *client, const char *name, const char *version, aml_data_asset **out,
                               aml_error **err) {
  static const char fn[] = "aml_data_assets_get";
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc;
  if ((rc = aml__ops_require(name, fn, "name", err)) < 0 || (rc = aml__ops_require(version, fn, "version", err)) < 0)
    return rc;
  if (is_latest_label(version)) return aml_data_assets_get_latest(client, name, out, err);
  const char *seg[] = {"data", name, "versions", version};
  void *d = NULL;
  rc = aml__ops_get(client, seg, 4, parse_data, &d, err);
  *out = d;
  return rc;
}

aml_result aml_data_assets_list_versions(aml_client *client, const char *name, aml_pager **out, aml_error **err) {
  static const char fn[] = "aml_data_assets_list_versions";
  if (!client || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and out are required", fn);
  *out = NULL;
  aml_result rc = aml__ops_require(name, fn, "name", err);
  if (rc < 0) return rc;
  return aml__ops_list_versions(client, "data", name, 0, AML_RESULT_DATA_ASSET, out, err);
}

aml_result aml_pager_next_data_asset(aml_pager *pager, aml_data_asset **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_pager_next_data_asset: out is required");
  void *d = NULL;
  aml_result rc = aml__ops_next(pager, AML_RESULT_DATA_ASSET, parse_data, &d, err);
  *out = d;
  return rc;
}

/* A local path is uploaded (content-addressed, default datastore) and the
 * asset registered with its azureml:// URI. */
static aml_result upload_local_path(aml_client *client, const aml_data_asset *asset, const aml_transfer_options *opts,
                                    char **uri, aml_error **err) {
  struct stat st;
  if (stat(asset->path, &st) != 0)
    return aml__fail(err, AML_ERR_NOT_FOUND, "data asset path %.512s: no such local file or folder", asset->path);
  if (S_ISDIR(st.st_mode) && strcmp(asset->type, AML_DATA_TYPE_URI_FILE) == 0)
    return aml__fail(err, AML_ERR_VALIDATION, "a uri_file data asset needs a file; %.512s is a folder", asset->path);
  if (!S_ISDIR(st.st_mode) && strcmp(asset->type, AML_DATA_TYPE_URI_FILE) != 0)
    return aml__fail(err, AML_ERR_VALIDATION, "a %s data asset needs a folder; %.512s is a file", asset->type,
                     asset->path);
  return aml__data_upload_local_named(client, asset->path, NULL, asset->name, asset->asset_version, opts, uri, err);
}

aml_result aml_data_assets_create_or_update(aml_client *client, const aml_data_asset *asset,
                                            const aml_transfer_options *opts, aml_data_asset **out,
                                            aml_error **err) {
  static const char fn[] = "aml_data_assets_create_or_update";
  if (out) *out = NULL;
  if (!client || !asset) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client and the asset are required", fn);
  aml_result rc = aml_data_asset_validate(asset, err);
  if (rc < 0) return rc;
  aml_data_asset copy = *asset; /* version checked: exactly this struct's size */
  char *uploaded = NULL;
  if (aml__data_is_local_path(asset->path)) {
    if ((rc = upload_local_path(client, asset, opts, &uploaded, err)) < 0) return rc;
    copy.path = uploaded;
  }
  char *body = NULL;
  rc = aml_data_asset_to_json(&copy, &body, err);
  char *url = NULL;
  const char *seg[] = {"data", asset->name, "versions", asset->asset_version};
  if (rc == AML_OK) rc = aml__ops_url(client, seg, 4, &url, err);
  aml_http_response *resp = NULL;
  if (rc == AML_OK) rc = aml__client_send(client, "PUT", url, body, &resp, err);
  if (rc == AML_OK && out) {
    json_t *root = NULL;
    void *d = NULL;
    rc = aml__json_parse(resp->body.ptr, resp->body.len, &root, err);
    if (rc == AML_OK) rc = parse_data(root, &d, err);
    json_decref(root);
    *out = d;
  }
  aml_http_response_free(resp);
  aml__free(url);
  aml__free(body);
  aml__free(uploaded);
  return rc;
}

/* /subscriptions/../workspaces/<ws>/data/<name>/versions/<version> */
static aml_result arm_id(aml_client *c, const char *name, size_t name_len, const char *version, char **out,
                         aml_error **err) {
  aml_buf b = AML_BUF_INIT;
  if (aml__buf_printf(&b,
                      "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.MachineLearningServices/"
                      "workspaces/%s/data/%.*s/versions/%s",
                      c->subscription_id, c->resource_group, c->workspace, (int)name_len, name, version) != AML_OK ||
      !(*out = aml__buf_detach(&b))) {
    aml__buf_free(&b);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory resolving a data asset reference");
  }
  return AML_OK;
}

aml_result aml_data_assets_resolve(aml_client *client, const char *reference, char **id_out, aml_error **err) {
  static const char fn[] = "aml_data_assets_resolve";
  if (id_out) *id_out = NULL;
  if (!client || !reference || !id_out)
    return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client, reference and id_out are required", fn);
  const char *r = reference;
  bool prefixed = aml__str_starts_with_ci(r, "azureml:") && !aml__str_starts_with_ci(r, "azureml://");
  if (prefixed) r += 8;
  if (aml__str_starts_with_ci(r, "/subscriptions/")) {
    if (!(*id_out = aml__strdup(r))) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
    return AML_OK;
  }
  const char *at = strchr(r, '@'), *colon = strchr(r, ':');
  if (!prefixed || (!at && !colon) || (at && colon) || (at ? at : colon) == r || !(at ? at : colon)[1] ||
      strchr(r, '/'))
    return aml__fail(err, AML_ERR_INVALID_ARG,
                     "%s: \"%.255s\" is not a data asset reference; expected azureml:<name>:<version>, "
                     "azureml:<name>@latest or an ARM id",
                     fn, reference);
  if (colon) return arm_id(client, r, (size_t)(colon - r), colon + 1, id_out, err);
  if (!is_latest_label(at + 1))
    return aml__fail(err, AML_ERR_INVALID_ARG, "%s: only the label \"latest\" is known, not \"%.64s\"", fn, at + 1);
  char *name = aml__strndup(r, (size_t)(at - r));
  if (!name) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  aml_data_asset *latest = NULL;
  aml_result rc = aml_data_assets_get_latest(client, name, &latest, err);
  if (rc == AML_OK) rc = arm_id(client, name, strlen(name), latest->asset_version ? latest->asset_version : "", id_out, err);
  aml_data_asset_free(latest);
  aml__free(name);
  return rc;
}
