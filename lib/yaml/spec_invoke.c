/* Invoke inputs files: the inputs (and outputs) of a batch endpoint invoke,
 *   inputs:
 *     heart_dataset: {type: uri_folder, path: ./data}
 *     threshold: {type: number, value: 0.5}
 *   outputs:
 *     score: {type: uri_file, path: azureml://datastores/ws/paths/out/predictions.csv}
 * mapped onto aml_invoke_options' inputs and outputs. */
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/str.h"
#include "ml/arena.h"
#include "yaml/spec_common.h"

static const char *const input_types[] = {"uri_folder", "uri_file", "mltable", "literal", "string",
                                          "integer", "number", "boolean", NULL};
static const char *const output_types[] = {"uri_folder", "uri_file", NULL};

static const aml__yfield input_fields[] = {
    {"type", AML__YT_ENUM, 0, NULL, input_types},
    {"path", AML__YT_STR, 0, NULL, NULL},
    {"value", AML__YT_STR, 0, NULL, NULL},
    {"default", AML__YT_STR, 0, NULL, NULL},
};
static const aml__yschema input_schema = AML__YSCHEMA(input_fields);

static const aml__yfield output_fields[] = {
    {"type", AML__YT_ENUM, 0, NULL, output_types},
    {"path", AML__YT_STR, 0, NULL, NULL},
};
static const aml__yschema output_schema = AML__YSCHEMA(output_fields);

static const aml__yfield invoke_fields[] = {
    {"$schema", AML__YT_STR, 0, NULL, NULL},
    {"inputs", AML__YT_OBJMAP, 0, &input_schema, NULL},
    {"outputs", AML__YT_OBJMAP, 0, &output_schema, NULL},
};
static const aml__yschema invoke_schema = AML__YSCHEMA(invoke_fields);

static const aml__ykind invoke_kind = {"invoke inputs file", &invoke_schema, NULL, NULL};

struct aml_invoke_inputs_spec {
  aml__arena arena; /* every string and array below */
  aml_job_input *inputs;
  size_t inputs_count;
  const aml_job_output **outputs;
  size_t outputs_count;
};

static bool is_literal(const char *type) {
  return strcmp(type, "literal") == 0 || strcmp(type, "string") == 0 || strcmp(type, "integer") == 0 ||
         strcmp(type, "number") == 0 || strcmp(type, "boolean") == 0;
}

static aml_result map_input(aml__yctx *c, aml_invoke_inputs_spec *s, const aml__ynode *key, const aml__ynode *v,
                            aml_job_input *in) {
  char path[192];
  snprintf(path, sizeof path, "inputs.%.160s", key->text);
  aml_job_input_init(in, AML_JOB_INPUT_VERSION);
  if (!key->len) return aml__y_fail(c, key, "inputs", AML_ERR_VALIDATION, "an input needs a name");
  const char *type = aml__y_str(v, "type");
  char lower[32];
  if (type) {
    size_t i = 0;
    for (; type[i] && i + 1 < sizeof lower; i++) lower[i] = (char)(type[i] >= 'A' && type[i] <= 'Z' ? type[i] + 32 : type[i]);
    lower[i] = '\0';
    type = lower;
  } else {
    type = AML_INPUT_TYPE_URI_FOLDER;
  }
  const char *p = aml__y_str(v, "path");
  const char *value = aml__y_str(v, "value");
  if (!value) value = aml__y_str(v, "default");
  if (!(in->name = aml__arena_strdup(&s->arena, key->text))) return aml__fail(c->err, AML_ERR_NOMEM, "out of memory");
  if (is_literal(type)) {
    if (!value) return aml__y_fail(c, v, path, AML_ERR_VALIDATION, "a %s input needs a value", type);
    if (p) return aml__y_fail(c, aml__ymap_get(v, "path"), path, AML_ERR_VALIDATION, "a %s input takes a value, not a path", type);
    in->type = AML_INPUT_TYPE_LITERAL;
    if (!(in->value = aml__arena_strdup(&s->arena, value))) return aml__fail(c->err, AML_ERR_NOMEM, "out of memory");
    return AML_OK;
  }
  if (!p) return aml__y_fail(c, v, path, AML_ERR_VALIDATION, "a %s input needs a path", type);
  const char *resolved = aml__y_resolve(c, p);
  if (!resolved) return AML_ERR_NOMEM;
  if (!(in->type = aml__arena_strdup(&s->arena, type)) || !(in->uri = aml__arena_strdup(&s->arena, resolved)))
    return aml__fail(c->err, AML_ERR_NOMEM, "out of memory");
  return AML_OK;
}

static aml_result map_output(aml__yctx *c, aml_invoke_inputs_spec *s, const aml__ynode *key, const aml__ynode *v,
                             aml_job_output *out) {
  char path[192];
  snprintf(path, sizeof path, "outputs.%.160s", key->text);
  aml_job_output_init(out, AML_JOB_OUTPUT_VERSION);
  const char *type = aml__y_str(v, "type");
  const char *p = aml__y_str(v, "path");
  if (!p) return aml__y_fail(c, v, path, AML_ERR_VALIDATION, "an output needs a path (a datastore folder or file)");
  if (aml__y_is_local(p))
    return aml__y_fail(c, aml__ymap_get(v, "path"), path, AML_ERR_VALIDATION,
                       "an output goes to a datastore (azureml://datastores/<name>/paths/<path>), not to \"%.60s\"", p);
  if (!(out->name = aml__arena_strdup(&s->arena, key->text)) || !(out->uri = aml__arena_strdup(&s->arena, p)) ||
      (type && !(out->type = aml__arena_strdup(&s->arena, type))))
    return aml__fail(c->err, AML_ERR_NOMEM, "out of memory");
  return AML_OK;
}

