/* aml_batch_endpoint: defaults, JSON both ways, enum spellings, read-only
 * fields, raw_json overlay, tags handling, parse errors, list pages. */
#include "test_json.h"
#include "test_support.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml/entity_batch_endpoint.h"

/* The value at a dot path of a JSON text, as a new reference (or NULL). */

static char *to_json(const aml_batch_endpoint *ep) {
  char *out = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_batch_endpoint_to_json(ep, &out, &err);
  if (rc != AML_OK) fail_msg("to_json: %d %s", rc, aml_error_message(err));
  assert_null(err);
  return out;
}

static void test_init_defaults(void **state) {
  (void)state;
  aml_batch_endpoint ep;
  memset(&ep, 0x5a, sizeof(ep));
  assert_int_equal(aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION), AML_OK);
  assert_int_equal(ep.version, AML_BATCH_ENDPOINT_VERSION);
  assert_string_equal(ep.auth_mode, AML_AUTH_MODE_AAD_TOKEN);
  assert_null(ep.name);
  assert_null(ep.description);
  assert_null(ep.tags);
  assert_int_equal(ep.tags_count, 0);
  assert_null(ep.properties);
  assert_null(ep.location);
  assert_null(ep.default_deployment_name);
  assert_null(ep.id);
  assert_null(ep.scoring_uri);
  assert_null(ep.raw_json);
  assert_int_equal(aml_batch_endpoint_init(NULL, AML_BATCH_ENDPOINT_VERSION), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_batch_endpoint_init(&ep, 99), AML_ERR_VERSION);
}

static void test_from_json_full(void **state) {
  (void)state;
  char *text = aml_test_fixture("batch_endpoint_full.json");
  aml_batch_endpoint *ep = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_batch_endpoint_from_json(text, &ep, &err), AML_OK);
  assert_null(err);
  assert_non_null(ep);
  assert_int_equal(ep->version, AML_BATCH_ENDPOINT_VERSION);
  assert_string_equal(ep->name, "nightly-scoring");
  assert_string_equal(ep->location, "eastus");
  assert_string_equal(ep->description, "Nightly scoring of loan applications");
  assert_int_equal(ep->tags_count, 2);
  assert_string_equal(ep->tags[0].key, "team");
  assert_string_equal(ep->tags[0].value, "risk");
  assert_string_equal(ep->tags[1].key, "cost-center");
  assert_string_equal(ep->tags[1].value, "42");
  assert_int_equal(ep->properties_count, 1);
  assert_string_equal(ep->properties[0].key, "owner");
  assert_string_equal(ep->properties[0].value, "ml-platform");
  assert_string_equal(ep->auth_mode, AML_AUTH_MODE_AAD_TOKEN); /* wire AADToken -> Python spelling */
  assert_string_equal(ep->default_deployment_name, "blue");
  assert_string_equal(ep->id,
                      "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-ml/providers/"
                      "Microsoft.MachineLearningServices/workspaces/ws-ml/batchEndpoints/nightly-scoring");
  assert_string_equal(ep->scoring_uri, "https://nightly-scoring.eastus.inference.ml.azure.com/jobs");
  assert_string_equal(ep->openapi_uri, "https://nightly-scoring.eastus.inference.ml.azure.com/swagger.json");
  assert_string_equal(ep->provisioning_state, "Succeeded");
  assert_string_equal(ep->raw_json, text); /* the original text, verbatim */
  assert_int_equal(aml_batch_endpoint_validate(ep, NULL), AML_OK);
  aml_batch_endpoint_free(ep);
  free(text);
}

/* GET -> from_json -> to_json keeps what the struct does not model (kind, sku,
 * identity, new properties) and drops read-only members and nulls. */
static void test_round_trip_keeps_unknown_drops_read_only(void **state) {
  (void)state;
  char *text = aml_test_fixture("batch_endpoint_full.json");
  aml_batch_endpoint *ep = NULL;
  assert_int_equal(aml_batch_endpoint_from_json(text, &ep, NULL), AML_OK);
  char *out = to_json(ep);
  aml_test_assert_json_eq_fixture(out, "batch_endpoint_full.put.json");
  aml_free(out);
  aml_batch_endpoint_free(ep);
  free(text);
}

