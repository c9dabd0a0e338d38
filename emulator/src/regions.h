/* Azure region names, for the location of tracked resources (endpoints,
 * deployments, computes). ARM compares locations without case and without
 * spaces ("East US" is "eastus"). */
#ifndef EM_REGIONS_H
#define EM_REGIONS_H

#include <stdbool.h>

/* True when `loc` names an Azure region or `own` (the emulator's --location),
 * ignoring case and spaces. */
bool em_region_known(const char *loc, const char *own);

#endif
