/* The command table: every group, command and flag of `aml`, with its help.
 * It is the single source of truth: the parser accepts what is here, `aml
 * ... --help` prints it, and docs/cli.md is generated from it
 * (`aml --help-markdown`; a test compares). Flag names are az ml's. */
#include "cli.h"
#include "handlers.h"

#include <string.h>

/* ---- global flags (every command) ---- */
static const cli_flag F_RESOURCE_GROUP = {"resource-group", 'g', CLI_VALUE_STRING, "RG",
                                          "Resource group of the workspace (default: $AZURE_RESOURCE_GROUP)."};
static const cli_flag F_WORKSPACE = {"workspace-name", 'w', CLI_VALUE_STRING, "WS",
                                     "Workspace name (default: $AZUREML_WORKSPACE)."};
static const cli_flag F_SUBSCRIPTION = {"subscription", 0, CLI_VALUE_STRING, "ID",
                                        "Subscription id (default: $AZURE_SUBSCRIPTION_ID)."};
static const cli_flag F_OUTPUT = {"output", 'o', CLI_VALUE_STRING, "FORMAT",
                                  "Output format: json (default; the resource as the service returned it), table, tsv."};
static const cli_flag F_QUERY = {"query", 0, CLI_VALUE_STRING, "EXPR",
                                 "A JMESPath subset to pick from the output: a.b fields, [N], [] projections, "
                                 "{k: path} hashes (e.g. name, properties.provisioningState, [].name)."};
static const cli_flag F_ONLY_ERRORS = {"only-show-errors", 0, CLI_VALUE_BOOL, NULL,
                                       "No progress or notes on stderr, only errors."};
static const cli_flag F_DEBUG = {"debug", 0, CLI_VALUE_BOOL, NULL,
                                 "Log every HTTP request and response line on stderr (secrets redacted)."};

static const cli_flag *const k_global[] = {&F_RESOURCE_GROUP, &F_WORKSPACE, &F_SUBSCRIPTION, &F_OUTPUT,
                                           &F_QUERY,          &F_ONLY_ERRORS, &F_DEBUG};

/* ---- shared flags ---- */
static const cli_flag F_NAME = {"name", 'n', CLI_VALUE_STRING, "NAME", "Name of the resource."};
static const cli_flag F_ENDPOINT = {"endpoint-name", 'e', CLI_VALUE_STRING, "ENDPOINT", "Name of the batch endpoint."};
static const cli_flag F_DEPLOYMENT = {"deployment-name", 'd', CLI_VALUE_STRING, "DEPLOYMENT",
                                      "Name of the deployment (default: the endpoint's default deployment)."};
static const cli_flag F_FILE = {"file", 'f', CLI_VALUE_STRING, "PATH",
                                "YAML spec in the az ml schema; relative paths in it are resolved against its folder."};
static const cli_flag F_SET = {"set", 0, CLI_VALUE_LIST, "FIELD=VALUE",
                               "Override a field of the spec (dotted path, e.g. settings.mini_batch_size=20); "
                               "repeatable."};
static const cli_flag F_NO_WAIT = {"no-wait", 0, CLI_VALUE_BOOL, NULL,
                                   "Do not wait for the long-running operation to finish."};
static const cli_flag F_TIMEOUT = {"timeout", 0, CLI_VALUE_INT, "SECONDS",
                                   "Stop waiting after this long (exit code 4; the operation goes on). Default: no limit."};
static const cli_flag F_YES = {"yes", 'y', CLI_VALUE_BOOL, NULL, "Do not prompt for confirmation."};
static const cli_flag F_VERSION = {"version", 'v', CLI_VALUE_STRING, "VERSION", "Version of the asset."};
static const cli_flag F_LABEL = {"label", 'l', CLI_VALUE_STRING, "LABEL",
                                 "Label of the asset version instead of --version: latest (the newest version)."};
static const cli_flag F_PATH = {"path", 'p', CLI_VALUE_STRING, "PATH",
                                "Where the files are: a local file or folder (uploaded first), "
                                "azureml://datastores/<ds>/paths/<path>, or a storage URL."};
