/* The ARM long-running-operation engine behind aml_poller (ARM-API.md §6).
 *
 * A poller is in one of three phases: RUNNING (polling a status), FINAL_GET
 * (the service said Succeeded; the result still has to be read, which the
 * next poll does so that every poll stays one request) and DONE. */
#include "lro/poller_impl.h"

#include "core/alloc.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/str.h"
#include "core/url.h"
#include "http/service_error.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

typedef enum phase { PHASE_RUNNING, PHASE_FINAL_GET, PHASE_DONE } phase;

struct aml_poller {
  /* configuration */
  const aml_pipeline *pipeline;
  void *owner;
  void (*owner_unref)(void *);
  char *arm_base_url;
  int64_t default_interval_ms;
  char *operation;
  int32_t result_kind;
  aml_final_state final_state;
  aml_lro_read_fn read_status; /* AML_LRO_CUSTOM */
  /* the operation */
  char *method;
  char *url;
  aml_lro_strategy strategy;
  char *poll_url;
  char *location_url;
  char *final_url;
  /* state */
  phase phase;
  bool resumed_unpolled; /* a 404 on the first poll means the token is stale */
  char *status;
  aml_result outcome;    /* when DONE */
  aml_error *failure;    /* when DONE with Failed/Canceled; copies are handed out */
  char *result_json;
  int64_t retry_after_ms;
  /* The initial 201/202's Retry-After: aml_poller_wait sends no status
   * request before this monotonic time (0 = no wait asked, or polled). */
  int64_t first_poll_at_ms;
  aml_poller_progress_fn progress;
  void *progress_user_data;
  void *typed;
  void (*typed_free)(void *);
  /* cross-thread cancel of a wait */
  atomic_int cancel_requested;
  pthread_mutex_t wake_lock;
  pthread_cond_t wake;
};

static bool is_method(const aml_poller *p, const char *m) { return aml__strcasecmp(p->method, m) == 0; }

static bool status_is(const char *s, const char *v) { return s && aml__strcasecmp(s, v) == 0; }

static bool terminal(const char *s) {
  return status_is(s, "Succeeded") || status_is(s, "Failed") || status_is(s, "Canceled") ||
         status_is(s, "Cancelled");
}

static aml_result set_str(char **field, const char *value) {
  char *copy = NULL;
  if (value && !(copy = aml__strdup(value))) return AML_ERR_NOMEM;
  aml__free(*field);
  *field = copy;
  return AML_OK;
}

/* The status comes from the wire and reaches messages, progress callbacks
 * and aml_poller_status(): one line, no terminal controls. */
static aml_result set_status(aml_poller *p, const char *status) {
  aml_result rc = set_str(&p->status, status);
  aml__str_neutralize_controls(p->status);
  return rc;
}

bool aml__url_same_origin(const char *url, const char *base) {
  const char *us = strstr(url, "://"), *bs = strstr(base, "://");
  if (!us || !bs) return false;
  size_t ul = strcspn(us + 3, "/?#") + (size_t)(us + 3 - url);
  size_t bl = strcspn(bs + 3, "/?#") + (size_t)(bs + 3 - base);
  return ul == bl && aml__strncasecmp(url, base, ul) == 0;
}

static void poller_free_fields(aml_poller *p) {
  aml__free(p->arm_base_url);
  aml__free(p->operation);
  aml__free(p->method);
  aml__free(p->url);
  aml__free(p->poll_url);
  aml__free(p->location_url);
  aml__free(p->final_url);
  aml__free(p->status);
  aml__free(p->result_json);
  aml_error_free(p->failure);
  if (p->typed && p->typed_free) p->typed_free(p->typed);
}

void aml_poller_free(aml_poller *p) {
  if (!p) return;
  poller_free_fields(p);
  pthread_mutex_destroy(&p->wake_lock);
  pthread_cond_destroy(&p->wake);
  if (p->owner_unref) p->owner_unref(p->owner);
  aml__free(p);
}

