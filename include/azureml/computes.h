/**
 * @file azureml/computes.h
 * @brief Operations on AmlCompute clusters (azure-ai-ml `ml_client.compute`):
 *        create, get, list, delete or detach, scale, and the nodes, VM sizes
 *        and quota usage around them.
 *
 * @threadsafety Every function may be called concurrently on one client.
 */
#ifndef AZUREML_COMPUTES_H
#define AZUREML_COMPUTES_H

#include "client.h"
#include "compute.h"
#include "pager.h"
#include "poller.h"

AML_BEGIN_DECL

/** `underlyingResourceAction` of a compute delete: delete the cluster. */
#define AML_COMPUTE_DELETE "Delete"
/** `underlyingResourceAction` of a compute delete: detach it from the workspace only. */
#define AML_COMPUTE_DETACH "Detach"

/**
 * @brief Create or replace an AmlCompute cluster (`PUT .../computes/{name}`).
 *
 * The service overwrites an existing compute of that name; a NULL `location`
 * takes the workspace's. Validated first.
 * @param[out] out [transfer full] free with aml_poller_free(); aml_poller_compute() when done.
 * @param client the client [transfer none].
 * @param compute [transfer none] the compute; copied before the call returns.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK accepted.
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_VALIDATION a client-side rule is broken; nothing was sent.
 */
AML_API aml_result aml_computes_begin_create_or_update(aml_client *client, const aml_compute *compute,
                                                       aml_poller **out, aml_error **err);

/**
 * @brief Get a compute.
 * @param[out] out [transfer full] free with aml_compute_free().
 * @param client the client [transfer none].
 * @param name the resource name (a URL segment).
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 * @retval AML_ERR_NOT_FOUND no such compute.
 */
AML_API aml_result aml_computes_get(aml_client *client, const char *name, aml_compute **out, aml_error **err);

/**
 * @brief List the workspace's computes; read them with aml_pager_next_compute().
 * @param client the client [transfer none].
 * @param[out] out [transfer full] receives the result; set to NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 */
AML_API aml_result aml_computes_list(aml_client *client, aml_pager **out, aml_error **err);

/**
 * @brief The next compute of a pager from aml_computes_list().
 * @param[out] out [transfer full] free with aml_compute_free(); NULL at the end.
 * @param pager a pager from the matching list function.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ITER_END no more computes.
 * @retval AML_ERR_INVALID_ARG NULL argument, or a pager of another list.
 */
AML_API aml_result aml_pager_next_compute(aml_pager *pager, aml_compute **out, aml_error **err);

/**
 * @brief Delete a compute, or only detach it from the workspace.
 * @param action #AML_COMPUTE_DELETE or #AML_COMPUTE_DETACH (any case).
 * @param[out] out [transfer full] free with aml_poller_free().
 * @param client the client [transfer none].
 * @param name the resource name (a URL segment).
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK accepted.
 * @retval AML_ERR_INVALID_ARG NULL or empty argument, or another action.
 */
AML_API aml_result aml_computes_begin_delete(aml_client *client, const char *name, const char *action,
                                             aml_poller **out, aml_error **err);

/**
 * @brief Change a cluster's scale settings (`PATCH`): `min_instances`,
 *        `max_instances` and `idle_time_before_scale_down` of @p compute (set ones only).
 * @param[out] out [transfer full] free with aml_poller_free(); aml_poller_compute() when done.
 * @param client the client [transfer none].
 * @param compute [transfer none] the compute; copied before the call returns.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK accepted.
 * @retval AML_ERR_INVALID_ARG NULL argument.
 * @retval AML_ERR_VALIDATION bad name, no scale setting set, or min > max.
 */
AML_API aml_result aml_computes_begin_update(aml_client *client, const aml_compute *compute, aml_poller **out,
                                             aml_error **err);

/**
 * @brief The compute a done create/update operation produced; owned by the poller.
 * @param poller the poller.
 */
AML_API const aml_compute *aml_poller_compute(aml_poller *poller);

/** Version of ::aml_compute_node. */
#define AML_COMPUTE_NODE_VERSION 1

/** @brief One node of a cluster (`listNodes`). Read-only; free with aml_compute_node_free(). */
typedef struct aml_compute_node {
  uint32_t version; /**< Struct version, set by the library (output only: there is no _init). */
  const char *node_id;            /**< [nullable] */
  const char *private_ip_address; /**< [nullable] */
  const char *public_ip_address;  /**< [nullable] */
  int32_t port;                   /**< #AML_UNSET when absent. */
  const char *node_state;         /**< [nullable] idle, running, preparing, unusable, leaving, preempted. */
  const char *run_id;             /**< [nullable] */
} aml_compute_node;

