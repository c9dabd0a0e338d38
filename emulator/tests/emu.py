"""Test harness for aml-emulator: starts the binary as a child process on
port 0 and talks to it with the standard library only (urllib), so the tests
exercise the wire format independently of the SDK in lib/."""

import json
import os
import signal
import ssl
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

BINARY = os.environ.get("AML_EMULATOR", "aml-emulator")
SUB = "00000000-0000-0000-0000-000000000001"
RG = "aml-emulator-rg"
WS = "aml-emulator-ws"
TENANT = "00000000-0000-0000-0000-0000000000aa"
CLIENT_ID = "00000000-0000-0000-0000-0000000000c1"
SECRET = "emulator-client-secret"
API = "2025-12-01"
P = (f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/"
     f"Microsoft.MachineLearningServices/workspaces/{WS}")
ARM_SCOPE = "https://management.azure.com/.default"
ML_SCOPE = "https://ml.azure.com/.default"


class Response:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        try:
            self.json = json.loads(raw) if raw else None
        except ValueError:
            self.json = None

    def header(self, name):
        return self.headers.get(name)

    def error_code(self):
        return ((self.json or {}).get("error") or {}).get("code")

    def __repr__(self):
        return f"<{self.status} {self.raw[:300]!r}>"


class Emulator:
    """One emulator process."""

    def __init__(self, *args, data_dir=None, tls=False, env=None):
        self.args = list(args)
        self.data_dir = data_dir
        self.tls = tls
        self.env = env
        self.proc = None
        self.base = None
        self.ca = None
        self._tokens = {}

    def start(self, timeout=20):
        cmd = [BINARY, "--port", "0", "--quiet"]
        if self.data_dir:
            cmd += ["--data-dir", self.data_dir]
        if self.tls:
            cmd += ["--tls"]
        cmd += self.args
        env = dict(os.environ)
        if self.env:
            env.update(self.env)
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=sys.stderr,
                                     text=True, env=env)
        try:
            return self._wait_ready(timeout)
        except BaseException:
            # Never leave an orphan holding the test runner's output pipes.
            try:
                self.stop()
            except AssertionError:
                pass
            raise

    def _wait_ready(self, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError(f"emulator exited early with {self.proc.wait()}")
            if line.startswith("READY "):
                self.base = line.split()[1]
                break
        else:
            raise RuntimeError("emulator did not print READY")
        if self.tls:
            # The CA file is what this call discovers, so it cannot verify yet.
            cfg = self.raw("GET", "/_emulator/config", trust=None).json
            self.ca = cfg["caBundle"]
        self._tokens = {}
        return self

    def stop(self):
        """SIGTERM and wait. A clean shutdown exits 0; anything else (a crash,
        or a sanitizer's leak report in instrumented builds) fails the test."""
        rc = 0
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                rc = self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                rc = "hung on SIGTERM"
        elif self.proc:
            rc = self.proc.returncode
        if self.proc and self.proc.stdout:
            self.proc.stdout.close()
        self.proc = None
        if rc != 0:
            raise AssertionError(f"aml-emulator exited with {rc}")

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc.stdout.close()
        self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- HTTP -------------------------------------------------------------
    def ssl_context(self, trust=True):
        if not self.base.startswith("https"):
            return None
        if trust is None:
            return ssl._create_unverified_context()
        return ssl.create_default_context(cafile=self.ca if trust else None)

    def raw(self, method, url, body=None, headers=None, trust=True, timeout=30):
        if not url.startswith("http"):
            url = self.base + url
        data = None
        hdrs = dict(headers or {})
        if body is not None:
            if isinstance(body, (dict, list)):
                data = json.dumps(body).encode()
                hdrs.setdefault("Content-Type", "application/json")
            elif isinstance(body, str):
                data = body.encode()
            else:
                data = body
        req = urllib.request.Request(url, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=timeout,
                                        context=self.ssl_context(trust)) as r:
                return Response(r.status, r.headers, r.read().decode())
        except urllib.error.HTTPError as e:
            raw = e.read().decode()
            return Response(e.code, e.headers, raw)

    def control(self, method, path, body=None):
        return self.raw(method, path, body)

    def token_response(self, scope=ARM_SCOPE, **form):
        fields = {"grant_type": "client_credentials", "client_id": CLIENT_ID,
                  "client_secret": SECRET, "scope": scope}
        fields.update(form)
        fields = {k: v for k, v in fields.items() if v is not None}
        return self.raw("POST", f"/{TENANT}/oauth2/v2.0/token",
                        urllib.parse.urlencode(fields),
                        {"Content-Type": "application/x-www-form-urlencoded"})

    def token(self, scope=ARM_SCOPE):
        if scope not in self._tokens:
            r = self.token_response(scope)
            assert r.status == 200, r
            self._tokens[scope] = r.json["access_token"]
        return self._tokens[scope]

    def arm(self, method, path, body=None, api=API, token=None, headers=None, query=None):
        if path.startswith("http"):
            url = path
        else:
            q = dict(query or {})
            if api is not None:
                q["api-version"] = api
            sep = "&" if "?" in path else "?"
            url = self.base + path + (sep + urllib.parse.urlencode(q) if q else "")
        hdrs = {"Authorization": "Bearer " + (token or self.token())}
        hdrs.update(headers or {})
        return self.raw(method, url, body, hdrs)

    def wait_op(self, url, timeout=20):
        """Poll an Azure-AsyncOperation URL until terminal; returns the body."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            r = self.arm("GET", url)
            assert r.status == 200, r
            if r.json["status"] in ("Succeeded", "Failed", "Canceled"):
                return r.json
            time.sleep(0.05)
        raise AssertionError("operation did not finish")

    def wait_location(self, url, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            r = self.arm("GET", url)
            if r.status != 202:
                return r
            time.sleep(0.05)
        raise AssertionError("location did not finish")


def endpoint_body(**props):
    p = {"authMode": "AADToken"}
    p.update(props)
    return {"location": "eastus", "properties": p}


def compute_body(max_nodes=4, min_nodes=0, vm="STANDARD_DS3_V2"):
    return {"properties": {"computeType": "AmlCompute", "properties": {
        "vmSize": vm, "scaleSettings": {"maxNodeCount": max_nodes, "minNodeCount": min_nodes,
                                        "nodeIdleTimeBeforeScaleDown": "PT2M"}}}}


def command_job(**props):
    """The smallest Command job the spec allows (command and environmentId are
    required for jobType Command)."""
    p = {"jobType": "Command", "command": "echo hello", "environmentId": "azureml:env:1"}
    p.update(props)
    return {"properties": p}


def deployment_body(compute, **props):
    p = {"compute": compute}
    p.update(props)
    return {"location": "eastus", "properties": p}


class EmulatorTest(unittest.TestCase):
    """Base class: one in-memory emulator per test class."""
    ARGS = ("--provisioning-delay-ms", "0")

    @classmethod
    def setUpClass(cls):
        cls.emu = Emulator(*cls.ARGS).start()

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()

    def create_endpoint(self, name, **props):
        r = self.emu.arm("PUT", f"{P}/batchEndpoints/{name}", endpoint_body(**props))
        self.assertIn(r.status, (200, 201), r)
        self.emu.wait_op(r.header("Azure-AsyncOperation"))
        return r

    def create_compute(self, name, **kw):
        r = self.emu.arm("PUT", f"{P}/computes/{name}", compute_body(**kw))
        self.assertIn(r.status, (200, 201), r)
        self.emu.wait_op(r.header("Azure-AsyncOperation"))
        return r


def tempdir():
    return tempfile.mkdtemp(prefix="aml-emu-test-")


def offline_env(extra):
    env = dict(os.environ)
    env.update(extra)
    # Anything not addressed to the emulator goes to a closed local port and
    # fails at once, so the check never reaches a real Azure endpoint.
    env.update({"HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
                "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"})
    return env


def run_compat_client(label, argv, client_env, extra_args=()):
    """One official-client check (compat_*.py): start a TLS emulator, run the
    client program argv with the emulator's identity and ARM settings plus
    client_env(e, cfg) in its environment (offline), and list what the
    emulator answered with an error. Returns the exit code of the check."""
    # Retry-After 1: azure-core treats "Retry-After: 0" as absent and falls back
    # to its 30 s default interval.
    with Emulator("--provisioning-delay-ms", "200", "--retry-after-s", "1", *extra_args, tls=True) as e:
        cfg = e.control("GET", "/_emulator/config").json
        env = offline_env({
            "AZURE_SUBSCRIPTION_ID": cfg["subscriptionId"],
            "AZURE_RESOURCE_GROUP": cfg["resourceGroup"],
            "AZUREML_WORKSPACE": cfg["workspace"],
            "AZURE_AUTHORITY_HOST": e.base, "AZURE_RESOURCE_MANAGER_URL": e.base,
            "AZURE_TENANT_ID": cfg["tenantId"], "AZURE_CLIENT_ID": cfg["clientId"],
            "AZURE_CLIENT_SECRET": SECRET,
            **client_env(e, cfg),
        })
        r = subprocess.run(argv, env=env, timeout=300)
        sent = e.control("GET", "/_emulator/requests").json["requests"]
        print(f"emulator received {len(sent)} requests from the {label} clients")
        for s in sent:
            if s["status"] >= 400:
                print("  ", s["status"], s["method"], s["path"], s["query"].get("api-version"))
        if r.returncode != 0:
            print(f"FAIL: {label} client exited", r.returncode)
            return 1
    print("1 passed, 0 failed")
    return 0


def main():
    unittest.main(verbosity=2)
