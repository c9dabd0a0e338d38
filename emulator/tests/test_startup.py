"""Start-up outputs and workspace flags."""
import os
import shutil
import subprocess
import time
import unittest

from emu import BINARY, P, SUB, RG, Emulator, main, tempdir


class Startup(unittest.TestCase):
    def setUp(self):
        self.dir = tempdir()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_port_and_env_files(self):
        port_file = os.path.join(self.dir, "port")
        env_file = os.path.join(self.dir, "env")
        with Emulator("--port-file", port_file, "--env-file", env_file) as e:
            with open(port_file) as f:
                port = int(f.read())
            self.assertTrue(e.base.endswith(f":{port}"))
            out = subprocess.run(["sh", "-c", f". {env_file}; echo $AZURE_RESOURCE_MANAGER_URL "
                                              "$AZURE_AUTHORITY_HOST $AZURE_SUBSCRIPTION_ID"],
                                 capture_output=True, text=True, check=True).stdout.split()
            self.assertEqual(out, [e.base, e.base, SUB])

    def test_env_printed_before_ready(self):
        p = subprocess.Popen([BINARY, "--port", "0"], stdout=subprocess.PIPE, text=True)
        lines = []
        try:
            deadline = time.time() + 20
            while time.time() < deadline:
                line = p.stdout.readline()
                lines.append(line)
                if line.startswith("READY "):
                    break
        finally:
            p.terminate()
            self.assertEqual(p.wait(timeout=20), 0)
            p.stdout.close()
        names = [ln.split("=")[0].replace("export ", "") for ln in lines if ln.startswith("export")]
        self.assertEqual(names, ["AZURE_SUBSCRIPTION_ID", "AZURE_RESOURCE_GROUP",
                                 "AZUREML_WORKSPACE", "AZURE_RESOURCE_MANAGER_URL",
                                 "AZURE_AUTHORITY_HOST", "AZURE_TENANT_ID", "AZURE_CLIENT_ID",
                                 "AZURE_CLIENT_SECRET", "AZURE_POD_IDENTITY_AUTHORITY_HOST",
                                 "AZUREML_EMULATOR_DATASTORE_DIR"])

    def test_datastore_dir(self):
        # in memory: a temporary folder, named in the environment, gone at exit
        env_file = os.path.join(self.dir, "env")
        with Emulator("--env-file", env_file) as e:
            folder = e.control("GET", "/_emulator/config").json["datastoreDir"]
            self.assertTrue(os.path.isdir(folder), folder)
            with open(env_file) as f:
                self.assertIn(f"export AZUREML_EMULATOR_DATASTORE_DIR='{folder}'", f.read())
        self.assertFalse(os.path.exists(folder))
        self.assertFalse(os.path.exists(os.path.dirname(folder)))
        # with a data directory: DATA_DIR/datastores, kept; --datastore-dir names another
        data = os.path.join(self.dir, "data")
        with Emulator(data_dir=data) as e:
            self.assertEqual(e.control("GET", "/_emulator/config").json["datastoreDir"],
                             os.path.join(os.path.realpath(data), "datastores"))
        self.assertTrue(os.path.isdir(os.path.join(data, "datastores")))
        mine = os.path.join(self.dir, "mine")
        out = subprocess.run([BINARY, "--print-env", "--port", "10999", "--datastore-dir", mine],
                             capture_output=True, text=True, check=True).stdout
        self.assertIn(f"export AZUREML_EMULATOR_DATASTORE_DIR='{os.path.realpath(mine)}'", out)
        # without either, --print-env cannot name the folder a later server picks
        out = subprocess.run([BINARY, "--print-env", "--port", "10999"], capture_output=True,
                             text=True, check=True).stdout
        self.assertNotIn("export AZUREML_EMULATOR_DATASTORE_DIR", out)

    def test_workspace_flags(self):
        with Emulator("--no-auto-workspace", "--add-workspace", "extra-ws",
                      "--add-workspace", "sub-2/rg-2/third-ws", "--location", "westeurope") as e:
            self.assertEqual(e.arm("GET", P).json["location"], "westeurope")
            self.assertEqual(e.arm("GET", P.replace("aml-emulator-ws", "extra-ws")).status, 200)
            third = (f"/subscriptions/sub-2/resourceGroups/rg-2/providers/"
                     f"Microsoft.MachineLearningServices/workspaces/third-ws")
            self.assertEqual(e.arm("GET", third).status, 200)
            r = e.arm("GET", P.replace("aml-emulator-ws", "unknown-ws"))
            self.assertEqual((r.status, r.error_code()), (404, "ResourceNotFound"))
            lst = e.arm("GET", f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/"
                               "Microsoft.MachineLearningServices/workspaces")
            self.assertEqual(sorted(w["name"] for w in lst.json["value"]),
                             ["aml-emulator-ws", "extra-ws"])

    def test_public_url(self):
        port_file = os.path.join(self.dir, "port")
        with Emulator("--public-url", "http://emulator.test:1234/", "--port-file", port_file) as e:
            self.assertEqual(e.base, "http://emulator.test:1234")
            # The advertised URL is only a name here; talk to the bound port.
            with open(port_file) as f:
                e.base = "http://127.0.0.1:" + f.read().strip()
            disc = e.arm("GET", P).json["properties"]["discoveryUrl"]
            self.assertEqual(disc, "http://emulator.test:1234/discovery")
            self.assertEqual(e.raw("GET", "/discovery").json["api"], "http://emulator.test:1234")

    def test_bad_flags(self):
        for args in (["--port", "70000"], ["--auth", "lax"], ["--tls-cert", "x"],
                     ["--job-start-delay-ms", "-1"], ["--max-running-jobs", "0"],
                     ["--print-env", "--port", "0"], ["--fault", "bogus=1"], ["extra"]):
            r = subprocess.run([BINARY] + args, capture_output=True, text=True, timeout=20)
            self.assertNotEqual(r.returncode, 0, args)
            self.assertIn("aml-emulator", r.stderr, args)
        r = subprocess.run([BINARY, "--help"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0)
        self.assertIn("--provisioning-delay-ms", r.stdout)
        self.assertIn("--datastore-dir", r.stdout)


if __name__ == "__main__":
    main()
