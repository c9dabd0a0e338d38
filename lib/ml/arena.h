/* Library-owned public structs (entities returned by from_json, clone, get,
 * list) and the arena that holds everything they point to.
 *
 * An owned struct is allocated with a hidden header placed before it: a magic
 * number, the entity kind, and an arena (a list of allocations). Every string,
 * map and part the library puts into the struct comes from that arena, so
 * freeing the struct frees exactly what the library allocated — never a
 * pointer the caller later assigned into a field.
 *
 * Owned structs are also recorded in a process-wide registry (intrusive, no
 * allocation of its own). aml__owned_free() first looks the pointer up there,
 * comparing addresses only, so a pointer the library did not return (a stack
 * struct, a caller's malloc, an already-freed struct) is never dereferenced:
 * the call is a no-op. The magic is checked as a second line of defence. */
#ifndef AML_ML_ARENA_H
#define AML_ML_ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Kinds of owned structs (the hidden header records one). */
#define AML__KIND_BATCH_ENDPOINT 1u
#define AML__KIND_BATCH_DEPLOYMENT 2u
#define AML__KIND_COMPUTE 3u
#define AML__KIND_MODEL_VERSION 4u
#define AML__KIND_CODE_VERSION 5u
#define AML__KIND_ENVIRONMENT_VERSION 6u
#define AML__KIND_JOB 7u
/* Data (datastores, data URIs, data assets): numbered from 20 so other
 * kinds can be appended above without colliding. */
#define AML__KIND_DATASTORE 20u
#define AML__KIND_DATASTORE_SECRETS 21u
#define AML__KIND_DATA_URI 22u
#define AML__KIND_DATA_ASSET 23u

typedef struct aml__chunk aml__chunk;

typedef struct aml__arena {
  aml__chunk *head; /* most recent first */
} aml__arena;

/* Zeroed arena allocation; NULL when out of memory. Freed with the arena. */
void *aml__arena_alloc(aml__arena *a, size_t size);
/* Array allocation with overflow check; count 0 still returns a non-NULL
 * pointer (an empty map that is "set" differs from an absent one). */
void *aml__arena_calloc(aml__arena *a, size_t count, size_t size);
/* Copy of s (NULL in -> NULL out, not an error: check s before calling). */
char *aml__arena_strdup(aml__arena *a, const char *s);
char *aml__arena_strndup(aml__arena *a, const char *s, size_t n);
/* As aml__arena_strdup, but the bytes are wiped before they are freed. */
char *aml__arena_strdup_secret(aml__arena *a, const char *s);
/* Free every allocation (wiping the secret ones). The arena is reusable. */
void aml__arena_clear(aml__arena *a);

/* A new zeroed struct of `size` bytes with a hidden header, registered as
 * library-owned; NULL when out of memory. */
void *aml__owned_new(uint32_t kind, size_t size);
/* The arena of an owned struct (obj must come from aml__owned_new). */
aml__arena *aml__owned_arena(void *obj);
/* True when obj is a live owned struct of that kind. Safe for any pointer. */
bool aml__owned_is(const void *obj, uint32_t kind);
/* Free an owned struct and its arena. NULL, or a pointer that is not a live
 * owned struct of that kind, is ignored. */
void aml__owned_free(void *obj, uint32_t kind);

#endif
