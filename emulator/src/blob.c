#include "blob.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "auth.h"
#include "blob_fs.h"
#include "sas.h"
#include "sharedkey.h"
#include "storage_crypto.h"
#include "util.h"

/* How far a Shared Key request's date may be from the emulator's clock. */
#define DATE_SKEW_MS (15LL * 60 * 1000)

void em_rfc1123(int64_t ms, char out[40])
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 40, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

char *em_xml_escape(const char *s)
{
    em_buf b = {0};
    for (; *s; s++) {
        switch (*s) {
        case '&': em_buf_puts(&b, "&amp;"); break;
        case '<': em_buf_puts(&b, "&lt;"); break;
        case '>': em_buf_puts(&b, "&gt;"); break;
        case '"': em_buf_puts(&b, "&quot;"); break;
        case '\'': em_buf_puts(&b, "&apos;"); break;
        default:
            if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
                em_buf_printf(&b, "&#x%X;", (unsigned char)*s);
            else
                em_buf_append(&b, s, 1);
        }
    }
    if (!b.data)
        return em_xstrdup("");
    return em_buf_take(&b);
}

void em_blob_error(em_blob_ctx *c, int status, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = em_vprintf(fmt, ap);
    va_end(ap);
    char ts[40];
    em_iso8601(em_now_ms(), ts);
    char *full = em_printf("%s\nRequestId:%s\nTime:%s", msg, c->rid, ts);
    char *emsg = em_xml_escape(full);
    char *body = em_printf("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>%s</Code>"
                           "<Message>%s</Message></Error>",
                           code, emsg);
    em_response_free(c->resp);
    em_resp_text(c->resp, status, "application/xml", body);
    em_resp_header(c->resp, "x-ms-error-code", code);
    em_resp_header(c->resp, "x-ms-request-id", c->rid);
    const char *v = em_req_header(c->req, "x-ms-version");
    em_resp_header(c->resp, "x-ms-version", v ? v : EM_BLOB_VERSION_MAX);
    free(body);
    free(emsg);
    free(full);
    free(msg);
}

static bool version_form(const char *v)
{
    if (strlen(v) != 10)
        return false;
    for (int i = 0; i < 10; i++)
        if ((i == 4 || i == 7) ? v[i] != '-' : !isdigit((unsigned char)v[i]))
            return false;
    return true;
}

static bool check_version(em_blob_ctx *c)
{
    const char *v = em_req_header(c->req, "x-ms-version");
    /* A SAS request may leave it out: the SAS's sv then says which version
     * (a SAS URL opened by a browser or a plain GET). */
    if (!v && em_req_query(c->req, "sig") && !em_req_header(c->req, "Authorization"))
        return true;
    if (!v) {
        em_blob_error(c, 400, "MissingRequiredHeader",
                      "An HTTP header that's mandatory for this request is not specified: "
                      "x-ms-version.");
        return false;
    }
    if (!version_form(v) || strcmp(v, EM_BLOB_VERSION_MAX) > 0 ||
        strcmp(v, EM_BLOB_VERSION_MIN) < 0) {
        /* As Azurite: a version newer than the one implemented is refused
         * rather than served with older behaviour. */
        em_blob_error(c, 400, "InvalidHeaderValue",
                      "The value for one of the HTTP headers is not in the correct format: "
                      "x-ms-version '%s'. aml-emulator serves " EM_BLOB_VERSION_MIN
                      " to " EM_BLOB_VERSION_MAX ".",
                      v);
        return false;
    }
    return true;
}

