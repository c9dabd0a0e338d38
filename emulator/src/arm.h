/* ARM front door: authentication, api-version, path routing to the
 * per-resource handlers (arm_*.c), and the helpers they share (ids, errors,
 * systemData, paging). */
#ifndef EM_ARM_H
#define EM_ARM_H

#include <jansson.h>
#include <stdbool.h>

#include "app.h"
#include "auth.h"
#include "http.h"

#define EM_RP "Microsoft.MachineLearningServices"

typedef struct em_arm {
    em_app *app;
    const em_request *req;
    em_response *resp;
    em_caller caller;
    const char *api_version;
    /* Set once the path names a workspace: */
    char *sub, *rg, *ws;  /* canonical spellings (as stored) */
    char *ws_id;          /* ARM id of the workspace */
    char *ws_key;         /* lower-cased ARM id: the store key */
    char *location;       /* workspace region */
    char **seg;           /* path segments after workspaces/{ws} */
    int nseg;
} em_arm;

/* Entry point for /subscriptions/... (segs = every path segment). */
void em_arm_dispatch(em_app *app, const em_request *req, em_response *resp, char **segs, int nseg);
/* api-version check shared with the MFE surface; false = resp filled (400). */
bool em_arm_check_api_version(em_app *app, const em_request *req, em_response *resp,
                              const char *extra_allowed);

/* Per-resource handlers (one file each). */
void em_arm_workspace(em_arm *a);
void em_arm_workspace_list(em_arm *a, const char *sub, const char *rg);
void em_arm_location_usages(em_arm *a, const char *sub, const char *loc);
void em_arm_location_vmsizes(em_arm *a, const char *loc);
void em_arm_batch_endpoints(em_arm *a);
void em_arm_batch_deployments(em_arm *a, const char *ep_key, json_t *endpoint);
void em_arm_computes(em_arm *a);
void em_arm_jobs(em_arm *a);
void em_arm_assets(em_arm *a, const char *collection);
void em_arm_datastores(em_arm *a);

/* Resolve (and, when may_create, create on first use) a workspace; false =
 * resp filled with 404. */
bool em_arm_resolve_workspace(em_arm *a, const char *sub, const char *rg, const char *ws,
                              bool may_create);
/* Create the workspace record if missing (start-up flags). */
int em_arm_ensure_workspace(em_app *app, const char *sub, const char *rg, const char *ws);

/* Hooks the settle step of lro.c calls into the resource modules. */
/* Compute: finish a resize (allocationState Steady, node counts). */
void em_compute_settle(json_t *compute, int64_t now_ms);
/* Deployment: ErrorDetail (new ref) when a referenced compute is missing at
 * the time provisioning completes, else NULL. */
json_t *em_deployment_check_refs(em_app *app, const json_t *deployment);

/* ---- helpers ---- */
/* 404 ResourceNotFound for "<type path>/<name>" under the workspace. */
void em_arm_not_found(em_arm *a, const char *type_path, const char *name);
/* GET of one resource: 200 with its body, or that 404. */
void em_arm_get_resource(em_arm *a, const char *key, const char *type_path, const char *name);
void em_arm_method_not_allowed(em_arm *a);
/* 400 UserError with target and one detail of the given code. */
void em_arm_user_error(em_arm *a, const char *target, const char *detail_code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void em_arm_conflict(em_arm *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void em_arm_internal_error(em_arm *a);
/* Parse the body as a JSON object; NULL = resp filled (400 InvalidRequestContent). */
json_t *em_arm_body(em_arm *a, bool allow_empty);
/* systemData for a new resource, or refreshed lastModified* on an existing one. */
void em_arm_touch_system_data(em_arm *a, json_t *resource, bool created);
/* Validate an optional tags member: object of strings. false = resp filled. */
bool em_arm_check_tags(em_arm *a, const json_t *tags, const char *target);
/* A tracked resource's location must name an Azure region (or the
 * workspace's), ignoring case and spaces; else 400
 * LocationNotAvailableForResourceType as ARM answers. false = resp filled. */
bool em_arm_check_location(em_arm *a, const char *loc, const char *resource_type);
/* Paging: the offset/page size requested ($skip/$skipToken, count/$top). */
void em_arm_page(em_arm *a, int *offset, int *limit);
/* {"value": items, "nextLink": ...}: nextLink is this URL with $skip advanced. */
void em_arm_list_response(em_arm *a, json_t *items, bool more, int offset, int limit);
/* A collection URL: GET lists the kind under parent_key, a page at a time;
 * any other method is 405. */
void em_arm_list_collection(em_arm *a, const char *parent_key, const char *kind);
/* Strings: caller frees. */
char *em_arm_child_key(const char *parent_key, const char *collection, const char *name);
/* One transaction per change, committed before the answer is written:
 * false = resp filled with 500 and nothing committed. */
bool em_arm_tx_begin(em_arm *a);
bool em_arm_tx_commit(em_arm *a);
/* End the transaction after its writes: rc (their |-ed results) != 0 rolls
 * back, else commits. */
bool em_arm_tx_end(em_arm *a, int rc);

#endif