/* Allocate a poller from cfg; on failure the caller still owns cfg->owner. */
static aml_result poller_new(const aml_lro_config *cfg, const char *method, const char *url, aml_poller **out,
                             aml_error **err) {
  aml_poller *p = aml__calloc(1, sizeof(*p));
  if (!p) return aml__fail(err, AML_ERR_NOMEM, "out of memory creating a poller");
  if (pthread_mutex_init(&p->wake_lock, NULL) != 0) {
    aml__free(p);
    return aml__fail(err, AML_ERR_INTERNAL, "could not create a mutex");
  }
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  int cond_rc = pthread_cond_init(&p->wake, &attr);
  pthread_condattr_destroy(&attr);
  if (cond_rc != 0) {
    pthread_mutex_destroy(&p->wake_lock);
    aml__free(p);
    return aml__fail(err, AML_ERR_INTERNAL, "could not create a condition variable");
  }
  atomic_init(&p->cancel_requested, 0);
  p->pipeline = cfg->pipeline;
  p->default_interval_ms = cfg->default_interval_ms;
  p->result_kind = cfg->result_kind;
  p->final_state = cfg->final_state;
  p->read_status = cfg->read_status;
  p->arm_base_url = aml__strdup(cfg->arm_base_url);
  p->operation = aml__strdup(cfg->operation);
  p->method = aml__strdup(method);
  p->url = aml__strdup(url);
  p->status = aml__strdup("InProgress");
  if (!p->arm_base_url || !p->operation || !p->method || !p->url || !p->status) {
    aml_poller_free(p); /* owner not attached yet */
    return aml__fail(err, AML_ERR_NOMEM, "out of memory creating a poller");
  }
  *out = p;
  return AML_OK;
}

/* poller_new, then the poller owns cfg->owner (released here on failure). */
static aml_result poller_create(const aml_lro_config *cfg, const char *method, const char *url, aml_poller **out,
                                aml_error **err) {
  aml_result rc = poller_new(cfg, method, url, out, err);
  if (rc < 0) {
    if (cfg->owner_unref) cfg->owner_unref(cfg->owner);
    return rc;
  }
  (*out)->owner = cfg->owner;
  (*out)->owner_unref = cfg->owner_unref;
  return AML_OK;
}

/* Follow only URLs on the client's own Resource Manager host: the bearer
 * token goes wherever the poller sends requests. */
static aml_result check_origin(const aml_poller *p, const char *what, const char *url, aml_error **err) {
  if (url && !aml__url_same_origin(url, p->arm_base_url))
    return aml__fail(err, AML_ERR_HTTP, "%s: refusing to follow %s to a host other than %s", p->operation, what,
                     p->arm_base_url);
  return AML_OK;
}

/* The server's wait (already clamped to AML_RETRY_AFTER_MAX_MS), or -1. */
static int64_t server_delay(const aml_http_response *resp) {
  return resp ? aml__retry_after_ms(resp, aml__now_unix_s()) : -1;
}

static int64_t delay_from(const aml_poller *p, const aml_http_response *resp) {
  int64_t ms = server_delay(resp);
  return ms >= 0 ? ms : p->default_interval_ms;
}

/* The body as a JSON object; *out NULL when there is none or it is not an
 * object (ARM status bodies may be empty). Only running out of memory fails. */
static aml_result parse_body(const aml_http_response *resp, json_t **out) {
  *out = NULL;
  if (!resp || !resp->body.len) return AML_OK;
  json_t *root = NULL;
  aml_result rc = aml__json_parse(resp->body.ptr, resp->body.len, &root, NULL);
  if (rc == AML_ERR_NOMEM) return rc;
  if (rc == AML_OK && json_is_object(root))
    *out = root;
  else
    json_decref(root);
  return AML_OK;
}

static const char *provisioning_state(json_t *body) {
  return body ? aml__json_path_str(body, "properties.provisioningState") : NULL;
}

/* The error object a failed operation carries: ARM status body `error`, a
 * resource's `properties.provisioningErrors[0].error`, or none. */
static json_t *failure_object(json_t *body) {
  if (!body) return NULL;
  json_t *e = json_object_get(body, "error");
  if (json_is_object(e)) return e;
  json_t *list = aml__json_path(body, "properties.provisioningErrors");
  json_t *first = json_is_array(list) ? json_array_get(list, 0) : NULL;
  e = first ? json_object_get(first, "error") : NULL;
  return json_is_object(e) ? e : NULL;
}

