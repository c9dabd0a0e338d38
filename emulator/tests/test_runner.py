"""The batch job runner: an invoked job runs the deployment's scoring script
(init() per worker, run(mini_batch) per mini-batch) over the input files on
instanceCount x maxConcurrencyPerInstance python workers, with retries,
timeouts, the error threshold and the output action, and writes its output
and log to the job's folder in the datastore."""
import collections
import os

from batch import ERROR_PROPERTY, BatchTest, write
from emu import P, main

# Every row says which worker process scored it and how big its mini-batch was.
# With MARKERS and READY_WORKERS set, each init() leaves a marker and run()
# waits until READY_WORKERS workers have started, so that the work cannot
# run out before they all take part (a barrier, not a guess at timing).
SCORE = """
import os, time
factor = None

def init():
    global factor
    with open(os.path.join(os.environ["AZUREML_MODEL_DIR"], "factor.txt")) as f:
        factor = int(f.read())
    if "MARKERS" in os.environ:
        open(os.path.join(os.environ["MARKERS"], "pid-%d" % os.getpid()), "w").close()

def run(mini_batch):
    need = int(os.environ.get("READY_WORKERS", "1"))
    deadline = time.time() + 30  # a worker that never comes fails the test's count
    while "MARKERS" in os.environ and len(os.listdir(os.environ["MARKERS"])) < need:
        if time.time() > deadline:
            break
        time.sleep(0.01)  # polling for the other workers (readiness)
    rows = []
    for path in mini_batch:
        with open(path) as f:
            rows.append([os.path.basename(path), int(f.read()) * factor, os.getpid(),
                         len(mini_batch)])
    return rows
"""


