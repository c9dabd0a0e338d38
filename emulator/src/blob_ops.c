/* Blob operations: Put Blob, Put Block, Put Block List, Get Blob (and its
 * HEAD, Get Blob Properties), Set Blob Metadata, Delete Blob. A blob is a
 * file; its properties (content type, MD5, metadata, block list) are a
 * store row valid while the file keeps the size and mtime recorded with
 * them, so files written by jobs are blobs too (their MD5 is computed when
 * first asked for). Every write lands whole: a temporary file in the
 * staging folder, then rename. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blob.h"
#include "blob_fs.h"
#include "storage_crypto.h"
#include "util.h"

#define MAX_BLOCK_ID_BYTES 64
#define MAX_COMMITTED_BLOCKS 50000
#define MAX_RANGE_MD5 (4 * 1024 * 1024)
#define DEFAULT_CONTENT_TYPE "application/octet-stream"

void em_blob_etag(const struct stat *st, char out[40])
{
    uint64_t v = (uint64_t)em_mtime_ns(st) ^ ((uint64_t)st->st_ino << 40) ^ (uint64_t)st->st_size;
    snprintf(out, 40, "0x%016llX", (unsigned long long)v);
}

static int64_t mtime_ms(const struct stat *st)
{
    return em_mtime_ns(st) / 1000000;
}

json_t *em_blob_props(em_blob_ctx *c, const char *name, const char *path, const struct stat *st)
{
    em_store *store = c->app->store;
    int64_t size = -1, mt = -1;
    em_store_lock(store);
    json_t *row = em_blob_props_get(store, c->container, name, &size, &mt);
    em_store_unlock(store);
    if (row && size == (int64_t)st->st_size && mt == em_mtime_ns(st))
        return row;
    json_decref(row);
    /* Written by someone else (a job) or changed since: the service's
     * defaults, and the MD5 of what is there now, kept for next time. */
    char *md5 = em_md5_file_b64(path, 0, -1);
    if (!md5)
        return NULL;
    json_t *p = json_pack("{s:s, s:s, s:{}, s:I}", "contentType", DEFAULT_CONTENT_TYPE,
                          "contentMD5", md5, "metadata", "created", (json_int_t)mtime_ms(st));
    free(md5);
    em_store_lock(store);
    em_blob_props_put(store, c->container, name, p, (int64_t)st->st_size, em_mtime_ns(st));
    em_store_unlock(store);
    return p;
}

static const char *str(const json_t *props, const char *key)
{
    return json_string_value(json_object_get(props, key));
}

/* Metadata of the request (x-ms-meta-<name>: value); NULL = resp filled. */
static json_t *request_metadata(em_blob_ctx *c)
{
    json_t *m = json_object();
    const em_kvlist *h = &c->req->headers;
    for (size_t i = 0; i < h->n; i++) {
        if (!em_starts_with_ci(h->items[i].key, "x-ms-meta-"))
            continue;
        const char *name = h->items[i].key + strlen("x-ms-meta-");
        bool ok = *name && (isalpha((unsigned char)*name) || *name == '_');
        for (const char *p = name; *p && ok; p++)
            ok = isalnum((unsigned char)*p) || *p == '_';
        if (!ok) {
            em_blob_error(c, 400, "InvalidMetadata",
                          "The metadata specified is invalid. It has characters that are not "
                          "permitted: '%s' (names are C# identifiers).",
                          name);
            json_decref(m);
            return NULL;
        }
        json_object_set_new(m, name, json_string(h->items[i].val));
    }
    return m;
}

static bool etag_matches(const char *given, const char *etag)
{
    size_t n = strlen(given);
    if (n >= 2 && given[0] == '"' && given[n - 1] == '"')
        return n - 2 == strlen(etag) && strncmp(given + 1, etag, n - 2) == 0;
    return strcmp(given, etag) == 0;
}

