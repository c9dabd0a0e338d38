/* Step 2 of the batch-scoring flow: create an AmlCompute cluster.
 *
 *   compute = AmlCompute(name="aml-cluster", size="STANDARD_DS11_V2", min_instances=0,
 *                        max_instances=4, idle_time_before_scale_down=120, tier="Dedicated")
 *   ml_client.compute.begin_create_or_update(compute)
 *
 * AZUREML_COMPUTE_NAME overrides the name. */
#include "example_common.h"

#include <stdio.h>

int main(void) {
  aml_global_init();
  int status = 1;
  aml_client *client = example_client();
  aml_poller *poller = NULL;
  aml_error *err = NULL;
  if (!client) goto done;

  aml_compute compute;
  aml_compute_init(&compute, AML_COMPUTE_VERSION);
  compute.name = example_env("AZUREML_COMPUTE_NAME", "aml-cluster");
  compute.size = "STANDARD_DS11_V2";
  compute.min_instances = 0;
  compute.max_instances = 4;
  compute.idle_time_before_scale_down = 120; /* seconds; sent as PT2M */
  compute.tier = AML_COMPUTE_TIER_DEDICATED;

  if (aml_computes_begin_create_or_update(client, &compute, &poller, &err) < 0) {
    example_fail("creating the compute cluster", err);
    goto done;
  }
  if (example_wait(poller, "creating the compute cluster") != 0) goto done;

  const aml_compute *created = aml_poller_compute(poller); /* borrowed */
  printf("compute %s: %s\n", created->name, created->provisioning_state ? created->provisioning_state : "?");
  printf("  size: %s, tier: %s\n", created->size ? created->size : "?", created->tier ? created->tier : "?");
  printf("  instances: min %d, max %d, idle before scale-down %lld s\n", created->min_instances,
         created->max_instances, (long long)created->idle_time_before_scale_down);
  printf("  allocation: %s\n", created->allocation_state ? created->allocation_state : "?");
  status = 0;
done:
  aml_poller_free(poller);
  aml_client_unref(client);
  aml_global_shutdown();
  return status;
}
