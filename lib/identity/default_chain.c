/* The default credential chain: try members in order, pass over the ones
 * that are unavailable here, keep the first that gets a token, and when none
 * does, say why for each. */
#include "identity/credential_impl.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/str.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MEMBERS 4

typedef aml_result (*member_factory)(const aml_default_credential_options *o, aml_credential **out, aml_error **err);

typedef struct member {
  const char *name;    /* static */
  aml_credential *cred; /* NULL when it could not be built */
  aml_result build_rc; /* why it could not */
  char *build_msg;
} member;

typedef struct chain {
  member m[MAX_MEMBERS];
  size_t count;
  /* get_token is never entered twice at once for one credential (the cache
   * serialises refreshes), so this needs no lock. */
  int winner; /* index of the member that got a token; -1 until one did */
} chain;

aml_result aml_default_credential_options_init(aml_default_credential_options *opts, uint32_t version) {
  if (!opts) return AML_ERR_INVALID_ARG;
  if (version != AML_DEFAULT_CREDENTIAL_OPTIONS_VERSION) return AML_ERR_VERSION;
  memset(opts, 0, sizeof(*opts));
  opts->version = version;
  return AML_OK;
}

static aml_result make_environment(const aml_default_credential_options *o, aml_credential **out, aml_error **err) {
  return aml_environment_credential_new(o->credential, out, err);
}

static aml_result make_workload_identity(const aml_default_credential_options *o, aml_credential **out,
                                         aml_error **err) {
  return aml_workload_identity_credential_new(NULL, NULL, NULL, o->credential, out, err);
}

static aml_result make_managed_identity(const aml_default_credential_options *o, aml_credential **out,
                                        aml_error **err) {
  aml_managed_identity_options mi;
  if (o->managed_identity) {
    if (o->managed_identity->version != AML_MANAGED_IDENTITY_OPTIONS_VERSION)
      return aml__fail(err, AML_ERR_VERSION, "unknown aml_managed_identity_options version %u",
                       o->managed_identity->version);
    mi = *o->managed_identity;
  } else {
    aml_managed_identity_options_init(&mi, AML_MANAGED_IDENTITY_OPTIONS_VERSION);
    const char *cid = getenv("AZURE_CLIENT_ID");
    if (!aml__str_empty(cid)) mi.client_id = cid;
  }
  if (!mi.credential) mi.credential = o->credential;
  return aml_managed_identity_credential_new(&mi, out, err);
}

static aml_result make_azure_cli(const aml_default_credential_options *o, aml_credential **out, aml_error **err) {
  return aml_azure_cli_credential_new(o->azure_cli, out, err);
}

/* Every kind, in the default order. `checked`: its options come from the
 * caller, so invalid ones fail aml_default_azure_credential_new() at once
 * (the others read the environment, where a problem only disables them). */
static const struct {
  const char *name;
  member_factory make;
  size_t exclude_offset;
  bool checked;
} k_kinds[] = {
    {AML_CHAIN_ENVIRONMENT, make_environment, offsetof(aml_default_credential_options, exclude_environment), false},
    {AML_CHAIN_WORKLOAD_IDENTITY, make_workload_identity,
     offsetof(aml_default_credential_options, exclude_workload_identity), false},
    {AML_CHAIN_MANAGED_IDENTITY, make_managed_identity,
     offsetof(aml_default_credential_options, exclude_managed_identity), true},
    {AML_CHAIN_AZURE_CLI, make_azure_cli, offsetof(aml_default_credential_options, exclude_azure_cli), true},
};
#define KINDS (sizeof(k_kinds) / sizeof(k_kinds[0]))

static void chain_destroy(void *self) {
  chain *c = self;
  if (!c) return;
  for (size_t i = 0; i < c->count; i++) {
    aml_credential_unref(c->m[i].cred);
    aml__free(c->m[i].build_msg);
  }
  aml__free(c);
}

/* Append "name: why" to the report. */
static void report(aml_buf *msg, const char *name, const char *why) {
  aml__buf_printf(msg, "%s %s: %s", msg->len ? ";" : "", name, aml__str_empty(why) ? "failed" : why);
}

static aml_result chain_get_token(void *self, const char *scope, aml_access_token *out, aml_error **err) {
  chain *c = self;
  aml_access_token *tok = NULL;
  if (c->winner >= 0) { /* the member that worked keeps the job, failures and all */
    aml_result rc = aml_credential_get_token(c->m[c->winner].cred, scope, &tok, err);
    if (rc < 0) return rc;
    rc = aml_access_token_set(out, aml_access_token_value(tok), aml_access_token_expires_on(tok));
    aml_access_token_free(tok);
    return rc == AML_OK ? AML_OK : aml__fail(err, AML_ERR_NOMEM, "out of memory copying a token");
  }
  aml_buf why = AML_BUF_INIT;
  aml_result final = AML_ERR_CREDENTIAL_UNAVAILABLE;
  for (size_t i = 0; i < c->count; i++) {
    member *m = &c->m[i];
    if (!m->cred) {
      report(&why, m->name, m->build_msg);
      if (m->build_rc == AML_ERR_CREDENTIAL_UNAVAILABLE) continue;
      final = AML_ERR_AUTH;
      break;
    }
    aml_error *e = NULL;
    aml_result rc = aml_credential_get_token(m->cred, scope, &tok, &e);
    if (rc == AML_OK) {
      aml_error_free(e);
      c->winner = (int)i;
      rc = aml_access_token_set(out, aml_access_token_value(tok), aml_access_token_expires_on(tok));
      aml_access_token_free(tok);
      aml__buf_free(&why);
      return rc == AML_OK ? AML_OK : aml__fail(err, AML_ERR_NOMEM, "out of memory copying a token");
    }
    report(&why, m->name, aml_error_message(e));
    aml_error_free(e);
    if (rc == AML_ERR_NOMEM) {
      aml__buf_free(&why);
      return aml__fail(err, AML_ERR_NOMEM, "out of memory");
    }
    if (rc != AML_ERR_CREDENTIAL_UNAVAILABLE) {
      final = AML_ERR_AUTH; /* asked and refused: the search stops here */
      break;
    }
  }
  aml_result rc = aml__fail(err, final, "default credential chain: no credential got a token for %s;%s", scope,
                            aml__buf_cstr(&why));
  aml__buf_free(&why);
  return rc;
}