/* If-Match / If-None-Match against the blob (st NULL: absent). false =
 * resp filled (412, 409 for If-None-Match: * on a write, 304 on a read). */
static bool conditions(em_blob_ctx *c, const struct stat *st, bool write)
{
    char etag[40] = "";
    if (st)
        em_blob_etag(st, etag);
    const char *im = em_req_header(c->req, "If-Match");
    const char *inm = em_req_header(c->req, "If-None-Match");
    if (im && (!st || (strcmp(im, "*") != 0 && !etag_matches(im, etag)))) {
        em_blob_error(c, 412, "ConditionNotMet",
                      "The condition specified using HTTP conditional header(s) is not met.");
        return false;
    }
    if (inm && st && (strcmp(inm, "*") == 0 || etag_matches(inm, etag))) {
        if (write && strcmp(inm, "*") == 0) {
            em_blob_error(c, 409, "BlobAlreadyExists", "The specified blob already exists.");
        } else if (write) {
            em_blob_error(c, 412, "ConditionNotMet",
                          "The condition specified using HTTP conditional header(s) is not met.");
        } else {
            em_resp_empty(c->resp, 304);
            char q[44];
            snprintf(q, sizeof q, "\"%s\"", etag);
            em_resp_header(c->resp, "ETag", q);
        }
        return false;
    }
    return true;
}

static void write_headers(em_blob_ctx *c, const struct stat *st)
{
    char etag[40], q[44], lm[40];
    em_blob_etag(st, etag);
    snprintf(q, sizeof q, "\"%s\"", etag);
    em_rfc1123(mtime_ms(st), lm);
    em_resp_header(c->resp, "ETag", q);
    em_resp_header(c->resp, "Last-Modified", lm);
    em_resp_header(c->resp, "x-ms-request-server-encrypted", "true");
}

/* The blob's file, or NULL with resp filled. */
static char *blob_path(em_blob_ctx *c)
{
    char *path = em_blob_resolve(c->dir, c->blob);
    if (!path)
        em_blob_error(c, 400, "InvalidResourceName",
                      "The blob name '%s' resolves outside its container's folder.", c->blob);
    return path;
}

static void write_failed(em_blob_ctx *c)
{
    if (errno == ENOTDIR || errno == EISDIR || errno == EEXIST || errno == ENOTEMPTY)
        em_blob_error(c, 409, "PathConflict",
                      "The blob '%s' conflicts with another blob: in aml-emulator a blob is a "
                      "file, and a name cannot be both a blob and a folder of blobs.",
                      c->blob);
    else
        em_blob_error(c, 500, "InternalError", "The blob could not be written: %s.",
                      strerror(errno));
}

/* Where the uncommitted blocks of this blob wait. */
static char *block_dir(em_blob_ctx *c)
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int dl = 0;
    EVP_Digest(c->blob, strlen(c->blob), d, &dl, EVP_sha256(), NULL);
    char hex[2 * EVP_MAX_MD_SIZE + 1];
    for (unsigned i = 0; i < dl; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    return em_printf("%s/blocks/%s/%s", c->staging, c->container, hex);
}

static char *hex_of(const char *s)
{
    size_t n = strlen(s);
    char *out = em_xmalloc(2 * n + 1);
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", (unsigned char)s[i]);
    out[2 * n] = '\0';
    return out;
}

static void drop_blocks(em_blob_ctx *c)
{
    char *d = block_dir(c);
    em_rm_rf(d);
    free(d);
}

