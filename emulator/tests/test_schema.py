"""The spec's schemas for every body the emulator accepts: for each resource a
table of invalid bodies (wrong type, unknown enum value, out of range, broken
pattern, missing required field), each refused with 400 UserError naming the
field's JSON path; and the valid bodies real clients send (this SDK's
fixtures, the REST spec's example bodies, a GET written back with PUT) are
still accepted."""
import copy
import json
import os
import re

from emu import (ML_SCOPE, P, EmulatorTest, command_job, compute_body, deployment_body,
                 endpoint_body, main)

DROP = object()  # a table value that removes the field instead of setting it
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests",
                        "fixtures", "entities")
CC = f"{P}/computes/sch-cc"
MODEL = f"{P}/models/sch-model/versions/1"
CODE = f"{P}/codes/sch-code/versions/1"
ENV = f"{P}/environments/sch-env/versions/1"
INPUT = "azureml://datastores/workspaceblobstore/paths/sch/data/"


def mutate(body, path, value):
    """A copy of body with the member at the dotted path set (or dropped)."""
    out = copy.deepcopy(body)
    node = out
    keys = path.split(".")
    for k in keys[:-1]:
        node = node.setdefault(k, {})
    if value is DROP:
        node.pop(keys[-1], None)
    else:
        node[keys[-1]] = value
    return out


def full_deployment():
    return deployment_body("sch-cc", description="d", codeConfiguration={
        "codeId": CODE, "scoringScript": "score.py"}, model={"referenceType": "Id",
                                                             "assetId": MODEL},
        environmentId=ENV, environmentVariables={"A": "1"}, errorThreshold=-1,
        loggingLevel="Info", maxConcurrencyPerInstance=1, miniBatchSize=10,
        outputAction="AppendRow", outputFileName="p.csv",
        resources={"instanceCount": 1, "properties": {}},
        retrySettings={"maxRetries": 3, "timeout": "PT30S"})


def invoke_body(**props):
    p = {"inputData": {"in": {"jobInputType": "UriFolder", "uri": INPUT}}}
    p.update(props)
    return {"properties": p}


R = "InvalidFieldValue"
M = "RequiredFieldMissing"
BIG = 2 ** 31
UAI = "/subscriptions/x/resourceGroups/y/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u"

# (field path set, value, expected error path (None = the same), detail code)
ENVELOPE = [
    ("tags", ["a"], None, R), ("tags", {"a": None}, "tags.a", R), ("tags", {"a": 1}, "tags.a", R),
    ("kind", 1, None, R), ("sku", "S1", None, R), ("sku", {"tier": "Standard"}, "sku.name", M),
    ("sku", {"name": "S1", "tier": "Gold"}, "sku.tier", R),
    ("sku", {"name": "S1", "capacity": "1"}, "sku.capacity", R),
    ("sku", {"name": "S1", "capacity": BIG}, "sku.capacity", R),
    ("sku", {"name": "S1", "size": 3}, "sku.size", R),
    ("identity", "SystemAssigned", None, R), ("identity", {}, "identity.type", M),
    ("identity", {"type": "Foo"}, "identity.type", R),
    ("identity", {"type": "UserAssigned", "userAssignedIdentities": {UAI: 1}},
     f"identity.userAssignedIdentities.{UAI}", R),
]

ENDPOINT = ENVELOPE + [
    ("properties", "x", None, R), ("properties", DROP, None, M),
    ("properties.authMode", DROP, None, M), ("properties.authMode", 3, None, R),
    ("properties.authMode", "Magic", None, R), ("properties.description", 5, None, R),
    ("properties.defaults", "blue", None, R), ("properties.defaults.deploymentName", 1, None, R),
    ("properties.properties", "x", None, R),
    ("properties.properties", {"a": 1}, "properties.properties.a", R),
    ("properties.keys", "k", None, R), ("properties.keys.primaryKey", 1, None, R),
]

