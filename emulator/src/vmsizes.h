/* The VM sizes the emulator offers (vmSizes, usages, and compute validation). */
#ifndef EM_VMSIZES_H
#define EM_VMSIZES_H

#include <jansson.h>

typedef struct em_vmsize {
    const char *name;
    const char *family;
    int vcpus;
    int gpus;
    double memory_gb;
    int max_resource_volume_mb;
} em_vmsize;

/* Case-insensitive lookup (the service accepts STANDARD_DS3_V2). NULL if unknown. */
const em_vmsize *em_vmsize_find(const char *name);
/* VirtualMachineSizeListResult (new ref). */
json_t *em_vmsizes_json(void);
const em_vmsize *em_vmsize_at(int i);
int em_vmsize_count(void);

#endif
