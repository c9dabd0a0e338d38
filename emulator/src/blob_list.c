/* Container operations: List Blobs (prefix, delimiter, marker, maxresults,
 * include=metadata; names in byte order, which is the service's order),
 * Create Container, Get Container Properties. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "blob.h"
#include "blob_fs.h"
#include "util.h"

#define MAX_RESULTS 5000

static void element(em_buf *b, const char *tag, const char *value)
{
    if (!value) {
        em_buf_printf(b, "<%s />", tag);
        return;
    }
    char *e = em_xml_escape(value);
    em_buf_printf(b, "<%s>%s</%s>", tag, e, tag);
    free(e);
}

static void blob_entry(em_blob_ctx *c, em_buf *b, const char *name, bool with_meta)
{
    char *path = em_printf("%s/%s", c->dir, name);
    struct stat st;
    json_t *props = stat(path, &st) == 0 ? em_blob_props(c, name, path, &st) : NULL;
    free(path);
    if (!props)
        return; /* gone meanwhile */
    char etag[40], lm[40], created[40], len[32];
    em_blob_etag(&st, etag);
    em_rfc1123(em_mtime_ns(&st) / 1000000, lm);
    em_rfc1123(json_integer_value(json_object_get(props, "created")), created);
    snprintf(len, sizeof len, "%lld", (long long)st.st_size);
    em_buf_puts(b, "<Blob>");
    element(b, "Name", name);
    em_buf_puts(b, "<Properties>");
    element(b, "Creation-Time", created);
    element(b, "Last-Modified", lm);
    element(b, "Etag", etag);
    element(b, "Content-Length", len);
    element(b, "Content-Type", json_string_value(json_object_get(props, "contentType")));
    element(b, "Content-Encoding", json_string_value(json_object_get(props, "contentEncoding")));
    element(b, "Content-Language", json_string_value(json_object_get(props, "contentLanguage")));
    element(b, "Content-MD5", json_string_value(json_object_get(props, "contentMD5")));
    element(b, "Cache-Control", json_string_value(json_object_get(props, "cacheControl")));
    element(b, "Content-Disposition",
            json_string_value(json_object_get(props, "contentDisposition")));
    em_buf_puts(b, "<BlobType>BlockBlob</BlobType><AccessTier>Hot</AccessTier>"
                   "<AccessTierInferred>true</AccessTierInferred><LeaseStatus>unlocked"
                   "</LeaseStatus><LeaseState>available</LeaseState><ServerEncrypted>true"
                   "</ServerEncrypted></Properties>");
    if (with_meta) {
        em_buf_puts(b, "<Metadata>");
        const char *k;
        json_t *v;
        json_object_foreach(json_object_get(props, "metadata"), k, v) {
            element(b, k, json_string_value(v));
        }
        em_buf_puts(b, "</Metadata>");
    }
    em_buf_puts(b, "</Blob>");
    json_decref(props);
}

static bool parse_max(em_blob_ctx *c, int *out)
{
    const char *m = em_req_query(c->req, "maxresults");
    *out = MAX_RESULTS;
    if (!m)
        return true;
    char *end;
    long v = strtol(m, &end, 10);
    if (!*m || *end || v <= 0) {
        em_blob_error(c, 400, "OutOfRangeQueryParameterValue",
                      "One of the query parameters specified in the request URI is outside the "
                      "permissible range: maxresults must be at least 1.");
        return false;
    }
    *out = v > MAX_RESULTS ? MAX_RESULTS : (int)v;
    return true;
}

