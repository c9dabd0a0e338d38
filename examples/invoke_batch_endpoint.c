/* Step 4 of the batch-scoring flow: invoke the endpoint on a folder of input
 * files, follow the batch scoring job's logs while it runs, and download its
 * predictions.
 *
 *   job = ml_client.batch_endpoints.invoke(endpoint_name="endpoint-example",
 *             inputs={"heart_dataset": Input(type="uri_folder", path="./data")})
 *   ml_client.jobs.stream(job.name)
 *   ml_client.jobs.download(job.name, download_path="./batch-output", output_name="score")
 *
 * AZUREML_INPUT_URI names the input folder: by default the local sample data
 * of examples/batch-scoring (or AZUREML_SAMPLE_DIR), which the SDK uploads to
 * the workspace's default datastore before invoking; a datastore path
 * (azureml://...), a storage URL or a data asset (azureml:<name>@latest) is
 * sent as it is. AZUREML_JOB_NAME names the job, AZUREML_JOB_TIMEOUT_S bounds
 * the wait (default 600; 0 = submit only), AZUREML_OUTPUT_DIR is where the
 * predictions go (default ./batch-output/<job>). */
#include "example_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Log chunks arrive as the service writes them, not line by line: prefix
 * every line with its file name, remembering per file whether the last chunk
 * ended a line. */
typedef struct log_printer {
  char files[8][128];
  int at_line_start[8];
  int used;
} log_printer;

static int *line_start_of(log_printer *lp, const char *file) {
  for (int i = 0; i < lp->used; i++)
    if (strcmp(lp->files[i], file) == 0) return &lp->at_line_start[i];
  int slot = lp->used < 8 ? lp->used++ : 7; /* more files than slots: share the last */
  snprintf(lp->files[slot], sizeof lp->files[slot], "%s", file);
  lp->at_line_start[slot] = 1;
  return &lp->at_line_start[slot];
}

static int32_t print_log(const char *file, const uint8_t *data, size_t len, void *user_data) {
  int *at_start = line_start_of(user_data, file);
  for (size_t i = 0; i < len; i++) {
    if (*at_start) printf("  [%s] ", file);
    putchar(data[i]);
    *at_start = data[i] == '\n';
  }
  fflush(stdout);
  return 0;
}

static int32_t print_progress(uint64_t bytes_done, uint64_t bytes_total, uint64_t files_done,
                              uint64_t files_total, void *user_data) {
  (void)user_data;
  if (files_done == files_total && bytes_done == bytes_total)
    printf("downloaded %llu file(s), %llu bytes\n", (unsigned long long)files_total,
           (unsigned long long)bytes_total);
  return 0;
}

int main(void) {
  aml_global_init();
  int status = 1;
  aml_client *client = example_client();
  aml_job *job = NULL, *done = NULL;
  aml_error *err = NULL;
  char data_dir[4096], out_dir[4096];
  if (!client) goto done;
  if (!example_sample_path("data", data_dir, sizeof data_dir)) {
    fprintf(stderr, "AZUREML_SAMPLE_DIR is too long\n");
    goto done;
  }

  aml_job_input input;
  aml_job_input_init(&input, AML_JOB_INPUT_VERSION);
  input.name = "heart_dataset";
  input.type = AML_INPUT_TYPE_URI_FOLDER;
  input.uri = example_env("AZUREML_INPUT_URI", data_dir);

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
  for (size_t i = 0; i < job->inputs_count; i++)
    if (job->inputs[i]->uri) printf("  input %s: %s\n", job->inputs[i]->name, job->inputs[i]->uri);
  fflush(stdout);

  long long timeout_s = atoll(example_env("AZUREML_JOB_TIMEOUT_S", "600"));
  if (timeout_s <= 0) {
    status = 0;
    goto done;
  }

  /* Follow the job's logs until it ends (its status is read on every poll). */
  aml_job_log_options log_opts;
  aml_job_log_options_init(&log_opts, AML_JOB_LOG_OPTIONS_VERSION);
  log_opts.timeout_ms = timeout_s * 1000;
  log_printer printer = {.used = 0};
  aml_result rc = aml_jobs_follow_logs(client, job->name, &log_opts, print_log, &printer, &done, &err);
  printf("batch job %s: %s\n", job->name, done && done->status ? done->status : "?");
  if (rc < 0) {
    example_fail("following the batch job", err);
    err = NULL;
    if (rc == AML_ERR_OPERATION_FAILED && done) {
      /* Keep the logs of a failed job for a closer look. */
      snprintf(out_dir, sizeof out_dir, "%s/%s/logs", example_env("AZUREML_OUTPUT_DIR", "batch-output"), job->name);
      if (aml_jobs_download_logs(client, job->name, out_dir, NULL, &err) == AML_OK)
        fprintf(stderr, "the job's logs are in %s\n", out_dir);
      else
        example_fail("downloading the job's logs", err);
      err = NULL;
    }
    goto done;
  }

  /* The predictions: the job's `score` output, downloaded through the SDK. */
  const char *out_root = example_env("AZUREML_OUTPUT_DIR", NULL);
  if (out_root)
    snprintf(out_dir, sizeof out_dir, "%s", out_root);
  else
    snprintf(out_dir, sizeof out_dir, "batch-output/%s", job->name);
  aml_transfer_options topts;
  aml_transfer_options_init(&topts, AML_TRANSFER_OPTIONS_VERSION);
  topts.overwrite = AML_OVERWRITE_ALWAYS;
  topts.progress = print_progress;
  if (aml_jobs_download_output(client, job->name, NULL, out_dir, &topts, &err) < 0) {
    example_fail("downloading the predictions", err);
    goto done;
  }
  printf("predictions of %s are in %s\n", job->name, out_dir);
  status = 0;
done:
  aml_job_free(done);
  aml_job_free(job);
  aml_client_unref(client);
  aml_global_shutdown();
  return status;
}
