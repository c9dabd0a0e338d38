/* aml_compute (AmlCompute): defaults, JSON both ways, read-only state,
 * tri-states, identity, scale PATCH, parse errors, secrets wiped on free. */
#include "test_json.h"
#include "test_support.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml/entity_compute.h"

static char *to_json(const aml_compute *c) {
  char *out = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_compute_to_json(c, &out, &err);
  if (rc != AML_OK) fail_msg("to_json: %d %s", rc, aml_error_message(err));
  return out;
}

static aml_compute *from_fixture(const char *name) {
  char *text = aml_test_fixture(name);
  aml_compute *c = NULL;
  aml_error *err = NULL;
  if (aml_compute_from_json(text, &c, &err) != AML_OK) fail_msg("from_json: %s", aml_error_message(err));
  free(text);
  return c;
}

static void test_init_defaults(void **state) {
  (void)state;
  aml_compute c;
  memset(&c, 0x11, sizeof(c));
  assert_int_equal(aml_compute_init(&c, AML_COMPUTE_VERSION), AML_OK);
  assert_int_equal(c.version, AML_COMPUTE_VERSION);
  assert_null(c.name);
  /* azure-ai-ml's AmlCompute defaults (issue 8): a name alone is a valid cluster. */
  assert_string_equal(c.size, "STANDARD_DS3_V2");
  assert_int_equal(c.min_instances, 0);
  assert_int_equal(c.max_instances, 1);
  assert_null(c.identity);
  assert_null(c.errors);
  assert_null(c.idle_time_before_scale_down_iso);
  assert_null(c.created_on);
  assert_null(c.allocation_state_transition_time);
  assert_true(c.idle_time_before_scale_down == AML_UNSET64);
  assert_int_equal(c.ssh_public_access, AML_UNSET);
  assert_int_equal(c.enable_node_public_ip, AML_UNSET);
  assert_int_equal(c.current_node_count, AML_UNSET);
  assert_int_equal(c.preempted_node_count, AML_UNSET);
  assert_int_equal(aml_compute_init(&c, 3), AML_ERR_VERSION);
  c.name = "only-a-name";
  assert_int_equal(aml_compute_validate(&c, NULL), AML_OK);
  char *body = to_json(&c);
  aml_test_assert_str_at(body, "properties.properties.vmSize", "STANDARD_DS3_V2");
  json_t *n = aml_test_json_at(body, "properties.properties.scaleSettings.maxNodeCount");
  assert_int_equal(json_integer_value(n), 1);
  json_decref(n);
  n = aml_test_json_at(body, "properties.properties.scaleSettings.minNodeCount");
  assert_int_equal(json_integer_value(n), 0);
  json_decref(n);
  aml_free(body);
  /* Version 1 (before the appended fields) is still accepted: only its bytes are written. */
  memset(&c, 0x5a, sizeof(c));
  assert_int_equal(aml_compute_init(&c, 1), AML_OK);
  assert_int_equal(c.version, 1);
  assert_true(c.created_on == (const char *)(uintptr_t)0x5a5a5a5a5a5a5a5aULL);
  c.name = "v1-cluster";
  assert_int_equal(aml_compute_validate(&c, NULL), AML_OK);
  body = to_json(&c);
  aml_test_assert_str_at(body, "properties.properties.vmSize", "STANDARD_DS3_V2");
  aml_free(body);
  aml_compute *cl = NULL;
  assert_int_equal(aml_compute_clone(&c, &cl, NULL), AML_OK);
  assert_null(cl->created_on);
  aml_compute_free(cl);
  assert_int_equal(aml_compute_init(NULL, AML_COMPUTE_VERSION), AML_ERR_INVALID_ARG);
  aml_compute_identity id;
  assert_int_equal(aml_compute_identity_init(&id, AML_COMPUTE_IDENTITY_VERSION), AML_OK);
  assert_null(id.type);
  assert_int_equal(id.user_assigned_identities_count, 0);
  assert_int_equal(aml_compute_identity_init(&id, 5), AML_ERR_VERSION);
  assert_int_equal(aml_compute_identity_init(NULL, 1), AML_ERR_INVALID_ARG);
}

