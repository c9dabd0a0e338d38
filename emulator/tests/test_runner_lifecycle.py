"""The life of a running batch job: a cancel through ARM stops its workers
and ends Canceled, a status forced through the control API or a delete takes
the job away from its run, a job set back to NotStarted runs again, and a
restart settles the runs the previous process left behind (Failed, with the
reason) while jobs still waiting to start run after it."""
import os
import shutil
import signal
import time
import unittest

from batch import ERROR_PROPERTY, BatchTest, pid_alive
from emu import P, Emulator, main, tempdir

# init() records the worker's pid; run() never returns by itself (the
# worker runs until it is stopped: a cancel, a forced status, a delete).
SLOW = """
import os, threading
def init():
    open(os.path.join(os.environ["PIDS"], str(os.getpid())), "w").close()
def run(mini_batch):
    threading.Event().wait()
    return mini_batch
"""

FAST = """
import os
def init():
    pass
def run(mini_batch):
    return [os.path.basename(p) for p in mini_batch]
"""


class SlowJobs(BatchTest):
    def slow_job(self, tag, workers=2):
        """A Running job whose workers have all started; returns (name, pids)."""
        pids_dir = self.blob(f"{tag}/pids")
        os.makedirs(pids_dir)
        dep = self.deployment(tag, SLOW, miniBatchSize=1, maxConcurrencyPerInstance=workers,
                              environmentVariables={"PIDS": pids_dir})
        name = self.invoke(dep, self.data(f"{tag}/data", 4))
        self.wait(name, ("Running",))
        deadline = time.time() + 15
        while len(os.listdir(pids_dir)) < workers and time.time() < deadline:
            time.sleep(0.05)
        pids = [int(p) for p in os.listdir(pids_dir)]
        self.assertEqual(len(pids), workers, self.file(name, "job.log"))
        self.assertTrue(all(pid_alive(p) for p in pids))
        return name, pids

    def assert_gone(self, pids, timeout=5):
        deadline = time.time() + timeout
        while any(pid_alive(p) for p in pids) and time.time() < deadline:
            time.sleep(0.05)
        self.assertEqual([p for p in pids if pid_alive(p)], [])

    def test_cancel_stops_the_workers(self):
        name, pids = self.slow_job("cancel")
        r = self.emu.arm("POST", f"{P}/jobs/{name}/cancel")
        self.assertEqual(r.status, 202, r)
        # run() never returns: the cancel can only complete by stopping them
        final = self.emu.wait_location(r.header("Location"))
        self.assertEqual(final.status, 200, final)
        self.assertEqual(self.job(name)["properties"]["status"], "Canceled")
        # Canceled only once the workers are gone: none is left behind
        self.assertEqual([p for p in pids if pid_alive(p)], [])
        self.assertIn("cancel requested: the workers were stopped", self.file(name, "job.log"))

    def test_forced_final_status_stops_the_run(self):
        name, pids = self.slow_job("forced")
        r = self.emu.control("POST", f"/_emulator/jobs/{name}/status", {"status": "Failed"})
        self.assertEqual(r.status, 200, r)
        self.assert_gone(pids)
        # The run's last act when its job is taken away is this log line
        # (run_job.c: log_lost; it writes no status after it), so once it is
        # there the run is over and the forced status must still stand.
        self.wait_log(name, "changed or deleted by another request")
        self.assertEqual(self.job(name)["properties"]["status"], "Failed")

    def test_delete_stops_the_run(self):
        name, pids = self.slow_job("deleted", workers=1)
        r = self.emu.arm("DELETE", f"{P}/jobs/{name}")
        self.assertEqual(r.status, 202, r)
        self.emu.wait_location(r.header("Location"))
        self.assertEqual(self.emu.arm("GET", f"{P}/jobs/{name}").status, 404)
        self.assert_gone(pids)

    def test_not_started_again_runs_again(self):
        dep = self.deployment("again", FAST)
        name = self.invoke(dep, self.data("again/data", 3))
        self.assert_status(name, "Completed")
        first = self.outputs(name)["run"]["runId"]
        self.emu.control("POST", f"/_emulator/jobs/{name}/status", {"status": "NotStarted"})
        deadline = time.time() + 20
        while self.outputs(name)["run"]["runId"] == first and time.time() < deadline:
            time.sleep(0.05)
        self.assert_status(name, "Completed")
        self.assertEqual(len(self.rows(name)), 3)  # a fresh output file, not appended to


class Restart(unittest.TestCase):
    """A data directory: the job table survives, the runs do not."""

    def setUp(self):
        self.dir = tempdir()
        self.ds = tempdir()

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)
        shutil.rmtree(self.ds, ignore_errors=True)

    def start(self, delay="0"):
        e = Emulator("--provisioning-delay-ms", "0", "--job-start-delay-ms", delay,
                     "--datastore-dir", self.ds, data_dir=self.dir).start()
        # BatchTest's helpers, bound to this emulator and datastore
        t = SlowJobs("run")
        t.emu, t.ds = e, self.ds
        t.scoring_uri = None
        return e, t

    def setup_endpoint(self, t):
        from emu import compute_body, endpoint_body
        t.emu.arm("PUT", f"{P}/computes/run-cc", compute_body())
        t.emu.arm("PUT", f"{P}/batchEndpoints/{t.ENDPOINT}", endpoint_body())
        t.emu.control("POST", "/_emulator/settle")
        t.scoring_uri = t.emu.arm("GET", f"{P}/batchEndpoints/{t.ENDPOINT}").json[
            "properties"]["scoringUri"]

    def test_running_job_fails_after_restart(self):
        e, t = self.start()
        try:
            self.setup_endpoint(t)
            stopped, pids = t.slow_job("stopped", workers=1)
        finally:
            e.stop()  # exit 0, with the workers killed
        self.assertEqual([p for p in pids if pid_alive(p)], [])
        e, t = self.start()
        try:
            job = t.job(stopped)
            self.assertEqual(job["properties"]["status"], "Failed")
            why = job["properties"]["properties"][ERROR_PROPERTY]
            self.assertIn("stopped while this job was Running", why)
            self.assertIn(why, t.file(stopped, "job.log"))
            # the same after kill -9 (whose workers end after their mini-batch)
            self.setup_endpoint(t)
            killed, pids = t.slow_job("killed", workers=1)
            e.kill9()
        finally:
            e.stop()
        for p in pids:
            os.kill(p, signal.SIGKILL)
        e, t = self.start()
        try:
            self.assertEqual(t.job(killed)["properties"]["status"], "Failed")
        finally:
            e.stop()

    def test_waiting_job_runs_after_restart(self):
        e, t = self.start(delay="600000")
        try:
            self.setup_endpoint(t)
            dep = t.deployment("waiting", FAST)
            name = t.invoke(dep, t.data("waiting/data", 2))
            self.assertEqual(t.job(name)["properties"]["status"], "NotStarted")
        finally:
            e.stop()
        # the wait survives the restart and counts on the emulator's clock:
        # moving it past the start delay runs the job, no real time spent
        e, t = self.start(delay="600000")
        try:
            self.assertEqual(t.job(name)["properties"]["status"], "NotStarted")
            r = e.control("POST", "/_emulator/clock", {"advanceMs": 600000})
            self.assertEqual(r.status, 200, r)
            t.assert_status(name, "Completed")
            self.assertEqual(t.rows(name), [["f00.txt"], ["f01.txt"]])
        finally:
            e.stop()


if __name__ == "__main__":
    main()
