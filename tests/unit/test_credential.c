/* Credential handles: the per-scope token cache, refresh 5 minutes before
 * expiry, one refresh shared by concurrent callers, failure handling, the
 * delegate and vtable forms, and wiping on free. */
#include "test_support.h"

#include "identity/credential_impl.h"

#include <pthread.h>
#include <string.h>

static int64_t g_now = 1000000;
static int64_t fake_now(void) { return g_now; }

typedef struct source {
  int calls;
  int64_t lifetime;  /* tokens expire now + lifetime */
  aml_result fail;   /* non-zero: fail with this */
  int slow_ms;       /* simulated latency */
  pthread_mutex_t lock;
} source;

static aml_result source_get(const char *scope, aml_access_token *out, void *ud) {
  source *s = ud;
  pthread_mutex_lock(&s->lock);
  int n = ++s->calls;
  pthread_mutex_unlock(&s->lock);
  if (s->slow_ms) {
    /* Simulated latency (real time): it widens the window in which the
     * other callers arrive while one fetch runs; the assertion (one call
     * into the source) must hold however the threads interleave. */
    struct timespec ts = {0, s->slow_ms * 1000000L};
    nanosleep(&ts, NULL);
  }
  if (s->fail) return s->fail;
  char tok[128];
  snprintf(tok, sizeof(tok), "tok-%d-%s", n, scope);
  return aml_access_token_set(out, tok, g_now + s->lifetime);
}

static aml_credential *make(source *s) {
  aml_credential *c = NULL;
  pthread_mutex_init(&s->lock, NULL);
  assert_int_equal(aml_credential_delegate_new(source_get, s, &c, NULL), AML_OK);
  return c;
}

static int setup(void **state) {
  (void)state;
  g_now = 1000000;
  aml__credential_set_clock(fake_now);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  aml__credential_set_clock(NULL);
  return 0;
}

static char *get(aml_credential *c, const char *scope, aml_result *rc_out) {
  aml_access_token *t = NULL;
  aml_error *err = NULL;
  aml_result rc = aml_credential_get_token(c, scope, &t, &err);
  if (rc_out) *rc_out = rc;
  char *v = rc == AML_OK ? strdup(aml_access_token_value(t)) : NULL;
  aml_access_token_free(t);
  aml_error_free(err);
  return v;
}

static void test_cache_per_scope(void **state) {
  (void)state;
  source s = {.lifetime = 3600};
  aml_credential *c = make(&s);
  char *a = get(c, AML_SCOPE_ARM, NULL), *b = get(c, AML_SCOPE_ARM, NULL);
  assert_string_equal(a, b);
  assert_int_equal(s.calls, 1);
  char *m = get(c, AML_SCOPE_ML, NULL);
  assert_int_equal(s.calls, 2);
  assert_non_null(strstr(m, "ml.azure.com"));
  assert_string_not_equal(a, m);
  free(a); free(b); free(m);
  aml_credential_unref(c);
}

static void test_refresh_five_minutes_before_expiry(void **state) {
  (void)state;
  source s = {.lifetime = 3600};
  aml_credential *c = make(&s);
  char *first = get(c, AML_SCOPE_ARM, NULL);
  g_now += 3600 - 301; /* 301 s left: still cached */
  char *same = get(c, AML_SCOPE_ARM, NULL);
  assert_string_equal(first, same);
  assert_int_equal(s.calls, 1);
  g_now += 2; /* 299 s left: refresh */
  char *fresh = get(c, AML_SCOPE_ARM, NULL);
  assert_int_equal(s.calls, 2);
  assert_string_not_equal(first, fresh);
  aml_access_token *t = NULL;
  assert_int_equal(aml_credential_get_token(c, AML_SCOPE_ARM, &t, NULL), AML_OK);
  assert_int_equal(aml_access_token_expires_on(t), g_now + 3600);
  aml_access_token_free(t);
  free(first); free(same); free(fresh);
  aml_credential_unref(c);
}

static void test_failed_refresh_keeps_valid_token(void **state) {
  (void)state;
  source s = {.lifetime = 600};
  aml_credential *c = make(&s);
  char *first = get(c, AML_SCOPE_ARM, NULL);
  g_now += 400; /* inside the refresh window, still valid for 200 s */
  s.fail = AML_ERR_CONNECT;
  aml_result rc;
  char *again = get(c, AML_SCOPE_ARM, &rc);
  assert_int_equal(rc, AML_OK);
  assert_string_equal(first, again);
  assert_int_equal(s.calls, 2);
  g_now += 300; /* now expired: the failure surfaces as AML_ERR_AUTH */
  aml_access_token *t = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_credential_get_token(c, AML_SCOPE_ARM, &t, &err), AML_ERR_AUTH);
  assert_null(t);
  assert_non_null(strstr(aml_error_message(err), "could not connect"));
  aml_error_free(err);
  free(first); free(again);
  aml_credential_unref(c);
}

static void test_invalidate(void **state) {
  (void)state;
  source s = {.lifetime = 3600};
  aml_credential *c = make(&s);
  free(get(c, AML_SCOPE_ARM, NULL));
  aml__credential_invalidate(c, AML_SCOPE_ARM);
  free(get(c, AML_SCOPE_ARM, NULL));
  assert_int_equal(s.calls, 2);
  aml_credential_unref(c);
}

typedef struct race {
  aml_credential *c;
  int ok;
} race;

static void *racer(void *arg) {
  race *r = arg;
  aml_access_token *t = NULL;
  if (aml_credential_get_token(r->c, AML_SCOPE_ARM, &t, NULL) == AML_OK && strcmp(aml_access_token_value(t), "tok-1-https://management.azure.com/.default") == 0)
    r->ok = 1;
  aml_access_token_free(t);
  return NULL;
}