static const cli_flag F_DESCRIPTION = {"description", 0, CLI_VALUE_STRING, "TEXT", "Description."};
static const cli_flag F_TYPE = {"type", 't', CLI_VALUE_STRING, "TYPE", "Type."};
static const cli_flag F_IMAGE = {"image", 'i', CLI_VALUE_STRING, "IMAGE", "Docker image of the environment."};
static const cli_flag F_CONDA = {"conda-file", 0, CLI_VALUE_STRING, "PATH", "Conda specification (YAML file)."};
static const cli_flag F_LOCATION = {"location", 0, CLI_VALUE_STRING, "REGION",
                                    "Azure region (default: the workspace's)."};
/* compute */
static const cli_flag F_SIZE = {"size", 0, CLI_VALUE_STRING, "VM_SIZE", "VM size, e.g. STANDARD_DS3_V2."};
static const cli_flag F_MIN = {"min-instances", 0, CLI_VALUE_INT, "N", "Minimum number of nodes."};
static const cli_flag F_MAX = {"max-instances", 0, CLI_VALUE_INT, "N", "Maximum number of nodes."};
static const cli_flag F_IDLE = {"idle-time-before-scale-down", 0, CLI_VALUE_INT, "SECONDS",
                                "Seconds a node idles before it is released."};
static const cli_flag F_TIER = {"tier", 0, CLI_VALUE_STRING, "TIER", "VM priority: dedicated or low_priority."};
/* invoke */
static const cli_flag F_INPUT = {"input", 0, CLI_VALUE_STRING, "PATH",
                                 "The input: a local folder or file (uploaded to the default datastore first), "
                                 "azureml://datastores/<ds>/paths/<path>, a storage URL, or a data asset "
                                 "azureml:<name>:<version> / azureml:<name>@latest."};
static const cli_flag F_INPUT_TYPE = {"input-type", 0, CLI_VALUE_STRING, "TYPE",
                                      "Type of --input: uri_folder (default) or uri_file."};
static const cli_flag F_INPUTS = {"inputs", 0, CLI_VALUE_LIST, "NAME=PATH",
                                  "Named inputs (as --input each); repeatable. Give --input or --inputs."};
static const cli_flag F_OUTPUT_PATH = {"output-path", 0, CLI_VALUE_STRING, "URI",
                                       "Datastore folder for the outputs: azureml://datastores/<ds>/paths/<path>."};
static const cli_flag F_MINI_BATCH = {"mini-batch-size", 'm', CLI_VALUE_INT, "N",
                                      "Files per mini-batch for this job (default: the deployment's)."};
static const cli_flag F_INSTANCES = {"instance-count", 'c', CLI_VALUE_INT, "N",
                                     "Nodes for this job (default: the deployment's)."};
static const cli_flag F_JOB_NAME = {"job-name", 0, CLI_VALUE_STRING, "NAME", "Name of the job (default: a new one)."};
static const cli_flag F_EXPERIMENT = {"experiment-name", 0, CLI_VALUE_STRING, "NAME", "Experiment of the job."};
static const cli_flag F_SET_DEFAULT = {"set-default", 0, CLI_VALUE_BOOL, NULL,
                                       "Make the deployment its endpoint's default once it is created."};
/* jobs */
static const cli_flag F_OUTPUT_NAME = {"output-name", 0, CLI_VALUE_STRING, "NAME",
                                       "The output to download (default: score, a batch job's predictions)."};
static const cli_flag F_DOWNLOAD_PATH = {"download-path", 'p', CLI_VALUE_STRING, "DIR",
                                         "Local folder to download into (default: the current folder)."};
static const cli_flag F_ALL = {"all", 0, CLI_VALUE_BOOL, NULL, "Download every output and the logs."};
/* datastores */
static const cli_flag F_SRC = {"src-path", 0, CLI_VALUE_STRING, "PATH", "Local file or folder to upload."};
static const cli_flag F_TARGET = {"target-path", 0, CLI_VALUE_STRING, "PATH", "Path inside the datastore."};
static const cli_flag F_PREFIX = {"prefix", 0, CLI_VALUE_STRING, "PATH",
                                  "Path inside the datastore to download (a folder ends with '/'; default: all)."};
