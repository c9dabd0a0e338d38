/* Model, code and environment versions: defaults, JSON both ways, names from
 * resource ids, read-only members, enum spellings, parse errors, clone. */
#include "test_json.h"
#include "test_support.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ml/entity_assets.h"

static void test_init_defaults(void **state) {
  (void)state;
  aml_model_version m;
  aml_code_version c;
  aml_environment_version e;
  memset(&m, 0x33, sizeof(m));
  memset(&c, 0x33, sizeof(c));
  memset(&e, 0x33, sizeof(e));
  assert_int_equal(aml_model_version_init(&m, AML_MODEL_VERSION_VERSION), AML_OK);
  assert_int_equal(aml_code_version_init(&c, AML_CODE_VERSION_VERSION), AML_OK);
  assert_int_equal(aml_environment_version_init(&e, AML_ENVIRONMENT_VERSION_VERSION), AML_OK);
  assert_null(m.name);
  assert_null(m.path);
  assert_null(m.tags);
  assert_null(c.path);
  assert_null(e.image);
  assert_null(e.raw_json);
  assert_int_equal(aml_model_version_init(&m, 2), AML_ERR_VERSION);
  assert_int_equal(aml_code_version_init(&c, 2), AML_ERR_VERSION);
  assert_int_equal(aml_environment_version_init(&e, 2), AML_ERR_VERSION);
  assert_int_equal(aml_model_version_init(NULL, 1), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_code_version_init(NULL, 1), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_environment_version_init(NULL, 1), AML_ERR_INVALID_ARG);
}

static void test_model_version(void **state) {
  (void)state;
  char *text = aml_test_fixture("model_version.json");
  aml_model_version *m = NULL;
  assert_int_equal(aml_model_version_from_json(text, &m, NULL), AML_OK);
  assert_string_equal(m->name, "loan-gbm"); /* from the id */
  assert_string_equal(m->asset_version, "7"); /* the body's "name" */
  assert_string_equal(m->path, "azureml://datastores/workspaceblobstore/paths/models/loan-gbm/7/");
  assert_string_equal(m->model_type, AML_MODEL_TYPE_MLFLOW);
  assert_string_equal(m->description, "Loan default model");
  assert_string_equal(m->tags[0].key, "framework");
  assert_string_equal(m->properties[0].value, "0.91");
  assert_string_equal(m->provisioning_state, "Succeeded");
  assert_non_null(strstr(m->id, "/models/loan-gbm/versions/7"));
  assert_string_equal(m->raw_json, text);
  assert_int_equal(aml_model_version_validate(m, NULL), AML_OK);
  char *out = NULL;
  assert_int_equal(aml_model_version_to_json(m, &out, NULL), AML_OK);
  char *expected = aml_test_fixture("model_version.put.json");
  aml_test_assert_json_eq(out, expected); /* flavors, jobName, stage kept; read-only gone */
  free(expected);
  aml_free(out);

  aml_model_version *copy = NULL;
  assert_int_equal(aml_model_version_clone(m, &copy, NULL), AML_OK);
  aml_model_version_free(m);
  assert_string_equal(copy->name, "loan-gbm");
  assert_string_equal(copy->asset_version, "7");
  assert_int_equal(aml_model_version_to_json(copy, &out, NULL), AML_OK);
  aml_test_assert_str_at(out, "properties.modelType", "MLFlowModel");
  aml_free(out);
  aml_model_version_free(copy);
  free(text);
}

