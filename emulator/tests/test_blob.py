"""The Blob service: every operation with its errors, Shared Key signatures
computed here from the docs' recipe (blobclient.py), SAS (good, expired,
wrong permission, tampered), bearer tokens by audience, listing pages, odd
names, versions, and that blob <container>/<path> is the file
DATASTORE_DIR/<datastore>/<path>."""
import base64
import email.utils
import os
import time
import xml.etree.ElementTree as ET

import blobclient
from blobclient import BlobClient, b64md5
from emu import EmulatorTest, main

C = "azureml-blobstore"


def names_of(resp):
    root = ET.fromstring(resp.body)
    blobs = [b.findtext("Name") for b in root.iter("Blob")]
    prefixes = [p.findtext("Name") for p in root.iter("BlobPrefix")]
    return blobs, prefixes, root.findtext("NextMarker") or None


class Blob(EmulatorTest):
    ARGS = ("--provisioning-delay-ms", "0", "--datastore", "idstore:id-container:None")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.root = cls.emu.control("GET", "/_emulator/config").json["datastoreDir"]

    def client(self, **kw):
        return BlobClient(self.emu.base, **kw)

    # -- Put Blob / Get Blob ----------------------------------------------
    def test_put_get_roundtrip_and_file_mapping(self):
        c = self.client()
        data = b"a,b\n1,2\n"
        r = c.put_blob(C, "dir/sub/x.csv", data, headers={
            "x-ms-blob-content-type": "text/csv", "x-ms-meta-upload_status": "completed"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.header("content-md5"), b64md5(data))
        self.assertTrue(r.header("etag").startswith('"0x'))
        self.assertTrue(r.header("x-ms-request-id"))
        self.assertEqual(r.header("x-ms-version"), blobclient.VERSION)
        with open(os.path.join(self.root, "workspaceblobstore", "dir/sub/x.csv"), "rb") as f:
            self.assertEqual(f.read(), data)
        g = c.get_blob(C, "dir/sub/x.csv")
        self.assertEqual(g.status, 200, g)
        self.assertEqual(g.body, data)
        self.assertEqual(g.header("content-md5"), b64md5(data))
        self.assertEqual(g.header("content-type"), "text/csv")
        self.assertEqual(g.header("x-ms-meta-upload_status"), "completed")
        self.assertEqual(g.header("x-ms-blob-type"), "BlockBlob")
        self.assertEqual(g.header("etag"), r.header("etag"))
        h = c.head_blob(C, "dir/sub/x.csv")
        self.assertEqual(h.status, 200)
        self.assertEqual(h.body, b"")
        self.assertEqual(h.header("content-length"), str(len(data)))
        self.assertEqual(h.header("content-md5"), b64md5(data))

    def test_put_md5_mismatch_and_no_overwrite(self):
        c = self.client()
        r = c.put_blob(C, "md5/x", b"abc", headers={"Content-MD5": b64md5(b"abd")})
        self.assertEqual((r.status, r.code()), (400, "Md5Mismatch"), r)
        self.assertIn(b"<Code>Md5Mismatch</Code>", r.body)
        self.assertEqual(c.head_blob(C, "md5/x").status, 404)
        self.assertEqual(c.put_blob(C, "md5/x", b"one").status, 201)
        r = c.put_blob(C, "md5/x", b"two", headers={"If-None-Match": "*"})
        self.assertEqual((r.status, r.code()), (409, "BlobAlreadyExists"), r)
        self.assertEqual(c.get_blob(C, "md5/x").body, b"one")
        # overwrite replaces data and metadata
        c.put_blob(C, "md5/x", b"three", headers={"x-ms-meta-a": "1"})
        self.assertEqual(c.put_blob(C, "md5/x", b"four").status, 201)
        g = c.get_blob(C, "md5/x")
        self.assertEqual(g.body, b"four")
        self.assertIsNone(g.header("x-ms-meta-a"))

    def test_put_needs_block_blob_type(self):
        c = self.client()
        r = c.request("PUT", C, "t/x", body=b"x")
        self.assertEqual((r.status, r.code()), (400, "MissingRequiredHeader"), r)
        r = c.put_blob(C, "t/x", b"x", headers={"x-ms-blob-type": "PageBlob"})
        self.assertEqual((r.status, r.code()), (400, "InvalidHeaderValue"), r)

    def test_empty_blob(self):
        c = self.client()
        self.assertEqual(c.put_blob(C, "empty/e", b"").status, 201)
        g = c.get_blob(C, "empty/e")
        self.assertEqual((g.status, g.body), (200, b""))
        self.assertEqual(g.header("content-md5"), b64md5(b""))
        r = c.get_blob(C, "empty/e", headers={"x-ms-range": "bytes=0-"})
        self.assertEqual((r.status, r.code()), (416, "InvalidRange"), r)

    def test_ranges(self):
        c = self.client()
        data = bytes(range(256)) * 40
        c.put_blob(C, "range/r", data)
        r = c.get_blob(C, "range/r", headers={"x-ms-range": "bytes=100-199"})
        self.assertEqual(r.status, 206, r)
        self.assertEqual(r.body, data[100:200])
        self.assertEqual(r.header("content-range"), f"bytes 100-199/{len(data)}")
        self.assertEqual(r.header("x-ms-blob-content-md5"), b64md5(data))
        self.assertIsNone(r.header("content-md5"))
        r = c.get_blob(C, "range/r", headers={"Range": f"bytes={len(data) - 10}-",
                                                "x-ms-range-get-content-md5": "true"})
        self.assertEqual((r.status, r.body), (206, data[-10:]))
        self.assertEqual(r.header("content-md5"), b64md5(data[-10:]))
        r = c.get_blob(C, "range/r", headers={"x-ms-range": "bytes=0-99999"})
        self.assertEqual((r.status, r.body), (206, data))
        r = c.get_blob(C, "range/r", headers={"x-ms-range": f"bytes={len(data)}-"})
        self.assertEqual((r.status, r.code()), (416, "InvalidRange"))
        self.assertEqual(r.header("content-range"), f"bytes */{len(data)}")

    def test_missing_blob_and_container(self):
        c = self.client()
        r = c.get_blob(C, "no/such")
        self.assertEqual((r.status, r.code()), (404, "BlobNotFound"), r)
        self.assertIn(b"<Error><Code>BlobNotFound</Code><Message>", r.body)
        self.assertIn(b"RequestId:", r.body)
        h = c.head_blob(C, "no/such")
        self.assertEqual((h.status, h.code(), h.body), (404, "BlobNotFound", b""))
        r = c.get_blob("nosuchcontainer", "x")
        self.assertEqual((r.status, r.code()), (404, "ContainerNotFound"), r)
        self.assertEqual(c.delete_blob(C, "no/such").code(), "BlobNotFound")

    def test_delete(self):
        c = self.client()
        c.put_blob(C, "del/a/b/c.txt", b"x")
        r = c.delete_blob(C, "del/a/b/c.txt")
        self.assertEqual(r.status, 202, r)
        self.assertEqual(c.head_blob(C, "del/a/b/c.txt").status, 404)
        # empty folders go with it: no stray prefixes
        self.assertFalse(os.path.exists(os.path.join(self.root, "workspaceblobstore", "del")))

    def test_metadata(self):
        c = self.client()
        p = c.put_blob(C, "meta/m", b"m", headers={"x-ms-meta-a": "1"})
        r = c.set_metadata(C, "meta/m", {"upload_status": "completed", "name": "x y"})
        self.assertEqual(r.status, 200, r)
        self.assertNotEqual(r.header("etag"), p.header("etag"))
        h = c.head_blob(C, "meta/m")
        self.assertEqual(h.header("x-ms-meta-upload_status"), "completed")
        self.assertEqual(h.header("x-ms-meta-name"), "x y")
        self.assertIsNone(h.header("x-ms-meta-a"))
        self.assertEqual(c.get_blob(C, "meta/m").body, b"m")
        r = c.set_metadata(C, "meta/none", {"a": "1"})
        self.assertEqual(r.status, 404)
        r = c.set_metadata(C, "meta/m", {"bad-name": "1"})
        self.assertEqual((r.status, r.code()), (400, "InvalidMetadata"))

    def test_conditional_get(self):
        c = self.client()
        e = c.put_blob(C, "cond/x", b"x").header("etag")
        self.assertEqual(c.get_blob(C, "cond/x", headers={"If-None-Match": e}).status, 304)
        r = c.get_blob(C, "cond/x", headers={"If-Match": '"0x1"'})
        self.assertEqual((r.status, r.code()), (412, "ConditionNotMet"))
        self.assertEqual(c.get_blob(C, "cond/x", headers={"If-Match": e}).status, 200)

    # -- blocks -----------------------------------------------------------
    def test_blocks(self):
        c = self.client()
        parts = [os.urandom(1000), os.urandom(10), os.urandom(3000)]
        ids = [base64.b64encode(f"{i:032d}".encode()).decode() for i in range(3)]
        for i, p in zip(ids, parts):
            r = c.put_block(C, "blocks/big.bin", i, p)
            self.assertEqual(r.status, 201, r)
        # staged blocks are not blobs
        self.assertEqual(c.head_blob(C, "blocks/big.bin").status, 404)
        blobs, _, _ = names_of(c.list_blobs(C, prefix="blocks/"))
        self.assertEqual(blobs, [])
        r = c.put_block_list(C, "blocks/big.bin", ids, headers={
            "x-ms-blob-content-type": "application/x-test", "x-ms-meta-k": "v"})
        self.assertEqual(r.status, 201, r)
        g = c.get_blob(C, "blocks/big.bin")
        self.assertEqual(g.body, b"".join(parts))
        self.assertEqual(g.header("content-type"), "application/x-test")
        self.assertEqual(g.header("x-ms-meta-k"), "v")
        self.assertEqual(g.header("content-md5"), b64md5(b"".join(parts)))
        # a new list can reuse committed blocks (Latest falls back to them)
        extra = base64.b64encode(f"{9:032d}".encode()).decode()
        c.put_block(C, "blocks/big.bin", extra, b"tail")
        r = c.put_block_list(C, "blocks/big.bin", [ids[2], extra])
        self.assertEqual(r.status, 201, r)
        self.assertEqual(c.get_blob(C, "blocks/big.bin").body, parts[2] + b"tail")
        # unknown block
        r = c.put_block_list(C, "blocks/big.bin", [base64.b64encode(b"x" * 32).decode()])
        self.assertEqual((r.status, r.code()), (400, "InvalidBlockList"), r)
        self.assertEqual(c.get_blob(C, "blocks/big.bin").body, parts[2] + b"tail")

    def test_block_errors(self):
        c = self.client()
        r = c.put_block(C, "blocks/e", "not base64!", b"x")
        self.assertEqual((r.status, r.code()), (400, "InvalidQueryParameterValue"), r)
        r = c.request("PUT", C, "blocks/e", query=[("comp", "block"),
                                                  ("blockid", base64.b64encode(b"a").decode())],
                      body=b"abc", headers={"Content-MD5": b64md5(b"abd")})
        self.assertEqual((r.status, r.code()), (400, "Md5Mismatch"), r)
        c.put_block(C, "blocks/e", base64.b64encode(b"aa").decode(), b"x")
        r = c.put_block(C, "blocks/e", base64.b64encode(b"bbbbbb").decode(), b"y")
        self.assertEqual((r.status, r.code()), (400, "InvalidBlobOrBlock"), r)
        r = c.request("PUT", C, "blocks/e", query=[("comp", "blocklist")], body=b"nonsense")
        self.assertEqual((r.status, r.code()), (400, "InvalidXmlDocument"), r)

    # -- listing ----------------------------------------------------------
    def test_list_prefix_delimiter_pages(self):
        c = self.client()
        want = ["ls/a.txt", "ls/b/1", "ls/b/2", "ls/c/d/e", "ls/z"]
        for n in reversed(want):
            c.put_blob(C, n, n.encode(), headers={"x-ms-meta-n": "v"})
        blobs, prefixes, nm = names_of(c.list_blobs(C, prefix="ls/"))
        self.assertEqual((blobs, prefixes, nm), (want, [], None))
        r = c.list_blobs(C, prefix="ls/", delimiter="/")
        blobs, prefixes, _ = names_of(r)
        self.assertEqual(blobs, ["ls/a.txt", "ls/z"])
        self.assertEqual(prefixes, ["ls/b/", "ls/c/"])
        # pages of 2 (a prefix counts as one item)
        seen, marker, pages = [], None, 0
        while True:
            kw = {"prefix": "ls/", "delimiter": "/", "maxresults": 2}
            if marker:
                kw["marker"] = marker
            b, p, marker = names_of(c.list_blobs(C, **kw))
            seen += b + p
            pages += 1
            if not marker:
                break
        self.assertEqual(sorted(seen), ["ls/a.txt", "ls/b/", "ls/c/", "ls/z"])
        self.assertEqual(pages, 2)
        root = ET.fromstring(c.list_blobs(C, prefix="ls/a", include="metadata").body)
        blob = root.find("Blobs/Blob")
        self.assertEqual(blob.findtext("Metadata/n"), "v")
        self.assertEqual(blob.findtext("Properties/Content-Length"), "8")
        self.assertEqual(blob.findtext("Properties/Content-MD5"), b64md5(b"ls/a.txt"))
        self.assertIsNone(ET.fromstring(c.list_blobs(C, prefix="ls/a").body)
                          .find("Blobs/Blob/Metadata"))
        r = c.list_blobs(C, maxresults=0)
        self.assertEqual((r.status, r.code()), (400, "OutOfRangeQueryParameterValue"))

    def test_list_order_and_default_page(self):
        c = self.client()
        names = ["ord/B", "ord/a", "ord/a-b", "ord/b/c", "ord/_", "ord/Z", "ord/b0"]
        for n in names:
            self.assertEqual(c.put_blob(C, n, b"x").status, 201)
        blobs, _, _ = names_of(c.list_blobs(C, prefix="ord/"))
        self.assertEqual(blobs, sorted(names, key=lambda s: s.encode()))
        # a blob name cannot also be a folder of blobs here (files): refused
        r = c.put_blob(C, "ord/a/b", b"x")
        self.assertEqual((r.status, r.code()), (409, "PathConflict"), r)
        r = c.put_blob(C, "ord/b", b"x")
        self.assertEqual((r.status, r.code()), (409, "PathConflict"), r)

    def test_odd_names(self):
        c = self.client()
        names = ["odd/with space.txt", "odd/ünïcødé/ファイル.csv", "odd/hash#1", "odd/per%cent",
                 "odd/amp&lt<x>", "odd/plus+eq=q?"]
        for n in names:
            r = c.put_blob(C, n, n.encode())
            self.assertEqual(r.status, 201, (n, r))
            g = c.get_blob(C, n)
            self.assertEqual((g.status, g.body), (200, n.encode()), n)
        blobs, _, _ = names_of(c.list_blobs(C, prefix="odd/"))
        self.assertEqual(blobs, sorted(names, key=lambda s: s.encode()))
        self.assertTrue(os.path.isfile(os.path.join(self.root, "workspaceblobstore",
                                                    "odd/ünïcødé/ファイル.csv")))

    def test_refused_names(self):
        c = self.client()
        for raw in ["/amlemulator/azureml-blobstore/a/../../x", "/amlemulator/azureml-blobstore/a//b",
                    "/amlemulator/azureml-blobstore/a/./b", "/amlemulator/azureml-blobstore/a/%2e%2e/b"]:
            r = c.request("PUT", C, raw_path=raw, body=b"x", headers={"x-ms-blob-type": "BlockBlob"})
            self.assertIn(r.status, (400,), (raw, r))
        # a symbolic link out of the datastore folder is not followed
        ds = os.path.join(self.root, "workspaceblobstore")
        os.makedirs(ds, exist_ok=True)
        outside = os.path.join(os.path.dirname(self.root), "outside-secret")
        os.makedirs(outside, exist_ok=True)
        with open(os.path.join(outside, "s.txt"), "w") as f:
            f.write("secret")
        link = os.path.join(ds, "escape")
        if not os.path.islink(link):
            os.symlink(outside, link)
        r = c.get_blob(C, "escape/s.txt")
        self.assertEqual(r.status, 400, r)
        r = c.put_blob(C, "escape/new.txt", b"x")
        self.assertEqual(r.status, 400, r)
        self.assertFalse(os.path.exists(os.path.join(outside, "new.txt")))
        blobs, _, _ = names_of(c.list_blobs(C, prefix="escape"))
        self.assertEqual(blobs, [])

    def test_files_written_outside_are_blobs(self):
        ds = os.path.join(self.root, "workspaceblobstore", "byjob")
        os.makedirs(ds, exist_ok=True)
        with open(os.path.join(ds, "out.csv"), "wb") as f:
            f.write(b"1\n2\n")
        c = self.client()
        g = c.get_blob(C, "byjob/out.csv")
        self.assertEqual((g.status, g.body), (200, b"1\n2\n"))
        self.assertEqual(g.header("content-md5"), b64md5(b"1\n2\n"))
        self.assertEqual(g.header("content-type"), "application/octet-stream")
        # rewritten behind the service's back: the new content's MD5
        with open(os.path.join(ds, "out.csv"), "ab") as f:
            f.write(b"3\n")
        os.utime(os.path.join(ds, "out.csv"), ns=(1, 2))
        g = c.get_blob(C, "byjob/out.csv")
        self.assertEqual(g.header("content-md5"), b64md5(b"1\n2\n3\n"))

    # -- containers -------------------------------------------------------
    def test_create_container(self):
        c = self.client()
        r = c.create_container(C)
        self.assertEqual((r.status, r.code()), (409, "ContainerAlreadyExists"))
        r = c.create_container("scratch-1")
        self.assertEqual(r.status, 201, r)
        self.assertEqual(c.create_container("scratch-1").status, 409)
        self.assertEqual(c.put_blob("scratch-1", "x", b"x").status, 201)
        self.assertEqual(c.get_blob("scratch-1", "x").body, b"x")
        self.assertEqual(c.create_container("Bad_Name").code(), "InvalidResourceName")
        self.assertEqual(c.request("GET", C, query=[("restype", "container")]).status, 200)

    # -- versions ---------------------------------------------------------
    def test_versions(self):
        for v in ("2019-12-12", "2021-12-02", "2025-11-05"):
            r = self.client(version=v).get_blob(C, "no/such")
            self.assertEqual((r.status, r.header("x-ms-version")), (404, v))
        r = self.client(version="2026-02-06").get_blob(C, "x")
        self.assertEqual((r.status, r.code()), (400, "InvalidHeaderValue"))
        r = self.client(version="2019-07-07").get_blob(C, "x")
        self.assertEqual((r.status, r.code()), (400, "InvalidHeaderValue"))
        r = self.client(version=None).get_blob(C, "x")
        self.assertEqual((r.status, r.code()), (400, "MissingRequiredHeader"))

    # -- Shared Key -------------------------------------------------------
    def test_shared_key_signature_checked(self):
        c = self.client()
        c.put_blob(C, "sk/x", b"x")
        bad = self.client(key=base64.b64encode(b"k" * 64).decode())
        r = bad.get_blob(C, "sk/x")
        self.assertEqual((r.status, r.code()), (403, "AuthenticationFailed"), r)
        # the server's string-to-sign is shown (it is ours, | for newlines)
        self.assertIn(bad.last_sts.replace("\n", "|").encode(), r.body)
        self.assertNotIn(blobclient.sign(bad.key, bad.last_sts).encode(), r.body)
        # a header changed after signing breaks the signature
        sts = blobclient.string_to_sign("GET", "/amlemulator/azureml-blobstore/sk/x", [],
                                        {"x-ms-version": blobclient.VERSION,
                                         "x-ms-date": email.utils.formatdate(usegmt=True)})
        sig = blobclient.sign(blobclient.DEV_KEY, sts)
        r = c.request("GET", C, "sk/x", headers={"x-ms-meta-late": "1"})
        self.assertEqual(r.status, 200)  # re-signed by the client: fine
        raw = BlobClient(self.emu.base, auth=None)
        r = raw.request("GET", C, "sk/x", headers={"Authorization":
                                                   f"SharedKey amlemulator:{sig}",
                                                   "x-ms-meta-late": "1"})
        self.assertEqual((r.status, r.code()), (403, "AuthenticationFailed"))
        r = raw.request("GET", C, "sk/x", headers={"Authorization": f"SharedKey other:{sig}"})
        self.assertEqual(r.status, 403)
        # an old date is refused even when signed correctly
        old = self.client()
        r = old.request("GET", C, "sk/x", headers={"x-ms-date": "Mon, 01 Jan 2001 00:00:00 GMT"})
        self.assertEqual((r.status, r.code()), (403, "AuthenticationFailed"), r)
        # the query takes part: list with params signs the canonicalized query
        r = c.list_blobs(C, prefix="sk/", maxresults=1)
        self.assertEqual(r.status, 200, r)

    def test_shared_key_encoded_path(self):
        c = self.client()
        r = c.put_blob(C, "sk/a b#c", b"enc")
        self.assertEqual(r.status, 201, r)
        self.assertIn("/amlemulator/azureml-blobstore/sk/a%20b%23c", c.last_sts)

    # -- SAS --------------------------------------------------------------
    def sas_client(self, **kw):
        return self.client(auth="sas", sas=blobclient.service_sas(blobclient.DEV_KEY, **kw))

    def test_sas(self):
        self.client().put_blob(C, "sas/x", b"sas")
        good = self.sas_client(container=C, sp="rl")
        self.assertEqual(good.get_blob(C, "sas/x").body, b"sas")
        self.assertEqual(good.list_blobs(C, prefix="sas/").status, 200)
        blob_sas = self.sas_client(container=C, blob="sas/x", sp="r")
        self.assertEqual(blob_sas.get_blob(C, "sas/x").status, 200)
        r = blob_sas.get_blob(C, "sas/other")
        self.assertEqual((r.status, r.code()), (403, "AuthenticationFailed"))
        r = good.put_blob(C, "sas/y", b"y")
        self.assertEqual((r.status, r.code()), (403, "AuthorizationPermissionMismatch"), r)
        r = good.delete_blob(C, "sas/x")
        self.assertEqual(r.code(), "AuthorizationPermissionMismatch")
        expired = self.sas_client(container=C, sp="r", se="2020-01-01T00:00:00Z")
        r = expired.get_blob(C, "sas/x")
        self.assertEqual((r.status, r.code()), (403, "AuthenticationFailed"), r)
        self.assertIn(b"expiry", r.body)
        future = self.sas_client(container=C, sp="r", st="2098-01-01T00:00:00Z")
        self.assertEqual(future.get_blob(C, "sas/x").status, 403)
        https_only = self.sas_client(container=C, sp="r", spr="https")
        self.assertEqual(https_only.get_blob(C, "sas/x").status, 403)
        # tampered: permissions widened after signing
        tampered = good.sas.replace("sp=rl", "sp=rwl")
        self.assertNotEqual(tampered, good.sas)
        t = self.client(auth="sas", sas=tampered)
        r = t.put_blob(C, "sas/z", b"z")
        self.assertEqual((r.status, r.code()), (403, "AuthenticationFailed"), r)
        wrong_key = self.client(auth="sas", sas=blobclient.service_sas(
            base64.b64encode(b"w" * 64).decode(), container=C, sp="r"))
        self.assertEqual(wrong_key.get_blob(C, "sas/x").status, 403)
        writer = self.sas_client(container=C, sp="cw")
        self.assertEqual(writer.put_blob(C, "sas/w", b"w").status, 201)

    def test_sas_never_recorded(self):
        good = self.sas_client(container=C, sp="r")
        good.get_blob(C, "sas/none")
        sig = dict(p.split("=", 1) for p in good.sas.split("&"))["sig"]
        rec = self.emu.control("GET", "/_emulator/requests?contains=sas/none").raw
        self.assertNotIn(sig, rec)
        self.assertIn("REDACTED", rec)
        self.client().put_blob(C, "rec/body", b"BODY-MUST-NOT-BE-RECORDED")
        rec = self.emu.control("GET", "/_emulator/requests?contains=rec/body").raw
        self.assertNotIn("BODY-MUST-NOT-BE-RECORDED", rec)
        self.assertNotIn(blobclient.DEV_KEY, rec)

    # -- bearer / anonymous -----------------------------------------------
    def test_bearer(self):
        tok = self.emu.token("https://storage.azure.com/.default")
        c = self.client(auth="bearer", token=tok)
        self.assertEqual(c.put_blob("id-container", "b/x", b"id").status, 201)
        self.assertEqual(c.get_blob("id-container", "b/x").body, b"id")
        wrong = self.client(auth="bearer", token=self.emu.token())
        r = wrong.get_blob("id-container", "b/x")
        self.assertEqual((r.status, r.code()), (401, "InvalidAuthenticationInfo"), r)
        self.assertIn(b"udience", r.body)
        self.assertIn("storage.azure.com", r.header("www-authenticate"))
        r = self.client(auth="bearer", token="not.a.token").get_blob("id-container", "b/x")
        self.assertEqual(r.status, 401)
        # IMDS issues the storage audience too
        i = self.emu.raw("GET", "/metadata/identity/oauth2/token?api-version=2018-02-01&"
                                "resource=https://storage.azure.com/", headers={"Metadata": "true"})
        self.assertEqual(i.status, 200, i)
        c2 = self.client(auth="bearer", token=i.json["access_token"])
        self.assertEqual(c2.get_blob("id-container", "b/x").status, 200)

    def test_anonymous_refused(self):
        self.client().put_blob(C, "anon/x", b"x")
        r = self.client(auth=None).get_blob(C, "anon/x")
        self.assertEqual((r.status, r.code()), (401, "NoAuthenticationInformation"), r)
        self.assertTrue(r.header("www-authenticate"))
        r = self.client(auth=None).list_blobs(C)
        self.assertEqual(r.status, 401)

    def test_arm_routes_unaffected(self):
        self.assertEqual(self.emu.arm("GET", "/subscriptions/x/resourceGroups/y/providers/"
                                             "Microsoft.MachineLearningServices/workspaces").status,
                         200)
        self.assertEqual(self.emu.control("GET", "/_emulator/config").status, 200)


if __name__ == "__main__":
    main()
