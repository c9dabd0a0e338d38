/* Request-body schemas, one table per resource (see schemas.h for the
 * sources). Each line is one property of the spec: its JSON path, type,
 * enum, range, length and pattern; parents come before their members.
 * Ranges the spec does not give but the emulator needs to run a job (at
 * least one instance, worker, item per mini-batch) are marked as such. */
#include "schemas.h"

#include <stdint.h>

#define N(t) (sizeof(t) / sizeof((t)[0]))
#define F(p, t) {.path = (p), .type = (t)}
#define REQ(p, t) {.path = (p), .type = (t), .flags = EM_F_REQUIRED}
#define ENUM(p, e) {.path = (p), .type = EM_J_STRING, .enums = (e)}
#define REQ_ENUM(p, e) {.path = (p), .type = EM_J_STRING, .flags = EM_F_REQUIRED, .enums = (e)}
#define RANGE(p, t, lo, hi) {.path = (p), .type = (t), .flags = EM_F_RANGED, .min = (lo), .max = (hi)}
/* map<string, string>: the values may not be null (ARM tags). */
#define STRING_MAP(p) F(p, EM_J_OBJECT), {.path = p ".*", .type = EM_J_STRING, .flags = EM_F_NOT_NULL}
/* The spec's pattern for "not blank" strings (CodeConfiguration.scoringScript,
 * job input uris, ...): minLength 1 and some word character. */
#define WORDY "[a-zA-Z0-9_]"
#define NONBLANK(p, flags_) {.path = (p), .type = EM_J_STRING, .flags = (flags_), .min_len = 1, .pattern = WORDY}

static const char *const SKU_TIERS[] = {"Free", "Basic", "Standard", "Premium", NULL};
static const char *const IDENTITY_TYPES[] = {"None", "SystemAssigned", "UserAssigned",
                                             "SystemAssigned,UserAssigned", NULL};
static const char *const AUTH_MODES[] = {"AMLToken", "Key", "AADToken", NULL};
static const char *const LOGGING_LEVELS[] = {"Info", "Warning", "Debug", NULL};
static const char *const OUTPUT_ACTIONS[] = {"SummaryOnly", "AppendRow", NULL};
static const char *const REFERENCE_TYPES[] = {"Id", "DataPath", "OutputPath", NULL};
static const char *const REF_ID[] = {"Id", NULL};
static const char *const REF_DATA_PATH[] = {"DataPath", NULL};
static const char *const REF_OUTPUT_PATH[] = {"OutputPath", NULL};
static const char *const DEPLOYMENT_CONFIG_TYPES[] = {"Model", "PipelineComponent", NULL};
static const char *const COMPUTE_TYPES[] = {"AKS", "Kubernetes", "AmlCompute", "ComputeInstance",
                                            "DataFactory", "VirtualMachine", "HDInsight",
                                            "Databricks", "DataLakeAnalytics", "SynapseSpark",
                                            NULL};
static const char *const OS_TYPES[] = {"Linux", "Windows", NULL};
static const char *const VM_PRIORITIES[] = {"Dedicated", "LowPriority", NULL};
static const char *const REMOTE_LOGIN[] = {"Enabled", "Disabled", "NotSpecified", NULL};
static const char *const DATA_TYPES[] = {"uri_file", "uri_folder", "mltable", NULL};
static const char *const AUTO_REBUILD[] = {"Disabled", "OnBaseImageUpdate", NULL};
/* JobType of 2026-07-01 (AutoML, Command, Sweep, Pipeline, Spark) and the
 * kinds the 2025-12-01 examples add. */
static const char *const JOB_TYPES[] = {"AutoML", "Command", "Labeling", "Sweep", "Pipeline",
                                        "Spark", "FineTuning", "Distillation", NULL};
static const char *const JOB_COMMAND[] = {"Command", NULL};
static const char *const JOB_SWEEP[] = {"Sweep", NULL};
static const char *const JOB_LIMITS_TYPES[] = {"Command", "Sweep", NULL};
static const char *const JOB_IDENTITY_TYPES[] = {"Managed", "AMLToken", "UserIdentity", NULL};
static const char *const DISTRIBUTION_TYPES[] = {"PyTorch", "TensorFlow", "Mpi", NULL};
static const char *const INPUT_TYPES[] = {"literal", "uri_file", "uri_folder", "mltable",
                                          "custom_model", "mlflow_model", "triton_model", NULL};
