/* aml_credential: a reference-counted handle over a token source, with an
 * in-memory cache per scope. One refresh at a time per credential: callers
 * that find the cache stale while another thread refreshes wait for it and
 * then use its result instead of asking the source again. */
#include "identity/credential_impl.h"

#include "core/alloc.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/secure.h"
#include "core/str.h"
#include "core/sync.h"

#include <string.h>

typedef struct cache_entry {
  char *scope;
  char *token; /* wiped when replaced or freed */
  int64_t expires_on;
} cache_entry;

struct aml_credential {
  aml_refcount refs;
  aml_credential_vtable vt;
  void *self;
  aml_mutex cache_lock;   /* guards entries */
  aml_mutex refresh_lock; /* one call into the source at a time */
  cache_entry *entries;
  size_t count;
};

static int64_t (*g_now)(void) = aml__now_unix_s;

void aml__credential_set_clock(int64_t (*now_unix_s)(void)) { g_now = now_unix_s ? now_unix_s : aml__now_unix_s; }

int64_t aml__credential_now(void) { return g_now(); }

aml_result aml_credential_new(const aml_credential_vtable *vtable, void *self, aml_credential **out,
                              aml_error **err) {
  aml_result rc;
  if (!vtable || !vtable->get_token || !out) {
    rc = aml__fail(err, AML_ERR_INVALID_ARG, "aml_credential_new: vtable, vtable->get_token and out are required");
    goto fail;
  }
  if (vtable->version != AML_CREDENTIAL_VTABLE_VERSION) {
    rc = aml__fail(err, AML_ERR_VERSION, "aml_credential_new: unknown vtable version %u", vtable->version);
    goto fail;
  }
  aml_credential *c = aml__calloc(1, sizeof(*c));
  if (!c) {
    rc = aml__fail(err, AML_ERR_NOMEM, "out of memory creating a credential");
    goto fail;
  }
  if (!aml__mutex_init(&c->cache_lock)) {
    aml__free(c);
    rc = aml__fail(err, AML_ERR_INTERNAL, "could not create a mutex");
    goto fail;
  }
  if (!aml__mutex_init(&c->refresh_lock)) {
    aml__mutex_destroy(&c->cache_lock);
    aml__free(c);
    rc = aml__fail(err, AML_ERR_INTERNAL, "could not create a mutex");
    goto fail;
  }
  aml__ref_init(&c->refs);
  c->vt = *vtable;
  c->self = self;
  *out = c;
  return AML_OK;
fail:
    /* Fields are only appended, so destroy sits at the same place in any version >= 1. */
  if (vtable && vtable->version >= 1 && vtable->destroy) vtable->destroy(self);
  return rc;
}

aml_credential *aml_credential_ref(aml_credential *cred) {
  if (cred) aml__ref_inc(&cred->refs);
  return cred;
}

void aml_credential_unref(aml_credential *cred) {
  if (!cred || !aml__ref_dec(&cred->refs)) return;
  for (size_t i = 0; i < cred->count; i++) {
    aml__free(cred->entries[i].scope);
    aml__free_secret(cred->entries[i].token);
  }
  aml__free(cred->entries);
  if (cred->vt.destroy) cred->vt.destroy(cred->self);
  aml__mutex_destroy(&cred->cache_lock);
  aml__mutex_destroy(&cred->refresh_lock);
  aml__free(cred);
}

static cache_entry *find(aml_credential *c, const char *scope) {
  for (size_t i = 0; i < c->count; i++)
    if (strcmp(c->entries[i].scope, scope) == 0) return &c->entries[i];
  return NULL;
}

static bool fresh(const cache_entry *e, int64_t now) {
  return e && e->token && (e->expires_on == 0 || e->expires_on - now > AML_TOKEN_REFRESH_MARGIN_S);
}

static bool usable(const cache_entry *e, int64_t now) {
  return e && e->token && (e->expires_on == 0 || e->expires_on > now + 5);
}

/* Copy the cached token out, under cache_lock. */
static aml_result copy_out(const cache_entry *e, aml_access_token **out) {
  aml_access_token *t = aml__calloc(1, sizeof(*t));
  if (!t) return AML_ERR_NOMEM;
  t->value = aml__strdup(e->token);
  if (!t->value) {
    aml__free(t);
    return AML_ERR_NOMEM;
  }
  t->expires_on = e->expires_on;
  *out = t;
  return AML_OK;
}

/* Returns AML_OK with *out set when the cache holds a token that passes `ok`. */
static aml_result lookup(aml_credential *c, const char *scope, bool (*ok)(const cache_entry *, int64_t),
                         aml_access_token **out, bool *hit) {
  aml__mutex_lock(&c->cache_lock);
  cache_entry *e = find(c, scope);
  *hit = ok(e, g_now());
  aml_result rc = *hit ? copy_out(e, out) : AML_OK;
  aml__mutex_unlock(&c->cache_lock);
  return rc;
}