class Runs(BatchTest):
    def test_job_completes_with_predictions(self):
        markers = self.blob("complete/markers")
        os.makedirs(markers)
        dep = self.deployment("complete", SCORE, miniBatchSize=4, maxConcurrencyPerInstance=2,
                              resources={"instanceCount": 2},
                              environmentVariables={"MARKERS": markers, "READY_WORKERS": "2"})
        name = self.invoke(dep, self.data("complete/data", 25))
        job = self.assert_status(name, "Completed")
        rows = self.rows(name)
        self.assertEqual([r[:2] for r in rows],
                         sorted([f"f{i:02d}.txt", str(i * 3)] for i in range(25)))
        # mini-batches of 4 (the last one of 1), spread over several workers
        self.assertEqual(collections.Counter(r[3] for r in rows), {"4": 24, "1": 1})
        pids = {r[2] for r in rows}
        self.assertTrue(1 < len(pids) <= 4, pids)
        # where the output is: the ARM job, the data plane, the control API, the disk
        score = f"azureml://datastores/workspaceblobstore/paths/azureml/{name}/score/"
        self.assertEqual(job["properties"]["outputs"]["score"],
                         {"jobOutputType": "uri_folder", "uri": score, "mode": "ReadWriteMount"})
        out = self.outputs(name)
        self.assertEqual(out["uri"], score)
        self.assertTrue(os.path.isfile(os.path.join(out["folder"], "predictions.csv")))
        self.assertTrue(out["folder"].startswith(os.path.realpath(self.ds)))
        self.assertLessEqual({"predictions.csv", "logs/job.log", "user_logs/std_log.txt"},
                             {f["name"] for f in out["files"]})
        self.assertEqual((out["run"]["miniBatches"], out["run"]["succeededItems"],
                          out["run"]["failedItems"]), (7, 25, 0))
        log = self.file(name, "job.log")
        self.assertIn("25 files in 7 mini-batches of up to 4", log)
        self.assertIn("job Completed", log)
        mfe = self.emu.arm("GET", "/mferp/managementfrontend" + P +
                           f"/batchEndpoints/{self.ENDPOINT}/jobs",
                           api="2020-09-01-dataplanepreview")
        view = [j for j in mfe.json["value"] if j["name"] == name][0]["properties"]
        self.assertEqual(view["status"], "Completed")
        self.assertEqual(view["output"]["path"], f"azureml/{name}/score/")
        self.assertEqual(view["outputData"]["score"]["jobOutputType"], "UriFolder")
        self.assertEqual(self.emu.control("GET", "/_emulator/config").json["datastoreDir"],
                         os.path.realpath(self.ds))

    def test_invoke_overrides(self):
        dep = self.deployment("overrides", SCORE, miniBatchSize=4, maxConcurrencyPerInstance=2,
                              resources={"instanceCount": 2})
        name = self.invoke(dep, self.data("overrides/data", 25), miniBatchSize=10,
                           compute={"instanceCount": 1}, maxConcurrencyPerInstance=1,
                           outputFileName="scores.csv")
        self.assert_status(name, "Completed")
        rows = self.rows(name, "scores.csv")
        self.assertEqual(collections.Counter(r[3] for r in rows), {"10": 20, "5": 5})
        self.assertEqual(len({r[2] for r in rows}), 1)  # one worker
        self.assertIsNone(self.file(name, "predictions.csv"))

    def test_file_inputs_and_output_location(self):
        dep = self.deployment("files", SCORE, model_factor=5, outputFileName="scored.csv")
        self.data("files/data", 3)
        one = self.invoke(dep, "file://" + self.blob("files/data/f02.txt"), "UriFile")
        self.assert_status(one, "Completed")
        self.assertEqual([r[:2] for r in self.rows(one, "scored.csv")], [["f02.txt", "10"]])
        # an absolute folder path, and an output folder of the invoke's own
        body_out = {"out": {"jobOutputType": "UriFolder", "uri": self.uri("files/results/")}}
        two = self.invoke(dep, self.blob("files/data"), outputData=body_out)
        self.assert_status(two, "Completed")
        with open(self.blob("files/results/scored.csv"), encoding="utf-8") as f:
            self.assertEqual(len(f.read().splitlines()), 3)
        self.assertEqual(len(self.rows(two, "scored.csv")), 3)  # served by the control API too
        self.assertIn("scored.csv", {f["name"] for f in self.outputs(two)["files"]})

    def test_retry_after_a_failed_attempt(self):
        script = """
        import os
        def init():
            pass
        def run(mini_batch):
            marker = os.path.join(os.environ["MARKERS"], os.path.basename(mini_batch[0]))
            if not os.path.exists(marker):
                open(marker, "w").close()
                raise RuntimeError("first attempt fails: " + os.path.basename(mini_batch[0]))
            return [os.path.basename(p) for p in mini_batch]
        """
        markers = self.blob("retry/markers")
        os.makedirs(markers)
        dep = self.deployment("retry", script, miniBatchSize=2,
                              environmentVariables={"MARKERS": markers})
        name = self.invoke(dep, self.data("retry/data", 6))
        self.assert_status(name, "Completed")
        self.assertEqual(self.rows(name), sorted([f"f{i:02d}.txt"] for i in range(6)))
        log = self.file(name, "job.log")
        self.assertEqual(log.count("it will be retried"), 3, log)
        self.assertIn("RuntimeError: first attempt fails: f00.txt", log)
        self.assertEqual(self.outputs(name)["run"]["failedItems"], 0)

    def test_worker_that_dies_is_replaced(self):
        # One worker dies in the middle of a mini-batch (retried on its
        # replacement), another one while idle (replaced, the job goes on).
        # Each step waits for the one before it, seen in a marker file or in
        # job.log, so the order does not depend on how fast anything runs:
        # b-slow's first attempt dies; a-quick returns once b-slow's retry has
        # started (so no work is left for its worker) and its worker exits
        # once the emulator has logged its answer (idle); b-slow's retry
        # returns once that exit is in the log.
        script = """
        import os, threading, time
        MARKERS = os.environ["MARKERS"]
        def wait_until(ready):
            deadline = time.time() + 30
            while not ready() and time.time() < deadline:
                time.sleep(0.01)  # polling for the other side (readiness)
        def log_has(text):
            try:
                with open(os.environ["JOB_LOG"]) as f:
                    return text in f.read()
            except OSError:
                return False
        def init():
            open(os.path.join(MARKERS, "pid-%d" % os.getpid()), "w").close()
            # both workers ready together
            wait_until(lambda: sum(n.startswith("pid-") for n in os.listdir(MARKERS)) >= 2)
        def exit_once_answered():
            wait_until(lambda: log_has("mini-batch 1/2 (1 file) attempt 1"))
            os._exit(3)
        def run(mini_batch):
            name = os.path.basename(mini_batch[0])
            died = os.path.join(MARKERS, "died-b-slow")
            retry = os.path.join(MARKERS, "retry-b-slow")
            if name == "b-slow" and not os.path.exists(died):
                open(died, "w").close()
                os._exit(4)
            if name == "b-slow":
                open(retry, "w").close()
                wait_until(lambda: log_has("exited with status 3 while idle"))
            else:
                wait_until(lambda: os.path.exists(retry))
                threading.Thread(target=exit_once_answered).start()
            return [name]
        """
        markers = self.blob("dies/markers")
        os.makedirs(markers)
        job = "dies-job"
        log = os.path.join(self.ds, "workspaceartifactstore", "ExperimentRun", f"dcid.{job}",
                           "logs", "job.log")
        dep = self.deployment("dies", script, miniBatchSize=1, maxConcurrencyPerInstance=2,
                              environmentVariables={"MARKERS": markers, "JOB_LOG": log})
        write(self.blob("dies/data/a-quick"), "")
        write(self.blob("dies/data/b-slow"), "")
        name = self.invoke(dep, self.uri("dies/data"), name=job)
        self.assertEqual(name, job)
        self.assert_status(name, "Completed")
        self.assertEqual(self.rows(name), [["a-quick"], ["b-slow"]])
        log = self.file(name, "job.log")
        self.assertIn("lost its worker, which exited with status 4; it will be retried", log)
        self.assertIn("exited with status 3 while idle", log)

    def test_error_threshold(self):
        script = """
        import os
        def init():
            pass
        def run(mini_batch):
            for p in mini_batch:
                if os.path.basename(p).startswith("bad"):
                    raise ValueError("cannot score " + os.path.basename(p))
            return [os.path.basename(p) for p in mini_batch]
        """
        dep = self.deployment("threshold", script, miniBatchSize=1, errorThreshold=1,
                              retrySettings={"maxRetries": 0, "timeout": "PT30S"})
        for n in ("good-0", "good-1", "good-2", "bad-0", "bad-1"):
            write(self.blob(f"threshold/data/{n}"), n)
        data = self.uri("threshold/data")
        over = self.invoke(dep, data)
        job = self.assert_status(over, "Failed")
        self.assertIn("2 items failed, more than the errorThreshold of 1",
                      job["properties"]["properties"][ERROR_PROPERTY])
        self.assertIn("ValueError: cannot score bad-0", self.file(over, "job.log"))
        within = self.invoke(dep, data, errorThreshold=2)
        self.assert_status(within, "Completed")
        self.assertEqual(self.rows(within), [["good-0"], ["good-1"], ["good-2"]])
        self.assertEqual(self.outputs(within)["run"]["failedItems"], 2)
        ignored = self.invoke(dep, data, errorThreshold=-1)
        self.assert_status(ignored, "Completed")

    def test_timeout(self):
        # The slow mini-batch never returns by itself: the test moves the
        # emulator's clock past retrySettings.timeout (mini-batch timeouts
        # follow it), twice (maxRetries 1), instead of waiting.
        script = """
        import os, threading
        def init():
            pass
        def run(mini_batch):
            if any("slow" in p for p in mini_batch):
                open(os.path.join(os.environ["MARKERS"], "slow-%d" % os.getpid()), "w").close()
                threading.Event().wait()  # until the emulator kills the worker
            return [os.path.basename(p) for p in mini_batch]
        """
        markers = self.blob("timeout/markers")
        os.makedirs(markers)
        dep = self.deployment("timeout", script, miniBatchSize=1,
                              retrySettings={"maxRetries": 1, "timeout": "PT30S"},
                              environmentVariables={"MARKERS": markers})
        write(self.blob("timeout/data/fast"), "")
        write(self.blob("timeout/data/slow"), "")
        name = self.invoke(dep, self.uri("timeout/data"))
        for attempt in (1, 2):
            self.wait_for(lambda: len(os.listdir(markers)) >= attempt,
                          f"attempt {attempt} of the slow mini-batch")
            r = self.emu.control("POST", "/_emulator/clock", {"advanceMs": 31000})
            self.assertEqual(r.status, 200, r)
        self.assert_status(name, "Completed")  # errorThreshold -1: the failure is ignored
        self.assertEqual(self.rows(name), [["fast"]])
        log = self.file(name, "job.log")
        self.assertEqual(log.count("timed out after 30.0 s"), 2, log)
        run = self.outputs(name)["run"]
        self.assertEqual((run["succeededItems"], run["failedItems"]), (1, 1))

    def test_summary_only_writes_no_output_file(self):
        dep = self.deployment("summary", SCORE, outputAction="SummaryOnly")
        name = self.invoke(dep, self.data("summary/data", 3))
        self.assert_status(name, "Completed")
        out = self.outputs(name)
        self.assertNotIn("predictions.csv", {f["name"] for f in out["files"]})
        self.assertIsNone(out["run"]["outputFile"])
        self.assertEqual(out["run"]["succeededItems"], 3)

    def test_fewer_rows_than_files_count_as_failed(self):
        script = """
        def init():
            pass
        def run(mini_batch):
            return ["one line for %d files" % len(mini_batch)]
        """
        dep = self.deployment("fewer", script, miniBatchSize=3, errorThreshold=3)
        name = self.invoke(dep, self.data("fewer/data", 6))
        job = self.assert_status(name, "Failed")
        self.assertIn("4 items failed", job["properties"]["properties"][ERROR_PROPERTY])