static aml_result finish(aml_poller *p, const char *status, json_t *body, const aml_http_response *resp,
                         const char *result_json) {
  if (set_status(p, status) != AML_OK) return AML_ERR_NOMEM;
  p->phase = PHASE_DONE;
  p->retry_after_ms = 0;
  if (status_is(status, "Succeeded")) {
    p->outcome = AML_OK;
    return set_str(&p->result_json, result_json);
  }
  p->outcome = status_is(status, "Failed") ? AML_ERR_OPERATION_FAILED : AML_ERR_CANCELED;
  json_t *eo = failure_object(body);
  const char *code = eo ? aml__json_path_str(eo, "code") : NULL;
  const char *msg = eo ? aml__json_path_str(eo, "message") : NULL;
  aml_error *e = aml__error_newf(p->outcome, "%s ended %s%s%s%s%s", p->operation, status, code ? ": " : "",
                                 code ? code : "", msg ? ": " : "", msg ? msg : "");
  if (e) {
    if (eo) aml__error_fill_from_json(e, eo);
    if (resp) aml__error_set_request_ids(e, aml__kvlist_get(&resp->headers, "x-ms-request-id"), NULL);
  }
  aml_error_free(p->failure);
  p->failure = e;
  return AML_OK;
}

/* The outcome of a finished poller, with a fresh copy of its error. */
static aml_result outcome(const aml_poller *p, aml_error **err) {
  if (p->outcome < 0 && err && !*err) {
    /* No copy when out of memory: an error without the service's reason
     * would read as the whole story. */
    *err = p->failure ? aml__error_clone(p->failure)
                      : aml__error_newf(p->outcome, "%s ended %s", p->operation, p->status);
  }
  return p->outcome;
}

static const char *body_text(const aml_http_response *resp) {
  return resp && resp->body.len ? aml__buf_cstr(&resp->body) : NULL;
}

aml_result aml__poller_start(const aml_lro_config *cfg, const char *method, const char *url,
                             const aml_http_response *initial, aml_poller **out, aml_error **err) {
  aml_poller *p = NULL;
  aml_result rc = poller_create(cfg, method, url, &p, err);
  if (rc < 0) return rc;

  int32_t st = initial->status;
  if (st != 200 && st != 201 && st != 202 && st != 204) {
    rc = aml__fail(err, AML_ERR_HTTP, "%s: unexpected initial status %d", p->operation, st);
    goto fail;
  }
  const char *aao = aml__kvlist_get(&initial->headers, "Azure-AsyncOperation");
  const char *loc = aml__kvlist_get(&initial->headers, "Location");
  if (aml__str_empty(aao)) aao = NULL;
  if (aml__str_empty(loc)) loc = NULL;
  if ((rc = check_origin(p, "Azure-AsyncOperation", aao, err)) < 0 ||
      (rc = check_origin(p, "Location", loc, err)) < 0)
    goto fail;
  if (set_str(&p->location_url, loc) != AML_OK) goto nomem;
  p->retry_after_ms = delay_from(p, initial);
  int64_t asked = server_delay(initial);
  if (asked > 0) p->first_poll_at_ms = aml__monotonic_ms() + asked;

  json_t *body = NULL;
  if (parse_body(initial, &body) != AML_OK) goto nomem;
  const char *ps = provisioning_state(body);
  bool put_or_patch = is_method(p, "PUT") || is_method(p, "PATCH");
  if (put_or_patch && ps && terminal(ps)) {
    rc = finish(p, ps, body, initial, body_text(initial));
  } else if (put_or_patch && !ps && (st == 200 || st == 204) && !aao && !loc) {
    rc = finish(p, "Succeeded", body, initial, body_text(initial));
  } else if (!put_or_patch && st != 201 && st != 202) {
    rc = finish(p, "Succeeded", body, initial, p->final_state == AML_FINAL_NONE ? NULL : body_text(initial));
  } else {
    /* Still running: choose how to follow it (first match wins). */
    p->strategy = aao ? AML_LRO_ASYNC_OP : loc ? AML_LRO_LOCATION : AML_LRO_STATUS;
    if (!put_or_patch && p->strategy == AML_LRO_STATUS && !is_method(p, "DELETE")) {
      rc = finish(p, "Succeeded", body, initial, NULL); /* a POST with nothing to follow */
    } else {
      rc = set_str(&p->poll_url, aao ? aao : loc ? loc : url);
      if (rc == AML_OK && ps) rc = set_status(p, ps);
    }
  }
  json_decref(body);
  if (rc != AML_OK) goto nomem;
  *out = p;
  return AML_OK;
nomem:
  rc = aml__fail(err, AML_ERR_NOMEM, "out of memory starting a poller");
fail:
  aml_poller_free(p);
  return rc;
}

