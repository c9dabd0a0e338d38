/* Internal side of aml_pager: follows nextLink, hands out one item at a time. */
#ifndef AML_ML_PAGER_IMPL_H
#define AML_ML_PAGER_IMPL_H

#include <azureml/pager.h>
#include <stdbool.h>

#include "core/json.h"
#include "ml/client_impl.h"

/* A pager over `first_url`, whose pages hold their items under `items_key`
 * ("value" for ARM lists, "nodes" for listNodes). `kind` tags the item type
 * so typed next functions can refuse a pager of another list. `method` is
 * "GET" except for POST-listings (listNodes). */
aml_result aml__pager_new(aml_client *c, const char *method, const char *first_url, const char *items_key,
                          int32_t kind, aml_pager **out, aml_error **err);

/* The next item as a borrowed jansson value (valid until the next call). */
aml_result aml__pager_next(aml_pager *p, json_t **item, aml_error **err);
int32_t aml__pager_kind(const aml_pager *p);

/* Follow nextLink only to `origin`'s scheme/host/port (a list served off the
 * ARM host, e.g. the workspace's `api` host) instead of the client's ARM host. */
aml_result aml__pager_set_origin(aml_pager *p, const char *origin);

/* Hand out only the items `keep` says yes to (a filter the service lacks).
 * The pager takes `ctx` (freed with aml__free; NULL allowed). */
typedef bool (*aml__pager_keep_fn)(json_t *item, void *ctx);
void aml__pager_set_filter(aml_pager *p, aml__pager_keep_fn keep, void *ctx);

#endif