static void test_new_model_body(void **state) {
  (void)state;
  aml_model_version m;
  aml_model_version_init(&m, AML_MODEL_VERSION_VERSION);
  m.name = "loan-gbm";
  m.asset_version = "8";
  m.path = "azureml://datastores/workspaceblobstore/paths/models/loan-gbm/8/";
  m.model_type = AML_MODEL_TYPE_CUSTOM;
  aml_string_pair tags[] = {{"owner", "risk"}};
  m.tags = tags;
  m.tags_count = 1;
  m.id = "/ignored";
  m.provisioning_state = "Succeeded";
  assert_int_equal(aml_model_version_validate(&m, NULL), AML_OK);
  char *out = NULL;
  assert_int_equal(aml_model_version_to_json(&m, &out, NULL), AML_OK);
  aml_test_assert_json_eq(out, "{\"properties\":{\"tags\":{\"owner\":\"risk\"},\"modelType\":\"CustomModel\","
                      "\"modelUri\":\"azureml://datastores/workspaceblobstore/paths/models/loan-gbm/8/\"}}");
  aml_free(out);
  static const struct {
    const char *in, *wire;
  } types[] = {{"mlflow_model", "MLFlowModel"}, {"MLFLOW_MODEL", "MLFlowModel"}, {"mlflowmodel", "MLFlowModel"},
               {"triton_model", "TritonModel"}, {"CustomModel", "CustomModel"}, {"onnx_model", "onnx_model"}};
  for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
    m.model_type = types[i].in;
    assert_int_equal(aml_model_version_to_json(&m, &out, NULL), AML_OK);
    aml_test_assert_str_at(out, "properties.modelType", types[i].wire);
    aml_free(out);
  }
}

static void test_code_version(void **state) {
  (void)state;
  char *text = aml_test_fixture("code_version.json");
  aml_code_version *c = NULL;
  assert_int_equal(aml_code_version_from_json(text, &c, NULL), AML_OK);
  assert_string_equal(c->name, "scorer");
  assert_string_equal(c->asset_version, "3");
  assert_non_null(strstr(c->path, "/LocalUpload/4f1c2e9/scorer"));
  assert_non_null(c->tags); /* {} */
  assert_int_equal(c->tags_count, 0);
  assert_int_equal(c->properties_count, 1);
  assert_int_equal(aml_code_version_validate(c, NULL), AML_OK);
  char *out = NULL;
  assert_int_equal(aml_code_version_to_json(c, &out, NULL), AML_OK);
  aml_test_assert_json_eq(out, "{\"properties\":{\"description\":\"Scoring script\",\"codeUri\":\"https://mlstorage.blob.core."
                      "windows.net/azureml-blobstore/LocalUpload/4f1c2e9/scorer\",\"isAnonymous\":false,\"tags\":{},"
                      "\"properties\":{\"hash_sha256\":\"5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8\"}}}");
  aml_free(out);
  aml_code_version *copy = NULL;
  assert_int_equal(aml_code_version_clone(c, &copy, NULL), AML_OK);
  aml_code_version_free(c);
  assert_string_equal(copy->name, "scorer");
  assert_non_null(copy->tags);
  aml_code_version_free(copy);
  free(text);

  aml_code_version mine;
  aml_code_version_init(&mine, AML_CODE_VERSION_VERSION);
  mine.name = "scorer";
  mine.asset_version = "4";
  mine.path = "https://mlstorage.blob.core.windows.net/code/scorer";
  assert_int_equal(aml_code_version_to_json(&mine, &out, NULL), AML_OK);
  aml_test_assert_json_eq(out, "{\"properties\":{\"codeUri\":\"https://mlstorage.blob.core.windows.net/code/scorer\"}}");
  aml_free(out);
}