DEPLOYMENT = ENVELOPE + [
    ("properties", DROP, None, M), ("properties.compute", DROP, None, M),
    ("properties.compute", 5, None, R), ("properties.compute", "", None, R),
    ("properties.description", 1, None, R),
    ("properties.errorThreshold", "1", None, R), ("properties.errorThreshold", BIG, None, R),
    ("properties.errorThreshold", -2, None, R), ("properties.errorThreshold", 1.5, None, R),
    ("properties.maxConcurrencyPerInstance", 0, None, R),
    ("properties.maxConcurrencyPerInstance", "2", None, R),
    ("properties.maxConcurrencyPerInstance", BIG, None, R),
    ("properties.miniBatchSize", 0, None, R), ("properties.miniBatchSize", "10", None, R),
    ("properties.miniBatchSize", 1.5, None, R),
    ("properties.loggingLevel", "Verbose", None, R), ("properties.loggingLevel", 1, None, R),
    ("properties.outputAction", "Everything", None, R), ("properties.outputFileName", 7, None, R),
    ("properties.resources", "big", None, R), ("properties.resources.instanceCount", 0, None, R),
    ("properties.resources.instanceCount", "2", None, R),
    ("properties.resources.instanceType", 3, None, R),
    ("properties.resources.properties", "x", None, R),
    ("properties.retrySettings", "x", None, R), ("properties.retrySettings.maxRetries", -1, None, R),
    ("properties.retrySettings.maxRetries", "3", None, R),
    ("properties.retrySettings.timeout", "30 seconds", None, R),
    ("properties.retrySettings.timeout", 30, None, R),
    ("properties.codeConfiguration", "score.py", None, R),
    ("properties.codeConfiguration.scoringScript", DROP, None, M),
    ("properties.codeConfiguration.scoringScript", "", None, R),
    ("properties.codeConfiguration.scoringScript", "...", None, R),
    ("properties.codeConfiguration.scoringScript", 5, None, R),
    ("properties.codeConfiguration.codeId", 5, None, R),
    ("properties.model", "m", None, R), ("properties.model.referenceType", DROP, None, M),
    ("properties.model.referenceType", "Name", None, R),
    ("properties.model", {"referenceType": "Id"}, "properties.model.assetId", M),
    ("properties.model.assetId", "/", None, R),
    ("properties.model", {"referenceType": "DataPath", "datastoreId": 5},
     "properties.model.datastoreId", R),
    ("properties.model", {"referenceType": "OutputPath", "jobId": []}, "properties.model.jobId", R),
    ("properties.environmentId", 5, None, R),
    ("properties.environmentVariables", {"A": 1}, "properties.environmentVariables.A", R),
    ("properties.properties", {"a": []}, "properties.properties.a", R),
    ("properties.deploymentConfiguration", "Model", None, R),
    ("properties.deploymentConfiguration", {},
     "properties.deploymentConfiguration.deploymentConfigurationType", M),
    ("properties.deploymentConfiguration", {"deploymentConfigurationType": "Foo"},
     "properties.deploymentConfiguration.deploymentConfigurationType", R),
    ("properties.deploymentConfiguration", {"deploymentConfigurationType": "PipelineComponent",
                                            "settings": {"a": 1}},
     "properties.deploymentConfiguration.settings.a", R),
    ("properties.deploymentConfiguration", {"deploymentConfigurationType": "PipelineComponent",
                                            "componentId": {"referenceType": "Id"}},
     "properties.deploymentConfiguration.componentId.assetId", M),
]

