/* Step 4 of the batch-scoring flow: invoke the endpoint on a folder of input
 * files and wait for the batch scoring job.
 *
 *   job = ml_client.batch_endpoints.invoke(endpoint_name="endpoint-example",
 *             inputs={"heart_dataset": Input(type="uri_folder", path="azureml://...")})
 *   ml_client.jobs.stream(job.name)   # or poll ml_client.jobs.get(job.name).status
 *
 * AZUREML_INPUT_URI names the input folder (default: the sample data of
 * examples/batch-scoring in the workspace datastore), AZUREML_JOB_NAME the job,
 * AZUREML_JOB_TIMEOUT_S how long to wait (default 600; 0 = submit only). */
#include "example_common.h"

#include <stdio.h>
#include <stdlib.h>

int main(void) {
  aml_global_init();
  int status = 1;
  aml_client *client = example_client();
  aml_job *job = NULL, *done = NULL;
  aml_error *err = NULL;
  if (!client) goto done;

  aml_job_input input;
  aml_job_input_init(&input, AML_JOB_INPUT_VERSION);
  input.name = "heart_dataset";
  input.type = AML_INPUT_TYPE_URI_FOLDER;
  input.uri = example_env("AZUREML_INPUT_URI", "azureml://datastores/workspaceblobstore/paths/heart/data/");

  aml_invoke_options opts;
  aml_invoke_options_init(&opts, AML_INVOKE_OPTIONS_VERSION);
  opts.inputs = &input;
  opts.inputs_count = 1;
  opts.job_name = example_env("AZUREML_JOB_NAME", NULL);
  opts.deployment_name = example_env("AZUREML_DEPLOYMENT_NAME", NULL); /* NULL: the default one */

  const char *endpoint = example_env("AZUREML_ENDPOINT_NAME", "endpoint-example");
  if (aml_batch_endpoints_invoke(client, endpoint, &opts, &job, &err) < 0) {
    example_fail("invoking the batch endpoint", err);
    goto done;
  }
  printf("batch job %s: %s\n", job->name, job->status ? job->status : "?");
  fflush(stdout);

  long long timeout_s = atoll(example_env("AZUREML_JOB_TIMEOUT_S", "600"));
  if (timeout_s <= 0) {
    status = 0;
    goto done;
  }
  aml_result rc = aml_jobs_wait(client, job->name, timeout_s * 1000, &done, &err);
  printf("batch job %s: %s\n", job->name, done && done->status ? done->status : "?");
  if (rc < 0) {
    example_fail("waiting for the batch job", err);
    goto done;
  }
  status = 0;
done:
  aml_job_free(done);
  aml_job_free(job);
  aml_client_unref(client);
  aml_global_shutdown();
  return status;
}
