/**
 * @file azureml/pager.h
 * @brief ::aml_pager — the items of a paged ARM list, fetched a page at a time.
 *
 * List operations (aml_batch_endpoints_list(), ...) return a pager. Each
 * aml_pager_next_*() call returns one item, requesting the next page (the
 * service's `nextLink`, followed exactly as given) only when the current one
 * is used up; #AML_ITER_END marks the end. To stop early, free the pager.
 * @code
 * aml_pager *it = NULL;
 * aml_batch_endpoint *ep = NULL;
 * aml_result rc = aml_batch_endpoints_list(client, &it, &err);
 * while (rc == AML_OK && (rc = aml_pager_next_batch_endpoint(it, &ep, &err)) == AML_OK) {
 *   printf("%s\n", ep->name);
 *   aml_batch_endpoint_free(ep);
 * }
 * aml_pager_free(it);   // rc is AML_ITER_END, or an error
 * @endcode
 * @threadsafety A pager is used by one thread at a time.
 */
#ifndef AZUREML_PAGER_H
#define AZUREML_PAGER_H

#include "errors.h"

AML_BEGIN_DECL

/** A paged list. Free with aml_pager_free(). */
typedef struct aml_pager aml_pager;

/**
 * @brief The next item as the service sent it (JSON), whatever the list's type.
 * @param[out] json_out [transfer full] free with aml_free(); NULL at the end.
 * @param[out] err [nullable][transfer full]
 * @param pager a pager from the matching list function.
 * @retval AML_OK an item was returned.
 * @retval AML_ITER_END no more items (not an error).
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_PARSE a page is not a list (`{"value": [...]}`).
 * @retval other negative codes when a page could not be fetched; calling again retries that page.
 */
AML_API aml_result aml_pager_next_json(aml_pager *pager, char **json_out, aml_error **err);

/**
 * @brief Pages fetched so far.
 * @param pager a pager from the matching list function.
 */
AML_API int32_t aml_pager_pages_fetched(const aml_pager *pager);

/**
 * @brief Free a pager (stops the listing). NULL-safe.
 * @param pager a pager from the matching list function.
 */
AML_API void aml_pager_free(aml_pager *pager);

AML_END_DECL

#endif /* AZUREML_PAGER_H */