static void test_minimal_nulls(void **state) {
  (void)state;
  char *text = aml_test_fixture("batch_endpoint_minimal.json");
  aml_batch_endpoint *ep = NULL;
  assert_int_equal(aml_batch_endpoint_from_json(text, &ep, NULL), AML_OK);
  assert_null(ep->tags); /* null tags: not set */
  assert_int_equal(ep->tags_count, 0);
  assert_null(ep->description);
  assert_null(ep->default_deployment_name);
  assert_null(ep->properties);
  assert_null(ep->scoring_uri);
  assert_string_equal(ep->auth_mode, "aad_token"); /* "aadToken" as azure-ai-ml 1.4.0 sent it */
  char *out = to_json(ep);
  aml_test_assert_json_eq(out, "{\"location\":\"westeurope\",\"tags\":{},\"properties\":{\"authMode\":\"AADToken\"}}");
  aml_free(out);
  aml_batch_endpoint_free(ep);
  free(text);
}

static void test_new_endpoint_body(void **state) {
  (void)state;
  aml_batch_endpoint ep;
  aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
  ep.name = "endpoint-example";
  ep.description = "A batch endpoint";
  char *out = to_json(&ep);
  /* tags {} even though none are set: Azure/azure-sdk-for-python#44114. */
  aml_test_assert_json_eq(out, "{\"tags\":{},\"properties\":{\"authMode\":\"AADToken\",\"description\":\"A batch endpoint\"}}");
  aml_free(out);

  aml_string_pair tags[] = {{"env", "dev"}};
  aml_string_pair props[] = {{"k", ""}};
  ep.tags = tags;
  ep.tags_count = 1;
  ep.properties = props;
  ep.properties_count = 1;
  ep.location = "westus2";
  ep.default_deployment_name = "blue";
  ep.auth_mode = AML_AUTH_MODE_KEY;
  out = to_json(&ep);
  aml_test_assert_json_eq(out,
                 "{\"location\":\"westus2\",\"tags\":{\"env\":\"dev\"},\"properties\":{\"authMode\":\"Key\","
                 "\"description\":\"A batch endpoint\",\"properties\":{\"k\":\"\"},"
                 "\"defaults\":{\"deploymentName\":\"blue\"}}}");
  /* PEERS §3 #47478: never the snake_case key. */
  assert_null(strstr(out, "deployment_name"));
  aml_free(out);
}

static void test_auth_mode_spellings(void **state) {
  (void)state;
  static const struct {
    const char *in, *wire;
  } cases[] = {
      {"aad_token", "AADToken"}, {"AADToken", "AADToken"},   {"aadToken", "AADToken"},
      {"AAD_TOKEN", "AADToken"}, {"aml_token", "AMLToken"},  {"AMLToken", "AMLToken"},
      {"amltoken", "AMLToken"},  {"key", "Key"},             {"KEY", "Key"},
      {"FutureMode", "FutureMode"}, /* unknown: sent unchanged */
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    aml_batch_endpoint ep;
    aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
    ep.auth_mode = cases[i].in;
    char *out = to_json(&ep);
    aml_test_assert_str_at(out, "properties.authMode", cases[i].wire);
    aml_free(out);
  }
  static const struct {
    const char *wire, *shown;
  } back[] = {{"AADToken", "aad_token"}, {"aadToken", "aad_token"}, {"AMLToken", "aml_token"},
              {"Key", "key"},            {"Certificate", "Certificate"}};
  for (size_t i = 0; i < sizeof(back) / sizeof(back[0]); i++) {
    char json[256];
    snprintf(json, sizeof(json), "{\"name\":\"ep1\",\"properties\":{\"authMode\":\"%s\"}}", back[i].wire);
    aml_batch_endpoint *ep = NULL;
    assert_int_equal(aml_batch_endpoint_from_json(json, &ep, NULL), AML_OK);
    assert_string_equal(ep->auth_mode, back[i].shown);
    char *out = to_json(ep);
    /* Unknown values go back exactly as the service sent them. */
    aml_test_assert_str_at(out, "properties.authMode", i == 4 ? "Certificate" : (i < 2 ? "AADToken" : back[i].wire));
    aml_free(out);
    aml_batch_endpoint_free(ep);
  }
}