static const char *const ASSET_INPUT_TYPES[] = {"uri_file", "uri_folder", "mltable",
                                                "custom_model", "mlflow_model", "triton_model",
                                                NULL};
static const char *const LITERAL[] = {"literal", NULL};
static const char *const OUTPUT_TYPES[] = {"uri_file", "uri_folder", "mltable", "custom_model",
                                           "mlflow_model", "triton_model", NULL};
static const char *const INPUT_MODES[] = {"ReadOnlyMount", "ReadWriteMount", "Download", "Direct",
                                          "EvalMount", "EvalDownload", NULL};
static const char *const OUTPUT_MODES[] = {"ReadWriteMount", "Upload", "Direct", NULL};
/* The batch data plane (2020-09-01-dataplanepreview) spells the types in
 * PascalCase; the ARM spelling is accepted too. */
static const char *const DP_INPUT_TYPES[] = {
    "UriFolder",  "UriFile",    "MLTable",      "Literal",      "CustomModel",  "MLFlowModel",
    "TritonModel", "uri_folder", "uri_file",    "mltable",      "literal",      "custom_model",
    "mlflow_model", "triton_model", NULL};
static const char *const DP_ASSET_INPUT_TYPES[] = {
    "UriFolder",  "UriFile",      "MLTable",      "CustomModel", "MLFlowModel", "TritonModel",
    "uri_folder", "uri_file",     "mltable",      "custom_model", "mlflow_model", "triton_model",
    NULL};
static const char *const DP_LITERAL[] = {"Literal", NULL};
static const char *const DP_OUTPUT_TYPES[] = {
    "UriFolder",  "UriFile",  "MLTable", "CustomModel",  "MLFlowModel",  "TritonModel",
    "uri_folder", "uri_file", "mltable", "custom_model", "mlflow_model", "triton_model", NULL};

/* common-types v3: TrackedResource (location handled by the caller: a
 * missing one is LocationRequired), Sku and ManagedServiceIdentity. */
#define SKU_FIELDS                                                                                 \
    F("sku", EM_J_OBJECT), REQ("sku.name", EM_J_STRING), ENUM("sku.tier", SKU_TIERS),              \
        F("sku.size", EM_J_STRING), F("sku.family", EM_J_STRING), F("sku.capacity", EM_J_INT32)
#define IDENTITY_FIELDS                                                                            \
    F("identity", EM_J_OBJECT), REQ_ENUM("identity.type", IDENTITY_TYPES),                         \
        F("identity.userAssignedIdentities", EM_J_OBJECT),                                         \
        F("identity.userAssignedIdentities.*", EM_J_OBJECT)
#define TRACKED_FIELDS                                                                             \
    F("location", EM_J_STRING), STRING_MAP("tags"), F("kind", EM_J_STRING), SKU_FIELDS,           \
        IDENTITY_FIELDS

static const em_field BATCH_ENDPOINT[] = {
    TRACKED_FIELDS,
    REQ("properties", EM_J_OBJECT),
    REQ_ENUM("properties.authMode", AUTH_MODES),
    F("properties.description", EM_J_STRING),
    STRING_MAP("properties.properties"),
    F("properties.defaults", EM_J_OBJECT),
    F("properties.defaults.deploymentName", EM_J_STRING),
    F("properties.keys", EM_J_OBJECT),
    F("properties.keys.primaryKey", EM_J_STRING),
    F("properties.keys.secondaryKey", EM_J_STRING),
};
const em_schema EM_SCHEMA_BATCH_ENDPOINT = {"BatchEndpoint", BATCH_ENDPOINT, N(BATCH_ENDPOINT),
                                            false};

/* PartialMinimalTrackedResourceWithIdentity: identity.type is optional. */
static const em_field BATCH_ENDPOINT_PATCH[] = {
    STRING_MAP("tags"),
    F("identity", EM_J_OBJECT),
    ENUM("identity.type", IDENTITY_TYPES),
    F("identity.userAssignedIdentities", EM_J_OBJECT),
    F("identity.userAssignedIdentities.*", EM_J_OBJECT),
};
const em_schema EM_SCHEMA_BATCH_ENDPOINT_PATCH = {"PartialMinimalTrackedResourceWithIdentity",
                                                  BATCH_ENDPOINT_PATCH, N(BATCH_ENDPOINT_PATCH),
                                                  false};

