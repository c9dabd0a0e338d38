#include "core/sync.h"

bool aml__mutex_init(aml_mutex *m) { return pthread_mutex_init(m, NULL) == 0; }
void aml__mutex_lock(aml_mutex *m) { pthread_mutex_lock(m); }
void aml__mutex_unlock(aml_mutex *m) { pthread_mutex_unlock(m); }
void aml__mutex_destroy(aml_mutex *m) { pthread_mutex_destroy(m); }

void aml__ref_init(aml_refcount *r) { atomic_init(r, 1); }
void aml__ref_inc(aml_refcount *r) { atomic_fetch_add_explicit(r, 1, memory_order_relaxed); }
bool aml__ref_dec(aml_refcount *r) {
  return atomic_fetch_sub_explicit(r, 1, memory_order_acq_rel) == 1;
}
