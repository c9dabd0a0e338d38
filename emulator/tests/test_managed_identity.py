"""Managed identity endpoints: IMDS (system- and user-assigned), the App Service
form, the Azure Arc challenge, and IMDS throttling through fault injection."""
import json
import os
import shutil
import unittest
import urllib.parse

from emu import P, SUB, RG, Emulator, EmulatorTest, main, tempdir
import jwtutil

SYSTEM_ID = "00000000-0000-0000-0000-0000000000d1"
UAMI_CLIENT_ID = "00000000-0000-0000-0000-0000000000d2"
UAMI_OBJECT_ID = "00000000-0000-0000-0000-0000000000e2"
UAMI_RESOURCE_ID = (f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/"
                    "Microsoft.ManagedIdentity/userAssignedIdentities/aml-emulator-identity")
ARM = urllib.parse.quote("https://management.azure.com/", safe="")


def appid(token):
    return json.loads(jwtutil.b64url_decode(token.split(".")[1]))["appid"]


class Imds(EmulatorTest):
    def get(self, extra="", headers=None):
        q = f"/metadata/identity/oauth2/token?api-version=2018-02-01&resource={ARM}{extra}"
        return self.emu.raw("GET", q, headers={"Metadata": "true"} if headers is None else headers)

    def test_system_and_user_assigned(self):
        r = self.get()
        self.assertEqual(r.status, 200, r)
        self.assertEqual(appid(r.json["access_token"]), SYSTEM_ID)
        for extra in (f"&client_id={UAMI_CLIENT_ID}", f"&object_id={UAMI_OBJECT_ID}",
                      "&msi_res_id=" + urllib.parse.quote(UAMI_RESOURCE_ID, safe=""),
                      "&msi_res_id=" + urllib.parse.quote(UAMI_RESOURCE_ID.lower(), safe="")):
            r = self.get(extra)
            self.assertEqual(r.status, 200, (extra, r))
            self.assertEqual(r.json["client_id"], UAMI_CLIENT_ID)
            self.assertEqual(appid(r.json["access_token"]), UAMI_CLIENT_ID)
            # the user-assigned identity's token is good for ARM
            self.assertEqual(self.emu.arm("GET", P, token=r.json["access_token"]).status, 200)

    def test_unknown_or_ambiguous_identity(self):
        for extra in ("&client_id=nobody", "&object_id=nobody", "&msi_res_id=%2Fnope"):
            r = self.get(extra)
            self.assertEqual((r.status, r.json["error"]), (400, "invalid_request"), (extra, r))
            self.assertEqual(r.json["error_description"], "Identity not found")
        r = self.get(f"&client_id={UAMI_CLIENT_ID}&object_id={UAMI_OBJECT_ID}")
        self.assertEqual(r.status, 400, r)

    def test_throttling_through_faults(self):
        r = self.emu.control("POST", "/_emulator/faults",
                             {"status": 429, "retryAfter": 3, "pathContains": "/metadata/identity",
                              "count": 1})
        self.assertEqual(r.status, 201, r)
        r = self.get()
        self.assertEqual((r.status, r.header("Retry-After")), (429, "3"), r)
        self.assertEqual(self.get().status, 200)


class AppService(EmulatorTest):
    def get(self, header, extra=""):
        q = f"/msi/token?api-version=2019-08-01&resource={ARM}{extra}"
        return self.emu.raw("GET", q, headers={} if header is None else {"X-IDENTITY-HEADER": header})

    def test_header_required(self):
        self.assertEqual(self.get(None).status, 401)
        r = self.get("wrong")
        self.assertEqual((r.status, r.json["error"]), (401, "unauthorized"), r)
        self.assertNotIn("aml-emulator-identity-header", r.raw)

    def test_token(self):
        r = self.get("aml-emulator-identity-header")
        self.assertEqual(r.status, 200, r)
        self.assertIsInstance(r.json["expires_on"], str)
        self.assertNotIn("expires_in", r.json)
        self.assertEqual(appid(r.json["access_token"]), SYSTEM_ID)
        r = self.get("aml-emulator-identity-header",
                     "&mi_res_id=" + urllib.parse.quote(UAMI_RESOURCE_ID, safe=""))
        self.assertEqual(appid(r.json["access_token"]), UAMI_CLIENT_ID)

    def test_header_flag(self):
        with Emulator("--identity-header", "mine") as e:
            q = f"/msi/token?api-version=2019-08-01&resource={ARM}"
            self.assertEqual(e.raw("GET", q, headers={"X-IDENTITY-HEADER": "mine"}).status, 200)


class Arc(unittest.TestCase):
    def test_challenge(self):
        d = tempdir()
        try:
            with Emulator("--arc-key-dir", d) as e:
                q = f"/arc/metadata/identity/oauth2/token?api-version=2020-06-01&resource={ARM}"
                self.assertEqual(e.raw("GET", q).status, 400)  # Metadata: true is required
                r = e.raw("GET", q, headers={"Metadata": "true"})
                self.assertEqual(r.status, 401, r)
                www = r.header("WWW-Authenticate")
                self.assertTrue(www.startswith("Basic realm="), www)
                path = www[len("Basic realm="):]
                self.assertEqual(os.path.dirname(path), d)
                self.assertTrue(path.endswith(".key"))
                self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)
                with open(path) as f:
                    key = f.read()
                h = {"Metadata": "true", "Authorization": "Basic " + key}
                r = e.raw("GET", q, headers=h)
                self.assertEqual(r.status, 200, r)
                self.assertEqual(appid(r.json["access_token"]), SYSTEM_ID)
                self.assertFalse(os.path.exists(path))  # used once, then gone
                self.assertEqual(e.raw("GET", q, headers=h).status, 401)
                # Arc has only the system-assigned identity
                r = e.raw("GET", q, headers={"Metadata": "true"})
                with open(r.header("WWW-Authenticate")[len("Basic realm="):]) as f:
                    key = f.read()
                r = e.raw("GET", q + f"&client_id={UAMI_CLIENT_ID}",
                          headers={"Metadata": "true", "Authorization": "Basic " + key})
                self.assertEqual(r.status, 400, r)
        finally:
            shutil.rmtree(d, ignore_errors=True)


if __name__ == "__main__":
    main()