static const em_field BATCH_DEPLOYMENT[] = {
    TRACKED_FIELDS,
    REQ("properties", EM_J_OBJECT),
    /* Nullable in the spec; required here because a batch deployment runs
     * on its cluster (the emulator refuses it without one). */
    {.path = "properties.compute", .type = EM_J_STRING, .flags = EM_F_REQUIRED, .min_len = 1},
    F("properties.description", EM_J_STRING),
    F("properties.codeConfiguration", EM_J_OBJECT),
    F("properties.codeConfiguration.codeId", EM_J_STRING),
    NONBLANK("properties.codeConfiguration.scoringScript", EM_F_REQUIRED),
    F("properties.environmentId", EM_J_STRING),
    STRING_MAP("properties.environmentVariables"),
    STRING_MAP("properties.properties"),
    /* -1 ignores every failure; lower values mean nothing (the emulator's). */
    RANGE("properties.errorThreshold", EM_J_INT32, -1, INT32_MAX),
    ENUM("properties.loggingLevel", LOGGING_LEVELS),
    /* min 1: the emulator's (a deployment needs a worker). */
    RANGE("properties.maxConcurrencyPerInstance", EM_J_INT32, 1, INT32_MAX),
    /* int64 in the spec; min 1: the emulator's (files per mini-batch). */
    RANGE("properties.miniBatchSize", EM_J_INT64, 1, INT64_MAX),
    F("properties.model", EM_J_OBJECT),
    REQ_ENUM("properties.model.referenceType", REFERENCE_TYPES),
    {.path = "properties.model.assetId", .type = EM_J_STRING, .flags = EM_F_REQUIRED,
     .pattern = WORDY, .when_key = "referenceType", .when = REF_ID},
    {.path = "properties.model.datastoreId", .type = EM_J_STRING, .when_key = "referenceType",
     .when = REF_DATA_PATH},
    {.path = "properties.model.path", .type = EM_J_STRING, .when_key = "referenceType",
     .when = REF_DATA_PATH},
    {.path = "properties.model.jobId", .type = EM_J_STRING, .when_key = "referenceType",
     .when = REF_OUTPUT_PATH},
    {.path = "properties.model.path", .type = EM_J_STRING, .when_key = "referenceType",
     .when = REF_OUTPUT_PATH},
    ENUM("properties.outputAction", OUTPUT_ACTIONS),
    F("properties.outputFileName", EM_J_STRING),
    F("properties.resources", EM_J_OBJECT),
    /* min 1: the emulator's (at least one instance runs the job). */
    RANGE("properties.resources.instanceCount", EM_J_INT32, 1, INT32_MAX),
    F("properties.resources.instanceType", EM_J_STRING),
    F("properties.resources.properties", EM_J_OBJECT),
    F("properties.retrySettings", EM_J_OBJECT),
    RANGE("properties.retrySettings.maxRetries", EM_J_INT32, 0, INT32_MAX),
    F("properties.retrySettings.timeout", EM_J_DURATION),
    F("properties.deploymentConfiguration", EM_J_OBJECT),
    REQ_ENUM("properties.deploymentConfiguration.deploymentConfigurationType",
             DEPLOYMENT_CONFIG_TYPES),
    F("properties.deploymentConfiguration.componentId", EM_J_OBJECT),
    ENUM("properties.deploymentConfiguration.componentId.referenceType", REF_ID),
    {.path = "properties.deploymentConfiguration.componentId.assetId", .type = EM_J_STRING,
     .flags = EM_F_REQUIRED, .pattern = WORDY},
    F("properties.deploymentConfiguration.description", EM_J_STRING),
    STRING_MAP("properties.deploymentConfiguration.settings"),
    STRING_MAP("properties.deploymentConfiguration.tags"),
};
const em_schema EM_SCHEMA_BATCH_DEPLOYMENT = {"BatchDeployment", BATCH_DEPLOYMENT,
                                              N(BATCH_DEPLOYMENT), false};