PP = "properties.properties"
COMPUTE = [
    ("location", 5, None, R), ("tags", {"a": 1}, "tags.a", R),
    ("identity", {"type": "Foo"}, "identity.type", R), ("sku", {"name": 1}, "sku.name", R),
    ("properties", DROP, None, M), ("properties", [], None, R),
    ("properties.computeType", DROP, None, M), ("properties.computeType", "Quantum", None, R),
    ("properties.description", 5, None, R), ("properties.disableLocalAuth", "yes", None, R),
    ("properties.computeLocation", 1, None, R), ("properties.resourceId", 1, None, R),
    (PP, "x", None, R), (f"{PP}.osType", "Solaris", None, R), (f"{PP}.vmSize", 5, None, R),
    (f"{PP}.vmPriority", "Spot", None, R), (f"{PP}.virtualMachineImage", {},
                                             f"{PP}.virtualMachineImage.id", M),
    (f"{PP}.isolatedNetwork", 1, None, R), (f"{PP}.enableNodePublicIp", "yes", None, R),
    (f"{PP}.subnet", {}, f"{PP}.subnet.id", M), (f"{PP}.subnet", "id", None, R),
    (f"{PP}.remoteLoginPortPublicAccess", "Open", None, R),
    (f"{PP}.userAccountCredentials", {}, f"{PP}.userAccountCredentials.adminUserName", M),
    (f"{PP}.userAccountCredentials", {"adminUserName": 5},
     f"{PP}.userAccountCredentials.adminUserName", R),
    (f"{PP}.scaleSettings", "x", None, R), (f"{PP}.scaleSettings.maxNodeCount", DROP, None, M),
    (f"{PP}.scaleSettings.maxNodeCount", "4", None, R),
    (f"{PP}.scaleSettings.maxNodeCount", 1001, None, R),
    (f"{PP}.scaleSettings.maxNodeCount", -1, None, R),
    (f"{PP}.scaleSettings.minNodeCount", -1, None, R),
    (f"{PP}.scaleSettings.minNodeCount", "0", None, R),
    (f"{PP}.scaleSettings.nodeIdleTimeBeforeScaleDown", "2m", None, R),
]

COMPUTE_PATCH = [
    ("properties", "x", None, R), (PP, 1, None, R), (f"{PP}.scaleSettings", [], None, R),
    (f"{PP}.scaleSettings.maxNodeCount", "4", None, R),
    (f"{PP}.scaleSettings.nodeIdleTimeBeforeScaleDown", 5, None, R),
]

ASSET_BASE = [
    ("properties", "x", None, R), ("properties.description", 5, None, R),
    ("properties.tags", {"a": 1}, "properties.tags.a", R),
    ("properties.properties", {"a": 1}, "properties.properties.a", R),
    ("properties.isArchived", "no", None, R),
]
VERSION_BASE = ASSET_BASE + [("properties", DROP, None, M),
                             ("properties.isAnonymous", "no", None, R)]
MODEL_VERSION = VERSION_BASE + [
    ("properties.modelUri", DROP, None, M), ("properties.modelUri", 5, None, R),
    ("properties.modelUri", "", None, R), ("properties.modelType", 5, None, R),
    ("properties.jobName", 5, None, R), ("properties.flavors", "mlflow", None, R),
    ("properties.flavors", {"f": 1}, "properties.flavors.f", R),
    ("properties.flavors", {"f": {"data": {"k": 1}}}, "properties.flavors.f.data.k", R),
]
CODE_VERSION = VERSION_BASE + [("properties.codeUri", DROP, None, M),
                               ("properties.codeUri", 5, None, R)]
ENV_VERSION = VERSION_BASE + [
    ("properties.image", 5, None, R), ("properties.condaFile", 5, None, R),
    ("properties.autoRebuild", "Always", None, R), ("properties.osType", "BeOS", None, R),
    ("properties.build", "x", None, R),
    ("properties.build", {}, "properties.build.contextUri", M),
    ("properties.build", {"contextUri": "///"}, "properties.build.contextUri", R),
    ("properties.build", {"contextUri": "https://x/ctx", "dockerfilePath": 5},
     "properties.build.dockerfilePath", R),
    ("properties.inferenceConfig", {"scoringRoute": {"path": "/score"}},
     "properties.inferenceConfig.scoringRoute.port", M),
    ("properties.inferenceConfig", {"livenessRoute": {"path": "/", "port": 80}},
     "properties.inferenceConfig.livenessRoute.path", R),
    ("properties.inferenceConfig", {"readinessRoute": {"path": "/ok", "port": "80"}},
     "properties.inferenceConfig.readinessRoute.port", R),
    # neither image nor build (the anyOf the schema tables cannot say)
    ("properties.image", DROP, "properties.image", M),
]
DATA_VERSION = VERSION_BASE + [
    ("properties.dataType", DROP, None, M), ("properties.dataType", "table", None, R),
    ("properties.dataType", 5, None, R), ("properties.dataUri", DROP, None, M),
    ("properties.dataUri", "://", None, R), ("properties.dataUri", 5, None, R),
    ("properties.referencedUris", "x", None, R),
]
CONTAINER = ASSET_BASE
DATA_CONTAINER = ASSET_BASE + [("properties.dataType", "Foo", None, R),
                               ("properties.dataType", DROP, None, M)]

