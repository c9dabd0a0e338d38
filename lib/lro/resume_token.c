#include "lro/resume_token.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/str.h"
#include "core/url.h"

#include <openssl/evp.h>
#include <string.h>

/* Indexed by aml_lro_strategy: append only. */
static const char *const k_strategies[] = {"done", "azure-async-operation", "location", "provisioning-state",
                                           "custom"};
static const char *const k_finals[] = {"original-uri", "location", "none"};

static aml_result b64url_encode(const char *in, size_t len, aml_buf *out) {
  size_t cap = 4 * ((len + 2) / 3) + 1;
  if (aml__buf_reserve(out, cap)) return AML_ERR_NOMEM;
  int n = EVP_EncodeBlock((unsigned char *)out->ptr + out->len, (const unsigned char *)in, (int)len);
  char *p = out->ptr + out->len;
  while (n > 0 && p[n - 1] == '=') n--;
  for (int i = 0; i < n; i++) {
    if (p[i] == '+') p[i] = '-';
    else if (p[i] == '/') p[i] = '_';
  }
  out->len += (size_t)n;
  out->ptr[out->len] = '\0';
  return AML_OK;
}

/* NULL on malformed input or no memory (*nomem tells which). */
static char *b64url_decode(const char *in, size_t *out_len, bool *nomem) {
  size_t len = strlen(in);
  *nomem = false;
  if (len % 4 == 1) return NULL;
  size_t padded = (len + 3) / 4 * 4;
  char *tmp = aml__malloc(padded + 1);
  unsigned char *raw = aml__malloc(padded / 4 * 3 + 1);
  if (!tmp || !raw) {
    aml__free(tmp);
    aml__free(raw);
    *nomem = true;
    return NULL;
  }
  for (size_t i = 0; i < len; i++) {
    char c = in[i];
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
    else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      aml__free(tmp);
      aml__free(raw);
      return NULL;
    }
    tmp[i] = c;
  }
  for (size_t i = len; i < padded; i++) tmp[i] = '=';
  tmp[padded] = '\0';
  int n = EVP_DecodeBlock(raw, (unsigned char *)tmp, (int)padded);
  aml__free(tmp);
  if (n < 0) {
    aml__free(raw);
    return NULL;
  }
  n -= (int)(padded - len); /* EVP_DecodeBlock counts the padding as zero bytes */
  raw[n] = '\0';
  *out_len = (size_t)n;
  return (char *)raw;
}

aml_result aml__resume_token_encode(const aml_poller_state *s, char **out, aml_error **err) {
  json_t *o = json_object();
  int bad = !o;
  if (o) {
    bad |= json_object_set_new(o, "v", json_integer(AML_RESUME_TOKEN_VERSION));
    bad |= json_object_set_new(o, "op", json_string(s->operation));
    bad |= json_object_set_new(o, "kind", json_integer(s->result_kind));
    bad |= json_object_set_new(o, "final", json_string(k_finals[s->final_state]));
    bad |= json_object_set_new(o, "method", json_string(s->method));
    bad |= json_object_set_new(o, "url", json_string(s->url));
    bad |= json_object_set_new(o, "strategy", json_string(k_strategies[s->strategy]));
    if (s->poll_url) bad |= json_object_set_new(o, "poll", json_string(s->poll_url));
    if (s->location_url) bad |= json_object_set_new(o, "location", json_string(s->location_url));
    bad |= json_object_set_new(o, "created", json_integer(aml__now_unix_s()));
  }
  char *text = bad ? NULL : aml__json_dump(o);
  json_decref(o);
  aml_buf b = AML_BUF_INIT;
  if (!text || aml__buf_puts(&b, AML_RESUME_TOKEN_PREFIX) || b64url_encode(text, strlen(text), &b)) {
    aml__free(text);
    aml__buf_free(&b);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory making a resume token");
  }
  aml__free(text);
  *out = aml__buf_detach(&b);
  return AML_OK;
}

static int index_of(const char *const *names, size_t n, const char *v) {
  for (size_t i = 0; v && i < n; i++)
    if (strcmp(names[i], v) == 0) return (int)i;
  return -1;
}

