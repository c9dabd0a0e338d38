/* Resolving an invoke's inputs before they are sent, as azure-ai-ml's
 * _resolve_job_input does (DATA-API.md §2.4 and §4): a local path is
 * uploaded (content-addressed) and replaced by its azureml:// URI; a data
 * asset reference becomes the asset version's ARM id; URLs, datastore paths
 * and ARM ids go unchanged. */
#include "ml/invoke_inputs.h"

#include <azureml/data_assets.h>
#include <azureml/data_transfer.h>

#include "core/alloc.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/str.h"
#include "ml/data_access.h"

#include <string.h>

/* "azureml:<name>:<version>", "azureml:<name>@<label>" (not "azureml://..."
 * and not an ARM id "azureml:/subscriptions/..."). */
static bool is_asset_reference(const char *uri) {
  return strncmp(uri, "azureml:", 8) == 0 && uri[8] != '/' && uri[8] != '\0';
}

/* Name the input in the message of a failure from deeper down. */
static aml_result name_input(aml_error **err, aml_result rc, const char *input) {
  if (err && *err) {
    aml_buf b = AML_BUF_INIT;
    if (aml__buf_printf(&b, "invoke: input %s: %s", input, aml_error_message(*err)) == AML_OK)
      aml__error_set_message(*err, b.ptr);
    aml__buf_free(&b);
  }
  return rc;
}

aml_result aml__invoke_resolve_inputs(aml_client *c, const aml_invoke_options *o, char **uris, aml_error **err) {
  for (size_t i = 0; i < o->inputs_count; i++) {
    const aml_job_input *in = &o->inputs[i];
    aml_result rc = AML_OK;
    if (in->type && aml__strcasecmp(in->type, AML_INPUT_TYPE_LITERAL) == 0) continue;
    if (aml__data_is_local_path(in->uri))
      rc = aml_data_upload_local(c, in->uri, o->upload_datastore, NULL, &uris[i], err);
    else if (is_asset_reference(in->uri))
      rc = aml_data_assets_resolve(c, in->uri, &uris[i], err);
    else if (!(uris[i] = aml__strdup(in->uri)))
      rc = aml__fail(err, AML_ERR_NOMEM, "out of memory");
    if (rc < 0) return name_input(err, rc, in->name);
  }
  return AML_OK;
}
