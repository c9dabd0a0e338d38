/* Step 1 of the batch-scoring flow: create a batch endpoint.
 *
 *   endpoint = BatchEndpoint(name="endpoint-example", description="A batch endpoint")
 *   ml_client.batch_endpoints.begin_create_or_update(endpoint)
 *
 * Configured from the environment (see README.md); AZUREML_ENDPOINT_NAME
 * overrides the name. */
#include "example_common.h"

#include <stdio.h>

int main(void) {
  aml_global_init();
  int status = 1;
  aml_client *client = example_client();
  aml_poller *poller = NULL;
  aml_error *err = NULL;
  if (!client) goto done;

  aml_batch_endpoint endpoint;
  aml_batch_endpoint_init(&endpoint, AML_BATCH_ENDPOINT_VERSION);
  endpoint.name = example_env("AZUREML_ENDPOINT_NAME", "endpoint-example");
  endpoint.description = "A batch endpoint";

  if (aml_batch_endpoints_begin_create_or_update(client, &endpoint, &poller, &err) < 0) {
    example_fail("creating the batch endpoint", err);
    goto done;
  }
  if (example_wait(poller, "creating the batch endpoint") != 0) goto done;

  const aml_batch_endpoint *created = aml_poller_batch_endpoint(poller); /* borrowed */
  printf("batch endpoint %s: %s\n", created->name, created->provisioning_state ? created->provisioning_state : "?");
  printf("  description: %s\n", created->description ? created->description : "");
  printf("  auth mode:   %s\n", created->auth_mode ? created->auth_mode : "");
  printf("  scoring URI: %s\n", created->scoring_uri ? created->scoring_uri : "(none yet)");
  status = 0;
done:
  aml_poller_free(poller);
  aml_client_unref(client);
  aml_global_shutdown();
  return status;
}