/* PartialBatchDeploymentPartialMinimalTrackedResourceWithProperties. */
static const em_field BATCH_DEPLOYMENT_PATCH[] = {
    STRING_MAP("tags"),
    F("properties", EM_J_OBJECT),
    F("properties.description", EM_J_STRING),
};
const em_schema EM_SCHEMA_BATCH_DEPLOYMENT_PATCH = {
    "PartialBatchDeploymentPartialMinimalTrackedResourceWithProperties", BATCH_DEPLOYMENT_PATCH,
    N(BATCH_DEPLOYMENT_PATCH), false};

/* ComputeResource (a ProxyResource with its own location, tags, sku and
 * identity) and the Compute base every computeType shares. */
static const em_field COMPUTE[] = {
    F("location", EM_J_STRING),
    STRING_MAP("tags"),
    SKU_FIELDS,
    IDENTITY_FIELDS,
    REQ("properties", EM_J_OBJECT),
    REQ_ENUM("properties.computeType", COMPUTE_TYPES),
    F("properties.computeLocation", EM_J_STRING),
    F("properties.description", EM_J_STRING),
    F("properties.resourceId", EM_J_STRING),
    F("properties.disableLocalAuth", EM_J_BOOL),
};
const em_schema EM_SCHEMA_COMPUTE = {"ComputeResource", COMPUTE, N(COMPUTE), false};

#define SCALE_SETTINGS(p)                                                                          \
    F(p, EM_J_OBJECT),                                                                             \
        /* 0-1000: the emulator's cap (the service's is the quota). */                           \
        {.path = p ".maxNodeCount", .type = EM_J_INT32, .flags = EM_F_REQUIRED | EM_F_RANGED,      \
         .min = 0, .max = 1000},                                                                   \
        RANGE(p ".minNodeCount", EM_J_INT32, 0, INT32_MAX),                                        \
        F(p ".nodeIdleTimeBeforeScaleDown", EM_J_DURATION)

/* AmlCompute's properties (checked once computeType is AmlCompute). */
static const em_field AML_COMPUTE[] = {
    F("properties.properties", EM_J_OBJECT),
    ENUM("properties.properties.osType", OS_TYPES),
    F("properties.properties.vmSize", EM_J_STRING),
    ENUM("properties.properties.vmPriority", VM_PRIORITIES),
    F("properties.properties.virtualMachineImage", EM_J_OBJECT),
    REQ("properties.properties.virtualMachineImage.id", EM_J_STRING),
    F("properties.properties.isolatedNetwork", EM_J_BOOL),
    SCALE_SETTINGS("properties.properties.scaleSettings"),
    F("properties.properties.userAccountCredentials", EM_J_OBJECT),
    REQ("properties.properties.userAccountCredentials.adminUserName", EM_J_STRING),
    F("properties.properties.userAccountCredentials.adminUserSshPublicKey", EM_J_STRING),
    F("properties.properties.userAccountCredentials.adminUserPassword", EM_J_STRING),
    F("properties.properties.subnet", EM_J_OBJECT),
    REQ("properties.properties.subnet.id", EM_J_STRING),
    ENUM("properties.properties.remoteLoginPortPublicAccess", REMOTE_LOGIN),
    F("properties.properties.enableNodePublicIp", EM_J_BOOL),
};
const em_schema EM_SCHEMA_AML_COMPUTE = {"AmlCompute", AML_COMPUTE, N(AML_COMPUTE), false};

/* ClusterUpdateParameters. */
static const em_field COMPUTE_PATCH[] = {
    F("properties", EM_J_OBJECT),
    F("properties.properties", EM_J_OBJECT),
    SCALE_SETTINGS("properties.properties.scaleSettings"),
};
const em_schema EM_SCHEMA_COMPUTE_PATCH = {"ClusterUpdateParameters", COMPUTE_PATCH,
                                           N(COMPUTE_PATCH), false};

/* ResourceBase (description, properties, tags) of assets and jobs. */
#define RESOURCE_BASE                                                                              \
    F("properties.description", EM_J_STRING), STRING_MAP("properties.properties"),                 \
        STRING_MAP("properties.tags")