static const cli_flag F_DEST = {"destination", 0, CLI_VALUE_STRING, "DIR", "Local folder to download into."};
static const cli_flag F_OVERWRITE = {"overwrite", 0, CLI_VALUE_BOOL, NULL,
                                     "Replace existing files (default: fail when one exists)."};

#define REQ(f) {&(f), 1, NULL}
#define OPT(f) {&(f), 0, NULL}
#define REQH(f, h) {&(f), 1, (h)}
#define OPTH(f, h) {&(f), 0, (h)}
#define END {NULL, 0, NULL}

/* ---- table columns ---- */
static const cli_column C_ENDPOINT[] = {{"Name", "name"},
                                        {"ProvisioningState", "properties.provisioningState"},
                                        {"DefaultDeployment", "properties.defaults.deploymentName"},
                                        {"Location", "location"},
                                        {NULL, NULL}};
static const cli_column C_DEPLOYMENT[] = {{"Name", "name"},
                                          {"ProvisioningState", "properties.provisioningState"},
                                          {"InstanceCount", "properties.resources.instanceCount"},
                                          {"MiniBatchSize", "properties.miniBatchSize"},
                                          {"Location", "location"},
                                          {NULL, NULL}};
static const cli_column C_COMPUTE[] = {{"Name", "name"},
                                       {"Type", "properties.computeType"},
                                       {"Size", "properties.properties.vmSize"},
                                       {"ProvisioningState", "properties.provisioningState"},
                                       {"Nodes", "properties.properties.currentNodeCount"},
                                       {"Location", "location"},
                                       {NULL, NULL}};
static const cli_column C_NODE[] = {{"NodeId", "nodeId"},
                                    {"State", "nodeState"},
                                    {"PrivateIp", "privateIpAddress"},
                                    {"PublicIp", "publicIpAddress"},
                                    {NULL, NULL}};
static const cli_column C_SIZE[] = {{"Name", "name"},
                                    {"Family", "family"},
                                    {"vCPUs", "vCPUs"},
                                    {"MemoryGB", "memoryGB"},
                                    {"GPUs", "gpus"},
                                    {NULL, NULL}};
static const cli_column C_USAGE[] = {{"Name", "name.localizedValue"},
                                     {"CurrentValue", "currentValue"},
                                     {"Limit", "limit"},
                                     {"Unit", "unit"},
                                     {NULL, NULL}};
static const cli_column C_ASSET[] = {{"Version", "name"},
                                     {"Description", "properties.description"},
                                     {"ProvisioningState", "properties.provisioningState"},
                                     {"CreatedAt", "systemData.createdAt"},
                                     {NULL, NULL}};
static const cli_column C_DATA[] = {{"Version", "name"},
                                    {"Type", "properties.dataType"},
                                    {"Uri", "properties.dataUri"},
                                    {"CreatedAt", "systemData.createdAt"},
                                    {NULL, NULL}};
static const cli_column C_JOB[] = {{"Name", "name"},
                                   {"Status", "properties.status"},
                                   {"Type", "properties.jobType"},
                                   {"CreatedAt", "systemData.createdAt"},
                                   {NULL, NULL}};
static const cli_column C_DATASTORE[] = {{"Name", "name"},
                                         {"Type", "properties.datastoreType"},
                                         {"Account", "properties.accountName"},
                                         {"Container", "properties.containerName"},
                                         {"IsDefault", "properties.isDefault"},
                                         {NULL, NULL}};