void em_blob_list(em_blob_ctx *c)
{
    int max;
    if (!parse_max(c, &max))
        return;
    const char *prefix = em_req_query(c->req, "prefix");
    const char *delim = em_req_query(c->req, "delimiter");
    const char *marker = em_req_query(c->req, "marker");
    const char *include = em_req_query(c->req, "include");
    bool with_meta = include && strstr(include, "metadata");
    if (delim && !*delim)
        delim = NULL;
    size_t plen = prefix ? strlen(prefix) : 0;
    em_strv names = {0};
    em_blob_walk(c->dir, &names);

    em_buf b = {0};
    char *ep = em_printf("%s/%s/", c->app->base_url, c->app->datastores.account);
    char *eep = em_xml_escape(ep), *ec = em_xml_escape(c->container);
    em_buf_printf(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults "
                      "ServiceEndpoint=\"%s\" ContainerName=\"%s\">",
                  eep, ec);
    free(eep);
    free(ec);
    free(ep);
    if (prefix)
        element(&b, "Prefix", prefix);
    if (marker)
        element(&b, "Marker", marker);
    if (em_req_query(c->req, "maxresults")) {
        char m[16];
        snprintf(m, sizeof m, "%d", max);
        element(&b, "MaxResults", m);
    }
    if (delim)
        element(&b, "Delimiter", delim);
    em_buf_puts(&b, "<Blobs>");
    int count = 0;
    char *last_prefix = NULL, *next = NULL;
    for (size_t i = 0; i < names.n; i++) {
        const char *name = names.v[i];
        if (prefix && strncmp(name, prefix, plen) != 0)
            continue;
        /* The item this name stands for: itself, or its BlobPrefix. */
        char *item = NULL;
        const char *d = delim ? strstr(name + plen, delim) : NULL;
        if (d)
            item = em_xstrndup(name, (size_t)(d - name) + strlen(delim));
        const char *key = item ? item : name;
        if (marker && strcmp(key, marker) < 0) {
            free(item);
            continue;
        }
        if (item && last_prefix && strcmp(item, last_prefix) == 0) {
            free(item);
            continue;
        }
        if (count == max) {
            next = em_xstrdup(key);
            free(item);
            break;
        }
        count++;
        if (item) {
            em_buf_puts(&b, "<BlobPrefix>");
            element(&b, "Name", item);
            em_buf_puts(&b, "</BlobPrefix>");
            free(last_prefix);
            last_prefix = item;
        } else {
            blob_entry(c, &b, name, with_meta);
        }
    }
    em_buf_puts(&b, "</Blobs>");
    element(&b, "NextMarker", next ? next : "");
    em_buf_puts(&b, "</EnumerationResults>");
    free(next);
    free(last_prefix);
    em_strv_free(&names);
    char *xml = em_buf_take(&b);
    em_resp_text(c->resp, 200, "application/xml", xml);
    free(xml);
}

static void container_headers(em_blob_ctx *c)
{
    struct stat st;
    if (stat(c->dir, &st) != 0)
        memset(&st, 0, sizeof st);
    char etag[40], q[44], lm[40];
    em_blob_etag(&st, etag);
    snprintf(q, sizeof q, "\"%s\"", etag);
    em_rfc1123(em_mtime_ns(&st) / 1000000, lm);
    em_resp_header(c->resp, "ETag", q);
    em_resp_header(c->resp, "Last-Modified", lm);
}

void em_blob_create_container(em_blob_ctx *c)
{
    if (c->ds || em_is_dir(c->dir)) {
        em_blob_error(c, 409, "ContainerAlreadyExists", "The specified container already exists.");
        return;
    }
    if (em_mkdir_p(c->dir, 0755) != 0) {
        em_blob_error(c, 500, "InternalError", "The container's folder could not be made.");
        return;
    }
    em_resp_empty(c->resp, 201);
    container_headers(c);
}

void em_blob_container_properties(em_blob_ctx *c, bool head)
{
    (void)head;
    em_resp_empty(c->resp, 200);
    container_headers(c);
    em_resp_header(c->resp, "x-ms-lease-state", "available");
    em_resp_header(c->resp, "x-ms-lease-status", "unlocked");
    em_resp_header(c->resp, "x-ms-has-immutability-policy", "false");
    em_resp_header(c->resp, "x-ms-has-legal-hold", "false");
}
