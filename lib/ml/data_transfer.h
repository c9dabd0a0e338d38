/* Running a set of file transfers (uploads or downloads) on a container:
 * option defaults, bounded parallelism across files, one progress stream. */
#ifndef AML_ML_DATA_TRANSFER_H
#define AML_ML_DATA_TRANSFER_H

#include <azureml/data_transfer.h>
#include <stdbool.h>

#include "storage/blob_transfer.h"

typedef struct aml__xfer_item {
  char *local;   /* local file path */
  char *blob;    /* blob name */
  uint64_t size; /* bytes (for progress totals) */
} aml__xfer_item;

typedef struct aml__xfer_plan {
  aml__xfer_item *items;
  size_t count, cap;
  uint64_t total; /* bytes of all items */
} aml__xfer_plan;

/* Add one transfer (copies the strings). AML_ERR_NOMEM. */
aml_result aml__xfer_plan_add(aml__xfer_plan *p, const char *local, const char *blob, uint64_t size);
void aml__xfer_plan_free(aml__xfer_plan *p);

/* Public options (NULL = defaults) -> the engine's; AML_ERR_VERSION /
 * AML_ERR_INVALID_ARG (naming the option) for bad values. */
aml_result aml__xfer_options(const aml_transfer_options *in, const char *fn, aml_transfer_options *resolved,
                             aml_blob_transfer_options *out, aml_error **err);

/* Run every item: with one item, the engine gets all of max_concurrency;
 * with several, up to max_concurrency files move at once, each on one
 * thread (threads are joined before this returns). The first failure stops
 * the others (items not started are not started) and is returned. */
aml_result aml__xfer_run(const aml_blob_container *c, const aml__xfer_plan *plan, bool upload,
                         const aml_transfer_options *opts, const aml_blob_transfer_options *engine,
                         aml_error **err);

#endif
