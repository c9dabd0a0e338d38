/* Batch jobs with real data against aml-emulator, through the SDK only: the
 * sample model and scoring code are uploaded with aml_data_upload(); jobs
 * are invoked with a local folder input (uploaded first), with a data asset
 * input (pinned version and @latest) and with named outputs; the predictions
 * and the logs of a completed and of a failed job are downloaded; a running
 * job's log is followed, and what was followed is byte-identical to what is
 * downloaded afterwards. Nothing reaches into the emulator's folders. */
#include "emulator_harness.h"
#include "test_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SAMPLE AML_TEST_SOURCE_DIR "/examples/batch-scoring"

static aml_emu g_emu;
static aml_client *g_client;
static char g_tmp[300];

static void upload(const char *local, const char *dest) {
  aml_error *err = NULL;
  aml_emu_must(aml_data_upload(g_client, local, dest, NULL, &err), &err, dest);
}

static int setup_group(void **state) {
  (void)state;
  static const char *const args[] = {"--provisioning-delay-ms", "50", "--job-start-delay-ms", "0", NULL};
  aml_emu_start(&g_emu, AML_EMULATOR_PATH, args);
  g_client = aml_emu_client(100, NULL, NULL);
  snprintf(g_tmp, sizeof(g_tmp), "%s/jobs-data", g_emu.dir);
  if (mkdir(g_tmp, 0700) != 0) fail_msg("mkdir %s", g_tmp);
  upload(SAMPLE "/model", "azureml://datastores/workspaceblobstore/paths/heart/model/");
  upload(SAMPLE "/code", "azureml://datastores/workspaceblobstore/paths/heart/code/");

  aml_error *err = NULL;
  aml_emu_create_endpoint(g_client, "heart-endpoint");
  aml_emu_create_compute(g_client, "cpu-cluster");
  aml_model_version mv;
  aml_model_version_init(&mv, AML_MODEL_VERSION_VERSION);
  mv.name = "heart-model";
  mv.asset_version = "1";
  mv.path = "azureml://datastores/workspaceblobstore/paths/heart/model";
  aml_emu_must(aml_models_create_or_update(g_client, &mv, NULL, &err), &err, "model");
  aml_code_version cv;
  aml_code_version_init(&cv, AML_CODE_VERSION_VERSION);
  cv.name = "heart-code";
  cv.asset_version = "1";
  cv.path = "azureml://datastores/workspaceblobstore/paths/heart/code";
  aml_emu_must(aml_codes_create_or_update(g_client, &cv, NULL, &err), &err, "code");
  aml_environment_version ev;
  aml_environment_version_init(&ev, AML_ENVIRONMENT_VERSION_VERSION);
  ev.name = "heart-env";
  ev.asset_version = "1";
  ev.image = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04:latest";
  aml_emu_must(aml_environments_create_or_update(g_client, &ev, NULL, &err), &err, "environment");
  aml_code_configuration cc;
  aml_code_configuration_init(&cc, AML_CODE_CONFIGURATION_VERSION);
  cc.code = "azureml:heart-code:1";
  cc.scoring_script = "batch_driver.py";
  aml_batch_deployment d;
  aml_batch_deployment_init(&d, AML_BATCH_DEPLOYMENT_VERSION);
  d.name = "blue";
  d.endpoint_name = "heart-endpoint";
  d.model = "azureml:heart-model:1";
  d.code_configuration = &cc;
  d.environment = "azureml:heart-env:1";
  d.compute = "azureml:cpu-cluster";
  d.mini_batch_size = 2;
  aml_emu_deploy_as_default(g_client, &d);
  return 0;
}

static int teardown_group(void **state) {
  (void)state;
  aml_client_unref(g_client);
  aml_emu_cleanup(&g_emu);
  return 0;
}

static aml_job *invoke_one(const char *uri, const aml_job_output *score, int32_t error_threshold) {
  aml_job_input in;
  aml_job_input_init(&in, AML_JOB_INPUT_VERSION);
  in.name = "heart";
  in.uri = uri;
  const aml_job_output *outs[] = {score};
  aml_batch_retry_settings rs;
  aml_batch_retry_settings_init(&rs, AML_BATCH_RETRY_SETTINGS_VERSION);
  rs.max_retries = 0;
  aml_invoke_options o;
  aml_invoke_options_init(&o, AML_INVOKE_OPTIONS_VERSION);
  o.inputs = &in;
  o.inputs_count = 1;
  o.outputs = score ? outs : NULL;
  o.outputs_count = score ? 1 : 0;
  o.error_threshold = error_threshold;
  o.retry_settings = &rs;
  aml_job *job = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_batch_endpoints_invoke(g_client, "heart-endpoint", &o, &job, &err), &err, "invoke");
  return job;
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  assert_non_null(buf);
  size_t got = fread(buf, 1, (size_t)n, f);
  fclose(f);
  buf[got] = '\0';
  if (len) *len = got;
  return buf;
}

