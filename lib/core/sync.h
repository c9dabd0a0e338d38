/* Mutexes and reference counts: the library starts no threads, but its
 * shared handles (client, credential, transport) are used from many. */
#ifndef AML_CORE_SYNC_H
#define AML_CORE_SYNC_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

typedef pthread_mutex_t aml_mutex;

bool aml__mutex_init(aml_mutex *m);
void aml__mutex_lock(aml_mutex *m);
void aml__mutex_unlock(aml_mutex *m);
void aml__mutex_destroy(aml_mutex *m);

typedef atomic_int aml_refcount;

void aml__ref_init(aml_refcount *r);  /* starts at 1 */
void aml__ref_inc(aml_refcount *r);
/* true when this was the last reference */
bool aml__ref_dec(aml_refcount *r);

#endif
