/* The request-body schemas of every resource the emulator accepts writes
 * for, written from the REST spec (2026-07-01 openapi.json as extracted in
 * reference/arm-spec, and the definitions azure-ai-ml's generated
 * 2022-10-01 client carries for assets and jobs). See schema.h. */
#ifndef EM_SCHEMAS_H
#define EM_SCHEMAS_H

#include "schema.h"

extern const em_schema EM_SCHEMA_BATCH_ENDPOINT;        /* PUT batchEndpoints/{ep} */
extern const em_schema EM_SCHEMA_BATCH_ENDPOINT_PATCH;  /* PATCH: tags, identity */
extern const em_schema EM_SCHEMA_BATCH_DEPLOYMENT;      /* PUT .../deployments/{d} */
extern const em_schema EM_SCHEMA_BATCH_DEPLOYMENT_PATCH;/* PATCH: tags, description */
extern const em_schema EM_SCHEMA_COMPUTE;               /* PUT computes/{c}: envelope, Compute */
extern const em_schema EM_SCHEMA_AML_COMPUTE;           /* ... and AmlComputeProperties */
extern const em_schema EM_SCHEMA_COMPUTE_PATCH;         /* PATCH: ClusterUpdateParameters */
extern const em_schema EM_SCHEMA_ASSET_CONTAINER;       /* models/codes/environments/{n} */
extern const em_schema EM_SCHEMA_DATA_CONTAINER;        /* data/{n} */
extern const em_schema EM_SCHEMA_MODEL_VERSION;
extern const em_schema EM_SCHEMA_CODE_VERSION;
extern const em_schema EM_SCHEMA_ENVIRONMENT_VERSION;
extern const em_schema EM_SCHEMA_DATA_VERSION;
extern const em_schema EM_SCHEMA_JOB;                   /* PUT jobs/{id}: JobBase */
extern const em_schema EM_SCHEMA_BATCH_JOB;             /* invoke: BatchJobResource */

#endif