aml_result aml__poller_start_custom(const aml_lro_config *cfg, const char *url, aml_poller **out, aml_error **err) {
  aml_poller *p = NULL;
  aml_result rc = poller_create(cfg, "GET", url, &p, err);
  if (rc < 0) return rc;
  p->strategy = AML_LRO_CUSTOM;
  if (!p->read_status || check_origin(p, "the resource", url, err) < 0) {
    if (!p->read_status) rc = aml__fail(err, AML_ERR_INTERNAL, "%s: a custom poller needs a status reader", p->operation);
    else rc = AML_ERR_HTTP;
    aml_poller_free(p);
    return rc;
  }
  if (set_str(&p->poll_url, url) != AML_OK) {
    aml_poller_free(p);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory starting a poller");
  }
  *out = p;
  return AML_OK;
}

aml_result aml__poller_set_status(aml_poller *p, const char *status) { return set_status(p, status); }

aml_result aml__poller_finish(aml_poller *p, const char *status, aml_result outcome, aml_error *failure,
                              const char *result_json) {
  char *json = NULL;
  if (set_status(p, status) != AML_OK || (result_json && !(json = aml__strdup(result_json)))) {
    aml_error_free(failure);
    return AML_ERR_NOMEM;
  }
  p->phase = PHASE_DONE;
  p->retry_after_ms = 0;
  p->outcome = outcome;
  aml_error_free(p->failure);
  p->failure = outcome < 0 ? failure : NULL;
  if (outcome >= 0) aml_error_free(failure);
  aml__free(p->result_json);
  p->result_json = json;
  return AML_OK;
}

aml_result aml__poller_resume(const aml_lro_config *cfg, const char *method, const char *url,
                              aml_lro_strategy strategy, const char *poll_url, const char *location_url,
                              aml_poller **out, aml_error **err) {
  aml_poller *p = NULL;
  aml_result rc = poller_create(cfg, method, url, &p, err);
  if (rc < 0) return rc;
  p->strategy = strategy;
  p->resumed_unpolled = true;
  if (strategy == AML_LRO_CUSTOM && !p->read_status) {
    aml_poller_free(p);
    return aml__fail(err, AML_ERR_RESUME_TOKEN, "resume token: operation %s cannot be resumed by this library",
                     cfg->operation);
  }
  rc = set_str(&p->location_url, location_url);
  if (strategy != AML_LRO_DONE) {
    if (rc == AML_OK) rc = set_str(&p->poll_url, poll_url);
  } else if (is_method(p, "PUT") || is_method(p, "PATCH") || is_method(p, "DELETE")) {
    /* Finished when the token was made: read the outcome again from the
     * resource (PUT/PATCH: its state; DELETE: its 404). */
    p->strategy = AML_LRO_STATUS;
    if (rc == AML_OK) rc = set_str(&p->poll_url, url);
  } else {
    p->resumed_unpolled = false; /* a finished POST has nothing to read */
    if (rc == AML_OK) rc = finish(p, "Succeeded", NULL, NULL, NULL);
  }
  if (rc != AML_OK) {
    aml_poller_free(p);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory resuming a poller");
  }
  *out = p;
  return AML_OK;
}