static void test_read_only_ignored_on_input(void **state) {
  (void)state;
  aml_batch_endpoint ep;
  aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
  ep.name = "ep-ro";
  ep.id = "/subscriptions/x/bogus";
  ep.scoring_uri = "https://bogus/jobs";
  ep.openapi_uri = "https://bogus/swagger";
  ep.provisioning_state = "Succeeded";
  char *out = to_json(&ep);
  aml_test_assert_absent(out, "id");
  aml_test_assert_absent(out, "name");
  aml_test_assert_absent(out, "properties.scoringUri");
  aml_test_assert_absent(out, "properties.swaggerUri");
  aml_test_assert_absent(out, "properties.provisioningState");
  assert_null(strstr(out, "bogus"));
  aml_free(out);
}

static void test_tags_set_empty_unset(void **state) {
  (void)state;
  aml_batch_endpoint ep;
  aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
  aml_string_pair none[1] = {{"unused", "unused"}};
  char *out = NULL;

  /* PUT: unset and empty both send {} (never null). */
  out = to_json(&ep);
  json_t *tags = aml_test_json_at(out, "tags");
  assert_true(json_is_object(tags) && json_object_size(tags) == 0);
  json_decref(tags);
  aml_free(out);
  ep.tags = none;
  ep.tags_count = 0;
  out = to_json(&ep);
  tags = aml_test_json_at(out, "tags");
  assert_true(json_is_object(tags) && json_object_size(tags) == 0);
  json_decref(tags);
  aml_free(out);

  /* PATCH: unset sends nothing (tags kept); empty clears; set replaces. */
  ep.tags = NULL;
  assert_int_equal(aml__batch_endpoint_patch_body(&ep, &out, NULL), AML_OK);
  aml_test_assert_json_eq(out, "{}");
  aml_free(out);
  ep.tags = none;
  ep.tags_count = 0;
  assert_int_equal(aml__batch_endpoint_patch_body(&ep, &out, NULL), AML_OK);
  aml_test_assert_json_eq(out, "{\"tags\":{}}");
  aml_free(out);
  aml_string_pair two[] = {{"a", "1"}, {"b", "2"}};
  ep.tags = two;
  ep.tags_count = 2;
  ep.description = "not part of a PATCH";
  assert_int_equal(aml__batch_endpoint_patch_body(&ep, &out, NULL), AML_OK);
  aml_test_assert_json_eq(out, "{\"tags\":{\"a\":\"1\",\"b\":\"2\"}}");
  aml_free(out);
}

static void test_default_location(void **state) {
  (void)state;
  aml_batch_endpoint ep;
  aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
  char *out = NULL;
  assert_int_equal(aml__batch_endpoint_put_body(&ep, "westus3", &out, NULL), AML_OK);
  aml_test_assert_str_at(out, "location", "westus3");
  aml_free(out);
  ep.location = "uksouth";
  assert_int_equal(aml__batch_endpoint_put_body(&ep, "westus3", &out, NULL), AML_OK);
  aml_test_assert_str_at(out, "location", "uksouth");
  aml_free(out);
  /* An existing resource keeps its own location. */
  aml_batch_endpoint *got = NULL;
  char *text = aml_test_fixture("batch_endpoint_full.json");
  assert_int_equal(aml_batch_endpoint_from_json(text, &got, NULL), AML_OK);
  got->location = NULL; /* the caller cleared it: raw_json still has eastus */
  assert_int_equal(aml__batch_endpoint_put_body(got, "westus3", &out, NULL), AML_OK);
  aml_test_assert_str_at(out, "location", "eastus");
  aml_free(out);
  aml_batch_endpoint_free(got);
  free(text);
}