static void test_from_json_full(void **state) {
  (void)state;
  aml_compute *c = from_fixture("compute_full.json");
  assert_string_equal(c->name, "cpu-cluster");
  assert_string_equal(c->location, "eastus");
  assert_string_equal(c->description, "CPU cluster for batch scoring");
  assert_int_equal(c->tags_count, 1);
  assert_string_equal(c->tags[0].value, "data-eng");
  assert_string_equal(c->size, "STANDARD_DS3_V2");
  assert_string_equal(c->tier, AML_COMPUTE_TIER_LOW_PRIORITY);
  assert_string_equal(c->os_type, AML_OS_TYPE_LINUX);
  assert_int_equal(c->min_instances, 0); /* a real 0 */
  assert_int_equal(c->max_instances, 4);
  assert_true(c->idle_time_before_scale_down == 120); /* PT2M */
  assert_int_equal(c->ssh_public_access, 0);          /* Disabled */
  assert_int_equal(c->enable_node_public_ip, 0);
  assert_string_equal(c->admin_username, "azureuser");
  assert_null(c->admin_password); /* never returned by the service */
  assert_null(c->ssh_key);
  assert_non_null(strstr(c->subnet, "/subnets/scoring"));
  assert_non_null(c->identity);
  assert_string_equal(c->identity->type, AML_IDENTITY_TYPE_SYSTEM_AND_USER_ASSIGNED);
  assert_int_equal(c->identity->user_assigned_identities_count, 1);
  assert_non_null(strstr(c->identity->user_assigned_identities[0], "/userAssignedIdentities/pull-images"));
  assert_string_equal(c->identity->principal_id, "9a3c1e2f-0000-4b7d-8e6f-0a1b2c3d4e5f");
  assert_string_equal(c->identity->tenant_id, "72f988bf-0000-41af-91ab-2d7cd011db47");
  /* read-only state */
  assert_string_equal(c->compute_type, "AmlCompute");
  assert_string_equal(c->provisioning_state, "Succeeded");
  assert_string_equal(c->allocation_state, "Resizing");
  assert_int_equal(c->current_node_count, 2);
  assert_int_equal(c->target_node_count, 3);
  assert_int_equal(c->idle_node_count, 1);
  assert_int_equal(c->running_node_count, 1);
  assert_int_equal(c->preparing_node_count, 0);
  assert_int_equal(c->unusable_node_count, 0);
  assert_int_equal(c->leaving_node_count, 0);
  assert_int_equal(c->preempted_node_count, 1);
  assert_int_equal(c->errors_count, 1);
  assert_int_equal(c->errors[0]->version, AML_COMPUTE_ERROR_VERSION);
  assert_string_equal(c->errors[0]->code, "NodeFailure");
  assert_string_equal(c->errors[0]->message, "1 node failed to start");
  assert_int_equal(c->provisioning_errors_count, 1);
  assert_string_equal(c->provisioning_errors[0]->code, "QuotaWarning");
  assert_int_equal(aml_compute_validate(c, NULL), AML_OK);
  aml_compute_free(c);
}

static void test_round_trip(void **state) {
  (void)state;
  aml_compute *c = from_fixture("compute_full.json");
  char *out = to_json(c);
  aml_test_assert_json_eq_fixture(out, "compute_full.put.json");
  aml_free(out);
  aml_compute_free(c);
}

static void fill_new(aml_compute *c) {
  aml_compute_init(c, AML_COMPUTE_VERSION);
  c->name = "gpu-pool";
  c->description = "GPU pool";
  c->size = "STANDARD_NC6S_V3";
  c->tier = AML_COMPUTE_TIER_DEDICATED;
  c->os_type = "linux";
  c->min_instances = 0;
  c->max_instances = 4;
  c->idle_time_before_scale_down = 120;
  c->ssh_public_access = 1;
  c->enable_node_public_ip = 1;
  c->admin_username = "azureuser";
  c->admin_password = "Pa55w.rd-not-real";
  c->ssh_key = "ssh-rsa AAAAB3NzaC1yc2E test";
}