/* One GET through the client's pipeline (retries included). */
static aml_result get(aml_poller *p, const char *url, aml_http_response **out, aml_error **err) {
  aml_http_request *req = NULL;
  aml_http_response *resp = NULL;
  if (aml__http_request_new("GET", url, &req) || aml__http_request_set_header(req, "Accept", "application/json") ||
      aml__http_response_new(&resp)) {
    aml__http_request_free(req);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory polling");
  }
  req->scope = AML_SCOPE_ARM;
  aml_result rc = aml__pipeline_send(p->pipeline, req, resp, err);
  if (rc == AML_OK && resp->status >= 400) {
    aml_error *e = NULL;
    rc = aml__error_from_response(req, resp, &e);
    if (resp->status == 404 && p->resumed_unpolled) {
      aml_error_free(e);
      rc = aml__fail(err, AML_ERR_RESUME_TOKEN,
                     "%s: the service no longer knows this operation (HTTP 404): the resume token is stale",
                     p->operation);
    } else {
      aml__error_propagate(err, e);
    }
  }
  aml__http_request_free(req);
  if (rc < 0) {
    aml_http_response_free(resp);
    return rc;
  }
  p->resumed_unpolled = false;
  *out = resp;
  return AML_OK;
}

/* After an Azure-AsyncOperation said Succeeded: where to read the result. */
static aml_result choose_final(aml_poller *p, json_t *status_body, aml_error **err) {
  const char *target = NULL;
  const char *resource_location = status_body ? aml__json_path_str(status_body, "resourceLocation") : NULL;
  if (p->final_state == AML_FINAL_NONE)
    target = NULL;
  else if (p->final_state == AML_FINAL_LOCATION && p->location_url)
    target = p->location_url;
  else if (resource_location)
    target = resource_location;
  else if (is_method(p, "PUT") || is_method(p, "PATCH"))
    target = p->url;
  else if (is_method(p, "POST") && p->location_url)
    target = p->location_url;
  aml_result rc = check_origin(p, "resourceLocation", target, err);
  if (rc < 0) return rc;
  if (!target) return finish(p, "Succeeded", NULL, NULL, NULL);
  if (set_str(&p->final_url, target) || set_status(p, "Succeeded")) return AML_ERR_NOMEM;
  p->phase = PHASE_FINAL_GET;
  p->retry_after_ms = 0;
  return AML_OK;
}

static aml_result poll_async_op(aml_poller *p, aml_http_response *resp, aml_error **err) {
  json_t *body = NULL;
  if (parse_body(resp, &body) != AML_OK) return AML_ERR_NOMEM;
  const char *status = body ? aml__json_path_str(body, "status") : NULL;
  aml_result rc;
  if (!status) {
    rc = aml__fail(err, AML_ERR_PARSE, "%s: operation status response has no \"status\"", p->operation);
  } else if (!terminal(status)) {
    rc = set_status(p, status);
  } else if (status_is(status, "Succeeded")) {
    rc = choose_final(p, body, err);
  } else {
    rc = finish(p, status, body, resp, NULL);
  }
  json_decref(body);
  return rc;
}

static aml_result poll_location(aml_poller *p, aml_http_response *resp, aml_error **err) {
  if (resp->status == 202) {
    const char *next = aml__kvlist_get(&resp->headers, "Location");
    if (next && *next) {
      aml_result rc = check_origin(p, "Location", next, err);
      if (rc < 0) return rc;
      if (set_str(&p->poll_url, next)) return AML_ERR_NOMEM;
    }
    return set_status(p, "InProgress");
  }
  if (is_method(p, "PUT") && p->final_state != AML_FINAL_NONE) {
    /* A PUT's result is the resource itself, read from the request URL. */
    if (set_str(&p->final_url, p->url) || set_status(p, "Succeeded")) return AML_ERR_NOMEM;
    p->phase = PHASE_FINAL_GET;
    return AML_OK;
  }
  json_t *body = NULL;
  if (parse_body(resp, &body) != AML_OK) return AML_ERR_NOMEM;
  aml_result rc = finish(p, "Succeeded", body, resp, p->final_state == AML_FINAL_NONE ? NULL : body_text(resp));
  json_decref(body);
  return rc;
}

static aml_result poll_status(aml_poller *p, aml_http_response *resp) {
  json_t *body = NULL;
  if (parse_body(resp, &body) != AML_OK) return AML_ERR_NOMEM;
  aml_result rc;
  if (is_method(p, "DELETE")) {
    const char *ps = provisioning_state(body);
    rc = set_status(p, ps ? ps : "Deleting"); /* it still exists */
  } else {
    const char *ps = provisioning_state(body);
    if (!ps) ps = "Succeeded"; /* ARM: no provisioningState means done */
    rc = terminal(ps) ? finish(p, ps, body, resp, body_text(resp)) : set_status(p, ps);
  }
  json_decref(body);
  return rc;
}

