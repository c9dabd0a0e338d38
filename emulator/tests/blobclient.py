"""A minimal Blob Storage client for the emulator's tests, written from the
REST docs ("Authorize with Shared Key", "Create a service SAS") with Python's
hmac/hashlib: the signatures the emulator checks are computed here
independently of its C code and of the SDK in lib/."""

import base64
import email.utils
import hashlib
import hmac
import http.client
import ssl
import urllib.parse

VERSION = "2025-11-05"
ACCOUNT = "amlemulator"
DEV_KEY = ("sSvayunFE1kUevVd+ajGtxW/w6ITfabHLJ1LfgKHvZUyDJkIWQnbWlFVhfka+4aEPQuDxg0bZdwAkCyE3q8hEg==")


def b64md5(data):
    return base64.b64encode(hashlib.md5(data).digest()).decode()


def string_to_sign(method, path, query, headers, account=ACCOUNT):
    """The docs' recipe. path is the encoded path as sent (starting with
    /account/...); query a list of (name, decoded value); headers a dict."""
    h = {k.lower(): v for k, v in headers.items()}
    length = h.get("content-length", "")
    if length == "0":
        length = ""
    lines = [method, h.get("content-encoding", ""), h.get("content-language", ""), length,
             h.get("content-md5", ""), h.get("content-type", ""),
             "" if "x-ms-date" in h else h.get("date", ""), h.get("if-modified-since", ""),
             h.get("if-match", ""), h.get("if-none-match", ""), h.get("if-unmodified-since", ""),
             h.get("range", "")]
    s = "\n".join(lines) + "\n"
    for k in sorted(k for k in h if k.startswith("x-ms-")):
        s += f"{k}:{h[k].strip()}\n"
    s += f"/{account}{path}"
    grouped = {}
    for k, v in query:
        grouped.setdefault(k.lower(), []).append(v)
    for k in sorted(grouped):
        s += f"\n{k}:{','.join(sorted(grouped[k]))}"
    return s


def sign(key_b64, sts):
    mac = hmac.new(base64.b64decode(key_b64), sts.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


def service_sas(key_b64, container, blob=None, sp="r", se="2099-01-01T00:00:00Z", st="",
                sv="2021-12-02", spr="", account=ACCOUNT):
    """A service SAS query string (docs: version 2020-12-06 and later)."""
    sr = "b" if blob is not None else "c"
    res = f"/blob/{account}/{container}" + (f"/{blob}" if blob is not None else "")
    fields = [sp, st, se, res, "", "", spr, sv, sr, "", ""]  # ... sst, ses
    fields += ["", "", "", "", ""]  # rscc rscd rsce rscl rsct
    sig = sign(key_b64, "\n".join(fields))
    q = {"sv": sv, "sr": sr, "sp": sp, "se": se, "sig": sig}
    if st:
        q["st"] = st
    if spr:
        q["spr"] = spr
    return urllib.parse.urlencode(q)


class Resp:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        return self.headers.get(name)

    def code(self):
        return self.headers.get("x-ms-error-code")

    def __repr__(self):
        return f"<{self.status} {self.code()} {self.body[:300]!r}>"


class BlobClient:
    """auth: "key" (Shared Key with key), "sas" (query string sas), "bearer"
    (token), None (anonymous)."""

    def __init__(self, base, key=DEV_KEY, auth="key", sas=None, token=None, ca=None,
                 account=ACCOUNT, version=VERSION):
        u = urllib.parse.urlsplit(base)
        self.scheme, self.host, self.port = u.scheme, u.hostname, u.port
        self.key, self.auth, self.sas, self.token = key, auth, sas, token
        self.ca, self.account, self.version = ca, account, version
        self.last_sts = None

    def path(self, container, blob=None):
        p = f"/{self.account}/{urllib.parse.quote(container)}"
        if blob is not None:
            p += "/" + urllib.parse.quote(blob, safe="/~")
        return p

    def request(self, method, container, blob=None, query=None, body=b"", headers=None,
                raw_path=None):
        query = list((query or {}).items()) if isinstance(query, dict) else list(query or [])
        path = raw_path or self.path(container, blob)
        h = {"x-ms-version": self.version,
             "x-ms-date": email.utils.formatdate(usegmt=True)}
        if self.version is None:
            del h["x-ms-version"]
        if body or method in ("PUT", "POST"):
            h["Content-Length"] = str(len(body))
        h.update(headers or {})
        h = {k: v for k, v in h.items() if v is not None}
        if self.auth == "key":
            self.last_sts = string_to_sign(method, path, query, h, self.account)
            h["Authorization"] = f"SharedKey {self.account}:{sign(self.key, self.last_sts)}"
        elif self.auth == "bearer":
            h["Authorization"] = f"Bearer {self.token}"
        qs = urllib.parse.urlencode(query, quote_via=urllib.parse.quote)
        if self.auth == "sas":
            qs = qs + ("&" if qs else "") + self.sas
        target = path + ("?" + qs if qs else "")
        if self.scheme == "https":
            conn = http.client.HTTPSConnection(
                self.host, self.port, context=ssl.create_default_context(cafile=self.ca),
                timeout=30)
        else:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            conn.putrequest(method, target, skip_accept_encoding=True)
            for k, v in h.items():
                conn.putheader(k, v)
            conn.endheaders(body if body else None)
            r = conn.getresponse()
            data = r.read()
            return Resp(r.status, {k.lower(): v for k, v in r.getheaders()}, data)
        finally:
            conn.close()

    # -- operations -------------------------------------------------------
    def put_blob(self, container, blob, data, headers=None, md5=True):
        h = {"x-ms-blob-type": "BlockBlob"}
        if md5:
            h["Content-MD5"] = b64md5(data)
        h.update(headers or {})
        return self.request("PUT", container, blob, body=data, headers=h)

    def get_blob(self, container, blob, headers=None):
        return self.request("GET", container, blob, headers=headers)

    def head_blob(self, container, blob):
        return self.request("HEAD", container, blob)

    def delete_blob(self, container, blob):
        return self.request("DELETE", container, blob)

    def put_block(self, container, blob, block_id, data):
        return self.request("PUT", container, blob, query=[("comp", "block"),
                                                           ("blockid", block_id)],
                            body=data, headers={"Content-MD5": b64md5(data)})

    def put_block_list(self, container, blob, ids, headers=None):
        xml = ('<?xml version="1.0" encoding="utf-8"?><BlockList>' +
               "".join(f"<Latest>{i}</Latest>" for i in ids) + "</BlockList>").encode()
        return self.request("PUT", container, blob, query=[("comp", "blocklist")], body=xml,
                            headers=headers)

    def set_metadata(self, container, blob, meta):
        return self.request("PUT", container, blob, query=[("comp", "metadata")],
                            headers={f"x-ms-meta-{k}": v for k, v in meta.items()})

    def list_blobs(self, container, **params):
        q = [("restype", "container"), ("comp", "list")] + [(k, str(v))
                                                            for k, v in params.items()]
        return self.request("GET", container, query=q)

    def create_container(self, container):
        return self.request("PUT", container, query=[("restype", "container")])
