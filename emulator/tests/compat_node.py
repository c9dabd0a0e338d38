"""Compatibility check with the official JavaScript clients
(@azure/arm-machinelearning@2.1.1 + @azure/identity). They are looked up in
$AML_COMPAT_NODE_DIR (default ~/.cache/aml-emulator-compat-node), prepared with:
    mkdir -p DIR && cd DIR && npm install @azure/arm-machinelearning@2.1.1 @azure/identity
Exits 77 (skipped) with the reason when node or the packages are missing."""
import os
import shutil
import subprocess
import sys

from emu import Emulator
from compat_python import offline_env

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    d = os.environ.get("AML_COMPAT_NODE_DIR",
                       os.path.expanduser("~/.cache/aml-emulator-compat-node"))
    modules = os.path.join(d, "node_modules")
    node = shutil.which("node")
    if not node:
        print("SKIP: node is not installed")
        return 77
    for pkg in ("@azure/arm-machinelearning", "@azure/identity"):
        if not os.path.isdir(os.path.join(modules, pkg)):
            print(f"SKIP: {pkg} not found in {modules} (install with: mkdir -p {d} && cd {d} && "
                  "npm install @azure/arm-machinelearning@2.1.1 @azure/identity)")
            return 77
    # Retry-After 1: azure-core treats "Retry-After: 0" as absent and falls back
    # to its 30 s default interval.
    with Emulator("--provisioning-delay-ms", "200", "--retry-after-s", "1", tls=True) as e:
        cfg = e.control("GET", "/_emulator/config").json
        env = offline_env({
            "AZURE_SUBSCRIPTION_ID": cfg["subscriptionId"],
            "AZURE_RESOURCE_GROUP": cfg["resourceGroup"],
            "AZUREML_WORKSPACE": cfg["workspace"],
            "AZURE_AUTHORITY_HOST": e.base, "AZURE_RESOURCE_MANAGER_URL": e.base,
            "AZURE_TENANT_ID": cfg["tenantId"], "AZURE_CLIENT_ID": cfg["clientId"],
            "AZURE_CLIENT_SECRET": "emulator-client-secret",
            "NODE_EXTRA_CA_CERTS": e.ca, "NODE_PATH": modules,
        })
        r = subprocess.run([node, os.path.join(HERE, "compat", "node_client.js")], env=env,
                           timeout=300)
        sent = e.control("GET", "/_emulator/requests").json["requests"]
        print(f"emulator received {len(sent)} requests from the JavaScript clients")
        for s in sent:
            if s["status"] >= 400:
                print("  ", s["status"], s["method"], s["path"], s["query"].get("api-version"))
        if r.returncode != 0:
            print("FAIL: node client exited", r.returncode)
            return 1
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
