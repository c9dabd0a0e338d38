/**
 * @file azureml/compute.h
 * @brief ::aml_compute — an Azure ML compute cluster (azure-ai-ml `AmlCompute`),
 *        its validation and JSON mapping.
 *
 * Ownership follows azureml/batch_endpoint.h: caller-built structs hold
 * borrowed pointers the library copies; library-returned structs own what the
 * library put in them and are released with aml_compute_free(), which never
 * frees a pointer the caller assigned and wipes the secrets
 * (`admin_password`, `ssh_key`, `raw_json`) it allocated before releasing them.
 *
 * Unset is not zero: optional numbers are unset at #AML_UNSET / #AML_UNSET64
 * (`min_instances = 0` is real), tri-state booleans are #AML_UNSET, 0 or 1.
 *
 * @threadsafety A struct is used by one thread at a time.
 */
#ifndef AZUREML_COMPUTE_H
#define AZUREML_COMPUTE_H

#include "common.h"
#include "errors.h"

AML_BEGIN_DECL

/** Version of ::aml_compute understood by this header. */
#define AML_COMPUTE_VERSION 2
/** Version of ::aml_compute_identity understood by this header. */
#define AML_COMPUTE_IDENTITY_VERSION 1
/** Version of ::aml_compute_error understood by this header. */
#define AML_COMPUTE_ERROR_VERSION 1

/** `tier`: dedicated VMs (wire `Dedicated`). */
#define AML_COMPUTE_TIER_DEDICATED "dedicated"
/** `tier`: low-priority (preemptible) VMs (wire `LowPriority`). */
#define AML_COMPUTE_TIER_LOW_PRIORITY "low_priority"

#ifndef AML_OS_TYPE_LINUX
/** `os_type`: Linux (wire `Linux`; the service default). */
#define AML_OS_TYPE_LINUX "linux"
/** `os_type`: Windows (wire `Windows`). */
#define AML_OS_TYPE_WINDOWS "windows"
#endif

/** Identity `type`: a system-assigned managed identity (wire `SystemAssigned`). */
#define AML_IDENTITY_TYPE_SYSTEM_ASSIGNED "system_assigned"
/** Identity `type`: user-assigned identities (wire `UserAssigned`). */
#define AML_IDENTITY_TYPE_USER_ASSIGNED "user_assigned"
/** Identity `type`: both (wire `SystemAssigned,UserAssigned`). */
#define AML_IDENTITY_TYPE_SYSTEM_AND_USER_ASSIGNED "system_assigned,user_assigned"
/** Identity `type`: none (wire `None`). */
#define AML_IDENTITY_TYPE_NONE "none"

/**
 * @brief A managed identity (ARM `ManagedServiceIdentity`): of a compute, a batch
 *        endpoint or a batch deployment (`identity`).
 */
typedef struct aml_compute_identity {
  uint32_t version; /**< #AML_COMPUTE_IDENTITY_VERSION, set by aml_compute_identity_init(). */
  /** One of the AML_IDENTITY_TYPE_ values (or a wire spelling such as `SystemAssigned`). */
  const char *type;
  /** [nullable] ARM ids of user-assigned identities (`userAssignedIdentities` keys). */
  const char *const *user_assigned_identities;
  size_t user_assigned_identities_count; /**< Entries in @c user_assigned_identities. */
  const char *principal_id; /**< [nullable] Read-only: the system identity's principal id. */
  const char *tenant_id;    /**< [nullable] Read-only: the system identity's tenant id. */
} aml_compute_identity;

/**
 * @brief One error the service reports for a compute (read-only).
 */
typedef struct aml_compute_error {
  uint32_t version;    /**< #AML_COMPUTE_ERROR_VERSION. */
  const char *code;    /**< [nullable] `error.code`. */
  const char *message; /**< [nullable] `error.message`. */
} aml_compute_error;

/**
 * @brief An AmlCompute cluster (`Microsoft.MachineLearningServices/workspaces/computes`,
 *        `computeType: AmlCompute`).
 */
