"""azure-storage-blob (the official Python client, Debian's python3-azure)
against the emulator's Blob service: upload in one Put Blob and in blocks
(with Content-MD5 per request), list, download whole and in ranges,
metadata, delete, a container SAS it signs itself. Skipped (exit 77) when
the package is absent."""
import os
import subprocess
import sys

SYSTEM_PYTHON = "/usr/bin/python3"


def have_client():
    try:
        import azure.storage.blob  # noqa: F401
        return True
    except ImportError:
        return False


if not have_client():
    # Debian installs it for the system interpreter only.
    if (os.path.exists(SYSTEM_PYTHON) and os.path.realpath(sys.executable) !=
            os.path.realpath(SYSTEM_PYTHON) and not os.environ.get("AML_COMPAT_REEXEC")):
        env = dict(os.environ, AML_COMPAT_REEXEC="1")
        sys.exit(subprocess.call([SYSTEM_PYTHON] + sys.argv, env=env))
    print("SKIP: azure-storage-blob is not installed (apt-get install python3-azure)")
    sys.exit(77)

from datetime import datetime, timedelta, timezone  # noqa: E402

from azure.core.exceptions import ResourceExistsError, ResourceNotFoundError  # noqa: E402
from azure.storage.blob import (BlobServiceClient, ContainerClient,  # noqa: E402
                                ContainerSasPermissions, generate_container_sas)

import blobclient  # noqa: E402
from emu import Emulator, P, offline_env  # noqa: E402

os.environ.update(offline_env({}))


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def run(e):
    secrets = e.arm("POST", f"{P}/datastores/workspaceblobstore/listSecrets").json
    ds = e.arm("GET", f"{P}/datastores/workspaceblobstore").json["properties"]
    url = f"{ds['protocol']}://{ds['endpoint']}/{ds['accountName']}"
    svc = BlobServiceClient(url, credential={"account_name": ds["accountName"],
                                             "account_key": secrets["key"]},
                            max_single_put_size=64 * 1024, max_block_size=16 * 1024,
                            max_single_get_size=32 * 1024, max_chunk_get_size=8 * 1024)
    cont = svc.get_container_client(ds["containerName"])
    small = b"x,y\n1,2\n"
    big = os.urandom(200 * 1024 + 17)
    cont.upload_blob("compat/small.csv", small, validate_content=True,
                     metadata={"upload_status": "completed"})
    cont.upload_blob("compat/dir/big.bin", big, validate_content=True, max_concurrency=4)
    cont.upload_blob("compat/dir/sp ace#ü.txt", b"odd")
    try:
        cont.upload_blob("compat/small.csv", b"again")
        raise AssertionError("overwrite=False did not fail")
    except ResourceExistsError:
        pass
    names = [b.name for b in cont.list_blobs(name_starts_with="compat/")]
    check(names == ["compat/dir/big.bin", "compat/dir/sp ace#ü.txt", "compat/small.csv"], names)
    walk = [b.name for b in cont.walk_blobs(name_starts_with="compat/", delimiter="/")]
    check(walk == ["compat/dir/", "compat/small.csv"], walk)
    paged = [b.name for b in cont.list_blobs(name_starts_with="compat/", results_per_page=1)]
    check(paged == names, paged)
    props = cont.get_blob_client("compat/small.csv").get_blob_properties()
    check(props.metadata == {"upload_status": "completed"}, props.metadata)
    check(props.size == len(small), props.size)
    got = cont.download_blob("compat/dir/big.bin", validate_content=True, max_concurrency=3)
    check(got.readall() == big, "big download differs")
    check(cont.download_blob("compat/small.csv").readall() == small, "small download differs")
    part = cont.download_blob("compat/dir/big.bin", offset=1000, length=5000).readall()
    check(part == big[1000:6000], "range differs")
    check(cont.download_blob("compat/dir/sp ace#ü.txt").readall() == b"odd", "odd name")
    cont.get_blob_client("compat/small.csv").set_blob_metadata({"name": "n", "version": "1"})
    check(cont.get_blob_client("compat/small.csv").get_blob_properties().metadata ==
          {"name": "n", "version": "1"}, "metadata")
    cont.delete_blob("compat/small.csv")
    try:
        cont.get_blob_client("compat/small.csv").get_blob_properties()
        raise AssertionError("deleted blob still there")
    except ResourceNotFoundError:
        pass
    # A container SAS signed by the client library, checked by the emulator.
    sas = generate_container_sas(ds["accountName"], ds["containerName"],
                                 account_key=secrets["key"],
                                 permission=ContainerSasPermissions(read=True, list=True),
                                 expiry=datetime.now(timezone.utc) + timedelta(hours=1))
    ro = ContainerClient(url, ds["containerName"], credential=sas)
    check([b.name for b in ro.list_blobs(name_starts_with="compat/dir/")] ==
          ["compat/dir/big.bin", "compat/dir/sp ace#ü.txt"], "sas list")
    check(ro.download_blob("compat/dir/big.bin").readall() == big, "sas download")
    # and the SAS listSecrets hands out for a Sas datastore
    tok = e.arm("POST", f"{P}/datastores/sasstore/listSecrets").json["sasToken"]
    sc = ContainerClient(url, "sas-container", credential=tok)
    sc.upload_blob("via-sas.txt", b"s")
    check(sc.download_blob("via-sas.txt").readall() == b"s", "listSecrets SAS")
    check(blobclient.DEV_KEY == secrets["key"], "documented development key")


def main():
    with Emulator("--provisioning-delay-ms", "0",
                  "--datastore", "sasstore:sas-container:Sas") as e:
        run(e)
        rec = e.control("GET", "/_emulator/requests").raw
        check(blobclient.DEV_KEY not in rec, "key recorded")
        n = len(e.control("GET", "/_emulator/requests?contains=/amlemulator/").json["requests"])
        print(f"azure-storage-blob made {n} Blob requests")
    print("1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
