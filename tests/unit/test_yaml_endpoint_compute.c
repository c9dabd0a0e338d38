/* YAML specs: batch endpoints and computes (load from files and strings,
 * overrides, errors with file:line:column and field, write back, round trip). */
#include "test_support.h"

#include <string.h>

#define FIX AML_TEST_SOURCE_DIR "/tests/fixtures/yaml/"

static void assert_contains(const char *hay, const char *needle) {
  if (!hay || !strstr(hay, needle)) fail_msg("expected \"%s\" in \"%s\"", needle, hay ? hay : "(null)");
}

static const char *pair(const aml_string_pair *p, size_t n, const char *key) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(p[i].key, key) == 0) return p[i].value;
  return NULL;
}

static void test_endpoint_file(void **state) {
  (void)state;
  aml_batch_endpoint *ep = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_load_batch_endpoint(FIX "endpoint.yml", NULL, &ep, &err), AML_OK);
  assert_null(err);
  assert_string_equal(ep->name, "heart-classifier-batch");
  assert_string_equal(ep->description, "Scores patient records in batches.");
  assert_string_equal(ep->auth_mode, "aad_token");
  assert_string_equal(ep->default_deployment_name, "classifier-xgb");
  assert_int_equal(ep->tags_count, 2);
  assert_string_equal(pair(ep->tags, ep->tags_count, "team"), "cardio");
  assert_string_equal(pair(ep->tags, ep->tags_count, "stage"), "2");
  assert_int_equal(ep->properties_count, 1);
  assert_string_equal(pair(ep->properties, ep->properties_count, "owner"), "ml-platform");
  assert_non_null(ep->identity);
  assert_string_equal(ep->identity->type, "user_assigned");
  assert_int_equal(ep->identity->user_assigned_identities_count, 1);
  assert_contains(ep->identity->user_assigned_identities[0], "userAssignedIdentities/scorer");
  assert_null(ep->id);
  assert_null(ep->location);
  aml_batch_endpoint_free(ep);
}

static void test_endpoint_minimal_defaults(void **state) {
  (void)state;
  aml_batch_endpoint *ep = NULL;
  assert_int_equal(aml_yaml_load_batch_endpoint(FIX "endpoint_minimal.yml", NULL, &ep, NULL), AML_OK);
  assert_string_equal(ep->name, "ep-minimal");
  assert_string_equal(ep->auth_mode, AML_AUTH_MODE_AAD_TOKEN); /* the init default */
  assert_null(ep->tags);
  assert_null(ep->description);
  assert_null(ep->identity);
  aml_batch_endpoint_free(ep);
}

static void test_endpoint_string_and_overrides(void **state) {
  (void)state;
  const char *text = "name: ep-from-text\n"
                     "description: before\n"
                     "tags:\n"
                     "  team: a\n";
  const char *ovs[] = {"description=\"a b\"", "tags.team=x", "tags.new.key=7", "defaults.deployment_name=dep-2",
                       "auth_mode=key"};
  aml_yaml_options o;
  assert_int_equal(aml_yaml_options_init(&o, AML_YAML_OPTIONS_VERSION), AML_OK);
  o.overrides = ovs;
  o.overrides_count = 5;
  aml_batch_endpoint *ep = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_parse_batch_endpoint(text, "inline.yml", &o, &ep, &err), AML_OK);
  assert_string_equal(ep->description, "a b");
  assert_int_equal(ep->tags_count, 2);
  assert_string_equal(pair(ep->tags, ep->tags_count, "team"), "x");
  assert_string_equal(pair(ep->tags, ep->tags_count, "new.key"), "7");
  assert_string_equal(ep->default_deployment_name, "dep-2");
  assert_string_equal(ep->auth_mode, "key");
  aml_batch_endpoint_free(ep);
}