/* The service's properties from the request headers of a write. */
static json_t *new_props(em_blob_ctx *c, json_t *meta, const char *md5, bool put_blob)
{
    const em_request *r = c->req;
    const char *ct = em_req_header(r, "x-ms-blob-content-type");
    if (!ct && put_blob)
        ct = em_req_header(r, "Content-Type");
    const char *given_md5 = em_req_header(r, "x-ms-blob-content-md5");
    json_t *p = json_pack("{s:s, s:s, s:o, s:I}", "contentType", ct ? ct : DEFAULT_CONTENT_TYPE,
                          "contentMD5", given_md5 ? given_md5 : md5, "metadata", meta, "created",
                          (json_int_t)em_now_ms());
    static const char *const extra[][2] = {
        {"x-ms-blob-content-encoding", "contentEncoding"},
        {"x-ms-blob-content-language", "contentLanguage"},
        {"x-ms-blob-cache-control", "cacheControl"},
        {"x-ms-blob-content-disposition", "contentDisposition"},
    };
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
        const char *v = em_req_header(r, extra[i][0]);
        if (v)
            json_object_set_new(p, extra[i][1], json_string(v));
    }
    return p;
}

static void save_props(em_blob_ctx *c, const char *path, json_t *props, struct stat *st)
{
    if (stat(path, st) != 0)
        memset(st, 0, sizeof *st);
    em_store_lock(c->app->store);
    em_blob_props_put(c->app->store, c->container, c->blob, props, (int64_t)st->st_size,
                      em_mtime_ns(st));
    em_store_unlock(c->app->store);
}

/* The blob's current state: 1 present (st filled), 0 absent, -1 a folder
 * (resp filled when refuse_folder). */
static int current(em_blob_ctx *c, const char *path, struct stat *st)
{
    if (stat(path, st) != 0)
        return 0;
    if (!S_ISREG(st->st_mode))
        return -1;
    return 1;
}

/* The blob's path and state before a write (conditions checked): 1
 * present, 0 absent, -1 resp filled. *path is set (caller frees) unless
 * the name cannot be a file. */
static int prepare_write(em_blob_ctx *c, char **path, struct stat *st)
{
    *path = blob_path(c);
    if (!*path)
        return -1;
    int cur = current(c, *path, st);
    if (cur < 0) {
        errno = EISDIR;
        write_failed(c);
        return -1;
    }
    return conditions(c, cur ? st : NULL, true) ? cur : -1;
}

void em_blob_put(em_blob_ctx *c)
{
    const char *bt = em_req_header(c->req, "x-ms-blob-type");
    if (!bt) {
        em_blob_error(c, 400, "MissingRequiredHeader",
                      "An HTTP header that's mandatory for this request is not specified: "
                      "x-ms-blob-type.");
        return;
    }
    if (strcmp(bt, "BlockBlob") != 0) {
        em_blob_error(c, 400, "InvalidHeaderValue",
                      "The value for one of the HTTP headers is not in the correct format: "
                      "x-ms-blob-type '%s' (aml-emulator serves BlockBlob only).",
                      bt);
        return;
    }
    json_t *meta = request_metadata(c);
    if (!meta)
        return;
    char *path = NULL, *md5 = NULL;
    struct stat st;
    if (prepare_write(c, &path, &st) < 0)
        goto out;
    md5 = em_md5_b64(c->req->body, c->req->body_len);
    const char *given = em_req_header(c->req, "Content-MD5");
    if (given && strcmp(given, md5) != 0) {
        em_blob_error(c, 400, "Md5Mismatch",
                      "The MD5 value specified in the request did not match with the MD5 value "
                      "calculated by the server.");
        goto out;
    }
    if (em_blob_write(c->staging, path, c->req->body, c->req->body_len) != 0) {
        write_failed(c);
        goto out;
    }
    json_t *props = new_props(c, meta, md5, true);
    meta = NULL;
    save_props(c, path, props, &st);
    json_decref(props);
    drop_blocks(c);
    em_resp_empty(c->resp, 201);
    write_headers(c, &st);
    em_resp_header(c->resp, "Content-MD5", md5);
out:
    json_decref(meta);
    free(md5);
    free(path);
}

