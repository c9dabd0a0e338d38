"""Runs under an interpreter that has azure-identity and azure-ai-ml (Debian's
python3-azure): signs in against the emulator as authority host and drives
the batch flow through MLClient. Environment: what aml-emulator prints, plus
COMPAT_ASSET_* ARM ids registered by the runner."""
import os
import sys

from azure.identity import CertificateCredential, ClientSecretCredential, ManagedIdentityCredential
from azure.ai.ml import Input, MLClient
from azure.ai.ml.entities import AmlCompute, BatchDeployment, BatchEndpoint, CodeConfiguration

env = os.environ
base = env["AZURE_AUTHORITY_HOST"]
# instance_discovery=False: MSAL otherwise asks login.microsoftonline.com to
# validate a non-Microsoft authority host (the emulator then does the tenant
# discovery itself).
cred = ClientSecretCredential(env["AZURE_TENANT_ID"], env["AZURE_CLIENT_ID"],
                              env["AZURE_CLIENT_SECRET"], authority=base,
                              instance_discovery=False)
tok = cred.get_token("https://management.azure.com/.default")
assert tok.token.count(".") == 2, "not a JWT"
print("token ok, expires_on", tok.expires_on)

# A client assertion signed by azure-identity (x5t, and x5c with the chain)
# is accepted by the emulator's token endpoint, as libazureml's is.
for chain in (False, True):
    cc = CertificateCredential(env["AZURE_TENANT_ID"], env["AZURE_CLIENT_ID"],
                               env["COMPAT_CLIENT_CERT"], authority=base,
                               instance_discovery=False, send_certificate_chain=chain)
    assert cc.get_token("https://management.azure.com/.default").token.count(".") == 2
print("certificate credential token ok")

# Managed identity through the emulator's IMDS endpoint
# (AZURE_POD_IDENTITY_AUTHORITY_HOST points azure-identity at it).
mi = ManagedIdentityCredential(client_id=env["COMPAT_MI_CLIENT_ID"]).get_token(
    "https://management.azure.com/.default")
assert mi.token.count(".") == 2
print("managed identity token ok")

ml = MLClient(cred, env["AZURE_SUBSCRIPTION_ID"], env["AZURE_RESOURCE_GROUP"],
              env["AZUREML_WORKSPACE"])
ws = ml.workspaces.get(env["AZUREML_WORKSPACE"])
print("workspace", ws.name, ws.location)

ml.compute.begin_create_or_update(
    AmlCompute(name="compat-cluster", size="STANDARD_DS3_V2", min_instances=1,
               max_instances=2, idle_time_before_scale_down=120)).result()
c = ml.compute.get("compat-cluster")
print("compute", c.name, c.provisioning_state, c.size, c.max_instances)
assert c.provisioning_state == "Succeeded", c.provisioning_state
nodes = list(ml.compute.list_nodes("compat-cluster"))
assert len(nodes) == 1, nodes

ep = BatchEndpoint(name="compat-ep", description="created by azure-ai-ml")
ml.batch_endpoints.begin_create_or_update(ep).result()
got = ml.batch_endpoints.get("compat-ep")
print("endpoint", got.name, got.provisioning_state, got.scoring_uri)
assert got.provisioning_state == "Succeeded"
assert got.scoring_uri.startswith(base)
assert "compat-ep" in [e.name for e in ml.batch_endpoints.list()]

dep = BatchDeployment(
    name="blue", endpoint_name="compat-ep", model=env["COMPAT_ASSET_MODEL"],
    code_configuration=CodeConfiguration(code=env["COMPAT_ASSET_CODE"],
                                         scoring_script="score.py"),
    environment=env["COMPAT_ASSET_ENV"], compute="compat-cluster", instance_count=1,
    mini_batch_size=5, output_file_name="predictions.csv")
ml.batch_deployments.begin_create_or_update(dep).result()
d = ml.batch_deployments.get("blue", endpoint_name="compat-ep")
print("deployment", d.name, d.compute, d.mini_batch_size)
assert d.mini_batch_size == 5

# invoke: POST to the scoring URI with an https://ml.azure.com token; then the
# MFE list found through the workspace's discovery URL.
job = ml.batch_endpoints.invoke(endpoint_name="compat-ep", deployment_name="blue",
                                input=Input(type="uri_folder", path="https://example.invalid/d/"))
print("invoked job", job.name)
listed = [j.name for j in ml.batch_endpoints.list_jobs(endpoint_name="compat-ep")]
assert job.name in listed, listed
print("job", ml.jobs.get(job.name).status)

ml.batch_endpoints.begin_delete("compat-ep").result()
ml.compute.begin_delete("compat-cluster").result()
names = [e.name for e in ml.batch_endpoints.list()]
assert "compat-ep" not in names, names
print("python compat: all steps passed")
sys.exit(0)
