"""Identity surface and bearer-token checks."""
import json
import shutil
import unittest
import urllib.parse

from emu import (ARM_SCOPE, CLIENT_ID, ML_SCOPE, P, SECRET, SUB, RG, WS, TENANT, Emulator,
                 EmulatorTest, endpoint_body, main, tempdir)
import jwtutil

JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


class BearerChecks(EmulatorTest):
    def assert401(self, r, code):
        self.assertEqual(r.status, 401, r)
        self.assertEqual(r.error_code(), code, r)
        www = r.header("WWW-Authenticate")
        self.assertTrue(www.startswith("Bearer authorization_uri=\""), www)
        self.assertIn(f"{self.emu.base}/{TENANT}", www)
        self.assertIn('error="invalid_token"', www)
        self.assertIn("error_description=", www)

    def test_no_token(self):
        r = self.emu.raw("GET", f"{P}?api-version=2025-12-01")
        self.assert401(r, "AuthenticationFailed")

    def test_not_bearer(self):
        r = self.emu.raw("GET", f"{P}?api-version=2025-12-01", headers={"Authorization": "Basic x"})
        self.assert401(r, "AuthenticationFailed")

    def test_garbage_and_tampered(self):
        self.assert401(self.emu.arm("GET", P, token="not-a-jwt"), "InvalidAuthenticationToken")
        tok = self.emu.token()
        h, p, s = tok.split(".")
        claims = json.loads(jwtutil.b64url_decode(p))
        claims["appid"] = "someone-else"
        forged = h + "." + jwtutil.b64url(json.dumps(claims).encode()) + "." + s
        self.assert401(self.emu.arm("GET", P, token=forged), "InvalidAuthenticationToken")

    def test_wrong_audience(self):
        ml = self.emu.token(ML_SCOPE)
        r = self.emu.arm("GET", P, token=ml)
        self.assert401(r, "InvalidAuthenticationTokenAudience")
        self.assertIn("https://ml.azure.com", r.json["error"]["message"])
        other = self.emu.token_response("https://vault.azure.net/.default").json["access_token"]
        self.assert401(self.emu.arm("GET", P, token=other), "InvalidAuthenticationTokenAudience")

    def test_audience_spellings(self):
        for scope in ("https://management.azure.com/.default",
                      "https://management.azure.com//.default",
                      "https://management.core.windows.net//.default"):
            tok = self.emu.token_response(scope).json["access_token"]
            self.assertEqual(self.emu.arm("GET", P, token=tok).status, 200, scope)
        _, claims = jwtutil.decode(self.emu.token(ARM_SCOPE))
        self.assertEqual(claims["aud"], "https://management.azure.com/")
        _, claims = jwtutil.decode(self.emu.token(ML_SCOPE))
        self.assertEqual(claims["aud"], "https://ml.azure.com")

    def test_minted_expired_token(self):
        t = self.emu.control("POST", "/_emulator/tokens", {"lifetimeS": -60}).json["access_token"]
        self.assert401(self.emu.arm("GET", P, token=t), "ExpiredAuthenticationToken")

    def test_scoring_uri_wants_ml_audience(self):
        self.create_endpoint("auth-ep")
        uri = self.emu.arm("GET", f"{P}/batchEndpoints/auth-ep").json["properties"]["scoringUri"]
        body = {"properties": {"inputData": {"in": {"jobInputType": "UriFolder",
                                                    "uri": "https://example/data"}}}}
        r = self.emu.raw("POST", uri, body, {"Authorization": "Bearer " + self.emu.token()})
        self.assert401(r, "InvalidAuthenticationTokenAudience")
        r = self.emu.raw("POST", uri, body,
                         {"Authorization": "Bearer " + self.emu.token(ML_SCOPE)})
        self.assertNotEqual(r.status, 401, r)

    def test_token_shape_and_signature(self):
        r = self.emu.token_response()
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json["token_type"], "Bearer")
        self.assertIsInstance(r.json["expires_in"], int)
        self.assertIn("ext_expires_in", r.json)
        self.assertEqual(r.header("Cache-Control"), "no-store, no-cache")
        tok = r.json["access_token"]
        header, claims = jwtutil.decode(tok)
        self.assertEqual(header["alg"], "RS256")
        for c in ("aud", "iss", "tid", "appid", "oid", "iat", "nbf", "exp"):
            self.assertIn(c, claims)
        self.assertEqual(claims["tid"], TENANT)
        self.assertEqual(claims["appid"], CLIENT_ID)
        oidc = self.emu.raw("GET", f"/{TENANT}/v2.0/.well-known/openid-configuration").json
        self.assertEqual(oidc["token_endpoint"], f"{self.emu.base}/{TENANT}/oauth2/v2.0/token")
        self.assertEqual(oidc["issuer"], claims["iss"])
        self.assertTrue(oidc["authorization_endpoint"].startswith(self.emu.base))
        jwks = self.emu.raw("GET", oidc["jwks_uri"].replace(self.emu.base, "")).json
        key = [k for k in jwks["keys"] if k["kid"] == header["kid"]][0]
        self.assertTrue(jwtutil.verify_rs256(tok, key))

    def test_instance_discovery(self):
        auth_ep = f"{self.emu.base}/{TENANT}/oauth2/v2.0/authorize"
        r = self.emu.raw("GET", "/common/discovery/instance?api-version=1.1&authorization_endpoint="
                         + urllib.parse.quote(auth_ep, safe=""))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["tenant_discovery_endpoint"],
                         f"{self.emu.base}/{TENANT}/v2.0/.well-known/openid-configuration")
        host = self.emu.base.split("://")[1]
        self.assertIn(host, r.json["metadata"][0]["aliases"])

    def test_token_endpoint_errors(self):
        e = self.emu

        def check(r, status, error, code):
            self.assertEqual(r.status, status, r)
            self.assertEqual(r.json["error"], error, r)
            self.assertEqual(r.json["error_codes"], [code], r)
            self.assertTrue(r.json["error_description"].startswith(f"AADSTS{code}:"), r)
            for k in ("timestamp", "trace_id", "correlation_id"):
                self.assertIn(k, r.json)

        r = e.token_response(client_secret="wrong-secret-value")
        check(r, 401, "invalid_client", 7000215)
        self.assertNotIn("wrong-secret-value", r.raw)
        check(e.token_response(client_id="11111111-1111-1111-1111-111111111111"), 400,
              "unauthorized_client", 700016)
        check(e.token_response(grant_type=None), 400, "invalid_request", 900144)
        check(e.token_response(grant_type="password"), 400, "unsupported_grant_type", 70003)
        check(e.token_response(scope="https://management.azure.com/user_impersonation"), 400,
              "invalid_scope", 1002012)
        check(e.token_response(client_secret=None), 401, "invalid_client", 7000218)
        r = e.raw("POST", "/not-my-tenant/oauth2/v2.0/token", "grant_type=client_credentials",
                  {"Content-Type": "application/x-www-form-urlencoded"})
        check(r, 400, "invalid_request", 90002)

    def test_imds(self):
        e = self.emu
        q = "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=" + \
            urllib.parse.quote("https://management.azure.com/", safe="")
        r = e.raw("GET", q)
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.json["error"], "invalid_request")
        r = e.raw("GET", q, headers={"Metadata": "true"})
        self.assertEqual(r.status, 200, r)
        for k in ("access_token", "expires_in", "expires_on", "resource", "token_type"):
            self.assertIsInstance(r.json[k], str, k)
        self.assertEqual(r.json["resource"], "https://management.azure.com/")
        self.assertEqual(e.arm("GET", P, token=r.json["access_token"]).status, 200)
        r = e.raw("GET", "/metadata/identity/oauth2/token?api-version=2018-02-01",
                  headers={"Metadata": "true"})
        self.assertEqual(r.status, 400)


