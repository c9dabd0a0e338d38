/* From a data URI to a lib/storage container client, resolving datastores
 * and their credentials as azure-ai-ml does (DATA-API.md §1.4): an account
 * key when the datastore has one, else its SAS token, else the caller's own
 * Entra token (identity-based datastores, and service principal ones, whose
 * secret azure-ai-ml does not use for uploads either). Unlike azure-ai-ml,
 * the Blob endpoint comes from the datastore's own protocol and endpoint,
 * so Azurite and aml-emulator (path-style, loopback) work too. */
#include "ml/data_access.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/str.h"
#include "ml/data_uri.h"

#include <string.h>

void aml__data_target_free(aml__data_target *t) {
  if (!t) return;
  aml__blob_container_free(t->container);
  aml__free(t->datastore);
  aml__free(t->path);
  aml_client_unref(t->client);
  aml__free(t);
}

static aml_result target_new(aml_client *c, const char *datastore, const char *path, aml__data_target **out,
                             aml_error **err) {
  aml__data_target *t = aml__calloc(1, sizeof(*t));
  if (!t || (datastore && !(t->datastore = aml__strdup(datastore))) || !(t->path = aml__strdup(path ? path : ""))) {
    if (t) {
      aml__free(t->datastore);
      aml__free(t);
    }
    return aml__fail(err, AML_ERR_NOMEM, "out of memory opening a data path");
  }
  t->client = aml_client_ref(c);
  *out = t;
  return AML_OK;
}

static bool is_type(const char *v, const char *want) { return v && aml__strcasecmp(v, want) == 0; }

/* How to authorise against the datastore's container; secrets (when the
 * datastore stores some) are read into *secrets, which the caller wipes. */
static aml_result choose_auth(aml_client *c, const aml_datastore *ds, aml_blob_container_config *cfg,
                              aml_datastore_secrets **secrets, aml_error **err) {
  const char *ct = ds->credentials_type;
  if (!is_type(ct, AML_DATASTORE_CREDENTIALS_ACCOUNT_KEY) && !is_type(ct, AML_DATASTORE_CREDENTIALS_SAS)) {
    cfg->auth = c->pipeline.credential ? AML_BLOB_AUTH_BEARER : AML_BLOB_AUTH_NONE;
    return AML_OK;
  }
  aml_result rc = aml_datastores_list_secrets(c, ds->name, secrets, err);
  if (rc < 0) return rc;
  if ((*secrets)->key) {
    cfg->auth = AML_BLOB_AUTH_SHARED_KEY;
    cfg->account_key = (*secrets)->key;
  } else if ((*secrets)->sas_token) {
    cfg->auth = AML_BLOB_AUTH_SAS;
    cfg->sas_token = (*secrets)->sas_token;
  } else {
    return aml__fail(err, AML_ERR_PARSE, "datastore %s: listSecrets returned neither a key nor a SAS token",
                     ds->name);
  }
  return AML_OK;
}

static aml_result open_from_datastore(aml_client *c, const aml_datastore *ds, const char *path,
                                      aml__data_target **out, aml_error **err) {
  if (!is_type(ds->datastore_type, AML_DATASTORE_TYPE_AZURE_BLOB) &&
      !is_type(ds->datastore_type, AML_DATASTORE_TYPE_AZURE_DATA_LAKE_GEN2))
    return aml__fail(err, AML_ERR_UNSUPPORTED,
                     "datastore %s is of type %s; uploads and downloads support AzureBlob and AzureDataLakeGen2",
                     ds->name, ds->datastore_type ? ds->datastore_type : "(none)");
  if (aml__str_empty(ds->account_name) || aml__str_empty(ds->container_name))
    return aml__fail(err, AML_ERR_PARSE, "datastore %s has no accountName or containerName", ds->name);
  aml_blob_container_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.protocol = aml__str_empty(ds->protocol) ? "https" : ds->protocol;
  cfg.endpoint = aml__str_empty(ds->endpoint) ? "core.windows.net" : ds->endpoint;
  cfg.account = ds->account_name;
  cfg.container = ds->container_name;
  aml_datastore_secrets *secrets = NULL;
  aml__data_target *t = NULL;
  aml_result rc = choose_auth(c, ds, &cfg, &secrets, err);
  if (rc == AML_OK) rc = target_new(c, ds->name, path, &t, err);
  if (rc == AML_OK) rc = aml__blob_container_new(&c->pipeline, &cfg, &t->container, err);
  aml_datastore_secrets_free(secrets);
  if (rc < 0) {
    aml__data_target_free(t);
    return rc;
  }
  *out = t;
  return AML_OK;
}

