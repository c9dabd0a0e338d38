/* Allocation failure on every allocation of a representative call: a client
 * built from a client-secret credential gets its workspace (token request,
 * ARM GET, JSON parsing, error paths). For n = 1, 2, ... the n-th allocation
 * fails; every run must end without a crash and without a leak, and a run
 * that reports success must have produced the right result. */
#include "test_support.h"

#include <string.h>

static aml_result no_sleep(int64_t ms, void *ud) { (void)ms; (void)ud; return AML_OK; }

/* A scenario does its work and frees everything; it returns the call's result
 * and fails the test when that result is wrong for fail_at
 * (aml_test_alloc_sweep() drives it). */

static aml_result workspace_scenario(long fail_at) {
  aml_transport *t = NULL;
  aml_credential *cred = NULL;
  aml_client *c = NULL;
  aml_workspace *ws = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_fake_transport_new(&t, &err);
  if (rc == AML_OK) rc = aml_fake_transport_add_response(t, 200, "Content-Type: application/json",
                                                         "{\"access_token\":\"tok\",\"expires_in\":3600}", &err);
  if (rc == AML_OK) rc = aml_fake_transport_add_response(t, 503, "Retry-After: 0", "{\"error\":{\"code\":\"Busy\",\"message\":\"m\",\"details\":[{\"code\":\"d\"}]}}", &err);
  if (rc == AML_OK) rc = aml_fake_transport_add_response(t, 200, "x-ms-request-id: r1",
      "{\"id\":\"/x\",\"name\":\"ws-1\",\"location\":\"eastus\",\"properties\":{\"discoveryUrl\":\"https://d\"}}", &err);
  if (rc == AML_OK) {
    aml_credential_options co;
    aml_credential_options_init(&co, AML_CREDENTIAL_OPTIONS_VERSION);
    co.transport = t;
    co.sleep_fn = no_sleep;
    rc = aml_client_secret_credential_new("tenant", "client", "secret", &co, &cred, &err);
  }
  if (rc == AML_OK) {
    aml_client_options o;
    aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
    o.transport = t;
    o.sleep_fn = no_sleep;
    rc = aml_client_new(cred, "sub", "rg", "ws-1", &o, &c, &err);
  }
  if (rc == AML_OK) rc = aml_workspaces_get(c, &ws, &err);
  if (rc == AML_OK) {
    assert_string_equal(ws->name, "ws-1");
    assert_string_equal(ws->location, "eastus");
    assert_string_equal(ws->discovery_url, "https://d");
  } else {
    /* An allocation failure is reported as such, never as another error. */
    if (rc != AML_ERR_NOMEM) fail_msg("fail_at=%ld: got %s (%s)", fail_at, aml_result_str(rc), aml_error_message(err));
    /* err may be NULL only when even the error object could not be made. */
    if (err) assert_int_equal(aml_error_code(err), AML_ERR_NOMEM);
  }
  aml_workspace_free(ws);
  aml_error_free(err);
  aml_client_unref(c);
  aml_credential_unref(cred);
  aml_transport_unref(t);
  return rc;
}

static void test_sweep(void **state) {
  (void)state;
  aml_test_alloc_sweep(workspace_scenario, 50, "alloc sweep");
}

/* Second representative call: create a batch endpoint through a poller
 * (workspace location, PUT, Azure-AsyncOperation, final GET, typed result). */
static aml_result poller_scenario(long fail_at) {
  aml_transport *t = NULL;
  aml_credential *cred = NULL;
  aml_client *c = NULL;
  aml_poller *p = NULL;
  aml_error *err = NULL;
  static const char *const answers[][3] = {
      {"200", NULL, "{\"name\":\"ws\",\"location\":\"eastus\"}"},
      {"201", "Azure-AsyncOperation: https://arm.test/op/1\nRetry-After: 0", "{\"properties\":{\"provisioningState\":\"Creating\"}}"},
      {"200", NULL, "{\"status\":\"Succeeded\"}"},
      {"200", NULL, "{\"name\":\"endpoint-example\",\"location\":\"eastus\",\"tags\":{\"a\":\"b\"},\"properties\":{\"authMode\":\"AADToken\",\"provisioningState\":\"Succeeded\",\"scoringUri\":\"https://s/jobs\"}}"},
  };
  aml_result rc = aml_fake_transport_new(&t, &err);
  for (int i = 0; i < 4 && rc == AML_OK; i++)
    rc = aml_fake_transport_add_response(t, atoi(answers[i][0]), answers[i][1], answers[i][2], &err);
  if (rc == AML_OK) rc = aml_static_token_credential_new("tok", 0, &cred, &err);
  if (rc == AML_OK) {
    aml_client_options o;
    aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
    o.transport = t;
    o.sleep_fn = no_sleep;
    o.resource_manager_url = "https://arm.test";
    rc = aml_client_new(cred, "sub", "rg", "ws", &o, &c, &err);
  }
  if (rc == AML_OK) {
    aml_batch_endpoint ep;
    aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
    ep.name = "endpoint-example";
    ep.description = "A batch endpoint";
    rc = aml_batch_endpoints_begin_create_or_update(c, &ep, &p, &err);
  }
  if (rc == AML_OK) rc = aml_poller_wait(p, -1, &err);
  if (rc == AML_OK) {
    const aml_batch_endpoint *made = aml_poller_batch_endpoint(p);
    /* A typed result may only be missing because memory ran out. */
    if (made) assert_string_equal(made->scoring_uri, "https://s/jobs");
    else assert_true(aml_test_alloc_failed());
  } else if (rc != AML_ERR_NOMEM) {
    fail_msg("fail_at=%ld: got %s (%s)", fail_at, aml_result_str(rc), aml_error_message(err));
  }
  aml_error_free(err);
  aml_poller_free(p);
  aml_client_unref(c);
  aml_credential_unref(cred);
  aml_transport_unref(t);
  return rc;
}