static void test_override_unknown_path(void **state) {
  (void)state;
  const char *ovs[] = {"defaults.deployment=x"};
  aml_yaml_options o;
  aml_yaml_options_init(&o, AML_YAML_OPTIONS_VERSION);
  o.overrides = ovs;
  o.overrides_count = 1;
  aml_batch_endpoint *ep = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_parse_batch_endpoint("name: ep-one\n", "e.yml", &o, &ep, &err), AML_ERR_INVALID_ARG);
  assert_null(ep);
  assert_contains(aml_error_message(err), "e.yml: --set defaults.deployment=x: no field defaults.deployment");
  assert_contains(aml_error_message(err), "deployment_name");
  aml_error_free(err);
  err = NULL;
  const char *ovs2[] = {"name.first=x"};
  o.overrides = ovs2;
  assert_int_equal(aml_yaml_parse_batch_endpoint("name: ep-one\n", "e.yml", &o, &ep, &err), AML_ERR_INVALID_ARG);
  assert_contains(aml_error_message(err), "name is a single value");
  aml_error_free(err);
  err = NULL;
  const char *ovs3[] = {"no-equals-sign"};
  o.overrides = ovs3;
  assert_int_equal(aml_yaml_parse_batch_endpoint("name: ep-one\n", "e.yml", &o, &ep, &err), AML_ERR_INVALID_ARG);
  assert_contains(aml_error_message(err), "expected path=value");
  aml_error_free(err);
}

static void test_override_value_checked(void **state) {
  (void)state;
  /* An override's value goes through the same type check and rules as the file's. */
  const char *ovs[] = {"max_instances=ten"};
  aml_yaml_options o;
  aml_yaml_options_init(&o, AML_YAML_OPTIONS_VERSION);
  o.overrides = ovs;
  o.overrides_count = 1;
  aml_compute *cm = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_parse_compute("name: cpu-cluster\ntype: amlcompute\n", "c.yml", &o, &cm, &err),
                   AML_ERR_VALIDATION);
  assert_string_equal(aml_error_message(err),
                      "c.yml: --set max_instances=ten: max_instances: expected an integer, got \"ten\"");
  aml_error_free(err);
  err = NULL;
  const char *ovs2[] = {"min_instances=3", "max_instances=2"};
  o.overrides = ovs2;
  o.overrides_count = 2;
  assert_int_equal(aml_yaml_parse_compute("name: cpu-cluster\ntype: amlcompute\n", "c.yml", &o, &cm, &err),
                   AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "c.yml: --set min_instances=3: min_instances: compute min_instances (3) must be <= max_instances (2)");
  aml_error_free(err);
}

static void test_endpoint_unknown_key(void **state) {
  (void)state;
  aml_batch_endpoint *ep = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_load_batch_endpoint(FIX "endpoint_unknown_key.yml", NULL, &ep, &err),
                   AML_ERR_VALIDATION);
  assert_null(ep);
  assert_contains(aml_error_message(err), "endpoint_unknown_key.yml:3:1: auth_mod: unknown key (expected one of: ");
  assert_contains(aml_error_message(err), "auth_mode");
  aml_error_free(err);
}

static void test_nested_unknown_key_and_enum(void **state) {
  (void)state;
  aml_batch_endpoint *ep = NULL;
  aml_error *err = NULL;
  const char *t1 = "name: ep-one\n"
                   "defaults:\n"
                   "  deployment_nam: x\n";
  assert_int_equal(aml_yaml_parse_batch_endpoint(t1, "n.yml", NULL, &ep, &err), AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "n.yml:3:3: defaults.deployment_nam: unknown key (expected one of: deployment_name)");
  aml_error_free(err);
  err = NULL;
  const char *t2 = "name: ep-one\nauth_mode: password\n";
  assert_int_equal(aml_yaml_parse_batch_endpoint(t2, "n.yml", NULL, &ep, &err), AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "n.yml:2:12: auth_mode: expected one of aad_token, aml_token, key");
  assert_contains(aml_error_message(err), "got \"password\"");
  aml_error_free(err);
  err = NULL;
  const char *t3 = "name: ep-one\ntags: [a, b]\n";
  assert_int_equal(aml_yaml_parse_batch_endpoint(t3, "n.yml", NULL, &ep, &err), AML_ERR_VALIDATION);
  assert_string_equal(aml_error_message(err), "n.yml:2:7: tags: expected a mapping of names to values, got a list");
  aml_error_free(err);
  err = NULL;
  const char *t4 = "name: ep-one\nidentity:\n  type: none\n  user_assigned_identities:\n    - resource: x\n";
  assert_int_equal(aml_yaml_parse_batch_endpoint(t4, "n.yml", NULL, &ep, &err), AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err),
                  "n.yml:5:7: identity.user_assigned_identities[0].resource: unknown key (expected one of: resource_id)");
  aml_error_free(err);
}