/* ---- batch-endpoint ---- */
static const cli_command k_endpoint[] = {
    {"create", "Create a batch endpoint.",
     "From a YAML spec (--file) or, without one, an endpoint with defaults named --name. Waits until it is "
     "provisioned, then prints it.",
     {OPT(F_FILE), OPTH(F_NAME, "Name of the endpoint (overrides the spec's)."), OPT(F_SET), OPT(F_NO_WAIT),
      OPT(F_TIMEOUT), END},
     C_ENDPOINT, "aml batch-endpoint create --file endpoint.yml", cmd_endpoint_create},
    {"update", "Update a batch endpoint.",
     "Reads the endpoint, applies the spec (--file) and --set overrides (e.g. defaults.deployment_name=NAME), "
     "and writes it back.",
     {OPT(F_FILE), OPTH(F_NAME, "Name of the endpoint."), OPT(F_SET), OPT(F_NO_WAIT), OPT(F_TIMEOUT), END},
     C_ENDPOINT, "aml batch-endpoint update -n my-endpoint --set defaults.deployment_name=blue", cmd_endpoint_update},
    {"show", "Show a batch endpoint.", NULL, {REQH(F_NAME, "Name of the endpoint."), END}, C_ENDPOINT,
     "aml batch-endpoint show -n my-endpoint --query properties.scoringUri", cmd_endpoint_show},
    {"list", "List the workspace's batch endpoints.", NULL, {END}, C_ENDPOINT, "aml batch-endpoint list -o table",
     cmd_endpoint_list},
    {"delete", "Delete a batch endpoint and its deployments.", NULL,
     {REQH(F_NAME, "Name of the endpoint."), OPT(F_YES), OPT(F_NO_WAIT), OPT(F_TIMEOUT), END}, NULL,
     "aml batch-endpoint delete -n my-endpoint --yes", cmd_endpoint_delete},
    {"invoke", "Start a batch scoring job on an endpoint.",
     "Prints the job the service created; follow it with `aml job stream`, `aml job wait`, `aml job download`. "
     "A single --input is sent under the name of its type (UriFolder or UriFile), as azure-ai-ml's "
     "invoke(input=...) does; name inputs with --inputs.",
     {REQH(F_NAME, "Name of the endpoint."), OPT(F_DEPLOYMENT), OPT(F_INPUT), OPT(F_INPUT_TYPE), OPT(F_INPUTS),
      OPTH(F_FILE, "An inputs file: `inputs:` (and `outputs:`) by name, each with a type and a path or value; "
                   "local paths in it are resolved against its folder and uploaded."), OPT(F_OUTPUT_PATH), OPT(F_MINI_BATCH), OPT(F_INSTANCES), OPT(F_JOB_NAME), OPT(F_EXPERIMENT),
      OPT(F_SET), END},
     C_JOB, "aml batch-endpoint invoke -n my-endpoint --input ./data", cmd_endpoint_invoke},
    {"list-jobs", "List the jobs of a batch endpoint, newest first.", NULL, {REQH(F_NAME, "Name of the endpoint."), END},
     C_JOB, "aml batch-endpoint list-jobs -n my-endpoint -o table", cmd_endpoint_list_jobs},
};

/* ---- batch-deployment ---- */
static const cli_command k_deployment[] = {
    {"create", "Create a batch deployment.",
     "From a YAML spec; local model and code folders in it are uploaded and registered first. Waits until it is "
     "provisioned, then prints it.",
     {REQ(F_FILE), OPTH(F_NAME, "Name of the deployment (overrides the spec's)."),
      OPTH(F_ENDPOINT, "Endpoint of the deployment (overrides the spec's)."), OPT(F_SET_DEFAULT), OPT(F_SET),
      OPT(F_NO_WAIT), OPT(F_TIMEOUT), END},
     C_DEPLOYMENT, "aml batch-deployment create --file deployment.yml --set-default", cmd_deployment_create},
    {"update", "Update a batch deployment.",
     "Applies the spec (--file) and --set overrides; with --set-default alone, makes the deployment its "
     "endpoint's default.",
     {OPT(F_FILE), OPTH(F_NAME, "Name of the deployment."), OPTH(F_ENDPOINT, "Endpoint of the deployment."),
      OPT(F_SET_DEFAULT), OPT(F_SET), OPT(F_NO_WAIT), OPT(F_TIMEOUT), END},
     C_DEPLOYMENT, "aml batch-deployment update -n blue -e my-endpoint --set-default", cmd_deployment_update},
    {"show", "Show a batch deployment.", NULL,
     {REQH(F_NAME, "Name of the deployment."), REQ(F_ENDPOINT), END}, C_DEPLOYMENT,
     "aml batch-deployment show -n blue -e my-endpoint", cmd_deployment_show},
    {"list", "List the deployments of a batch endpoint.", NULL, {REQ(F_ENDPOINT), END}, C_DEPLOYMENT,
     "aml batch-deployment list -e my-endpoint -o table", cmd_deployment_list},
    {"delete", "Delete a batch deployment.", NULL,
     {REQH(F_NAME, "Name of the deployment."), REQ(F_ENDPOINT), OPT(F_YES), OPT(F_NO_WAIT), OPT(F_TIMEOUT), END}, NULL,
     "aml batch-deployment delete -n blue -e my-endpoint --yes", cmd_deployment_delete},
    {"list-jobs", "List the jobs that ran on a deployment, newest first.", NULL,
     {REQH(F_NAME, "Name of the deployment."), REQ(F_ENDPOINT), END}, C_JOB,
     "aml batch-deployment list-jobs -n blue -e my-endpoint", cmd_deployment_list_jobs},
};

