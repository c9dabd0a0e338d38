/* aml_job: a read-only view of an ARM JobBase or a batch invoke's
 * BatchJobResource (both keep what matters under "properties", with
 * different names for the inputs and outputs), plus what run history adds. */
#include "ml/entity_job.h"

#include "core/error.h"
#include "core/str.h"

#include <stddef.h>
#include <string.h>

#define TRY(x)               \
  do {                       \
    aml_result rc_ = (x);    \
    if (rc_ < 0) return rc_; \
  } while (0)

/* ARM spelling <-> data-plane spelling of job input/output types. */
static const char *const IO_TYPES[][2] = {{"uri_folder", "UriFolder"},     {"uri_file", "UriFile"},
                                          {"mltable", "MLTable"},          {"literal", "Literal"},
                                          {"custom_model", "CustomModel"}, {"mlflow_model", "MLFlowModel"},
                                          {"triton_model", "TritonModel"}};

static const char *io_type(const char *type, int to) {
  for (size_t i = 0; type && i < sizeof(IO_TYPES) / sizeof(IO_TYPES[0]); i++)
    if (aml__strcasecmp(type, IO_TYPES[i][0]) == 0 || aml__strcasecmp(type, IO_TYPES[i][1]) == 0)
      return IO_TYPES[i][to];
  return type;
}

const char *aml__job_io_type_wire(const char *type) { return io_type(type, 1); }
const char *aml__job_io_type_arm(const char *type) { return io_type(type, 0); }

/* The first of two members that is present (ARM name, data-plane name). */
static aml_result either(aml__jr *r, json_t *root, const char *arm, const char *dataplane, const char **path,
                         json_t **out) {
  TRY(aml__jr_object(r, root, arm, out));
  *path = arm;
  if (*out) return AML_OK;
  *path = dataplane;
  return aml__jr_object(r, root, dataplane, out);
}

/* A type read from "jobInputType"/"jobOutputType", in the ARM spelling, kept in the arena. */
static aml_result io_type_field(aml__jr *r, json_t *item, const char *key, const char **out) {
  const char *t = NULL;
  TRY(aml__jr_str(r, item, key, &t));
  const char *arm = aml__job_io_type_arm(t);
  if (arm != t) t = arm; /* a static table entry: needs no copy */
  *out = t;
  return AML_OK;
}

/* Fills one input or output from its JSON item; the struct is arena-allocated and zeroed. */
typedef aml_result (*io_fill_fn)(aml__jr *r, json_t *item, void *io, const char *name);

static aml_result fill_input(aml__jr *r, json_t *item, void *io, const char *name) {
  aml_job_input *in = io;
  in->version = AML_JOB_INPUT_VERSION;
  in->name = name;
  TRY(io_type_field(r, item, "jobInputType", &in->type));
  TRY(aml__jr_str(r, item, "uri", &in->uri));
  return aml__jr_str(r, item, "value", &in->value);
}

static aml_result fill_output(aml__jr *r, json_t *item, void *io, const char *name) {
  aml_job_output *out = io;
  out->version = AML_JOB_OUTPUT_VERSION;
  out->name = name;
  TRY(io_type_field(r, item, "jobOutputType", &out->type));
  TRY(aml__jr_str(r, item, "uri", &out->uri));
  return aml__jr_str(r, item, "mode", &out->mode);
}

/* A name -> object map (ARM or data-plane member) as an array of pointers
 * to structs of `size` bytes, in the service's order. */
static aml_result parse_io(aml__jr *r, json_t *root, const char *arm, const char *dataplane, size_t size,
                           io_fill_fn fill, const void *const **out, size_t *count) {
  json_t *map;
  const char *path;
  TRY(either(r, root, arm, dataplane, &path, &map));
  if (!map) return AML_OK;
  void **list = aml__arena_calloc(r->arena, json_object_size(map), sizeof(*list));
  if (!list) return aml__jr_nomem(r);
  size_t i = 0;
  const char *key;
  json_t *item;
  json_object_foreach(map, key, item) {
    if (json_is_null(item)) continue;
    if (!json_is_object(item))
      return aml__fail(r->err, AML_ERR_PARSE, "job JSON: %s[\"%s\"] must be an object", path, key);
    void *io = aml__arena_alloc(r->arena, size);
    const char *name = aml__arena_strdup(r->arena, key);
    if (!io || !name) return aml__jr_nomem(r);
    TRY(fill(r, item, io, name));
    list[i++] = io;
  }
  *out = (const void *const *)list;
  *count = i;
  return AML_OK;
}

static aml_result parse_inputs(aml__jr *r, json_t *root, aml_job *j) {
  const void *const *list = NULL;
  TRY(parse_io(r, root, "properties.inputs", "properties.inputData", sizeof(aml_job_input), fill_input, &list,
               &j->inputs_count));
  j->inputs = (const aml_job_input *const *)list;
  return AML_OK;
}

static aml_result parse_outputs(aml__jr *r, json_t *root, aml_job *j) {
  const void *const *list = NULL;
  TRY(parse_io(r, root, "properties.outputs", "properties.outputData", sizeof(aml_job_output), fill_output, &list,
               &j->outputs_count));
  j->outputs = (const aml_job_output *const *)list;
  return AML_OK;
}

/* "error": {"error": {"code", "message"}} (run history) or {"code", "message"}. */
static aml_result parse_error(aml__jr *r, json_t *root, const char *path, aml_job *j) {
  json_t *e, *inner;
  TRY(aml__jr_object(r, root, path, &e));
  if (!e) return AML_OK;
  TRY(aml__jr_object(r, e, "error", &inner));
  if (inner) e = inner;
  TRY(aml__jr_str(r, e, "code", &j->error_code));
  return aml__jr_str(r, e, "message", &j->error_message);
}

