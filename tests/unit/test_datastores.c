/* Datastores over the fake transport: get, list (paged by nextLink), the
 * default one (isDefault=true), listSecrets (secrets wiped on free, never in
 * errors), parsing from the spec's example shapes, and argument checks. */
#include "test_support.h"
#include "test_json.h"

#include <string.h>

#define WS "https://management.example.test/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1"
#define AV "?api-version=2025-12-01"

static void q(aml_test_fake *f, int32_t status, const char *body) {
  assert_int_equal(aml_fake_transport_add_response(f->t, status, NULL, body, NULL), AML_OK);
}

static void test_get_parses_every_field(void **state) {
  aml_test_fake *f = *state;
  aml_test_queue_fixture(f->t, "datastore_blob.json");
  aml_datastore *d = NULL;
  aml_error *err = NULL;
  if (aml_datastores_get(f->c, "workspaceblobstore", &d, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), WS "/datastores/workspaceblobstore" AV);
  assert_string_equal(aml_http_request_method(aml_test_request(f->t, 0)), "GET");
  assert_int_equal(d->version, AML_DATASTORE_VERSION);
  assert_string_equal(d->name, "workspaceblobstore");
  assert_non_null(strstr(d->id, "/datastores/workspaceblobstore"));
  assert_string_equal(d->datastore_type, AML_DATASTORE_TYPE_AZURE_BLOB);
  assert_string_equal(d->account_name, "mlstorage01");
  assert_string_equal(d->container_name, "azureml-blobstore-0a1b");
  assert_string_equal(d->endpoint, "core.windows.net");
  assert_string_equal(d->protocol, "https");
  assert_int_equal(d->is_default, 1);
  assert_string_equal(d->credentials_type, AML_DATASTORE_CREDENTIALS_ACCOUNT_KEY);
  assert_string_equal(d->service_data_access_auth_identity, "None");
  assert_string_equal(d->description, "The workspace's default blob store");
  assert_int_equal(d->tags_count, 1);
  assert_string_equal(d->tags[0].key, "team");
  assert_string_equal(d->tags[0].value, "scoring");
  assert_non_null(strstr(d->raw_json, "azureml-blobstore-0a1b"));
  aml_datastore_free(d);
}

static void test_get_errors(void **state) {
  aml_test_fake *f = *state;
  q(f, 404, "{\"error\":{\"code\":\"UserError\",\"message\":\"Datastore nope not found\"}}");
  aml_datastore *d = (aml_datastore *)1;
  aml_error *err = NULL;
  assert_int_equal(aml_datastores_get(f->c, "nope", &d, &err), AML_ERR_NOT_FOUND);
  assert_null(d);
  assert_string_equal(aml_error_service_message(err), "Datastore nope not found");
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_datastores_get(f->c, "", &d, &err), AML_ERR_INVALID_ARG);
  assert_non_null(strstr(aml_error_message(err), "name"));
  aml_error_free(err);
  assert_int_equal(aml_datastores_get(NULL, "x", &d, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_datastores_get(f->c, "x", NULL, NULL), AML_ERR_INVALID_ARG);
  /* Not a datastore: a member of the wrong type. */
  q(f, 200, "{\"name\":\"x\",\"properties\":{\"isDefault\":\"yes\"}}");
  err = NULL;
  assert_int_equal(aml_datastores_get(f->c, "x", &d, &err), AML_ERR_PARSE);
  assert_non_null(strstr(aml_error_message(err), "isDefault"));
  aml_error_free(err);
  assert_int_equal(aml_fake_transport_request_count(f->t), 2);
}

static void test_list_follows_next_link(void **state) {
  aml_test_fake *f = *state;
  aml_test_queue_fixture(f->t, "datastore_list.json");
  q(f, 200, "{\"value\":[{\"name\":\"third\",\"properties\":{\"datastoreType\":\"AzureFile\",\"credentials\":{\"credentialsType\":\"None\"}}}]}");
  aml_pager *it = NULL;
  assert_int_equal(aml_datastores_list(f->c, &it, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(f->t), 0); /* lazy */
  const char *names[3] = {"workspaceblobstore", "lake", "third"};
  aml_datastore *d = NULL;
  int n = 0;
  aml_result rc;
  while ((rc = aml_pager_next_datastore(it, &d, NULL)) == AML_OK) {
    assert_true(n < 3);
    assert_string_equal(d->name, names[n]);
    if (n == 1) {
      assert_string_equal(d->datastore_type, AML_DATASTORE_TYPE_AZURE_DATA_LAKE_GEN2);
      assert_int_equal(d->is_default, 0);
      assert_string_equal(d->credentials_type, AML_DATASTORE_CREDENTIALS_SERVICE_PRINCIPAL);
      assert_null(d->container_name);
    }
    n++;
    aml_datastore_free(d);
  }
  assert_int_equal(rc, AML_ITER_END);
  assert_null(d);
  assert_int_equal(n, 3);
  assert_int_equal(aml_pager_pages_fetched(it), 2);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), WS "/datastores" AV);
  assert_non_null(strstr(aml_http_request_url(aml_test_request(f->t, 1)), "$skipToken=page2"));
  aml_pager_free(it);
  /* A pager of another list is refused. */
  assert_int_equal(aml_jobs_list(f->c, &it, NULL), AML_OK);
  assert_int_equal(aml_pager_next_datastore(it, &d, NULL), AML_ERR_INVALID_ARG);
  aml_pager_free(it);
  assert_int_equal(aml_datastores_list(NULL, &it, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_pager_next_datastore(NULL, &d, NULL), AML_ERR_INVALID_ARG);
}

