"""Compatibility check with the official JavaScript clients
(@azure/arm-machinelearning@2.1.1 + @azure/identity). They are looked up in
$AML_COMPAT_NODE_DIR (default ~/.cache/aml-emulator-compat-node), prepared with:
    mkdir -p DIR && cd DIR && npm install @azure/arm-machinelearning@2.1.1 @azure/identity
Exits 77 (skipped) with the reason when node or the packages are missing."""
import os
import shutil
import sys

from emu import run_compat_client

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
    return run_compat_client(
        "JavaScript", [node, os.path.join(HERE, "compat", "node_client.js")],
        lambda e, cfg: {"NODE_EXTRA_CA_CERTS": e.ca, "NODE_PATH": modules})


if __name__ == "__main__":
    sys.exit(main())
