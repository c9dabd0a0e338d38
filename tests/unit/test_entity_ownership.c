/* Who frees what: library-returned structs are freed with everything the
 * library allocated for them and nothing else; pointers the library did not
 * return (caller structs, stale pointers) are ignored without being read. */
#include "test_support.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "ml/arena.h"

static const char *EP_JSON =
    "{\"id\":\"/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/"
    "batchEndpoints/ep1\",\"name\":\"ep1\",\"tags\":{\"a\":\"b\"},\"properties\":{\"authMode\":\"AADToken\"}}";
static const char *DEP_JSON =
    "{\"name\":\"dep1\",\"properties\":{\"compute\":\"c\",\"codeConfiguration\":{\"scoringScript\":\"s.py\"},"
    "\"retrySettings\":{\"maxRetries\":1},\"model\":{\"referenceType\":\"DataPath\",\"path\":\"p\"}}}";
static const char *COMPUTE_JSON =
    "{\"name\":\"cpu\",\"identity\":{\"type\":\"UserAssigned\",\"userAssignedIdentities\":{\"/x/y\":{}}},"
    "\"properties\":{\"computeType\":\"AmlCompute\",\"properties\":{\"errors\":[{\"error\":{\"code\":\"E\"}}]}}}";

static void test_free_null_is_noop(void **state) {
  (void)state;
  aml_batch_endpoint_free(NULL);
  aml_batch_deployment_free(NULL);
  aml_compute_free(NULL);
  aml_model_version_free(NULL);
  aml_code_version_free(NULL);
  aml_environment_version_free(NULL);
}

/* Caller-built structs (stack and heap) passed to _free are left untouched:
 * the registry lookup compares addresses and never reads them. */
static void test_free_of_caller_structs_is_ignored(void **state) {
  (void)state;
  aml_test_alloc_install();
  long live = aml_test_alloc_live();
  aml_batch_endpoint ep;
  aml_batch_endpoint_init(&ep, AML_BATCH_ENDPOINT_VERSION);
  ep.name = "stack-ep";
  aml_batch_endpoint_free(&ep);
  assert_string_equal(ep.name, "stack-ep");
  assert_int_equal(ep.version, AML_BATCH_ENDPOINT_VERSION);

  aml_batch_deployment *heap_dep = malloc(sizeof(*heap_dep));
  aml_batch_deployment_init(heap_dep, AML_BATCH_DEPLOYMENT_VERSION);
  aml_batch_deployment_free(heap_dep); /* not ours: ignored */
  assert_int_equal(heap_dep->version, AML_BATCH_DEPLOYMENT_VERSION);
  free(heap_dep); /* the caller's free still works: nothing was released twice */

  aml_compute c;
  aml_compute_init(&c, AML_COMPUTE_VERSION);
  aml_compute_free(&c);
  aml_model_version m;
  aml_model_version_init(&m, AML_MODEL_VERSION_VERSION);
  aml_model_version_free(&m);
  aml_code_version cv;
  aml_code_version_init(&cv, AML_CODE_VERSION_VERSION);
  aml_code_version_free(&cv);
  aml_environment_version ev;
  aml_environment_version_init(&ev, AML_ENVIRONMENT_VERSION_VERSION);
  aml_environment_version_free(&ev);
  assert_int_equal(aml_test_alloc_live(), live);
  aml_test_alloc_uninstall();
}

static void test_double_free_is_ignored(void **state) {
  (void)state;
  aml_batch_endpoint *ep = NULL;
  assert_int_equal(aml_batch_endpoint_from_json(EP_JSON, &ep, NULL), AML_OK);
  assert_true(aml__owned_is(ep, AML__KIND_BATCH_ENDPOINT));
  aml_batch_endpoint_free(ep);
  assert_false(aml__owned_is(ep, AML__KIND_BATCH_ENDPOINT));
  aml_batch_endpoint_free(ep); /* stale pointer: not in the registry, not read */
}

/* The kind recorded in the header must match: a struct of one entity type is
 * not freed by another type's _free. */
static void test_kind_checked(void **state) {
  (void)state;
  aml_batch_endpoint *ep = NULL;
  assert_int_equal(aml_batch_endpoint_from_json(EP_JSON, &ep, NULL), AML_OK);
  assert_false(aml__owned_is(ep, AML__KIND_COMPUTE));
  aml_compute_free((aml_compute *)(void *)ep); /* wrong type: ignored */
  assert_true(aml__owned_is(ep, AML__KIND_BATCH_ENDPOINT));
  assert_string_equal(ep->name, "ep1");
  aml_batch_endpoint_free(ep);
}

