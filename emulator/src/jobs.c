#include "jobs.h"

#include <string.h>

#include "util.h"

char *em_job_key(const char *ws_key, const char *name)
{
    return em_printf("%s/jobs/%s", ws_key, name);
}

json_t *em_job_arm_body(const em_job *job)
{
    json_t *b = json_deep_copy(job->body);
    json_t *p = json_object_get(b, "properties");
    if (!json_is_object(p)) {
        p = json_object();
        json_object_set_new(b, "properties", p);
    }
    json_object_set_new(p, "status", json_string(job->status));
    return b;
}

int em_job_status_terminal(const char *status)
{
    return strcmp(status, "Completed") == 0 || strcmp(status, "Failed") == 0 ||
           strcmp(status, "Canceled") == 0;
}
