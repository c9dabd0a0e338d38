/* Library-wide state: versions and the counted global init. */
#include <azureml/common.h>
#include <azureml/errors.h>
#include <curl/curl.h>
#include <pthread.h>

static pthread_mutex_t g_init_lock = PTHREAD_MUTEX_INITIALIZER;
static int32_t g_init_count;

uint32_t aml_version_number(void) { return AML_VERSION_NUMBER; }
const char *aml_version_string(void) { return AML_VERSION_STRING; }
const char *aml_default_api_version(void) { return AML_DEFAULT_API_VERSION; }

int32_t aml_global_init(void) {
  int32_t rc;
  pthread_mutex_lock(&g_init_lock);
  if (g_init_count == 0 && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    rc = AML_ERR_INTERNAL;
  } else {
    rc = ++g_init_count;
  }
  pthread_mutex_unlock(&g_init_lock);
  return rc;
}

int32_t aml_global_shutdown(void) {
  int32_t rc;
  pthread_mutex_lock(&g_init_lock);
  if (g_init_count == 0) {
    rc = AML_ERR_INVALID_ARG;
  } else {
    rc = --g_init_count;
    if (rc == 0) curl_global_cleanup();
  }
  pthread_mutex_unlock(&g_init_lock);
  return rc;
}