static void test_compute_bad_type(void **state) {
  (void)state;
  aml_compute *cm = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_load_compute(FIX "compute_bad_type.yml", NULL, &cm, &err), AML_ERR_VALIDATION);
  assert_null(cm);
  assert_contains(aml_error_message(err), "compute_bad_type.yml:4:16: max_instances: expected an integer, got \"four\"");
  aml_error_free(err);
}

static void test_rule_broken_at_value(void **state) {
  (void)state;
  aml_batch_endpoint *ep = NULL;
  aml_error *err = NULL;
  /* The name rule is aml_batch_endpoint_validate()'s; the message points at the value. */
  const char *t = "description: x\nname: 9-lives\n";
  assert_int_equal(aml_yaml_parse_batch_endpoint(t, "r.yml", NULL, &ep, &err), AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "r.yml:2:7: name: batch endpoint name");
  aml_error_free(err);
  err = NULL;
  /* A missing required field: the message points at the document. */
  assert_int_equal(aml_yaml_parse_batch_endpoint("description: x\n", "r.yml", NULL, &ep, &err), AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "r.yml:1:1: name: batch endpoint name is required");
  aml_error_free(err);
  err = NULL;
  aml_compute *cm = NULL;
  const char *tc = "name: cpu-cluster\ntype: amlcompute\nmin_instances: 5\nmax_instances: 2\n";
  assert_int_equal(aml_yaml_parse_compute(tc, "c.yml", NULL, &cm, &err), AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "c.yml:3:16: min_instances: compute min_instances (5) must be <= max_instances (2)");
  aml_error_free(err);
  err = NULL;
  const char *tc2 = "name: cpu-cluster\ntype: amlcompute\nssh_settings:\n  admin_password: hunter2-secret\n";
  assert_int_equal(aml_yaml_parse_compute(tc2, "c.yml", NULL, &cm, &err), AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "c.yml:4:3: ssh_settings: compute admin_username is required");
  assert_null(strstr(aml_error_message(err), "hunter2"));
  aml_error_free(err);
}

static void test_secret_not_echoed(void **state) {
  (void)state;
  aml_compute *cm = NULL;
  aml_error *err = NULL;
  const char *t = "name: cpu-cluster\ntype: amlcompute\nssh_settings:\n  admin_username: u\n  admin_password:\n    - hunter2-secret\n";
  assert_int_equal(aml_yaml_parse_compute(t, "c.yml", NULL, &cm, &err), AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "c.yml:6:5: ssh_settings.admin_password: expected a string");
  assert_null(strstr(aml_error_message(err), "hunter2"));
  aml_error_free(err);
  err = NULL;
  /* Nor in an override's text, quoted by a message about another field. */
  const char *ovs[] = {"ssh_settings.admin_password=hunter2-secret"};
  aml_yaml_options o;
  aml_yaml_options_init(&o, AML_YAML_OPTIONS_VERSION);
  o.overrides = ovs;
  o.overrides_count = 1;
  assert_int_equal(aml_yaml_parse_compute("name: cpu-cluster\ntype: amlcompute\n", "c.yml", &o, &cm, &err),
                   AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err),
                  "c.yml: --set ssh_settings.admin_password=(secret, not shown): ssh_settings: compute admin_username is required");
  assert_null(strstr(aml_error_message(err), "hunter2"));
  aml_error_free(err);
}

