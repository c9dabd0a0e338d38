/**
 * @file azureml/assets.h
 * @brief The assets a batch deployment references: model versions
 *        (::aml_model_version), code versions (::aml_code_version) and
 *        environment versions (::aml_environment_version) — their validation
 *        and JSON mapping.
 *
 * All three are ARM proxy resources under the workspace
 * (`{workspace}/models/{name}/versions/{version}`, `.../codes/...`,
 * `.../environments/...`): the body is `{"properties": {...}}` with `tags`
 * inside `properties`; `name` and `version` travel in the URL.
 *
 * Ownership follows azureml/batch_endpoint.h: caller-built structs hold
 * borrowed pointers the library copies; library-returned structs own what the
 * library put in them and are released with their _free() function, which
 * never frees a pointer the caller assigned.
 *
 * @threadsafety A struct is used by one thread at a time.
 */
#ifndef AZUREML_ASSETS_H
#define AZUREML_ASSETS_H

#include "common.h"
#include "errors.h"

AML_BEGIN_DECL

/** Version of ::aml_model_version understood by this header. */
#define AML_MODEL_VERSION_VERSION 1
/** Version of ::aml_code_version understood by this header. */
#define AML_CODE_VERSION_VERSION 1
/** Version of ::aml_environment_version understood by this header. */
#define AML_ENVIRONMENT_VERSION_VERSION 1

/** `model_type`: a model in any format (wire `CustomModel`). */
#define AML_MODEL_TYPE_CUSTOM "custom_model"
/** `model_type`: an MLflow model (wire `MLFlowModel`). */
#define AML_MODEL_TYPE_MLFLOW "mlflow_model"
/** `model_type`: a Triton model (wire `TritonModel`). */
#define AML_MODEL_TYPE_TRITON "triton_model"

#ifndef AML_OS_TYPE_LINUX
/** `os_type`: Linux (wire `Linux`; the service default). */
#define AML_OS_TYPE_LINUX "linux"
/** `os_type`: Windows (wire `Windows`). */
#define AML_OS_TYPE_WINDOWS "windows"
#endif

/**
 * @brief A registered model version (`properties.modelUri` points at the files).
 *
 * Maps: NULL = not set; non-NULL with a count of 0 = an empty map, sent as `{}`.
 */
typedef struct aml_model_version {
  uint32_t version;        /**< #AML_MODEL_VERSION_VERSION, set by aml_model_version_init(). */
  const char *name;        /**< Model name (URL segment). Required. */
  const char *asset_version; /**< Version label, e.g. "1" (URL segment). Required. */
  /** Where the model files are: `azureml://datastores/<ds>/paths/<path>`, an `https://` URL, ...
   *  → `properties.modelUri`. Required. */
  const char *path;
  const char *model_type;  /**< [nullable] #AML_MODEL_TYPE_CUSTOM, _MLFLOW or _TRITON → `modelType`. */
  const char *description; /**< [nullable] `properties.description`. */
  const aml_string_pair *tags; /**< [nullable] `properties.tags`. */
  size_t tags_count;           /**< Entries in @c tags. */
  const aml_string_pair *properties; /**< [nullable] `properties.properties`. */
  size_t properties_count;           /**< Entries in @c properties. */
  /* ---- read-only ---- */
  const char *id;                 /**< [nullable] ARM resource id (use it as a deployment's `model`). */
  const char *provisioning_state; /**< [nullable] `properties.provisioningState`. */
  const char *raw_json;           /**< [nullable] The resource as the service sent it (library-owned). */
} aml_model_version;

/**
 * @brief A code version: the scoring code a deployment runs (`properties.codeUri`).
 */
typedef struct aml_code_version {
  uint32_t version;          /**< #AML_CODE_VERSION_VERSION, set by aml_code_version_init(). */
  const char *name;          /**< Code asset name (URL segment). Required. */
  const char *asset_version; /**< Version label (URL segment). Required. */
  /** Folder holding the code, e.g. `https://<account>.blob.core.windows.net/<container>/<folder>`
   *  → `properties.codeUri`. Required. */
  const char *path;
  const char *description;     /**< [nullable] `properties.description`. */
  const aml_string_pair *tags; /**< [nullable] `properties.tags`. */
  size_t tags_count;           /**< Entries in @c tags. */
  const aml_string_pair *properties; /**< [nullable] `properties.properties`. */
  size_t properties_count;           /**< Entries in @c properties. */
  /* ---- read-only ---- */
  const char *id;                 /**< [nullable] ARM resource id (use it as a code configuration's `code`). */
  const char *provisioning_state; /**< [nullable] `properties.provisioningState`. */
  const char *raw_json;           /**< [nullable] The resource as the service sent it (library-owned). */
} aml_code_version;

/**
 * @brief An environment version: the container image scoring runs in.
 */