void em_blob_put_block(em_blob_ctx *c)
{
    const char *id = em_req_query(c->req, "blockid");
    size_t raw_len = 0;
    unsigned char *raw = id && *id ? em_b64_decode(id, &raw_len) : NULL;
    bool id_ok = raw && raw_len <= MAX_BLOCK_ID_BYTES;
    free(raw);
    if (!id_ok) {
        em_blob_error(c, 400, "InvalidQueryParameterValue",
                      "Value for one of the query parameters specified in the request URI is "
                      "invalid: blockid must be base64 of at most 64 bytes.");
        return;
    }
    char *md5 = em_md5_b64(c->req->body, c->req->body_len);
    const char *given = em_req_header(c->req, "Content-MD5");
    char *path = NULL, *dir = NULL, *hex = NULL, *file = NULL;
    if (given && strcmp(given, md5) != 0) {
        em_blob_error(c, 400, "Md5Mismatch",
                      "The MD5 value specified in the request did not match with the MD5 value "
                      "calculated by the server.");
        goto out;
    }
    path = blob_path(c);
    if (!path)
        goto out;
    dir = block_dir(c);
    hex = hex_of(id);
    em_strv staged = {0};
    em_blob_walk(dir, &staged);
    bool same_length = true;
    for (size_t i = 0; i < staged.n; i++)
        if (strlen(staged.v[i]) != strlen(hex))
            same_length = false;
    em_strv_free(&staged);
    if (!same_length) {
        em_blob_error(c, 400, "InvalidBlobOrBlock",
                      "The specified blob or block content is invalid: every block id of a blob "
                      "must have the same length.");
        goto out;
    }
    file = em_printf("%s/%s", dir, hex);
    if (em_blob_write(c->staging, file, c->req->body, c->req->body_len) != 0) {
        em_blob_error(c, 500, "InternalError", "The block could not be written: %s.",
                      strerror(errno));
        goto out;
    }
    em_resp_empty(c->resp, 201);
    em_resp_header(c->resp, "Content-MD5", md5);
    em_resp_header(c->resp, "x-ms-request-server-encrypted", "true");
out:
    free(file);
    free(hex);
    free(dir);
    free(path);
    free(md5);
}

typedef struct entry {
    char kind; /* 'L'atest, 'C'ommitted, 'U'ncommitted */
    char *id;
} entry;

/* The <BlockList> body: its entries in order; -1 when it is not one. */
static int parse_block_list(const char *xml, size_t len, entry **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    const char *end = xml + len;
    const char *p = strstr(xml, "<BlockList");
    if (!p)
        return -1;
    size_t cap = 0;
    while ((p = memchr(p + 1, '<', (size_t)(end - p - 1))) != NULL) {
        char kind = 0;
        size_t skip = 0;
        if (strncmp(p, "<Latest>", 8) == 0)
            kind = 'L', skip = 8;
        else if (strncmp(p, "<Committed>", 11) == 0)
            kind = 'C', skip = 11;
        else if (strncmp(p, "<Uncommitted>", 13) == 0)
            kind = 'U', skip = 13;
        if (!kind)
            continue;
        const char *s = p + skip, *e = strstr(s, "</");
        if (!e)
            return -1;
        while (s < e && isspace((unsigned char)*s))
            s++;
        const char *t = e;
        while (t > s && isspace((unsigned char)t[-1]))
            t--;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = em_xrealloc(*out, cap * sizeof **out);
        }
        (*out)[*n].kind = kind;
        (*out)[(*n)++].id = em_xstrndup(s, (size_t)(t - s));
        p = e;
    }
    return 0;
}

