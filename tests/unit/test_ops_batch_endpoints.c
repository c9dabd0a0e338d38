/* Batch endpoint operations over the fake transport: what goes on the wire
 * (method, URL, body), validation that sends nothing, the workspace location
 * default, paging, typed poller results, list_keys and the default deployment. */
#include "test_support.h"

#include "core/json.h"

#include <string.h>

#define WS "https://management.example.test/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1"
#define AV "?api-version=2025-12-01"
#define OPURL "https://management.example.test/subscriptions/sub-1/providers/Microsoft.MachineLearningServices/locations/eastus/mfeOperationsStatus/x"

static const char *path_str(json_t *j, const char *path) { return aml__json_path_str(j, path); }

#define EP_BODY(name, state) \
  "{\"id\":\"/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.MachineLearningServices/workspaces/ws-1/batchEndpoints/" name "\"," \
  "\"name\":\"" name "\",\"type\":\"Microsoft.MachineLearningServices/workspaces/batchEndpoints\",\"location\":\"eastus\",\"tags\":{}," \
  "\"kind\":\"custom\",\"properties\":{\"authMode\":\"AADToken\",\"description\":\"A batch endpoint\"," \
  "\"scoringUri\":\"https://" name ".eastus.inference.ml.azure.com/jobs\",\"swaggerUri\":\"https://x/swagger.json\"," \
  "\"provisioningState\":\"" state "\",\"defaults\":{\"deploymentName\":null}}}"

static void test_validation_sends_nothing(void **state) {
  aml_test_fake *f = *state;
  const char *bad[] = {"ab", "1endpoint", "endpoint-", "a_b_c", "this-name-is-much-longer-than-32-chars", ""};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    aml_batch_endpoint ep;
    aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
    ep.name = bad[i];
    aml_poller *p = NULL;
    aml_error *err = NULL;
    assert_int_equal(aml_batch_endpoints_begin_create_or_update(f->c, &ep, &p, &err), AML_ERR_VALIDATION);
    assert_null(p);
    assert_true(strlen(aml_error_message(err)) > 0);
    aml_error_free(err);
  }
  assert_int_equal(aml_fake_transport_request_count(f->t), 0);
  aml_poller *p = NULL;
  assert_int_equal(aml_batch_endpoints_begin_create_or_update(f->c, NULL, &p, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_batch_endpoints_get(f->c, "", NULL, NULL), AML_ERR_INVALID_ARG);
  aml_batch_endpoint *out = NULL;
  assert_int_equal(aml_batch_endpoints_get(f->c, NULL, &out, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_batch_endpoints_begin_delete(f->c, "", &p, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_fake_transport_request_count(f->t), 0);
}

static void test_create_uses_workspace_location_once(void **state) {
  aml_test_fake *f = *state;
  aml_test_queue_workspace(f->t, "ws-1", "eastus");
  aml_fake_transport_add_response(f->t, 201, "Azure-AsyncOperation: " OPURL "\nRetry-After: 0", EP_BODY("endpoint-example", "Creating"), NULL);
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"status\":\"Succeeded\"}", NULL);
  aml_fake_transport_add_response(f->t, 200, NULL, EP_BODY("endpoint-example", "Succeeded"), NULL);

  aml_batch_endpoint ep;
  aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
  ep.name = "endpoint-example";
  ep.description = "A batch endpoint";
  aml_poller *p = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_batch_endpoints_begin_create_or_update(f->c, &ep, &p, &err), AML_OK);
  assert_string_equal(aml_http_request_method(aml_test_request(f->t, 0)), "GET");
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), WS AV);
  assert_string_equal(aml_http_request_method(aml_test_request(f->t, 1)), "PUT");
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 1)), WS "/batchEndpoints/endpoint-example" AV);
  assert_string_equal(aml_http_request_header(aml_test_request(f->t, 1), "Content-Type"), "application/json");
  json_t *b = aml_test_request_json(f->t, 1);
  assert_string_equal(path_str(b, "location"), "eastus");
  assert_string_equal(path_str(b, "properties.description"), "A batch endpoint");
  assert_string_equal(path_str(b, "properties.authMode"), "AADToken");
  assert_true(json_is_object(json_object_get(b, "tags")));
  assert_null(aml__json_path(b, "properties.scoringUri"));
  json_decref(b);

  assert_null(aml_poller_batch_endpoint(p)); /* not done yet */
  assert_int_equal(aml_poller_wait(p, -1, &err), AML_OK);
  const aml_batch_endpoint *made = aml_poller_batch_endpoint(p);
  assert_non_null(made);
  assert_ptr_equal(made, aml_poller_batch_endpoint(p)); /* parsed once, cached */
  assert_string_equal(made->name, "endpoint-example");
  assert_string_equal(made->provisioning_state, "Succeeded");
  assert_string_equal(made->scoring_uri, "https://endpoint-example.eastus.inference.ml.azure.com/jobs");
  assert_string_equal(made->auth_mode, "aad_token");
  assert_null(aml_poller_batch_deployment(p)); /* another kind */
  aml_poller_free(p);

  /* A second create needs no workspace GET: the location is cached. */
  aml_fake_transport_reset(f->t);
  aml_fake_transport_add_response(f->t, 200, NULL, EP_BODY("second-one", "Succeeded"), NULL);
  ep.name = "second-one";
  assert_int_equal(aml_batch_endpoints_begin_create_or_update(f->c, &ep, &p, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(f->t), 1);
  assert_true(aml_poller_done(p));
  aml_poller_free(p);

  /* An explicit location is sent as given. */
  aml_fake_transport_reset(f->t);
  aml_fake_transport_add_response(f->t, 200, NULL, EP_BODY("third-one", "Succeeded"), NULL);
  ep.name = "third-one";
  ep.location = "westus2";
  assert_int_equal(aml_batch_endpoints_begin_create_or_update(f->c, &ep, &p, NULL), AML_OK);
  b = aml_test_request_json(f->t, 0);
  assert_string_equal(path_str(b, "location"), "westus2");
  json_decref(b);
  aml_poller_free(p);
}

