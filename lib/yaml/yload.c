/* The driver every loader goes through, and the options. */
#include <string.h>

#include "yaml/spec_common.h"

aml_result aml_yaml_options_init(aml_yaml_options *opts, uint32_t version) {
  if (!opts) return aml__fail(NULL, AML_ERR_INVALID_ARG, "aml_yaml_options_init: NULL options");
  if (version < 1 || version > AML_YAML_OPTIONS_VERSION) return AML_ERR_VERSION;
  memset(opts, 0, sizeof *opts);
  opts->version = version;
  return AML_OK;
}

aml_result aml__y_load(const char *fn, const char *name, const char *text, const aml_yaml_options *opts,
                       const aml__ykind *kind, aml__y_map_fn map, void **out, aml_error **err) {
  if (out) *out = NULL;
  if (!out) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: NULL out", fn);
  if (!name && !text) return aml__fail(err, AML_ERR_INVALID_ARG, "%s: NULL %s", fn, "path or text");
  aml__yctx c;
  aml_result rc = aml__y_open(&c, name, text, opts, kind, err);
  if (rc == AML_OK) rc = map(&c, out);
  aml__y_close(&c);
  return rc;
}