JOB = [
    ("properties", DROP, None, M), ("properties.jobType", DROP, None, M),
    ("properties.jobType", "Foo", None, R), ("properties.jobType", 5, None, R),
    ("properties.command", DROP, None, M), ("properties.command", "", None, R),
    ("properties.command", "   ", None, R), ("properties.command", 5, None, R),
    ("properties.environmentId", DROP, None, M), ("properties.environmentId", 5, None, R),
    ("properties.displayName", 5, None, R), ("properties.experimentName", 5, None, R),
    ("properties.isArchived", "no", None, R), ("properties.computeId", 5, None, R),
    ("properties.description", 5, None, R), ("properties.tags", {"a": 1}, "properties.tags.a", R),
    ("properties.properties", {"a": 1}, "properties.properties.a", R),
    ("properties.identity", {}, "properties.identity.identityType", M),
    ("properties.identity", {"identityType": "Root"}, "properties.identity.identityType", R),
    ("properties.inputs", "x", None, R), ("properties.inputs", {"x": "uri"},
                                          "properties.inputs.x", R),
    ("properties.inputs", {"x": {}}, "properties.inputs.x.jobInputType", M),
    ("properties.inputs", {"x": {"jobInputType": "table", "uri": "u"}},
     "properties.inputs.x.jobInputType", R),
    ("properties.inputs", {"x": {"jobInputType": "uri_folder"}}, "properties.inputs.x.uri", M),
    ("properties.inputs", {"x": {"jobInputType": "uri_folder", "uri": ""}},
     "properties.inputs.x.uri", R),
    ("properties.inputs", {"x": {"jobInputType": "uri_file", "uri": "u", "mode": "Copy"}},
     "properties.inputs.x.mode", R),
    ("properties.inputs", {"x": {"jobInputType": "literal"}}, "properties.inputs.x.value", M),
    ("properties.outputs", {"o": {"jobOutputType": "folder"}},
     "properties.outputs.o.jobOutputType", R),
    ("properties.outputs", {"o": {"jobOutputType": "uri_folder", "mode": "Copy"}},
     "properties.outputs.o.mode", R),
    ("properties.outputs", {"o": {"jobOutputType": "uri_folder", "uri": 5}},
     "properties.outputs.o.uri", R),
    ("properties.limits", {"timeout": "PT1H"}, "properties.limits.jobLimitsType", M),
    ("properties.limits", {"jobLimitsType": "Command", "timeout": "1h"},
     "properties.limits.timeout", R),
    ("properties.resources", {"instanceCount": "2"}, "properties.resources.instanceCount", R),
    ("properties.resources", {"shmSize": "lots"}, "properties.resources.shmSize", R),
    ("properties.distribution", {"distributionType": "Horovod"},
     "properties.distribution.distributionType", R),
    ("properties.services", {"s": {"port": "80"}}, "properties.services.s.port", R),
    ("properties.environmentVariables", {"A": 1}, "properties.environmentVariables.A", R),
]