static void test_environment_version(void **state) {
  (void)state;
  char *text = aml_test_fixture("environment_version.json");
  aml_environment_version *e = NULL;
  assert_int_equal(aml_environment_version_from_json(text, &e, NULL), AML_OK);
  assert_string_equal(e->name, "sklearn-env");
  assert_string_equal(e->asset_version, "2");
  assert_string_equal(e->image, "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest");
  assert_non_null(strstr(e->conda_file, "scikit-learn==1.5.0\n"));
  assert_string_equal(e->os_type, AML_OS_TYPE_LINUX);
  assert_string_equal(e->environment_type, "UserCreated");
  assert_string_equal(e->provisioning_state, "Succeeded");
  assert_int_equal(aml_environment_version_validate(e, NULL), AML_OK);
  char *out = NULL;
  assert_int_equal(aml_environment_version_to_json(e, &out, NULL), AML_OK);
  aml_test_assert_absent(out, "properties.environmentType"); /* read-only */
  aml_test_assert_absent(out, "properties.provisioningState");
  aml_test_assert_absent(out, "id");
  aml_test_assert_str_at(out, "properties.osType", "Linux");
  aml_test_assert_str_at(out, "properties.autoRebuild", "OnBaseImageUpdate");
  aml_test_assert_str_at(out, "properties.inferenceConfig.scoringRoute.path", "/score");
  aml_test_assert_str_at(out, "properties.condaFile", e->conda_file);
  aml_free(out);
  aml_environment_version *copy = NULL;
  assert_int_equal(aml_environment_version_clone(e, &copy, NULL), AML_OK);
  aml_environment_version_free(e);
  assert_string_equal(copy->environment_type, "UserCreated");
  assert_string_equal(copy->os_type, "linux");
  aml_environment_version_free(copy);
  free(text);

  /* Built from a Docker context: no image, still valid; the build survives. */
  text = aml_test_fixture("environment_version_build.json");
  assert_int_equal(aml_environment_version_from_json(text, &e, NULL), AML_OK);
  assert_null(e->image);
  assert_int_equal(aml_environment_version_validate(e, NULL), AML_OK);
  e->description = "rebuilt";
  assert_int_equal(aml_environment_version_to_json(e, &out, NULL), AML_OK);
  aml_test_assert_str_at(out, "properties.build.dockerfilePath", "Dockerfile");
  aml_test_assert_str_at(out, "properties.description", "rebuilt");
  aml_free(out);
  aml_environment_version_free(e);
  free(text);

  aml_environment_version mine;
  aml_environment_version_init(&mine, AML_ENVIRONMENT_VERSION_VERSION);
  mine.name = "py311";
  mine.asset_version = "1";
  mine.image = "python:3.11-slim";
  mine.conda_file = "dependencies:\n  - python=3.11\n";
  mine.os_type = "WINDOWS";
  mine.environment_type = "Curated"; /* read-only: ignored */
  assert_int_equal(aml_environment_version_to_json(&mine, &out, NULL), AML_OK);
  aml_test_assert_json_eq(out, "{\"properties\":{\"image\":\"python:3.11-slim\",\"condaFile\":\"dependencies:\\n  - python=3.11\\n\","
                      "\"osType\":\"Windows\"}}");
  aml_free(out);
}

static void test_names_from_ids(void **state) {
  (void)state;
  static const struct {
    const char *id, *name;
  } cases[] = {
      {"/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/registries/reg/models/phi/versions/1",
       "phi"},
      /* A workspace called "models" is not the collection. */
      {"/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/models/models/m/versions/1",
       "m"},
      {"/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/Models/upper/versions/2",
       "upper"},
      {"/not/an/arm/id", NULL},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    char json[512];
    snprintf(json, sizeof(json), "{\"id\":\"%s\",\"name\":\"1\",\"properties\":{}}", cases[i].id);
    aml_model_version *m = NULL;
    assert_int_equal(aml_model_version_from_json(json, &m, NULL), AML_OK);
    if (cases[i].name) assert_string_equal(m->name, cases[i].name);
    else assert_null(m->name);
    aml_model_version_free(m);
  }
}

static void test_parse_errors(void **state) {
  (void)state;
  aml_test_alloc_install();
  long live = aml_test_alloc_live();
  static const struct {
    int kind;
    const char *json, *needle;
  } cases[] = {
      {0, "{\"properties\":{\"modelUri\":5}}", "model version JSON: properties.modelUri must be a string"},
      {0, "{\"properties\":{\"tags\":[]}}", "properties.tags"},
      {0, "{\"name\":7}", "name must be a string"},
      {1, "{\"properties\":1}", "code version JSON: properties must be an object"},
      {1, "{\"properties\":{\"codeUri\":{}}}", "properties.codeUri"},
      {2, "{\"properties\":{\"condaFile\":[\"a\"]}}", "environment version JSON: properties.condaFile"},
      {2, "{\"properties\":{\"properties\":{\"k\":false}}}", "properties.properties[\"k\"]"},
      {2, "{\"id\":{}}", "id must be a string"},
      {2, "[]", "not an object"},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    aml_error *err = NULL;
    aml_result rc;
    void *obj = NULL;
    if (cases[i].kind == 0) rc = aml_model_version_from_json(cases[i].json, (aml_model_version **)&obj, &err);
    else if (cases[i].kind == 1) rc = aml_code_version_from_json(cases[i].json, (aml_code_version **)&obj, &err);
    else rc = aml_environment_version_from_json(cases[i].json, (aml_environment_version **)&obj, &err);
    assert_int_equal(rc, AML_ERR_PARSE);
    assert_null(obj);
    if (!strstr(aml_error_message(err), cases[i].needle))
      fail_msg("message \"%s\" does not name \"%s\"", aml_error_message(err), cases[i].needle);
    aml_error_free(err);
  }
  assert_int_equal(aml_test_alloc_live(), live);
  aml_test_alloc_uninstall();
}