static void report(aml_poller *p) {
  if (p->progress) p->progress(p, p->progress_user_data);
}

aml_result aml_poller_poll(aml_poller *p, aml_error **err) {
  if (!p) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_poller_poll: poller is required");
  if (p->phase == PHASE_DONE) return outcome(p, err);

  const char *target = p->phase == PHASE_FINAL_GET ? p->final_url : p->poll_url;
  p->first_poll_at_ms = 0;
  aml_http_response *resp = NULL;
  aml_result rc;
  if (p->strategy == AML_LRO_STATUS && is_method(p, "DELETE") && p->phase == PHASE_RUNNING) {
    /* Deleting without a status URL: the resource's 404 is the success. */
    aml_error *e = NULL;
    rc = get(p, target, &resp, &e);
    if (rc == AML_ERR_NOT_FOUND) {
      aml_error_free(e);
      rc = finish(p, "Succeeded", NULL, NULL, NULL);
      if (rc == AML_OK) report(p);
      return rc == AML_OK ? AML_OK : aml__fail(err, AML_ERR_NOMEM, "out of memory");
    }
    aml__error_propagate(err, e);
  } else {
    rc = get(p, target, &resp, err);
  }
  if (rc < 0) {
    /* The status could not be read: report it, but the operation goes on. */
    p->retry_after_ms = p->default_interval_ms;
    return rc;
  }

  int64_t delay = delay_from(p, resp);
  if (p->phase == PHASE_FINAL_GET) {
    if (resp->status == 202) {
      rc = AML_OK; /* the result is not ready yet */
    } else {
      json_t *body = NULL;
      rc = parse_body(resp, &body);
      if (rc == AML_OK) rc = finish(p, "Succeeded", body, resp, body_text(resp));
      json_decref(body);
    }
  } else if (p->strategy == AML_LRO_ASYNC_OP) {
    rc = poll_async_op(p, resp, err);
  } else if (p->strategy == AML_LRO_LOCATION) {
    rc = poll_location(p, resp, err);
  } else if (p->strategy == AML_LRO_CUSTOM) {
    rc = p->read_status(p, p->owner, resp, err);
  } else {
    rc = poll_status(p, resp);
  }
  aml_http_response_free(resp);
  if (rc == AML_ERR_NOMEM) return aml__fail(err, AML_ERR_NOMEM, "out of memory polling");
  if (rc < 0) return rc;
  if (p->phase == PHASE_RUNNING) p->retry_after_ms = delay;
  report(p);
  return p->phase == PHASE_DONE ? outcome(p, err) : AML_OK;
}

/* Sleep up to ms, waking early when aml_poller_cancel() is called. Returns
 * AML_ERR_CANCELED when a cancel was requested. */
static aml_result nap(aml_poller *p, int64_t ms) {
  if (atomic_load(&p->cancel_requested)) return AML_ERR_CANCELED;
  if (p->pipeline->sleep_fn) {
    aml_result rc = aml__pipeline_sleep(p->pipeline, ms);
    if (rc < 0) return rc;
  } else if (ms > 0) {
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
      until.tv_sec++;
      until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&p->wake_lock);
    while (!atomic_load(&p->cancel_requested) &&
           pthread_cond_timedwait(&p->wake, &p->wake_lock, &until) != ETIMEDOUT) {
    }
    pthread_mutex_unlock(&p->wake_lock);
  }
  return atomic_load(&p->cancel_requested) ? AML_ERR_CANCELED : AML_OK;
}

static aml_result canceled(aml_poller *p, aml_error **err) {
  atomic_store(&p->cancel_requested, 0); /* the poller stays usable */
  return aml__fail(err, AML_ERR_CANCELED, "%s: waiting was canceled by the caller (the operation goes on)",
                   p->operation);
}

/* Sleep `delay` ms, or what is left before the deadline; *last says the
 * deadline was reached. */
static aml_result nap_within(aml_poller *p, int64_t delay, int64_t timeout_ms, int64_t start, bool *last) {
  return nap(p, aml__deadline_delay_ms(delay, timeout_ms, start, last));
}