/* Append len bytes of src from offset to fd, hashing them. */
static int copy_range(int fd, const char *src, int64_t offset, int64_t len, EVP_MD_CTX *md)
{
    int in = open(src, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return -1;
    char *buf = em_xmalloc(1 << 16);
    int rc = 0;
    while (len > 0) {
        size_t want = len < (1 << 16) ? (size_t)len : (1 << 16);
        ssize_t r = pread(in, buf, want, (off_t)offset);
        if (r <= 0) {
            rc = -1;
            break;
        }
        EVP_DigestUpdate(md, buf, (size_t)r);
        for (ssize_t done = 0; done < r;) {
            ssize_t w = write(fd, buf + done, (size_t)(r - done));
            if (w < 0) {
                rc = -1;
                break;
            }
            done += w;
        }
        if (rc)
            break;
        offset += r;
        len -= r;
    }
    free(buf);
    close(in);
    return rc;
}

/* Offset and size of committed block id in the current blob; false if it
 * has none such. */
static bool committed_block(const json_t *blocks, const char *id, int64_t *off, int64_t *size)
{
    int64_t at = 0;
    size_t i;
    json_t *b;
    json_array_foreach(blocks, i, b) {
        int64_t sz = json_integer_value(json_array_get(b, 1));
        if (strcmp(json_string_value(json_array_get(b, 0)), id) == 0) {
            *off = at;
            *size = sz;
            return true;
        }
        at += sz;
    }
    return false;
}

static void invalid_block_list(em_blob_ctx *c, const char *id)
{
    em_blob_error(c, 400, "InvalidBlockList",
                  "The specified block list is invalid: block '%s' is not among the %s blocks.",
                  id, "uncommitted or committed");
}

void em_blob_put_block_list(em_blob_ctx *c)
{
    entry *list = NULL;
    size_t n = 0;
    json_t *meta = NULL, *old = NULL, *blocks = json_array();
    char *path = NULL, *dir = NULL, *tmp = NULL;
    int fd = -1;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    EVP_DigestInit_ex(md, EVP_md5(), NULL);
    if (parse_block_list(c->req->body, c->req->body_len, &list, &n) != 0) {
        em_blob_error(c, 400, "InvalidXmlDocument",
                      "XML specified is not syntactically valid: a <BlockList> is expected.");
        goto out;
    }
    if (n > MAX_COMMITTED_BLOCKS) {
        em_blob_error(c, 409, "BlockCountExceedsLimit",
                      "The committed block count cannot exceed the maximum limit of 50,000 "
                      "blocks.");
        goto out;
    }
    meta = request_metadata(c);
    struct stat st;
    int cur = meta ? prepare_write(c, &path, &st) : -1;
    if (cur < 0)
        goto out;
    if (cur)
        old = em_blob_props(c, c->blob, path, &st);
    json_t *old_blocks = json_object_get(old, "blocks");
    dir = block_dir(c);
    em_mkdir_p(c->staging, 0755);
    tmp = em_blob_temp_name(c->staging);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        em_blob_error(c, 500, "InternalError", "The blob could not be written: %s.",
                      strerror(errno));
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        char *hex = hex_of(list[i].id);
        char *staged = em_printf("%s/%s", dir, hex);
        free(hex);
        struct stat bs;
        int64_t off = 0, size = 0;
        int rc = -2;
        if (list[i].kind != 'C' && stat(staged, &bs) == 0) {
            size = (int64_t)bs.st_size;
            rc = copy_range(fd, staged, 0, size, md);
        } else if (list[i].kind != 'U' && committed_block(old_blocks, list[i].id, &off, &size)) {
            rc = copy_range(fd, path, off, size, md);
        }
        free(staged);
        if (rc == -2) {
            invalid_block_list(c, list[i].id);
            goto out;
        }
        if (rc != 0) {
            em_blob_error(c, 500, "InternalError", "The blob could not be assembled.");
            goto out;
        }
        json_array_append_new(blocks, json_pack("[s, I]", list[i].id, (json_int_t)size));
    }
    close(fd);
    fd = -1;
    if (em_blob_commit_file(tmp, path) != 0) {
        write_failed(c);
        goto out;
    }
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int dl = 0;
    EVP_DigestFinal_ex(md, d, &dl);
    char *md5 = em_b64_encode(d, dl);
    json_t *props = new_props(c, meta, md5, false);
    meta = NULL;
    json_object_set(props, "blocks", blocks);
    save_props(c, path, props, &st);
    json_decref(props);
    free(md5);
    em_rm_rf(dir);
    em_resp_empty(c->resp, 201);
    write_headers(c, &st);
out:
    if (fd >= 0) {
        close(fd);
        unlink(tmp);
    }
    EVP_MD_CTX_free(md);
    for (size_t i = 0; i < n; i++)
        free(list[i].id);
    free(list);
    json_decref(meta);
    json_decref(old);
    json_decref(blocks);
    free(tmp);
    free(dir);
    free(path);
}