/* ---- compute ---- */
static const cli_command k_compute[] = {
    {"create", "Create an AmlCompute cluster.",
     "From a YAML spec (--file) or from the flags (--name and sizes). Waits until it is provisioned, then prints it.",
     {OPT(F_FILE), OPTH(F_NAME, "Name of the cluster."),
      OPTH(F_TYPE, "Compute type: amlcompute (the only one supported)."), OPT(F_SIZE), OPT(F_MIN), OPT(F_MAX),
      OPT(F_IDLE), OPT(F_TIER), OPT(F_LOCATION), OPT(F_DESCRIPTION), OPT(F_SET), OPT(F_NO_WAIT), OPT(F_TIMEOUT), END},
     C_COMPUTE, "aml compute create -n cpu-cluster --size STANDARD_DS3_V2 --min-instances 0 --max-instances 4",
     cmd_compute_create},
    {"update", "Scale an AmlCompute cluster.", NULL,
     {REQH(F_NAME, "Name of the cluster."), OPT(F_MIN), OPT(F_MAX), OPT(F_IDLE), OPT(F_NO_WAIT), OPT(F_TIMEOUT), END},
     C_COMPUTE, "aml compute update -n cpu-cluster --max-instances 8", cmd_compute_update},
    {"show", "Show a compute.", NULL, {REQH(F_NAME, "Name of the compute."), END}, C_COMPUTE,
     "aml compute show -n cpu-cluster", cmd_compute_show},
    {"list", "List the workspace's computes.", NULL, {END}, C_COMPUTE, "aml compute list -o table", cmd_compute_list},
    {"delete", "Delete a compute.", NULL,
     {REQH(F_NAME, "Name of the compute."), OPT(F_YES), OPT(F_NO_WAIT), OPT(F_TIMEOUT), END}, NULL,
     "aml compute delete -n cpu-cluster --yes", cmd_compute_delete},
    {"list-nodes", "List the nodes of a cluster.", NULL, {REQH(F_NAME, "Name of the cluster."), END}, C_NODE,
     "aml compute list-nodes -n cpu-cluster", cmd_compute_list_nodes},
    {"list-sizes", "List the VM sizes of a region.", NULL, {OPT(F_LOCATION), END}, C_SIZE,
     "aml compute list-sizes -o table", cmd_compute_list_sizes},
    {"list-usage", "List the compute quota usage of a region.", NULL, {OPT(F_LOCATION), END}, C_USAGE,
     "aml compute list-usage -o table", cmd_compute_list_usage},
};