static aml_result store(aml_credential *c, const char *scope, const aml_access_token *t) {
  aml_result rc = AML_OK;
  aml__mutex_lock(&c->cache_lock);
  cache_entry *e = find(c, scope);
  char *token = aml__strdup(t->value);
  if (!token) {
    rc = AML_ERR_NOMEM;
  } else if (e) {
    aml__free_secret(e->token);
    e->token = token;
    e->expires_on = t->expires_on;
  } else {
    cache_entry *grown = aml__realloc(c->entries, (c->count + 1) * sizeof(*grown));
    char *s = grown ? aml__strdup(scope) : NULL;
    if (grown) c->entries = grown;
    if (!s) {
      aml__free_secret(token);
      rc = AML_ERR_NOMEM;
    } else {
      c->entries[c->count++] = (cache_entry){s, token, t->expires_on};
    }
  }
  aml__mutex_unlock(&c->cache_lock);
  return rc;
}

void aml__credential_invalidate(aml_credential *c, const char *scope) {
  if (!c || !scope) return;
  aml__mutex_lock(&c->cache_lock);
  cache_entry *e = find(c, scope);
  if (e) {
    aml__free_secret(e->token);
    e->token = NULL;
  }
  aml__mutex_unlock(&c->cache_lock);
}

aml_result aml_credential_get_token(aml_credential *cred, const char *scope, aml_access_token **out,
                                    aml_error **err) {
  if (!cred || aml__str_empty(scope) || !out)
    return aml__fail(err, AML_ERR_INVALID_ARG, "aml_credential_get_token: credential, scope and out are required");
  *out = NULL;
  bool hit;
  if (lookup(cred, scope, fresh, out, &hit) != AML_OK) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  if (hit) return AML_OK;

  aml__mutex_lock(&cred->refresh_lock);
  /* Another thread may have refreshed while we waited for the lock. */
  aml_result rc = lookup(cred, scope, fresh, out, &hit);
  if (rc != AML_OK || hit) {
    aml__mutex_unlock(&cred->refresh_lock);
    return rc == AML_OK ? AML_OK : aml__fail(err, AML_ERR_NOMEM, "out of memory");
  }
  aml_access_token *t = aml__calloc(1, sizeof(*t));
  if (!t) {
    aml__mutex_unlock(&cred->refresh_lock);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  }
  aml_error *src_err = NULL;
  rc = cred->vt.get_token(cred->self, scope, t, &src_err);
  if (rc >= 0 && !t->value) {
    rc = AML_ERR_AUTH;
    aml_error_free(src_err);
    src_err = aml__error_newf(AML_ERR_AUTH, "credential returned success without a token for scope %s", scope);
  }
  if (rc >= 0) {
    aml_error_free(src_err);
    rc = store(cred, scope, t);
    aml__mutex_unlock(&cred->refresh_lock);
    if (rc != AML_OK) {
      aml_access_token_free(t);
      return aml__fail(err, AML_ERR_NOMEM, "out of memory caching a token");
    }
    *out = t;
    return AML_OK;
  }
  aml__mutex_unlock(&cred->refresh_lock);
  aml_access_token_free(t);

  /* A refresh that fails while the old token is still valid is not fatal:
   * keep using it (the next call tries again). */
  if (rc != AML_ERR_NOMEM && lookup(cred, scope, usable, out, &hit) == AML_OK && hit) {
    aml_error_free(src_err);
    return AML_OK;
  }
  if (!src_err) src_err = aml__error_newf(rc, "could not get a token for scope %s: %s", scope, aml_result_str(rc));
  if (rc != AML_ERR_NOMEM && rc != AML_ERR_AUTH && rc != AML_ERR_CREDENTIAL_UNAVAILABLE) {
    /* Callers need one code for "no token" (and one for "this source does
     * not apply here", which a chain skips); the cause stays in the message. */
    aml__error_set_code(src_err, AML_ERR_AUTH);
    rc = AML_ERR_AUTH;
  }
  aml__error_propagate(err, src_err);
  return rc;
}

/* ---- delegate form ---- */

typedef struct delegate {
  aml_get_token_fn fn;
  void *user_data;
} delegate;

static aml_result delegate_get_token(void *self, const char *scope, aml_access_token *out, aml_error **err) {
  delegate *d = self;
  aml_result rc = d->fn(scope, out, d->user_data);
  if (rc < 0) return aml__fail(err, rc, "credential delegate failed for scope %s: %s", scope, aml_result_str(rc));
  return rc;
}

static void delegate_destroy(void *self) { aml__free(self); }

aml_result aml_credential_delegate_new(aml_get_token_fn get_token, void *user_data, aml_credential **out,
                                       aml_error **err) {
  if (!get_token || !out)
    return aml__fail(err, AML_ERR_INVALID_ARG, "aml_credential_delegate_new: get_token and out are required");
  delegate *d = aml__malloc(sizeof(*d));
  if (!d) return aml__fail(err, AML_ERR_NOMEM, "out of memory creating a credential");
  d->fn = get_token;
  d->user_data = user_data;
  static const aml_credential_vtable vt = {AML_CREDENTIAL_VTABLE_VERSION, delegate_get_token, delegate_destroy};
  return aml_credential_new(&vt, d, out, err);
}
