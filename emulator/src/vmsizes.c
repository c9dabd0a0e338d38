#include "vmsizes.h"

#include <strings.h>

static const em_vmsize SIZES[] = {
    {"Standard_DS1_v2", "standardDSv2Family", 1, 0, 3.5, 7168},
    {"Standard_DS2_v2", "standardDSv2Family", 2, 0, 7, 14336},
    {"Standard_DS3_v2", "standardDSv2Family", 4, 0, 14, 28672},
    {"Standard_DS4_v2", "standardDSv2Family", 8, 0, 28, 57344},
    {"Standard_DS5_v2", "standardDSv2Family", 16, 0, 56, 114688},
    {"Standard_DS11_v2", "standardDSv2Family", 2, 0, 14, 28672},
    {"Standard_DS12_v2", "standardDSv2Family", 4, 0, 28, 57344},
    {"Standard_DS13_v2", "standardDSv2Family", 8, 0, 56, 114688},
    {"Standard_DS14_v2", "standardDSv2Family", 16, 0, 112, 229376},
    {"Standard_D2s_v3", "standardDSv3Family", 2, 0, 8, 16384},
    {"Standard_D4s_v3", "standardDSv3Family", 4, 0, 16, 32768},
    {"Standard_D8s_v3", "standardDSv3Family", 8, 0, 32, 65536},
    {"Standard_E4s_v3", "standardESv3Family", 4, 0, 32, 65536},
    {"Standard_F4s_v2", "standardFSv2Family", 4, 0, 8, 32768},
    {"Standard_NC6", "standardNCFamily", 6, 1, 56, 348160}, /* the spec's compute examples */
    {"Standard_NC6s_v3", "standardNCSv3Family", 6, 1, 112, 344064},
    {"Standard_NC4as_T4_v3", "Standard NCASv3_T4 Family", 4, 1, 28, 180224},
};
#define N_SIZES ((int)(sizeof SIZES / sizeof SIZES[0]))

const em_vmsize *em_vmsize_find(const char *name)
{
    for (int i = 0; name && i < N_SIZES; i++)
        if (strcasecmp(SIZES[i].name, name) == 0)
            return &SIZES[i];
    return NULL;
}

const em_vmsize *em_vmsize_at(int i)
{
    return i >= 0 && i < N_SIZES ? &SIZES[i] : NULL;
}

int em_vmsize_count(void)
{
    return N_SIZES;
}

json_t *em_vmsizes_json(void)
{
    json_t *arr = json_array();
    for (int i = 0; i < N_SIZES; i++) {
        const em_vmsize *s = &SIZES[i];
        json_array_append_new(
            arr, json_pack("{s:s, s:s, s:i, s:i, s:i, s:i, s:f, s:b, s:b, s:[s,s]}", "name",
                           s->name, "family", s->family, "vCPUs", s->vcpus, "gpus", s->gpus,
                           "osVhdSizeMB", 1047552, "maxResourceVolumeMB",
                           s->max_resource_volume_mb, "memoryGB", s->memory_gb,
                           "lowPriorityCapable", 1, "premiumIO", 1, "supportedComputeTypes",
                           "AmlCompute", "ComputeInstance"));
    }
    return json_pack("{s:o}", "value", arr);
}
