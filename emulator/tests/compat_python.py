"""Compatibility check with the official Python clients (azure-identity +
azure-ai-ml from Debian's python3-azure: `apt-get install -y python3-azure`).
Exits 77 (skipped) with the reason when they are not installed."""
import os
import subprocess
import sys

from emu import P, Emulator

HERE = os.path.dirname(os.path.abspath(__file__))
PROBE = "import azure.identity, azure.ai.ml, msal"


def find_python():
    for exe in (sys.executable, "/usr/bin/python3"):
        if not os.path.exists(exe):
            continue
        env = dict(os.environ, PYTHONPATH=os.path.join(HERE, "compat"))
        if subprocess.run([exe, "-c", PROBE], env=env, capture_output=True).returncode == 0:
            return exe
    return None


def offline_env(extra):
    env = dict(os.environ)
    env.update(extra)
    # Anything not addressed to the emulator goes to a closed local port and
    # fails at once, so the check never reaches a real Azure endpoint.
    env.update({"HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
                "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"})
    return env


def main():
    exe = find_python()
    if not exe:
        print("SKIP: azure-identity/azure-ai-ml not importable by python3 or /usr/bin/python3 "
              "(install with: apt-get install -y python3-azure)")
        return 77
    # Retry-After 1: azure-core treats "Retry-After: 0" as absent and falls back
    # to its 30 s default interval.
    with Emulator("--provisioning-delay-ms", "200", "--retry-after-s", "1", tls=True) as e:
        for kind, body in (("models", {"modelUri": "azureml://datastores/ds/paths/model"}),
                           ("codes", {"codeUri": "azureml://datastores/ds/paths/src"}),
                           ("environments", {"image": "mcr.microsoft.com/azureml/base:latest"})):
            r = e.arm("PUT", f"{P}/{kind}/compat-{kind}/versions/1", {"properties": body})
            assert r.status in (200, 201), r
        ids = {k: f"{P}/{k}/compat-{k}/versions/1" for k in ("models", "codes", "environments")}
        cfg = e.control("GET", "/_emulator/config").json
        env = offline_env({
            "AZURE_SUBSCRIPTION_ID": cfg["subscriptionId"],
            "AZURE_RESOURCE_GROUP": cfg["resourceGroup"],
            "AZUREML_WORKSPACE": cfg["workspace"],
            "AZURE_AUTHORITY_HOST": e.base, "AZURE_RESOURCE_MANAGER_URL": e.base,
            "AZURE_TENANT_ID": cfg["tenantId"], "AZURE_CLIENT_ID": cfg["clientId"],
            "AZURE_CLIENT_SECRET": "emulator-client-secret",
            # azure-ai-ml 1.4.0 has no custom-cloud setting; its developer
            # override sends every ARM call to the emulator.
            "AZUREML_DEV_URL_MFE": e.base,
            "REQUESTS_CA_BUNDLE": e.ca, "SSL_CERT_FILE": e.ca,
            "COMPAT_ASSET_MODEL": ids["models"], "COMPAT_ASSET_CODE": ids["codes"],
            "COMPAT_ASSET_ENV": ids["environments"],
            "PYTHONPATH": os.path.join(HERE, "compat"),
            "AZURE_POD_IDENTITY_AUTHORITY_HOST": e.base,
            "COMPAT_MI_CLIENT_ID": cfg["managedIdentityClientId"],
        })
        r = subprocess.run([exe, os.path.join(HERE, "compat", "python_client.py")], env=env,
                           timeout=300)
        sent = e.control("GET", "/_emulator/requests").json["requests"]
        print(f"emulator received {len(sent)} requests from the Python clients")
        for s in sent:
            if s["status"] >= 400:
                print("  ", s["status"], s["method"], s["path"], s["query"].get("api-version"))
        if r.returncode != 0:
            print("FAIL: python client exited", r.returncode)
            return 1
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
