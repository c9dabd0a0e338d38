/* ml_client.batch_endpoints.invoke: POST a BatchJobResource to the endpoint's
 * scoring URI (ARM-API.md §5) with a data-plane token and a repeatability id
 * that makes the POST safe to retry. */
#include <azureml/batch_endpoints.h>
#include <azureml/invoke.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "core/str.h"
#include "core/uuid.h"
#include "ml/entity_job.h"
#include "ml/invoke_inputs.h"
#include "ml/ops_common.h"
#include "ml/validate.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* Bytes of each version of aml_invoke_options: what a caller built against
 * that header allocated, and all this library may read or write. */
static size_t options_size(uint32_t version) {
  switch (version) {
    case 1:
      return offsetof(aml_invoke_options, outputs);
    case 2:
      return sizeof(aml_invoke_options);
    default:
      return 0;
  }
}

static void options_defaults(aml_invoke_options *o) {
  memset(o, 0, sizeof(*o));
  o->version = AML_INVOKE_OPTIONS_VERSION;
  o->instance_count = AML_UNSET;
  o->mini_batch_size = AML_UNSET64;
  o->error_threshold = AML_UNSET;
  o->max_concurrency_per_instance = AML_UNSET;
}

aml_result aml_invoke_options_init(aml_invoke_options *opts, uint32_t version) {
  if (!opts) return AML_ERR_INVALID_ARG;
  size_t size = options_size(version);
  if (!size) return AML_ERR_VERSION;
  aml_invoke_options d;
  options_defaults(&d);
  d.version = version;
  memcpy(opts, &d, size);
  return AML_OK;
}

/* The caller's options, whatever their version, as the current struct:
 * fields the caller's version lacks get their defaults. */
static aml_result read_options(const aml_invoke_options *in, aml_invoke_options *o, aml_error **err) {
  size_t size = options_size(in->version);
  if (!size)
    return aml__fail(err, AML_ERR_VERSION, "aml_batch_endpoints_invoke: unknown aml_invoke_options version %u",
                     in->version);
  options_defaults(o);
  memcpy(o, in, size);
  return AML_OK;
}

static bool is_literal(const aml_job_input *in) { return in->type && aml__strcasecmp(in->type, AML_INPUT_TYPE_LITERAL) == 0; }

static aml_result validate_inputs(const aml_invoke_options *o, aml_error **err) {
  if (!o->inputs || o->inputs_count == 0)
    return aml__fail(err, AML_ERR_VALIDATION, "invoke: at least one input is required (inputs)");
  for (size_t i = 0; i < o->inputs_count; i++) {
    const aml_job_input *in = &o->inputs[i];
    if (in->version != AML_JOB_INPUT_VERSION)
      return aml__fail(err, AML_ERR_VERSION, "invoke: inputs[%zu] has an unknown version %u", i, in->version);
    if (aml__str_empty(in->name)) return aml__fail(err, AML_ERR_VALIDATION, "invoke: inputs[%zu].name is required", i);
    bool literal = is_literal(in);
    if (literal ? !in->value : aml__str_empty(in->uri))
      return aml__fail(err, AML_ERR_VALIDATION, "invoke: inputs[%zu] (%s) needs %s", i, in->name,
                       literal ? "a value" : "a uri");
  }
  return AML_OK;
}

static bool output_named(const aml_invoke_options *o, size_t before, const char *name) {
  for (size_t k = 0; k < before; k++)
    if (strcmp(o->outputs[k]->name, name) == 0) return true;
  return false;
}

static aml_result validate_outputs(const aml_invoke_options *o, aml_error **err) {
  if (o->outputs_count && !o->outputs)
    return aml__fail(err, AML_ERR_VALIDATION, "invoke: outputs is NULL but outputs_count is %zu", o->outputs_count);
  for (size_t i = 0; i < o->outputs_count; i++) {
    const aml_job_output *out = o->outputs[i];
    if (!out) return aml__fail(err, AML_ERR_VALIDATION, "invoke: outputs[%zu] is NULL", i);
    if (out->version != AML_JOB_OUTPUT_VERSION)
      return aml__fail(err, AML_ERR_VERSION, "invoke: outputs[%zu] has an unknown version %u", i, out->version);
    if (aml__str_empty(out->name)) return aml__fail(err, AML_ERR_VALIDATION, "invoke: outputs[%zu].name is required", i);
    if (aml__str_empty(out->uri))
      return aml__fail(err, AML_ERR_VALIDATION, "invoke: outputs[%zu] (%s) needs a uri", i, out->name);
    const char *t = aml__job_io_type_arm(out->type ? out->type : AML_OUTPUT_TYPE_URI_FOLDER);
    if (strcmp(t, AML_OUTPUT_TYPE_URI_FOLDER) != 0 && strcmp(t, AML_OUTPUT_TYPE_URI_FILE) != 0)
      return aml__fail(err, AML_ERR_VALIDATION, "invoke: outputs[%zu] (%s) has type %s; batch jobs take %s or %s", i,
                       out->name, out->type, AML_OUTPUT_TYPE_URI_FOLDER, AML_OUTPUT_TYPE_URI_FILE);
    if (output_named(o, i, out->name) || (o->output_uri && strcmp(out->name, "output") == 0))
      return aml__fail(err, AML_ERR_VALIDATION, "invoke: output %s is given twice", out->name);
  }
  return AML_OK;
}