typedef struct aml_environment_version {
  uint32_t version;          /**< #AML_ENVIRONMENT_VERSION_VERSION, set by aml_environment_version_init(). */
  const char *name;          /**< Environment name (URL segment). Required. */
  const char *asset_version; /**< Version label (URL segment). Required. */
  const char *image;         /**< [nullable] Docker image, e.g. "mcr.microsoft.com/azureml/...:latest" → `image`.
                                  Required unless `raw_json` carries a `build` context. */
  const char *conda_file;    /**< [nullable] Conda specification, the file's content (YAML text) → `condaFile`. */
  const char *os_type;       /**< [nullable] #AML_OS_TYPE_LINUX or #AML_OS_TYPE_WINDOWS → `osType`. */
  const char *description;   /**< [nullable] `properties.description`. */
  const aml_string_pair *tags; /**< [nullable] `properties.tags`. */
  size_t tags_count;           /**< Entries in @c tags. */
  const aml_string_pair *properties; /**< [nullable] `properties.properties`. */
  size_t properties_count;           /**< Entries in @c properties. */
  /* ---- read-only ---- */
  const char *id;                 /**< [nullable] ARM resource id (use it as a deployment's `environment`). */
  const char *provisioning_state; /**< [nullable] `properties.provisioningState`. */
  const char *environment_type;   /**< [nullable] "Curated" or "UserCreated". */
  const char *raw_json;           /**< [nullable] The resource as the service sent it (library-owned). */
} aml_environment_version;

/**
 * @brief Initialise: strings and maps NULL, counts 0.
 * @param[out] model [transfer none] overwritten, not freed.
 * @param version #AML_MODEL_VERSION_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p model is NULL.
 * @retval AML_ERR_VERSION unknown @p version.
 * @threadsafety Safe from any thread on distinct structs.
 */
AML_API aml_result aml_model_version_init(aml_model_version *model, uint32_t version);

/**
 * @brief Check: `name`, `asset_version` and `path` set and not empty; map keys neither
 *        NULL nor empty, values not NULL.
 * @param[in] model [transfer none]
 * @param[out] err [nullable][transfer full] on failure, a message naming the rule broken.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p model is NULL.
 * @retval AML_ERR_VERSION unknown @p model->version.
 * @retval AML_ERR_VALIDATION a rule is broken.
 * @retval AML_ERR_NOMEM no memory for the error message.
 * @threadsafety Safe from any thread; @p model is only read.
 */
AML_API aml_result aml_model_version_validate(const aml_model_version *model, aml_error **err);

/**
 * @brief The ARM request body (PUT) `{"properties":{"modelUri",...}}`; starts from
 *        `raw_json` minus read-only members. Does not validate.
 * @param[in] model [transfer none]
 * @param[out] json_out [transfer full] free with aml_free().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p model or @p json_out is NULL.
 * @retval AML_ERR_VERSION unknown @p model->version.
 * @retval AML_ERR_PARSE `raw_json` is not a JSON object.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p model is only read.
 */
AML_API aml_result aml_model_version_to_json(const aml_model_version *model, char **json_out,
                                             aml_error **err);

/**
 * @brief Parse an ARM model version resource. `asset_version` comes from the body's
 *        `name`, `name` from the resource id.
 * @param[in] json [transfer none] NUL-terminated JSON text.
 * @param[out] out [transfer full] free with aml_model_version_free(); NULL on failure.
 * @param[out] err [nullable][transfer full] on failure, a message naming the field.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p json or @p out is NULL.
 * @retval AML_ERR_PARSE not JSON, not an object, or a field of the wrong type.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_model_version_from_json(const char *json, aml_model_version **out,
                                               aml_error **err);

/**
 * @brief Deep copy into a library-owned struct.
 * @param[in] in [transfer none]
 * @param[out] out [transfer full] free with aml_model_version_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p in or @p out is NULL.
 * @retval AML_ERR_VERSION unknown @p in->version.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p in is only read.
 */
AML_API aml_result aml_model_version_clone(const aml_model_version *in, aml_model_version **out,
                                           aml_error **err);

/**
 * @brief Free a library-returned model version (never the caller's pointers in it).
 *        NULL and pointers the library did not return are ignored.
 * @param model [nullable][transfer full]
 * @threadsafety Not concurrently with other use of @p model.
 */
AML_API void aml_model_version_free(aml_model_version *model);

/**
 * @brief Initialise: strings and maps NULL, counts 0.
 * @param[out] code [transfer none] overwritten, not freed.
 * @param version #AML_CODE_VERSION_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p code is NULL.
 * @retval AML_ERR_VERSION unknown @p version.
 * @threadsafety Safe from any thread on distinct structs.
 */
AML_API aml_result aml_code_version_init(aml_code_version *code, uint32_t version);

/**
 * @brief Check: `name`, `asset_version` and `path` set and not empty; map keys neither
 *        NULL nor empty, values not NULL.
 * @param[in] code [transfer none]
 * @param[out] err [nullable][transfer full] on failure, a message naming the rule broken.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p code is NULL.
 * @retval AML_ERR_VERSION unknown @p code->version.
 * @retval AML_ERR_VALIDATION a rule is broken.
 * @retval AML_ERR_NOMEM no memory for the error message.
 * @threadsafety Safe from any thread; @p code is only read.
 */
AML_API aml_result aml_code_version_validate(const aml_code_version *code, aml_error **err);

