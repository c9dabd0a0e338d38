"""RS256 helpers for tests without third-party packages: signing through the
openssl command line, verification with Python integers."""
import base64
import hashlib
import json
import os
import subprocess
import tempfile
import time


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def make_key_and_cert(folder, name):
    key = os.path.join(folder, f"{name}-key.pem")
    cert = os.path.join(folder, f"{name}-cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "2", "-subj", f"/CN={name}"],
                   check=True, capture_output=True)
    return key, cert


def sign_jwt(key_path, claims, header=None):
    h = {"alg": "RS256", "typ": "JWT"}
    h.update(header or {})
    signing_input = b64url(json.dumps(h).encode()) + "." + b64url(json.dumps(claims).encode())
    with tempfile.NamedTemporaryFile() as f:
        f.write(signing_input.encode())
        f.flush()
        sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key_path, f.name],
                             check=True, capture_output=True).stdout
    return signing_input + "." + b64url(sig)


def assertion(key_path, iss, sub, aud, lifetime=600, **extra):
    now = int(time.time())
    claims = {"iss": iss, "sub": sub, "aud": aud, "iat": now, "nbf": now,
              "exp": now + lifetime, "jti": os.urandom(8).hex()}
    claims.update(extra)
    return sign_jwt(key_path, claims)


def decode(token):
    h, p, _ = token.split(".")
    return json.loads(b64url_decode(h)), json.loads(b64url_decode(p))


def verify_rs256(token, jwk):
    """PKCS#1 v1.5 RS256 verification with the JWK's n and e."""
    signing_input, sig = token.rsplit(".", 1)
    n = int.from_bytes(b64url_decode(jwk["n"]), "big")
    e = int.from_bytes(b64url_decode(jwk["e"]), "big")
    k = (n.bit_length() + 7) // 8
    em = pow(int.from_bytes(b64url_decode(sig), "big"), e, n).to_bytes(k, "big")
    digest_info = bytes.fromhex("3031300d060960864801650304020105000420")
    digest = hashlib.sha256(signing_input.encode()).digest()
    expected = b"\x00\x01" + b"\xff" * (k - 3 - len(digest_info) - len(digest)) + b"\x00" + \
        digest_info + digest
    return em == expected
