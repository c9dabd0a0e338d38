"""HTTPS with a generated CA: trusted with the CA file, refused without it."""
import os
import shutil
import ssl
import subprocess
import unittest
import urllib.error

from emu import P, Emulator, main, tempdir


def read(path):
    with open(path) as f:
        return f.read()


class Tls(unittest.TestCase):
    def test_generated_ca(self):
        d = tempdir()
        try:
            with Emulator(tls=True, data_dir=d) as e:
                self.assertTrue(e.base.startswith("https://127.0.0.1:"), e.base)
                self.assertTrue(os.path.exists(e.ca))
                self.assertEqual(e.arm("GET", P).status, 200)
                with self.assertRaises(urllib.error.URLError) as cm:
                    e.raw("GET", "/_emulator/health", trust=False)
                self.assertIsInstance(cm.exception.reason, ssl.SSLCertVerificationError)
                if shutil.which("curl"):
                    ok = subprocess.run(["curl", "-sS", "--cacert", e.ca,
                                         e.base + "/_emulator/health"],
                                        capture_output=True, text=True)
                    self.assertEqual(ok.returncode, 0, ok.stderr)
                    self.assertIn('"ok"', ok.stdout)
                    bad = subprocess.run(["curl", "-sS", e.base + "/_emulator/health"],
                                         capture_output=True, text=True,
                                         env=dict(os.environ, CURL_CA_BUNDLE="/dev/null"))
                    self.assertNotEqual(bad.returncode, 0)
                ca_first = read(e.ca)
            # the CA is kept in the data directory: clients keep trusting it
            with Emulator(tls=True, data_dir=d) as e:
                self.assertEqual(read(e.ca), ca_first)
                self.assertEqual(e.arm("GET", P).status, 200)
        finally:
            shutil.rmtree(d)

    def test_in_memory_ca_out_and_given_cert(self):
        d = tempdir()
        try:
            ca = os.path.join(d, "ca.pem")
            with Emulator("--ca-out", ca, tls=True) as e:
                self.assertEqual(e.ca, ca)
                self.assertEqual(e.arm("GET", P).status, 200)
            # --tls-cert/--tls-key: serve a certificate made elsewhere
            key, cert = os.path.join(d, "k.pem"), os.path.join(d, "c.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                            "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", cert,
                            "-days", "2", "-subj", "/CN=localhost",
                            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
                           check=True, capture_output=True)
            with Emulator("--tls-cert", cert, "--tls-key", key, "--ca-out", cert) as e:
                e.ca = cert
                self.assertTrue(e.base.startswith("https://"))
                self.assertEqual(e.arm("GET", P).status, 200)
        finally:
            shutil.rmtree(d)

    def test_print_env(self):
        d = tempdir()
        try:
            out = subprocess.run([os.environ.get("AML_EMULATOR", "aml-emulator"), "--print-env",
                                  "--port", "18443", "--tls", "--data-dir", d],
                                 capture_output=True, text=True, check=True).stdout
            env = dict(line[len("export "):].split("=", 1) for line in out.splitlines())
            self.assertEqual(env["AZURE_RESOURCE_MANAGER_URL"], "'https://127.0.0.1:18443'")
            self.assertEqual(env["AZURE_AUTHORITY_HOST"], "'https://127.0.0.1:18443'")
            self.assertEqual(env["AZUREML_CA_BUNDLE"], f"'{os.path.realpath(d)}/tls/ca.pem'")
            for k in ("AZURE_SUBSCRIPTION_ID", "AZURE_RESOURCE_GROUP", "AZUREML_WORKSPACE",
                      "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"):
                self.assertIn(k, env)
            # the shell accepts it
            sh = subprocess.run(["sh", "-c", out + "\necho \"$AZUREML_WORKSPACE\""],
                                capture_output=True, text=True, check=True)
            self.assertEqual(sh.stdout.strip(), "aml-emulator-ws")
        finally:
            shutil.rmtree(d)


if __name__ == "__main__":
    main()