INVOKE = [
    ("properties", DROP, None, M), ("properties.inputData", DROP, None, M),
    ("properties.inputData", "x", None, R),
    ("properties.inputData", {"in": "uri"}, "properties.inputData.in", R),
    ("properties.inputData", {"in": {"uri": INPUT}}, "properties.inputData.in.jobInputType", M),
    ("properties.inputData", {"in": {"jobInputType": "Table", "uri": INPUT}},
     "properties.inputData.in.jobInputType", R),
    ("properties.inputData", {"in": {"jobInputType": "UriFolder"}}, "properties.inputData.in.uri",
     M),
    ("properties.inputData", {"in": {"jobInputType": "UriFolder", "uri": ""}},
     "properties.inputData.in.uri", R),
    ("properties.inputData", {"in": {"jobInputType": "UriFile", "uri": 5}},
     "properties.inputData.in.uri", R),
    ("properties.inputData", {"in": {"jobInputType": "UriFile", "uri": INPUT, "mode": "Copy"}},
     "properties.inputData.in.mode", R),
    ("properties.inputData", {"in": {"jobInputType": "Literal"}},
     "properties.inputData.in.value", M),
    ("properties.outputData", {"o": {"jobOutputType": "Folder"}},
     "properties.outputData.o.jobOutputType", R),
    ("properties.outputData", {"o": 5}, "properties.outputData.o", R),
    ("properties.outputDataset", "x", None, R), ("properties.outputFileName", 5, None, R),
    ("properties.miniBatchSize", 0, None, R), ("properties.miniBatchSize", "10", None, R),
    ("properties.errorThreshold", BIG, None, R), ("properties.errorThreshold", -2, None, R),
    ("properties.retrySettings", {"maxRetries": -1}, "properties.retrySettings.maxRetries", R),
    ("properties.retrySettings", {"timeout": "soon"}, "properties.retrySettings.timeout", R),
    ("properties.compute", "cc", None, R),
    ("properties.compute", {"instanceCount": 0}, "properties.compute.instanceCount", R),
    ("properties.loggingLevel", "Loud", None, R),
    ("properties.maxConcurrencyPerInstance", 0, None, R), ("properties.name", 5, None, R),
    ("properties.tags", {"a": 1}, "properties.tags.a", R), ("properties.description", 5, None, R),
]