static void test_missing_file_and_malformed(void **state) {
  (void)state;
  aml_batch_endpoint *ep = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_load_batch_endpoint(FIX "no-such-file.yml", NULL, &ep, &err), AML_ERR_NOT_FOUND);
  assert_contains(aml_error_message(err), "no-such-file.yml: no such file");
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_yaml_load_batch_endpoint(FIX "malformed.yml", NULL, &ep, &err), AML_ERR_PARSE);
  assert_contains(aml_error_message(err), "malformed.yml:4:9: malformed YAML: mapping values are not allowed in this context");
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_yaml_parse_batch_endpoint("name: a\nname: b\n", "d.yml", NULL, &ep, &err), AML_ERR_PARSE);
  assert_string_equal(aml_error_message(err), "d.yml:2:1: duplicate key \"name\"");
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_yaml_parse_batch_endpoint("- a\n- b\n", "s.yml", NULL, &ep, &err), AML_ERR_PARSE);
  assert_contains(aml_error_message(err), "s.yml:1:1: expected a mapping");
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_yaml_parse_batch_endpoint("name: a\n---\nname: b\n", "m.yml", NULL, &ep, &err), AML_ERR_PARSE);
  assert_contains(aml_error_message(err), "m.yml:2:1: malformed YAML: more than one document");
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_yaml_parse_batch_endpoint("a: &x 1\nb: *x\n", "al.yml", NULL, &ep, &err), AML_ERR_PARSE);
  assert_contains(aml_error_message(err), "al.yml:2:4: aliases");
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_yaml_parse_batch_endpoint("name: ep\n", NULL, NULL, NULL, &err), AML_ERR_INVALID_ARG);
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_yaml_load_batch_endpoint(FIX, NULL, &ep, &err), AML_ERR_INVALID_ARG);
  assert_contains(aml_error_message(err), "not a regular file");
  aml_error_free(err);
}

static void test_compute_file(void **state) {
  (void)state;
  aml_compute *cm = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_load_compute(FIX "compute.yml", NULL, &cm, &err), AML_OK);
  assert_string_equal(cm->name, "batch-cluster");
  assert_string_equal(cm->description, "CPU nodes for batch scoring");
  assert_string_equal(cm->size, "STANDARD_DS3_V2");
  assert_string_equal(cm->tier, "low_priority");
  assert_int_equal(cm->min_instances, 0);
  assert_int_equal(cm->max_instances, 4);
  assert_int_equal(cm->idle_time_before_scale_down, 120);
  assert_int_equal(cm->ssh_public_access, 0);
  assert_int_equal(cm->enable_node_public_ip, 1);
  assert_string_equal(cm->admin_username, "azureuser");
  assert_string_equal(cm->admin_password, "not-a-real-password-5");
  assert_string_equal(cm->ssh_key, "ssh-rsa AAAAB3NzaC1yc2E fixture@example");
  assert_contains(cm->subnet, "/subnets/default");
  assert_string_equal(pair(cm->tags, cm->tags_count, "cost-center"), "4411");
  assert_string_equal(cm->identity->type, "system_assigned");
  aml_compute_free(cm);
}

static void test_compute_type_required(void **state) {
  (void)state;
  aml_compute *cm = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_parse_compute("name: cpu-cluster\n", "c.yml", NULL, &cm, &err), AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "c.yml:1:1: type: required");
  aml_error_free(err);
  err = NULL;
  assert_int_equal(aml_yaml_parse_compute("name: cpu-cluster\ntype: computeinstance\n", "c.yml", NULL, &cm, &err),
                   AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "c.yml:2:7: type: expected one of amlcompute, got \"computeinstance\"");
  aml_error_free(err);
  err = NULL;
  /* An int32 field refuses a number that does not fit. */
  assert_int_equal(aml_yaml_parse_compute("name: cpu-cluster\ntype: amlcompute\nmax_instances: 99999999999\n", "c.yml",
                                          NULL, &cm, &err),
                   AML_ERR_VALIDATION);
  assert_contains(aml_error_message(err), "c.yml:3:16: max_instances: 99999999999 is out of range");
  aml_error_free(err);
}

