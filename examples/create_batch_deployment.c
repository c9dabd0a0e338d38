/* Step 3 of the batch-scoring flow: register the model, code and environment
 * a deployment needs, create a batch deployment on them, then make it the
 * endpoint's default (an endpoint update).
 *
 *   model = ml_client.models.create_or_update(Model(name=..., path=...))
 *   env = ml_client.environments.create_or_update(Environment(name=..., image=...))
 *   deployment = BatchDeployment(name=..., endpoint_name=..., model=model, environment=env,
 *                                code_configuration=CodeConfiguration(code=..., scoring_script=...),
 *                                compute="aml-cluster", instance_count=2, ...)
 *   ml_client.batch_deployments.begin_create_or_update(deployment)
 *   endpoint = ml_client.batch_endpoints.get(endpoint_name)
 *   endpoint.defaults.deployment_name = deployment.name
 *   ml_client.batch_endpoints.begin_create_or_update(endpoint)
 *
 * Runs after create_batch_endpoint and create_compute. The model and the
 * scoring code are the local folders of examples/batch-scoring (or
 * AZUREML_SAMPLE_DIR): the SDK uploads each to the workspace's default
 * datastore (content-addressed, as azure-ai-ml's Model(path="./model") does)
 * and registers the uploaded folder. AZUREML_MODEL_PATH / AZUREML_CODE_PATH
 * may name other local folders or datastore paths (azureml://...) instead;
 * AZUREML_ENVIRONMENT_IMAGE the image. */
#include "example_common.h"

#include <stdio.h>

int main(void) {
  aml_global_init();
  int status = 1;
  aml_client *client = example_client();
  aml_model_version *model = NULL;
  aml_code_version *code = NULL;
  aml_environment_version *env = NULL;
  aml_batch_endpoint *endpoint = NULL;
  aml_poller *poller = NULL;
  aml_error *err = NULL;
  if (!client) goto done;
  const char *endpoint_name = example_env("AZUREML_ENDPOINT_NAME", "endpoint-example");

  /* 1. The assets, each a version that points at where its files are: a
   *    local folder is uploaded first and registered at its datastore path. */
  char model_dir[4096], code_dir[4096];
  if (!example_sample_path("model", model_dir, sizeof model_dir) ||
      !example_sample_path("code", code_dir, sizeof code_dir)) {
    fprintf(stderr, "AZUREML_SAMPLE_DIR is too long\n");
    goto done;
  }
  aml_model_version mv;
  aml_model_version_init(&mv, AML_MODEL_VERSION_VERSION);
  mv.name = "heart-classifier";
  mv.asset_version = "1";
  mv.path = example_env("AZUREML_MODEL_PATH", model_dir);
  mv.description = "Heart-disease risk, logistic regression";
  if (aml_models_create_or_update(client, &mv, &model, &err) < 0) {
    example_fail("registering the model", err);
    goto done;
  }
  printf("model %s:%s -> %s\n  files: %s\n", mv.name, mv.asset_version, model->id,
         model->path ? model->path : "?");

  aml_code_version cv;
  aml_code_version_init(&cv, AML_CODE_VERSION_VERSION);
  cv.name = "heart-scoring-code";
  cv.asset_version = "1";
  cv.path = example_env("AZUREML_CODE_PATH", code_dir);
  if (aml_codes_create_or_update(client, &cv, &code, &err) < 0) {
    example_fail("registering the scoring code", err);
    goto done;
  }
  printf("code %s:%s -> %s\n  files: %s\n", cv.name, cv.asset_version, code->id,
         code->path ? code->path : "?");

  aml_environment_version ev;
  aml_environment_version_init(&ev, AML_ENVIRONMENT_VERSION_VERSION);
  ev.name = "scoring-env";
  ev.asset_version = "1";
  ev.image = example_env("AZUREML_ENVIRONMENT_IMAGE", "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest");
  if (aml_environments_create_or_update(client, &ev, &env, &err) < 0) {
    example_fail("registering the environment", err);
    goto done;
  }
  printf("environment %s:%s -> %s\n", ev.name, ev.asset_version, env->id);

  /* 2. The deployment. */
  aml_code_configuration cc;
  aml_code_configuration_init(&cc, AML_CODE_CONFIGURATION_VERSION);
  cc.code = code->id;
  cc.scoring_script = example_env("AZUREML_SCORING_SCRIPT", "batch_driver.py");
  aml_batch_retry_settings retry;
  aml_batch_retry_settings_init(&retry, AML_BATCH_RETRY_SETTINGS_VERSION);
  retry.max_retries = 3;
  retry.timeout_s = 300;

  aml_batch_deployment dep;
  aml_batch_deployment_init(&dep, AML_BATCH_DEPLOYMENT_VERSION);
  dep.name = example_env("AZUREML_DEPLOYMENT_NAME", "heart-deployment");
  dep.endpoint_name = endpoint_name;
  dep.description = "Scores patient files";
  dep.model = model->id;
  dep.code_configuration = &cc;
  dep.environment = env->id;
  dep.compute = example_env("AZUREML_COMPUTE_NAME", "aml-cluster");
  dep.instance_count = 2;
  dep.max_concurrency_per_instance = 2;
  dep.mini_batch_size = 2; /* files per run() call */
  dep.output_action = AML_OUTPUT_ACTION_APPEND_ROW;
  dep.output_file_name = "predictions.csv";
  dep.error_threshold = -1; /* a real value: ignore every failed item */
  dep.retry_settings = &retry;
  dep.logging_level = AML_BATCH_LOGGING_LEVEL_INFO;

  if (aml_batch_deployments_begin_create_or_update(client, &dep, &poller, &err) < 0) {
    example_fail("creating the batch deployment", err);
    goto done;
  }
  if (example_wait(poller, "creating the batch deployment") != 0) goto done;
  const aml_batch_deployment *created = aml_poller_batch_deployment(poller);
  printf("batch deployment %s/%s: %s\n", created->endpoint_name ? created->endpoint_name : endpoint_name,
         created->name, created->provisioning_state ? created->provisioning_state : "?");
  aml_poller_free(poller);
  poller = NULL;

  /* 3. Make it the endpoint's default: update the endpoint as it is now. */
  if (aml_batch_endpoints_get(client, endpoint_name, &endpoint, &err) < 0) {
    example_fail("reading the endpoint", err);
    goto done;
  }
  endpoint->default_deployment_name = dep.name;
  if (aml_batch_endpoints_begin_create_or_update(client, endpoint, &poller, &err) < 0) {
    example_fail("setting the default deployment", err);
    goto done;
  }
  if (example_wait(poller, "setting the default deployment") != 0) goto done;
  const aml_batch_endpoint *updated = aml_poller_batch_endpoint(poller);
  printf("batch endpoint %s: default deployment %s\n", updated->name,
         updated->default_deployment_name ? updated->default_deployment_name : "(none)");
  status = 0;
done:
  aml_poller_free(poller);
  aml_batch_endpoint_free(endpoint);
  aml_model_version_free(model);
  aml_code_version_free(code);
  aml_environment_version_free(env);
  aml_client_unref(client);
  aml_global_shutdown();
  return status;
}