static aml_result open_datastore_path(aml_client *c, const char *datastore, const char *path,
                                      aml__data_target **out, aml_error **err) {
  aml_datastore *ds = NULL;
  aml_result rc = datastore ? aml_datastores_get(c, datastore, &ds, err) : aml_datastores_get_default(c, &ds, err);
  if (rc == AML_OK) rc = open_from_datastore(c, ds, path, out, err);
  aml_datastore_free(ds);
  return rc;
}

aml_result aml__data_target_open_datastore(aml_client *c, const char *datastore, aml__data_target **out,
                                           aml_error **err) {
  *out = NULL;
  return open_datastore_path(c, datastore, "", out, err);
}

static bool same(const char *a, const char *b) { return a && b && aml__strcasecmp(a, b) == 0; }

static aml_result open_url(aml_client *c, const aml_data_uri *u, const char *sas, aml__data_target **out,
                           aml_error **err) {
  aml_blob_container_config cfg;
  memset(&cfg, 0, sizeof(cfg));
  cfg.protocol = u->protocol;
  cfg.endpoint = u->endpoint;
  cfg.account = u->account;
  cfg.container = u->container;
  if (sas) {
    cfg.auth = AML_BLOB_AUTH_SAS;
    cfg.sas_token = sas;
  } else {
    cfg.auth = c->pipeline.credential ? AML_BLOB_AUTH_BEARER : AML_BLOB_AUTH_NONE;
  }
  aml__data_target *t = NULL;
  aml_result rc = target_new(c, NULL, u->path, &t, err);
  if (rc == AML_OK) rc = aml__blob_container_new(&c->pipeline, &cfg, &t->container, err);
  if (rc < 0) {
    aml__data_target_free(t);
    return rc;
  }
  *out = t;
  return AML_OK;
}

aml_result aml__data_target_open(aml_client *c, const char *uri, aml__data_target **out, aml_error **err) {
  *out = NULL;
  aml__arena a = {0};
  aml_data_uri u;
  const char *sas = NULL;
  aml_result rc = aml__data_uri_parse(uri, &a, &u, &sas, err);
  if (rc == AML_OK && u.kind == AML_DATA_URI_KIND_URL) {
    rc = open_url(c, &u, sas, out, err);
  } else if (rc == AML_OK) {
    if (u.workspace && !(same(u.subscription_id, c->subscription_id) && same(u.resource_group, c->resource_group) &&
                         same(u.workspace, c->workspace)))
      rc = aml__fail(err, AML_ERR_INVALID_ARG,
                     "the data path names workspace %.128s (resource group %.128s); this client works on %s in %s",
                     u.workspace, u.resource_group, c->workspace, c->resource_group);
    else
      rc = open_datastore_path(c, u.datastore, u.path, out, err);
  }
  aml__arena_clear(&a);
  return rc;
}

bool aml__data_is_local_path(const char *path) {
  if (aml__str_empty(path)) return false;
  if (aml__str_starts_with_ci(path, "azureml:")) return false;
  const char *sep = strstr(path, "://");
  if (!sep) return true;
  /* "<scheme>://": letters, digits, '+', '-', '.' before it, starting with a letter. */
  for (const char *p = path; p < sep; p++) {
    char ch = *p;
    bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
              (p > path && ((ch >= '0' && ch <= '9') || ch == '+' || ch == '-' || ch == '.'));
    if (!ok) return true;
  }
  return sep == path;
}