static int64_t parse_rfc1123(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = strptime(s, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (!end || *end)
        return -1;
    return (int64_t)timegm(&tm) * 1000;
}

static bool shared_key(em_blob_ctx *c, const char *cred)
{
    const em_ds_registry *r = &c->app->datastores;
    const char *colon = strrchr(cred, ':');
    if (!colon || colon == cred || !colon[1]) {
        em_blob_error(c, 400, "InvalidAuthenticationInfo",
                      "Authentication information is not given in the correct format: "
                      "SharedKey <account>:<signature>.");
        return false;
    }
    if ((size_t)(colon - cred) != strlen(r->account) ||
        strncmp(cred, r->account, (size_t)(colon - cred)) != 0) {
        em_blob_error(c, 403, "AuthenticationFailed",
                      "Server failed to authenticate the request. The Shared Key names another "
                      "account than '%s'.",
                      r->account);
        return false;
    }
    const char *date = em_req_header(c->req, "x-ms-date");
    if (!date)
        date = em_req_header(c->req, "Date");
    int64_t when = date ? parse_rfc1123(date) : -1;
    if (when < 0) {
        em_blob_error(c, 403, "AuthenticationFailed",
                      "Server failed to authenticate the request. The x-ms-date (or Date) header "
                      "is missing or not an RFC 1123 date.");
        return false;
    }
    int64_t now = em_now_ms();
    if (when < now - DATE_SKEW_MS || when > now + DATE_SKEW_MS) {
        em_blob_error(c, 403, "AuthenticationFailed",
                      "Server failed to authenticate the request. Request date header too old "
                      "or in the future: '%s' (15 minutes allowed).",
                      date);
        return false;
    }
    char *sts = em_sharedkey_string_to_sign(c->req, r->account);
    char *want = em_hmac_sha256_b64(r->key, r->key_len, sts);
    bool ok = em_sig_equal(want, colon + 1);
    if (!ok) {
        /* The string-to-sign holds no secret and is what a client needs to
         * find its mistake; the signatures are never shown. */
        char *shown = em_xstrdup(sts);
        for (char *p = shown; *p; p++)
            if (*p == '\n')
                *p = '|';
        em_blob_error(c, 403, "AuthenticationFailed",
                      "Server failed to authenticate the request. Make sure the value of "
                      "Authorization header is formed correctly including the signature. The "
                      "MAC signature found in the HTTP request is not the same as any computed "
                      "signature. Server used following string to sign (newlines shown as "
                      "'|'): '%s'.",
                      shown);
        free(shown);
    }
    free(want);
    free(sts);
    return ok;
}

static bool bearer(em_blob_ctx *c)
{
    em_response tmp = {0};
    em_caller caller;
    bool ok = em_auth_check(c->app, c->req, EM_AUD_STORAGE, &tmp, &caller);
    if (!ok) {
        json_t *j = tmp.body ? json_loadb(tmp.body, tmp.body_len, 0, NULL) : NULL;
        const char *msg = json_string_value(
            json_object_get(json_object_get(j, "error"), "message"));
        em_blob_error(c, 401, "InvalidAuthenticationInfo",
                      "Server failed to authenticate the request. %s",
                      msg ? msg : "The bearer token is not valid.");
        char *h = em_printf("Bearer authorization_uri=%s/%s/oauth2/authorize "
                            "resource_id=https://storage.azure.com",
                            c->app->base_url, c->app->cfg.tenant);
        em_resp_header(c->resp, "WWW-Authenticate", h);
        free(h);
        json_decref(j);
    }
    em_response_free(&tmp);
    return ok;
}

static bool authorize(em_blob_ctx *c, char perm)
{
    const char *h = em_req_header(c->req, "Authorization");
    if (h && em_starts_with(h, "SharedKey "))
        return shared_key(c, h + strlen("SharedKey "));
    if (h && em_starts_with_ci(h, "Bearer "))
        return bearer(c);
    if (h) {
        em_blob_error(c, 403, "AuthenticationFailed",
                      "Server failed to authenticate the request. aml-emulator accepts "
                      "'SharedKey', 'Bearer' or a SAS (SharedKeyLite is not served).");
        return false;
    }
    if (em_req_query(c->req, "sig")) {
        char *why = NULL;
        em_sas_result r = em_sas_check(&c->app->datastores, c->req, c->container, c->blob, perm,
                                       c->req->https, &why);
        if (r == EM_SAS_PERMISSION)
            em_blob_error(c, 403, "AuthorizationPermissionMismatch", "%s", why);
        else if (r != EM_SAS_OK)
            em_blob_error(c, 403, "AuthenticationFailed",
                          "Server failed to authenticate the request. %s", why);
        free(why);
        return r == EM_SAS_OK;
    }
    em_blob_error(c, 401, "NoAuthenticationInformation",
                  "Server failed to authenticate the request. Please refer to the information "
                  "in the www-authenticate header. Anonymous access is not served.");
    char *w = em_printf("Bearer authorization_uri=%s/%s/oauth2/authorize "
                        "resource_id=https://storage.azure.com",
                        c->app->base_url, c->app->cfg.tenant);
    em_resp_header(c->resp, "WWW-Authenticate", w);
    free(w);
    return false;
}

static bool container_ok(em_blob_ctx *c, bool creating)
{
    const char *root = c->app->datastore_dir;
    c->staging = em_printf("%s/.aml-staging", root);
    c->ds = em_ds_by_container(&c->app->datastores, c->container);
    if (c->ds) {
        c->dir = em_printf("%s/%s", root, c->ds->name);
        em_mkdir_p(c->dir, 0755);
        return true;
    }
    if (!em_container_name_ok(c->container)) {
        em_blob_error(c, 400, "InvalidResourceName",
                      "The specifed resource name contains invalid characters: container '%s'.",
                      c->container);
        return false;
    }
    c->dir = em_printf("%s/.containers/%s", root, c->container);
    if (!creating && !em_is_dir(c->dir)) {
        em_blob_error(c, 404, "ContainerNotFound", "The specified container does not exist.");
        return false;
    }
    return true;
}

/* Which permission letter a SAS must grant for this request. */
static char needed_permission(const em_request *req, bool is_blob)
{
    const char *m = req->method;
    const char *comp = em_req_query(req, "comp");
    if (strcmp(m, "DELETE") == 0)
        return 'd';
    if (strcmp(m, "PUT") == 0)
        return is_blob ? 'w' : 'c';
    if (!is_blob && comp && strcmp(comp, "list") == 0)
        return 'l';
    return 'r';
}

static void route(em_blob_ctx *c)
{
    const char *m = c->req->method;
    const char *comp = em_req_query(c->req, "comp");
    const char *restype = em_req_query(c->req, "restype");
    bool get = strcmp(m, "GET") == 0, head = strcmp(m, "HEAD") == 0, put = strcmp(m, "PUT") == 0;
    if (!c->blob) {
        bool is_container = restype && strcmp(restype, "container") == 0;
        if (put && is_container && !comp)
            em_blob_create_container(c);
        else if (get && is_container && comp && strcmp(comp, "list") == 0)
            em_blob_list(c);
        else if ((get || head) && is_container && !comp)
            em_blob_container_properties(c, head);
        else
            em_blob_error(c, 400, "UnsupportedHttpVerb",
                          "aml-emulator does not serve %s on a container with these query "
                          "parameters (restype=container with comp=list, or Create Container).",
                          m);
        return;
    }
    if (put && !comp)
        em_blob_put(c);
    else if (put && strcmp(comp, "block") == 0)
        em_blob_put_block(c);
    else if (put && strcmp(comp, "blocklist") == 0)
        em_blob_put_block_list(c);
    else if (put && strcmp(comp, "metadata") == 0)
        em_blob_set_metadata(c);
    else if ((get || head) && !comp)
        em_blob_get(c, head);
    else if (strcmp(m, "DELETE") == 0 && !comp)
        em_blob_delete(c);
    else
        em_blob_error(c, 400, "UnsupportedHttpVerb",
                      "aml-emulator does not serve %s on a blob with comp=%s.", m,
                      comp ? comp : "(none)");
}

void em_blob_service(em_app *app, const em_request *req, em_response *resp)
{
    em_blob_ctx c = {.app = app, .req = req, .resp = resp};
    em_uuid(c.rid);
    /* /{account}/{container}[/{blob}] from the decoded path, so that the
     * blob name keeps its empty or odd segments for the checks. */
    const char *p = req->path + 1 + strlen(app->datastores.account);
    while (*p == '/')
        p++;
    size_t cn = strcspn(p, "/");
    char *container = em_xstrndup(p, cn);
    c.container = container;
    const char *rest = p[cn] == '/' ? p + cn + 1 : NULL;
    c.blob = rest && *rest ? rest : NULL;
    bool creating = !c.blob && strcmp(req->method, "PUT") == 0;
    if (cn == 0)
        em_blob_error(&c, 400, "InvalidUri",
                      "The requested URI does not represent any resource on the server: name a "
                      "container (account-level operations are not served).");
    else if (rest && !*rest && strcmp(req->method, "GET") != 0)
        em_blob_error(&c, 400, "InvalidUri", "The blob name is empty.");
    else if (check_version(&c) && authorize(&c, needed_permission(req, c.blob != NULL)) &&
             container_ok(&c, creating)) {
        if (c.blob && !em_blob_name_ok(c.blob))
            em_blob_error(&c, 400, "InvalidResourceName",
                          "The blob name '%s' cannot be stored by aml-emulator: empty, '.' or "
                          "'..' path segments are refused (names are paths of files).",
                          c.blob);
        else
            route(&c);
    }
    if (!em_kv_get(&resp->headers, "x-ms-request-id"))
        em_resp_header(resp, "x-ms-request-id", c.rid);
    if (!em_kv_get(&resp->headers, "x-ms-version")) {
        const char *v = em_req_header(req, "x-ms-version");
        em_resp_header(resp, "x-ms-version", v ? v : EM_BLOB_VERSION_MAX);
    }
    free(container);
    free(c.dir);
    free(c.staging);
}
