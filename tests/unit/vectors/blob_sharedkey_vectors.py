#!/usr/bin/env python3
"""Shared Key vectors for tests/unit/test_blob_sharedkey.c, computed without
the code under test.

Each request is signed twice: by a plain-stdlib reading of the documented
algorithm (learn.microsoft.com "Authorize with Shared Key", DATA-API.md §3.3)
and, when /usr/bin/python3 has it (Debian's python3-azure), by
azure-storage-blob's own SharedKeyCredentialPolicy. The two must agree; the
output (string-to-sign and signature per case) is pasted into the C test.

    /usr/bin/python3 tests/unit/vectors/blob_sharedkey_vectors.py
"""
import base64
import hashlib
import hmac
import json
from urllib.parse import unquote, urlparse, parse_qsl

ACCOUNT = "devstoreaccount1"
# Azurite's public development key.
KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
DATE = "Wed, 02 Dec 2026 12:00:00 GMT"

CASES = [
    ("put_blob", "PUT",
     "http://127.0.0.1:10000/devstoreaccount1/cont/dir/a%20b%23c.txt",
     {"x-ms-version": "2025-11-05", "x-ms-date": DATE, "x-ms-blob-type": "BlockBlob",
      "Content-MD5": "XUFAKrxLKna5cZ2REBfFkg==", "x-ms-meta-upload_status": "completed",
      "x-ms-meta-name": "asset", "x-ms-client-request-id": "11111111-2222-3333-4444-555555555555",
      "If-None-Match": "*"}, 5),
    ("list_blobs", "GET",
     "https://myaccount.blob.core.windows.net/cont?restype=container&comp=list&prefix=a%2Fb%20c&maxresults=2&include=metadata",
     {"x-ms-version": "2025-11-05", "x-ms-date": DATE}, 0),
    ("create_container", "PUT",
     "http://127.0.0.1:10000/devstoreaccount1/cont?restype=container",
     {"x-ms-version": "2025-11-05", "x-ms-date": DATE}, 0),
    ("put_block_list", "PUT",
     "http://localhost:10000/devstoreaccount1/cont/big.bin?comp=blocklist",
     {"x-ms-version": "2025-11-05", "x-ms-date": DATE, "Content-Type": "application/xml",
      "x-ms-blob-content-md5": "1B2M2Y8AsgTpgAmY7PhCfg==", "x-ms-blob-content-type": "text/csv",
      "Content-MD5": "rL0Y20zC+Fzt72VPzMSk2A=="}, 120),
    ("get_range", "GET",
     "http://127.0.0.1:10000/devstoreaccount1/cont/%C3%BC/x.bin",
     {"x-ms-version": "2025-11-05", "x-ms-date": DATE, "x-ms-range": "bytes=4194304-8388607"}, 0),
]

STANDARD = ["Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
            "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range"]


def stdlib_string_to_sign(method, url, headers, length):
    h = {k.lower(): v for k, v in headers.items()}
    lines = [method]
    for name in STANDARD:
        if name == "Content-Length":
            lines.append(str(length) if length else "")
        elif name == "Date":
            lines.append("" if "x-ms-date" in h else h.get("date", ""))
        else:
            lines.append(h.get(name.lower(), ""))
    s = "\n".join(lines) + "\n"
    weights = "-!#$%&*.^_|~+\"'(),/`0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]abcdefghijklmnopqrstuvwxyz{}"
    xms = sorted((k for k in h if k.startswith("x-ms-")), key=lambda w: [weights.index(c) for c in w])
    s += "".join(f"{k}:{h[k].strip()}\n" for k in xms)
    u = urlparse(url)
    s += "/" + ACCOUNT + u.path
    params = {}
    for k, v in parse_qsl(u.query, keep_blank_values=True):
        params.setdefault(k.lower(), []).append(v)
    for k in sorted(params):
        s += "\n" + k + ":" + ",".join(sorted(params[k]))
    return s


def sign(sts):
    return base64.b64encode(hmac.new(base64.b64decode(KEY), sts.encode("utf-8"), hashlib.sha256).digest()).decode()


def sdk_signature(method, url, headers, length):
    """azure-storage-blob's policy over the same request, or None without it."""
    try:
        from azure.core.pipeline import PipelineContext, PipelineRequest
        from azure.core.pipeline.transport import HttpRequest
        from azure.storage.blob._shared.authentication import SharedKeyCredentialPolicy
    except ImportError:
        return None
    req = HttpRequest(method, url, headers=dict(headers))
    if length:
        req.headers["Content-Length"] = str(length)
    policy = SharedKeyCredentialPolicy(ACCOUNT, KEY)
    policy.on_request(PipelineRequest(req, PipelineContext(None)))
    return req.headers["Authorization"].split(":", 1)[1]


def main():
    out = []
    for name, method, url, headers, length in CASES:
        sts = stdlib_string_to_sign(method, url, headers, length)
        sig = sign(sts)
        sdk = sdk_signature(method, url, headers, length)
        if sdk is not None and sdk != sig:
            raise SystemExit(f"{name}: azure-storage-blob signs {sdk}, the stdlib reading {sig}")
        out.append({"case": name, "string_to_sign": sts, "signature": sig,
                    "checked_by": "stdlib+azure-storage-blob" if sdk else "stdlib"})
    print(json.dumps(out, indent=1, ensure_ascii=True))


if __name__ == "__main__":
    main()
