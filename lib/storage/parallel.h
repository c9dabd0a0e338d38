/* Bounded parallelism for one transfer call: run tasks 0..count-1 on the
 * caller's thread plus up to max_concurrency - 1 workers, all joined before
 * returning. The first failure stops the hand-out of further tasks and is
 * the one reported. Also the serialised progress counter the tasks share. */
#ifndef AML_STORAGE_PARALLEL_H
#define AML_STORAGE_PARALLEL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "core/sync.h"
#include "storage/blob_transfer.h"

typedef aml_result (*aml_task_fn)(uint64_t index, void *ctx, aml_error **err);

aml_result aml__run_parallel(uint64_t count, uint32_t max_concurrency, aml_task_fn fn, void *ctx, aml_error **err);

typedef struct aml_progress {
  aml_mutex lock;
  uint64_t done, total;
  aml_blob_progress_fn fn;
  void *user_data;
  atomic_bool aborted;
} aml_progress;

void aml__progress_init(aml_progress *p, uint64_t total, aml_blob_progress_fn fn, void *user_data);
void aml__progress_cleanup(aml_progress *p);
/* Count `delta` bytes done; AML_ERR_USER (with a message) once the callback asked to stop. */
aml_result aml__progress_add(aml_progress *p, uint64_t delta, aml_error **err);

#endif