/**
 * @brief The ARM request body (PUT) `{"properties":{"codeUri",...}}`; starts from
 *        `raw_json` minus read-only members. Does not validate.
 * @param[in] code [transfer none]
 * @param[out] json_out [transfer full] free with aml_free().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p code or @p json_out is NULL.
 * @retval AML_ERR_VERSION unknown @p code->version.
 * @retval AML_ERR_PARSE `raw_json` is not a JSON object.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p code is only read.
 */
AML_API aml_result aml_code_version_to_json(const aml_code_version *code, char **json_out,
                                            aml_error **err);

/**
 * @brief Parse an ARM code version resource. `asset_version` comes from the body's
 *        `name`, `name` from the resource id.
 * @param[in] json [transfer none] NUL-terminated JSON text.
 * @param[out] out [transfer full] free with aml_code_version_free(); NULL on failure.
 * @param[out] err [nullable][transfer full] on failure, a message naming the field.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p json or @p out is NULL.
 * @retval AML_ERR_PARSE not JSON, not an object, or a field of the wrong type.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_code_version_from_json(const char *json, aml_code_version **out,
                                              aml_error **err);

/**
 * @brief Deep copy into a library-owned struct.
 * @param[in] in [transfer none]
 * @param[out] out [transfer full] free with aml_code_version_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p in or @p out is NULL.
 * @retval AML_ERR_VERSION unknown @p in->version.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p in is only read.
 */
AML_API aml_result aml_code_version_clone(const aml_code_version *in, aml_code_version **out,
                                          aml_error **err);

/**
 * @brief Free a library-returned code version (never the caller's pointers in it).
 *        NULL and pointers the library did not return are ignored.
 * @param code [nullable][transfer full]
 * @threadsafety Not concurrently with other use of @p code.
 */
AML_API void aml_code_version_free(aml_code_version *code);

/**
 * @brief Initialise: strings and maps NULL, counts 0.
 * @param[out] env [transfer none] overwritten, not freed.
 * @param version #AML_ENVIRONMENT_VERSION_VERSION.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p env is NULL.
 * @retval AML_ERR_VERSION unknown @p version.
 * @threadsafety Safe from any thread on distinct structs.
 */
AML_API aml_result aml_environment_version_init(aml_environment_version *env, uint32_t version);

/**
 * @brief Check: `name` and `asset_version` set and not empty; `image` set and not empty
 *        unless `raw_json` carries `properties.build`; map keys neither NULL nor empty,
 *        values not NULL.
 * @param[in] env [transfer none]
 * @param[out] err [nullable][transfer full] on failure, a message naming the rule broken.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p env is NULL.
 * @retval AML_ERR_VERSION unknown @p env->version.
 * @retval AML_ERR_VALIDATION a rule is broken.
 * @retval AML_ERR_NOMEM no memory for the error message.
 * @threadsafety Safe from any thread; @p env is only read.
 */
AML_API aml_result aml_environment_version_validate(const aml_environment_version *env, aml_error **err);

/**
 * @brief The ARM request body (PUT) `{"properties":{"image","condaFile",...}}`; starts from
 *        `raw_json` minus read-only members. Does not validate.
 * @param[in] env [transfer none]
 * @param[out] json_out [transfer full] free with aml_free().
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p env or @p json_out is NULL.
 * @retval AML_ERR_VERSION unknown @p env->version.
 * @retval AML_ERR_PARSE `raw_json` is not a JSON object.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p env is only read.
 */
AML_API aml_result aml_environment_version_to_json(const aml_environment_version *env, char **json_out,
                                                   aml_error **err);

/**
 * @brief Parse an ARM environment version resource. `asset_version` comes from the body's
 *        `name`, `name` from the resource id.
 * @param[in] json [transfer none] NUL-terminated JSON text.
 * @param[out] out [transfer full] free with aml_environment_version_free(); NULL on failure.
 * @param[out] err [nullable][transfer full] on failure, a message naming the field.
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p json or @p out is NULL.
 * @retval AML_ERR_PARSE not JSON, not an object, or a field of the wrong type.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread.
 */
AML_API aml_result aml_environment_version_from_json(const char *json, aml_environment_version **out,
                                                     aml_error **err);

/**
 * @brief Deep copy into a library-owned struct.
 * @param[in] in [transfer none]
 * @param[out] out [transfer full] free with aml_environment_version_free(); NULL on failure.
 * @param[out] err [nullable][transfer full]
 * @retval AML_OK
 * @retval AML_ERR_INVALID_ARG @p in or @p out is NULL.
 * @retval AML_ERR_VERSION unknown @p in->version.
 * @retval AML_ERR_NOMEM
 * @threadsafety Safe from any thread; @p in is only read.
 */
AML_API aml_result aml_environment_version_clone(const aml_environment_version *in,
                                                 aml_environment_version **out, aml_error **err);

/**
 * @brief Free a library-returned environment version (never the caller's pointers in it).
 *        NULL and pointers the library did not return are ignored.
 * @param env [nullable][transfer full]
 * @threadsafety Not concurrently with other use of @p env.
 */
AML_API void aml_environment_version_free(aml_environment_version *env);

AML_END_DECL

#endif /* AZUREML_ASSETS_H */