/* bytes=a-b, bytes=a-, bytes=-n. 1 parsed, 0 absent or not understood (the
 * whole blob is served, as the service does), -1 unsatisfiable. */
static int parse_range(const char *h, int64_t size, int64_t *start, int64_t *end)
{
    if (!h || strncmp(h, "bytes=", 6) != 0 || strchr(h, ','))
        return 0;
    const char *p = h + 6;
    char *e;
    if (*p == '-') {
        long long n = strtoll(p + 1, &e, 10);
        if (*e || n <= 0)
            return 0;
        if (size == 0)
            return -1;
        *start = n >= size ? 0 : size - n;
        *end = size - 1;
        return 1;
    }
    long long a = strtoll(p, &e, 10);
    if (e == p || *e != '-' || a < 0)
        return 0;
    const char *q = e + 1;
    long long b = size - 1;
    if (*q) {
        b = strtoll(q, &e, 10);
        if (*e || b < a)
            return 0;
    }
    if (a >= size)
        return -1;
    *start = a;
    *end = b >= size ? size - 1 : b;
    return 1;
}

static void property_headers(em_blob_ctx *c, const json_t *props)
{
    em_response *r = c->resp;
    em_resp_header(r, "Content-Type", str(props, "contentType") ? str(props, "contentType")
                                                                 : DEFAULT_CONTENT_TYPE);
    static const char *const extra[][2] = {
        {"contentEncoding", "Content-Encoding"},
        {"contentLanguage", "Content-Language"},
        {"cacheControl", "Cache-Control"},
        {"contentDisposition", "Content-Disposition"},
    };
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (str(props, extra[i][0]))
            em_resp_header(r, extra[i][1], str(props, extra[i][0]));
    const char *k;
    json_t *v;
    json_object_foreach(json_object_get(props, "metadata"), k, v) {
        char *h = em_printf("x-ms-meta-%s", k);
        em_resp_header(r, h, json_string_value(v));
        free(h);
    }
    char created[40];
    em_rfc1123(json_integer_value(json_object_get(props, "created")), created);
    em_resp_header(r, "x-ms-creation-time", created);
    em_resp_header(r, "x-ms-blob-type", "BlockBlob");
    em_resp_header(r, "x-ms-lease-state", "available");
    em_resp_header(r, "x-ms-lease-status", "unlocked");
    em_resp_header(r, "x-ms-server-encrypted", "true");
    em_resp_header(r, "x-ms-access-tier", "Hot");
    em_resp_header(r, "x-ms-access-tier-inferred", "true");
    em_resp_header(r, "Accept-Ranges", "bytes");
}

static void not_found(em_blob_ctx *c)
{
    em_blob_error(c, 404, "BlobNotFound", "The specified blob does not exist.");
}

