/* Owned structs with a hidden header, their arenas, and the registry that
 * lets aml_X_free() recognise them without touching foreign memory. */
#include "ml/arena.h"

#include "core/alloc.h"
#include "core/secure.h"

#include <pthread.h>
#include <stddef.h>
#include <string.h>

#define ALIGNMENT _Alignof(max_align_t)
#define ROUND_UP(n) (((n) + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT)

struct aml__chunk {
  aml__chunk *next;
  size_t size; /* bytes after the header */
  int secret;  /* wipe before free */
};
#define CHUNK_HDR ROUND_UP(sizeof(aml__chunk))

/* "amlOWNED" as a little-endian 64-bit word; cleared when the struct is freed. */
#define OWNED_MAGIC UINT64_C(0x44454e574f6c6d61)

typedef struct owned_hdr {
  uint64_t magic;
  uint32_t kind;
  struct owned_hdr *next, *prev; /* registry bucket links */
  aml__arena arena;
} owned_hdr;
#define OWNED_HDR ROUND_UP(sizeof(owned_hdr))

#define BUCKETS 256u
static owned_hdr *g_buckets[BUCKETS];
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t bucket_of(const void *obj) {
  uintptr_t p = (uintptr_t)obj;
  p ^= p >> 17;
  p *= (uintptr_t)0x9E3779B97F4A7C15ull;
  return (size_t)(p >> 8) % BUCKETS;
}

static void *obj_of(owned_hdr *h) { return (char *)h + OWNED_HDR; }

static aml__chunk *chunk_new(aml__arena *a, size_t size, int secret) {
  if (size > (size_t)-1 - CHUNK_HDR) return NULL;
  aml__chunk *c = aml__malloc(CHUNK_HDR + size);
  if (!c) return NULL;
  c->next = a->head;
  c->size = size;
  c->secret = secret;
  a->head = c;
  memset((char *)c + CHUNK_HDR, 0, size);
  return c;
}

void *aml__arena_alloc(aml__arena *a, size_t size) {
  aml__chunk *c = chunk_new(a, size ? size : 1, 0);
  return c ? (char *)c + CHUNK_HDR : NULL;
}

void *aml__arena_calloc(aml__arena *a, size_t count, size_t size) {
  if (size && count > (size_t)-1 / size) return NULL;
  return aml__arena_alloc(a, count * size);
}

static char *arena_strndup(aml__arena *a, const char *s, size_t n, int secret) {
  if (!s) return NULL;
  size_t len = strnlen(s, n);
  aml__chunk *c = chunk_new(a, len + 1, secret);
  if (!c) return NULL;
  char *out = (char *)c + CHUNK_HDR;
  memcpy(out, s, len);
  out[len] = '\0';
  return out;
}

char *aml__arena_strndup(aml__arena *a, const char *s, size_t n) { return arena_strndup(a, s, n, 0); }

char *aml__arena_strdup(aml__arena *a, const char *s) {
  return s ? arena_strndup(a, s, strlen(s), 0) : NULL;
}

char *aml__arena_strdup_secret(aml__arena *a, const char *s) {
  return s ? arena_strndup(a, s, strlen(s), 1) : NULL;
}

void aml__arena_clear(aml__arena *a) {
  aml__chunk *c = a->head;
  while (c) {
    aml__chunk *next = c->next;
    if (c->secret) aml__secure_wipe((char *)c + CHUNK_HDR, c->size);
    aml__free(c);
    c = next;
  }
  a->head = NULL;
}

void *aml__owned_new(uint32_t kind, size_t size) {
  if (size > (size_t)-1 - OWNED_HDR) return NULL;
  owned_hdr *h = aml__malloc(OWNED_HDR + size);
  if (!h) return NULL;
  memset(h, 0, OWNED_HDR + size);
  h->magic = OWNED_MAGIC;
  h->kind = kind;
  void *obj = obj_of(h);
  size_t b = bucket_of(obj);
  pthread_mutex_lock(&g_lock);
  h->next = g_buckets[b];
  if (h->next) h->next->prev = h;
  g_buckets[b] = h;
  pthread_mutex_unlock(&g_lock);
  return obj;
}

aml__arena *aml__owned_arena(void *obj) {
  owned_hdr *h = (owned_hdr *)(void *)((char *)obj - OWNED_HDR);
  return &h->arena;
}

/* Caller holds g_lock. Compares addresses only: obj is never dereferenced. */
static owned_hdr *find_locked(const void *obj, uint32_t kind) {
  for (owned_hdr *h = g_buckets[bucket_of(obj)]; h; h = h->next)
    if ((const void *)obj_of(h) == obj) return (h->magic == OWNED_MAGIC && h->kind == kind) ? h : NULL;
  return NULL;
}

bool aml__owned_is(const void *obj, uint32_t kind) {
  if (!obj) return false;
  pthread_mutex_lock(&g_lock);
  bool found = find_locked(obj, kind) != NULL;
  pthread_mutex_unlock(&g_lock);
  return found;
}

void aml__owned_free(void *obj, uint32_t kind) {
  if (!obj) return;
  pthread_mutex_lock(&g_lock);
  owned_hdr *h = find_locked(obj, kind);
  if (h) {
    if (h->prev) h->prev->next = h->next;
    else g_buckets[bucket_of(obj)] = h->next;
    if (h->next) h->next->prev = h->prev;
  }
  pthread_mutex_unlock(&g_lock);
  if (!h) return;
  aml__arena_clear(&h->arena);
  h->magic = 0;
  aml__free(h);
}
