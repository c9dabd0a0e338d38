#include "sas.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "storage_crypto.h"
#include "util.h"

int64_t em_parse_iso8601(const char *s)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    int y, mo, d, h = 0, mi = 0, sec = 0, used = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3 || used != 10)
        return -1;
    const char *p = s + 10;
    long ms = 0;
    if (*p == 'T') {
        int n = 0;
        if (sscanf(p, "T%2d:%2d%n", &h, &mi, &n) != 2 || n != 6)
            return -1;
        p += n;
        if (*p == ':') {
            if (sscanf(p, ":%2d%n", &sec, &n) != 1 || n != 3)
                return -1;
            p += n;
            if (*p == '.') {
                p++;
                long scale = 100;
                while (*p >= '0' && *p <= '9') {
                    ms += (*p - '0') * scale;
                    scale /= 10;
                    p++;
                }
            }
        }
        if (strcmp(p, "Z") != 0)
            return -1;
    } else if (*p) {
        return -1;
    }
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
        return -1;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    return (int64_t)timegm(&tm) * 1000 + ms;
}

static const char *q(const em_request *req, const char *name)
{
    const char *v = em_req_query(req, name);
    return v ? v : "";
}

char *em_sas_string_to_sign(const em_request *req, const char *canonical_resource)
{
    const char *sv = q(req, "sv");
    em_buf b = {0};
    em_buf_printf(&b, "%s\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n", q(req, "sp"), q(req, "st"), q(req, "se"),
                  canonical_resource, q(req, "si"), q(req, "sip"), q(req, "spr"), sv);
    /* signedResource and signedSnapshotTime since 2018-11-09; the
     * encryption scope since 2020-12-06. */
    em_buf_printf(&b, "%s\n%s\n", q(req, "sr"), q(req, "sst"));
    if (strcmp(sv, "2020-12-06") >= 0)
        em_buf_printf(&b, "%s\n", q(req, "ses"));
    em_buf_printf(&b, "%s\n%s\n%s\n%s\n%s", q(req, "rscc"), q(req, "rscd"), q(req, "rsce"),
                  q(req, "rscl"), q(req, "rsct"));
    return em_buf_take(&b);
}

char *em_sas_container_token(const em_ds_registry *r, const char *container, const char *perms,
                             int64_t expiry_ms)
{
    time_t t = (time_t)(expiry_ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    char se[32];
    strftime(se, sizeof se, "%Y-%m-%dT%H:%M:%SZ", &tm);
    /* The same fields a client would send, so that one string-to-sign
     * function serves both sides. */
    em_request fake = {0};
    em_kv_add(&fake.query, "sv", EM_SAS_VERSION);
    em_kv_add(&fake.query, "sr", "c");
    em_kv_add(&fake.query, "sp", perms);
    em_kv_add(&fake.query, "se", se);
    em_kv_add(&fake.query, "spr", "https,http");
    char *res = em_printf("/blob/%s/%s", r->account, container);
    char *sts = em_sas_string_to_sign(&fake, res);
    char *sig = em_hmac_sha256_b64(r->key, r->key_len, sts);
    char *esig = em_url_escape(sig), *ese = em_url_escape(se), *espr = em_url_escape("https,http");
    char *tok = em_printf("sv=%s&sr=c&sp=%s&se=%s&spr=%s&sig=%s", EM_SAS_VERSION, perms, ese, espr,
                          esig);
    free(esig);
    free(ese);
    free(espr);
    free(sig);
    free(sts);
    free(res);
    em_kv_free(&fake.query);
    return tok;
}

static em_sas_result denied(char **why, char *msg)
{
    *why = msg;
    return EM_SAS_DENIED;
}

em_sas_result em_sas_check(const em_ds_registry *r, const em_request *req, const char *container,
                           const char *blob, char perm, bool https, char **why)
{
    *why = NULL;
    const char *sig = em_req_query(req, "sig"), *sv = q(req, "sv"), *sr = q(req, "sr");
    const char *sp = q(req, "sp"), *se = q(req, "se"), *st = q(req, "st");
    if (em_req_query(req, "ss") || em_req_query(req, "srt"))
        return denied(why, em_xstrdup("Account SAS tokens are not served by aml-emulator; use a "
                                      "service SAS (sr=c or sr=b)."));
    if (!sig || !*sv || !*sr || !*sp || !*se)
        return denied(why, em_xstrdup("The SAS lacks one of sig, sv, sr, sp, se."));
    if (em_req_query(req, "si"))
        return denied(why, em_xstrdup("Stored access policies (si) are not served by "
                                      "aml-emulator."));
    if (strcmp(sv, "2018-11-09") < 0)
        return denied(why, em_printf("The SAS version sv=%s is older than the emulator serves "
                                     "(2018-11-09 and later).",
                                     sv));
    char *res;
    if (strcmp(sr, "c") == 0)
        res = em_printf("/blob/%s/%s", r->account, container);
    else if (strcmp(sr, "b") == 0 && blob)
        res = em_printf("/blob/%s/%s/%s", r->account, container, blob);
    else
        return denied(why, em_printf("The SAS resource sr=%s does not cover this %s.", sr,
                                     blob ? "blob" : "container"));
    char *sts = em_sas_string_to_sign(req, res);
    char *want = em_hmac_sha256_b64(r->key, r->key_len, sts);
    bool ok = em_sig_equal(want, sig);
    free(want);
    free(sts);
    free(res);
    if (!ok)
        return denied(why, em_xstrdup("Signature did not match. The SAS signature is not that of "
                                      "the account key over this resource and these fields."));
    int64_t now = em_now_ms(), exp = em_parse_iso8601(se);
    int64_t start = *st ? em_parse_iso8601(st) : 0;
    if (exp < 0 || start < 0)
        return denied(why, em_xstrdup("The SAS se or st is not an ISO 8601 UTC time."));
    if (now >= exp)
        return denied(why, em_printf("Signed expiry time [%s] must be after current time.", se));
    if (start > now)
        return denied(why, em_printf("Signed start time [%s] is in the future.", st));
    const char *spr = q(req, "spr");
    if (!https && strcmp(spr, "https") == 0)
        return denied(why, em_xstrdup("This request is not authorized to perform this operation "
                                      "using this protocol (spr=https, request over http)."));
    if (!strchr(sp, perm)) {
        *why = em_printf("This request is not authorized to perform this operation using this "
                         "permission (it needs '%c', the SAS grants '%s').",
                         perm, sp);
        return EM_SAS_PERMISSION;
    }
    return EM_SAS_OK;
}