/* ---- assets ---- */
static const cli_command k_model[] = {
    {"create", "Register a model version.",
     "From a YAML spec (--file) or the flags; a local --path is uploaded to the default datastore first.",
     {OPT(F_FILE), OPTH(F_NAME, "Name of the model."), OPT(F_VERSION), OPT(F_PATH),
      OPTH(F_TYPE, "custom_model (default), mlflow_model or triton_model."), OPT(F_DESCRIPTION), OPT(F_SET), END},
     C_ASSET, "aml model create -n heart-classifier -v 1 --path ./model", cmd_model_create},
    {"show", "Show a model version.", NULL,
     {REQH(F_NAME, "Name of the model."), OPT(F_VERSION), OPT(F_LABEL), END}, C_ASSET,
     "aml model show -n heart-classifier -v 1", cmd_model_show},
    {"list", "List the versions of a model, newest first.", NULL,
     {OPTH(F_NAME, "Name of the model (required: listing every model is not supported yet)."), END}, C_ASSET, "aml model list -n heart-classifier", cmd_model_list},
};
static const cli_command k_code[] = {
    {"create", "Register a code version.",
     "From a YAML spec (--file) or the flags; a local --path is uploaded to the default datastore first.",
     {OPT(F_FILE), OPTH(F_NAME, "Name of the code asset."), OPT(F_VERSION), OPT(F_PATH), OPT(F_DESCRIPTION), OPT(F_SET),
      END},
     C_ASSET, "aml code create -n scoring-code -v 1 --path ./code", cmd_code_create},
    {"show", "Show a code version.", NULL,
     {REQH(F_NAME, "Name of the code asset."), OPT(F_VERSION), OPT(F_LABEL), END}, C_ASSET,
     "aml code show -n scoring-code -v 1", cmd_code_show},
    {"list", "List the versions of a code asset, newest first.", NULL,
     {OPTH(F_NAME, "Name of the code asset (required: listing every code asset is not supported yet)."), END}, C_ASSET, "aml code list -n scoring-code", cmd_code_list},
};
static const cli_command k_environment[] = {
    {"create", "Register an environment version.", "From a YAML spec (--file) or the flags (--image).",
     {OPT(F_FILE), OPTH(F_NAME, "Name of the environment."), OPT(F_VERSION), OPT(F_IMAGE), OPT(F_CONDA),
      OPT(F_DESCRIPTION), OPT(F_SET), END},
     C_ASSET, "aml environment create -n scoring-env -v 1 --image mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04",
     cmd_environment_create},
    {"show", "Show an environment version.", NULL,
     {REQH(F_NAME, "Name of the environment."), OPT(F_VERSION), OPT(F_LABEL), END}, C_ASSET,
     "aml environment show -n scoring-env -v 1", cmd_environment_show},
    {"list", "List the versions of an environment, newest first.", NULL,
     {OPTH(F_NAME, "Name of the environment (required: listing every environment is not supported yet)."), END}, C_ASSET, "aml environment list -n scoring-env",
     cmd_environment_list},
};
static const cli_command k_data[] = {
    {"create", "Register a data asset version.",
     "From a YAML spec (--file) or the flags; a local --path is uploaded to the default datastore first.",
     {OPT(F_FILE), OPTH(F_NAME, "Name of the data asset."), OPT(F_VERSION), OPT(F_PATH),
      OPTH(F_TYPE, "uri_folder (default), uri_file or mltable."), OPT(F_DESCRIPTION), OPT(F_SET), END},
     C_DATA, "aml data create -n heart-data -v 1 --path ./data", cmd_data_create},
    {"show", "Show a data asset version.", NULL,
     {REQH(F_NAME, "Name of the data asset."), OPT(F_VERSION), OPT(F_LABEL), END}, C_DATA,
     "aml data show -n heart-data --label latest", cmd_data_show},
    {"list", "List the versions of a data asset, newest first.", NULL,
     {OPTH(F_NAME, "Name of the data asset (required: listing every data asset is not supported yet)."), END}, C_DATA, "aml data list -n heart-data -o table", cmd_data_list},
};