static void test_arguments(void **state) {
  (void)state;
  char *out = NULL;
  aml_model_version m;
  aml_model_version_init(&m, AML_MODEL_VERSION_VERSION);
  aml_model_version *mp = NULL;
  assert_int_equal(aml_model_version_to_json(NULL, &out, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_model_version_to_json(&m, NULL, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_model_version_from_json(NULL, &mp, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_model_version_clone(NULL, &mp, NULL), AML_ERR_INVALID_ARG);
  m.version = 4;
  assert_int_equal(aml_model_version_to_json(&m, &out, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_model_version_clone(&m, &mp, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_model_version_validate(&m, NULL), AML_ERR_VERSION);
  aml_code_version c;
  aml_code_version_init(&c, AML_CODE_VERSION_VERSION);
  aml_code_version *cp = NULL;
  assert_int_equal(aml_code_version_from_json("{}", NULL, NULL), AML_ERR_INVALID_ARG);
  assert_int_equal(aml_code_version_to_json(&c, NULL, NULL), AML_ERR_INVALID_ARG);
  c.version = 0;
  assert_int_equal(aml_code_version_to_json(&c, &out, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_code_version_clone(&c, &cp, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_code_version_validate(&c, NULL), AML_ERR_VERSION);
  aml_environment_version e;
  aml_environment_version_init(&e, AML_ENVIRONMENT_VERSION_VERSION);
  aml_environment_version *ep = NULL;
  assert_int_equal(aml_environment_version_from_json(NULL, &ep, NULL), AML_ERR_INVALID_ARG);
  e.version = 3;
  assert_int_equal(aml_environment_version_to_json(&e, &out, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_environment_version_clone(&e, &ep, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_environment_version_validate(&e, NULL), AML_ERR_VERSION);
  assert_int_equal(aml_environment_version_validate(NULL, NULL), AML_ERR_INVALID_ARG);
  assert_null(out);
}

static void test_list_items(void **state) {
  (void)state;
  const char *page_text = "{\"value\":[{\"id\":\"/subscriptions/s/resourceGroups/r/providers/"
                          "Microsoft.MachineLearningServices/workspaces/w/environments/e1/versions/5\",\"name\":\"5\","
                          "\"properties\":{\"image\":\"img:1\"}}]}";
  aml__arm_page page;
  assert_int_equal(aml__arm_page_parse(page_text, strlen(page_text), "environment version", &page, NULL), AML_OK);
  aml_environment_version *e = NULL;
  assert_int_equal(aml__environment_version_from_json_value(aml__arm_page_item(&page, 0), &e, NULL), AML_OK);
  assert_string_equal(e->name, "e1");
  assert_string_equal(e->asset_version, "5");
  assert_string_equal(e->image, "img:1");
  aml_environment_version_free(e);
  aml_model_version *m = NULL;
  assert_int_equal(aml__model_version_from_json_value(aml__arm_page_item(&page, 0), &m, NULL), AML_OK);
  aml_model_version_free(m);
  aml_code_version *c = NULL;
  assert_int_equal(aml__code_version_from_json_value(aml__arm_page_item(&page, 0), &c, NULL), AML_OK);
  aml_code_version_free(c);
  aml__arm_page_free(&page);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_init_defaults),       cmocka_unit_test(test_model_version),
      cmocka_unit_test(test_new_model_body),      cmocka_unit_test(test_code_version),
      cmocka_unit_test(test_environment_version), cmocka_unit_test(test_names_from_ids),
      cmocka_unit_test(test_parse_errors),        cmocka_unit_test(test_arguments),
      cmocka_unit_test(test_list_items),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