class CannotRun(BatchTest):
    def assert_fails(self, name, *fragments, log=()):
        job = self.assert_status(name, "Failed")
        error = job["properties"]["properties"][ERROR_PROPERTY]
        for f in fragments:
            self.assertIn(f, error)
        text = self.file(name, "job.log")
        for f in log:
            self.assertIn(f, text)

    def test_syntax_error(self):
        dep = self.deployment("syntax", "def init(:\n    pass\n")
        name = self.invoke(dep, self.data("syntax/data", 2))
        self.assert_fails(name, "failed to load", "SyntaxError", log=["SyntaxError", "score.py"])

    def test_missing_run(self):
        dep = self.deployment("norun", "def init():\n    pass\n")
        name = self.invoke(dep, self.data("norun/data", 2))
        self.assert_fails(name, "defines no run() function", log=["defines no run() function"])

    def test_init_raises(self):
        dep = self.deployment("badinit", "def init():\n    raise ValueError('no model here')\n"
                                         "def run(mb):\n    return mb\n")
        name = self.invoke(dep, self.data("badinit/data", 2))
        self.assert_fails(name, "ValueError: no model here", log=["Traceback", "no model here"])

    def test_model_only_deployment(self):
        dep = self.deployment("mlflow", SCORE, code_config=False)
        name = self.invoke(dep, self.data("mlflow/data", 2))
        self.assert_fails(name, "has no code configuration", log=["the job cannot run"])

    def test_inputs_it_cannot_read(self):
        dep = self.deployment("noinput", SCORE)
        web = self.invoke(dep, "https://example.invalid/data/")
        self.assert_fails(web, "no network access")
        missing = self.invoke(dep, self.uri("noinput/nothing-here/"))
        self.assert_fails(missing, "was not found")
        empty = self.blob("noinput/empty")
        os.makedirs(empty)
        self.assert_fails(self.invoke(dep, self.uri("noinput/empty")), "has no files")


if __name__ == "__main__":
    main()
