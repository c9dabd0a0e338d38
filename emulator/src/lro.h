/* Long-running operations, as ARM runs them (ARM-API.md §6): an operation
 * row per create/update/delete/cancel, due after --provisioning-delay-ms,
 * an Azure-AsyncOperation status URL (always 200 + {"status"}) and a Location
 * result URL (202 while running, then the final response). Operations are
 * settled lazily at the start of every ARM request rather than by a timer
 * thread: state then only moves under the store lock, deterministic for
 * tests, and a restart simply resumes with the persisted due times. */
#ifndef EM_LRO_H
#define EM_LRO_H

#include <jansson.h>
#include <stdbool.h>

#include "arm.h"
#include "store.h"

#define EM_FAMILY_MFE "mfe"
#define EM_FAMILY_COMPUTE "compute"

/* An operation as a handler starts it: what it is, what it acts on and what
 * is written with it. */
typedef struct em_lro_op {
    const char *kind;   /* create | update | delete | cancel | job-delete */
    const char *family; /* EM_FAMILY_MFE or EM_FAMILY_COMPUTE: which URLs poll it */
    const char *rk;     /* collection of the resource (settle step; em_res_put kind) */
    const char *key;    /* store key of the resource */
    const char *action; /* compute delete: underlyingResourceAction, else NULL */
    /* A pending operation to report instead of starting one (a retried PUT
     * joins the running operation rather than getting a conflict). */
    const char *join;
    /* The resource row written with it, its internal part pointing at the
     * operation (body NULL: no row). With parent set the row is put (created
     * or replaced, under parent as name); otherwise updated in place. */
    json_t *body;
    json_t **internal;
    const char *parent, *name;
    const em_job *job;  /* a job row written with it (jobs have their own table) */
    char id[40];        /* out: the operation's id */
} em_lro_op;

/* Record op (or join op->join) and write its rows, in one transaction: a
 * resource is never stored pointing at an operation that was not, nor the
 * other way round. false = resp filled (500). */
bool em_lro_begin(em_arm *a, em_lro_op *op);
/* The pending operation id recorded in a resource's internal part, or NULL. */
const char *em_pending_op(const json_t *internal);

/* Which URLs an answer about a running operation carries; Retry-After is
 * always sent with them. */
enum {
    EM_LRO_ASYNC = 1 << 0,    /* Azure-AsyncOperation: the status URL */
    EM_LRO_LOCATION = 1 << 1, /* Location: the result URL */
    EM_LRO_TIMEOUT = 1 << 2,  /* x-ms-async-operation-timeout */
};
/* Answer status with body (taken; NULL = empty) and the headers pointing at
 * operation opid of family. */
void em_lro_reply(em_arm *a, int status, json_t *body, const char *family, const char *opid,
                  unsigned headers);

/* Apply every due operation (each in its own transaction). Store lock held. */
void em_lro_settle_due(em_app *app);

/* GET .../locations/{loc}/{family}OperationsStatus/{id} */
void em_lro_status(em_arm *a, const char *sub, const char *loc, const char *family,
                   const char *opid);
/* GET .../locations/{loc}/{family}OperationResults/{id} */
void em_lro_result(em_arm *a, const char *sub, const char *loc, const char *family,
                   const char *opid);

#endif
