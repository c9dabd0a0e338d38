/**
 * @file azureml/common.h
 * @brief Export macros, versions, library-wide initialisation, the allocator
 *        and aml_free().
 *
 * Conventions used in every libazureml header:
 * - `[transfer none]`: the library does not take ownership; borrowed pointers
 *   stay valid only as long as the object they came from.
 * - `[transfer full]`: the receiver owns the result and frees it with the
 *   function named in the comment.
 * - `[nullable]`: NULL is accepted (for inputs) or may be returned.
 * - Thread safety is stated per type and per function.
 */
#ifndef AZUREML_COMMON_H
#define AZUREML_COMMON_H

#include <stddef.h>
#include <stdint.h>

/**
 * @def AML_API
 * Marks a function exported by libazureml (visibility "default"; dllexport/dllimport on Windows).
 * @def AML_BEGIN_DECL
 * Opens C linkage for C++ includers.
 * @def AML_END_DECL
 * Closes C linkage for C++ includers.
 */
#if defined(_WIN32)
#  if defined(AML_BUILDING_LIBRARY)
#    define AML_API __declspec(dllexport)
#  else
#    define AML_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define AML_API __attribute__((visibility("default")))
#else
#  define AML_API
#endif

#ifdef __cplusplus
#  define AML_BEGIN_DECL extern "C" {
#  define AML_END_DECL }
#else
#  define AML_BEGIN_DECL
#  define AML_END_DECL
#endif

AML_BEGIN_DECL

/** Major version of this header. */
#define AML_VERSION_MAJOR 0
/** Minor version of this header. */
#define AML_VERSION_MINOR 1
/** Patch version of this header. */
#define AML_VERSION_PATCH 0
/** Version of this header as a string. */
#define AML_VERSION_STRING "0.1.0"
/** Version of this header as (major << 16) | (minor << 8) | patch. */
#define AML_VERSION_NUMBER 0x000100

/**
 * The Azure Resource Manager api-version the SDK targets by default
 * (Microsoft.MachineLearningServices, stable). A client option overrides it.
 */
#define AML_DEFAULT_API_VERSION "2025-12-01"

/**
 * "Not set" for optional `int32_t` fields and tri-state booleans of the
 * public structs: _init() functions set it, and only fields that differ from
 * it are sent. (0 and -1 are real values: `min_instances = 0`,
 * `error_threshold = -1`.)
 */
#define AML_UNSET (-2147483647 - 1)
/** "Not set" for optional `int64_t` fields. */
#define AML_UNSET64 (-9223372036854775807LL - 1)

/**
 * @brief One entry of a string map (tags, properties, environment variables).
 *
 * Public structs hold maps as a pointer to an array of pairs plus a count.
 * In structs the caller builds, the strings are borrowed; in structs the
 * library returns, the library owns them.
 */
typedef struct aml_string_pair {
  const char *key;   /**< Never NULL in a valid map. */
  const char *value; /**< Never NULL in a valid map ("" is a value). */
} aml_string_pair;

/**
 * @brief Version of the library actually loaded, as (major << 16) | (minor << 8) | patch.
 *
 * Compare with #AML_VERSION_NUMBER to detect a header/library mismatch.
 * @threadsafety Safe from any thread.
 */
AML_API uint32_t aml_version_number(void);

/**
 * @brief Version of the library actually loaded, e.g. "0.1.0".
 * @return Static string [transfer none].
 * @threadsafety Safe from any thread.
 */
AML_API const char *aml_version_string(void);

/**
 * @brief The ARM api-version used when a client is not given one.
 * @return Static string [transfer none], equal to #AML_DEFAULT_API_VERSION of
 *         the library that is loaded.
 * @threadsafety Safe from any thread.
 */
AML_API const char *aml_default_api_version(void);

/** Version of ::aml_allocator understood by this header. */
#define AML_ALLOCATOR_VERSION 1

/**
 * @brief Memory functions the library uses for everything it allocates.
 *
 * All three functions must be set. They receive `user_data` last. The
 * realloc function must behave like realloc(3) (NULL pointer allocates).
 */
typedef struct aml_allocator {
  uint32_t version; /**< Set by aml_allocator_init(). */
  void *(*malloc_fn)(size_t size, void *user_data);              /**< Allocate. */
  void *(*realloc_fn)(void *ptr, size_t size, void *user_data);  /**< Resize. */
  void (*free_fn)(void *ptr, void *user_data);                   /**< Release (NULL-safe). */
  void *user_data;                                               /**< Passed to every call. */
} aml_allocator;

/**
 * @brief Fill @p allocator with the C library's malloc/realloc/free.
 * @param[out] allocator Structure to initialise.
 * @param version Must be #AML_ALLOCATOR_VERSION.
 * @return 0 on success, AML_ERR_INVALID_ARG for NULL, AML_ERR_VERSION for an
 *         unknown version.
 * @threadsafety Safe from any thread.
 */
AML_API int32_t aml_allocator_init(aml_allocator *allocator, uint32_t version);

/** Forward nothing: libcurl and jansson keep their own allocators (default). */
#define AML_ALLOC_FORWARD_NONE 0u
/** Also install the allocator into jansson (process-wide: affects every jansson user). */
#define AML_ALLOC_FORWARD_JANSSON 1u

/**
 * @brief Replace the allocator used by the library.
 *
 * Call before aml_global_init() and before creating any object, or after
 * every object has been freed: memory must be freed by the allocator that
 * made it. Pass NULL to restore the C library's functions.
 *
 * @param[in] allocator [nullable][transfer none] copied.
 * @param flags #AML_ALLOC_FORWARD_NONE or #AML_ALLOC_FORWARD_JANSSON. jansson's
 *        hooks are process-wide, so forwarding also changes how any other
 *        jansson user in the process allocates; it is off by default.
 * @retval 0 success
 * @retval AML_ERR_INVALID_ARG a function pointer is NULL
 * @retval AML_ERR_VERSION unknown allocator version
 * @threadsafety Not thread-safe: call while no other library call runs.
 */
AML_API int32_t aml_global_set_allocator(const aml_allocator *allocator, uint32_t flags);

/**
 * @brief Initialise process-wide state (libcurl's global state). Counted.
 *
 * OpenSSL needs no call: version 1.1.0 and newer initialise themselves.
 *
 * Call once before using the library, from the main thread, and pair every
 * successful call with aml_global_shutdown(). With libcurl 7.84 or newer the
 * library also works without it (libcurl's own initialisation is thread-safe
 * there), but calling it is the portable contract.
 *
 * @return The new init count (>= 1), or a negative aml_result on failure.
 * @threadsafety Serialised internally; still call it before starting threads.
 */
AML_API int32_t aml_global_init(void);

/**
 * @brief Undo one aml_global_init(); the last one releases process-wide state.
 * @return The remaining init count (0 after the last), or AML_ERR_INVALID_ARG
 *         (never negative count) when called more often than aml_global_init().
 * @threadsafety As aml_global_init().
 */
AML_API int32_t aml_global_shutdown(void);

/**
 * @brief Free a buffer the library returned (strings from *_to_json, tokens, ...).
 * @param ptr [nullable][transfer full]
 * @threadsafety Safe from any thread.
 */
AML_API void aml_free(void *ptr);

AML_END_DECL

#endif /* AZUREML_COMMON_H */