static void job_defaults(void *obj) {
  aml_job *j = obj;
  memset(j, 0, sizeof(*j));
  j->version = AML_JOB_VERSION;
}

static aml_result job_parse(aml__jr *r, json_t *root, void *obj) {
  aml_job *j = obj;
  json_t *props;
  TRY(aml__jr_str(r, root, "id", &j->id));
  TRY(aml__jr_str(r, root, "name", &j->name));
  TRY(aml__jr_object(r, root, "properties", &props));
  TRY(aml__jr_str(r, root, "properties.status", &j->status));
  TRY(aml__jr_str(r, root, "properties.jobType", &j->job_type));
  TRY(aml__jr_str(r, root, "properties.displayName", &j->display_name));
  TRY(aml__jr_str(r, root, "properties.experimentName", &j->experiment_name));
  TRY(aml__jr_str(r, root, "properties.description", &j->description));
  TRY(aml__jr_str(r, root, "properties.computeId", &j->compute_id));
  TRY(aml__jr_map(r, root, "properties.tags", &j->tags, &j->tags_count));
  TRY(aml__jr_map(r, root, "properties.properties", &j->properties, &j->properties_count));
  TRY(aml__jr_str(r, root, "systemData.createdAt", &j->created_at));
  TRY(parse_inputs(r, root, j));
  TRY(parse_outputs(r, root, j));
  TRY(aml__jr_str(r, root, "properties.provisioningState", &j->provisioning_state));
  /* The data plane names the job under properties too; the envelope's wins. */
  if (!j->name) TRY(aml__jr_str(r, root, "properties.name", &j->name));
  if (!j->experiment_name) TRY(aml__jr_str(r, root, "properties.properties.experimentName", &j->experiment_name));
  /* Not in JobBase today; read when a service version sends them. */
  TRY(aml__jr_str(r, root, "properties.startTimeUtc", &j->start_time));
  TRY(aml__jr_str(r, root, "properties.endTimeUtc", &j->end_time));
  return parse_error(r, root, "properties.error", j);
}

static const aml__entity_desc JOB_DESC = {AML__KIND_JOB, sizeof(aml_job), "job", offsetof(aml_job, raw_json), 0,
                                          job_defaults, job_parse};

aml_result aml__job_from_json_value(json_t *item, aml_job **out, aml_error **err) {
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "job: NULL argument");
  return aml__entity_from_value(&JOB_DESC, item, NULL, (void **)out, err);
}

aml_result aml__job_apply_history(aml_job *job, json_t *details, aml_error **err) {
  if (!json_is_object(details)) return aml__fail(err, AML_ERR_PARSE, "run details: not a JSON object");
  aml__jr r = {aml__owned_arena(job), err, "run details"};
  /* Read into a copy first: a parse error leaves the job as it was. */
  aml_job tmp = *job;
  TRY(aml__jr_str(&r, details, "startTimeUtc", &tmp.start_time));
  TRY(aml__jr_str(&r, details, "endTimeUtc", &tmp.end_time));
  TRY(parse_error(&r, details, "error", &tmp));
  if (!tmp.status) TRY(aml__jr_str(&r, details, "status", &tmp.status));
  *job = tmp;
  return AML_OK;
}

aml_result aml_job_from_json(const char *json, aml_job **out, aml_error **err) {
  if (out) *out = NULL;
  if (!json || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_job_from_json: NULL argument");
  return aml__entity_from_text(&JOB_DESC, json, (void **)out, err);
}

void aml_job_free(aml_job *job) { aml__owned_free(job, AML__KIND_JOB); }

const aml_job_output *aml_job_find_output(const aml_job *job, const char *name) {
  if (!job || !name || job->version < 2) return NULL;
  for (size_t i = 0; i < job->outputs_count; i++)
    if (job->outputs[i] && job->outputs[i]->name && strcmp(job->outputs[i]->name, name) == 0) return job->outputs[i];
  return NULL;
}

aml_result aml_job_input_init(aml_job_input *input, uint32_t version) {
  if (!input) return AML_ERR_INVALID_ARG;
  if (version != AML_JOB_INPUT_VERSION) return AML_ERR_VERSION;
  memset(input, 0, sizeof(*input));
  input->version = version;
  input->type = AML_INPUT_TYPE_URI_FOLDER;
  return AML_OK;
}

aml_result aml_job_output_init(aml_job_output *output, uint32_t version) {
  if (!output) return AML_ERR_INVALID_ARG;
  if (version != AML_JOB_OUTPUT_VERSION) return AML_ERR_VERSION;
  memset(output, 0, sizeof(*output));
  output->version = version;
  output->type = AML_OUTPUT_TYPE_URI_FOLDER;
  return AML_OK;
}

int32_t aml_job_status_is_terminal(const char *status) {
  static const char *const terminal[] = {AML_JOB_STATUS_COMPLETED, AML_JOB_STATUS_FAILED, AML_JOB_STATUS_CANCELED,
                                         "Cancelled", AML_JOB_STATUS_NOT_RESPONDING, AML_JOB_STATUS_PAUSED};
  for (size_t i = 0; status && i < sizeof(terminal) / sizeof(terminal[0]); i++)
    if (aml__strcasecmp(status, terminal[i]) == 0) return 1;
  return 0;
}