static void test_new_compute_body(void **state) {
  (void)state;
  aml_compute c;
  fill_new(&c);
  assert_int_equal(aml_compute_validate(&c, NULL), AML_OK);
  char *out = NULL;
  assert_int_equal(aml__compute_put_body(&c, "eastus2", &out, NULL), AML_OK);
  aml_test_assert_json_eq_fixture(out, "compute_new.put.json");
  aml_test_assert_absent(out, "tags"); /* not a tracked resource: tags only when set */
  aml_free(out);
}

static void test_enum_spellings(void **state) {
  (void)state;
  static const struct {
    const char *tier, *tier_wire, *os, *os_wire;
  } cases[] = {
      {"low_priority", "LowPriority", "linux", "Linux"}, {"LowPriority", "LowPriority", "Linux", "Linux"},
      {"LOW_PRIORITY", "LowPriority", "WINDOWS", "Windows"}, {"dedicated", "Dedicated", "windows", "Windows"},
      {"Spot", "Spot", "Plan9", "Plan9"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    aml_compute c;
    aml_compute_init(&c, AML_COMPUTE_VERSION);
    c.tier = cases[i].tier;
    c.os_type = cases[i].os;
    char *out = to_json(&c);
    aml_test_assert_str_at(out, "properties.properties.vmPriority", cases[i].tier_wire);
    aml_test_assert_str_at(out, "properties.properties.osType", cases[i].os_wire);
    aml_free(out);
  }
}

static void test_tristates(void **state) {
  (void)state;
  aml_compute c;
  aml_compute_init(&c, AML_COMPUTE_VERSION);
  c.min_instances = c.max_instances = AML_UNSET; /* no scale settings at all */
  char *out = to_json(&c);
  aml_test_assert_absent(out, "properties.properties.remoteLoginPortPublicAccess");
  aml_test_assert_absent(out, "properties.properties.enableNodePublicIp");
  aml_test_assert_absent(out, "properties.properties.scaleSettings");
  aml_test_assert_str_at(out, "properties.computeType", "AmlCompute");
  aml_free(out);
  c.ssh_public_access = 0;
  c.enable_node_public_ip = 0;
  out = to_json(&c);
  aml_test_assert_str_at(out, "properties.properties.remoteLoginPortPublicAccess", "Disabled");
  json_t *b = aml_test_json_at(out, "properties.properties.enableNodePublicIp");
  assert_true(json_is_false(b));
  json_decref(b);
  aml_free(out);

  static const struct {
    const char *wire;
    int32_t value;
  } in[] = {{"Enabled", 1}, {"Disabled", 0}, {"NotSpecified", AML_UNSET}, {"Sometimes", AML_UNSET}};
  for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
    char json[200];
    snprintf(json, sizeof(json),
             "{\"properties\":{\"properties\":{\"remoteLoginPortPublicAccess\":\"%s\",\"enableNodePublicIp\":true}}}",
             in[i].wire);
    aml_compute *p = NULL;
    assert_int_equal(aml_compute_from_json(json, &p, NULL), AML_OK);
    assert_int_equal(p->ssh_public_access, in[i].value);
    assert_int_equal(p->enable_node_public_ip, 1);
    out = to_json(p);
    /* Unset keeps the service's own value (NotSpecified, or a new one). */
    aml_test_assert_str_at(out, "properties.properties.remoteLoginPortPublicAccess", in[i].wire);
    aml_free(out);
    aml_compute_free(p);
  }
}