static void test_compute_defaults(void **state) {
  (void)state;
  aml_compute *cm = NULL;
  assert_int_equal(aml_yaml_parse_compute("name: cpu-cluster\ntype: AmlCompute\n", NULL, NULL, &cm, NULL), AML_OK);
  assert_string_equal(cm->size, "STANDARD_DS3_V2");
  assert_int_equal(cm->min_instances, 0);
  assert_int_equal(cm->max_instances, 1);
  assert_int_equal(cm->idle_time_before_scale_down, AML_UNSET64);
  assert_int_equal(cm->ssh_public_access, AML_UNSET);
  aml_compute_free(cm);
}

static void assert_pairs_equal(const aml_string_pair *a, size_t na, const aml_string_pair *b, size_t nb) {
  assert_int_equal(na, nb);
  assert_true((a == NULL) == (b == NULL));
  for (size_t i = 0; i < na; i++) {
    assert_string_equal(a[i].key, b[i].key);
    assert_string_equal(a[i].value, b[i].value);
  }
}

static void assert_str_eq_null(const char *a, const char *b) {
  if (!a || !b)
    assert_true(a == b);
  else
    assert_string_equal(a, b);
}

static void assert_identity_equal(const aml_compute_identity *a, const aml_compute_identity *b) {
  assert_true((a == NULL) == (b == NULL));
  if (!a) return;
  assert_str_eq_null(a->type, b->type);
  assert_int_equal(a->user_assigned_identities_count, b->user_assigned_identities_count);
  for (size_t i = 0; i < a->user_assigned_identities_count; i++)
    assert_string_equal(a->user_assigned_identities[i], b->user_assigned_identities[i]);
}

static void test_endpoint_round_trip(void **state) {
  (void)state;
  aml_batch_endpoint *a = NULL, *b = NULL;
  char *yaml = NULL;
  assert_int_equal(aml_yaml_load_batch_endpoint(FIX "endpoint.yml", NULL, &a, NULL), AML_OK);
  assert_int_equal(aml_batch_endpoint_to_yaml(a, &yaml, NULL), AML_OK);
  assert_contains(yaml, "$schema: https://azuremlschemas.azureedge.net/latest/batchEndpoint.schema.json\n");
  assert_contains(yaml, "stage: \"2\"\n"); /* a string that looks like a number stays a string */
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_parse_batch_endpoint(yaml, "round.yml", NULL, &b, &err), AML_OK);
  assert_string_equal(a->name, b->name);
  assert_str_eq_null(a->description, b->description);
  assert_str_eq_null(a->auth_mode, b->auth_mode);
  assert_str_eq_null(a->location, b->location);
  assert_str_eq_null(a->default_deployment_name, b->default_deployment_name);
  assert_pairs_equal(a->tags, a->tags_count, b->tags, b->tags_count);
  assert_pairs_equal(a->properties, a->properties_count, b->properties, b->properties_count);
  assert_identity_equal(a->identity, b->identity);
  aml_free(yaml);
  aml_batch_endpoint_free(a);
  aml_batch_endpoint_free(b);
}

static void test_endpoint_to_yaml_from_struct(void **state) {
  (void)state;
  /* A caller-built struct with awkward strings: they must come back unchanged. */
  aml_batch_endpoint ep;
  aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
  aml_string_pair tags[] = {{"true", "yes"}, {"multi", "line one\nline two"}, {"colon", "a: b # not a comment"},
                            {"empty", ""}};
  ep.name = "ep-awkward";
  ep.description = "null";
  ep.location = "123";
  ep.tags = tags;
  ep.tags_count = 4;
  aml_string_pair none[1];
  ep.properties = none; /* set but empty: {} */
  ep.properties_count = 0;
  char *yaml = NULL;
  assert_int_equal(aml_batch_endpoint_to_yaml(&ep, &yaml, NULL), AML_OK);
  aml_batch_endpoint *b = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_parse_batch_endpoint(yaml, "x.yml", NULL, &b, &err), AML_OK);
  assert_string_equal(b->description, "null");
  assert_string_equal(b->location, "123");
  assert_pairs_equal(ep.tags, ep.tags_count, b->tags, b->tags_count);
  assert_non_null(b->properties);
  assert_int_equal(b->properties_count, 0);
  aml_free(yaml);
  aml_batch_endpoint_free(b);
  assert_int_equal(aml_batch_endpoint_to_yaml(NULL, &yaml, NULL), AML_ERR_INVALID_ARG);
  ep.version = 99;
  assert_int_equal(aml_batch_endpoint_to_yaml(&ep, &yaml, NULL), AML_ERR_VERSION);
}

