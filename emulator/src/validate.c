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

bool em_valid_duration(const char *s)
{
    if (!s || *s != 'P')
        return false;
    const char *p = s + 1;
    if (!*p)
        return false;
    /* PnW alone */
    const char *q = number(p, false);
    if (q && *q == 'W' && q[1] == '\0')
        return true;
    const char *date_units = "YMD";
    bool any = false;
    while (*p && *p != 'T') {
        q = number(p, false);
        if (!q || !*q)
            return false;
        const char *u = strchr(date_units, *q);
        if (!u)
            return false;
        date_units = u + 1;
        p = q + 1;
        any = true;
    }
    if (*p == 'T') {
        p++;
        if (!*p)
            return false;
        const char *time_units = "HMS";
        while (*p) {
            q = number(p, true);
            if (!q || !*q)
                return false;
            const char *u = strchr(time_units, *q);
            if (!u)
                return false;
            time_units = u + 1;
            p = q + 1;
            any = true;
        }
    }
    return any;
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
