#include "regions.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

/* Public, sovereign and early-access regions as ARM names them (lower case,
 * no spaces). */
static const char *const REGIONS[] = {
    "eastus", "eastus2", "westus", "westus2", "westus3", "centralus", "northcentralus",
    "southcentralus", "westcentralus", "canadacentral", "canadaeast", "brazilsouth",
    "brazilsoutheast", "mexicocentral", "chilecentral", "northeurope", "westeurope", "uksouth",
    "ukwest", "francecentral", "francesouth", "germanywestcentral", "germanynorth",
    "switzerlandnorth", "switzerlandwest", "norwayeast", "norwaywest", "swedencentral",
    "swedensouth", "polandcentral", "italynorth", "spaincentral", "austriaeast",
    "belgiumcentral", "denmarkeast", "israelcentral", "qatarcentral", "uaenorth", "uaecentral",
    "southafricanorth", "southafricawest", "centralindia", "southindia", "westindia",
    "jioindiawest", "jioindiacentral", "eastasia", "southeastasia", "japaneast", "japanwest",
    "koreacentral", "koreasouth", "australiaeast", "australiasoutheast", "australiacentral",
    "australiacentral2", "newzealandnorth", "indonesiacentral", "malaysiawest", "eastus2euap",
    "centraluseuap", "usgovvirginia", "usgovarizona", "usgovtexas", "chinaeast", "chinaeast2",
    "chinaeast3", "chinanorth", "chinanorth2", "chinanorth3",
};

/* Lower-cased copy of `s` without spaces into out[n]; false if too long. */
static bool normalize(const char *s, char *out, size_t n)
{
    size_t j = 0;
    for (; *s; s++) {
        if (*s == ' ')
            continue;
        if (j + 1 >= n)
            return false;
        out[j++] = (char)tolower((unsigned char)*s);
    }
    out[j] = '\0';
    return j > 0;
}

bool em_region_known(const char *loc, const char *own)
{
    char want[64], mine[64];
    if (!loc || !normalize(loc, want, sizeof want))
        return false;
    if (own && normalize(own, mine, sizeof mine) && strcmp(want, mine) == 0)
        return true;
    for (size_t i = 0; i < sizeof REGIONS / sizeof REGIONS[0]; i++)
        if (strcmp(want, REGIONS[i]) == 0)
            return true;
    return false;
}
