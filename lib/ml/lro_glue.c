#include "ml/lro_glue.h"

#include "core/error.h"
#include "lro/resume_token.h"
#include "ml/job_wait.h"

static void client_unref(void *c) { aml_client_unref(c); }

static void lro_config(aml_client *c, const char *operation, int32_t kind, aml_final_state final_state,
                       aml_lro_config *cfg) {
  *cfg = (aml_lro_config){0};
  cfg->pipeline = &c->pipeline;
  cfg->owner = aml_client_ref(c);
  cfg->owner_unref = client_unref;
  cfg->arm_base_url = c->arm_url;
  cfg->default_interval_ms = c->poll_interval_ms;
  cfg->operation = operation;
  cfg->result_kind = kind;
  cfg->final_state = final_state;
}

static aml_result begin(aml_client *c, const char *method, const char *url, const char *json_body, bool idempotent,
                        const char *operation, int32_t result_kind, aml_final_state final_state, aml_poller **out,
                        aml_error **err) {
  aml_http_response *resp = NULL;
  aml_result rc = idempotent ? aml__client_send_idempotent(c, method, url, json_body, &resp, err)
                             : aml__client_send(c, method, url, json_body, &resp, err);
  if (rc < 0) return rc;
  aml_lro_config cfg;
  lro_config(c, operation, result_kind, final_state, &cfg);
  rc = aml__poller_start(&cfg, method, url, resp, out, err);
  aml_http_response_free(resp);
  return rc;
}

aml_result aml__client_begin(aml_client *c, const char *method, const char *url, const char *json_body,
                             const char *operation, int32_t result_kind, aml_final_state final_state,
                             aml_poller **out, aml_error **err) {
  return begin(c, method, url, json_body, false, operation, result_kind, final_state, out, err);
}

aml_result aml__client_begin_idempotent(aml_client *c, const char *method, const char *url, const char *json_body,
                                        const char *operation, int32_t result_kind, aml_final_state final_state,
                                        aml_poller **out, aml_error **err) {
  return begin(c, method, url, json_body, true, operation, result_kind, final_state, out, err);
}

aml_result aml__client_begin_custom(aml_client *c, const char *url, const char *operation, int32_t result_kind,
                                    aml_lro_read_fn read, aml_poller **out, aml_error **err) {
  aml_lro_config cfg;
  lro_config(c, operation, result_kind, AML_FINAL_NONE, &cfg);
  cfg.read_status = read;
  return aml__poller_start_custom(&cfg, url, out, err);
}

/* Who reads the status of a resumed custom poller, by its result kind. */
static aml_lro_read_fn custom_reader(int32_t kind) { return kind == AML_RESULT_JOB ? aml__job_wait_read : NULL; }

aml_result aml_poller_from_resume_token(aml_client *client, const char *token, aml_poller **out, aml_error **err) {
  if (!client || !token || !out)
    return aml__fail(err, AML_ERR_INVALID_ARG, "aml_poller_from_resume_token: client, token and out are required");
  *out = NULL;
  aml_resume_fields f;
  aml_result rc = aml__resume_token_decode(token, &f, err);
  if (rc < 0) return rc;
  /* The client's bearer token would follow these URLs: they must be on its host. */
  if (!aml__url_same_origin(f.url, client->arm_url) || (f.poll_url && !aml__url_same_origin(f.poll_url, client->arm_url)) ||
      (f.location_url && !aml__url_same_origin(f.location_url, client->arm_url))) {
    rc = aml__fail(err, AML_ERR_RESUME_TOKEN, "resume token points at another host than %s", client->arm_url);
  } else {
    aml_lro_config cfg;
    lro_config(client, f.operation, f.result_kind, f.final_state, &cfg);
    if (f.strategy == AML_LRO_CUSTOM) cfg.read_status = custom_reader(f.result_kind);
    rc = aml__poller_resume(&cfg, f.method, f.url, f.strategy, f.poll_url, f.location_url, out, err);
  }
  aml__resume_fields_clear(&f);
  return rc;
}

const void *aml__poller_typed(aml_poller *p, int32_t kind, aml_result_parse_fn parse, void (*free_fn)(void *)) {
  if (!p || aml__poller_result_kind(p) != kind) return NULL;
  void *cached = aml__poller_typed_result(p);
  if (cached) return cached;
  const char *json = aml_poller_result_json(p);
  if (!json) return NULL;
  void *obj = NULL;
  if (parse(json, &obj, NULL) != AML_OK) return NULL;
  aml__poller_set_typed_result(p, obj, free_fn);
  return obj;
}
