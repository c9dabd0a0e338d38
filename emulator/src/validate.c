#include "validate.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

bool em_valid_endpoint_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 32 || !isalpha((unsigned char)s[0]))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '-')
            return false;
    return isalnum((unsigned char)s[n - 1]);
}

bool em_valid_compute_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 3 || n > 24 || !isalpha((unsigned char)s[0]))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '-')
            return false;
    /* The negative lookahead: the part after the first letter must not end
     * in '-' followed only by digits (names like "cluster-1" are reserved
     * for node names). */
    size_t j = n;
    while (j > 1 && isdigit((unsigned char)s[j - 1]))
        j--;
    if (j < n && j > 1 && s[j - 1] == '-')
        return false;
    return true;
}

bool em_valid_asset_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 255 || !isalnum((unsigned char)s[0]))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
            return false;
    return true;
}

static const char *number(const char *p, bool allow_fraction)
{
    const char *q = p;
    while (isdigit((unsigned char)*q))
        q++;
    if (q == p)
        return NULL;
    if (allow_fraction && (*q == '.' || *q == ',')) {
        const char *r = ++q;
        while (isdigit((unsigned char)*q))
            q++;
        if (q == r)
            return NULL;
    }
    return q;
}

/* Value of one number of a duration (digits, optional fraction). */
static double number_value(const char *p, const char *end)
{
    double v = 0, scale = 0;
    for (; p < end; p++) {
        if (*p == '.' || *p == ',') {
            scale = 1;
            continue;
        }
        v = v * 10 + (*p - '0');
        if (scale > 0)
            scale *= 10;
    }
    return scale > 0 ? v / scale : v;
}

/* PnYnMnDTnHnMnS or PnW; years and months count as 365 and 30 days (a
 * timeout, not a calendar date, is what durations are used for here). */
static bool parse_duration(const char *s, double *seconds)
{
    *seconds = 0;
    if (!s || *s != 'P')
        return false;
    const char *p = s + 1;
    if (!*p)
        return false;
    const char *q = number(p, false);
    if (q && *q == 'W' && q[1] == '\0') {
        *seconds = number_value(p, q) * 7 * 86400;
        return true;
    }
    static const double date_secs[] = {365 * 86400.0, 30 * 86400.0, 86400.0};
    static const double time_secs[] = {3600.0, 60.0, 1.0};
    static const char DATE_UNITS[] = "YMD", TIME_UNITS[] = "HMS";
    const char *date_units = DATE_UNITS;
    bool any = false;
    while (*p && *p != 'T') {
        q = number(p, false);
        if (!q || !*q)
            return false;
        const char *u = strchr(date_units, *q);
        if (!u)
            return false;
        *seconds += number_value(p, q) * date_secs[u - DATE_UNITS];
        date_units = u + 1;
        p = q + 1;
        any = true;
    }
    if (*p == 'T') {
        p++;
        if (!*p)
            return false;
        const char *time_units = TIME_UNITS;
        while (*p) {
            q = number(p, true);
            if (!q || !*q)
                return false;
            const char *u = strchr(time_units, *q);
            if (!u)
                return false;
            *seconds += number_value(p, q) * time_secs[u - TIME_UNITS];
            time_units = u + 1;
            p = q + 1;
            any = true;
        }
    }
    return any;
}

bool em_valid_duration(const char *s)
{
    double secs;
    return parse_duration(s, &secs);
}

bool em_duration_ms(const char *s, int64_t *ms)
{
    double secs;
    if (!parse_duration(s, &secs) || secs * 1000.0 > 9.0e15)
        return false;
    *ms = (int64_t)(secs * 1000.0 + 0.5);
    return true;
}

const char *em_enum_match(const char *value, const char *const *allowed)
{
    if (!value)
        return NULL;
    for (; *allowed; allowed++)
        if (strcasecmp(value, *allowed) == 0)
            return *allowed;
    return NULL;
}

bool em_valid_data_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 255 || !isalnum((unsigned char)s[0]))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
            return false;
    return true;
}

bool em_valid_job_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 255)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
            return false;
    return true;
}
