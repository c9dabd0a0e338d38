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
#include "ml/ops_common.h"
#include "ml/validate.h"

#include <stdbool.h>
#include <string.h>

aml_result aml_job_input_init(aml_job_input *input, uint32_t version) {
  if (!input) return AML_ERR_INVALID_ARG;
  if (version != AML_JOB_INPUT_VERSION) return AML_ERR_VERSION;
  memset(input, 0, sizeof(*input));
  input->version = version;
  input->type = AML_INPUT_TYPE_URI_FOLDER;
  return AML_OK;
}

aml_result aml_invoke_options_init(aml_invoke_options *opts, uint32_t version) {
  if (!opts) return AML_ERR_INVALID_ARG;
  if (version != AML_INVOKE_OPTIONS_VERSION) return AML_ERR_VERSION;
  memset(opts, 0, sizeof(*opts));
  opts->version = version;
  opts->instance_count = AML_UNSET;
  opts->mini_batch_size = AML_UNSET64;
  opts->error_threshold = AML_UNSET;
  return AML_OK;
}

/* The data plane spells input types in PascalCase (UriFolder), unlike ARM jobs. */
static const char *wire_input_type(const char *type) {
  static const char *const map[][2] = {{"uri_folder", "UriFolder"},       {"uri_file", "UriFile"},
                                       {"mltable", "MLTable"},            {"literal", "Literal"},
                                       {"custom_model", "CustomModel"},   {"mlflow_model", "MLFlowModel"},
                                       {"triton_model", "TritonModel"}};
  for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
    if (aml__strcasecmp(type, map[i][0]) == 0 || aml__strcasecmp(type, map[i][1]) == 0) return map[i][1];
  return type; /* a value this library does not know goes as given */
}

static aml_result validate(const char *endpoint_name, const aml_invoke_options *o, aml_error **err) {
  aml_result rc = aml__validate_endpoint_name("endpoint_name", endpoint_name, err);
  if (rc < 0) return rc;
  if (!o->inputs || o->inputs_count == 0)
    return aml__fail(err, AML_ERR_VALIDATION, "invoke: at least one input is required (inputs)");
  for (size_t i = 0; i < o->inputs_count; i++) {
    const aml_job_input *in = &o->inputs[i];
    if (in->version != AML_JOB_INPUT_VERSION)
      return aml__fail(err, AML_ERR_VERSION, "invoke: inputs[%zu] has an unknown version %u", i, in->version);
    if (aml__str_empty(in->name)) return aml__fail(err, AML_ERR_VALIDATION, "invoke: inputs[%zu].name is required", i);
    bool literal = in->type && aml__strcasecmp(in->type, AML_INPUT_TYPE_LITERAL) == 0;
    if (literal ? !in->value : aml__str_empty(in->uri))
      return aml__fail(err, AML_ERR_VALIDATION, "invoke: inputs[%zu] (%s) needs %s", i, in->name,
                       literal ? "a value" : "a uri");
  }
  if (o->deployment_name && (rc = aml__validate_deployment_name("deployment_name", o->deployment_name, err)) < 0)
    return rc;
  if ((rc = aml__validate_min("instance_count", o->instance_count, AML_UNSET, 1, err)) < 0 ||
      (rc = aml__validate_min("mini_batch_size", o->mini_batch_size, AML_UNSET64, 1, err)) < 0 ||
      (rc = aml__validate_min("error_threshold", o->error_threshold, AML_UNSET, -1, err)) < 0)
    return rc;
  return AML_OK;
}

/* {"properties": BatchJob} with the set fields only. NULL when out of memory. */
static char *job_body(const aml_invoke_options *o) {
  json_t *props = json_object(), *inputs = json_object();
  int bad = !props || !inputs || json_object_set(props, "inputData", inputs);
  for (size_t i = 0; !bad && i < o->inputs_count; i++) {
    const aml_job_input *in = &o->inputs[i];
    const char *type = wire_input_type(in->type ? in->type : AML_INPUT_TYPE_URI_FOLDER);
    json_t *item = strcmp(type, "Literal") == 0 ? json_pack("{s:s, s:s}", "jobInputType", type, "value", in->value)
                                                : json_pack("{s:s, s:s}", "jobInputType", type, "uri", in->uri);
    bad |= !item || json_object_set_new(inputs, in->name, item);
  }
  if (!bad && o->output_uri)
    bad |= json_object_set_new(props, "outputData",
                               json_pack("{s:{s:s, s:s}}", "output", "jobOutputType", "UriFolder", "uri", o->output_uri));
  if (!bad && o->output_file_name) bad |= json_object_set_new(props, "outputFileName", json_string(o->output_file_name));
  if (!bad && o->job_name) bad |= json_object_set_new(props, "name", json_string(o->job_name));
  if (!bad && o->experiment_name)
    bad |= json_object_set_new(props, "properties", json_pack("{s:s}", "experimentName", o->experiment_name));
  if (!bad && o->mini_batch_size != AML_UNSET64)
    bad |= json_object_set_new(props, "miniBatchSize", json_integer(o->mini_batch_size));
  if (!bad && o->error_threshold != AML_UNSET)
    bad |= json_object_set_new(props, "errorThreshold", json_integer(o->error_threshold));
  if (!bad && o->instance_count != AML_UNSET) /* only instanceCount: see ARM-API.md §5.2 */
    bad |= json_object_set_new(props, "compute", json_pack("{s:i}", "instanceCount", o->instance_count));
  json_t *root = bad ? NULL : json_pack("{s:O}", "properties", props);
  json_decref(inputs);
  json_decref(props);
  char *text = root ? aml__json_dump(root) : NULL;
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

aml_result aml_batch_endpoints_invoke(aml_client *client, const char *endpoint_name, const aml_invoke_options *opts,
                                      aml_job **out, aml_error **err) {
  static const char fn[] = "aml_batch_endpoints_invoke";
  if (!client || !opts || !out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: client, opts and out are required", fn);
  *out = NULL;
  if (opts->version != AML_INVOKE_OPTIONS_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "%s: unknown aml_invoke_options version %u", fn, opts->version);
  aml_result rc = validate(endpoint_name, opts, err);
  if (rc < 0) return rc;
  char *body = job_body(opts);
  if (!body) return aml__fail(err, AML_ERR_NOMEM, "out of memory building an invoke");
  char *url = NULL;
  rc = scoring_uri(client, endpoint_name, &url, err);
  if (rc == AML_OK) rc = post_job(client, url, body, opts, out, err);
  aml__free(url);
  aml__free(body);
  return rc;
}
