#include "datastore.h"

#include <ctype.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* %XX decoding of a URI path ('+' stays '+': this is a path, not a form). */
static char *pct_decode(const char *s)
{
    size_t n = strlen(s);
    char *out = em_xmalloc(n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            *o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else {
            *o++ = s[i];
        }
    }
    *o = '\0';
    return out;
}

static bool datastore_name_ok(const char *s, size_t n)
{
    if (n == 0 || n > 255)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-')
            return false;
    return true;
}

bool em_relpath_ok(const char *p)
{
    const char *s = p;
    while (*s) {
        while (*s == '/')
            s++;
        size_t n = strcspn(s, "/");
        if (n == 2 && s[0] == '.' && s[1] == '.')
            return false;
        s += n;
    }
    return true;
}

static char *strip_trailing_slashes(char *p)
{
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        p[--n] = '\0';
    return p;
}

char *em_datastore_join(const char *root, const char *datastore, const char *path, char **err)
{
    /* An ARM id (…/datastores/<ds>) names the datastore by its last segment. */
    const char *slash = strrchr(datastore, '/');
    const char *name = slash ? slash + 1 : datastore;
    if (!datastore_name_ok(name, strlen(name))) {
        *err = em_printf("'%s' is not a datastore name (letters, digits, '_' and '-').", datastore);
        return NULL;
    }
    char *rel = pct_decode(path ? path : "");
    if (!em_relpath_ok(rel)) {
        *err = em_printf("The path '%s' leaves the datastore '%s' ('..' is not allowed).", rel,
                         name);
        free(rel);
        return NULL;
    }
    const char *r = rel;
    while (*r == '/')
        r++;
    char *out = *r ? em_printf("%s/%s/%s", root, name, r) : em_printf("%s/%s", root, name);
    free(rel);
    return strip_trailing_slashes(out);
}

/* azureml://datastores/<ds>/paths/<p>, azureml://subscriptions/…/datastores/
 * <ds>/paths/<p> and the docs' azureml:/subscriptions/… form. */
static char *azureml_uri(const char *root, const char *uri, const char *shown, char **err)
{
    const char *rest = uri + strlen("azureml:");
    while (*rest == '/')
        rest++;
    const char *p = NULL;
    if (em_starts_with_ci(rest, "datastores/")) {
        p = rest + strlen("datastores/");
    } else {
        const char *q = strcasestr(rest, "/datastores/");
        if (q)
            p = q + strlen("/datastores/");
    }
    if (!p) {
        *err = em_printf("'%s' does not name a datastore path; the emulator serves "
                         "azureml://datastores/<datastore>/paths/<path> URIs (data assets and "
                         "registries are not served).",
                         shown);
        return NULL;
    }
    size_t n = strcspn(p, "/");
    const char *after = p + n;
    if (!datastore_name_ok(p, n) ||
        !(em_starts_with_ci(after, "/paths/") || strcasecmp(after, "/paths") == 0 || !*after ||
          strcmp(after, "/") == 0)) {
        *err = em_printf("'%s' is not of the form azureml://datastores/<datastore>/paths/<path>.",
                         shown);
        return NULL;
    }
    char *name = em_xstrndup(p, n);
    const char *path = em_starts_with_ci(after, "/paths/") ? after + strlen("/paths/") : "";
    char *out = em_datastore_join(root, name, path, err);
    free(name);
    return out;
}

char *em_uri_shown(const char *uri)
{
    const char *q = strchr(uri, '?');
    return q ? em_printf("%.*s?REDACTED", (int)(q - uri), uri) : em_xstrdup(uri);
}

static char *datastore_path(const char *root, const char *uri, const char *shown, char **err);

char *em_datastore_path(const char *root, const char *uri, char **err)
{
    *err = NULL;
    char *shown = uri ? em_uri_shown(uri) : NULL;
    char *p = datastore_path(root, uri, shown, err);
    free(shown);
    return p;
}

static char *datastore_path(const char *root, const char *uri, const char *shown, char **err)
{
    if (!uri || !*uri) {
        *err = em_xstrdup("The data URI is empty.");
        return NULL;
    }
    if (em_starts_with_ci(uri, "azureml:"))
        return azureml_uri(root, uri, shown, err);
    const char *abs = uri;
    if (em_starts_with_ci(uri, "file://")) {
        abs = uri + strlen("file://");
        if (em_starts_with_ci(abs, "localhost/"))
            abs += strlen("localhost");
        if (*abs != '/') {
            *err = em_printf("'%s' is not a local file URI (file:///absolute/path).", shown);
            return NULL;
        }
        char *p = pct_decode(abs);
        return strip_trailing_slashes(p);
    }
    if (*abs == '/')
        return strip_trailing_slashes(em_xstrdup(abs));
    if (strstr(uri, "://"))
        *err = em_printf("'%s' cannot be read: the emulator has no network access to storage. "
                         "Copy the data under the datastore folder and use "
                         "azureml://datastores/<datastore>/paths/<path>, a file:// URI or an "
                         "absolute path.",
                         shown);
    else
        *err = em_printf("'%s' is a relative path; use azureml://datastores/<datastore>/paths/"
                         "<path>, a file:// URI or an absolute path.",
                         shown);
    return NULL;
}

bool em_path_inside(const char *root, const char *path)
{
    char *r = realpath(root, NULL), *p = realpath(path, NULL);
    size_t n = r ? strlen(r) : 0;
    bool ok = r && p && strncmp(p, r, n) == 0 && (p[n] == '/' || p[n] == '\0');
    free(r);
    free(p);
    return ok;
}

char *em_job_score_dir(const char *root, const char *job_name)
{
    return em_printf("%s/" EM_DEFAULT_DATASTORE "/azureml/%s/score", root, job_name);
}

char *em_job_log_dir(const char *root, const char *job_name)
{
    return em_printf("%s/" EM_ARTIFACT_DATASTORE "/ExperimentRun/dcid.%s", root, job_name);
}

char *em_job_log_uri(const char *job_name)
{
    return em_printf("azureml://datastores/" EM_ARTIFACT_DATASTORE "/paths/ExperimentRun/dcid.%s/",
                     job_name);
}

char *em_job_score_uri(const char *job_name)
{
    return em_printf("azureml://datastores/" EM_DEFAULT_DATASTORE "/paths/azureml/%s/score/",
                     job_name);
}
