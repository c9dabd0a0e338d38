"""Helpers of the job runner tests: a datastore folder the test writes code,
model and data into, the ARM resources that point at them (compute,
endpoint, code and model versions, deployments), invoke, and waiting for a
job's final status."""
import os
import shutil
import textwrap
import time
import unittest

from emu import ML_SCOPE, P, Emulator, compute_body, deployment_body, endpoint_body, tempdir

TERMINAL = ("Completed", "Failed", "Canceled")
ERROR_PROPERTY = "azureml.emulator.error"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def pid_alive(pid):
    """True while pid exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class BatchTest(unittest.TestCase):
    """One emulator per class with its datastore in a temporary folder; an
    endpoint and a compute shared by the tests."""
    EXTRA = ()
    ENDPOINT = "run-ep"

    @classmethod
    def setUpClass(cls):
        cls.ds = tempdir()
        cls.emu = Emulator("--provisioning-delay-ms", "0", "--job-start-delay-ms", "0",
                           "--datastore-dir", cls.ds, *cls.EXTRA).start()
        e = cls.emu
        e.arm("PUT", f"{P}/computes/run-cc", compute_body())
        e.arm("PUT", f"{P}/batchEndpoints/{cls.ENDPOINT}", endpoint_body())
        e.control("POST", "/_emulator/settle")
        cls.scoring_uri = e.arm("GET", f"{P}/batchEndpoints/{cls.ENDPOINT}").json[
            "properties"]["scoringUri"]

    @classmethod
    def tearDownClass(cls):
        try:
            cls.emu.stop()
        finally:
            shutil.rmtree(cls.ds, ignore_errors=True)

    # -- files in the datastore -------------------------------------------
    def blob(self, rel):
        """Local path of azureml://datastores/workspaceblobstore/paths/<rel>."""
        return os.path.join(self.ds, "workspaceblobstore", rel)

    @staticmethod
    def uri(rel):
        return f"azureml://datastores/workspaceblobstore/paths/{rel}"

    def data(self, folder, n, name="f{:02d}.txt"):
        """n files holding their index; returns the folder's URI."""
        for i in range(n):
            write(self.blob(f"{folder}/{name.format(i)}"), str(i))
        return self.uri(folder + "/")

    # -- ARM resources -------------------------------------------------------
    def deployment(self, name, script, model_factor=3, code_config=True, **props):
        """A deployment whose code folder holds score.py = script."""
        write(self.blob(f"{name}/code/score.py"), textwrap.dedent(script))
        write(self.blob(f"{name}/model/factor.txt"), str(model_factor))
        e = self.emu
        r = e.arm("PUT", f"{P}/codes/{name}-code/versions/1",
                  {"properties": {"codeUri": self.uri(f"{name}/code")}})
        self.assertEqual(r.status, 201, r)
        r = e.arm("PUT", f"{P}/models/{name}-model/versions/1",
                  {"properties": {"modelUri": self.uri(f"{name}/model")}})
        self.assertEqual(r.status, 201, r)
        body = dict(props)
        body["model"] = {"referenceType": "Id",
                         "assetId": f"{P}/models/{name}-model/versions/1"}
        if code_config:
            body["codeConfiguration"] = {"codeId": f"{P}/codes/{name}-code/versions/1",
                                         "scoringScript": "score.py"}
        r = e.arm("PUT", f"{P}/batchEndpoints/{self.ENDPOINT}/deployments/{name}",
                  deployment_body("run-cc", **body))
        self.assertIn(r.status, (200, 201), r)
        e.control("POST", "/_emulator/settle")
        return name

    def invoke(self, deployment, input_uri, input_type="UriFolder", **props):
        body = {"properties": dict(props, inputData={"in": {"jobInputType": input_type,
                                                            "uri": input_uri}})}
        r = self.emu.raw("POST", self.scoring_uri, body,
                         {"Authorization": "Bearer " + self.emu.token(ML_SCOPE),
                          "azureml-model-deployment": deployment})
        self.assertEqual(r.status, 200, r)
        return r.json["name"]

    def job(self, name):
        r = self.emu.arm("GET", f"{P}/jobs/{name}")
        self.assertEqual(r.status, 200, r)
        return r.json

    def wait(self, name, statuses=TERMINAL, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            job = self.job(name)
            if job["properties"]["status"] in statuses:
                return job
            time.sleep(0.05)
        self.fail(f"job {name} still {job['properties']['status']} after {timeout} s; "
                  f"log:\n{self.file(name, 'job.log')}")

    def outputs(self, name):
        r = self.emu.control("GET", f"/_emulator/jobs/{name}/outputs")
        self.assertEqual(r.status, 200, r)
        return r.json

    def file(self, name, rel):
        r = self.emu.control("GET", f"/_emulator/jobs/{name}/outputs/{rel}")
        return r.raw if r.status == 200 else None

    def rows(self, name, rel="predictions.csv"):
        text = self.file(name, rel)
        self.assertIsNotNone(text, f"{rel} missing; log:\n{self.file(name, 'job.log')}")
        return sorted(line.split(",") for line in text.splitlines())

    def wait_for(self, ready, what, timeout=20):
        """Poll until ready() is true (readiness: no assertion depends on how
        long it took, only on it happening)."""
        deadline = time.time() + timeout
        while not ready():
            self.assertLess(time.time(), deadline, f"gave up waiting for {what}")
            time.sleep(0.05)

    def wait_log(self, name, text, timeout=20):
        """Wait for a line containing text in the job's job.log."""
        self.wait_for(lambda: text in (self.file(name, "job.log") or ""),
                      f"{text!r} in the log of {name}", timeout)

    def assert_status(self, name, status):
        job = self.wait(name)
        self.assertEqual(job["properties"]["status"], status,
                         f"log:\n{self.file(name, 'job.log')}")
        return job