static void test_scale_patch(void **state) {
  (void)state;
  aml_compute c;
  aml_compute_init(&c, AML_COMPUTE_VERSION);
  c.name = "cpu";
  c.size = "ignored-in-a-patch";
  c.min_instances = AML_UNSET;
  c.max_instances = 10;
  char *out = NULL;
  assert_int_equal(aml__compute_scale_patch_body(&c, &out, NULL), AML_OK);
  aml_test_assert_json_eq(out, "{\"properties\":{\"properties\":{\"scaleSettings\":{\"maxNodeCount\":10}}}}");
  aml_free(out);
  c.min_instances = 0;
  c.idle_time_before_scale_down = 300;
  assert_int_equal(aml__compute_scale_patch_body(&c, &out, NULL), AML_OK);
  aml_test_assert_json_eq(out, "{\"properties\":{\"properties\":{\"scaleSettings\":{\"maxNodeCount\":10,\"minNodeCount\":0,"
                      "\"nodeIdleTimeBeforeScaleDown\":\"PT5M\"}}}}");
  aml_free(out);
  c.max_instances = AML_UNSET;
  aml_error *err = NULL;
  assert_int_equal(aml__compute_scale_patch_body(&c, &out, &err), AML_ERR_VALIDATION);
  assert_null(out);
  assert_non_null(strstr(aml_error_message(err), "maxNodeCount"));
  aml_error_free(err);
}

static void test_identity_body(void **state) {
  (void)state;
  aml_compute c;
  aml_compute_init(&c, AML_COMPUTE_VERSION);
  c.size = NULL; /* no defaults: the body is the identity alone */
  c.min_instances = c.max_instances = AML_UNSET;
  aml_compute_identity id;
  aml_compute_identity_init(&id, AML_COMPUTE_IDENTITY_VERSION);
  id.type = AML_IDENTITY_TYPE_SYSTEM_ASSIGNED;
  id.principal_id = "read-only-ignored";
  c.identity = &id;
  char *out = to_json(&c);
  aml_test_assert_json_eq(out, "{\"identity\":{\"type\":\"SystemAssigned\"},\"properties\":{\"computeType\":\"AmlCompute\","
                      "\"properties\":{}}}");
  aml_free(out);
  const char *ids[] = {"/subscriptions/s/resourceGroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/a",
                       "/subscriptions/s/resourceGroups/r/providers/Microsoft.ManagedIdentity/userAssignedIdentities/b"};
  id.type = "user_assigned";
  id.user_assigned_identities = ids;
  id.user_assigned_identities_count = 2;
  out = to_json(&c);
  aml_test_assert_str_at(out, "identity.type", "UserAssigned");
  json_t *uai = aml_test_json_at(out, "identity.userAssignedIdentities");
  assert_int_equal(json_object_size(uai), 2);
  assert_true(json_is_object(json_object_get(uai, ids[1])));
  assert_int_equal(json_object_size(json_object_get(uai, ids[1])), 0);
  json_decref(uai);
  aml_free(out);
  id.type = "SystemAssigned, UserAssigned";
  out = to_json(&c);
  aml_test_assert_str_at(out, "identity.type", "SystemAssigned,UserAssigned");
  aml_free(out);
  id.version = 2;
  assert_int_equal(aml_compute_to_json(&c, &out, NULL), AML_ERR_VERSION);
}

static void test_other_compute_type(void **state) {
  (void)state;
  char *text = aml_test_fixture("compute_list.json");
  aml__arm_page page;
  assert_int_equal(aml__arm_page_parse(text, strlen(text), "compute", &page, NULL), AML_OK);
  assert_int_equal(page.count, 2);
  assert_non_null(strstr(page.next_link, "$skip=token-2"));
  aml_compute *a = NULL, *b = NULL;
  assert_int_equal(aml__compute_from_json_value(aml__arm_page_item(&page, 0), &a, NULL), AML_OK);
  assert_int_equal(aml__compute_from_json_value(aml__arm_page_item(&page, 1), &b, NULL), AML_OK);
  assert_string_equal(a->compute_type, "AmlCompute");
  assert_int_equal(a->max_instances, 2);
  assert_int_equal(a->min_instances, AML_UNSET);
  assert_string_equal(b->compute_type, "ComputeInstance");
  assert_string_equal(b->name, "notebook-ci");
  assert_string_equal(b->size, "STANDARD_DS11_V2");
  char *out = to_json(b);
  aml_test_assert_str_at(out, "properties.computeType", "ComputeInstance"); /* never rewritten */
  aml_test_assert_str_at(out, "properties.properties.state", "Running");
  aml_free(out);
  aml_compute_free(a);
  aml_compute_free(b);
  aml__arm_page_free(&page);
  free(text);
}