static void test_get_and_not_found(void **state) {
  aml_test_fake *f = *state;
  aml_fake_transport_add_response(f->t, 200, NULL, EP_BODY("endpoint-example", "Succeeded"), NULL);
  aml_batch_endpoint *ep = NULL;
  assert_int_equal(aml_batch_endpoints_get(f->c, "endpoint-example", &ep, NULL), AML_OK);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), WS "/batchEndpoints/endpoint-example" AV);
  assert_string_equal(ep->description, "A batch endpoint");
  assert_string_equal(ep->openapi_uri, "https://x/swagger.json");
  aml_batch_endpoint_free(ep);

  aml_fake_transport_add_response(f->t, 404, NULL,
      "{\"error\":{\"code\":\"UserError\",\"message\":\"Batch endpoint missing-one not found.\"}}", NULL);
  aml_error *err = NULL;
  ep = NULL;
  assert_int_equal(aml_batch_endpoints_get(f->c, "missing-one", &ep, &err), AML_ERR_NOT_FOUND);
  assert_null(ep);
  assert_string_equal(aml_error_service_message(err), "Batch endpoint missing-one not found.");
  aml_error_free(err);
}

static void test_list_pages(void **state) {
  aml_test_fake *f = *state;
  aml_fake_transport_add_response(f->t, 200, NULL,
      "{\"value\":[" EP_BODY("ep-one", "Succeeded") "," EP_BODY("ep-two", "Creating") "],"
      "\"nextLink\":\"" WS "/batchEndpoints?api-version=2025-07-01-preview&$skipToken=abc\"}", NULL);
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"value\":[],\"nextLink\":\"" WS "/batchEndpoints?$skipToken=def\"}", NULL);
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"value\":[" EP_BODY("ep-three", "Succeeded") "],\"nextLink\":null}", NULL);
  aml_pager *it = NULL;
  assert_int_equal(aml_batch_endpoints_list(f->c, &it, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(f->t), 0); /* lazy */
  const char *names[] = {"ep-one", "ep-two", "ep-three"};
  aml_batch_endpoint *ep = NULL;
  aml_result rc;
  int n = 0;
  while ((rc = aml_pager_next_batch_endpoint(it, &ep, NULL)) == AML_OK) {
    assert_string_equal(ep->name, names[n++]);
    aml_batch_endpoint_free(ep);
  }
  assert_int_equal(rc, AML_ITER_END);
  assert_null(ep);
  assert_int_equal(n, 3);
  assert_int_equal(aml_pager_pages_fetched(it), 3);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), WS "/batchEndpoints" AV);
  /* nextLink followed verbatim, even with another api-version. */
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 1)), WS "/batchEndpoints?api-version=2025-07-01-preview&$skipToken=abc");
  assert_int_equal(aml_pager_next_batch_endpoint(it, &ep, NULL), AML_ITER_END);
  aml_compute *wrong = NULL;
  assert_int_equal(aml_pager_next_compute(it, &wrong, NULL), AML_ERR_INVALID_ARG);
  aml_pager_free(it);

  /* Stop early: free after the first item; no further page is fetched. */
  aml_fake_transport_reset(f->t);
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"value\":[" EP_BODY("ep-one", "Succeeded") "],\"nextLink\":\"" WS "/batchEndpoints?$skipToken=2\"}", NULL);
  assert_int_equal(aml_batch_endpoints_list(f->c, &it, NULL), AML_OK);
  assert_int_equal(aml_pager_next_batch_endpoint(it, &ep, NULL), AML_OK);
  aml_batch_endpoint_free(ep);
  aml_pager_free(it);
  assert_int_equal(aml_fake_transport_request_count(f->t), 1);

  /* Relative nextLinks are resolved against the page's request URL (RFC 3986). */
  aml_fake_transport_reset(f->t);
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"value\":[" EP_BODY("ep-one", "Succeeded") "],\"nextLink\":\"?$skipToken=r1\"}", NULL);
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"value\":[],\"nextLink\":\"batchEndpoints/../batchEndpoints?$skipToken=r2\"}", NULL);
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"value\":[],\"nextLink\":\"/subscriptions/sub-1/x?$skipToken=r3\"}", NULL);
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"value\":[],\"nextLink\":\"//management.example.test/y#frag\"}", NULL);
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"value\":[]}", NULL);
  assert_int_equal(aml_batch_endpoints_list(f->c, &it, NULL), AML_OK);
  assert_int_equal(aml_pager_next_batch_endpoint(it, &ep, NULL), AML_OK);
  aml_batch_endpoint_free(ep);
  assert_int_equal(aml_pager_next_batch_endpoint(it, &ep, NULL), AML_ITER_END);
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 1)), WS "/batchEndpoints?$skipToken=r1");
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 2)), WS "/batchEndpoints?$skipToken=r2");
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 3)),
                      "https://management.example.test/subscriptions/sub-1/x?$skipToken=r3");
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 4)), "https://management.example.test/y");
  aml_pager_free(it);

  /* A nextLink to another host is refused (the token would follow it), but
   * only after the page that carried it has given its items. */
  aml_fake_transport_reset(f->t);
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"value\":[" EP_BODY("ep-one", "Succeeded") "," EP_BODY("ep-two", "Succeeded") "],\"nextLink\":\"https://elsewhere.example/x\"}", NULL);
  assert_int_equal(aml_batch_endpoints_list(f->c, &it, NULL), AML_OK);
  for (int i = 0; i < 2; i++) {
    assert_int_equal(aml_pager_next_batch_endpoint(it, &ep, NULL), AML_OK);
    assert_string_equal(ep->name, names[i]);
    aml_batch_endpoint_free(ep);
  }
  aml_error *err = NULL;
  assert_int_equal(aml_pager_next_batch_endpoint(it, &ep, &err), AML_ERR_HTTP);
  assert_non_null(strstr(aml_error_message(err), "nextLink"));
  aml_error_free(err);
  assert_int_equal(aml_fake_transport_request_count(f->t), 1);
  aml_pager_free(it);
  /* ...a network-path link to another host too. */
  aml_fake_transport_reset(f->t);
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"value\":[],\"nextLink\":\"//elsewhere.example/x\"}", NULL);
  assert_int_equal(aml_batch_endpoints_list(f->c, &it, NULL), AML_OK);
  err = NULL;
  assert_int_equal(aml_pager_next_batch_endpoint(it, &ep, &err), AML_ERR_HTTP);
  aml_error_free(err);
  aml_pager_free(it);

  /* A page that is not a list; then raw JSON items. */
  aml_fake_transport_reset(f->t);
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"items\":[]}", NULL);
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"value\":[{\"name\":\"raw\",\"extra\":[1,2]}]}", NULL);
  assert_int_equal(aml_batch_endpoints_list(f->c, &it, NULL), AML_OK);
  err = NULL;
  assert_int_equal(aml_pager_next_batch_endpoint(it, &ep, &err), AML_ERR_PARSE);
  aml_error_free(err);
  char *json = NULL;
  assert_int_equal(aml_pager_next_json(it, &json, NULL), AML_OK); /* retried the page */
  assert_string_equal(json, "{\"name\":\"raw\",\"extra\":[1,2]}");
  aml_free(json);
  assert_int_equal(aml_pager_next_json(it, &json, NULL), AML_ITER_END);
  aml_pager_free(it);
  aml_pager_free(NULL);
}