static aml_result validate(const char *endpoint_name, const aml_invoke_options *o, aml_error **err) {
  aml_result rc = aml__validate_endpoint_name("endpoint_name", endpoint_name, err);
  if (rc == AML_OK) rc = validate_inputs(o, err);
  if (rc == AML_OK) rc = validate_outputs(o, err);
  if (rc < 0) return rc;
  if (o->deployment_name && (rc = aml__validate_deployment_name("deployment_name", o->deployment_name, err)) < 0)
    return rc;
  const aml_batch_retry_settings *rs = o->retry_settings;
  /* Every version: invoke reads only max_retries and timeout_s, which version 1 has. */
  if (rs && (rs->version < 1 || rs->version > AML_BATCH_RETRY_SETTINGS_VERSION))
    return aml__fail(err, AML_ERR_VERSION, "invoke: unknown aml_batch_retry_settings version %u", rs->version);
  if ((rc = aml__validate_min("instance_count", o->instance_count, AML_UNSET, 1, err)) < 0 ||
      (rc = aml__validate_min("mini_batch_size", o->mini_batch_size, AML_UNSET64, 1, err)) < 0 ||
      (rc = aml__validate_min("error_threshold", o->error_threshold, AML_UNSET, -1, err)) < 0 ||
      (rc = aml__validate_min("max_concurrency_per_instance", o->max_concurrency_per_instance, AML_UNSET, 1, err)) <
          0 ||
      (rs && (rc = aml__validate_min("retry_settings.max_retries", rs->max_retries, AML_UNSET, 0, err)) < 0) ||
      (rs && (rc = aml__validate_min("retry_settings.timeout_s", rs->timeout_s, AML_UNSET64, 1, err)) < 0))
    return rc;
  return AML_OK;
}

/* Outputs: the legacy single output_uri, then the named ones. */
static int put_outputs(json_t *props, const aml_invoke_options *o) {
  if (!o->output_uri && !o->outputs_count) return 0;
  json_t *outs = aml__jw_object(props, "outputData");
  if (!outs) return -1;
  if (o->output_uri &&
      aml__jw_set(outs, "output", json_pack("{s:s, s:s}", "jobOutputType", "UriFolder", "uri", o->output_uri)) < 0)
    return -1;
  for (size_t i = 0; i < o->outputs_count; i++) {
    const aml_job_output *out = o->outputs[i];
    const char *type = aml__job_io_type_wire(out->type ? out->type : AML_OUTPUT_TYPE_URI_FOLDER);
    if (aml__jw_set(outs, out->name, json_pack("{s:s, s:s}", "jobOutputType", type, "uri", out->uri)) < 0) return -1;
  }
  return 0;
}

/* The per-job overrides (ARM-API.md §5.2); unset ones are not sent. */
static int put_overrides(json_t *props, const aml_invoke_options *o) {
  const aml_batch_retry_settings *rs = o->retry_settings;
  if (aml__jw_str(props, "outputFileName", o->output_file_name) < 0 || aml__jw_str(props, "name", o->job_name) < 0 ||
      aml__jw_int(props, "miniBatchSize", o->mini_batch_size, AML_UNSET64) < 0 ||
      aml__jw_int(props, "errorThreshold", o->error_threshold, AML_UNSET) < 0 ||
      aml__jw_int(props, "maxConcurrencyPerInstance", o->max_concurrency_per_instance, AML_UNSET) < 0 ||
      aml__jw_str(props, "loggingLevel", aml__enum_to_wire(&aml__enum_logging_level, o->logging_level)) < 0 ||
      aml__jw_str(props, "description", o->description) < 0 || aml__jw_map(props, "tags", o->tags, o->tags_count) < 0)
    return -1;
  if (o->experiment_name && aml__jw_str(aml__jw_object(props, "properties"), "experimentName", o->experiment_name) < 0)
    return -1;
  /* only instanceCount: see ARM-API.md §5.2 */
  if (o->instance_count != AML_UNSET && aml__jw_int(aml__jw_object(props, "compute"), "instanceCount",
                                                    o->instance_count, AML_UNSET) < 0)
    return -1;
  if (rs && (rs->max_retries != AML_UNSET || rs->timeout_s != AML_UNSET64)) {
    json_t *r = aml__jw_object(props, "retrySettings");
    if (!r || aml__jw_int(r, "maxRetries", rs->max_retries, AML_UNSET) < 0 ||
        aml__jw_duration(r, "timeout", rs->timeout_s) < 0)
      return -1;
  }
  return 0;
}

/* {"properties": BatchJob} with the set fields only; `uris` are the inputs'
 * resolved URIs (NULL entries for literals). NULL when out of memory. */