static void test_sweep_poller(void **state) {
  (void)state;
  aml_test_alloc_sweep(poller_scenario, 100, "poller alloc sweep");
}

/* Error bodies are parsed by the core parser, which notices jansson's silent
 * damage under allocation failure: whichever allocation fails, the caller
 * gets the service's exact code and description, or AML_ERR_NOMEM; never a
 * code with a character dropped. Codes and descriptions are longer than
 * jansson's first string buffer, so that parsing them grows it. */
#define TOKEN_ERROR_CODE "invalid_client_credentials_rejected"
#define TOKEN_ERROR_DESC "AADSTS7000215: Invalid client credentials provided for this application registration."
#define ARM_ERROR_CODE "ResourceNotFoundInResourceGroup"
#define ARM_ERROR_MESSAGE "The Resource 'Microsoft.MachineLearningServices/workspaces/ws' was not found."

/* A service field is exactly the service's, or missing because memory ran
 * out while storing it (a smaller answer, not a wrong one). */
static void assert_service_field(const char *got, const char *want) {
  if (got) assert_string_equal(got, want);
  else assert_true(aml_test_alloc_failed());
}

static void assert_service_error(const aml_error *err, const char *code, const char *message) {
  if (!err) {
    assert_true(aml_test_alloc_failed());
    return;
  }
  assert_service_field(aml_error_service_code(err), code);
  assert_service_field(aml_error_service_message(err), message);
}

static aml_result token_error_scenario(long fail_at) {
  aml_transport *t = NULL;
  aml_credential *cred = NULL;
  aml_access_token *tok = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_fake_transport_new(&t, &err);
  if (rc == AML_OK)
    rc = aml_fake_transport_add_response(t, 401, "Content-Type: application/json",
                                         "{\"error\":\"" TOKEN_ERROR_CODE "\",\"error_description\":\"" TOKEN_ERROR_DESC
                                         "\",\"error_codes\":[7000215]}",
                                         &err);
  if (rc == AML_OK) {
    aml_credential_options co;
    aml_credential_options_init(&co, AML_CREDENTIAL_OPTIONS_VERSION);
    co.transport = t;
    co.sleep_fn = no_sleep;
    rc = aml_client_secret_credential_new("tenant", "client", "s3cr3t-value-xyz", &co, &cred, &err);
  }
  if (rc == AML_OK) rc = aml_credential_get_token(cred, AML_SCOPE_ARM, &tok, &err);
  if (rc == AML_ERR_AUTH) {
    assert_service_error(err, TOKEN_ERROR_CODE, TOKEN_ERROR_DESC);
    rc = AML_OK; /* the right answer */
  } else if (rc != AML_ERR_NOMEM) {
    fail_msg("fail_at=%ld: got %s (%s)", fail_at, aml_result_str(rc), aml_error_message(err));
  }
  aml_access_token_free(tok);
  aml_error_free(err);
  aml_credential_unref(cred);
  aml_transport_unref(t);
  return rc;
}

static aml_result service_error_scenario(long fail_at) {
  aml_transport *t = NULL;
  aml_client *c = NULL;
  aml_workspace *ws = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_fake_transport_new(&t, &err);
  if (rc == AML_OK)
    rc = aml_fake_transport_add_response(t, 404, "x-ms-request-id: r1",
                                         "{\"error\":{\"code\":\"" ARM_ERROR_CODE "\",\"message\":\"" ARM_ERROR_MESSAGE "\"}}",
                                         &err);
  if (rc == AML_OK) rc = aml_test_sweep_client(t, &c, &err);
  if (rc == AML_OK) rc = aml_workspaces_get(c, &ws, &err);
  if (rc == AML_ERR_NOT_FOUND) {
    assert_service_error(err, ARM_ERROR_CODE, ARM_ERROR_MESSAGE);
    rc = AML_OK; /* the right answer */
  } else if (rc != AML_ERR_NOMEM) {
    fail_msg("fail_at=%ld: got %s (%s)", fail_at, aml_result_str(rc), aml_error_message(err));
  }
  aml_workspace_free(ws);
  aml_error_free(err);
  aml_client_unref(c);
  aml_transport_unref(t);
  return rc;
}

static void test_sweep_error_bodies(void **state) {
  (void)state;
  aml_test_alloc_sweep(token_error_scenario, 20, "token error alloc sweep");
  aml_test_alloc_sweep(service_error_scenario, 20, "service error alloc sweep");
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_sweep), cmocka_unit_test(test_sweep_poller),
                                     cmocka_unit_test(test_sweep_error_bodies)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