/* ---- job ---- */
static const cli_command k_job[] = {
    {"show", "Show a job.", NULL, {REQH(F_NAME, "Name of the job."), END}, C_JOB, "aml job show -n my-job",
     cmd_job_show},
    {"list", "List the workspace's jobs.", NULL, {END}, C_JOB, "aml job list -o table", cmd_job_list},
    {"cancel", "Cancel a job.", NULL, {REQH(F_NAME, "Name of the job."), OPT(F_NO_WAIT), OPT(F_TIMEOUT), END}, C_JOB,
     "aml job cancel -n my-job", cmd_job_cancel},
    {"stream", "Print a job's logs as they are written, until it ends.",
     "Log lines go to stdout, prefixed with their file ([user_logs/std_log.txt] ...). The exit code says how the "
     "job ended: 0 Completed, 1 Failed or Canceled, 4 --timeout.",
     {REQH(F_NAME, "Name of the job."), OPT(F_TIMEOUT), END}, NULL, "aml job stream -n my-job", cmd_job_stream},
    {"download", "Download a job's outputs (by default its predictions, output 'score').",
     "Files of a folder output land directly in --download-path; with --all, each output in a folder of its name "
     "and the logs in logs/.",
     {REQH(F_NAME, "Name of the job."), OPT(F_OUTPUT_NAME), OPT(F_DOWNLOAD_PATH), OPT(F_ALL), END}, NULL,
     "aml job download -n my-job --download-path ./out", cmd_job_download},
    {"wait", "Wait until a job ends, showing its status; then print it.",
     "Exit code: 0 Completed, 1 Failed or Canceled, 4 --timeout (the job goes on).",
     {REQH(F_NAME, "Name of the job."), OPT(F_TIMEOUT), END}, C_JOB, "aml job wait -n my-job --timeout 600",
     cmd_job_wait},
};

/* ---- datastore ---- */
static const cli_command k_datastore[] = {
    {"list", "List the workspace's datastores.", NULL, {END}, C_DATASTORE, "aml datastore list -o table",
     cmd_datastore_list},
    {"show", "Show a datastore (never its secrets).", NULL, {REQH(F_NAME, "Name of the datastore."), END}, C_DATASTORE,
     "aml datastore show -n workspaceblobstore", cmd_datastore_show},
    {"upload", "Upload a local file or folder to a datastore.",
     "A folder's files keep their relative paths under --target-path.",
     {REQH(F_NAME, "Name of the datastore."), REQ(F_SRC), OPT(F_TARGET), OPT(F_OVERWRITE), END}, NULL,
     "aml datastore upload -n workspaceblobstore --src-path ./data --target-path inputs/heart", cmd_datastore_upload},
    {"download", "Download a file or folder of a datastore.", NULL,
     {REQH(F_NAME, "Name of the datastore."), OPT(F_PREFIX), REQ(F_DEST), OPT(F_OVERWRITE), END}, NULL,
     "aml datastore download -n workspaceblobstore --prefix inputs/heart/ --destination ./copy", cmd_datastore_download},
};

#define GROUP(name, summary, cmds) {name, summary, cmds, sizeof(cmds) / sizeof((cmds)[0])}

static const cli_group k_groups[] = {
    GROUP("batch-endpoint", "Batch endpoints: create, inspect, invoke.", k_endpoint),
    GROUP("batch-deployment", "Deployments of batch endpoints.", k_deployment),
    GROUP("compute", "AmlCompute clusters.", k_compute),
    GROUP("model", "Model versions.", k_model),
    GROUP("code", "Code versions (scoring scripts).", k_code),
    GROUP("environment", "Environment versions.", k_environment),
    GROUP("data", "Data asset versions.", k_data),
    GROUP("job", "Jobs (what an invoke starts): status, logs, outputs.", k_job),
    GROUP("datastore", "Datastores, and moving files to and from them.", k_datastore),
};

const cli_group *cli_groups(size_t *count) {
  *count = sizeof k_groups / sizeof k_groups[0];
  return k_groups;
}

const cli_flag *const *cli_global_flags(size_t *count) {
  *count = sizeof k_global / sizeof k_global[0];
  return k_global;
}

const cli_group *cli_find_group(const char *name) {
  for (size_t i = 0; i < sizeof k_groups / sizeof k_groups[0]; i++)
    if (strcmp(k_groups[i].name, name) == 0) return &k_groups[i];
  return NULL;
}

const cli_command *cli_find_command(const cli_group *group, const char *name) {
  for (size_t i = 0; group && i < group->count; i++)
    if (strcmp(group->commands[i].name, name) == 0) return &group->commands[i];
  return NULL;
}