static void test_delete_and_update(void **state) {
  aml_test_fake *f = *state;
  aml_fake_transport_add_response(f->t, 202, "Location: " OPURL "\nRetry-After: 0", NULL, NULL);
  aml_fake_transport_add_response(f->t, 204, NULL, NULL, NULL);
  aml_poller *p = NULL;
  assert_int_equal(aml_batch_endpoints_begin_delete(f->c, "endpoint-example", &p, NULL), AML_OK);
  assert_string_equal(aml_http_request_method(aml_test_request(f->t, 0)), "DELETE");
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 0)), WS "/batchEndpoints/endpoint-example" AV);
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  assert_null(aml_poller_batch_endpoint(p));
  aml_poller_free(p);

  aml_fake_transport_reset(f->t);
  aml_fake_transport_add_response(f->t, 202, "Location: " OPURL "\nRetry-After: 0", NULL, NULL);
  aml_fake_transport_add_response(f->t, 200, NULL, EP_BODY("endpoint-example", "Succeeded"), NULL);
  aml_batch_endpoint ep;
  aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
  ep.name = "endpoint-example";
  aml_error *err = NULL;
  assert_int_equal(aml_batch_endpoints_begin_update(f->c, &ep, &p, &err), AML_ERR_VALIDATION); /* no tags */
  aml_error_free(err);
  assert_int_equal(aml_fake_transport_request_count(f->t), 0);
  aml_string_pair tags[] = {{"team", "scoring"}};
  ep.tags = tags;
  ep.tags_count = 1;
  assert_int_equal(aml_batch_endpoints_begin_update(f->c, &ep, &p, NULL), AML_OK);
  assert_string_equal(aml_http_request_method(aml_test_request(f->t, 0)), "PATCH");
  json_t *b = aml_test_request_json(f->t, 0);
  assert_string_equal(path_str(b, "tags.team"), "scoring");
  assert_null(json_object_get(b, "location"));
  json_decref(b);
  assert_int_equal(aml_poller_wait(p, -1, NULL), AML_OK);
  assert_non_null(aml_poller_batch_endpoint(p));
  aml_poller_free(p);

  /* Issue 8: the PATCH carries identity too (PartialMinimalTrackedResourceWithIdentity),
   * so an endpoint read with GET and updated keeps its identity. */
  aml_fake_transport_reset(f->t);
  aml_fake_transport_add_response(f->t, 200, NULL,
      "{\"name\":\"endpoint-example\",\"tags\":{\"a\":\"b\"},\"identity\":{\"type\":\"UserAssigned\","
      "\"userAssignedIdentities\":{\"/subscriptions/s/uai/x\":{\"principalId\":\"p\",\"clientId\":\"c\"}}},"
      "\"properties\":{\"authMode\":\"AADToken\",\"provisioningState\":\"Succeeded\"}}", NULL);
  aml_batch_endpoint *got = NULL;
  assert_int_equal(aml_batch_endpoints_get(f->c, "endpoint-example", &got, NULL), AML_OK);
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"name\":\"endpoint-example\",\"properties\":{}}", NULL);
  assert_int_equal(aml_batch_endpoints_begin_update(f->c, got, &p, NULL), AML_OK);
  b = aml_test_request_json(f->t, 1);
  assert_string_equal(path_str(b, "tags.a"), "b");
  assert_string_equal(path_str(b, "identity.type"), "UserAssigned");
  json_t *uai = json_object_get(json_object_get(b, "identity"), "userAssignedIdentities");
  assert_int_equal(json_object_size(json_object_get(uai, "/subscriptions/s/uai/x")), 0); /* {}: read-only ids dropped */
  assert_null(json_object_get(b, "properties"));
  json_decref(b);
  aml_poller_free(p);
  aml_batch_endpoint_free(got);
  /* Identity alone is an update too. */
  aml_compute_identity id;
  aml_compute_identity_init(&id, AML_COMPUTE_IDENTITY_VERSION);
  id.type = AML_IDENTITY_TYPE_SYSTEM_ASSIGNED;
  ep.tags = NULL;
  ep.identity = &id;
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"name\":\"endpoint-example\",\"properties\":{}}", NULL);
  assert_int_equal(aml_batch_endpoints_begin_update(f->c, &ep, &p, NULL), AML_OK);
  b = aml_test_request_json(f->t, 2);
  assert_string_equal(path_str(b, "identity.type"), "SystemAssigned");
  assert_null(json_object_get(b, "tags"));
  json_decref(b);
  aml_poller_free(p);
}