void aml__resume_fields_clear(aml_resume_fields *f) {
  aml__free(f->operation);
  aml__free(f->method);
  aml__free(f->url);
  aml__free(f->poll_url);
  aml__free(f->location_url);
  memset(f, 0, sizeof(*f));
}

aml_result aml__resume_token_decode(const char *token, aml_resume_fields *out, aml_error **err) {
  memset(out, 0, sizeof(*out));
  if (!aml__str_starts_with(token, AML_RESUME_TOKEN_PREFIX))
    return aml__fail(err, AML_ERR_RESUME_TOKEN, "not a libazureml resume token (expected the prefix \"%s\")",
                     AML_RESUME_TOKEN_PREFIX);
  size_t len = 0;
  bool nomem;
  char *text = b64url_decode(token + strlen(AML_RESUME_TOKEN_PREFIX), &len, &nomem);
  if (!text)
    return nomem ? aml__fail(err, AML_ERR_NOMEM, "out of memory reading a resume token")
                 : aml__fail(err, AML_ERR_RESUME_TOKEN, "malformed resume token: not base64url");
  json_t *o = NULL;
  aml_result rc = aml__json_parse(text, len, &o, NULL);
  aml__free(text);
  if (rc == AML_ERR_NOMEM) return aml__fail(err, rc, "out of memory reading a resume token");
  if (rc < 0 || !json_is_object(o)) {
    json_decref(o);
    return aml__fail(err, AML_ERR_RESUME_TOKEN, "malformed resume token: not a JSON object");
  }
  json_t *v = json_object_get(o, "v");
  const char *op = aml__json_path_str(o, "op"), *method = aml__json_path_str(o, "method"),
             *url = aml__json_path_str(o, "url"), *poll = aml__json_path_str(o, "poll"),
             *loc = aml__json_path_str(o, "location");
  int strategy = index_of(k_strategies, sizeof(k_strategies) / sizeof(k_strategies[0]), aml__json_path_str(o, "strategy"));
  int final = index_of(k_finals, 3, aml__json_path_str(o, "final"));
  json_t *kind = json_object_get(o, "kind");
  if (!json_is_integer(v) || json_integer_value(v) != AML_RESUME_TOKEN_VERSION) {
    rc = aml__fail(err, AML_ERR_RESUME_TOKEN, "resume token version %lld is not supported (this library reads %d)",
                   json_is_integer(v) ? (long long)json_integer_value(v) : -1LL, AML_RESUME_TOKEN_VERSION);
  } else if (!op || !method || !aml__url_is_http(url) || strategy < 0 || final < 0 || !json_is_integer(kind) ||
             (strategy != 0 && !aml__url_is_http(poll)) || (loc && !aml__url_is_http(loc))) {
    rc = aml__fail(err, AML_ERR_RESUME_TOKEN, "malformed resume token: a field is missing or invalid");
  } else {
    out->operation = aml__strdup(op);
    /* A token is wire input: its operation name reaches messages and logs. */
    aml__str_neutralize_controls(out->operation);
    out->method = aml__strdup(method);
    out->url = aml__strdup(url);
    out->poll_url = aml__strdup(poll);
    out->location_url = aml__strdup(loc);
    out->strategy = (aml_lro_strategy)strategy;
    out->final_state = (aml_final_state)final;
    out->result_kind = (int32_t)json_integer_value(kind);
    rc = (!out->operation || !out->method || !out->url || (poll && !out->poll_url) || (loc && !out->location_url))
             ? aml__fail(err, AML_ERR_NOMEM, "out of memory reading a resume token")
             : AML_OK;
    if (rc < 0) aml__resume_fields_clear(out);
  }
  json_decref(o);
  return rc;
}

aml_result aml_poller_resume_token(const aml_poller *p, char **out, aml_error **err) {
  if (!p || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_poller_resume_token: poller and out are required");
  aml_poller_state s;
  aml__poller_get_state(p, &s);
  return aml__resume_token_encode(&s, out, err);
}