static void expect_parse_error(const char *json, const char *needle) {
  aml_compute *c = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_compute_from_json(json, &c, &err), AML_ERR_PARSE);
  assert_null(c);
  if (!strstr(aml_error_message(err), needle))
    fail_msg("message \"%s\" does not name \"%s\"", aml_error_message(err), needle);
  aml_error_free(err);
}

static void test_parse_errors(void **state) {
  (void)state;
  aml_test_alloc_install();
  long live = aml_test_alloc_live();
  expect_parse_error("{\"properties\":{\"properties\":{\"scaleSettings\":{\"maxNodeCount\":\"4\"}}}}",
                     "properties.properties.scaleSettings.maxNodeCount");
  expect_parse_error("{\"properties\":{\"properties\":{\"scaleSettings\":{\"nodeIdleTimeBeforeScaleDown\":\"2 minutes\"}}}}",
                     "nodeIdleTimeBeforeScaleDown must be an ISO-8601 duration");
  expect_parse_error("{\"properties\":{\"properties\":{\"enableNodePublicIp\":\"true\"}}}",
                     "enableNodePublicIp must be a boolean");
  expect_parse_error("{\"properties\":{\"properties\":{\"errors\":{}}}}", "properties.properties.errors must be an array");
  expect_parse_error("{\"properties\":{\"properties\":{\"errors\":[\"boom\"]}}}", "properties.properties.errors");
  expect_parse_error("{\"properties\":{\"provisioningErrors\":7}}", "properties.provisioningErrors");
  expect_parse_error("{\"identity\":{\"userAssignedIdentities\":[]}}", "identity.userAssignedIdentities");
  expect_parse_error("{\"identity\":\"SystemAssigned\"}", "identity must be an object");
  expect_parse_error("{\"properties\":{\"properties\":{\"nodeStateCounts\":{\"idleNodeCount\":1.5}}}}",
                     "nodeStateCounts.idleNodeCount");
  expect_parse_error("{\"properties\":{\"properties\":{\"subnet\":\"/subscriptions/x\"}}}",
                     "properties.properties.subnet must be an object");
  expect_parse_error("{\"properties\":{\"properties\":[]}}", "properties.properties must be an object");
  assert_int_equal(aml_test_alloc_live(), live);
  aml_test_alloc_uninstall();
}

/* ---- secrets: an allocator that reports a secret found in a freed block ---- */
static const char *const SECRETS[] = {"S3cret-pass-0451", "ssh-ed25519 AAAAC3secretkey"};
static int g_secret_freed;

typedef struct scan_hdr {
  size_t size;
  size_t pad;
} scan_hdr;

static void *scan_malloc(size_t size, void *ud) {
  (void)ud;
  scan_hdr *h = malloc(sizeof(*h) + size);
  if (!h) return NULL;
  h->size = size;
  return h + 1;
}

static void scan_free(void *p, void *ud) {
  (void)ud;
  if (!p) return;
  scan_hdr *h = (scan_hdr *)p - 1;
  for (size_t s = 0; s < sizeof(SECRETS) / sizeof(SECRETS[0]); s++) {
    size_t n = strlen(SECRETS[s]);
    for (size_t i = 0; i + n <= h->size; i++)
      if (memcmp((char *)p + i, SECRETS[s], n) == 0) g_secret_freed = 1;
  }
  free(h);
}