aml_result aml_poller_wait(aml_poller *p, int64_t timeout_ms, aml_error **err) {
  if (!p) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_poller_wait: poller is required");
  const int64_t start = aml__monotonic_ms();
  for (;;) {
    if (atomic_load(&p->cancel_requested)) return canceled(p, err);
    int64_t delay;
    int64_t first_wait = p->first_poll_at_ms ? p->first_poll_at_ms - aml__monotonic_ms() : 0;
    bool before_first_poll = first_wait > 0 && p->phase == PHASE_RUNNING;
    if (before_first_poll) {
      /* The initial answer's Retry-After: the first poll must not come before it. */
      delay = first_wait;
    } else {
      p->first_poll_at_ms = 0;
      aml_result rc = aml_poller_poll(p, err);
      if (rc < 0 || p->phase == PHASE_DONE) return rc;
      delay = p->retry_after_ms;
    }
    bool last;
    aml_result rc = nap_within(p, delay, timeout_ms, start, &last);
    if (rc == AML_ERR_CANCELED) return canceled(p, err);
    if (rc < 0) return aml__fail(err, rc, "%s: the sleep hook stopped the wait", p->operation);
    /* Waited out in full (a sleep hook takes no real time): poll next. */
    if (before_first_poll && !last) p->first_poll_at_ms = 0;
    if (last)
      return aml__fail(err, AML_ERR_STILL_RUNNING, "%s: still %s at the %lld ms deadline", p->operation,
                       p->status, (long long)timeout_ms);
  }
}

aml_result aml_poller_cancel(aml_poller *p) {
  if (!p) return AML_ERR_INVALID_ARG;
  pthread_mutex_lock(&p->wake_lock);
  atomic_store(&p->cancel_requested, 1);
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->wake_lock);
  return AML_OK;
}

int32_t aml_poller_done(const aml_poller *p) { return p && p->phase == PHASE_DONE ? 1 : 0; }
const char *aml_poller_status(const aml_poller *p) { return p && p->status ? p->status : ""; }
int64_t aml_poller_retry_after_ms(const aml_poller *p) { return p && p->phase != PHASE_DONE ? p->retry_after_ms : 0; }
const char *aml_poller_result_json(const aml_poller *p) {
  return p && p->phase == PHASE_DONE && p->outcome == AML_OK ? p->result_json : NULL;
}
const char *aml_poller_operation(const aml_poller *p) { return p ? p->operation : ""; }

aml_result aml_poller_set_progress(aml_poller *p, aml_poller_progress_fn fn, void *user_data) {
  if (!p) return AML_ERR_INVALID_ARG;
  p->progress = fn;
  p->progress_user_data = user_data;
  return AML_OK;
}

int32_t aml__poller_result_kind(const aml_poller *p) { return p->result_kind; }
void *aml__poller_typed_result(const aml_poller *p) { return p->typed; }
void aml__poller_set_typed_result(aml_poller *p, void *obj, void (*free_fn)(void *)) {
  if (p->typed && p->typed_free) p->typed_free(p->typed);
  p->typed = obj;
  p->typed_free = free_fn;
}

void *aml__poller_detach_typed_result(aml_poller *p) {
  void *obj = p->typed;
  p->typed = NULL;
  p->typed_free = NULL;
  return obj;
}

void aml__poller_get_state(const aml_poller *p, aml_poller_state *out) {
  out->operation = p->operation;
  out->result_kind = p->result_kind;
  out->final_state = p->final_state;
  out->method = p->method;
  out->url = p->url;
  /* A poller waiting for its final GET resumes as a status poll of that URL. */
  out->strategy = p->phase == PHASE_DONE ? AML_LRO_DONE : p->strategy;
  out->poll_url = p->phase == PHASE_FINAL_GET ? p->final_url : p->poll_url;
  out->location_url = p->location_url;
  if (p->phase == PHASE_FINAL_GET) out->strategy = AML_LRO_LOCATION;
  /* A custom poll reads its outcome again from the resource (a job's status). */
  if (p->strategy == AML_LRO_CUSTOM) out->strategy = AML_LRO_CUSTOM;
}