/**
 * @brief List a cluster's nodes (`POST .../listNodes`, paged); read with aml_pager_next_compute_node().
 * @param client the client [transfer none].
 * @param name the resource name (a URL segment).
 * @param[out] out [transfer full] receives the result; set to NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL or empty argument.
 */
AML_API aml_result aml_computes_list_nodes(aml_client *client, const char *name, aml_pager **out, aml_error **err);

/**
 * @brief The next node.
 * @param pager a pager from the matching list function.
 * @param[out] out [transfer full] receives the result; set to NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ITER_END no more nodes.
 * @retval AML_ERR_INVALID_ARG NULL argument, or a pager of another list.
 */
AML_API aml_result aml_pager_next_compute_node(aml_pager *pager, aml_compute_node **out, aml_error **err);

/**
 * @brief Free a node. NULL-safe.
 * @param node [nullable][transfer full] the node to free.
 */
AML_API void aml_compute_node_free(aml_compute_node *node);

/** Version of ::aml_vm_size. */
#define AML_VM_SIZE_VERSION 1

/** @brief A VM size offered in a region. Free with aml_vm_size_free(). */
typedef struct aml_vm_size {
  uint32_t version; /**< Struct version, set by the library (output only: there is no _init). */
  const char *name;           /**< e.g. "STANDARD_DS11_V2". */
  const char *family;         /**< [nullable] */
  int32_t v_cpus;             /**< #AML_UNSET when absent. */
  int32_t gpus;               /**< #AML_UNSET when absent. */
  double memory_gb;           /**< negative when absent. */
  int32_t low_priority_capable; /**< tri-state: #AML_UNSET, 0, 1. */
  int32_t premium_io;         /**< tri-state: #AML_UNSET, 0, 1. */
} aml_vm_size;

/**
 * @brief List the VM sizes of a region (`GET .../locations/{location}/vmSizes`).
 * @param location [nullable] region; NULL = the workspace's.
 * @param client the client [transfer none].
 * @param[out] out [transfer full] receives the result; set to NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 */
AML_API aml_result aml_computes_list_sizes(aml_client *client, const char *location, aml_pager **out,
                                           aml_error **err);

/**
 * @brief The next VM size.
 * @param pager a pager from the matching list function.
 * @param[out] out [transfer full] receives the item; free it with its _free function; NULL at the end.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ITER_END
 * @retval AML_ERR_INVALID_ARG
 */
AML_API aml_result aml_pager_next_vm_size(aml_pager *pager, aml_vm_size **out, aml_error **err);

/**
 * @brief Free a VM size. NULL-safe.
 * @param size [nullable][transfer full] the VM size to free.
 */
AML_API void aml_vm_size_free(aml_vm_size *size);

/** Version of ::aml_usage. */
#define AML_USAGE_VERSION 1

/** @brief A quota usage of a region. Free with aml_usage_free(). */
typedef struct aml_usage {
  uint32_t version; /**< Struct version, set by the library (output only: there is no _init). */
  const char *id;             /**< [nullable] */
  const char *name;           /**< `name.value`, e.g. "standardDSv2Family". */
  const char *localized_name; /**< [nullable] `name.localizedValue`. */
  const char *type;           /**< [nullable] */
  const char *unit;           /**< [nullable] e.g. "Count". */
  int64_t current_value;      /**< #AML_UNSET64 when absent. */
  int64_t limit;              /**< #AML_UNSET64 when absent. */
} aml_usage;

/**
 * @brief List quota usage in a region (`GET .../locations/{location}/usages`, paged).
 * @param location [nullable] region; NULL = the workspace's.
 * @param client the client [transfer none].
 * @param[out] out [transfer full] receives the result; set to NULL on failure.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG NULL argument.
 */
AML_API aml_result aml_computes_list_usage(aml_client *client, const char *location, aml_pager **out,
                                           aml_error **err);

/**
 * @brief The next usage.
 * @param pager a pager from the matching list function.
 * @param[out] out [transfer full] receives the item; free it with its _free function; NULL at the end.
 * @param[out] err [nullable][transfer full] receives an error on failure; free with aml_error_free().
 * @retval AML_OK
 * @retval AML_ITER_END
 * @retval AML_ERR_INVALID_ARG
 */
AML_API aml_result aml_pager_next_usage(aml_pager *pager, aml_usage **out, aml_error **err);

/**
 * @brief Free a usage. NULL-safe.
 * @param usage [nullable][transfer full] the usage to free.
 */
AML_API void aml_usage_free(aml_usage *usage);

AML_END_DECL

#endif /* AZUREML_COMPUTES_H */