class SchemaTest(EmulatorTest):
    refused = {}  # resource -> how many invalid bodies were sent and refused

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        e = cls.emu
        e.arm("PUT", f"{P}/computes/sch-cc", compute_body())
        e.arm("PUT", f"{P}/batchEndpoints/sch-ep", endpoint_body())
        e.arm("PUT", MODEL, {"properties": {"modelUri": "azureml://datastores/d/paths/m"}})
        e.arm("PUT", CODE, {"properties": {"codeUri": "azureml://datastores/d/paths/c"}})
        e.arm("PUT", ENV, {"properties": {"image": "mcr.microsoft.com/azureml/base:latest"}})
        e.control("POST", "/_emulator/settle")
        e.arm("PUT", f"{P}/batchEndpoints/sch-ep/deployments/sch-d", full_deployment())
        e.control("POST", "/_emulator/settle")
        cls.scoring_uri = e.arm("GET", f"{P}/batchEndpoints/sch-ep").json["properties"][
            "scoringUri"]

    @classmethod
    def tearDownClass(cls):
        # The figures the issue notes quote: invalid bodies refused per resource.
        print("refused:", json.dumps(cls.refused, sort_keys=True))
        super().tearDownClass()

    def send(self, method, path, body):
        if path == "invoke":
            return self.emu.raw("POST", self.scoring_uri, body,
                                {"Authorization": "Bearer " + self.emu.token(ML_SCOPE),
                                 "azureml-model-deployment": "sch-d"})
        return self.emu.arm(method, path, body)

    def check_table(self, resource, method, path, base, table):
        ok = self.send(method, path, base)
        self.assertIn(ok.status, (200, 201, 202), (resource, "base body", ok))
        self.emu.control("POST", "/_emulator/settle")
        for field, value, where, code in table:
            body = mutate(base, field, value)
            r = self.send(method, path, body)
            what = (resource, field, value, r)
            self.assertEqual(r.status, 400, what)
            err = r.json["error"]
            self.assertEqual(err["code"], "UserError", what)
            self.assertEqual(err["target"], where or field, what)
            self.assertEqual(err["details"][0]["code"], code, what)
            self.assertEqual(err["details"][0]["target"], where or field, what)
            self.assertIn(where or field, err["message"], what)
        self.refused[resource] = self.refused.get(resource, 0) + len(table)

    def test_batch_endpoint(self):
        self.check_table("batchEndpoint", "PUT", f"{P}/batchEndpoints/sch-ep2", endpoint_body(
            description="d", properties={"a": "b"}, defaults={"deploymentName": "x"}), ENDPOINT)
        self.check_table("batchEndpoint PATCH", "PATCH", f"{P}/batchEndpoints/sch-ep",
                         {"tags": {"a": "b"}}, [
                             ("tags", {"a": 1}, "tags.a", R), ("tags", "x", None, R),
                             ("identity", {"type": "Foo"}, "identity.type", R),
                             ("identity", 1, None, R)])

    def test_batch_deployment(self):
        self.check_table("batchDeployment", "PUT", f"{P}/batchEndpoints/sch-ep/deployments/sch-d2",
                         full_deployment(), DEPLOYMENT)
        self.check_table("batchDeployment PATCH", "PATCH",
                         f"{P}/batchEndpoints/sch-ep/deployments/sch-d2",
                         {"properties": {"description": "x"}}, [
                             ("properties", "x", None, R), ("properties.description", 5, None, R),
                             ("tags", {"a": 1}, "tags.a", R)])

    def test_compute(self):
        base = compute_body()
        base["properties"]["properties"].update(osType="Linux", vmPriority="Dedicated",
                                                remoteLoginPortPublicAccess="NotSpecified")
        self.check_table("compute", "PUT", f"{P}/computes/sch-cc2", base, COMPUTE)
        self.check_table("compute PATCH", "PATCH", f"{P}/computes/sch-cc2", {
            "properties": {"properties": {"scaleSettings": {"maxNodeCount": 2}}}}, COMPUTE_PATCH)

    def test_assets(self):
        self.check_table("modelVersion", "PUT", f"{P}/models/sch-m/versions/1",
                         {"properties": {"modelUri": "azureml://datastores/d/paths/m"}},
                         MODEL_VERSION)
        self.check_table("codeVersion", "PUT", f"{P}/codes/sch-c/versions/1",
                         {"properties": {"codeUri": "azureml://datastores/d/paths/c"}},
                         CODE_VERSION)
        self.check_table("environmentVersion", "PUT", f"{P}/environments/sch-e/versions/1",
                         {"properties": {"image": "mcr.microsoft.com/azureml/base:latest"}},
                         ENV_VERSION)
        self.check_table("dataVersion", "PUT", f"{P}/data/sch-data/versions/1",
                         {"properties": {"dataType": "uri_folder", "dataUri": INPUT}},
                         DATA_VERSION)
        for kind in ("models", "codes", "environments"):
            self.check_table(f"{kind} container", "PUT", f"{P}/{kind}/sch-cont",
                             {"properties": {"description": "d"}}, CONTAINER)
        self.check_table("data container", "PUT", f"{P}/data/sch-cont",
                         {"properties": {"dataType": "uri_folder"}}, DATA_CONTAINER)

    def test_jobs(self):
        self.check_table("job", "PUT", f"{P}/jobs/sch-job", command_job(), JOB)
        sweep = {"properties": {"jobType": "Sweep", "objective": {}, "samplingAlgorithm": {},
                                "searchSpace": {}, "trial": {}}}
        self.check_table("job", "PUT", f"{P}/jobs/sch-sweep", sweep, [
            ("properties.objective", DROP, None, M), ("properties.trial", DROP, None, M),
            ("properties.trial", "t", None, R)])

    def test_invoke(self):
        # The base body creates a job; the table's bodies never do.
        self.check_table("invoke", "POST", "invoke", invoke_body(), INVOKE)
        # The docs' PascalCase REST form is the same body.
        r = self.send("POST", "invoke", {"properties": {"InputData": {"in": {
            "JobInputType": "UriFolder", "Uri": INPUT}}}})
        self.assertEqual(r.status, 200, r)
        r = self.send("POST", "invoke", {"properties": {"InputData": {"in": {
            "JobInputType": "UriFolder"}}}})
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.json["error"]["target"], "properties.inputData.in.uri")


def retarget(text):
    """A fixture's ARM ids moved into the emulator's workspace."""
    return re.sub(r"/subscriptions/[^/\"]+/resourceGroups/[^/\"]+/providers/"
                  r"Microsoft\.MachineLearningServices/workspaces/[^/\"]+", P, text)