/* AssetContainer; properties may be left out (an empty body creates an
 * empty container, as azure-ai-ml's version PUTs do implicitly). */
static const em_field ASSET_CONTAINER[] = {
    F("properties", EM_J_OBJECT),
    RESOURCE_BASE,
    F("properties.isArchived", EM_J_BOOL),
};
const em_schema EM_SCHEMA_ASSET_CONTAINER = {"AssetContainer", ASSET_CONTAINER,
                                             N(ASSET_CONTAINER), false};

static const em_field DATA_CONTAINER[] = {
    F("properties", EM_J_OBJECT), /* absent: dataType is missing (arm_assets.c) */
    RESOURCE_BASE,
    F("properties.isArchived", EM_J_BOOL),
    REQ_ENUM("properties.dataType", DATA_TYPES),
};
const em_schema EM_SCHEMA_DATA_CONTAINER = {"DataContainer", DATA_CONTAINER, N(DATA_CONTAINER),
                                            false};

/* AssetBase of every version. */
#define ASSET_BASE                                                                                 \
    REQ("properties", EM_J_OBJECT), RESOURCE_BASE, F("properties.isAnonymous", EM_J_BOOL),         \
        F("properties.isArchived", EM_J_BOOL)

static const em_field MODEL_VERSION[] = {
    ASSET_BASE,
    /* Optional in the spec; the emulator runs models from their files. */
    {.path = "properties.modelUri", .type = EM_J_STRING, .flags = EM_F_REQUIRED, .min_len = 1},
    F("properties.modelType", EM_J_STRING),
    F("properties.jobName", EM_J_STRING),
    F("properties.stage", EM_J_STRING),
    F("properties.flavors", EM_J_OBJECT),
    F("properties.flavors.*", EM_J_OBJECT),
    STRING_MAP("properties.flavors.*.data"),
};
const em_schema EM_SCHEMA_MODEL_VERSION = {"ModelVersion", MODEL_VERSION, N(MODEL_VERSION), false};

static const em_field CODE_VERSION[] = {
    ASSET_BASE,
    /* Optional in the spec (a pending upload); the runner needs the folder. */
    {.path = "properties.codeUri", .type = EM_J_STRING, .flags = EM_F_REQUIRED, .min_len = 1},
};
const em_schema EM_SCHEMA_CODE_VERSION = {"CodeVersion", CODE_VERSION, N(CODE_VERSION), false};

#define ROUTE(p)                                                                                   \
    F(p, EM_J_OBJECT), NONBLANK(p ".path", EM_F_REQUIRED), REQ(p ".port", EM_J_INT32)

static const em_field ENVIRONMENT_VERSION[] = {
    ASSET_BASE,
    F("properties.image", EM_J_STRING),
    F("properties.condaFile", EM_J_STRING),
    ENUM("properties.autoRebuild", AUTO_REBUILD),
    ENUM("properties.osType", OS_TYPES),
    F("properties.build", EM_J_OBJECT),
    {.path = "properties.build.contextUri", .type = EM_J_STRING, .flags = EM_F_REQUIRED,
     .pattern = WORDY},
    F("properties.build.dockerfilePath", EM_J_STRING),
    F("properties.inferenceConfig", EM_J_OBJECT),
    ROUTE("properties.inferenceConfig.livenessRoute"),
    ROUTE("properties.inferenceConfig.readinessRoute"),
    ROUTE("properties.inferenceConfig.scoringRoute"),
};
const em_schema EM_SCHEMA_ENVIRONMENT_VERSION = {"EnvironmentVersion", ENVIRONMENT_VERSION,
                                                 N(ENVIRONMENT_VERSION), false};

static const em_field DATA_VERSION[] = {
    ASSET_BASE,
    REQ_ENUM("properties.dataType", DATA_TYPES),
    {.path = "properties.dataUri", .type = EM_J_STRING, .flags = EM_F_REQUIRED, .pattern = WORDY},
    F("properties.referencedUris", EM_J_ARRAY),
};
const em_schema EM_SCHEMA_DATA_VERSION = {"DataVersionBase", DATA_VERSION, N(DATA_VERSION), false};