typedef struct aml_compute {
  uint32_t version; /**< #AML_COMPUTE_VERSION, set by aml_compute_init(). */
  /** Compute name (URL segment): 3–24 characters, `^[a-zA-Z](?![a-zA-Z0-9-]*-\d+$)[a-zA-Z0-9\-]{2,23}$`. */
  const char *name;
  /** [nullable] Azure region; NULL = the workspace's location (filled by the operations). */
  const char *location;
  const char *description; /**< [nullable] `properties.description`. */
  const aml_string_pair *tags; /**< [nullable] `tags`; NULL = not set, non-NULL with count 0 = `{}`. */
  size_t tags_count;           /**< Entries in @c tags. */
  const char *size; /**< [nullable] VM size, e.g. "STANDARD_DS3_V2" → `vmSize`. */
  const char *tier; /**< [nullable] #AML_COMPUTE_TIER_DEDICATED or #AML_COMPUTE_TIER_LOW_PRIORITY → `vmPriority`. */
  int32_t min_instances; /**< `scaleSettings.minNodeCount` (≥ 0); #AML_UNSET = not set. */
  int32_t max_instances; /**< `scaleSettings.maxNodeCount` (≥ min_instances); #AML_UNSET = not set; required
                              whenever a scale setting is sent. */
  int64_t idle_time_before_scale_down; /**< Seconds a node idles before it is released
                                            (`nodeIdleTimeBeforeScaleDown`, ISO-8601 on the wire, e.g. 120 → `PT2M`);
                                            #AML_UNSET64 = not set. */
  const char *os_type; /**< [nullable] #AML_OS_TYPE_LINUX or #AML_OS_TYPE_WINDOWS → `osType`. */
  /** Public SSH port: 1 → `Enabled`, 0 → `Disabled`, #AML_UNSET = not sent (the service then
   *  uses `NotSpecified`). Settable at creation only. */
  int32_t ssh_public_access;
  const char *admin_username; /**< [nullable] `userAccountCredentials.adminUserName`. */
  const char *admin_password; /**< [nullable] Secret: never returned by the service. */
  const char *ssh_key;        /**< [nullable] SSH public key (`adminUserSshPublicKey`); never returned. */
  const char *subnet;         /**< [nullable] Subnet ARM id → `subnet: {"id": ...}`. */
  int32_t enable_node_public_ip; /**< 1, 0 or #AML_UNSET (service default: enabled). */
  /** [nullable] Managed identity → `identity`. */
  const aml_compute_identity *identity;
  /* ---- read-only: filled from service responses, ignored on input ---- */
  const char *id;                 /**< [nullable] ARM resource id. */
  const char *compute_type;       /**< [nullable] `properties.computeType` ("AmlCompute" for clusters). */
  const char *provisioning_state; /**< [nullable] `properties.provisioningState`. */
  const char *allocation_state;   /**< [nullable] "Steady" or "Resizing". */
  int32_t current_node_count;     /**< #AML_UNSET when not reported. */
  int32_t target_node_count;      /**< #AML_UNSET when not reported. */
  int32_t idle_node_count;        /**< `nodeStateCounts.idleNodeCount`; #AML_UNSET when not reported. */
  int32_t running_node_count;     /**< #AML_UNSET when not reported. */
  int32_t preparing_node_count;   /**< #AML_UNSET when not reported. */
  int32_t unusable_node_count;    /**< #AML_UNSET when not reported. */
  int32_t leaving_node_count;     /**< #AML_UNSET when not reported. */
  int32_t preempted_node_count;   /**< #AML_UNSET when not reported. */
  /** [nullable] Cluster errors (`properties.properties.errors`). */
  const aml_compute_error *const *errors;
  size_t errors_count; /**< Entries in @c errors. */
  /** [nullable] Provisioning errors (`properties.provisioningErrors`). */
  const aml_compute_error *const *provisioning_errors;
  size_t provisioning_errors_count; /**< Entries in @c provisioning_errors. */
  /** [nullable] The whole resource as the service sent it; aml_compute_to_json() starts from it
   *  (minus read-only members). Fields left unset keep their value from here. Library-owned. */
  const char *raw_json;
  /* ---- version 2 ---- */
  /** [nullable] `nodeIdleTimeBeforeScaleDown` as the service sent it, kept when it is not a whole
   *  number of seconds (`P1M`, `PT0.5S`): @c idle_time_before_scale_down then holds its
   *  approximation (a month 30 days, a year 365, rounded to the second). While that field still
   *  equals the approximation, this text is sent back instead; NULL = send the seconds. */
  const char *idle_time_before_scale_down_iso;
  const char *created_on;  /**< [nullable] `properties.createdOn` (ISO-8601 date-time). Read-only. */
  const char *modified_on; /**< [nullable] `properties.modifiedOn` (ISO-8601 date-time). Read-only. */
  /** [nullable] `properties.properties.allocationStateTransitionTime` (ISO-8601 date-time). Read-only. */
  const char *allocation_state_transition_time;
} aml_compute;

/**
 * @brief Initialise an identity: strings and list NULL, count 0.
 * @param[out] id [transfer none]
 * @param version #AML_COMPUTE_IDENTITY_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p id is NULL.
 * @retval AML_ERR_VERSION unknown @p version.
 * @threadsafety Safe from any thread on distinct structs.
 */
AML_API aml_result aml_compute_identity_init(aml_compute_identity *id, uint32_t version);

