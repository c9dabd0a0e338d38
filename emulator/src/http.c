#include "http.h"

#include <unistd.h>

#include <stdlib.h>
#include <string.h>

const char *em_req_query(const em_request *req, const char *name)
{
    /* Query parameter names are case-insensitive on ARM (api-version,
     * $skipToken vs $skiptoken), so lookups are too. */
    return em_kv_get(&req->query, name);
}

const char *em_req_header(const em_request *req, const char *name)
{
    return em_kv_get(&req->headers, name);
}

void em_resp_header(em_response *resp, const char *name, const char *value)
{
    for (size_t i = 0; i < resp->headers.n; i++) {
        if (strcasecmp(resp->headers.items[i].key, name) == 0) {
            free(resp->headers.items[i].val);
            resp->headers.items[i].val = em_xstrdup(value);
            return;
        }
    }
    em_kv_add(&resp->headers, name, value);
}

static void set_body(em_response *resp, char *body, size_t len)
{
    free(resp->body);
    resp->body = body;
    resp->body_len = len;
}

void em_resp_json(em_response *resp, int status, json_t *body)
{
    resp->status = status;
    if (!body) {
        set_body(resp, NULL, 0);
        return;
    }
    char *s = json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(body);
    set_body(resp, s, s ? strlen(s) : 0);
    em_resp_header(resp, "Content-Type", "application/json; charset=utf-8");
}

void em_resp_text(em_response *resp, int status, const char *content_type, const char *text)
{
    resp->status = status;
    set_body(resp, em_xstrdup(text), strlen(text));
    em_resp_header(resp, "Content-Type", content_type);
}

void em_resp_bytes(em_response *resp, int status, const char *content_type, char *data, size_t len)
{
    resp->status = status;
    set_body(resp, data, len);
    em_resp_header(resp, "Content-Type", content_type);
}

void em_resp_empty(em_response *resp, int status)
{
    resp->status = status;
    set_body(resp, NULL, 0);
}

void em_resp_arm_error_details(em_response *resp, int status, const char *code,
                               const char *message, const char *target, json_t *details)
{
    json_t *err = json_pack("{s:s, s:s}", "code", code, "message", message);
    if (target)
        json_object_set_new(err, "target", json_string(target));
    json_object_set_new(err, "details", details ? details : json_array());
    json_object_set_new(err, "additionalInfo", json_array());
    em_resp_json(resp, status, json_pack("{s:o}", "error", err));
}

void em_resp_arm_error(em_response *resp, int status, const char *code, const char *message,
                       const char *target)
{
    em_resp_arm_error_details(resp, status, code, message, target, NULL);
}

void em_response_free(em_response *resp)
{
    em_kv_free(&resp->headers);
    free(resp->body);
    resp->body = NULL;
    if (resp->has_file && resp->file_fd >= 0)
        close(resp->file_fd);
    resp->has_file = false;
}

void em_request_free(em_request *req)
{
    free(req->path);
    free(req->raw_path);
    em_kv_free(&req->query);
    em_kv_free(&req->headers);
    free(req->body);
}