static void test_list_keys(void **state) {
  aml_test_fake *f = *state;
  aml_fake_transport_add_response(f->t, 503, NULL, NULL, NULL); /* a read: retried */
  aml_fake_transport_add_response(f->t, 200, NULL, "{\"primaryKey\":\"pk-1\",\"secondaryKey\":\"sk-2\"}", NULL);
  aml_endpoint_keys *k = NULL;
  assert_int_equal(aml_batch_endpoints_list_keys(f->c, "endpoint-example", &k, NULL), AML_OK);
  assert_string_equal(aml_http_request_method(aml_test_request(f->t, 1)), "POST");
  assert_string_equal(aml_http_request_url(aml_test_request(f->t, 1)), WS "/batchEndpoints/endpoint-example/listkeys" AV);
  assert_string_equal(k->primary_key, "pk-1");
  assert_string_equal(k->secondary_key, "sk-2");
  aml_endpoint_keys_free(k);
  aml_endpoint_keys_free(NULL);
}

/* The default deployment is an endpoint update: get, set, create_or_update.
 * What the service set (and this SDK does not model) is kept. */
static void test_set_default_deployment(void **state) {
  aml_test_fake *f = *state;
  aml_fake_transport_add_response(f->t, 200, NULL,
      "{\"name\":\"endpoint-example\",\"location\":\"eastus\",\"tags\":{\"a\":\"b\"},\"identity\":{\"type\":\"SystemAssigned\"},"
      "\"properties\":{\"authMode\":\"AADToken\",\"futureField\":42,\"provisioningState\":\"Succeeded\"}}", NULL);
  aml_batch_endpoint *ep = NULL;
  assert_int_equal(aml_batch_endpoints_get(f->c, "endpoint-example", &ep, NULL), AML_OK);
  ep->default_deployment_name = "blue";
  aml_fake_transport_add_response(f->t, 200, NULL, EP_BODY("endpoint-example", "Succeeded"), NULL);
  aml_poller *p = NULL;
  assert_int_equal(aml_batch_endpoints_begin_create_or_update(f->c, ep, &p, NULL), AML_OK);
  json_t *b = aml_test_request_json(f->t, 1);
  assert_string_equal(path_str(b, "properties.defaults.deploymentName"), "blue");
  assert_string_equal(path_str(b, "identity.type"), "SystemAssigned");
  assert_int_equal(json_integer_value(aml__json_path(b, "properties.futureField")), 42);
  assert_string_equal(path_str(b, "tags.a"), "b");
  assert_null(aml__json_path(b, "properties.provisioningState"));
  json_decref(b);
  aml_batch_endpoint_free(ep); /* the user's "blue" is not freed */
  aml_poller_free(p);
}

int main(void) {
#define T(fn) cmocka_unit_test_setup_teardown(fn, aml_test_fake_setup, aml_test_fake_teardown)
  const struct CMUnitTest tests[] = {
      T(test_validation_sends_nothing), T(test_create_uses_workspace_location_once),
      T(test_get_and_not_found),        T(test_list_pages),
      T(test_delete_and_update),        T(test_list_keys),
      T(test_set_default_deployment),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