static int count_lines(const char *s) {
  int n = 0;
  for (; s && *s; s++) n += *s == '\n';
  return n;
}

/* Rows of the sample data (every file's lines but the header). */
static int sample_rows(void) {
  int rows = 0;
  char path[512];
  for (int i = 1; i <= 8; i++) {
    snprintf(path, sizeof(path), SAMPLE "/data/patients-%02d.csv", i);
    char *text = slurp(path, NULL);
    assert_non_null(text);
    rows += count_lines(text) - 1;
    free(text);
  }
  return rows;
}

static void wait_ok(const char *name) {
  aml_job *job = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_jobs_wait(g_client, name, 120000, &job, &err), &err, "wait");
  assert_string_equal(job->status, "Completed");
  assert_non_null(job->start_time); /* run history */
  assert_non_null(job->end_time);
  aml_job_free(job);
}

/* A local folder input (uploaded through the SDK) with a named score output;
 * the predictions downloaded through the SDK. */
static void test_local_folder_input_named_output(void **state) {
  (void)state;
  aml_job_output score;
  aml_job_output_init(&score, AML_JOB_OUTPUT_VERSION);
  score.name = AML_JOB_OUTPUT_SCORE;
  score.uri = "azureml://datastores/workspaceblobstore/paths/results/local-input/";
  aml_job *job = invoke_one(SAMPLE "/data", &score, -1);
  assert_non_null(strstr(job->inputs[0]->uri, "azureml://datastores/workspaceblobstore/paths/LocalUpload/"));
  wait_ok(job->name);

  char *uri = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_jobs_get_output_uri(g_client, job->name, NULL, &uri, &err), &err, "output uri");
  assert_string_equal(uri, score.uri);
  aml_free(uri);
  char dir[512], path[600];
  snprintf(dir, sizeof(dir), "%s/local-out", g_tmp);
  aml_emu_must(aml_jobs_download_output(g_client, job->name, NULL, dir, NULL, &err), &err, "download output");
  snprintf(path, sizeof(path), "%s/predictions.csv", dir);
  char *pred = slurp(path, NULL);
  assert_non_null(pred);
  assert_int_equal(count_lines(pred), sample_rows());
  assert_non_null(strstr(pred, "patients-01.csv,0,"));
  free(pred);
  aml_job_free(job);
}

/* A data asset input, by pinned version and by @latest, on the default
 * output; logs of the completed job downloaded. */
static void test_data_asset_input_and_logs(void **state) {
  (void)state;
  aml_data_asset a;
  aml_data_asset_init(&a, AML_DATA_ASSET_VERSION);
  a.name = "heart-data";
  a.asset_version = "1";
  a.type = "uri_folder";
  a.path = SAMPLE "/data"; /* a local folder: uploaded, then registered */
  aml_error *err = NULL;
  aml_emu_must(aml_data_assets_create_or_update(g_client, &a, NULL, NULL, &err), &err, "data asset");

  const char *refs[] = {"azureml:heart-data:1", "azureml:heart-data@latest"};
  for (size_t i = 0; i < 2; i++) {
    aml_job *job = invoke_one(refs[i], NULL, -1);
    assert_non_null(strstr(job->inputs[0]->uri, "/data/heart-data/versions/1"));
    wait_ok(job->name);
    char dir[512], path[700];
    snprintf(dir, sizeof(dir), "%s/asset-out-%zu", g_tmp, i);
    aml_emu_must(aml_jobs_download_output(g_client, job->name, AML_JOB_OUTPUT_SCORE, dir, NULL, &err), &err,
                 "download the default score output");
    snprintf(path, sizeof(path), "%s/predictions.csv", dir);
    char *pred = slurp(path, NULL);
    assert_non_null(pred);
    assert_int_equal(count_lines(pred), sample_rows());
    free(pred);
    snprintf(dir, sizeof(dir), "%s/asset-logs-%zu", g_tmp, i);
    aml_emu_must(aml_jobs_download_logs(g_client, job->name, dir, NULL, &err), &err, "download logs");
    snprintf(path, sizeof(path), "%s/logs/job.log", dir);
    char *log = slurp(path, NULL);
    assert_non_null(log);
    assert_non_null(strstr(log, "Completed"));
    free(log);
    aml_job_free(job);
  }
}

/* A job whose scoring fails: the wait names the reason; its logs (with the
 * script's traceback) download all the same. */