/* A returned struct modified with caller strings: the overlay wins, the rest of
 * raw_json stays, and freeing leaves the caller's strings alone. */
static void test_modify_returned_struct(void **state) {
  (void)state;
  char *text = aml_test_fixture("batch_endpoint_full.json");
  aml_batch_endpoint *ep = NULL;
  assert_int_equal(aml_batch_endpoint_from_json(text, &ep, NULL), AML_OK);
  char *mine = strdup("updated by caller");
  aml_string_pair tags[] = {{"only", "this"}};
  ep->description = mine;
  ep->tags = tags;
  ep->tags_count = 1;
  ep->default_deployment_name = "green";
  char *out = to_json(ep);
  aml_test_assert_str_at(out, "properties.description", "updated by caller");
  aml_test_assert_str_at(out, "properties.defaults.deploymentName", "green");
  aml_test_assert_str_at(out, "kind", "batch-tooling");
  json_t *t = aml_test_json_at(out, "tags");
  assert_int_equal(json_object_size(t), 1); /* maps are replaced, not merged */
  json_decref(t);
  json_t *fut = aml_test_json_at(out, "properties.futureSetting.level");
  assert_int_equal(json_integer_value(fut), 3);
  json_decref(fut);
  aml_free(out);
  aml_batch_endpoint_free(ep);
  assert_string_equal(mine, "updated by caller"); /* still ours, still valid */
  free(mine);
  free(text);
}

static void expect_parse_error(const char *json, const char *needle) {
  aml_batch_endpoint *ep = (aml_batch_endpoint *)(uintptr_t)1;
  aml_error *err = NULL;
  assert_int_equal(aml_batch_endpoint_from_json(json, &ep, &err), AML_ERR_PARSE);
  assert_null(ep);
  assert_non_null(err);
  assert_int_equal(aml_error_code(err), AML_ERR_PARSE);
  if (needle && !strstr(aml_error_message(err), needle))
    fail_msg("message \"%s\" does not name \"%s\"", aml_error_message(err), needle);
  aml_error_free(err);
}

static void test_parse_errors(void **state) {
  (void)state;
  aml_test_alloc_install();
  long live = aml_test_alloc_live();
  expect_parse_error("", "invalid JSON");
  expect_parse_error("{\"name\": ", "invalid JSON");
  expect_parse_error("[1,2]", "not an object");
  expect_parse_error("\"text\"", NULL);
  expect_parse_error("{\"name\": 3}", "name must be a string");
  expect_parse_error("{\"tags\": [\"a\"]}", "tags must be an object of strings");
  expect_parse_error("{\"tags\": {\"a\": 1}}", "tags[\"a\"] must be a string");
  expect_parse_error("{\"properties\": \"x\"}", "properties must be an object");
  expect_parse_error("{\"properties\": {\"authMode\": 5}}", "properties.authMode must be a string");
  expect_parse_error("{\"properties\": {\"defaults\": 7}}", "properties.defaults must be an object");
  expect_parse_error("{\"properties\": {\"defaults\": {\"deploymentName\": true}}}",
                     "properties.defaults.deploymentName");
  expect_parse_error("{\"properties\": {\"properties\": {\"k\": {}}}}", "properties.properties[\"k\"]");
  assert_int_equal(aml_test_alloc_live(), live); /* no leak on any error path */
  aml_test_alloc_uninstall();
}

