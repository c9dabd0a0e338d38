#include "arm_common.h"

#include <string.h>

const char *em_prov_state(const json_t *res)
{
    const char *s =
        json_string_value(json_object_get(json_object_get(res, "properties"), "provisioningState"));
    return s ? s : "Succeeded";
}

bool em_state_is(const json_t *res, const char *state)
{
    return strcmp(em_prov_state(res), state) == 0;
}

bool em_state_busy(const json_t *res)
{
    const char *s = em_prov_state(res);
    return strcmp(s, "Creating") == 0 || strcmp(s, "Updating") == 0 ||
           strcmp(s, "Deleting") == 0 || strcmp(s, "Scaling") == 0;
}

void em_set_prov_state(json_t *res, const char *state)
{
    json_t *p = json_object_get(res, "properties");
    if (json_is_object(p))
        json_object_set_new(p, "provisioningState", json_string(state));
}

const char *em_pending_op(const json_t *internal)
{
    return json_string_value(json_object_get(internal, "op"));
}

json_t *em_with_pending_op(json_t *internal, const char *opid)
{
    if (!json_is_object(internal))
        internal = json_object();
    json_object_set_new(internal, "op", json_string(opid));
    return internal;
}

bool em_opt_string(const json_t *obj, const char *key, const char **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return true;
    if (!json_is_string(v))
        return false;
    *out = json_string_value(v);
    return true;
}