static void test_get_default(void **state) {
  aml_test_fake *f = *state;
  aml_test_queue_fixture(f->t, "datastore_list.json");
  aml_datastore *d = NULL;
  assert_int_equal(aml_datastores_get_default(f->c, &d, NULL), AML_OK);
  assert_string_equal(d->name, "workspaceblobstore");
  aml_datastore_free(d);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), WS "/datastores" AV "&isDefault=true");
  assert_int_equal(aml_fake_transport_request_count(f->t), 1); /* the first item only: no second page */
  q(f, 200, "{\"value\":[]}");
  aml_error *err = NULL;
  assert_int_equal(aml_datastores_get_default(f->c, &d, &err), AML_ERR_NOT_FOUND);
  assert_null(d);
  assert_non_null(strstr(aml_error_message(err), "no default datastore"));
  aml_error_free(err);
  q(f, 200, "{\"items\":[]}");
  assert_int_equal(aml_datastores_get_default(f->c, &d, NULL), AML_ERR_PARSE);
  assert_int_equal(aml_datastores_get_default(f->c, NULL, NULL), AML_ERR_INVALID_ARG);
}

static void test_list_secrets(void **state) {
  aml_test_fake *f = *state;
  aml_test_queue_fixture(f->t, "datastore_secrets_key.json");
  aml_datastore_secrets *s = NULL;
  aml_error *err = NULL;
  if (aml_datastores_list_secrets(f->c, "workspaceblobstore", &s, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  const aml_http_request *req = aml_test_request(f->t, 0);
  assert_string_equal(aml_http_request_method(req), "POST");
  assert_string_equal(aml_http_request_url(req), WS "/datastores/workspaceblobstore/listSecrets" AV);
  assert_int_equal(s->version, AML_DATASTORE_SECRETS_VERSION);
  assert_string_equal(s->secrets_type, "AccountKey");
  assert_string_equal(s->key, "c2VjcmV0LWFjY291bnQta2V5LWZvci10ZXN0cw==");
  assert_null(s->sas_token);
  aml_datastore_secrets_free(s);

  q(f, 200, "{\"secretsType\":\"Sas\",\"sasToken\":\"sv=2025-11-05&sig=abc\"}");
  assert_int_equal(aml_datastores_list_secrets(f->c, "sasstore", &s, NULL), AML_OK);
  assert_string_equal(s->sas_token, "sv=2025-11-05&sig=abc");
  assert_null(s->key);
  aml_datastore_secrets_free(s);
  q(f, 200, "{\"secretsType\":\"ServicePrincipal\",\"clientSecret\":\"cs\"}");
  assert_int_equal(aml_datastores_list_secrets(f->c, "sp", &s, NULL), AML_OK);
  assert_string_equal(s->client_secret, "cs");
  aml_datastore_secrets_free(s);
  q(f, 200, "{\"secretsType\":\"Certificate\",\"certificate\":\"MIIC\"}");
  assert_int_equal(aml_datastores_list_secrets(f->c, "cert", &s, NULL), AML_OK);
  assert_string_equal(s->certificate, "MIIC");
  aml_datastore_secrets_free(s);

  /* Malformed answers: the error never quotes the body (it may hold a secret). */
  q(f, 200, "{\"secretsType\":\"AccountKey\",\"key\":\"TOPSECRET\" garbage");
  err = NULL;
  assert_int_equal(aml_datastores_list_secrets(f->c, "x", &s, &err), AML_ERR_PARSE);
  assert_null(s);
  assert_null(strstr(aml_error_message(err), "TOPSECRET"));
  assert_null(strstr(aml_error_message(err), "garbage"));
  aml_error_free(err);
  q(f, 200, "{\"key\":\"TOPSECRET\"}");
  err = NULL;
  assert_int_equal(aml_datastores_list_secrets(f->c, "x", &s, &err), AML_ERR_PARSE);
  assert_non_null(strstr(aml_error_message(err), "secretsType"));
  assert_null(strstr(aml_error_message(err), "TOPSECRET"));
  aml_error_free(err);
  q(f, 200, "[1]");
  assert_int_equal(aml_datastores_list_secrets(f->c, "x", &s, NULL), AML_ERR_PARSE);
  q(f, 403, "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"no listSecrets permission\"}}");
  assert_int_equal(aml_datastores_list_secrets(f->c, "x", &s, NULL), AML_ERR_FORBIDDEN);
  assert_int_equal(aml_datastores_list_secrets(f->c, NULL, &s, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_datastores_list_secrets(f->c, "x", NULL, NULL), AML_ERR_INVALID_ARG);
  /* Freeing what the library did not return is ignored. */
  aml_datastore_secrets stack;
  memset(&stack, 0, sizeof(stack));
  aml_datastore_secrets_free(&stack);
  aml_datastore_secrets_free(NULL);
  aml_datastore d2;
  memset(&d2, 0, sizeof(d2));
  aml_datastore_free(&d2);
  aml_datastore_free(NULL);
}

static void test_from_json(void **state) {
  (void)state;
  char *text = aml_test_fixture("datastore_blob.json");
  aml_datastore *d = NULL;
  assert_int_equal(aml_datastore_from_json(text, &d, NULL), AML_OK);
  assert_string_equal(d->container_name, "azureml-blobstore-0a1b");
  aml_datastore_free(d);
  free(text);
  assert_int_equal(aml_datastore_from_json("[]", &d, NULL), AML_ERR_PARSE);
  assert_int_equal(aml_datastore_from_json("{", &d, NULL), AML_ERR_PARSE);
  assert_int_equal(aml_datastore_from_json(NULL, &d, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_datastore_from_json("{}", NULL, NULL), AML_ERR_INVALID_ARG);
  /* Minimal: nothing but a name; unset is unset. */
  assert_int_equal(aml_datastore_from_json("{\"name\":\"n\"}", &d, NULL), AML_OK);
  assert_int_equal(d->is_default, 0);
  assert_null(d->credentials_type);
  assert_null(d->tags);
  aml_datastore_free(d);
}

/* Every allocation of get + listSecrets may fail: no crash, no leak, and the
 * failure is reported as AML_ERR_NOMEM. Everything is made and freed under
 * the counting allocator. */
static aml_result secrets_scenario(long fail_at) {
  aml_transport *t = NULL;
  aml_client *c = NULL;
  aml_datastore *d = NULL;
  aml_datastore_secrets *s = NULL;
  aml_error *err = NULL;
  char *blob = aml_test_fixture("datastore_blob.json");
  aml_result rc = aml_fake_transport_new(&t, &err);
  if (rc == AML_OK) rc = aml_fake_transport_add_response(t, 200, NULL, blob, &err);
  free(blob);
  if (rc == AML_OK) rc = aml_fake_transport_add_response(t, 200, NULL, "{\"secretsType\":\"Sas\",\"sasToken\":\"sv=1&sig=2\"}", &err);
  if (rc == AML_OK) rc = aml_test_sweep_client(t, &c, &err);
  if (rc == AML_OK) rc = aml_datastores_get(c, "workspaceblobstore", &d, &err);
  if (rc == AML_OK) rc = aml_datastores_list_secrets(c, d->name, &s, &err);
  if (rc == AML_OK) assert_string_equal(s->sas_token, "sv=1&sig=2");
  else if (rc != AML_ERR_NOMEM) fail_msg("fail_at=%ld: %s (%s)", fail_at, aml_result_str(rc), aml_error_message(err));
  aml_datastore_free(d);
  aml_datastore_secrets_free(s);
  aml_error_free(err);
  aml_client_unref(c);
  aml_transport_unref(t);
  return rc;
}

static void test_alloc_failures(void **state) {
  (void)state;
  aml_test_alloc_sweep(secrets_scenario, 20, "datastores alloc sweep");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_get_parses_every_field, aml_test_fake_setup, aml_test_fake_teardown),
      cmocka_unit_test_setup_teardown(test_get_errors, aml_test_fake_setup, aml_test_fake_teardown),
      cmocka_unit_test_setup_teardown(test_list_follows_next_link, aml_test_fake_setup, aml_test_fake_teardown),
      cmocka_unit_test_setup_teardown(test_get_default, aml_test_fake_setup, aml_test_fake_teardown),
      cmocka_unit_test_setup_teardown(test_list_secrets, aml_test_fake_setup, aml_test_fake_teardown),
      cmocka_unit_test(test_from_json),
      cmocka_unit_test(test_alloc_failures),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
