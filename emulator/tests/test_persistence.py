"""State in a data directory survives a clean restart and kill -9: every
acknowledged change is committed before the response is sent."""
import os
import shutil
import sqlite3
import unittest

from emu import P, Emulator, command_job, compute_body, endpoint_body, main, tempdir


class Persistence(unittest.TestCase):
    def setUp(self):
        self.dir = tempdir()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_restart_and_kill9(self):
        e = Emulator("--provisioning-delay-ms", "0", data_dir=self.dir).start()
        try:
            token = e.token()
            for i in range(5):
                r = e.arm("PUT", f"{P}/batchEndpoints/keep-{i}", endpoint_body())
                self.assertEqual(r.status, 201, r)
            e.arm("PUT", f"{P}/computes/keep-cc", compute_body(min_nodes=1))
            e.arm("PUT", f"{P}/models/keep-m/versions/1",
                  {"properties": {"modelUri": "azureml://x"}})
            e.arm("PUT", f"{P}/jobs/keep-job", command_job())
            old_base = e.base
        finally:
            e.stop()
        self.assertTrue(os.path.exists(os.path.join(self.dir, "emulator.db")))

        e = Emulator("--provisioning-delay-ms", "0", data_dir=self.dir).start()
        try:
            # the signing key persisted: the old token is still valid
            r = e.arm("GET", f"{P}/batchEndpoints", token=token)
            self.assertEqual(r.status, 200, r)
            self.assertEqual([v["name"] for v in r.json["value"]],
                             [f"keep-{i}" for i in range(5)])
            # URLs stored in bodies follow the new port
            uri = r.json["value"][0]["properties"]["scoringUri"]
            self.assertTrue(uri.startswith(e.base), (uri, old_base, e.base))
            self.assertEqual(e.arm("GET", f"{P}/computes/keep-cc").json["properties"]
                             ["properties"]["currentNodeCount"], 1)
            self.assertEqual(e.arm("GET", f"{P}/models/keep-m/versions/1").status, 200)
            self.assertEqual(e.arm("GET", f"{P}/jobs/keep-job").status, 200)
            # acknowledged writes, then kill -9 with no chance to flush anything
            for i in range(20):
                self.assertEqual(e.arm("PUT", f"{P}/batchEndpoints/k9-{i}",
                                       endpoint_body()).status, 201)
            self.assertEqual(e.arm("DELETE", f"{P}/batchEndpoints/keep-0").status, 202)
            e.kill9()
        finally:
            e.stop()

        e = Emulator("--provisioning-delay-ms", "0", data_dir=self.dir).start()
        try:
            names = []
            url = f"{P}/batchEndpoints"
            r = e.arm("GET", url)
            names = [v["name"] for v in r.json["value"]]
            for i in range(20):
                self.assertIn(f"k9-{i}", names)
            self.assertNotIn("keep-0", names)  # the delete finished after restart
        finally:
            e.stop()

    def test_pending_operation_resumes_after_restart(self):
        e = Emulator("--provisioning-delay-ms", "1500", data_dir=self.dir).start()
        try:
            r = e.arm("PUT", f"{P}/batchEndpoints/slow-ep", endpoint_body())
            self.assertEqual(r.status, 201)
            aao = r.header("Azure-AsyncOperation")
            e.kill9()
        finally:
            e.stop()
        e = Emulator("--provisioning-delay-ms", "1500", data_dir=self.dir).start()
        try:
            aao = aao.split("/subscriptions/", 1)[1]
            st = e.wait_op(f"{e.base}/subscriptions/{aao}")
            self.assertEqual(st["status"], "Succeeded")
            g = e.arm("GET", f"{P}/batchEndpoints/slow-ep")
            self.assertEqual(g.json["properties"]["provisioningState"], "Succeeded")
        finally:
            e.stop()

    def test_schema_1_database_gains_the_runner_columns(self):
        e = Emulator("--provisioning-delay-ms", "0", data_dir=self.dir).start()
        try:
            e.arm("PUT", f"{P}/jobs/old-job", command_job())
        finally:
            e.stop()
        db = sqlite3.connect(os.path.join(self.dir, "emulator.db"))
        if sqlite3.sqlite_version_info < (3, 35):
            db.close()
            self.skipTest("this SQLite cannot drop columns to make a version 1 database")
        # what a database written before the job runner looks like
        db.executescript("ALTER TABLE jobs DROP COLUMN run_id; ALTER TABLE jobs DROP COLUMN "
                         "run_info; UPDATE meta SET value = '1' WHERE key = 'schema_version';")
        db.close()
        e = Emulator("--provisioning-delay-ms", "0", data_dir=self.dir).start()
        try:
            self.assertEqual(e.arm("GET", f"{P}/jobs/old-job").status, 200)
        finally:
            e.stop()
        db = sqlite3.connect(os.path.join(self.dir, "emulator.db"))
        cols = {r[1] for r in db.execute("PRAGMA table_info(jobs)")}
        version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
        db.close()
        self.assertLessEqual({"run_id", "run_info"}, cols)
        self.assertEqual(version, "2")


if __name__ == "__main__":
    main()