void em_blob_get(em_blob_ctx *c, bool head)
{
    char *path = blob_path(c);
    json_t *props = NULL;
    struct stat st;
    if (!path)
        return;
    if (current(c, path, &st) != 1) {
        not_found(c);
        goto out;
    }
    if (!conditions(c, &st, false))
        goto out;
    props = em_blob_props(c, c->blob, path, &st);
    int fd = props ? open(path, O_RDONLY | O_CLOEXEC) : -1;
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (fd >= 0)
            close(fd);
        not_found(c);
        goto out;
    }
    int64_t size = (int64_t)st.st_size, start = 0, end = size - 1;
    const char *rh = em_req_header(c->req, "x-ms-range");
    if (!rh)
        rh = em_req_header(c->req, "Range");
    int ranged = head ? 0 : parse_range(rh, size, &start, &end);
    if (ranged < 0) {
        close(fd);
        em_blob_error(c, 416, "InvalidRange", "The range specified is invalid for the current "
                                              "size of the resource.");
        char cr[64];
        snprintf(cr, sizeof cr, "bytes */%lld", (long long)size);
        em_resp_header(c->resp, "Content-Range", cr);
        goto out;
    }
    const char *want_md5 = em_req_header(c->req, "x-ms-range-get-content-md5");
    bool range_md5 = ranged && want_md5 && strcasecmp(want_md5, "true") == 0;
    if (range_md5 && end - start + 1 > MAX_RANGE_MD5) {
        close(fd);
        em_blob_error(c, 400, "OutOfRangeInput",
                      "One of the request inputs is out of range: x-ms-range-get-content-md5 "
                      "needs a range of at most 4 MiB.");
        goto out;
    }
    em_resp_empty(c->resp, ranged ? 206 : 200);
    int64_t len = size == 0 ? 0 : end - start + 1;
    if (len > 0) {
        c->resp->has_file = true;
        c->resp->file_fd = fd;
        c->resp->file_offset = (uint64_t)start;
        c->resp->file_len = (uint64_t)len;
    } else {
        close(fd);
    }
    property_headers(c, props);
    write_headers(c, &st);
    const char *md5 = str(props, "contentMD5");
    if (ranged) {
        char cr[96];
        snprintf(cr, sizeof cr, "bytes %lld-%lld/%lld", (long long)start, (long long)end,
                 (long long)size);
        em_resp_header(c->resp, "Content-Range", cr);
        if (md5)
            em_resp_header(c->resp, "x-ms-blob-content-md5", md5);
        if (range_md5) {
            char *rm = em_md5_file_b64(path, start, len);
            if (rm)
                em_resp_header(c->resp, "Content-MD5", rm);
            free(rm);
        }
    } else if (md5) {
        em_resp_header(c->resp, "Content-MD5", md5);
    }
out:
    json_decref(props);
    free(path);
}

void em_blob_set_metadata(em_blob_ctx *c)
{
    json_t *meta = request_metadata(c);
    if (!meta)
        return;
    char *path = NULL;
    json_t *props = NULL;
    struct stat st;
    int cur = prepare_write(c, &path, &st);
    if (cur == 0)
        not_found(c);
    if (cur != 1)
        goto out;
    props = em_blob_props(c, c->blob, path, &st);
    if (!props) {
        not_found(c);
        goto out;
    }
    json_object_set(props, "metadata", meta);
    /* A new ETag and Last-Modified, as on the service. */
    utimensat(AT_FDCWD, path, NULL, 0);
    save_props(c, path, props, &st);
    em_resp_empty(c->resp, 200);
    write_headers(c, &st);
out:
    json_decref(props);
    json_decref(meta);
    free(path);
}

void em_blob_delete(em_blob_ctx *c)
{
    char *path = blob_path(c);
    struct stat st;
    if (!path)
        return;
    if (current(c, path, &st) != 1) {
        not_found(c);
    } else if (conditions(c, &st, true)) {
        if (unlink(path) != 0 && errno != ENOENT) {
            em_blob_error(c, 500, "InternalError", "The blob could not be deleted: %s.",
                          strerror(errno));
        } else {
            em_store_lock(c->app->store);
            em_blob_props_delete(c->app->store, c->container, c->blob);
            em_store_unlock(c->app->store);
            em_blob_prune(c->dir, path);
            drop_blocks(c);
            em_resp_empty(c->resp, 202);
            em_resp_header(c->resp, "x-ms-delete-type-permanent", "true");
        }
    }
    free(path);
}
