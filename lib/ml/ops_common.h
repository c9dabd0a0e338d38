/* What every resource's operations share: URLs under the workspace, GET and
 * parse, begin a long-running operation, start a paged list. */
#ifndef AML_ML_OPS_COMMON_H
#define AML_ML_OPS_COMMON_H

#include "core/json.h"
#include "ml/client_impl.h"
#include "ml/lro_glue.h"
#include "ml/pager_impl.h"

/* Parse one resource (a GET body or a list item) into a library-owned struct. */
typedef aml_result (*aml_value_parse_fn)(json_t *item, void **out, aml_error **err);

/* The workspace URL + segments + api-version; NULL and AML_ERR_NOMEM on failure. */
aml_result aml__ops_url(aml_client *c, const char *const *segments, size_t n, char **out, aml_error **err);

/* AML_ERR_INVALID_ARG "<fn>: <what> is required" when s is NULL or empty. */
aml_result aml__ops_require(const char *s, const char *fn, const char *what, aml_error **err);

/* GET the resource at segments and parse it. */
aml_result aml__ops_get(aml_client *c, const char *const *segments, size_t n, aml_value_parse_fn parse, void **out,
                        aml_error **err);

/* Send method (+ JSON body) to segments and return the operation's poller. */
aml_result aml__ops_begin(aml_client *c, const char *method, const char *const *segments, size_t n,
                          const char *body, const char *operation, int32_t kind, aml_final_state final_state,
                          aml_poller **out, aml_error **err);

/* A pager over the list at segments. */
aml_result aml__ops_list(aml_client *c, const char *const *segments, size_t n, int32_t kind, aml_pager **out,
                         aml_error **err);

/* A pager over the versions of asset `name` in `collection` ("models", "data",
 * ...), newest first ($orderBy=createdtime desc; the first item is what
 * azure-ai-ml calls `latest`); top > 0 asks for one item only. */
aml_result aml__ops_list_versions(aml_client *c, const char *collection, const char *name, int top, int32_t kind,
                                  aml_pager **out, aml_error **err);

/* Parse a JSON text with a value parser (typed poller results). */
aml_result aml__ops_parse_text(const char *json, aml_value_parse_fn parse, void **out, aml_error **err);

/* The next item of a pager of `kind`, parsed. */
aml_result aml__ops_next(aml_pager *p, int32_t kind, aml_value_parse_fn parse, void **out, aml_error **err);

#endif
