/* Data assets over the fake transport: the entity both ways, validation,
 * create or update (PUT), get by version and by "latest" ($orderBy=createdtime
 * desc, $top=1), list versions (paged), and resolving azureml:<name>:<v> /
 * azureml:<name>@latest references to ARM ids. */
#include "test_support.h"
#include "test_json.h"

#include <jansson.h>
#include <string.h>

#define WS_PATH "/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1"
#define WS "https://management.example.test" WS_PATH
#define AV "?api-version=2025-12-01"
#define LATEST_Q "&%24orderBy=createdtime%20desc&%24top=1"

static void q(aml_test_fake *f, int32_t status, const char *body) {
  assert_int_equal(aml_fake_transport_add_response(f->t, status, NULL, body, NULL), AML_OK);
}

static void test_entity_both_ways(void **state) {
  (void)state;
  char *text = aml_test_fixture("data_version.json");
  aml_data_asset *d = NULL;
  assert_int_equal(aml_data_asset_from_json(text, &d, NULL), AML_OK);
  free(text);
  assert_string_equal(d->name, "heart-data");
  assert_string_equal(d->asset_version, "3");
  assert_string_equal(d->type, AML_DATA_TYPE_URI_FOLDER);
  assert_string_equal(d->path, "azureml://datastores/workspaceblobstore/paths/heart/");
  assert_string_equal(d->data_uri, d->path);
  assert_string_equal(d->description, "Heart disease inputs");
  assert_int_equal(d->tags_count, 1);
  assert_int_equal(d->properties_count, 1);
  assert_string_equal(d->created_at, "2026-11-20T08:00:00Z");
  assert_non_null(strstr(d->id, "/data/heart-data/versions/3"));
  /* Back to a PUT body: read-only members gone, everything else kept. */
  char *body = NULL;
  assert_int_equal(aml_data_asset_to_json(d, &body, NULL), AML_OK);
  aml_test_assert_str_at(body, "properties.dataType", "uri_folder");
  aml_test_assert_str_at(body, "properties.dataUri", "azureml://datastores/workspaceblobstore/paths/heart/");
  aml_test_assert_str_at(body, "properties.tags.source", "uci");
  aml_test_assert_absent(body, "id");
  aml_test_assert_absent(body, "systemData");
  aml_free(body);
  aml_data_asset *c = NULL;
  assert_int_equal(aml_data_asset_clone(d, &c, NULL), AML_OK);
  assert_string_equal(c->name, "heart-data");
  assert_string_equal(c->created_at, d->created_at);
  assert_ptr_not_equal(c->name, d->name);
  aml_data_asset_free(d);
  aml_data_asset_free(c);

  /* A caller-built one: only set fields are sent. */
  aml_data_asset a;
  assert_int_equal(aml_data_asset_init(&a, AML_DATA_ASSET_VERSION), AML_OK);
  assert_string_equal(a.type, AML_DATA_TYPE_URI_FOLDER);
  a.name = "n";
  a.asset_version = "1";
  a.type = AML_DATA_TYPE_URI_FILE;
  a.path = "https://acct.blob.core.windows.net/c/f.csv";
  assert_int_equal(aml_data_asset_to_json(&a, &body, NULL), AML_OK);
  aml_test_assert_json_eq(body, "{\"properties\":{\"dataType\":\"uri_file\",\"dataUri\":\"https://acct.blob.core.windows.net/c/f.csv\"}}");
  aml_free(body);
  assert_int_equal(aml_data_asset_init(NULL, AML_DATA_ASSET_VERSION), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_data_asset_init(&a, 99), AML_ERR_VERSION);
  assert_int_equal(aml_data_asset_from_json("[]", &d, NULL), AML_ERR_PARSE);
  assert_int_equal(aml_data_asset_from_json("{\"properties\":{\"dataUri\":7}}", &d, NULL), AML_ERR_PARSE);
  assert_int_equal(aml_data_asset_from_json(NULL, &d, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_data_asset_clone(NULL, &c, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_data_asset_to_json(&a, NULL, NULL), AML_ERR_INVALID_ARG);
  a.raw_json = "[1]";
  assert_int_equal(aml_data_asset_to_json(&a, &body, NULL), AML_ERR_PARSE);
  aml_data_asset_free(&a); /* not the library's: ignored */
}

static void expect_invalid(const aml_data_asset *a, const char *needle) {
  aml_error *err = NULL;
  assert_int_equal(aml_data_asset_validate(a, &err), AML_ERR_VALIDATION);
  if (!strstr(aml_error_message(err), needle)) fail_msg("\"%s\" not in: %s", needle, aml_error_message(err));
  aml_error_free(err);
}

static void test_validation(void **state) {
  aml_test_fake *f = *state;
  aml_data_asset a;
  aml_data_asset_init(&a, AML_DATA_ASSET_VERSION);
  expect_invalid(&a, "name");
  a.name = "bad name";
  expect_invalid(&a, "letters, digits");
  a.name = "-lead";
  expect_invalid(&a, "starting with");
  a.name = "heart_data-2";
  expect_invalid(&a, "asset_version");
  a.asset_version = "1";
  expect_invalid(&a, "path");
  a.path = "azureml://datastores/d/paths/p";
  a.type = NULL;
  expect_invalid(&a, "type");
  a.type = "uri_folder";
  aml_string_pair bad = {"", "v"};
  a.tags = &bad;
  a.tags_count = 1;
  expect_invalid(&a, "tags");
  a.tags = NULL;
  assert_int_equal(aml_data_asset_validate(&a, NULL), AML_OK);
  a.version = 7;
  assert_int_equal(aml_data_asset_validate(&a, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_data_asset_validate(NULL, NULL), AML_ERR_INVALID_ARG);
  /* create_or_update validates before sending anything. */
  a.version = AML_DATA_ASSET_VERSION;
  a.name = "bad name";
  assert_int_equal(aml_data_assets_create_or_update(f->c, &a, NULL, NULL, NULL), AML_ERR_VALIDATION);
  assert_int_equal(aml_data_assets_create_or_update(f->c, NULL, NULL, NULL, NULL), AML_ERR_INVALID_ARG);
  /* A local path that does not exist: nothing is sent either. */
  a.name = "n";
  a.path = "/definitely/not/here";
  aml_error *err = NULL;
  assert_int_equal(aml_data_assets_create_or_update(f->c, &a, NULL, NULL, &err), AML_ERR_NOT_FOUND);
  assert_non_null(strstr(aml_error_message(err), "/definitely/not/here"));
  aml_error_free(err);
  assert_int_equal(aml_fake_transport_request_count(f->t), 0);
}

static void test_create_or_update(void **state) {
  aml_test_fake *f = *state;
  aml_test_queue_fixture(f->t, "data_version.json");
  aml_data_asset a;
  aml_data_asset_init(&a, AML_DATA_ASSET_VERSION);
  a.name = "heart-data";
  a.asset_version = "3";
  a.path = "azureml://datastores/workspaceblobstore/paths/heart/";
  a.description = "Heart disease inputs";
  aml_string_pair tags[] = {{"source", "uci"}};
  a.tags = tags;
  a.tags_count = 1;
  aml_data_asset *out = NULL;
  aml_error *err = NULL;
  if (aml_data_assets_create_or_update(f->c, &a, NULL, &out, &err) != AML_OK) fail_msg("%s", aml_error_message(err));
  const aml_http_request *req = aml_test_request(f->t, 0);
  assert_string_equal(aml_http_request_method(req), "PUT");
  assert_string_equal(aml_http_request_url(req), WS "/data/heart-data/versions/3" AV);
  char *body = aml_test_request_body(req);
  aml_test_assert_json_eq(body, "{\"properties\":{\"dataType\":\"uri_folder\",\"dataUri\":"
                                "\"azureml://datastores/workspaceblobstore/paths/heart/\",\"description\":"
                                "\"Heart disease inputs\",\"tags\":{\"source\":\"uci\"}}}");
  free(body);
  assert_string_equal(out->asset_version, "3");
  assert_string_equal(out->created_at, "2026-11-20T08:00:00Z");
  aml_data_asset_free(out);
  /* out may be NULL; the service's refusal comes back. */
  q(f, 200, "{}");
  assert_int_equal(aml_data_assets_create_or_update(f->c, &a, NULL, NULL, NULL), AML_OK);
  q(f, 409, "{\"error\":{\"code\":\"Conflict\",\"message\":\"dataUri cannot change\"}}");
  err = NULL;
  assert_int_equal(aml_data_assets_create_or_update(f->c, &a, NULL, &out, &err), AML_ERR_CONFLICT);
  assert_null(out);
  assert_string_equal(aml_error_service_message(err), "dataUri cannot change");
  aml_error_free(err);
  q(f, 200, "not json");
  assert_int_equal(aml_data_assets_create_or_update(f->c, &a, NULL, &out, NULL), AML_ERR_PARSE);
  assert_null(out);
}

static void test_get_and_latest(void **state) {
  aml_test_fake *f = *state;
  aml_test_queue_fixture(f->t, "data_version.json");
  aml_data_asset *d = NULL;
  assert_int_equal(aml_data_assets_get(f->c, "heart-data", "3", &d, NULL), AML_OK);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), WS "/data/heart-data/versions/3" AV);
  aml_data_asset_free(d);
  char *item = aml_test_fixture("data_version.json");
  char page[4096];
  snprintf(page, sizeof(page), "{\"value\":[%s],\"nextLink\":\"" WS "/data/heart-data/versions?page=2\"}", item);
  free(item);
  const char *labels[] = {"@latest", "latest", "LATEST"};
  for (int i = 0; i < 3; i++) {
    aml_fake_transport_reset(f->t);
    q(f, 200, page);
    assert_int_equal(aml_data_assets_get(f->c, "heart-data", labels[i], &d, NULL), AML_OK);
    assert_string_equal(d->asset_version, "3");
    aml_data_asset_free(d);
    assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), WS "/data/heart-data/versions" AV LATEST_Q);
    assert_int_equal(aml_fake_transport_request_count(f->t), 1); /* first item only */
  }
  q(f, 200, "{\"value\":[]}");
  aml_error *err = NULL;
  assert_int_equal(aml_data_assets_get_latest(f->c, "empty", &d, &err), AML_ERR_NOT_FOUND);
  assert_null(d);
  assert_non_null(strstr(aml_error_message(err), "no version"));
  aml_error_free(err);
  q(f, 404, "{\"error\":{\"code\":\"UserError\",\"message\":\"not found\"}}");
  assert_int_equal(aml_data_assets_get(f->c, "x", "9", &d, NULL), AML_ERR_NOT_FOUND);
  assert_int_equal(aml_data_assets_get(f->c, "x", "", &d, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_data_assets_get(f->c, NULL, "1", &d, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_data_assets_get(f->c, "x", "1", NULL, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_data_assets_get_latest(f->c, "", &d, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_data_assets_get_latest(NULL, "x", &d, NULL), AML_ERR_INVALID_ARG);
}

static void test_list_versions(void **state) {
  aml_test_fake *f = *state;
  q(f, 200, "{\"value\":[{\"id\":\"" WS_PATH "/data/d/versions/2\",\"name\":\"2\",\"properties\":{\"dataType\":\"uri_file\",\"dataUri\":\"https://a.blob.core.windows.net/c/2.csv\"}}],"
            "\"nextLink\":\"" WS "/data/d/versions?api-version=2025-12-01&$skip=1\"}");
  q(f, 200, "{\"value\":[{\"id\":\"" WS_PATH "/data/d/versions/1\",\"name\":\"1\",\"properties\":{\"dataType\":\"uri_file\",\"dataUri\":\"https://a.blob.core.windows.net/c/1.csv\"}}]}");
  aml_pager *it = NULL;
  assert_int_equal(aml_data_assets_list_versions(f->c, "d", &it, NULL), AML_OK);
  aml_data_asset *d = NULL;
  const char *want[] = {"2", "1"};
  int n = 0;
  while (aml_pager_next_data_asset(it, &d, NULL) == AML_OK) {
    assert_string_equal(d->asset_version, want[n]);
    assert_string_equal(d->name, "d");
    n++;
    aml_data_asset_free(d);
  }
  assert_int_equal(n, 2);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), WS "/data/d/versions" AV "&%24orderBy=createdtime%20desc");
  aml_pager_free(it);
  assert_int_equal(aml_data_assets_list_versions(f->c, "", &it, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_datastores_list(f->c, &it, NULL), AML_OK);
  assert_int_equal(aml_pager_next_data_asset(it, &d, NULL), AML_ERR_INVALID_ARG);
  aml_pager_free(it);
}

static void test_resolve(void **state) {
  aml_test_fake *f = *state;
  char *id = NULL;
  assert_int_equal(aml_data_assets_resolve(f->c, "azureml:heart-data:3", &id, NULL), AML_OK);
  assert_string_equal(id, WS_PATH "/data/heart-data/versions/3");
  aml_free(id);
  assert_int_equal(aml_fake_transport_request_count(f->t), 0); /* built locally */
  assert_int_equal(aml_data_assets_resolve(f->c, "azureml:" WS_PATH "/data/x/versions/1", &id, NULL), AML_OK);
  assert_string_equal(id, WS_PATH "/data/x/versions/1");
  aml_free(id);
  assert_int_equal(aml_data_assets_resolve(f->c, WS_PATH "/data/x/versions/1", &id, NULL), AML_OK);
  aml_free(id);
  char *item = aml_test_fixture("data_version.json");
  char page[4096];
  snprintf(page, sizeof(page), "{\"value\":[%s]}", item);
  free(item);
  q(f, 200, page);
  assert_int_equal(aml_data_assets_resolve(f->c, "azureml:heart-data@latest", &id, NULL), AML_OK);
  assert_string_equal(id, WS_PATH "/data/heart-data/versions/3");
  aml_free(id);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), WS "/data/heart-data/versions" AV LATEST_Q);
  q(f, 200, "{\"value\":[]}");
  assert_int_equal(aml_data_assets_resolve(f->c, "azureml:none@latest", &id, NULL), AML_ERR_NOT_FOUND);
  const char *bad[] = {"heart-data:3", "azureml:heart-data", "azureml::3", "azureml:x:", "azureml:x@", "azureml:x@stable",
                       "azureml://datastores/d/paths/p", "azureml:a:1@latest", "azureml:a/b:1"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
    aml_error *err = NULL;
    assert_int_equal(aml_data_assets_resolve(f->c, bad[i], &id, &err), AML_ERR_INVALID_ARG);
    assert_null(id);
    aml_error_free(err);
  }
  assert_int_equal(aml_data_assets_resolve(f->c, NULL, &id, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_data_assets_resolve(f->c, "azureml:a:1", NULL, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_fake_transport_request_count(f->t), 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_entity_both_ways),
      cmocka_unit_test_setup_teardown(test_validation, aml_test_fake_setup, aml_test_fake_teardown),
      cmocka_unit_test_setup_teardown(test_create_or_update, aml_test_fake_setup, aml_test_fake_teardown),
      cmocka_unit_test_setup_teardown(test_get_and_latest, aml_test_fake_setup, aml_test_fake_teardown),
      cmocka_unit_test_setup_teardown(test_list_versions, aml_test_fake_setup, aml_test_fake_teardown),
      cmocka_unit_test_setup_teardown(test_resolve, aml_test_fake_setup, aml_test_fake_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
