/* Resolving an invoke's inputs before they are sent (azure-ai-ml's
 * _resolve_job_input, DATA-API.md §2.4 and §4). */
#include "ml/invoke_inputs.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/str.h"

#include <string.h>

aml_result aml__invoke_resolve_inputs(aml_client *c, const aml_invoke_options *o, char **uris, aml_error **err) {
  (void)c;
  for (size_t i = 0; i < o->inputs_count; i++) {
    const aml_job_input *in = &o->inputs[i];
    if (in->type && aml__strcasecmp(in->type, AML_INPUT_TYPE_LITERAL) == 0) continue;
    if (!(uris[i] = aml__strdup(in->uri))) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  }
  return AML_OK;
}
