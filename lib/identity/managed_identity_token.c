/* A managed identity token response. IMDS and App Service send every number
 * as a string ("expires_on": "1700000000"); tolerate real numbers too. */
#include "identity/managed_identity.h"

#include "core/error.h"
#include "core/json.h"
#include "core/secure.h"
#include "core/str.h"

static bool seconds(json_t *root, const char *key, long long *out) {
  json_t *v = json_object_get(root, key);
  if (json_is_integer(v)) {
    *out = json_integer_value(v);
    return *out > 0;
  }
  if (json_is_real(v)) {
    *out = (long long)json_real_value(v);
    return *out > 0;
  }
  return json_is_string(v) && aml__parse_int64(json_string_value(v), out) && *out > 0;
}

aml_result aml__mi_parse_token(const aml_http_response *resp, int64_t sent_at, const char *where,
                               aml_access_token *out, aml_error **err) {
  json_t *root = NULL;
  aml_result rc = aml__json_parse(resp->body.ptr, resp->body.len, &root, NULL);
  if (rc == AML_ERR_NOMEM) return aml__fail(err, AML_ERR_NOMEM, "out of memory reading a token response");
  if (rc != AML_OK || !json_is_object(root)) {
    json_decref(root);
    return aml__fail(err, AML_ERR_AUTH, "managed identity (%s): the token response is not a JSON object", where);
  }
  const char *token = aml__json_path_str(root, "access_token");
  long long on = 0, in = 0;
  int64_t exp = -1;
  if (seconds(root, "expires_on", &on))
    exp = on;
  else if (seconds(root, "expires_in", &in))
    exp = sent_at + in;
  if (aml__str_empty(token) || exp < 0)
    rc = aml__fail(err, AML_ERR_AUTH, "managed identity (%s): the token response lacks access_token or expires_on",
                   where);
  else if (aml_access_token_set(out, token, exp) != AML_OK)
    rc = aml__fail(err, AML_ERR_NOMEM, "out of memory storing a token");
  else
    rc = AML_OK;
  /* The parsed tree holds a copy of the token: wipe it before jansson frees it. */
  json_t *tv = json_object_get(root, "access_token");
  if (json_is_string(tv)) aml__secure_wipe((char *)json_string_value(tv), json_string_length(tv));
  json_decref(root);
  return rc;
}
