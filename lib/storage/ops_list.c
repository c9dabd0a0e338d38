/* List Blobs: one page (EnumerationResults XML), and every page. */
#include "core/alloc.h"
#include "core/str.h"
#include "core/url.h"
#include "storage/percent.h"
#include "storage/props_impl.h"
#include "storage/request.h"
#include "storage/xml.h"

#include <stdio.h>
#include <string.h>

void aml__blob_list_page_cleanup(aml_blob_list_page *page) {
  if (!page) return;
  for (size_t i = 0; i < page->count; i++) {
    aml__free(page->items[i].name);
    aml__blob_props_cleanup(&page->items[i].props);
  }
  aml__free(page->items);
  aml__free(page->next_marker);
  memset(page, 0, sizeof(*page));
}

/* <Name Encoded="true">: the service percent-encoded a name holding characters XML cannot carry. */
static char *item_name(const aml_xml_node *n) {
  const char *text = n->text ? n->text : "";
  const char *enc = aml__kvlist_get(&n->attributes, "Encoded");
  if (!enc || aml__strcasecmp(enc, "true") != 0) return aml__strdup(text);
  return aml__percent_decode(text, strlen(text));
}

static aml_result item_from_xml(const aml_xml_node *x, aml_blob_item *it) {
  aml__blob_props_init(&it->props);
  it->is_prefix = strcmp(x->name, "BlobPrefix") == 0;
  const aml_xml_node *name = aml__xml_child(x, "Name");
  if (!name) return AML_ERR_PARSE;
  if (!(it->name = item_name(name))) return AML_ERR_NOMEM;
  const aml_xml_node *pr = aml__xml_child(x, "Properties");
  if (pr) {
    aml__blob_parse_u64(aml__xml_child_text(pr, "Content-Length"), &it->props.content_length);
    it->props.has_md5 = aml__blob_md5_from_base64(aml__xml_child_text(pr, "Content-MD5"), it->props.md5);
    if (aml__blob_props_set_str(&it->props.etag, aml__xml_child_text(pr, "Etag")) ||
        aml__blob_props_set_str(&it->props.content_type, aml__xml_child_text(pr, "Content-Type")) ||
        aml__blob_props_set_str(&it->props.last_modified, aml__xml_child_text(pr, "Last-Modified")))
      return AML_ERR_NOMEM;
  }
  const aml_xml_node *md = aml__xml_child(x, "Metadata");
  for (const aml_xml_node *m = md ? md->first_child : NULL; m; m = m->next)
    if (aml__kvlist_add(&it->props.metadata, m->name, m->text ? m->text : "")) return AML_ERR_NOMEM;
  return AML_OK;
}

aml_result aml__blob_list_parse(const char *xml, size_t len, aml_blob_list_page *page, aml_error **err) {
  memset(page, 0, sizeof(*page));
  aml_xml_node *doc = NULL;
  aml_result rc = aml__xml_parse(xml, len, &doc, err);
  if (rc < 0) return rc;
  if (strcmp(doc->name, "EnumerationResults") != 0) {
    aml__xml_free(doc);
    return aml__fail(err, AML_ERR_PARSE, "the List Blobs answer is not an EnumerationResults document");
  }
  const aml_xml_node *blobs = aml__xml_child(doc, "Blobs");
  size_t n = 0;
  for (const aml_xml_node *x = blobs ? blobs->first_child : NULL; x; x = x->next) n++;
  if (n && !(page->items = aml__calloc(n, sizeof(*page->items)))) rc = AML_ERR_NOMEM;
  for (const aml_xml_node *x = blobs ? blobs->first_child : NULL; x && rc == AML_OK; x = x->next) {
    if (strcmp(x->name, "Blob") != 0 && strcmp(x->name, "BlobPrefix") != 0) continue;
    rc = item_from_xml(x, &page->items[page->count]);
    page->count++; /* counted even when half-filled, so cleanup frees it */
  }
  const char *marker = aml__xml_child_text(doc, "NextMarker");
  if (rc == AML_OK && !aml__str_empty(marker) && !(page->next_marker = aml__strdup(marker))) rc = AML_ERR_NOMEM;
  aml__xml_free(doc);
  if (rc < 0) {
    aml__blob_list_page_cleanup(page);
    return rc == AML_ERR_NOMEM ? aml__fail(err, rc, "out of memory reading a blob listing")
                               : aml__fail(err, rc, "a blob in the listing has no <Name>");
  }
  return AML_OK;
}

