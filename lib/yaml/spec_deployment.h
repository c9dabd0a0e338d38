/* The loaded deployment spec: the deployment plus the inline assets it
 * carries until they are registered (spec_register.c). */
#ifndef AML_YAML_SPEC_DEPLOYMENT_H
#define AML_YAML_SPEC_DEPLOYMENT_H

#include <azureml/yaml.h>
#include <stdbool.h>

struct aml_batch_deployment_spec {
  aml_batch_deployment *deployment;  /* library-owned */
  /* Inline assets (library-owned, NULL when the file references one): as
   * loaded, replaced by the registered version once registered. */
  aml_model_version *model;
  aml_code_version *code;
  aml_environment_version *environment;
  /* The references filled into the deployment by registration (owned here). */
  char *model_ref, *code_ref, *environment_ref;
  /* After registration the deployment's code configuration points here. */
  aml_code_configuration cc;
  bool model_done, code_done, environment_done;
};

#endif
