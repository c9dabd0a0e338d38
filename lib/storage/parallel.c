#include "storage/parallel.h"

#include <pthread.h>

typedef struct pool {
  aml_mutex lock;
  uint64_t next, count;
  aml_task_fn fn;
  void *ctx;
  aml_error *first_err;
  aml_result first_rc;
} pool;

/* Take tasks until none are left or one has failed. */
static void *work(void *arg) {
  pool *p = arg;
  for (;;) {
    aml__mutex_lock(&p->lock);
    bool stop = p->first_rc < 0 || p->next >= p->count;
    uint64_t index = p->next++;
    aml__mutex_unlock(&p->lock);
    if (stop) return NULL;
    aml_error *e = NULL;
    aml_result rc = p->fn(index, p->ctx, &e);
    if (rc < 0) {
      aml__mutex_lock(&p->lock);
      if (p->first_rc >= 0) {
        p->first_rc = rc;
        p->first_err = e;
        e = NULL;
      }
      aml__mutex_unlock(&p->lock);
    }
    aml_error_free(e);
  }
}

aml_result aml__run_parallel(uint64_t count, uint32_t max_concurrency, aml_task_fn fn, void *ctx, aml_error **err) {
  pool p = {.next = 0, .count = count, .fn = fn, .ctx = ctx, .first_err = NULL, .first_rc = AML_OK};
  if (!aml__mutex_init(&p.lock)) return aml__fail(err, AML_ERR_INTERNAL, "could not create a mutex");
  uint64_t want = max_concurrency ? max_concurrency : 1;
  if (want > count) want = count ? count : 1;
  enum { k_max_threads = 64 };
  if (want > k_max_threads) want = k_max_threads;
  pthread_t threads[k_max_threads];
  size_t started = 0;
  /* A thread that cannot start only lowers the parallelism. */
  for (uint64_t i = 1; i < want; i++)
    if (pthread_create(&threads[started], NULL, work, &p) == 0) started++;
  work(&p);
  for (size_t i = 0; i < started; i++) pthread_join(threads[i], NULL);
  aml__mutex_destroy(&p.lock);
  if (p.first_rc < 0) {
    aml__error_propagate(err, p.first_err);
    return p.first_rc;
  }
  return AML_OK;
}

void aml__progress_init(aml_progress *p, uint64_t total, aml_blob_progress_fn fn, void *user_data) {
  aml__mutex_init(&p->lock);
  p->done = 0;
  p->total = total;
  p->fn = fn;
  p->user_data = user_data;
  atomic_init(&p->aborted, false);
}

void aml__progress_cleanup(aml_progress *p) { aml__mutex_destroy(&p->lock); }

aml_result aml__progress_add(aml_progress *p, uint64_t delta, aml_error **err) {
  if (atomic_load(&p->aborted)) return aml__fail(err, AML_ERR_USER, "the transfer was stopped by its progress callback");
  aml__mutex_lock(&p->lock);
  p->done += delta;
  int stop = p->fn ? p->fn(delta, p->done, p->total, p->user_data) : 0;
  aml__mutex_unlock(&p->lock);
  if (stop) {
    atomic_store(&p->aborted, true);
    return aml__fail(err, AML_ERR_USER, "the transfer was stopped by its progress callback");
  }
  return AML_OK;
}