/* "&name=value" with the value escaped (the buffer already holds a query). */
static aml_result add_param(aml_buf *q, const char *name, const char *value) {
  if (aml__buf_printf(q, "&%s=", name)) return AML_ERR_NOMEM;
  return aml__url_escape(q, value);
}

static aml_result list_query(const aml_blob_list_options *o, aml_buf *q) {
  aml_result rc = aml__buf_puts(q, "restype=container&comp=list");
  if (rc == AML_OK && !aml__str_empty(o->prefix)) rc = add_param(q, "prefix", o->prefix);
  if (rc == AML_OK && !aml__str_empty(o->delimiter)) rc = add_param(q, "delimiter", o->delimiter);
  if (rc == AML_OK && !aml__str_empty(o->marker)) rc = add_param(q, "marker", o->marker);
  if (rc == AML_OK && o->max_results) rc = aml__buf_printf(q, "&maxresults=%u", (unsigned)o->max_results);
  if (rc == AML_OK && o->include_metadata) rc = aml__buf_puts(q, "&include=metadata");
  return rc;
}

aml_result aml__blob_list_page(const aml_blob_container *c, const aml_blob_list_options *opts,
                               aml_blob_list_page *page, aml_error **err) {
  if (!c || !page) return aml__fail(err, AML_ERR_INVALID_ARG, "container and page are required");
  memset(page, 0, sizeof(*page));
  aml_blob_list_options none = {0};
  if (!opts) opts = &none;
  aml_buf q = AML_BUF_INIT;
  aml_http_request *req = NULL;
  aml_result rc = list_query(opts, &q);
  if (rc == AML_OK) rc = aml__blob_request_new(c, "GET", NULL, aml__buf_cstr(&q), &req, err);
  else rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
  aml__buf_free(&q);
  if (rc < 0) return rc;
  aml_http_response *resp = NULL;
  rc = aml__http_response_new(&resp);
  if (rc < 0) rc = aml__fail(err, rc, "out of memory");
  else rc = aml__blob_send(c, req, resp, "List Blobs", NULL, err);
  if (rc == AML_OK) rc = aml__blob_list_parse(resp->body.ptr ? resp->body.ptr : "", resp->body.len, page, err);
  aml_http_response_free(resp);
  aml__http_request_free(req);
  return rc;
}

aml_result aml__blob_list_all(const aml_blob_container *c, const aml_blob_list_options *opts, aml_blob_list_fn fn,
                              void *user_data, aml_error **err) {
  if (!c || !fn) return aml__fail(err, AML_ERR_INVALID_ARG, "container and callback are required");
  aml_blob_list_options o = {0};
  if (opts) o = *opts;
  char *marker = NULL;
  aml_result rc = AML_OK;
  for (;;) {
    aml_blob_list_page page;
    o.marker = marker ? marker : (opts ? opts->marker : NULL);
    rc = aml__blob_list_page(c, &o, &page, err);
    if (rc < 0) break;
    for (size_t i = 0; i < page.count && rc == AML_OK; i++) {
      rc = fn(&page.items[i], user_data);
      if (rc > 0) rc = AML_OK;
    }
    aml__free(marker);
    marker = page.next_marker;
    page.next_marker = NULL;
    aml__blob_list_page_cleanup(&page);
    if (rc < 0) {
      aml__fail(err, rc, "the listing was stopped by its callback (%s)", aml_result_str(rc));
      break;
    }
    if (!marker) break;
  }
  aml__free(marker);
  return rc;
}
