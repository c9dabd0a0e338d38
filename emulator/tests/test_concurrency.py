"""Many clients at once: creates and reads from several threads, each with
its own connection; nothing acknowledged is lost."""
import http.client
import json
import threading
import unittest
import urllib.parse

from emu import P, Emulator, endpoint_body, main, tempdir

THREADS = 8
PER_THREAD = 25


class Concurrency(unittest.TestCase):
    def run_clients(self, e):
        token = e.token()
        host = urllib.parse.urlsplit(e.base)
        errors = []

        def client(t):
            # One keep-alive connection per thread, as an SDK would hold.
            c = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
            hdr = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
            try:
                for i in range(PER_THREAD):
                    name = f"cc-{t}-{i}"
                    c.request("PUT", f"{P}/batchEndpoints/{name}?api-version=2025-12-01",
                              json.dumps(endpoint_body()), hdr)
                    r = c.getresponse()
                    r.read()
                    if r.status != 201:
                        errors.append((name, r.status))
                    c.request("GET", f"{P}/batchEndpoints/{name}?api-version=2025-12-01",
                              headers=hdr)
                    r = c.getresponse()
                    body = json.loads(r.read())
                    if r.status != 200 or body["name"] != name:
                        errors.append((name, "read", r.status))
            finally:
                c.close()

        threads = [threading.Thread(target=client, args=(t,)) for t in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        names = set()
        url = f"{P}/batchEndpoints"
        r = e.arm("GET", url)
        while True:
            names |= {v["name"] for v in r.json["value"]}
            if not r.json.get("nextLink"):
                break
            r = e.arm("GET", r.json["nextLink"])
        want = {f"cc-{t}-{i}" for t in range(THREADS) for i in range(PER_THREAD)}
        self.assertEqual(want - names, set())

    def test_in_memory(self):
        with Emulator("--provisioning-delay-ms", "0") as e:
            self.run_clients(e)

    def test_thread_pool_mode(self):
        with Emulator("--provisioning-delay-ms", "0", "--threads", "4") as e:
            self.run_clients(e)

    def test_persistent(self):
        d = tempdir()
        with Emulator("--provisioning-delay-ms", "0", data_dir=d) as e:
            self.run_clients(e)


if __name__ == "__main__":
    main()
