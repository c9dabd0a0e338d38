/* Internal allocation wrappers: every allocation the library makes goes
 * through the allocator set with aml_global_set_allocator(). */
#ifndef AML_CORE_ALLOC_H
#define AML_CORE_ALLOC_H

#include <stddef.h>

void *aml__malloc(size_t size);
void *aml__calloc(size_t count, size_t size);
void *aml__realloc(void *ptr, size_t size);
void aml__free(void *ptr);
/* NULL in -> NULL out (not an error); NULL out for non-NULL in = no memory. */
char *aml__strdup(const char *s);
char *aml__strndup(const char *s, size_t n);
/* How many allocations forwarded from jansson have failed so far (only
 * counted while jansson is forwarded to the library's allocator). */
unsigned long aml__alloc_jansson_failures(void);

#endif
