/* The Azure CLI credential: `az account get-access-token --output json
 * --scope S [--tenant T]`, run without a shell under a deadline. */
#define _GNU_SOURCE /* strptime */
#include "identity/credential_impl.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "core/secure.h"
#include "core/str.h"
#include "identity/subprocess.h"

#include <string.h>
#include <time.h>

#define DEFAULT_TIMEOUT_MS 10000
#define MAX_OUTPUT (1024 * 1024)

typedef struct cli_cred {
  char *tenant; /* NULL = the CLI's current tenant */
  int64_t timeout_ms;
} cli_cred;

aml_result aml_azure_cli_options_init(aml_azure_cli_options *opts, uint32_t version) {
  if (!opts) return AML_ERR_INVALID_ARG;
  if (version != AML_AZURE_CLI_OPTIONS_VERSION) return AML_ERR_VERSION;
  memset(opts, 0, sizeof(*opts));
  opts->version = version;
  opts->timeout_ms = DEFAULT_TIMEOUT_MS;
  return AML_OK;
}

/* Arguments go to az as they are, no shell involved; still, a value that
 * starts with '-' would be read as an option, and odd characters have no
 * business in a scope or a tenant. */
static bool arg_ok(const char *s, const char *extra) {
  if (aml__str_empty(s) || *s == '-') return false;
  for (const char *p = s; *p; p++) {
    char c = *p;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
          strchr(extra, c)))
      return false;
  }
  return true;
}

/* "2023-10-31 21:59:10.000000", local time (what older CLIs print). */
static bool parse_local_time(const char *s, int64_t *out) {
  struct tm tm = {0};
  const char *end = strptime(s, "%Y-%m-%d %H:%M:%S", &tm);
  if (!end || (*end && *end != '.')) return false;
  tm.tm_isdst = -1;
  time_t t = mktime(&tm);
  if (t == (time_t)-1) return false;
  *out = (int64_t)t;
  return true;
}

static bool expiry_of(json_t *root, int64_t *out) {
  json_t *v = json_object_get(root, "expires_on");
  long long n;
  if (json_is_integer(v) && json_integer_value(v) > 0) {
    *out = json_integer_value(v);
    return true;
  }
  if (json_is_string(v) && aml__parse_int64(json_string_value(v), &n) && n > 0) {
    *out = n;
    return true;
  }
  v = json_object_get(root, "expiresOn");
  return json_is_string(v) && parse_local_time(json_string_value(v), out);
}

static aml_result parse_output(const aml_buf *out, aml_access_token *tok, aml_error **err) {
  static const char bad[] =
      "Azure CLI: the output of 'az account get-access-token' is not the expected JSON (accessToken and "
      "expires_on or expiresOn)";
  json_t *root = NULL;
  aml_result rc = aml__json_parse(out->ptr ? out->ptr : "", out->len, &root, NULL);
  if (rc == AML_ERR_NOMEM) return aml__fail(err, AML_ERR_NOMEM, "out of memory reading the Azure CLI's output");
  if (rc != AML_OK || !json_is_object(root)) {
    json_decref(root);
    return aml__fail(err, AML_ERR_AUTH, "%s", bad);
  }
  const char *token = aml__json_path_str(root, "accessToken");
  int64_t exp = 0;
  if (aml__str_empty(token) || !expiry_of(root, &exp))
    rc = aml__fail(err, AML_ERR_AUTH, "%s", bad);
  else if (aml_access_token_set(tok, token, exp) != AML_OK)
    rc = aml__fail(err, AML_ERR_NOMEM, "out of memory storing a token");
  else
    rc = AML_OK;
  json_t *tv = json_object_get(root, "accessToken");
  if (json_is_string(tv)) aml__secure_wipe((char *)json_string_value(tv), json_string_length(tv));
  json_decref(root);
  return rc;
}

/* The first non-blank line of stderr, unless it could hold a token. */
static void stderr_line(const aml_buf *e, aml_buf *line) {
  const char *s = e->ptr ? e->ptr : "";
  size_t len = e->len;
  size_t i = 0;
  while (i < len && (s[i] == '\n' || s[i] == '\r' || s[i] == ' ')) i++;
  size_t n = 0;
  while (i + n < len && s[i + n] != '\n' && s[i + n] != '\r' && n < 300) n++;
  if (!n) return;
  aml__buf_append(line, s + i, n);
  const char *l = aml__buf_cstr(line);
  if (strstr(l, "eyJ") || strstr(l, "ccessToken") || strstr(l, "access_token")) {
    aml__buf_clear(line);
    aml__buf_puts(line, "(its error output is withheld: it may hold a token)");
  }
}

