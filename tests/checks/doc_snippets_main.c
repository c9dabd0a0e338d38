/* Runs every snippet of README.md and docs/ (check.doc_snippets): each
 * fragment gets a fresh client on the fake transport, so nothing leaves the
 * process; whole programs get an environment that points at 127.0.0.1:9
 * (nothing listens there), so they run their error path without network.
 * Under ASan a snippet that leaks or overruns fails the check. */
#include "doc_snippets.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static aml_result no_sleep(int64_t ms, void *ud) {
  (void)ms;
  (void)ud;
  return AML_OK;
}

static int run_fragment(const doc_snippet *s) {
  aml_transport *t = NULL;
  aml_credential *cred = NULL;
  aml_client *client = NULL;
  aml_job *job = NULL;
  aml_client_options o;
  aml_client_options_init(&o, AML_CLIENT_OPTIONS_VERSION);
  o.resource_manager_url = "https://management.example.test";
  o.sleep_fn = no_sleep;
  if (aml_fake_transport_new(&t, NULL) < 0 || (o.transport = t, 0) ||
      aml_static_token_credential_new("doc-token", 0, &cred, NULL) < 0 ||
      aml_client_new(cred, "sub", "rg", "ws", &o, &client, NULL) < 0 ||
      aml_job_from_json("{\"name\":\"job-1\",\"properties\":{\"jobType\":\"Pipeline\",\"status\":\"Completed\"}}", &job,
                        NULL) < 0) {
    fprintf(stderr, "%s: could not set up the fake client\n", s->where);
    return 1;
  }
  s->fragment(client, cred, job);
  aml_job_free(job);
  aml_client_unref(client);
  aml_credential_unref(cred);
  aml_transport_unref(t);
  return 0;
}

int main(void) {
  static const char *const env[][2] = {
      {"AZURE_SUBSCRIPTION_ID", "sub"}, {"AZURE_RESOURCE_GROUP", "rg"}, {"AZUREML_WORKSPACE", "ws"},
      {"AZURE_TENANT_ID", "tenant"},    {"AZURE_CLIENT_ID", "app"},    {"AZURE_CLIENT_SECRET", "not-a-secret"},
      {"AZURE_RESOURCE_MANAGER_URL", "http://127.0.0.1:9"}, {"AZURE_AUTHORITY_HOST", "http://127.0.0.1:9"},
      /* Managed identity asks a closed loopback port, never 169.254.169.254. */
      {"AZURE_POD_IDENTITY_AUTHORITY_HOST", "http://127.0.0.1:9"},
  };
  for (size_t i = 0; i < sizeof(env) / sizeof(env[0]); i++) setenv(env[i][0], env[i][1], 1);
  /* Snippets write files (downloads): keep them out of the build tree. */
  char dir[] = "/tmp/aml-doc-snippets-XXXXXX";
  if (!mkdtemp(dir) || chdir(dir) != 0) {
    perror("mkdtemp");
    return 1;
  }
  int failed = 0;
  aml_global_init();
  for (size_t i = 0; i < doc_snippets_count; i++) {
    const doc_snippet *s = &doc_snippets[i];
    if (s->fragment) {
      failed |= run_fragment(s);
    } else {
      int status = s->program();
      printf("%s: the program returned %d\n", s->where, status);
    }
    printf("ran %s\n", s->where);
  }
  aml_global_shutdown();
  printf("%zu snippets compiled and ran\n", doc_snippets_count);
  return failed;
}