class Expiry(unittest.TestCase):
    def test_token_expires(self):
        # A lifetime no slow machine outlives between issuing and using the
        # token (1 s raced a loaded test run); the clock then moves past it.
        with Emulator("--token-lifetime-s", "600") as e:
            tok = e.token()
            self.assertEqual(e.arm("GET", P, token=tok).status, 200)
            # the emulator's clock moves on, no sleeping
            c = e.control("POST", "/_emulator/clock", {"advanceMs": 601000})
            self.assertEqual((c.status, c.json["offsetMs"]), (200, 601000), c)
            r = e.arm("GET", P, token=tok)
            self.assertEqual(r.status, 401, r)
            self.assertEqual(r.error_code(), "ExpiredAuthenticationToken")
            self.assertIn("expiry UTC time", r.json["error"]["message"])


    def test_clock_only_moves_forward(self):
        with Emulator() as e:
            for bad in ({"advanceMs": -1}, {"advanceMs": "5"}, {}):
                self.assertEqual(e.control("POST", "/_emulator/clock", bad).status, 400, bad)
            before = e.control("GET", "/_emulator/clock").json
            self.assertEqual(before["offsetMs"], 0)
            after = e.control("POST", "/_emulator/clock", {"advanceMs": 86400000}).json
            self.assertGreaterEqual(after["nowMs"] - before["nowMs"], 86400000)
            # a token issued now is valid on the moved clock
            self.assertEqual(e.arm("GET", P).status, 200)


