/* aml_pager: a paged ARM list. Pages are fetched lazily; `nextLink` is
 * followed as the service gave it (it carries its own api-version and
 * continuation token), resolved against the page's request URL when it is
 * relative (RFC 3986), but only on the client's own host, where the bearer
 * token may go. A link elsewhere is refused once the page's items are out. */
#include "ml/pager_impl.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/str.h"
#include "core/url.h"
#include "lro/poller_impl.h"

struct aml_pager {
  aml_client *client; /* reference held */
  char *method;
  char *next_url; /* NULL once the last page was read */
  char *items_key;
  int32_t kind;
  json_t *page;
  size_t index;
  int32_t pages;
  char *origin; /* where nextLink may lead; NULL = the client's ARM host */
  aml__pager_keep_fn keep;
  void *keep_ctx; /* owned: freed with aml__free */
  bool foreign_next; /* the last page linked elsewhere: refused once its items are out */
};

/* Where nextLink may lead. */
static const char *allowed_origin(const aml_pager *p) { return p->origin ? p->origin : p->client->arm_url; }

static aml_result set_str(char **field, const char *value) {
  char *copy = NULL;
  if (value && !(copy = aml__strdup(value))) return AML_ERR_NOMEM;
  aml__free(*field);
  *field = copy;
  return AML_OK;
}

aml_result aml__pager_new(aml_client *c, const char *method, const char *first_url, const char *items_key,
                          int32_t kind, aml_pager **out, aml_error **err) {
  aml_pager *p = aml__calloc(1, sizeof(*p));
  if (!p || set_str(&p->method, method) || set_str(&p->next_url, first_url) || set_str(&p->items_key, items_key)) {
    aml_pager_free(p);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory creating a pager");
  }
  p->client = aml_client_ref(c);
  p->kind = kind;
  *out = p;
  return AML_OK;
}

void aml_pager_free(aml_pager *p) {
  if (!p) return;
  aml__free(p->method);
  aml__free(p->next_url);
  aml__free(p->items_key);
  aml__free(p->origin);
  aml__free(p->keep_ctx);
  json_decref(p->page);
  aml_client_unref(p->client);
  aml__free(p);
}

aml_result aml__pager_set_origin(aml_pager *p, const char *origin) { return set_str(&p->origin, origin); }

void aml__pager_set_filter(aml_pager *p, aml__pager_keep_fn keep, void *ctx) {
  aml__free(p->keep_ctx);
  p->keep = keep;
  p->keep_ctx = ctx;
}

int32_t aml_pager_pages_fetched(const aml_pager *p) { return p ? p->pages : 0; }
int32_t aml__pager_kind(const aml_pager *p) { return p->kind; }

static aml_result fetch(aml_pager *p, aml_error **err) {
  aml_http_response *resp = NULL;
  /* Listing is a read, even when the service spells it POST (listNodes): safe to repeat. */
  aml_result rc = aml__client_send_idempotent(p->client, p->method, p->next_url, NULL, &resp, err);
  if (rc < 0) return rc; /* next_url kept: calling again retries this page */
  json_t *root = NULL;
  rc = aml__json_parse(resp->body.ptr, resp->body.len, &root, err);
  aml_http_response_free(resp);
  if (rc < 0) return rc;
  json_t *items = json_object_get(root, p->items_key);
  json_t *next = json_object_get(root, "nextLink");
  if (!json_is_array(items)) {
    json_decref(root);
    return aml__fail(err, AML_ERR_PARSE, "list page has no \"%s\" array", p->items_key);
  }
  const char *link = json_is_string(next) && *json_string_value(next) ? json_string_value(next) : NULL;
  aml_buf resolved = AML_BUF_INIT;
  rc = link ? aml__url_resolve(&resolved, p->next_url, link) : AML_OK;
  if (rc == AML_ERR_NOMEM || (rc == AML_OK && set_str(&p->next_url, link ? aml__buf_cstr(&resolved) : NULL))) {
    aml__buf_free(&resolved);
    json_decref(root);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory reading a list page");
  }
  aml__buf_free(&resolved);
  /* Not a URL, or on another host: this page's items still count; the
   * refusal comes when the caller asks for more. */
  p->foreign_next = rc < 0 || (p->next_url && !aml__url_same_origin(p->next_url, allowed_origin(p)));
  if (p->foreign_next) {
    aml__free(p->next_url);
    p->next_url = NULL;
  }
  json_decref(p->page);
  p->page = root;
  p->index = 0;
  p->pages++;
  if (aml__str_empty(p->next_url)) {
    aml__free(p->next_url);
    p->next_url = NULL;
  }
  return AML_OK;
}

aml_result aml__pager_next(aml_pager *p, json_t **item, aml_error **err) {
  for (;;) {
    json_t *items = p->page ? json_object_get(p->page, p->items_key) : NULL;
    if (items && p->index < json_array_size(items)) {
      *item = json_array_get(items, p->index++);
      if (p->keep && !p->keep(*item, p->keep_ctx)) continue;
      return AML_OK;
    }
    if (p->foreign_next)
      return aml__fail(err, AML_ERR_HTTP, "refusing to follow nextLink to a host other than %s",
                       allowed_origin(p));
    if (!p->next_url) return AML_ITER_END;
    aml_result rc = fetch(p, err); /* pages may be empty: loop */
    if (rc < 0) return rc;
  }
}

aml_result aml_pager_next_json(aml_pager *p, char **json_out, aml_error **err) {
  if (!p || !json_out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_pager_next_json: pager and json_out are required");
  *json_out = NULL;
  json_t *item = NULL;
  aml_result rc = aml__pager_next(p, &item, err);
  if (rc != AML_OK) return rc;
  *json_out = aml__json_dump(item);
  return *json_out ? AML_OK : aml__fail(err, AML_ERR_NOMEM, "out of memory");
}