static void *scan_realloc(void *p, size_t size, void *ud) {
  if (!p) return scan_malloc(size, ud);
  scan_hdr *h = (scan_hdr *)p - 1;
  void *n = scan_malloc(size, ud);
  if (!n) return NULL;
  memcpy(n, p, h->size < size ? h->size : size);
  scan_free(p, ud);
  return n;
}

static void test_secrets_wiped_on_free(void **state) {
  (void)state;
  aml_allocator a;
  aml_allocator_init(&a, AML_ALLOCATOR_VERSION);
  a.malloc_fn = scan_malloc;
  a.realloc_fn = scan_realloc;
  a.free_fn = scan_free;
  assert_int_equal(aml_global_set_allocator(&a, AML_ALLOC_FORWARD_NONE), AML_OK);
  const char *json = "{\"name\":\"sec-cluster\",\"properties\":{\"computeType\":\"AmlCompute\",\"properties\":{"
                     "\"userAccountCredentials\":{\"adminUserName\":\"admin\",\"adminUserPassword\":\"S3cret-pass-0451\","
                     "\"adminUserSshPublicKey\":\"ssh-ed25519 AAAAC3secretkey\"}}}}";
  aml_compute *c = NULL, *copy = NULL;
  assert_int_equal(aml_compute_from_json(json, &c, NULL), AML_OK);
  assert_string_equal(c->admin_password, "S3cret-pass-0451");
  assert_string_equal(c->ssh_key, "ssh-ed25519 AAAAC3secretkey");
  assert_int_equal(aml_compute_clone(c, &copy, NULL), AML_OK);
  assert_string_equal(copy->admin_password, "S3cret-pass-0451");
  g_secret_freed = 0;
  aml_compute_free(c);
  assert_int_equal(g_secret_freed, 0); /* password, key and raw_json were wiped first */
  aml_compute_free(copy);
  assert_int_equal(g_secret_freed, 0);

  /* A caller-built struct cloned: the copies are wiped too. */
  aml_compute mine;
  aml_compute_init(&mine, AML_COMPUTE_VERSION);
  mine.admin_username = "admin";
  mine.admin_password = SECRETS[0];
  assert_int_equal(aml_compute_clone(&mine, &copy, NULL), AML_OK);
  g_secret_freed = 0;
  aml_compute_free(copy);
  assert_int_equal(g_secret_freed, 0);
  assert_int_equal(aml_global_set_allocator(NULL, 0), AML_OK);
}

static void test_clone(void **state) {
  (void)state;
  aml_compute *c = from_fixture("compute_full.json");
  aml_compute *copy = NULL;
  assert_int_equal(aml_compute_clone(c, &copy, NULL), AML_OK);
  assert_ptr_not_equal(copy->identity, c->identity);
  assert_ptr_not_equal(copy->errors, c->errors);
  assert_ptr_not_equal(copy->errors[0], c->errors[0]);
  char *a = to_json(c);
  aml_compute_free(c);
  char *b = to_json(copy);
  aml_test_assert_json_eq(a, b);
  assert_string_equal(copy->errors[0]->message, "1 node failed to start");
  assert_string_equal(copy->identity->principal_id, "9a3c1e2f-0000-4b7d-8e6f-0a1b2c3d4e5f");
  assert_int_equal(copy->preempted_node_count, 1);
  assert_int_equal(copy->min_instances, 0);
  aml_free(a);
  aml_free(b);

  /* A caller identity put into a returned struct is used, then left alone. */
  aml_compute_identity mine;
  aml_compute_identity_init(&mine, AML_COMPUTE_IDENTITY_VERSION);
  mine.type = "none";
  copy->identity = &mine;
  char *out = to_json(copy);
  aml_test_assert_str_at(out, "identity.type", "None");
  aml_test_assert_absent(out, "identity.userAssignedIdentities");
  aml_free(out);
  aml_compute_free(copy);
  assert_string_equal(mine.type, "none");
}