/* The kind named by the `n` characters at `name`, or -1. */
static int kind_of(const char *name, size_t n) {
  for (size_t k = 0; k < KINDS; k++)
    if (strlen(k_kinds[k].name) == n && strncmp(k_kinds[k].name, name, n) == 0) return (int)k;
  return -1;
}

static bool excluded(const aml_default_credential_options *o, int kind) {
  return *(const int32_t *)((const char *)o + k_kinds[kind].exclude_offset) != 0;
}

/* Build the member of kind k. A failure to build is kept, not returned: a
 * member whose variables are missing is simply unavailable. */
static aml_result add_member(chain *c, const aml_default_credential_options *o, int k) {
  member *m = &c->m[c->count++];
  m->name = k_kinds[k].name;
  aml_error *e = NULL;
  m->build_rc = k_kinds[k].make(o, &m->cred, &e);
  if (m->build_rc < 0) {
    m->cred = NULL;
    m->build_msg = aml__strdup(aml_error_message(e));
  }
  aml_error_free(e);
  return m->build_rc == AML_ERR_NOMEM ? AML_ERR_NOMEM : AML_OK;
}

aml_result aml_default_azure_credential_new(const aml_default_credential_options *opts, aml_credential **out,
                                            aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_default_azure_credential_new: out is required");
  *out = NULL;
  aml_default_credential_options o;
  aml_default_credential_options_init(&o, AML_DEFAULT_CREDENTIAL_OPTIONS_VERSION);
  if (opts) {
    if (opts->version != AML_DEFAULT_CREDENTIAL_OPTIONS_VERSION)
      return aml__fail(err, AML_ERR_VERSION, "unknown aml_default_credential_options version %u", opts->version);
    o = *opts;
  }
  /* Parse and check the whole list before building anything. */
  int order[MAX_MEMBERS];
  size_t n = 0;
  if (!o.members) {
    for (size_t k = 0; k < KINDS; k++)
      if (!excluded(&o, (int)k)) order[n++] = (int)k;
  }
  for (const char *p = o.members; p;) {
    size_t len = strcspn(p, ",");
    size_t start, end;
    aml__str_trim_bounds(p, len, &start, &end);
    int k = kind_of(p + start, end - start);
    if (k < 0) {
      aml_buf known = AML_BUF_INIT;
      for (size_t j = 0; j < KINDS; j++) aml__buf_printf(&known, "%s%s", j ? ", " : "", k_kinds[j].name);
      aml_result rc = aml__fail(err, AML_ERR_INVALID_ARG, "default credential chain: unknown member '%.*s' (known: %s)",
                                (int)(end - start), p + start, aml__buf_cstr(&known));
      aml__buf_free(&known);
      return rc;
    }
    for (size_t j = 0; j < n; j++)
      if (order[j] == k)
        return aml__fail(err, AML_ERR_INVALID_ARG, "default credential chain: member '%s' is listed twice",
                         k_kinds[k].name);
    if (!excluded(&o, k)) order[n++] = k;
    p = p[len] ? p + len + 1 : NULL;
  }
  if (n == 0) return aml__fail(err, AML_ERR_INVALID_ARG, "default credential chain: every member is excluded");
  chain *c = aml__calloc(1, sizeof(*c));
  if (!c) return aml__fail(err, AML_ERR_NOMEM, "out of memory creating a credential");
  c->winner = -1;
  for (size_t i = 0; i < n; i++) {
    if (add_member(c, &o, order[i]) != AML_OK) {
      chain_destroy(c);
      return aml__fail(err, AML_ERR_NOMEM, "out of memory creating a credential");
    }
    /* A member's options that are wrong are the caller's mistake: say so now. */
    member *m = &c->m[c->count - 1];
    if (k_kinds[order[i]].checked && (m->build_rc == AML_ERR_INVALID_ARG || m->build_rc == AML_ERR_VERSION)) {
      aml_result rc = aml__fail(err, m->build_rc, "default credential chain: %s: %s", m->name,
                                m->build_msg ? m->build_msg : aml_result_str(m->build_rc));
      chain_destroy(c);
      return rc;
    }
  }
  static const aml_credential_vtable vt = {AML_CREDENTIAL_VTABLE_VERSION, chain_get_token, chain_destroy};
  return aml_credential_new(&vt, c, out, err);
}
