"""Compatibility check with the official Python clients (azure-identity +
azure-ai-ml from Debian's python3-azure: `apt-get install -y python3-azure`).
Exits 77 (skipped) with the reason when they are not installed."""
import os
import subprocess
import sys

from emu import P, run_compat_client

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


def main():
    exe = find_python()
    if not exe:
        print("SKIP: azure-identity/azure-ai-ml not importable by python3 or /usr/bin/python3 "
              "(install with: apt-get install -y python3-azure)")
        return 77
    return run_compat_client("Python", [exe, os.path.join(HERE, "compat", "python_client.py")],
                             client_env)


def client_env(e, cfg):
    """The assets the client's deployment refers to, and its settings."""
    for kind, body in (("models", {"modelUri": "azureml://datastores/ds/paths/model"}),
                       ("codes", {"codeUri": "azureml://datastores/ds/paths/src"}),
                       ("environments", {"image": "mcr.microsoft.com/azureml/base:latest"})):
        r = e.arm("PUT", f"{P}/{kind}/compat-{kind}/versions/1", {"properties": body})
        assert r.status in (200, 201), r
    ids = {k: f"{P}/{k}/compat-{k}/versions/1" for k in ("models", "codes", "environments")}
    return {
        # azure-ai-ml 1.4.0 has no custom-cloud setting; its developer
        # override sends every ARM call to the emulator.
        "AZUREML_DEV_URL_MFE": e.base,
        "REQUESTS_CA_BUNDLE": e.ca, "SSL_CERT_FILE": e.ca,
        "COMPAT_ASSET_MODEL": ids["models"], "COMPAT_ASSET_CODE": ids["codes"],
        "COMPAT_ASSET_ENV": ids["environments"],
        "PYTHONPATH": os.path.join(HERE, "compat"),
        "AZURE_POD_IDENTITY_AUTHORITY_HOST": e.base,
        "COMPAT_MI_CLIENT_ID": cfg["managedIdentityClientId"],
    }


if __name__ == "__main__":
    sys.exit(main())