static void test_user_assigned_fields_survive_free(void **state) {
  (void)state;
  char *name = strdup("caller-name");
  aml_string_pair *tags = calloc(2, sizeof(*tags));
  tags[0].key = "k";
  tags[0].value = "v";
  aml_code_configuration *cc = malloc(sizeof(*cc));
  aml_code_configuration_init(cc, AML_CODE_CONFIGURATION_VERSION);
  cc->scoring_script = "mine.py";
  aml_compute_identity id;
  aml_compute_identity_init(&id, AML_COMPUTE_IDENTITY_VERSION);
  id.type = "none";

  aml_batch_endpoint *ep = NULL;
  assert_int_equal(aml_batch_endpoint_from_json(EP_JSON, &ep, NULL), AML_OK);
  ep->name = name;
  ep->tags = tags;
  ep->tags_count = 1;
  ep->raw_json = "{}"; /* even the read-only field: a static string the library must not free */
  aml_batch_endpoint_free(ep);

  aml_batch_deployment *dep = NULL;
  assert_int_equal(aml_batch_deployment_from_json(DEP_JSON, &dep, NULL), AML_OK);
  dep->code_configuration = cc;
  dep->model_path = NULL;
  dep->retry_settings = NULL;
  dep->environment_variables = tags;
  dep->environment_variables_count = 1;
  aml_batch_deployment_free(dep);

  aml_compute *c = NULL;
  assert_int_equal(aml_compute_from_json(COMPUTE_JSON, &c, NULL), AML_OK);
  c->identity = &id;
  c->errors = NULL;
  c->admin_password = name;
  aml_compute_free(c);

  aml_model_version *m = NULL;
  assert_int_equal(aml_model_version_from_json("{\"name\":\"1\"}", &m, NULL), AML_OK);
  m->path = name;
  aml_model_version_free(m);
  aml_code_version *cv = NULL;
  assert_int_equal(aml_code_version_from_json("{\"name\":\"1\"}", &cv, NULL), AML_OK);
  cv->tags = tags;
  aml_code_version_free(cv);
  aml_environment_version *ev = NULL;
  assert_int_equal(aml_environment_version_from_json("{\"name\":\"1\"}", &ev, NULL), AML_OK);
  ev->image = name;
  aml_environment_version_free(ev);

  assert_string_equal(name, "caller-name");
  assert_string_equal(tags[0].value, "v");
  assert_string_equal(cc->scoring_script, "mine.py");
  assert_string_equal(id.type, "none");
  free(name);
  free(tags);
  free(cc);
}

/* Everything a returned struct holds is released by its _free. */
static void test_no_leaks(void **state) {
  (void)state;
  aml_test_alloc_install();
  long live = aml_test_alloc_live();
  aml_batch_endpoint *ep = NULL, *ep2 = NULL;
  aml_batch_deployment *dep = NULL, *dep2 = NULL;
  aml_compute *c = NULL, *c2 = NULL;
  assert_int_equal(aml_batch_endpoint_from_json(EP_JSON, &ep, NULL), AML_OK);
  assert_int_equal(aml_batch_endpoint_clone(ep, &ep2, NULL), AML_OK);
  assert_int_equal(aml_batch_deployment_from_json(DEP_JSON, &dep, NULL), AML_OK);
  assert_int_equal(aml_batch_deployment_clone(dep, &dep2, NULL), AML_OK);
  assert_int_equal(aml_compute_from_json(COMPUTE_JSON, &c, NULL), AML_OK);
  assert_int_equal(aml_compute_clone(c, &c2, NULL), AML_OK);
  assert_true(aml_test_alloc_live() > live);
  aml_batch_endpoint_free(ep);
  aml_batch_endpoint_free(ep2);
  aml_batch_deployment_free(dep);
  aml_batch_deployment_free(dep2);
  aml_compute_free(c);
  aml_compute_free(c2);
  assert_int_equal(aml_test_alloc_live(), live);
  aml_test_alloc_uninstall();
}

/* Many live structs at once, freed out of order (registry buckets). */
static void test_many_structs(void **state) {
  (void)state;
  enum { N = 600 };
  aml_model_version **all = calloc(N, sizeof(*all));
  for (int i = 0; i < N; i++) assert_int_equal(aml_model_version_from_json("{\"name\":\"v\"}", &all[i], NULL), AML_OK);
  for (int i = 0; i < N; i += 2) aml_model_version_free(all[i]);
  for (int i = 1; i < N; i += 2) assert_true(aml__owned_is(all[i], AML__KIND_MODEL_VERSION));
  for (int i = N - 1; i > 0; i -= 2) aml_model_version_free(all[i]);
  for (int i = 0; i < N; i++) assert_false(aml__owned_is(all[i], AML__KIND_MODEL_VERSION));
  free(all);
}

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 500; i++) {
    aml_batch_deployment *d = NULL;
    if (aml_batch_deployment_from_json(DEP_JSON, &d, NULL) != AML_OK) return (void *)1;
    aml_batch_deployment *copy = NULL;
    if (aml_batch_deployment_clone(d, &copy, NULL) != AML_OK) return (void *)1;
    aml_batch_deployment_free(d);
    aml_batch_deployment_free(copy);
  }
  return NULL;
}

/* Structs on different threads share only the registry, which is locked. */
static void test_threads(void **state) {
  (void)state;
  pthread_t t[4];
  for (int i = 0; i < 4; i++) assert_int_equal(pthread_create(&t[i], NULL, worker, NULL), 0);
  for (int i = 0; i < 4; i++) {
    void *rc = NULL;
    pthread_join(t[i], &rc);
    assert_null(rc);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_free_null_is_noop),
      cmocka_unit_test(test_free_of_caller_structs_is_ignored),
      cmocka_unit_test(test_double_free_is_ignored),
      cmocka_unit_test(test_kind_checked),
      cmocka_unit_test(test_user_assigned_fields_survive_free),
      cmocka_unit_test(test_no_leaks),
      cmocka_unit_test(test_many_structs),
      cmocka_unit_test(test_threads),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
