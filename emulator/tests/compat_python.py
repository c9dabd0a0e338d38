"""Compatibility check with the official Python clients (azure-identity +
azure-ai-ml from Debian's python3-azure: `apt-get install -y python3-azure`).
Exits 77 (skipped) with the reason when they are not installed."""
import os
import subprocess
import sys
import tempfile

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
    with tempfile.TemporaryDirectory() as tmp:
        # A throwaway certificate: azure-identity's CertificateCredential signs
        # its client assertion with it, and the emulator must accept it exactly
        # as it accepts libazureml's (a check of the emulator's assertion rules
        # by a client this project did not write).
        key, crt = os.path.join(tmp, "key.pem"), os.path.join(tmp, "cert.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                        "-subj", "/CN=compat-client", "-keyout", key, "-out", crt],
                       check=True, capture_output=True)
        both = os.path.join(tmp, "client.pem")
        with open(both, "w") as f:
            f.write(open(key).read() + open(crt).read())

        def env_with_cert(e, cfg):
            return dict(client_env(e, cfg), COMPAT_CLIENT_CERT=both)

        return run_compat_client("Python", [exe, os.path.join(HERE, "compat", "python_client.py")],
                                 env_with_cert, ("--client-cert", crt))


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
