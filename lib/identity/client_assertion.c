#include "identity/client_assertion.h"

#include "core/alloc.h"
#include "core/base64.h"
#include "core/json.h"
#include "core/secure.h"
#include "core/uuid.h"

#include <string.h>

static aml_result append_segment(aml_buf *b, json_t *v) {
  char *text = v ? aml__json_dump(v) : NULL;
  if (!text) return AML_ERR_NOMEM;
  aml_result rc = aml__base64url_encode(b, text, strlen(text));
  aml__free(text);
  return rc;
}

static json_t *header_json(const aml_cert_key *ck, bool send_chain) {
  json_t *h = json_pack("{s:s, s:s, s:s, s:s}", "alg", "RS256", "typ", "JWT", "x5t", ck->x5t, "x5t#S256",
                        ck->x5t_s256);
  if (!h || !send_chain) return h;
  json_t *chain = json_array();
  for (size_t i = 0; chain && i < ck->x5c_count; i++) {
    if (json_array_append_new(chain, json_string(ck->x5c[i])) != 0) {
      json_decref(chain);
      chain = NULL;
    }
  }
  if (!chain || json_object_set_new(h, "x5c", chain) != 0) {
    json_decref(h);
    return NULL;
  }
  return h;
}

aml_result aml__client_assertion_build(const aml_cert_key *ck, const char *client_id, const char *audience,
                                       bool send_chain, int64_t now, char **out) {
  *out = NULL;
  char jti[AML_UUID_STR_LEN + 1];
  aml__uuid4(jti);
  json_t *header = header_json(ck, send_chain);
  json_t *claims = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I}", "aud", audience, "iss", client_id, "sub",
                             client_id, "jti", jti, "nbf", (json_int_t)now, "iat", (json_int_t)now, "exp",
                             (json_int_t)(now + AML_CLIENT_ASSERTION_LIFETIME_S));
  aml_buf b = AML_BUF_INIT;
  aml_result rc = header && claims ? AML_OK : AML_ERR_NOMEM;
  if (rc == AML_OK) rc = append_segment(&b, header);
  if (rc == AML_OK) rc = aml__buf_putc(&b, '.');
  if (rc == AML_OK) rc = append_segment(&b, claims);
  size_t signed_len = b.len;
  if (rc == AML_OK) rc = aml__buf_putc(&b, '.');
  if (rc == AML_OK) rc = aml__cert_key_sign_rs256(ck, b.ptr, signed_len, &b);
  json_decref(header);
  json_decref(claims);
  if (rc == AML_OK) *out = aml__buf_detach(&b);
  aml__buf_free_secret(&b);
  return rc == AML_OK && !*out ? AML_ERR_NOMEM : rc;
}