static char *job_body(const aml_invoke_options *o, char *const *uris) {
  json_t *root = json_object();
  json_t *props = root ? aml__jw_object(root, "properties") : NULL;
  json_t *inputs = props ? aml__jw_object(props, "inputData") : NULL;
  int bad = !inputs;
  for (size_t i = 0; !bad && i < o->inputs_count; i++) {
    const aml_job_input *in = &o->inputs[i];
    const char *type = aml__job_io_type_wire(in->type ? in->type : AML_INPUT_TYPE_URI_FOLDER);
    json_t *item = is_literal(in) ? json_pack("{s:s, s:s}", "jobInputType", type, "value", in->value)
                                  : json_pack("{s:s, s:s}", "jobInputType", type, "uri", uris[i]);
    bad |= aml__jw_set(inputs, in->name, item) < 0;
  }
  if (!bad) bad = put_outputs(props, o) < 0 || put_overrides(props, o) < 0;
  char *text = bad ? NULL : aml__json_dump(root);
  json_decref(root);
  return text;
}

/* The endpoint's scoring URI, which the service chooses (never built here). */
static aml_result scoring_uri(aml_client *client, const char *endpoint_name, char **out, aml_error **err) {
  aml_batch_endpoint *ep = NULL;
  aml_result rc = aml_batch_endpoints_get(client, endpoint_name, &ep, err);
  if (rc < 0) return rc;
  if (aml__str_empty(ep->scoring_uri))
    rc = aml__fail(err, AML_ERR_PARSE, "invoke: batch endpoint %s has no scoring URI (still provisioning?)",
                   endpoint_name);
  else if (!(*out = aml__strdup(ep->scoring_uri)))
    rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
  aml_batch_endpoint_free(ep);
  return rc;
}

static aml_result post_job(aml_client *client, const char *url, const char *body, const aml_invoke_options *o,
                           aml_job **out, aml_error **err) {
  char generated[AML_UUID_STR_LEN + 1];
  if (!o->repeatability_id) aml__uuid4(generated);
  aml_http_request *req = NULL;
  aml_http_response *resp = NULL;
  aml_result rc = aml__http_request_new("POST", url, &req);
  if (rc == AML_OK) rc = aml__http_request_set_header(req, "Content-Type", "application/json");
  if (rc == AML_OK) rc = aml__http_request_set_header(req, "Accept", "application/json");
  /* The spelling azure-ai-ml sends and the batch service honours. */
  if (rc == AML_OK)
    rc = aml__http_request_set_header(req, "repeatability_request-id",
                                      o->repeatability_id ? o->repeatability_id : generated);
  if (rc == AML_OK && o->deployment_name)
    rc = aml__http_request_set_header(req, "azureml-model-deployment", o->deployment_name);
  if (rc == AML_OK) rc = aml__http_request_set_body(req, body, strlen(body));
  if (rc == AML_OK) rc = aml__http_response_new(&resp);
  if (rc != AML_OK) {
    aml__http_request_free(req);
    return aml__fail(err, AML_ERR_NOMEM, "out of memory building an invoke");
  }
  req->scope = AML_SCOPE_ML;
  req->retry_post = true; /* the repeatability id makes a repeated POST the same job */
  rc = aml__pipeline_send_checked(&client->pipeline, req, resp, err);
  aml__http_request_free(req);
  if (rc == AML_OK) {
    json_t *root = NULL;
    rc = aml__json_parse(resp->body.ptr, resp->body.len, &root, err);
    if (rc == AML_OK) rc = aml__job_from_json_value(root, out, err);
    json_decref(root);
  }
  aml_http_response_free(resp);
  return rc;
}

static void free_uris(char **uris, size_t n) {
  for (size_t i = 0; uris && i < n; i++) aml__free(uris[i]);
  aml__free(uris);
}

aml_result aml_batch_endpoints_invoke(aml_client *client, const char *endpoint_name, const aml_invoke_options *opts,
                                      aml_job **out, aml_error **err) {
  static const char fn[] = "aml_batch_endpoints_invoke";
  if (!client || !opts || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client, opts and out are required", fn);
  *out = NULL;
  aml_invoke_options o;
  aml_result rc = read_options(opts, &o, err);
  if (rc == AML_OK) rc = validate(endpoint_name, &o, err);
  if (rc < 0) return rc;
  /* The endpoint first: a missing one fails before any upload. */
  char *url = NULL, *body = NULL;
  char **uris = aml__calloc(o.inputs_count, sizeof(*uris));
  if (!uris) return aml__fail(err, AML_ERR_NOMEM, "out of memory building an invoke");
  rc = scoring_uri(client, endpoint_name, &url, err);
  if (rc == AML_OK) rc = aml__invoke_resolve_inputs(client, &o, uris, err);
  if (rc == AML_OK && !(body = job_body(&o, uris))) rc = aml__fail(err, AML_ERR_NOMEM, "out of memory building an invoke");
  if (rc == AML_OK) rc = post_job(client, url, body, &o, out, err);
  free_uris(uris, o.inputs_count);
  aml__free(url);
  aml__free(body);
  return rc;
}