static void test_compute_round_trip(void **state) {
  (void)state;
  aml_compute *a = NULL, *b = NULL;
  char *yaml = NULL;
  assert_int_equal(aml_yaml_load_compute(FIX "compute.yml", NULL, &a, NULL), AML_OK);
  assert_int_equal(aml_compute_to_yaml(a, &yaml, NULL), AML_OK);
  assert_null(strstr(yaml, "not-a-real-password")); /* secrets are not written */
  assert_contains(yaml, "type: amlcompute\n");
  aml_error *err = NULL;
  assert_int_equal(aml_yaml_parse_compute(yaml, "round.yml", NULL, &b, &err), AML_OK);
  assert_string_equal(a->name, b->name);
  assert_str_eq_null(a->description, b->description);
  assert_str_eq_null(a->size, b->size);
  assert_str_eq_null(a->tier, b->tier);
  assert_int_equal(a->min_instances, b->min_instances);
  assert_int_equal(a->max_instances, b->max_instances);
  assert_int_equal(a->idle_time_before_scale_down, b->idle_time_before_scale_down);
  assert_int_equal(a->ssh_public_access, b->ssh_public_access);
  assert_int_equal(a->enable_node_public_ip, b->enable_node_public_ip);
  assert_str_eq_null(a->admin_username, b->admin_username);
  assert_null(b->admin_password);
  assert_str_eq_null(a->ssh_key, b->ssh_key);
  assert_str_eq_null(a->subnet, b->subnet);
  assert_pairs_equal(a->tags, a->tags_count, b->tags, b->tags_count);
  assert_identity_equal(a->identity, b->identity);
  aml_free(yaml);
  aml_compute_free(a);
  aml_compute_free(b);
}

static void test_options_versions(void **state) {
  (void)state;
  aml_yaml_options o;
  assert_int_equal(aml_yaml_options_init(NULL, AML_YAML_OPTIONS_VERSION), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_yaml_options_init(&o, 0), AML_ERR_VERSION);
  assert_int_equal(aml_yaml_options_init(&o, AML_YAML_OPTIONS_VERSION), AML_OK);
  o.version = 7;
  aml_batch_endpoint *ep = NULL;
  assert_int_equal(aml_yaml_parse_batch_endpoint("name: ep-one\n", NULL, &o, &ep, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_yaml_load_batch_endpoint(NULL, NULL, &ep, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_yaml_parse_batch_endpoint(NULL, NULL, NULL, &ep, NULL), AML_ERR_INVALID_ARG);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_endpoint_file),
      cmocka_unit_test(test_endpoint_minimal_defaults),
      cmocka_unit_test(test_endpoint_string_and_overrides),
      cmocka_unit_test(test_override_unknown_path),
      cmocka_unit_test(test_override_value_checked),
      cmocka_unit_test(test_endpoint_unknown_key),
      cmocka_unit_test(test_nested_unknown_key_and_enum),
      cmocka_unit_test(test_compute_bad_type),
      cmocka_unit_test(test_rule_broken_at_value),
      cmocka_unit_test(test_secret_not_echoed),
      cmocka_unit_test(test_missing_file_and_malformed),
      cmocka_unit_test(test_compute_file),
      cmocka_unit_test(test_compute_type_required),
      cmocka_unit_test(test_compute_defaults),
      cmocka_unit_test(test_endpoint_round_trip),
      cmocka_unit_test(test_endpoint_to_yaml_from_struct),
      cmocka_unit_test(test_compute_round_trip),
      cmocka_unit_test(test_options_versions),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
