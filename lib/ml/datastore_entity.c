/* aml_datastore (read-only view of an ARM DatastoreResource) and
 * aml_datastore_secrets (a listSecrets answer, wiped on free). */
#include "ml/datastore_entity.h"

#include "core/error.h"
#include "core/json.h"

#include <stddef.h>
#include <string.h>

#define TRY(x)               \
  do {                       \
    aml_result rc_ = (x);    \
    if (rc_ < 0) return rc_; \
  } while (0)

static void datastore_defaults(void *obj) {
  aml_datastore *d = obj;
  memset(d, 0, sizeof(*d));
  d->version = AML_DATASTORE_VERSION;
}

static aml_result datastore_parse(aml__jr *r, json_t *root, void *obj) {
  aml_datastore *d = obj;
  json_t *props;
  int32_t is_default = AML_UNSET;
  TRY(aml__jr_str(r, root, "id", &d->id));
  TRY(aml__jr_str(r, root, "name", &d->name));
  TRY(aml__jr_object(r, root, "properties", &props));
  TRY(aml__jr_str(r, root, "properties.datastoreType", &d->datastore_type));
  TRY(aml__jr_str(r, root, "properties.accountName", &d->account_name));
  TRY(aml__jr_str(r, root, "properties.containerName", &d->container_name));
  TRY(aml__jr_str(r, root, "properties.endpoint", &d->endpoint));
  TRY(aml__jr_str(r, root, "properties.protocol", &d->protocol));
  TRY(aml__jr_bool(r, root, "properties.isDefault", &is_default));
  d->is_default = is_default == 1;
  TRY(aml__jr_str(r, root, "properties.credentials.credentialsType", &d->credentials_type));
  TRY(aml__jr_str(r, root, "properties.serviceDataAccessAuthIdentity", &d->service_data_access_auth_identity));
  TRY(aml__jr_str(r, root, "properties.description", &d->description));
  TRY(aml__jr_map(r, root, "properties.tags", &d->tags, &d->tags_count));
  return AML_OK;
}

/* raw_json is wiped on free too: a datastore body should never carry a
 * secret, but one sent by a misbehaving server must not linger in memory. */
static const aml__entity_desc DATASTORE_DESC = {AML__KIND_DATASTORE, sizeof(aml_datastore), "datastore",
                                                offsetof(aml_datastore, raw_json), 1, datastore_defaults,
                                                datastore_parse};

aml_result aml__datastore_from_json_value(json_t *item, aml_datastore **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "datastore: NULL argument");
  return aml__entity_from_value(&DATASTORE_DESC, item, NULL, (void **)out, err);
}

aml_result aml_datastore_from_json(const char *json, aml_datastore **out, aml_error **err) {
  if (out) *out = NULL;
  if (!json || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_datastore_from_json: NULL argument");
  return aml__entity_from_text(&DATASTORE_DESC, json, (void **)out, err);
}

void aml_datastore_free(aml_datastore *datastore) { aml__owned_free(datastore, AML__KIND_DATASTORE); }

/* ---- secrets ------------------------------------------------------------ */

static aml_result secrets_parse(aml__jr *r, json_t *root, aml_datastore_secrets *s) {
  TRY(aml__jr_str(r, root, "secretsType", &s->secrets_type));
  TRY(aml__jr_str_secret(r, root, "key", &s->key));
  TRY(aml__jr_str_secret(r, root, "sasToken", &s->sas_token));
  TRY(aml__jr_str_secret(r, root, "clientSecret", &s->client_secret));
  TRY(aml__jr_str_secret(r, root, "certificate", &s->certificate));
  if (!s->secrets_type)
    return aml__fail(r->err, AML_ERR_PARSE, "datastore secrets: secretsType is missing");
  return AML_OK;
}

aml_result aml__datastore_secrets_from_json_value(json_t *root, aml_datastore_secrets **out, aml_error **err) {
  *out = NULL;
  if (!json_is_object(root)) return aml__fail(err, AML_ERR_PARSE, "datastore secrets JSON is not an object");
  aml_datastore_secrets *s = aml__owned_new(AML__KIND_DATASTORE_SECRETS, sizeof(*s));
  if (!s) return aml__fail(err, AML_ERR_NOMEM, "out of memory reading datastore secrets");
  s->version = AML_DATASTORE_SECRETS_VERSION;
  aml__jr r = {aml__owned_arena(s), err, "datastore secrets"};
  aml_result rc = secrets_parse(&r, root, s);
  if (rc < 0) {
    aml_datastore_secrets_free(s);
    return rc;
  }
  *out = s;
  return AML_OK;
}

void aml_datastore_secrets_free(aml_datastore_secrets *secrets) {
  aml__owned_free(secrets, AML__KIND_DATASTORE_SECRETS);
}