class ValidBodies(EmulatorTest):
    """What real clients send is still accepted."""

    def ok(self, method, path, body):
        r = self.emu.arm(method, path, body)
        self.assertIn(r.status, (200, 201, 202), (path, body, r))
        self.emu.control("POST", "/_emulator/settle")
        return r

    def fixture(self, name):
        with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
            return json.loads(retarget(f.read()))

    def test_sdk_fixture_bodies(self):
        """The PUT bodies this SDK's writers produce (tests/fixtures/entities),
        and each resource read back with GET and written again with PUT."""
        self.ok("PUT", f"{P}/computes/cpu-cluster", self.fixture("compute_full.put.json"))
        self.ok("PUT", f"{P}/computes/gpu-cluster", self.fixture("compute_new.put.json"))
        for kind, name, ver, props in (
                ("codes", "scorer", "3", {"codeUri": "azureml://datastores/d/paths/c"}),
                ("codes", "scorer", "1", {"codeUri": "azureml://datastores/d/paths/c"}),
                ("environments", "sklearn-env", "2", {"image": "mcr.microsoft.com/x:1"}),
                ("models", "loan-gbm", "7", {"modelUri": "azureml://datastores/d/paths/m"})):
            self.ok("PUT", f"{P}/{kind}/{name}/versions/{ver}", {"properties": props})
        self.ok("PUT", f"{P}/models/loan-gbm/versions/8", self.fixture("model_version.put.json"))
        self.ok("PUT", f"{P}/batchEndpoints/fix-ep", self.fixture("batch_endpoint_full.put.json"))
        full = self.fixture("batch_deployment_full.put.json")
        self.assertEqual(full["properties"]["miniBatchSize"], 5000000000)  # int64, not int32
        self.ok("PUT", f"{P}/batchEndpoints/fix-ep/deployments/blue", full)
        self.ok("PUT", f"{P}/batchEndpoints/fix-ep/deployments/green",
                self.fixture("batch_deployment_new.put.json"))
        for path in (f"{P}/computes/cpu-cluster", f"{P}/batchEndpoints/fix-ep",
                     f"{P}/batchEndpoints/fix-ep/deployments/blue",
                     f"{P}/models/loan-gbm/versions/8", f"{P}/codes/scorer/versions/3"):
            got = self.emu.arm("GET", path)
            self.assertEqual(got.status, 200, got)
            self.ok("PUT", path, got.json)
        for name in ("code_version.json", "environment_version_build.json", "data_version.json"):
            body = self.fixture(name)
            self.assertTrue(body["id"].startswith(P), body["id"])
            self.ok("PUT", body["id"], body)

    def test_spec_example_bodies(self):
        """The request bodies of the REST spec's 2025-12-01 examples
        (Workspace/*/createOrUpdate.json, Job/*/createOrUpdate.json), with the
        placeholders that name things replaced (location "string" by a region,
        ids by resources of the emulator)."""
        e = self.emu
        self.ok("PUT", f"{P}/computes/ex-cc", compute_body())
        self.ok("PUT", f"{P}/models/ex/versions/1", {"properties": {
            "description": "string", "tags": {"string": "string"},
            "properties": {"string": "string"}, "isAnonymous": False,
            "flavors": {"string": {"data": {"string": "string"}}}, "modelType": "CustomModel",
            "modelUri": "string"}})
        self.ok("PUT", f"{P}/environments/ex/versions/1", {"properties": {
            "description": "string", "tags": {"string": "string"},
            "properties": {"string": "string"}, "isAnonymous": False,
            "image": "docker.io/tensorflow/serving:latest", "condaFile": "string",
            "build": {"contextUri": "https://storage-account.blob.core.windows.net/azureml/"
                                    "DockerBuildContext/95ddede6b9b8c4e90472db3acd0a8d28/",
                      "dockerfilePath": "prod/Dockerfile"},
            "inferenceConfig": {r: {"path": "string", "port": 1} for r in (
                "livenessRoute", "readinessRoute", "scoringRoute")}}})
        self.ok("PUT", f"{P}/data/ex/versions/1", {"properties": {
            "dataType": "uri_file", "dataUri": "string", "description": "string",
            "tags": {"string": "string"}, "properties": {"string": "string"},
            "isAnonymous": False}})
        self.ok("PUT", f"{P}/codes/ex/versions/1", {"properties": {
            "description": "string", "tags": {"string": "string"},
            "properties": {"string": "string"}, "isAnonymous": False, "codeUri": "string"}})
        for kind in ("models", "codes", "environments"):
            self.ok("PUT", f"{P}/{kind}/ex2", {"properties": {
                "description": "string", "tags": {"string": "string"},
                "properties": {"string": "string"}, "isArchived": False}})
        self.ok("PUT", f"{P}/data/ex2", {"properties": {
            "dataType": "uri_file", "description": "string", "properties": {"string": "string"},
            "tags": {"string": "string"}}})
        identity = {"type": "SystemAssigned,UserAssigned",  # the example pairs
                    "userAssignedIdentities": {"string": {}}}  # SystemAssigned with ids
        sku = {"name": "string", "tier": "Free", "size": "string", "family": "string",
               "capacity": 1}
        self.ok("PUT", f"{P}/batchEndpoints/ex-ep", {
            "properties": {"description": "string", "properties": {"string": "string"},
                           "authMode": "AMLToken", "defaults": {"deploymentName": "string"}},
            "tags": {}, "location": "eastus", "kind": "string", "identity": identity,
            "sku": sku})
        self.ok("PUT", f"{P}/batchEndpoints/ex-ep/deployments/ex-d", {
            "identity": identity, "kind": "string", "location": "eastus", "sku": sku, "tags": {},
            "properties": {
                "description": "string",
                "codeConfiguration": {"codeId": f"{P}/codes/ex/versions/1",
                                      "scoringScript": "string"},
                "compute": "ex-cc", "environmentId": f"{P}/environments/ex/versions/1",
                "environmentVariables": {"string": "string"}, "errorThreshold": 1,
                "loggingLevel": "Info", "maxConcurrencyPerInstance": 1, "miniBatchSize": 1,
                "model": {"assetId": f"{P}/models/ex/versions/1", "referenceType": "Id"},
                "outputAction": "SummaryOnly", "outputFileName": "string",
                "properties": {"string": "string"},
                "resources": {"instanceCount": 1, "instanceType": "string", "properties": {
                    "string": {"cd3c37dc-2876-4ca4-8a54-21bd7619724a": None}}},
                "retrySettings": {"maxRetries": 1, "timeout": "PT5M"}}})
        self.ok("PATCH", f"{P}/batchEndpoints/ex-ep/deployments/ex-d", {
            "properties": {"description": "string"}, "tags": {}})
        self.ok("PUT", f"{P}/jobs/ex-command", {"properties": {
            "description": "string", "codeId": "string", "command": "string",
            "computeId": "string", "displayName": "string",
            "distribution": {"distributionType": "TensorFlow", "parameterServerCount": 1,
                             "workerCount": 1},
            "environmentId": "string", "environmentVariables": {"string": "string"},
            "experimentName": "string", "identity": {"identityType": "AMLToken"},
            "inputs": {"string": {"description": "string", "jobInputType": "literal",
                                  "value": "string"}},
            "jobType": "Command", "limits": {"jobLimitsType": "Command", "timeout": "PT5M"},
            "outputs": {"string": {"description": "string", "jobOutputType": "uri_file",
                                   "mode": "ReadWriteMount", "uri": "string"}},
            "parentJobName": "ParentRun", "properties": {"string": "string"},
            "resources": {"instanceCount": 1, "instanceType": "string", "properties": {
                "string": {"e6b6493e-7d5e-4db3-be1e-306ec641327e": None}}},
            "services": {"string": {"endpoint": "string", "jobServiceType": "string", "port": 1,
                                    "properties": {"string": "string"}}},
            "tags": {"string": "string"}}})
        self.ok("PUT", f"{P}/jobs/ex-pipeline", {"properties": {
            "description": "string", "tags": {"string": "string"},
            "properties": {"string": "string"}, "displayName": "string",
            "experimentName": "string",
            "services": {"string": {"jobServiceType": "string", "port": 1, "endpoint": "string",
                                    "properties": {"string": "string"}}},
            "computeId": "string", "jobType": "Pipeline", "settings": {},
            "inputs": {"string": {"description": "string", "jobInputType": "literal",
                                  "value": "string"}},
            "outputs": {"string": {"description": "string", "jobOutputType": "uri_file",
                                   "mode": "Upload", "uri": "string"}}}})
        # A job read back and written again (readOnly status, services' status).
        got = e.arm("GET", f"{P}/jobs/ex-command")
        self.ok("PUT", f"{P}/jobs/ex-command", got.json)


if __name__ == "__main__":
    main()