static bool contains(const aml_buf *b, const char *needle) {
  return b->ptr && b->len && strstr(aml__buf_cstr(b), needle) != NULL;
}

static aml_result cli_get_token(void *self, const char *scope, aml_access_token *out, aml_error **err) {
  cli_cred *c = self;
  if (!arg_ok(scope, "_:/"))
    return aml__fail(err, AML_ERR_INVALID_ARG,
                     "Azure CLI: a scope for az may hold only letters, digits and - . _ : / (and not start with -)");
  bool nomem = false;
  char *az = aml__which("az", &nomem);
  if (!az)
    return nomem ? aml__fail(err, AML_ERR_NOMEM, "out of memory")
                 : aml__fail(err, AML_ERR_CREDENTIAL_UNAVAILABLE,
                             "Azure CLI: 'az' was not found on PATH; install the Azure CLI or use another credential");
  char *argv[] = {"az", "account", "get-access-token", "--output", "json", "--scope", (char *)scope,
                  c->tenant ? "--tenant" : NULL, c->tenant, NULL};
  aml_subprocess_result res;
  aml_error *run_err = NULL;
  aml_result rc = aml__subprocess_run(az, argv, c->timeout_ms, MAX_OUTPUT, &res, &run_err);
  aml__free(az);
  if (rc == AML_ERR_CONFIG) { /* found but could not be started: as good as missing */
    rc = aml__fail(err, AML_ERR_CREDENTIAL_UNAVAILABLE, "Azure CLI: %s", aml_error_message(run_err));
    aml_error_free(run_err);
    return rc;
  }
  aml__error_propagate(err, run_err);
  if (rc < 0) return rc;
  aml_buf line = AML_BUF_INIT;
  if (res.timed_out) {
    rc = aml__fail(err, AML_ERR_TIMEOUT,
                   "Azure CLI: 'az account get-access-token' did not finish within %lld ms and was stopped",
                   (long long)c->timeout_ms);
  } else if (res.exit_code == 0) {
    rc = res.truncated ? aml__fail(err, AML_ERR_AUTH, "Azure CLI: the output of 'az account get-access-token' is too large")
                       : parse_output(&res.out, out, err);
  } else if (res.exit_code == 127) {
    rc = aml__fail(err, AML_ERR_CREDENTIAL_UNAVAILABLE, "Azure CLI: 'az' could not be run (exit 127)");
  } else if ((contains(&res.err, "az login") || contains(&res.err, "az account set")) &&
             !contains(&res.err, "AADSTS")) {
    rc = aml__fail(err, AML_ERR_CREDENTIAL_UNAVAILABLE, "Azure CLI: not signed in; please run 'az login'");
  } else {
    stderr_line(&res.err, &line);
    rc = aml__fail(err, AML_ERR_AUTH, "Azure CLI: 'az account get-access-token' failed (exit %d)%s%s",
                   res.exit_code, line.len ? ": " : "", aml__buf_cstr(&line));
  }
  aml__buf_free(&line);
  aml__subprocess_result_free(&res);
  return rc;
}

static void cli_destroy(void *self) {
  cli_cred *c = self;
  if (!c) return;
  aml__free(c->tenant);
  aml__free(c);
}

aml_result aml_azure_cli_credential_new(const aml_azure_cli_options *opts, aml_credential **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_azure_cli_credential_new: out is required");
  *out = NULL;
  aml_azure_cli_options o;
  aml_azure_cli_options_init(&o, AML_AZURE_CLI_OPTIONS_VERSION);
  if (opts) {
    if (opts->version != AML_AZURE_CLI_OPTIONS_VERSION)
      return aml__fail(err, AML_ERR_VERSION, "unknown aml_azure_cli_options version %u", opts->version);
    o = *opts;
  }
  if (o.timeout_ms <= 0) return aml__fail(err, AML_ERR_INVALID_ARG, "Azure CLI: timeout_ms must be positive");
  if (o.tenant_id && !arg_ok(o.tenant_id, ""))
    return aml__fail(err, AML_ERR_INVALID_ARG,
                     "Azure CLI: a tenant id may hold only letters, digits, '-' and '.' (and not start with -)");
  cli_cred *c = aml__calloc(1, sizeof(*c));
  if (!c) return aml__fail(err, AML_ERR_NOMEM, "out of memory creating a credential");
  c->timeout_ms = o.timeout_ms;
  if (o.tenant_id && !(c->tenant = aml__strdup(o.tenant_id))) {
    cli_destroy(c);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory creating a credential");
  }
  static const aml_credential_vtable vt = {AML_CREDENTIAL_VTABLE_VERSION, cli_get_token, cli_destroy};
  return aml_credential_new(&vt, c, out, err);
}