/**
 * @brief Set the defaults azure-ai-ml's `AmlCompute` gives, so that a cluster created
 *        with only a name is valid: `size` "STANDARD_DS3_V2", `min_instances` 0,
 *        `max_instances` 1; every other field "not set" (strings, maps and parts NULL,
 *        counts 0, `int32_t` fields #AML_UNSET, `idle_time_before_scale_down` #AML_UNSET64).
 *        Version 1 sets only version 1's fields.
 * @param[out] compute [transfer none] overwritten, not freed.
 * @param version #AML_COMPUTE_VERSION (or 1).
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p compute is NULL.
 * @retval AML_ERR_VERSION unknown @p version.
 * @threadsafety Safe from any thread on distinct structs.
 */
AML_API aml_result aml_compute_init(aml_compute *compute, uint32_t version);

/**
 * @brief Check the client-side rules before sending.
 *
 * Rules: `name` is 3–24 characters matching `^[a-zA-Z](?![a-zA-Z0-9-]*-\d+$)[a-zA-Z0-9\-]{2,23}$`
 * (starts with a letter; letters, digits and '-'; does not end in '-' followed by digits);
 * `min_instances` ≥ 0 and `max_instances` ≥ 0; `min_instances` ≤ `max_instances`;
 * `max_instances` is set when `min_instances` or `idle_time_before_scale_down` is
 * (`scaleSettings.maxNodeCount` is required); `idle_time_before_scale_down` ≥ 0;
 * tri-states are #AML_UNSET, 0 or 1; `admin_password` / `ssh_key` need `admin_username`;
 * an identity has a `type` and non-empty user-assigned ids; tag keys are neither NULL nor
 * empty and values are not NULL.
 *
 * @param[in] compute [transfer none]
 * @param[out] err [nullable][transfer full] on failure, a message naming the rule broken.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p compute is NULL.
 * @retval AML_ERR_VERSION @p compute->version or the identity's version is unknown.
 * @retval AML_ERR_VALIDATION a rule is broken.
 * @retval AML_ERR_NOMEM no memory for the error message.
 * @threadsafety Safe from any thread; @p compute is only read.
 */
AML_API aml_result aml_compute_validate(const aml_compute *compute, aml_error **err);

/**
 * @brief The ARM request body (PUT, default api-version) for this cluster:
 *        `{"location","tags","identity","properties":{"computeType":"AmlCompute",
 *        "description","properties":{"vmSize","vmPriority","osType","scaleSettings",...}}}`.
 *
 * Starts from `raw_json` (when set) minus read-only members and overlays the set fields.
 * The result carries the credentials when they are set: wipe it before aml_free() if that
 * matters to you. Does not validate.
 *
 * @param[in] compute [transfer none]
 * @param[out] json_out [transfer full] compact JSON; free with aml_free().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p compute or @p json_out is NULL.
 * @retval AML_ERR_VERSION @p compute->version or the identity's version is unknown.
 * @retval AML_ERR_PARSE `raw_json` is not a JSON object.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p compute is only read.
 */
AML_API aml_result aml_compute_to_json(const aml_compute *compute, char **json_out, aml_error **err);

/**
 * @brief Parse an ARM compute resource (a GET response body).
 *
 * Computes of another `computeType` parse too (the common fields are filled and
 * `compute_type` tells the kind); their specific members stay in `raw_json`.
 *
 * @param[in] json [transfer none] NUL-terminated JSON text.
 * @param[out] out [transfer full] free with aml_compute_free(); NULL on failure.
 * @param[out] err [nullable][transfer full] on failure, a message naming the field.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p json or @p out is NULL.
 * @retval AML_ERR_PARSE not JSON, not an object, or a field of the wrong type.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_compute_from_json(const char *json, aml_compute **out, aml_error **err);

/**
 * @brief Deep copy (identity and errors included) into a library-owned struct.
 * @param[in] in [transfer none] caller-built or library-returned.
 * @param[out] out [transfer full] free with aml_compute_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p in or @p out is NULL.
 * @retval AML_ERR_VERSION @p in->version or a part's version is unknown.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p in is only read.
 */
AML_API aml_result aml_compute_clone(const aml_compute *in, aml_compute **out, aml_error **err);

/**
 * @brief Free a library-returned compute and everything the library allocated for it,
 *        wiping the secrets first. Pointers the caller assigned into it are left alone.
 *
 * Give it only structs the library returned; NULL and pointers the library did not
 * return are ignored without being read.
 *
 * @param compute [nullable][transfer full]
 * @threadsafety Not concurrently with other use of @p compute.
 */
AML_API void aml_compute_free(aml_compute *compute);

AML_END_DECL

#endif /* AZUREML_COMPUTE_H */