/* Issue 8: the read-only fields a user looks at are modelled (and never
 * sent back); an idle time the seconds cannot hold survives a round trip. */
static void test_read_only_fields_and_inexact_duration(void **state) {
  (void)state;
  const char *json =
      "{\"name\":\"c1\",\"identity\":{\"type\":\"SystemAssigned,UserAssigned\",\"principalId\":\"p-1\",\"tenantId\":\"t-1\","
      "\"userAssignedIdentities\":{\"/subscriptions/s/x/uai\":{\"principalId\":\"p-2\",\"clientId\":\"c-2\"}}},"
      "\"properties\":{\"computeType\":\"AmlCompute\",\"createdOn\":\"2026-01-02T03:04:05.678Z\","
      "\"modifiedOn\":\"2026-02-03T04:05:06Z\",\"properties\":{\"vmSize\":\"STANDARD_D2_V2\","
      "\"allocationState\":\"Resizing\",\"allocationStateTransitionTime\":\"2026-02-03T04:05:07Z\","
      "\"errors\":[{\"error\":{\"code\":\"E1\",\"message\":\"m1\"}}],"
      "\"nodeStateCounts\":{\"idleNodeCount\":1,\"runningNodeCount\":2,\"preparingNodeCount\":3,"
      "\"unusableNodeCount\":4,\"leavingNodeCount\":5,\"preemptedNodeCount\":6},"
      "\"scaleSettings\":{\"maxNodeCount\":2,\"minNodeCount\":0,\"nodeIdleTimeBeforeScaleDown\":\"PT90.5S\"}}}}";
  aml_compute *c = NULL;
  assert_int_equal(aml_compute_from_json(json, &c, NULL), AML_OK);
  assert_string_equal(c->created_on, "2026-01-02T03:04:05.678Z");
  assert_string_equal(c->modified_on, "2026-02-03T04:05:06Z");
  assert_string_equal(c->allocation_state_transition_time, "2026-02-03T04:05:07Z");
  assert_int_equal(c->errors_count, 1);
  assert_string_equal(c->errors[0]->code, "E1");
  assert_int_equal(c->idle_node_count, 1);
  assert_int_equal(c->preempted_node_count, 6);
  assert_string_equal(c->identity->principal_id, "p-1");
  assert_string_equal(c->identity->tenant_id, "t-1");
  assert_int_equal(c->identity->user_assigned_identities_count, 1);
  assert_true(c->idle_time_before_scale_down == 91);
  assert_string_equal(c->idle_time_before_scale_down_iso, "PT90.5S");
  aml_compute *k = NULL;
  assert_int_equal(aml_compute_clone(c, &k, NULL), AML_OK);
  assert_string_equal(k->created_on, c->created_on);
  assert_string_equal(k->allocation_state_transition_time, c->allocation_state_transition_time);
  char *out = to_json(k);
  aml_test_assert_absent(out, "properties.createdOn");
  aml_test_assert_absent(out, "properties.modifiedOn");
  aml_test_assert_absent(out, "properties.properties.allocationStateTransitionTime");
  aml_test_assert_absent(out, "identity.principalId");
  aml_test_assert_str_at(out, "identity.type", "SystemAssigned,UserAssigned");
  aml_test_assert_str_at(out, "properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown", "PT90.5S");
  aml_free(out);
  aml_compute_free(k);
  aml_compute_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_init_defaults),    cmocka_unit_test(test_from_json_full),
      cmocka_unit_test(test_round_trip),       cmocka_unit_test(test_new_compute_body),
      cmocka_unit_test(test_enum_spellings),   cmocka_unit_test(test_tristates),
      cmocka_unit_test(test_scale_patch),      cmocka_unit_test(test_identity_body),
      cmocka_unit_test(test_other_compute_type), cmocka_unit_test(test_parse_errors),
      cmocka_unit_test(test_secrets_wiped_on_free), cmocka_unit_test(test_clone),
      cmocka_unit_test(test_read_only_fields_and_inexact_duration),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