static aml_result map_invoke(aml__yctx *c, void **outp) {
  const aml__ynode *r = c->doc.root;
  const aml__ynode *ins = aml__y_obj(r, "inputs");
  if (!ins || ins->count == 0) {
    const aml__ynode *at = aml__ymap_get(r, "inputs");
    return aml__y_fail(c, at ? at : r, "inputs", AML_ERR_VALIDATION, "at least one input is required");
  }
  aml_invoke_inputs_spec *s = aml__calloc(1, sizeof *s);
  if (!s) return aml__fail(c->err, AML_ERR_NOMEM, "out of memory");
  aml_result rc = AML_OK;
  s->inputs_count = ins->count / 2;
  if (!(s->inputs = aml__arena_calloc(&s->arena, s->inputs_count, sizeof *s->inputs)))
    rc = aml__fail(c->err, AML_ERR_NOMEM, "out of memory");
  for (size_t i = 0; rc == AML_OK && i < s->inputs_count; i++)
    rc = map_input(c, s, ins->kids[2 * i], ins->kids[2 * i + 1], &s->inputs[i]);
  const aml__ynode *outs = aml__y_obj(r, "outputs");
  if (rc == AML_OK && outs && outs->count) {
    s->outputs_count = outs->count / 2;
    if (!(s->outputs = aml__arena_calloc(&s->arena, s->outputs_count, sizeof *s->outputs)))
      rc = aml__fail(c->err, AML_ERR_NOMEM, "out of memory");
    for (size_t i = 0; rc == AML_OK && i < s->outputs_count; i++) {
      aml_job_output *o = aml__arena_alloc(&s->arena, sizeof *o);
      if (!o) {
        rc = aml__fail(c->err, AML_ERR_NOMEM, "out of memory");
        break;
      }
      rc = map_output(c, s, outs->kids[2 * i], outs->kids[2 * i + 1], o);
      s->outputs[i] = o;
    }
  }
  if (rc < 0) {
    aml_invoke_inputs_spec_free(s);
    return rc;
  }
  *outp = s;
  return AML_OK;
}

aml_result aml_yaml_load_invoke_inputs(const char *path, const aml_yaml_options *opts, aml_invoke_inputs_spec **out,
                                       aml_error **err) {
  if (!path) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_yaml_load_invoke_inputs: NULL path");
  return aml__y_load("aml_yaml_load_invoke_inputs", path, NULL, opts, &invoke_kind, map_invoke, (void **)out, err);
}

aml_result aml_yaml_parse_invoke_inputs(const char *text, const char *file_name, const aml_yaml_options *opts,
                                        aml_invoke_inputs_spec **out, aml_error **err) {
  if (!text) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_yaml_parse_invoke_inputs: NULL text");
  return aml__y_load("aml_yaml_parse_invoke_inputs", file_name, text, opts, &invoke_kind, map_invoke,
                     (void **)out, err);
}

aml_result aml_invoke_inputs_spec_apply(const aml_invoke_inputs_spec *spec, aml_invoke_options *opts,
                                        aml_error **err) {
  if (!spec || !opts) return aml__fail(err, AML_ERR_INVALID_ARG, "aml_invoke_inputs_spec_apply: NULL argument");
  if (opts->version < 1 || opts->version > AML_INVOKE_OPTIONS_VERSION)
    return aml__fail(err, AML_ERR_VERSION, "aml_invoke_inputs_spec_apply: unknown options version %u", opts->version);
  if (spec->outputs_count && opts->version < 2)
    return aml__fail(err, AML_ERR_VERSION,
                     "aml_invoke_inputs_spec_apply: the file has outputs; options of version 1 cannot carry them");
  opts->inputs = spec->inputs;
  opts->inputs_count = spec->inputs_count;
  if (opts->version >= 2 && spec->outputs_count) {
    opts->outputs = spec->outputs;
    opts->outputs_count = spec->outputs_count;
  }
  return AML_OK;
}

size_t aml_invoke_inputs_spec_inputs_count(const aml_invoke_inputs_spec *spec) { return spec ? spec->inputs_count : 0; }

const aml_job_input *aml_invoke_inputs_spec_input(const aml_invoke_inputs_spec *spec, size_t index) {
  return spec && index < spec->inputs_count ? &spec->inputs[index] : NULL;
}

size_t aml_invoke_inputs_spec_outputs_count(const aml_invoke_inputs_spec *spec) {
  return spec ? spec->outputs_count : 0;
}

const aml_job_output *aml_invoke_inputs_spec_output(const aml_invoke_inputs_spec *spec, size_t index) {
  return spec && index < spec->outputs_count ? spec->outputs[index] : NULL;
}

void aml_invoke_inputs_spec_free(aml_invoke_inputs_spec *spec) {
  if (!spec) return;
  aml__arena_clear(&spec->arena);
  aml__free(spec);
}