class Permissive(unittest.TestCase):
    def test_any_bearer(self):
        with Emulator("--auth", "permissive") as e:
            self.assertEqual(e.arm("GET", P, token="anything-goes").status, 200)
            self.assertEqual(e.raw("GET", f"{P}?api-version=2025-12-01").status, 401)


class Assertions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempdir()
        cls.key, cls.cert = jwtutil.make_key_and_cert(cls.dir, "client")
        cls.fkey, cls.fcert = jwtutil.make_key_and_cert(cls.dir, "federated")
        cls.okey, _ = jwtutil.make_key_and_cert(cls.dir, "other")
        cls.emu = Emulator("--client-cert", cls.cert, "--federated-key", cls.fcert,
                           "--federated-issuer", "https://issuer.example",
                           "--federated-subject", "system:serviceaccount:ns:sa").start()
        cls.token_url = f"{cls.emu.base}/{TENANT}/oauth2/v2.0/token"

    @classmethod
    def tearDownClass(cls):
        cls.emu.stop()
        shutil.rmtree(cls.dir)

    def request(self, assertion_jwt):
        return self.emu.token_response(client_secret=None, client_assertion_type=JWT_BEARER,
                                       client_assertion=assertion_jwt)

    def test_certificate_assertion(self):
        good = jwtutil.assertion(self.key, CLIENT_ID, CLIENT_ID, self.token_url)
        r = self.request(good)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.emu.arm("GET", P, token=r.json["access_token"]).status, 200)
        r = self.request(jwtutil.assertion(self.okey, CLIENT_ID, CLIENT_ID, self.token_url))
        self.assertEqual((r.status, r.json["error_codes"]), (401, [700027]), r)
        r = self.request(jwtutil.assertion(self.key, CLIENT_ID, CLIENT_ID, "https://elsewhere/"))
        self.assertEqual(r.status, 401, r)
        r = self.request(jwtutil.assertion(self.key, CLIENT_ID, CLIENT_ID, self.token_url,
                                           lifetime=-120))
        self.assertEqual((r.status, r.json["error_codes"]), (401, [700024]), r)
        r = self.request("not.a.jwt")
        self.assertEqual(r.status, 400, r)

    def test_federated_assertion(self):
        sub = "system:serviceaccount:ns:sa"
        aud = "api://AzureADTokenExchange"
        r = self.request(jwtutil.assertion(self.fkey, "https://issuer.example", sub, aud))
        self.assertEqual(r.status, 200, r)
        r = self.request(jwtutil.assertion(self.fkey, "https://issuer.example", sub, "api://x"))
        self.assertEqual((r.status, r.json["error_codes"]), (401, [700212]), r)
        r = self.request(jwtutil.assertion(self.fkey, "https://evil.example", sub, aud))
        self.assertEqual((r.status, r.json["error_codes"]), (401, [700211]), r)
        r = self.request(jwtutil.assertion(self.fkey, "https://issuer.example", "other", aud))
        self.assertEqual((r.status, r.json["error_codes"]), (401, [70021]), r)
        r = self.request(jwtutil.assertion(self.okey, "https://issuer.example", sub, aud))
        self.assertEqual((r.status, r.json["error_codes"]), (401, [700027]), r)


if __name__ == "__main__":
    main()
