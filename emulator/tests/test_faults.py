"""Fault injection (control API and flags) and the request record."""
import http.client
import subprocess
import time
import unittest
import urllib.parse

from emu import BINARY, P, Emulator, EmulatorTest, endpoint_body, main


class Faults(EmulatorTest):
    def setUp(self):
        self.emu.control("DELETE", "/_emulator/faults")

    def add(self, **rule):
        r = self.emu.control("POST", "/_emulator/faults", rule)
        self.assertEqual(r.status, 201, r)
        return r.json["id"]

    def test_next_n_503(self):
        self.add(status=503, count=2, pathPrefix="/subscriptions/", retryAfter=3)
        for _ in range(2):
            r = self.emu.arm("GET", P)
            self.assertEqual(r.status, 503, r)
            self.assertEqual(r.error_code(), "ServiceUnavailable")
            self.assertEqual(r.header("Retry-After"), "3")
        self.assertEqual(self.emu.arm("GET", P).status, 200)
        # the token endpoint was not matched by the prefix
        self.assertEqual(self.emu.token_response().status, 200)

    def test_throttle_429_by_substring(self):
        self.add(status=429, pathContains="/computes", count=1)
        r = self.emu.arm("GET", f"{P}/computes")
        self.assertEqual(r.status, 429, r)
        self.assertEqual(r.error_code(), "TooManyRequests")
        self.assertEqual(r.header("Retry-After"), "1")
        self.assertEqual(self.emu.arm("GET", f"{P}/batchEndpoints").status, 200)
        self.assertEqual(self.emu.arm("GET", f"{P}/computes").status, 200)

    def test_dropped_connection(self):
        self.add(drop=True, count=1, method="GET")
        host = urllib.parse.urlsplit(self.emu.base)
        c = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
        c.request("GET", f"{P}?api-version=2025-12-01",
                  headers={"Authorization": "Bearer " + self.emu.token()})
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionResetError)):
            c.getresponse()
        c.close()
        self.assertEqual(self.emu.arm("GET", P).status, 200)

    def test_slow_response(self):
        self.add(delayMs=600, count=1, pathContains="/batchEndpoints")
        t0 = time.time()
        self.assertEqual(self.emu.arm("GET", f"{P}/batchEndpoints").status, 200)
        self.assertGreaterEqual(time.time() - t0, 0.55)

    def test_rate_is_reproducible_with_seed(self):
        def sample():
            self.emu.control("DELETE", "/_emulator/faults")
            self.emu.control("POST", "/_emulator/faults/seed", {"seed": 42})
            self.add(status=500, rate=0.5, pathPrefix="/subscriptions/")
            return [self.emu.arm("GET", P).status for _ in range(40)]
        a, b = sample(), sample()
        self.assertEqual(a, b)
        self.assertIn(500, a)
        self.assertIn(200, a)

    def test_list_and_remove(self):
        rid = self.add(status=500, pathContains="/nothing-matches")
        rules = self.emu.control("GET", "/_emulator/faults").json["faults"]
        self.assertEqual([r["id"] for r in rules], [rid])
        self.assertEqual(self.emu.control("DELETE", f"/_emulator/faults/{rid}").status, 204)
        self.assertEqual(self.emu.control("GET", "/_emulator/faults").json["faults"], [])
        bad = self.emu.control("POST", "/_emulator/faults", {"status": 200})
        self.assertEqual(bad.status, 400)
        for rule in ({"status": 503, "count": -1}, {"status": 503, "count": "2"},
                     {"status": 503, "count": 2.5}, {"status": 429, "retryAfter": -5}):
            r = self.emu.control("POST", "/_emulator/faults", rule)
            self.assertEqual(r.status, 400, (rule, r))
        self.assertEqual(self.emu.control("GET", "/_emulator/faults").json["faults"], [])

    def test_request_record(self):
        e = self.emu
        self.assertEqual(e.control("DELETE", "/_emulator/requests").status, 204)
        e.token_response()
        e.arm("PUT", f"{P}/batchEndpoints/rec-ep", endpoint_body(description="recorded"),
              headers={"x-ms-client-request-id": "abc-123"})
        rec = e.control("GET", "/_emulator/requests").json["requests"]
        tok = [r for r in rec if r["path"].endswith("/oauth2/v2.0/token")][0]
        self.assertEqual(tok["body"]["client_secret"], "REDACTED")
        self.assertEqual(tok["body"]["grant_type"], "client_credentials")
        put = [r for r in rec if r["method"] == "PUT"][0]
        self.assertEqual(put["query"]["api-version"], "2025-12-01")
        self.assertEqual(put["headers"]["authorization"], "REDACTED")
        self.assertEqual(put["headers"]["x-ms-client-request-id"], "abc-123")
        self.assertEqual(put["body"]["properties"]["description"], "recorded")
        self.assertEqual(put["status"], 201)
        since = put["seq"]
        e.arm("GET", f"{P}/batchEndpoints/rec-ep")
        later = e.control("GET", f"/_emulator/requests?since={since}&method=GET").json["requests"]
        self.assertEqual(len(later), 1)
        # control calls themselves are not recorded
        self.assertFalse(any(r["path"].startswith("/_emulator") for r in later))


class FaultFlags(unittest.TestCase):
    def test_bad_flag_refused(self):
        for spec in ("status=503,count=-2", "status=503,count=x", "status=503,count="):
            p = subprocess.run([BINARY, "--port", "0", "--fault", spec], capture_output=True,
                               text=True, timeout=20)
            self.assertEqual(p.returncode, 2, (spec, p.stdout))
            self.assertIn("count", p.stderr)

    def test_fault_flag(self):
        with Emulator("--fault", "status=503,count=1,prefix=/subscriptions") as e:
            self.assertEqual(e.arm("GET", P).status, 503)
            self.assertEqual(e.arm("GET", P).status, 200)


if __name__ == "__main__":
    main()
