#include "arm_common.h"

#include <stdio.h>
#include <string.h>

#include "lro.h"
#include "validate.h"

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

void em_json_default(json_t *obj, const char *key, json_t *value)
{
    if (json_object_get(obj, key))
        json_decref(value);
    else
        json_object_set_new(obj, key, value);
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

void em_arm_put_mfe(em_arm *a, json_t *res, const json_t *existing, json_t **internal,
                    const char *rk, const char *key, const char *parent, const char *name)
{
    const char *pending = existing && em_state_busy(existing) ? em_pending_op(*internal) : NULL;
    bool created = !existing || em_state_is(existing, "Creating");
    em_set_prov_state(res, created ? "Creating" : "Updating");
    em_arm_touch_system_data(a, res, !existing);
    em_lro_op op = {.kind = existing ? "update" : "create", .family = EM_FAMILY_MFE, .rk = rk,
                    .key = key, .join = pending, .body = res, .internal = internal,
                    .parent = parent, .name = name};
    if (em_lro_begin(a, &op))
        em_lro_reply(a, created ? 201 : 200, json_incref(res), op.family, op.id,
                     EM_LRO_ASYNC | EM_LRO_TIMEOUT);
}

void em_arm_patch_mfe(em_arm *a, json_t *res, json_t **internal, const char *rk,
                      const char *key)
{
    em_set_prov_state(res, "Updating");
    em_arm_touch_system_data(a, res, false);
    em_lro_op op = {.kind = "update", .family = EM_FAMILY_MFE, .rk = rk, .key = key,
                    .body = res, .internal = internal};
    if (em_lro_begin(a, &op))
        em_lro_reply(a, 202, NULL, op.family, op.id, EM_LRO_LOCATION | EM_LRO_TIMEOUT);
}

bool em_arm_check_idle(em_arm *a, const char *what, const char *name, const json_t *res)
{
    if (!em_state_busy(res))
        return true;
    em_arm_conflict(a, "The %s '%s' is %s; retry when the operation completes.", what, name,
                    em_prov_state(res));
    return false;
}

void em_arm_delete_resource(em_arm *a, const em_delete_kind *k, const char *name,
                            const char *key, const char *action)
{
    json_t *internal = NULL;
    json_t *res = em_res_get(a->app->store, key, &internal);
    if (!res) {
        em_resp_empty(a->resp, 204);
        return;
    }
    em_lro_op op = {.kind = "delete", .family = k->family, .rk = k->rk, .key = key,
                    .action = action, .body = res, .internal = &internal};
    bool accepted = false;
    if (em_state_is(res, "Deleting") && em_pending_op(internal)) {
        /* A repeated DELETE reports the deletion already under way. */
        snprintf(op.id, sizeof op.id, "%s", em_pending_op(internal));
        accepted = true;
    } else if (em_state_busy(res)) {
        em_arm_conflict(a, "The %s '%s' is %s; it cannot be deleted until that operation "
                        "completes.",
                        k->what, name, em_prov_state(res));
    } else if (!k->prepare || k->prepare(a, name, key, res)) {
        em_set_prov_state(res, "Deleting");
        accepted = em_lro_begin(a, &op);
    }
    if (accepted)
        em_lro_reply(a, 202, NULL, op.family, op.id, k->headers);
    json_decref(res);
    json_decref(internal);
}

static const char *const IDENTITY_TYPES[] = {"None", "SystemAssigned", "UserAssigned",
                                             "SystemAssigned,UserAssigned", NULL};

static json_t *uuid_string(void)
{
    char u[37];
    em_uuid(u);
    return json_string(u);
}

/* A kept value, or a new uuid. */
static json_t *kept_or_new(const json_t *old, const char *key)
{
    const json_t *v = json_object_get(old, key);
    return json_is_string(v) ? json_copy((json_t *)v) : uuid_string();
}

bool em_arm_identity(em_arm *a, const json_t *given, const json_t *existing, json_t **out)
{
    *out = NULL;
    if (!given || json_is_null(given))
        return true;
    const char *t = json_string_value(json_object_get(given, "type"));
    const char *type = json_is_object(given) ? em_enum_match(t, IDENTITY_TYPES) : NULL;
    if (!type) {
        em_arm_user_error(a, "identity.type", "InvalidFieldValue",
                          "identity.type must be one of None, SystemAssigned, UserAssigned, "
                          "'SystemAssigned,UserAssigned'.");
        return false;
    }
    json_t *uai = json_object_get(given, "userAssignedIdentities");
    bool user = strstr(type, "UserAssigned") != NULL;
    if ((user && !json_is_object(uai)) || (!user && uai && !json_is_null(uai))) {
        em_arm_user_error(a, "identity.userAssignedIdentities", "InvalidFieldValue",
                          "identity.userAssignedIdentities is an object of identity ids, given "
                          "exactly when identity.type includes UserAssigned.");
        return false;
    }
    json_t *id = json_pack("{s:s}", "type", type);
    if (strstr(type, "SystemAssigned")) {
        json_object_set_new(id, "principalId", kept_or_new(existing, "principalId"));
        json_object_set_new(id, "tenantId", json_string(a->app->cfg.tenant));
    }
    if (user) {
        json_t *old = json_object_get(existing, "userAssignedIdentities");
        json_t *m = json_object();
        const char *k;
        json_t *v;
        json_object_foreach(uai, k, v) {
            if (!json_is_object(v) && !json_is_null(v)) {
                json_decref(m);
                json_decref(id);
                em_arm_user_error(a, "identity.userAssignedIdentities", "InvalidFieldValue",
                                  "Each user-assigned identity maps to an object ({}).");
                return false;
            }
            json_t *o = json_object_get(old, k);
            json_object_set_new(m, k,
                                json_pack("{s:o, s:o}", "principalId",
                                          kept_or_new(o, "principalId"), "clientId",
                                          kept_or_new(o, "clientId")));
        }
        json_object_set_new(id, "userAssignedIdentities", m);
    }
    *out = id;
    return true;
}

bool em_arm_check_schema(em_arm *a, const em_schema *s, const json_t *body)
{
    em_schema_error e;
    if (em_schema_check(s, body, &e))
        return true;
    em_arm_user_error(a, e.path, e.code, "%s", e.message);
    return false;
}