static void test_concurrent_callers_share_one_refresh(void **state) {
  (void)state;
  source s = {.lifetime = 3600, .slow_ms = 50};
  aml_credential *c = make(&s);
  pthread_t th[16];
  race r[16];
  for (int i = 0; i < 16; i++) {
    r[i] = (race){c, 0};
    pthread_create(&th[i], NULL, racer, &r[i]);
  }
  for (int i = 0; i < 16; i++) {
    pthread_join(th[i], NULL);
    assert_true(r[i].ok);
  }
  assert_int_equal(s.calls, 1);
  aml_credential_unref(c);
}

static void test_static_token(void **state) {
  (void)state;
  aml_credential *c = NULL;
  assert_int_equal(aml_static_token_credential_new("abc", 0, &c, NULL), AML_OK);
  g_now += 100000000; /* expires_on 0 = never */
  char *v = get(c, AML_SCOPE_ARM, NULL);
  assert_string_equal(v, "abc");
  free(v);
  aml_credential_unref(c);
  aml_error *err = NULL;
  assert_int_equal(aml_static_token_credential_new("", 0, &c, &err), AML_ERR_INVALID_ARG);
  aml_error_free(err);
  assert_int_equal(aml_static_token_credential_new("x", 0, NULL, NULL), AML_ERR_INVALID_ARG);
}

/* vtable form: destroy runs once, on the last unref (or on failure). */
static int g_destroyed;
static aml_result vt_get(void *self, const char *scope, aml_access_token *out, aml_error **err) {
  (void)self; (void)scope; (void)out;
  *err = aml_error_new(AML_ERR_AUTH, "no such app");
  return AML_ERR_AUTH;
}
static aml_result vt_empty(void *self, const char *scope, aml_access_token *out, aml_error **err) {
  (void)self; (void)scope; (void)out; (void)err;
  return AML_OK; /* claims success but sets no token */
}
static void vt_destroy(void *self) { (void)self; g_destroyed++; }

static void test_vtable(void **state) {
  (void)state;
  g_destroyed = 0;
  aml_credential_vtable vt = {AML_CREDENTIAL_VTABLE_VERSION, vt_get, vt_destroy};
  aml_credential *c = NULL;
  assert_int_equal(aml_credential_new(&vt, NULL, &c, NULL), AML_OK);
  assert_ptr_equal(aml_credential_ref(c), c);
  aml_access_token *t = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_credential_get_token(c, AML_SCOPE_ARM, &t, &err), AML_ERR_AUTH);
  assert_string_equal(aml_error_message(err), "no such app");
  aml_error_free(err);
  aml_credential_unref(c);
  assert_int_equal(g_destroyed, 0);
  aml_credential_unref(c);
  assert_int_equal(g_destroyed, 1);

  vt.version = 42;
  assert_int_equal(aml_credential_new(&vt, NULL, &c, NULL), AML_ERR_VERSION);
  assert_int_equal(g_destroyed, 2);
  vt.version = AML_CREDENTIAL_VTABLE_VERSION;
  vt.get_token = NULL;
  assert_int_equal(aml_credential_new(&vt, NULL, &c, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(g_destroyed, 3);

  vt.get_token = vt_empty;
  assert_int_equal(aml_credential_new(&vt, NULL, &c, NULL), AML_OK);
  err = NULL;
  assert_int_equal(aml_credential_get_token(c, AML_SCOPE_ARM, &t, &err), AML_ERR_AUTH);
  aml_error_free(err);
  assert_int_equal(aml_credential_get_token(c, "", &t, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_credential_get_token(NULL, AML_SCOPE_ARM, &t, NULL), AML_ERR_INVALID_ARG);
  aml_credential_unref(c);
  aml_credential_unref(NULL);

  assert_int_equal(aml_access_token_set(NULL, "x", 0), AML_ERR_INVALID_ARG);
  assert_string_equal(aml_access_token_value(NULL), "");
  assert_int_equal(aml_access_token_expires_on(NULL), 0);
  aml_access_token_free(NULL);
}

/* "Not applicable here" survives the cache layer as its own code (a chain
 * skips it); any other failure code of a source still becomes AML_ERR_AUTH. */
static void test_unavailable_code_kept(void **state) {
  (void)state;
  source s = {.lifetime = 3600, .fail = AML_ERR_CREDENTIAL_UNAVAILABLE};
  aml_credential *c = make(&s);
  aml_result rc = AML_OK;
  assert_null(get(c, AML_SCOPE_ARM, &rc));
  assert_int_equal(rc, AML_ERR_CREDENTIAL_UNAVAILABLE);
  s.fail = AML_ERR_CONNECT;
  assert_null(get(c, AML_SCOPE_ARM, &rc));
  assert_int_equal(rc, AML_ERR_AUTH);
  aml_credential_unref(c);
  pthread_mutex_destroy(&s.lock);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_cache_per_scope, setup, teardown),
      cmocka_unit_test_setup_teardown(test_refresh_five_minutes_before_expiry, setup, teardown),
      cmocka_unit_test_setup_teardown(test_failed_refresh_keeps_valid_token, setup, teardown),
      cmocka_unit_test_setup_teardown(test_invalidate, setup, teardown),
      cmocka_unit_test_setup_teardown(test_concurrent_callers_share_one_refresh, setup, teardown),
      cmocka_unit_test_setup_teardown(test_static_token, setup, teardown),
      cmocka_unit_test_setup_teardown(test_vtable, setup, teardown),
      cmocka_unit_test_setup_teardown(test_unavailable_code_kept, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