/* JobInput / JobOutput maps (discriminated by jobInputType/jobOutputType). */
#define JOB_IO(p)                                                                                  \
    F(p ".inputs", EM_J_OBJECT), {.path = p ".inputs.*", .type = EM_J_OBJECT, .flags = EM_F_NOT_NULL}, \
        REQ_ENUM(p ".inputs.*.jobInputType", INPUT_TYPES),                                         \
        F(p ".inputs.*.description", EM_J_STRING),                                                 \
        {.path = p ".inputs.*.uri", .type = EM_J_STRING, .flags = EM_F_REQUIRED, .min_len = 1,     \
         .pattern = WORDY, .when_key = "jobInputType", .when = ASSET_INPUT_TYPES},                 \
        {.path = p ".inputs.*.mode", .type = EM_J_STRING, .enums = INPUT_MODES,                    \
         .when_key = "jobInputType", .when = ASSET_INPUT_TYPES},                                   \
        {.path = p ".inputs.*.value", .type = EM_J_STRING, .flags = EM_F_REQUIRED,                 \
         .pattern = WORDY, .when_key = "jobInputType", .when = LITERAL},                           \
        F(p ".outputs", EM_J_OBJECT),                                                              \
        {.path = p ".outputs.*", .type = EM_J_OBJECT, .flags = EM_F_NOT_NULL},                     \
        REQ_ENUM(p ".outputs.*.jobOutputType", OUTPUT_TYPES),                                      \
        F(p ".outputs.*.description", EM_J_STRING), F(p ".outputs.*.uri", EM_J_STRING),            \
        ENUM(p ".outputs.*.mode", OUTPUT_MODES), F(p ".outputs.*.assetName", EM_J_STRING),         \
        F(p ".outputs.*.assetVersion", EM_J_STRING)

#define WHEN_COMMAND .when_key = "jobType", .when = JOB_COMMAND
#define WHEN_SWEEP .when_key = "jobType", .when = JOB_SWEEP

static const em_field JOB[] = {
    REQ("properties", EM_J_OBJECT),
    REQ_ENUM("properties.jobType", JOB_TYPES),
    RESOURCE_BASE,
    F("properties.componentId", EM_J_STRING),
    F("properties.computeId", EM_J_STRING),
    F("properties.displayName", EM_J_STRING),
    F("properties.experimentName", EM_J_STRING),
    F("properties.isArchived", EM_J_BOOL),
    F("properties.identity", EM_J_OBJECT),
    REQ_ENUM("properties.identity.identityType", JOB_IDENTITY_TYPES),
    F("properties.notificationSetting", EM_J_OBJECT),
    F("properties.services", EM_J_OBJECT),
    F("properties.services.*", EM_J_OBJECT),
    F("properties.services.*.endpoint", EM_J_STRING),
    F("properties.services.*.jobServiceType", EM_J_STRING),
    F("properties.services.*.port", EM_J_INT32),
    STRING_MAP("properties.services.*.properties"),
    JOB_IO("properties"),
    /* CommandJob */
    {.path = "properties.command", .type = EM_J_STRING, .flags = EM_F_REQUIRED, .min_len = 1,
     .pattern = WORDY, WHEN_COMMAND},
    {.path = "properties.environmentId", .type = EM_J_STRING, .flags = EM_F_REQUIRED,
     .pattern = WORDY, WHEN_COMMAND},
    {.path = "properties.codeId", .type = EM_J_STRING, WHEN_COMMAND},
    STRING_MAP("properties.environmentVariables"),
    {.path = "properties.distribution", .type = EM_J_OBJECT, WHEN_COMMAND},
    REQ_ENUM("properties.distribution.distributionType", DISTRIBUTION_TYPES),
    F("properties.limits", EM_J_OBJECT),
    REQ_ENUM("properties.limits.jobLimitsType", JOB_LIMITS_TYPES),
    F("properties.limits.timeout", EM_J_DURATION),
    F("properties.resources", EM_J_OBJECT),
    F("properties.resources.instanceCount", EM_J_INT32),
    F("properties.resources.instanceType", EM_J_STRING),
    F("properties.resources.properties", EM_J_OBJECT),
    {.path = "properties.resources.shmSize", .type = EM_J_STRING, .pattern = "[0-9]+[bBkKmMgG]"},
    /* SweepJob */
    {.path = "properties.objective", .type = EM_J_OBJECT, .flags = EM_F_REQUIRED, WHEN_SWEEP},
    {.path = "properties.samplingAlgorithm", .type = EM_J_OBJECT, .flags = EM_F_REQUIRED,
     WHEN_SWEEP},
    {.path = "properties.searchSpace", .type = EM_J_ANY, .flags = EM_F_REQUIRED, WHEN_SWEEP},
    {.path = "properties.trial", .type = EM_J_OBJECT, .flags = EM_F_REQUIRED, WHEN_SWEEP},
    /* PipelineJob */
    F("properties.jobs", EM_J_OBJECT),
    F("properties.sourceJobId", EM_J_STRING),
};
const em_schema EM_SCHEMA_JOB = {"JobBase", JOB, N(JOB), false};

