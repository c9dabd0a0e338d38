/* aml_client: options, argument checks, URL building and escaping, the
 * headers every request carries, the workspace GET, the environment
 * constructor, and the bearer policy's rules. */
#include "test_support.h"

#include "ml/client_impl.h"

#include <stdlib.h>
#include <string.h>

static void test_options_and_args(void **state) {
  (void)state;
  aml_client_options o;
  assert_int_equal(aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION), AML_OK);
  assert_null(o.api_version);
  assert_int_equal(o.retry.max_retries, 3);
  assert_int_equal(o.log_level, AML_LOG_INFO);
  assert_int_equal(o.poll_interval_ms, 5000);
  assert_int_equal(aml_client_options_init(&o, 0), AML_ERR_VERSION);
  assert_int_equal(aml_client_options_init(NULL, AML_CLIENT_OPTIONS_VERSION), AML_ERR_INVALID_ARG);

  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  aml_credential *cred = NULL;
  aml_static_token_credential_new("tok", 0, &cred, NULL);
  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  o.transport = t;
  aml_client *c = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_client_new(NULL, "s", "r", "w", &o, &c, &err), AML_ERR_INVALID_ARG);
  assert_non_null(strstr(aml_error_message(err), "credential"));
  aml_error_free(err);
  assert_int_equal(aml_client_new(cred, "", "r", "w", &o, &c, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_client_new(cred, "s", NULL, "w", &o, &c, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_client_new(cred, "s", "r", "w", &o, NULL, NULL), AML_ERR_INVALID_ARG);
  o.resource_manager_url = "management.azure.com";
  assert_int_equal(aml_client_new(cred, "s", "r", "w", &o, &c, NULL), AML_ERR_INVALID_ARG);
  o.resource_manager_url = NULL;
  o.api_version = "";
  assert_int_equal(aml_client_new(cred, "s", "r", "w", &o, &c, NULL), AML_ERR_INVALID_ARG);
  o.api_version = NULL;
  o.poll_interval_ms = -1;
  assert_int_equal(aml_client_new(cred, "s", "r", "w", &o, &c, NULL), AML_ERR_INVALID_ARG);
  o.poll_interval_ms = 10;
  o.version = 77;
  assert_int_equal(aml_client_new(cred, "s", "r", "w", &o, &c, NULL), AML_ERR_VERSION);

  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  o.transport = t;
  o.resource_manager_url = "https://arm.test///";
  o.api_version = "2024-04-01";
  assert_int_equal(aml_client_new(cred, "s", "r", "w", &o, &c, NULL), AML_OK);
  aml_credential_unref(cred); /* the client holds its own reference */
  assert_string_equal(aml_client_resource_manager_url(c), "https://arm.test");
  assert_string_equal(aml_client_api_version(c), "2024-04-01");
  assert_string_equal(aml_client_subscription_id(c), "s");
  assert_string_equal(aml_client_resource_group(c), "r");
  assert_string_equal(aml_client_workspace_name(c), "w");
  assert_ptr_equal(aml_client_ref(c), c);
  aml_client_unref(c);
  aml_client_unref(c);
  aml_client_unref(NULL);
  aml_transport_unref(t);
  assert_null(aml_client_api_version(NULL));
}

static void test_url_escaping(void **state) {
  (void)state;
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  aml_credential *cred = NULL;
  aml_static_token_credential_new("tok", 0, &cred, NULL);
  aml_client_options o;
  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  o.transport = t;
  aml_client *c = NULL;
  assert_int_equal(aml_client_new(cred, "0000-1111", "my rg(1)", "ws/../x?y", &o, &c, NULL), AML_OK);
  aml_buf url = AML_BUF_INIT;
  const char *segs[] = {"batchEndpoints", "ep 1", "deployments", "d#2"};
  assert_int_equal(aml__client_url(c, &url, segs, 4), AML_OK);
  assert_string_equal(aml__buf_cstr(&url),
                      "https://management.azure.com/subscriptions/0000-1111/resourceGroups/my%20rg%281%29"
                      "/providers/Microsoft.MachineLearningServices/workspaces/ws%2F..%2Fx%3Fy"
                      "/batchEndpoints/ep%201/deployments/d%232?api-version=2025-12-01");
  aml__buf_free(&url);
  aml_client_unref(c);
  aml_credential_unref(cred);
  aml_transport_unref(t);
}

static void test_workspace_get_and_headers(void **state) {
  (void)state;
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  aml_credential *cred = NULL;
  aml_static_token_credential_new("tok-abc", 0, &cred, NULL);
  aml_client_options o;
  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  o.transport = t;
  o.user_agent_suffix = "myapp/1.2";
  aml_client *c = NULL;
  assert_int_equal(aml_client_new(cred, "sub-1", "rg-1", "ws-1", &o, &c, NULL), AML_OK);
  aml_test_queue_workspace(t, "ws-1", "eastus");
  aml_workspace *ws = NULL;
  assert_int_equal(aml_workspaces_get(c, &ws, NULL), AML_OK);
  assert_int_equal(ws->version, AML_WORKSPACE_VERSION);
  assert_string_equal(ws->name, "ws-1");
  assert_string_equal(ws->location, "eastus");
  assert_string_equal(ws->discovery_url, "https://eastus.api.azureml.ms/discovery");
  assert_string_equal(ws->friendly_name, "Friendly");
  assert_string_equal(ws->provisioning_state, "Succeeded");
  assert_string_equal(ws->workspace_id, "0000-1111");
  assert_null(ws->description);
  assert_non_null(strstr(ws->id, "/workspaces/ws-1"));
  ws->description = "caller-owned"; /* freeing must not touch it */
  aml_workspace_free(ws);

  const aml_http_request *req = aml_fake_transport_request_at(t, 0);
  assert_string_equal(aml_http_request_method(req), "GET");
  assert_string_equal(aml_http_request_url(req),
                      "https://management.azure.com/subscriptions/sub-1/resourceGroups/rg-1/providers/"
                      "Microsoft.MachineLearningServices/workspaces/ws-1?api-version=2025-12-01");
  assert_string_equal(aml_http_request_header(req, "Authorization"), "Bearer tok-abc");
  assert_string_equal(aml_http_request_header(req, "Accept"), "application/json");
  const char *rid = aml_http_request_header(req, "x-ms-client-request-id");
  assert_non_null(rid);
  assert_int_equal(strlen(rid), 36);
  const char *ua = aml_http_request_header(req, "User-Agent");
  assert_true(strncmp(ua, "azsdk-c-azureml/" AML_VERSION_STRING " (", 17 + strlen(AML_VERSION_STRING)) == 0);
  assert_non_null(strstr(ua, ") myapp/1.2"));

  /* The location is cached from that GET: no second request. */
  const char *loc = NULL;
  assert_int_equal(aml__client_workspace_location(c, &loc, NULL), AML_OK);
  assert_string_equal(loc, "eastus");
  assert_int_equal(aml_fake_transport_request_count(t), 1);

  /* Each request gets its own id. */
  aml_test_queue_workspace(t, "ws-1", "eastus");
  assert_int_equal(aml_workspaces_get(c, &ws, NULL), AML_OK);
  aml_workspace_free(ws);
  assert_string_not_equal(rid, aml_http_request_header(aml_fake_transport_request_at(t, 1), "x-ms-client-request-id"));
  aml_client_unref(c);
  aml_credential_unref(cred);
  aml_transport_unref(t);
}

static void test_workspace_location_fetched_once(void **state) {
  (void)state;
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  aml_client *c = aml_test_client_new(t, NULL, NULL, 0);
  aml_test_queue_workspace(t, "ws-1", "northeurope");
  const char *loc = NULL;
  assert_int_equal(aml__client_workspace_location(c, &loc, NULL), AML_OK);
  assert_string_equal(loc, "northeurope");
  assert_int_equal(aml__client_workspace_location(c, &loc, NULL), AML_OK);
  assert_int_equal(aml_fake_transport_request_count(t), 1);
  aml_client_unref(c);
  aml_transport_unref(t);
}

static void test_workspace_errors(void **state) {
  (void)state;
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  aml_client *c = aml_test_client_new(t, NULL, NULL, 0);
  aml_workspace *ws = NULL;
  aml_error *err = NULL;
  aml_fake_transport_add_response(t, 404, "x-ms-request-id: req-404",
      "{\"error\":{\"code\":\"ResourceNotFound\",\"message\":\"The Resource 'ws-1' was not found.\",\"target\":\"ws-1\","
      "\"details\":[{\"code\":\"Inner\",\"message\":\"more\"}]}}", NULL);
  assert_int_equal(aml_workspaces_get(c, &ws, &err), AML_ERR_NOT_FOUND);
  assert_null(ws);
  assert_int_equal(aml_error_http_status(err), 404);
  assert_string_equal(aml_error_service_code(err), "ResourceNotFound");
  assert_string_equal(aml_error_service_message(err), "The Resource 'ws-1' was not found.");
  assert_string_equal(aml_error_target(err), "ws-1");
  assert_string_equal(aml_error_request_id(err), "req-404");
  assert_non_null(aml_error_client_request_id(err));
  assert_int_equal(aml_error_details_count(err), 1);
  assert_non_null(strstr(aml_error_message(err), "HTTP 404 (ResourceNotFound): The Resource 'ws-1' was not found."));
  aml_error_free(err);

  err = NULL;
  aml_fake_transport_add_response(t, 200, NULL, "{\"name\":\"ws-1\"}", NULL);
  assert_int_equal(aml_workspaces_get(c, &ws, &err), AML_ERR_PARSE);
  assert_non_null(strstr(aml_error_message(err), "location"));
  aml_error_free(err);
  err = NULL;
  aml_fake_transport_add_response(t, 200, NULL, "[1,2", NULL);
  assert_int_equal(aml_workspaces_get(c, &ws, &err), AML_ERR_PARSE);
  aml_error_free(err);
  aml_fake_transport_add_response(t, 200, NULL, "[]", NULL);
  assert_int_equal(aml_workspaces_get(c, &ws, NULL), AML_ERR_PARSE);
  assert_int_equal(aml_workspaces_get(NULL, &ws, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_workspaces_get(c, NULL, NULL), AML_ERR_INVALID_ARG);
  aml_client_unref(c);
  aml_transport_unref(t);
}

/* A 401 drops the cached token and retries once with a fresh one. */
static int g_token_calls;
static aml_result rotating(const char *scope, aml_access_token *out, void *ud) {
  (void)scope; (void)ud;
  char v[32];
  snprintf(v, sizeof(v), "tok-%d", ++g_token_calls);
  return aml_access_token_set(out, v, 4102444800);
}

static void test_bearer_refresh_on_401(void **state) {
  (void)state;
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  aml_credential *cred = NULL;
  aml_credential_delegate_new(rotating, NULL, &cred, NULL);
  aml_client_options o;
  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  o.transport = t;
  aml_client *c = NULL;
  aml_client_new(cred, "s", "r", "ws-1", &o, &c, NULL);
  aml_fake_transport_add_response(t, 401, "WWW-Authenticate: Bearer error=\"invalid_token\"", "{\"error\":{\"code\":\"InvalidAuthenticationToken\"}}", NULL);
  aml_test_queue_workspace(t, "ws-1", "eastus");
  aml_workspace *ws = NULL;
  assert_int_equal(aml_workspaces_get(c, &ws, NULL), AML_OK);
  aml_workspace_free(ws);
  assert_string_equal(aml_http_request_header(aml_fake_transport_request_at(t, 0), "Authorization"), "Bearer tok-1");
  assert_string_equal(aml_http_request_header(aml_fake_transport_request_at(t, 1), "Authorization"), "Bearer tok-2");
  aml_client_unref(c);
  aml_credential_unref(cred);

  /* A static token cannot change: one 401 is final, no second request. */
  aml_fake_transport_reset(t);
  c = aml_test_client_new(t, NULL, NULL, 0);
  aml_fake_transport_add_response(t, 401, NULL, "{\"error\":{\"code\":\"ExpiredAuthenticationToken\",\"message\":\"expired\"}}", NULL);
  aml_error *err = NULL;
  assert_int_equal(aml_workspaces_get(c, &ws, &err), AML_ERR_UNAUTHORIZED);
  assert_string_equal(aml_error_service_code(err), "ExpiredAuthenticationToken");
  aml_error_free(err);
  assert_int_equal(aml_fake_transport_request_count(t), 1);
  aml_client_unref(c);
  aml_transport_unref(t);
}

static void test_no_token_over_plain_http(void **state) {
  (void)state;
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  aml_credential *cred = NULL;
  aml_static_token_credential_new("tok", 0, &cred, NULL);
  aml_client_options o;
  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  o.transport = t;
  o.resource_manager_url = "http://arm.example.com";
  aml_client *c = NULL;
  aml_client_new(cred, "s", "r", "w", &o, &c, NULL);
  aml_workspace *ws = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_workspaces_get(c, &ws, &err), AML_ERR_CONFIG);
  assert_non_null(strstr(aml_error_message(err), "plain http"));
  assert_int_equal(aml_fake_transport_request_count(t), 0);
  aml_error_free(err);
  aml_client_unref(c);
  /* Loopback (a local emulator) is allowed. */
  const char *loopbacks[] = {"http://127.0.0.1:8123", "http://localhost:9", "http://[::1]:80"};
  for (int i = 0; i < 3; i++) {
    o.resource_manager_url = loopbacks[i];
    aml_client_new(cred, "s", "r", "ws-1", &o, &c, NULL);
    aml_test_queue_workspace(t, "ws-1", "eastus");
    assert_int_equal(aml_workspaces_get(c, &ws, NULL), AML_OK);
    aml_workspace_free(ws);
    aml_client_unref(c);
  }
  aml_credential_unref(cred);
  aml_transport_unref(t);
}

static void set_env(const char *sub, const char *rg, const char *ws, const char *tenant, const char *id, const char *secret) {
  const char *names[] = {"AZURE_SUBSCRIPTION_ID", "AZURE_RESOURCE_GROUP", "AZUREML_WORKSPACE", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"};
  const char *values[] = {sub, rg, ws, tenant, id, secret};
  for (int i = 0; i < 6; i++) {
    if (values[i]) setenv(names[i], values[i], 1);
    else unsetenv(names[i]);
  }
}

static void test_from_env(void **state) {
  (void)state;
  unsetenv("AZURE_RESOURCE_MANAGER_URL");
  unsetenv("AZURE_AUTHORITY_HOST");
  unsetenv("AZUREML_CA_BUNDLE");
  set_env(NULL, "rg", NULL, "t", "c", "");
  aml_client *c = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_client_new_from_env(NULL, &c, &err), AML_ERR_CONFIG);
  assert_null(c);
  assert_string_equal(aml_error_message(err),
                      "required environment variables not set: AZURE_SUBSCRIPTION_ID, AZUREML_WORKSPACE");
  aml_error_free(err);
  /* A client secret needs its tenant and client id. */
  set_env("s", "rg", "w", NULL, "c", "secret");
  err = NULL;
  assert_int_equal(aml_client_new_from_env(NULL, &c, &err), AML_ERR_CONFIG);
  assert_string_equal(aml_error_message(err), "required environment variable not set: AZURE_TENANT_ID");
  aml_error_free(err);

  /* Complete environment, pointed at a stand-in. */
  set_env("sub-e", "rg-e", "ws-1", "tenant-e", "client-e", "secret-e");
  setenv("AZURE_RESOURCE_MANAGER_URL", "http://127.0.0.1:7777/", 1);
  setenv("AZURE_AUTHORITY_HOST", "http://127.0.0.1:7777", 1);
  aml_transport *t = NULL;
  aml_fake_transport_new(&t, NULL);
  aml_client_options o;
  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  o.transport = t;
  assert_int_equal(aml_client_new_from_env(&o, &c, NULL), AML_OK);
  assert_string_equal(aml_client_resource_manager_url(c), "http://127.0.0.1:7777");
  assert_string_equal(aml_client_subscription_id(c), "sub-e");
  aml_fake_transport_add_response(t, 200, NULL, "{\"access_token\":\"env-token\",\"expires_in\":3600}", NULL);
  aml_test_queue_workspace(t, "ws-1", "eastus");
  aml_workspace *ws = NULL;
  assert_int_equal(aml_workspaces_get(c, &ws, NULL), AML_OK);
  aml_workspace_free(ws);
  assert_string_equal(aml_http_request_url(aml_fake_transport_request_at(t, 0)), "http://127.0.0.1:7777/tenant-e/oauth2/v2.0/token");
  assert_string_equal(aml_http_request_header(aml_fake_transport_request_at(t, 1), "Authorization"), "Bearer env-token");
  assert_true(strncmp(aml_http_request_url(aml_fake_transport_request_at(t, 1)), "http://127.0.0.1:7777/subscriptions/sub-e/", 41) == 0);
  aml_client_unref(c);

  /* Options win over the environment. */
  o.resource_manager_url = "https://override.test";
  assert_int_equal(aml_client_new_from_env(&o, &c, NULL), AML_OK);
  assert_string_equal(aml_client_resource_manager_url(c), "https://override.test");
  aml_client_unref(c);
  o.resource_manager_url = NULL;

  /* No secret: the default chain. Environment and workload identity find
   * nothing; managed identity asks IMDS (here through the fake transport,
   * at the closed port AZURE_POD_IDENTITY_AUTHORITY_HOST names), for the
   * user-assigned identity AZURE_CLIENT_ID names. */
  set_env("sub-e", "rg-e", "ws-1", "tenant-e", "client-e", NULL);
  setenv("AZURE_POD_IDENTITY_AUTHORITY_HOST", "http://127.0.0.1:9", 1);
  aml_fake_transport_reset(t);
  assert_int_equal(aml_client_new_from_env(&o, &c, NULL), AML_OK);
  aml_fake_transport_add_response(t, 200, NULL, "{\"access_token\":\"mi-token\",\"expires_on\":\"1900000000\"}", NULL);
  aml_test_queue_workspace(t, "ws-1", "eastus");
  assert_int_equal(aml_workspaces_get(c, &ws, NULL), AML_OK);
  aml_workspace_free(ws);
  assert_string_equal(aml_http_request_url(aml_fake_transport_request_at(t, 0)),
                      "http://127.0.0.1:9/metadata/identity/oauth2/token?api-version=2018-02-01"
                      "&resource=https%3A%2F%2Fmanagement.azure.com&client_id=client-e");
  assert_string_equal(aml_http_request_header(aml_fake_transport_request_at(t, 1), "Authorization"), "Bearer mi-token");
  aml_client_unref(c);
  unsetenv("AZURE_POD_IDENTITY_AUTHORITY_HOST");
  o.version = 5;
  assert_int_equal(aml_client_new_from_env(&o, &c, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_client_new_from_env(NULL, NULL, NULL), AML_ERR_INVALID_ARG);
  aml_transport_unref(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_options_and_args),
      cmocka_unit_test(test_url_escaping),
      cmocka_unit_test(test_workspace_get_and_headers),
      cmocka_unit_test(test_workspace_location_fetched_once),
      cmocka_unit_test(test_workspace_errors),
      cmocka_unit_test(test_bearer_refresh_on_401),
      cmocka_unit_test(test_no_token_over_plain_http),
      cmocka_unit_test(test_from_env),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
