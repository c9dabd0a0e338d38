/* A consumer built out of tree against an installed libazureml: runs a
 * workspace GET through the public fake transport and checks the result. */
#include <azureml.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  if (aml_version_number() != AML_VERSION_NUMBER) {
    fprintf(stderr, "header %s, library %s\n", AML_VERSION_STRING, aml_version_string());
    return 1;
  }
  aml_transport *t = NULL;
  aml_credential *cred = NULL;
  aml_client *client = NULL;
  aml_workspace *ws = NULL;
  aml_error *err = NULL;
  aml_client_options opts;
  int ok = 0;
  if (aml_global_init() < 1 || aml_fake_transport_new(&t, &err) < 0 ||
      aml_fake_transport_add_response(t, 200, "Content-Type: application/json",
                                      "{\"name\":\"ws\",\"location\":\"eastus\",\"properties\":{}}", &err) < 0 ||
      aml_static_token_credential_new("token", 0, &cred, &err) < 0 ||
      aml_client_options_init(&opts, AML_CLIENT_OPTIONS_VERSION) < 0)
    goto done;
  opts.transport = t;
  if (aml_client_new(cred, "sub", "rg", "ws", &opts, &client, &err) < 0 ||
      aml_workspaces_get(client, &ws, &err) < 0)
    goto done;
  ok = strcmp(ws->location, "eastus") == 0;
  printf("consumer: libazureml %s, workspace %s in %s\n", aml_version_string(), ws->name, ws->location);
done:
  if (err) fprintf(stderr, "consumer: %s\n", aml_error_message(err));
  aml_error_free(err);
  aml_workspace_free(ws);
  aml_client_unref(client);
  aml_credential_unref(cred);
  aml_transport_unref(t);
  aml_global_shutdown();
  return ok ? 0 : 1;
}