/* The batch endpoint's invoke body (BatchJobResource of
 * 2020-09-01-dataplanepreview); member names in any case (the docs' REST
 * examples write InputData, JobInputType, Uri). */
static const em_field BATCH_JOB[] = {
    REQ("properties", EM_J_OBJECT),
    REQ("properties.inputData", EM_J_OBJECT),
    {.path = "properties.inputData.*", .type = EM_J_OBJECT, .flags = EM_F_NOT_NULL},
    REQ_ENUM("properties.inputData.*.jobInputType", DP_INPUT_TYPES),
    F("properties.inputData.*.description", EM_J_STRING),
    {.path = "properties.inputData.*.uri", .type = EM_J_STRING, .flags = EM_F_REQUIRED,
     .min_len = 1, .pattern = WORDY, .when_key = "jobInputType", .when = DP_ASSET_INPUT_TYPES},
    {.path = "properties.inputData.*.mode", .type = EM_J_STRING, .enums = INPUT_MODES,
     .when_key = "jobInputType", .when = DP_ASSET_INPUT_TYPES},
    {.path = "properties.inputData.*.value", .type = EM_J_STRING, .flags = EM_F_REQUIRED,
     .when_key = "jobInputType", .when = DP_LITERAL},
    F("properties.outputData", EM_J_OBJECT),
    {.path = "properties.outputData.*", .type = EM_J_OBJECT, .flags = EM_F_NOT_NULL},
    REQ_ENUM("properties.outputData.*.jobOutputType", DP_OUTPUT_TYPES),
    F("properties.outputData.*.uri", EM_J_STRING),
    ENUM("properties.outputData.*.mode", OUTPUT_MODES),
    F("properties.outputData.*.description", EM_J_STRING),
    F("properties.outputDataset", EM_J_OBJECT),
    F("properties.outputDataset.datastoreId", EM_J_STRING),
    F("properties.outputDataset.path", EM_J_STRING),
    F("properties.outputFileName", EM_J_STRING),
    RANGE("properties.miniBatchSize", EM_J_INT64, 1, INT64_MAX),
    RANGE("properties.errorThreshold", EM_J_INT32, -1, INT32_MAX),
    F("properties.retrySettings", EM_J_OBJECT),
    RANGE("properties.retrySettings.maxRetries", EM_J_INT32, 0, INT32_MAX),
    F("properties.retrySettings.timeout", EM_J_DURATION),
    F("properties.compute", EM_J_OBJECT),
    RANGE("properties.compute.instanceCount", EM_J_INT32, 1, INT32_MAX),
    F("properties.compute.instanceType", EM_J_STRING),
    F("properties.compute.isLocal", EM_J_BOOL),
    F("properties.compute.location", EM_J_STRING),
    F("properties.compute.target", EM_J_STRING),
    F("properties.compute.properties", EM_J_OBJECT),
    ENUM("properties.loggingLevel", LOGGING_LEVELS),
    RANGE("properties.maxConcurrencyPerInstance", EM_J_INT32, 1, INT32_MAX),
    F("properties.name", EM_J_STRING),
    F("properties.description", EM_J_STRING),
    STRING_MAP("properties.tags"),
    STRING_MAP("properties.properties"),
    F("properties.partitionKeys", EM_J_ARRAY),
};
const em_schema EM_SCHEMA_BATCH_JOB = {"BatchJobResource", BATCH_JOB, N(BATCH_JOB), true};
