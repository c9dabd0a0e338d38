/* Registering a deployment spec's inline assets through the asset
 * operations (a local path is uploaded by them), then filling the
 * deployment's references: what `az ml batch-deployment create --file`
 * does before it sends the deployment. */
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "ml/data_hash.h"
#include <azureml/asset_versions.h>
#include "yaml/spec_common.h"
#include "yaml/spec_deployment.h"

/* The name of an anonymous environment, as azure-ai-ml gives it. */
#define ANON_ENVIRONMENT_NAME "CliV2AnonymousEnvironment"

static aml_result md5_hex(const void *parts[], const size_t lens[], size_t n, char hex[33], aml_error **err) {
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int dl = 0;
  int ok = md && EVP_DigestInit_ex(md, EVP_md5(), NULL) == 1;
  for (size_t i = 0; ok && i < n; i++) ok = EVP_DigestUpdate(md, parts[i], lens[i]) == 1;
  ok = ok && EVP_DigestFinal_ex(md, digest, &dl) == 1;
  EVP_MD_CTX_free(md);
  if (!ok) return aml__fail(err, AML_ERR_INTERNAL, "MD5 failed");
  for (unsigned int i = 0; i < dl && i < 16; i++) snprintf(hex + 2 * i, 3, "%02x", digest[i]);
  return AML_OK;
}

/* An anonymous model or code asset is named by its content, version "1" (as
 * azure-ai-ml names them): the same files register as the same asset. A
 * remote path is named by the path itself. */
static aml_result content_name(const char *path, char hex[33], aml_error **err) {
  if (aml__y_is_local(path)) return aml__local_content_hash(path, hex, err);
  const void *parts[] = {path};
  size_t lens[] = {strlen(path)};
  return md5_hex(parts, lens, 1, hex, err);
}

static aml_result keep_ref(char **slot, const char *id, aml_error **err) {
  if (!id || !*id) return aml__fail(err, AML_ERR_PARSE, "the service returned an asset without an id");
  char *copy = aml__strdup(id);
  if (!copy) return aml__fail(err, AML_ERR_NOMEM, "out of memory");
  aml__free(*slot);
  *slot = copy;
  return AML_OK;
}

static aml_result register_model(aml_client *client, aml_batch_deployment_spec *s, aml_error **err) {
  aml_model_version m = *s->model;
  char hex[33];
  aml_result rc;
  if (!m.name) {
    if ((rc = content_name(m.path, hex, err)) < 0) return rc;
    m.name = hex;
  }
  if (!m.asset_version) m.asset_version = "1";
  aml_model_version *out = NULL;
  if ((rc = aml_models_create_or_update(client, &m, &out, err)) < 0) return rc;
  if ((rc = keep_ref(&s->model_ref, out->id, err)) < 0) {
    aml_model_version_free(out);
    return rc;
  }
  aml_model_version_free(s->model);
  s->model = out;
  s->deployment->model = s->model_ref;
  s->model_done = true;
  return AML_OK;
}

static aml_result register_code(aml_client *client, aml_batch_deployment_spec *s, aml_error **err) {
  aml_code_version cv = *s->code;
  char hex[33];
  aml_result rc;
  if (!cv.name) {
    if ((rc = content_name(cv.path, hex, err)) < 0) return rc;
    cv.name = hex;
  }
  if (!cv.asset_version) cv.asset_version = "1";
  aml_code_version *out = NULL;
  if ((rc = aml_codes_create_or_update(client, &cv, &out, err)) < 0) return rc;
  if ((rc = keep_ref(&s->code_ref, out->id, err)) < 0) {
    aml_code_version_free(out);
    return rc;
  }
  aml_code_version_free(s->code);
  s->code = out;
  /* The deployment's own part stays in its arena; it now points at ours. */
  aml_code_configuration_init(&s->cc, AML_CODE_CONFIGURATION_VERSION);
  if (s->deployment->code_configuration) s->cc.scoring_script = s->deployment->code_configuration->scoring_script;
  s->cc.code = s->code_ref;
  s->deployment->code_configuration = &s->cc;
  s->code_done = true;
  return AML_OK;
}

static aml_result register_environment(aml_client *client, aml_batch_deployment_spec *s, aml_error **err) {
  aml_environment_version env = *s->environment;
  char hex[33];
  aml_result rc;
  if (!env.name) env.name = ANON_ENVIRONMENT_NAME;
  if (!env.asset_version) {
    /* An anonymous environment's version is the hash of what defines it. */
    const char *image = env.image ? env.image : "", *conda = env.conda_file ? env.conda_file : "",
               *os = env.os_type ? env.os_type : "";
    const void *parts[] = {image, "\n", conda, "\n", os};
    size_t lens[] = {strlen(image), 1, strlen(conda), 1, strlen(os)};
    if ((rc = md5_hex(parts, lens, 5, hex, err)) < 0) return rc;
    env.asset_version = hex;
  }
  aml_environment_version *out = NULL;
  if ((rc = aml_environments_create_or_update(client, &env, &out, err)) < 0) return rc;
  if ((rc = keep_ref(&s->environment_ref, out->id, err)) < 0) {
    aml_environment_version_free(out);
    return rc;
  }
  aml_environment_version_free(s->environment);
  s->environment = out;
  s->deployment->environment = s->environment_ref;
  s->environment_done = true;
  return AML_OK;
}

aml_result aml_batch_deployment_spec_register_assets(aml_client *client, aml_batch_deployment_spec *spec,
                                                     aml_error **err) {
  if (!client || !spec)
    return aml__fail(err, AML_ERR_INVALID_ARG, "aml_batch_deployment_spec_register_assets: NULL argument");
  aml_result rc;
  if (spec->model && !spec->model_done && (rc = register_model(client, spec, err)) < 0) return rc;
  if (spec->code && !spec->code_done && (rc = register_code(client, spec, err)) < 0) return rc;
  if (spec->environment && !spec->environment_done && (rc = register_environment(client, spec, err)) < 0)
    return rc;
  return AML_OK;
}

aml_result aml_batch_deployment_spec_begin_create(aml_client *client, aml_batch_deployment_spec *spec,
                                                  aml_poller **out, aml_error **err) {
  if (out) *out = NULL;
  if (!client || !spec || !out)
    return aml__fail(err, AML_ERR_INVALID_ARG, "aml_batch_deployment_spec_begin_create: NULL argument");
  aml_result rc = aml_batch_deployment_spec_register_assets(client, spec, err);
  if (rc < 0) return rc;
  return aml_batch_deployments_begin_create_or_update(client, spec->deployment, out, err);
}