static void test_failed_job_reason_and_logs(void **state) {
  (void)state;
  char bad[512], file[600];
  snprintf(bad, sizeof(bad), "%s/bad-input", g_tmp);
  assert_int_equal(mkdir(bad, 0700), 0);
  snprintf(file, sizeof(file), "%s/broken.csv", bad);
  FILE *f = fopen(file, "w");
  assert_non_null(f);
  fputs("no,such,columns\n1,2,3\n", f);
  fclose(f);
  aml_job *job = invoke_one(bad, NULL, 0);
  aml_job *done = NULL;
  aml_error *err = NULL;
  assert_int_equal(aml_jobs_wait(g_client, job->name, 120000, &done, &err), AML_ERR_OPERATION_FAILED);
  assert_string_equal(done->status, "Failed");
  assert_non_null(done->error_message); /* from run history */
  assert_true(strlen(done->error_message) > 0);
  assert_non_null(strstr(aml_error_message(err), "ended Failed: "));
  if (done->error_code) assert_non_null(strstr(aml_error_message(err), done->error_code));
  aml_job_free(done);
  aml_error_free(err);
  err = NULL;

  char dir[512], path[700];
  snprintf(dir, sizeof(dir), "%s/failed-logs", g_tmp);
  aml_emu_must(aml_jobs_download_logs(g_client, job->name, dir, NULL, &err), &err, "download logs of a failed job");
  snprintf(path, sizeof(path), "%s/logs/job.log", dir);
  char *log = slurp(path, NULL);
  assert_non_null(log);
  assert_non_null(strstr(log, "KeyError"));
  free(log);
  /* Its outputs: what it wrote (possibly nothing) is downloadable; the place is known. */
  char *uri = NULL;
  aml_emu_must(aml_jobs_get_output_uri(g_client, job->name, NULL, &uri, &err), &err, "output uri of a failed job");
  assert_non_null(strstr(uri, job->name));
  aml_free(uri);
  snprintf(dir, sizeof(dir), "%s/failed-out", g_tmp);
  aml_result rc = aml_jobs_download_output(g_client, job->name, NULL, dir, NULL, &err);
  assert_true(rc == AML_OK || rc == AML_ERR_NOT_FOUND);
  aml_error_free(err);
  aml_job_free(job);
}

typedef struct followed {
  char *text[2]; /* logs/job.log, user_logs/std_log.txt */
  size_t len[2];
  int chunks;
} followed;

static int32_t on_chunk(const char *file, const uint8_t *data, size_t len, void *user_data) {
  followed *f = user_data;
  int i = strcmp(file, "logs/job.log") == 0 ? 0 : strcmp(file, "user_logs/std_log.txt") == 0 ? 1 : -1;
  if (i < 0) return 0;
  f->text[i] = realloc(f->text[i], f->len[i] + len + 1);
  assert_non_null(f->text[i]);
  memcpy(f->text[i] + f->len[i], data, len);
  f->len[i] += len;
  f->text[i][f->len[i]] = '\0';
  f->chunks++;
  return 0;
}

/* Follow a job from the moment it is invoked until it ends: what arrived
 * equals the logs downloaded afterwards, byte for byte. */
static void test_follow_running_job(void **state) {
  (void)state;
  aml_job *job = invoke_one(SAMPLE "/data", NULL, -1);
  followed f = {0};
  aml_job_log_options o;
  aml_job_log_options_init(&o, AML_JOB_LOG_OPTIONS_VERSION);
  o.poll_interval_ms = 50;
  o.timeout_ms = 120000;
  aml_job *done = NULL;
  aml_error *err = NULL;
  aml_emu_must(aml_jobs_follow_logs(g_client, job->name, &o, on_chunk, &f, &done, &err), &err, "follow");
  assert_string_equal(done->status, "Completed");
  aml_job_free(done);
  assert_true(f.chunks >= 1);
  char dir[512], path[700];
  snprintf(dir, sizeof(dir), "%s/followed-logs", g_tmp);
  aml_emu_must(aml_jobs_download_logs(g_client, job->name, dir, NULL, &err), &err, "download logs");
  snprintf(path, sizeof(path), "%s/logs/job.log", dir);
  size_t n = 0;
  char *log = slurp(path, &n);
  assert_non_null(log);
  assert_int_equal(f.len[0], n);
  assert_memory_equal(f.text[0], log, n);
  free(log);
  snprintf(path, sizeof(path), "%s/user_logs/std_log.txt", dir);
  log = slurp(path, &n);
  if (log) {
    assert_int_equal(f.len[1], n);
    if (n) assert_memory_equal(f.text[1], log, n);
  }
  free(log);
  free(f.text[0]);
  free(f.text[1]);
  aml_job_free(job);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_local_folder_input_named_output),
      cmocka_unit_test(test_data_asset_input_and_logs),
      cmocka_unit_test(test_failed_job_reason_and_logs),
      cmocka_unit_test(test_follow_running_job),
  };
  return cmocka_run_group_tests(tests, setup_group, teardown_group);
}
