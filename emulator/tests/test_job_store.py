"""Jobs through the store: a job's predictions and logs are blobs (listed
and fetched through the Blob API, at the service's paths), the job reports
its score and default outputs, run history details give its outcome, times
and log URLs, and the MFE job lists answer newest first."""
import os
import urllib.request
import xml.etree.ElementTree as ET

from batch import BatchTest
from blobclient import BlobClient
from emu import P, main

SCORE = """
import os, sys
def init():
    print("init called", flush=True)
def run(mini_batch):
    print(f"scoring {len(mini_batch)} files", flush=True)
    print("a warning on stderr", file=sys.stderr, flush=True)
    return [os.path.basename(f) + "," + open(f).read() for f in mini_batch]
"""

FAILING = """
def init():
    pass
def run(mini_batch):
    raise ValueError("no good")
"""


def names(resp):
    return [b.findtext("Name") for b in ET.fromstring(resp.body).iter("Blob")]


class JobStore(BatchTest):
    ENDPOINT = "store-ep"

    def test_outputs_and_logs_are_blobs(self):
        dep = self.deployment("store", SCORE, miniBatchSize=2)
        name = self.invoke(dep, self.data("store/data", 5))
        job = self.assert_status(name, "Completed")
        outs = job["properties"]["outputs"]
        self.assertEqual(outs["score"]["uri"],
                         f"azureml://datastores/workspaceblobstore/paths/azureml/{name}/score/")
        self.assertEqual(outs["default"], {
            "jobOutputType": "uri_folder", "mode": "ReadWriteMount",
            "uri": f"azureml://datastores/workspaceartifactstore/paths/ExperimentRun/dcid.{name}/"})
        c = BlobClient(self.emu.base)
        r = c.list_blobs("azureml-blobstore", prefix=f"azureml/{name}/score/")
        self.assertEqual(names(r), [f"azureml/{name}/score/predictions.csv"])
        pred = c.get_blob("azureml-blobstore", f"azureml/{name}/score/predictions.csv")
        self.assertEqual(sorted(pred.body.decode().splitlines()),
                         sorted(f"f{i:02d}.txt,{i}" for i in range(5)))
        r = c.list_blobs("azureml", prefix=f"ExperimentRun/dcid.{name}/")
        self.assertEqual(names(r), [f"ExperimentRun/dcid.{name}/logs/job.log",
                                    f"ExperimentRun/dcid.{name}/user_logs/std_log.txt"])
        log = c.get_blob("azureml", f"ExperimentRun/dcid.{name}/logs/job.log").body.decode()
        self.assertIn("job Completed", log)
        std = c.get_blob("azureml", f"ExperimentRun/dcid.{name}/user_logs/std_log.txt")
        self.assertIn(b"init called", std.body)
        self.assertIn(b"scoring 2 files", std.body)
        self.assertIn(b"a warning on stderr", std.body)
        # the old control route still serves both
        self.assertIn("job Completed", self.file(name, "job.log"))
        self.assertIn("init called", self.file(name, "user_logs/std_log.txt"))
        # run history
        r = self.emu.arm("GET", f"{self.emu.base}/history/v1.0{P}/runs/{name}/details")
        self.assertEqual(r.status, 200, r)
        d = r.json
        self.assertEqual((d["runId"], d["status"]), (name, "Completed"))
        self.assertTrue(d["startTimeUtc"] and d["endTimeUtc"] and
                        d["startTimeUtc"] <= d["endTimeUtc"], d)
        self.assertNotIn("error", d)
        self.assertEqual(d["warnings"], [])
        self.assertEqual(set(d["logFiles"]), {"logs/job.log", "user_logs/std_log.txt"})
        with urllib.request.urlopen(d["logFiles"]["logs/job.log"]) as f:  # SAS, no header
            self.assertIn(b"job Completed", f.read())
        r = self.emu.arm("GET", f"{self.emu.base}/history/v1.0{P}/runs/{name}")
        self.assertEqual((r.status, r.json["status"]), (200, "Completed"))
        self.assertNotIn("logFiles", r.json)
        r = self.emu.arm("GET", f"{self.emu.base}/history/v1.0{P}/runs/nosuchjob/details")
        self.assertEqual(r.status, 404)
        r = self.emu.raw("GET", f"/history/v1.0{P}/runs/{name}/details")
        self.assertEqual(r.status, 401)

    def test_failed_job_details(self):
        dep = self.deployment("storefail", FAILING, errorThreshold=0,
                              retrySettings={"maxRetries": 0, "timeout": "PT30S"})
        name = self.invoke(dep, self.data("storefail/data", 2))
        self.assert_status(name, "Failed")
        d = self.emu.arm("GET", f"{self.emu.base}/history/v1.0{P}/runs/{name}/details").json
        self.assertEqual(d["status"], "Failed")
        self.assertEqual(d["error"]["error"]["code"], "UserError")
        self.assertIn("errorThreshold", d["error"]["error"]["message"])
        c = BlobClient(self.emu.base)
        std = c.get_blob("azureml", f"ExperimentRun/dcid.{name}/user_logs/std_log.txt")
        self.assertIn(b"ValueError: no good", std.body + self.file(name, "job.log").encode())

    def test_named_output_and_newest_first(self):
        dep = self.deployment("storenamed", SCORE)
        out = "azureml://datastores/workspaceblobstore/paths/custom/out/"
        first = self.invoke(dep, self.data("storenamed/data", 2),
                            outputData={"score": {"jobOutputType": "UriFolder", "uri": out}})
        job = self.assert_status(first, "Completed")
        self.assertEqual(job["properties"]["outputs"]["score"]["uri"], out)
        self.assertIn("default", job["properties"]["outputs"])
        c = BlobClient(self.emu.base)
        self.assertEqual(c.get_blob("azureml-blobstore", "custom/out/predictions.csv").status, 200)
        more = [self.invoke(dep, self.data("storenamed/data", 2)) for _ in range(2)]
        for n in more:
            self.assert_status(n, "Completed")
        want = list(reversed([first] + more))
        for path in (f"/batchEndpoints/{self.ENDPOINT}/jobs",
                     f"/batchEndpoints/{self.ENDPOINT}/deployments/{dep}/jobs"):
            got, url = [], "/mferp/managementfrontend" + P + path
            while url:
                r = self.emu.arm("GET", url, api="2020-09-01-dataplanepreview",
                                 query={"$top": "2"} if not url.startswith("http") else None)
                self.assertEqual(r.status, 200, r)
                got += [j["name"] for j in r.json["value"]]
                url = r.json.get("nextLink")
            got = [n for n in got if n in want]
            self.assertEqual(got, want, path)

    def test_no_link_out_and_no_sas_in_messages(self):
        dep = self.deployment("storesafe", SCORE)
        name = self.invoke(dep, self.data("storesafe/data", 1))
        self.assert_status(name, "Completed")
        secret = os.path.join(self.ds, "..", f"outside-{name}.txt")
        with open(secret, "w") as f:
            f.write("SECRET-OUTSIDE")
        os.symlink(os.path.abspath(secret), self.blob(f"azureml/{name}/score/leak.txt"))
        self.assertNotIn("leak.txt", [f["name"] for f in self.outputs(name)["files"]])
        r = self.emu.control("GET", f"/_emulator/jobs/{name}/outputs/leak.txt")
        self.assertEqual(r.status, 404, r)
        self.assertNotIn("SECRET-OUTSIDE", r.raw)
        r = BlobClient(self.emu.base).get_blob("azureml-blobstore", f"azureml/{name}/score/leak.txt")
        self.assertEqual(r.status, 400, r)
        # a link planted in an input folder does not lead the job out of the datastores
        os.makedirs(self.blob("storesafe/linked"), exist_ok=True)
        with open(secret, "w") as f:
            f.write("SECRET-OUTSIDE")
        os.symlink(os.path.abspath(secret), self.blob("storesafe/linked/x.txt"))
        linked = self.invoke(dep, self.uri("storesafe/linked/"))
        job = self.assert_status(linked, "Failed")
        self.assertIn("leads out of the datastore root",
                      job["properties"]["properties"]["azureml.emulator.error"])
        os.unlink(secret)
        # an input URL with a SAS: the job fails without quoting the signature
        sig = "c2VjcmV0LXNpZ25hdHVyZQ%3D%3D"
        bad = self.invoke(dep, f"https://acct.blob.core.windows.net/c/data/?sv=2021-12-02&sig={sig}")
        job = self.assert_status(bad, "Failed")
        # (the job's inputs keep the URI as given, the client's own data)
        err = job["properties"]["properties"]["azureml.emulator.error"]
        self.assertIn("?REDACTED", err)
        for text in (err, self.file(bad, "job.log"),
                     self.emu.control("GET", "/_emulator/requests").raw):
            self.assertNotIn(sig, text)
            self.assertNotIn("c2VjcmV0LXNpZ25hdHVyZQ", text)


if __name__ == "__main__":
    main()
