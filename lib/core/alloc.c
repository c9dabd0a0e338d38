/* The process-wide allocator and the helpers that route through it. */
#include "core/alloc.h"

#include <azureml/errors.h>
#include <jansson.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static void *default_malloc(size_t size, void *ud) { (void)ud; return malloc(size); }
static void *default_realloc(void *p, size_t size, void *ud) { (void)ud; return realloc(p, size); }
static void default_free(void *p, void *ud) { (void)ud; free(p); }

static aml_allocator g_alloc = {AML_ALLOCATOR_VERSION, default_malloc, default_realloc,
                                default_free, NULL};
/* Whether jansson's hooks are ours: only then may we put them back. An
 * application's own jansson hooks are never touched otherwise. */
static int g_jansson_forwarded;

static void jansson_restore(void) {
  if (g_jansson_forwarded) json_set_alloc_funcs(malloc, free);
  g_jansson_forwarded = 0;
}

/* Allocations jansson was refused. jansson's lexer drops a character when
 * growing its string buffer fails, and still reports success; counting the
 * refusals lets aml__json_parse notice a damaged parse (core/json.c). */
static atomic_ulong g_jansson_failures;

unsigned long aml__alloc_jansson_failures(void) { return atomic_load(&g_jansson_failures); }

/* jansson's hooks take no user data, so forwarding goes through these. */
static void *jansson_malloc(size_t size) {
  void *p = g_alloc.malloc_fn(size ? size : 1, g_alloc.user_data);
  if (!p) atomic_fetch_add(&g_jansson_failures, 1);
  return p;
}
static void jansson_free(void *p) { if (p) g_alloc.free_fn(p, g_alloc.user_data); }

int32_t aml_allocator_init(aml_allocator *allocator, uint32_t version) {
  if (!allocator) return AML_ERR_INVALID_ARG;
  if (version != AML_ALLOCATOR_VERSION) return AML_ERR_VERSION;
  allocator->version = version;
  allocator->malloc_fn = default_malloc;
  allocator->realloc_fn = default_realloc;
  allocator->free_fn = default_free;
  allocator->user_data = NULL;
  return AML_OK;
}

int32_t aml_global_set_allocator(const aml_allocator *allocator, uint32_t flags) {
  if (flags & ~AML_ALLOC_FORWARD_JANSSON) return AML_ERR_INVALID_ARG;
  if (!allocator) {
    aml_allocator_init(&g_alloc, AML_ALLOCATOR_VERSION);
    jansson_restore();
    return AML_OK;
  }
  if (allocator->version != AML_ALLOCATOR_VERSION) return AML_ERR_VERSION;
  if (!allocator->malloc_fn || !allocator->realloc_fn || !allocator->free_fn)
    return AML_ERR_INVALID_ARG;
  g_alloc = *allocator;
  if (flags & AML_ALLOC_FORWARD_JANSSON) {
    json_set_alloc_funcs(jansson_malloc, jansson_free);
    g_jansson_forwarded = 1;
  } else {
    jansson_restore();
  }
  return AML_OK;
}

void *aml__malloc(size_t size) { return g_alloc.malloc_fn(size ? size : 1, g_alloc.user_data); }

void *aml__calloc(size_t count, size_t size) {
  if (size && count > (size_t)-1 / size) return NULL;
  void *p = aml__malloc(count * size);
  if (p) memset(p, 0, count * size);
  return p;
}

void *aml__realloc(void *ptr, size_t size) {
  return g_alloc.realloc_fn(ptr, size ? size : 1, g_alloc.user_data);
}

void aml__free(void *ptr) {
  if (ptr) g_alloc.free_fn(ptr, g_alloc.user_data);
}

void aml_free(void *ptr) { aml__free(ptr); }

char *aml__strndup(const char *s, size_t n) {
  if (!s) return NULL;
  size_t len = strnlen(s, n);
  char *out = aml__malloc(len + 1);
  if (!out) return NULL;
  memcpy(out, s, len);
  out[len] = '\0';
  return out;
}

char *aml__strdup(const char *s) { return s ? aml__strndup(s, strlen(s)) : NULL; }