static void test_null_and_version_arguments(void **state) {
  (void)state;
  aml_batch_endpoint ep;
  aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
  char *out = (char *)"untouched";
  aml_batch_endpoint *got = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_batch_endpoint_to_json(NULL, &out, NULL), AML_ERR_INVALID_ARG);
  assert_null(out);
  assert_int_equal(aml_batch_endpoint_to_json(&ep, NULL, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_batch_endpoint_from_json(NULL, &got, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_batch_endpoint_from_json("{}", NULL, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_batch_endpoint_clone(NULL, &got, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_batch_endpoint_validate(NULL, NULL), AML_ERR_INVALID_ARG);
  ep.version = 7;
  assert_int_equal(aml_batch_endpoint_to_json(&ep, &out, &err), AML_ERR_VERSION);
  assert_non_null(strstr(aml_error_message(err), "version"));
  aml_error_free(err);
  assert_int_equal(aml_batch_endpoint_validate(&ep, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_batch_endpoint_clone(&ep, &got, NULL), AML_ERR_VERSION);
  assert_null(got);
}

static void test_bad_raw_json(void **state) {
  (void)state;
  aml_batch_endpoint ep;
  aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
  char *out = NULL;
  aml_error *err = NULL;
  ep.raw_json = "{not json";
  assert_int_equal(aml_batch_endpoint_to_json(&ep, &out, &err), AML_ERR_PARSE);
  assert_non_null(strstr(aml_error_message(err), "raw_json"));
  assert_null(out);
  aml_error_free(err);
  err = NULL;
  ep.raw_json = "[]";
  assert_int_equal(aml_batch_endpoint_to_json(&ep, &out, &err), AML_ERR_PARSE);
  assert_non_null(strstr(aml_error_message(err), "raw_json"));
  aml_error_free(err);
}

static void test_clone(void **state) {
  (void)state;
  char *text = aml_test_fixture("batch_endpoint_full.json");
  aml_batch_endpoint *ep = NULL, *copy = NULL;
  assert_int_equal(aml_batch_endpoint_from_json(text, &ep, NULL), AML_OK);
  assert_int_equal(aml_batch_endpoint_clone(ep, &copy, NULL), AML_OK);
  assert_ptr_not_equal(copy, ep);
  assert_ptr_not_equal(copy->name, ep->name);
  assert_ptr_not_equal(copy->tags, ep->tags);
  char *a = to_json(ep);
  aml_batch_endpoint_free(ep); /* the copy does not depend on the original */
  char *b = to_json(copy);
  aml_test_assert_json_eq(a, b);
  assert_string_equal(copy->scoring_uri, "https://nightly-scoring.eastus.inference.ml.azure.com/jobs");
  assert_string_equal(copy->tags[1].value, "42");
  aml_free(a);
  aml_free(b);
  aml_batch_endpoint_free(copy);

  /* A caller-built struct clones into a library-owned one. */
  aml_batch_endpoint mine;
  aml_batch_endpoint_init(&mine, AML_BATCH_ENDPOINT_VERSION);
  char name[] = "temp-name";
  mine.name = name;
  aml_string_pair empty[1];
  mine.tags = empty; /* set, empty */
  assert_int_equal(aml_batch_endpoint_clone(&mine, &copy, NULL), AML_OK);
  name[0] = 'X';
  assert_string_equal(copy->name, "temp-name");
  assert_non_null(copy->tags);
  assert_int_equal(copy->tags_count, 0);
  assert_string_equal(copy->auth_mode, "aad_token");
  aml_batch_endpoint_free(copy);
  free(text);
}

static void test_list_page(void **state) {
  (void)state;
  char *text = aml_test_fixture("batch_endpoint_list.json");
  aml__arm_page page;
  assert_int_equal(aml__arm_page_parse(text, strlen(text), "batch endpoint", &page, NULL), AML_OK);
  assert_int_equal(page.count, 2);
  assert_non_null(page.next_link);
  assert_non_null(strstr(page.next_link, "$skip=2"));
  const char *names[] = {"first-ep", "second-ep"};
  const char *auth[] = {"aad_token", "key"};
  for (size_t i = 0; i < page.count; i++) {
    aml_batch_endpoint *ep = NULL;
    assert_int_equal(aml__batch_endpoint_from_json_value(aml__arm_page_item(&page, i), &ep, NULL), AML_OK);
    assert_string_equal(ep->name, names[i]);
    assert_string_equal(ep->auth_mode, auth[i]);
    assert_non_null(ep->raw_json);
    if (i == 0) {
      assert_non_null(ep->tags); /* {} is a set, empty map */
      assert_int_equal(ep->tags_count, 0);
    } else {
      assert_null(ep->tags);
    }
    aml_batch_endpoint_free(ep);
  }
  assert_null(aml__arm_page_item(&page, 2));
  aml__arm_page_free(&page);
  free(text);

  static const char *const bad[] = {"{}", "[]", "{\"value\": {}}", "{\"value\": [], \"nextLink\": 5}", "nope"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    aml_error *err = NULL;
    assert_int_equal(aml__arm_page_parse(bad[i], strlen(bad[i]), "batch endpoint", &page, &err), AML_ERR_PARSE);
    assert_null(page.root);
    aml_error_free(err);
  }
  /* An item of the wrong type is a parse error for that item only. */
  const char *mixed = "{\"value\": [3, {\"name\": \"ok-ep\"}]}";
  assert_int_equal(aml__arm_page_parse(mixed, strlen(mixed), "batch endpoint", &page, NULL), AML_OK);
  assert_null(page.next_link);
  aml_batch_endpoint *ep = NULL;
  assert_int_equal(aml__batch_endpoint_from_json_value(aml__arm_page_item(&page, 0), &ep, NULL), AML_ERR_PARSE);
  assert_int_equal(aml__batch_endpoint_from_json_value(aml__arm_page_item(&page, 1), &ep, NULL), AML_OK);
  assert_string_equal(ep->name, "ok-ep");
  aml_batch_endpoint_free(ep);
  aml__arm_page_free(&page);
}

/* Issue 8: an endpoint's managed identity is modelled: parsed with its
 * read-only ids, sent without them, cloned; version 1 structs still work. */
static void test_identity_modelled(void **state) {
  (void)state;
  aml_batch_endpoint *ep = NULL;
  assert_int_equal(aml_batch_endpoint_from_json("{\"name\":\"ep\",\"identity\":{\"type\":\"SystemAssigned\","
                                                "\"principalId\":\"p-9\",\"tenantId\":\"t-9\"},\"properties\":{}}",
                                                &ep, NULL),
                   AML_OK);
  assert_string_equal(ep->identity->type, AML_IDENTITY_TYPE_SYSTEM_ASSIGNED);
  assert_string_equal(ep->identity->principal_id, "p-9");
  assert_string_equal(ep->identity->tenant_id, "t-9");
  aml_batch_endpoint *c = NULL;
  assert_int_equal(aml_batch_endpoint_clone(ep, &c, NULL), AML_OK);
  assert_string_equal(c->identity->principal_id, "p-9");
  char *out = to_json(c);
  aml_test_assert_str_at(out, "identity.type", "SystemAssigned");
  aml_test_assert_absent(out, "identity.principalId");
  aml_free(out);
  aml_batch_endpoint_free(c);
  aml_batch_endpoint_free(ep);
  aml_batch_endpoint v1;
  memset(&v1, 0x5a, sizeof(v1));
  assert_int_equal(aml_batch_endpoint_init(&v1, 1), AML_OK);
  assert_int_equal(aml_batch_endpoint_init(&v1, 3), AML_ERR_VERSION);
  v1.name = "ep-v1";
  assert_int_equal(aml_batch_endpoint_validate(&v1, NULL), AML_OK);
  out = to_json(&v1);
  aml_test_assert_absent(out, "identity");
  aml_free(out);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_init_defaults),
      cmocka_unit_test(test_identity_modelled),
      cmocka_unit_test(test_from_json_full),
      cmocka_unit_test(test_round_trip_keeps_unknown_drops_read_only),
      cmocka_unit_test(test_minimal_nulls),
      cmocka_unit_test(test_new_endpoint_body),
      cmocka_unit_test(test_auth_mode_spellings),
      cmocka_unit_test(test_read_only_ignored_on_input),
      cmocka_unit_test(test_tags_set_empty_unset),
      cmocka_unit_test(test_default_location),
      cmocka_unit_test(test_modify_returned_struct),
      cmocka_unit_test(test_parse_errors),
      cmocka_unit_test(test_null_and_version_arguments),
      cmocka_unit_test(test_bad_raw_json),
      cmocka_unit_test(test_clone),
      cmocka_unit_test(test_list_page),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
