#!/usr/bin/python3
"""The official Python client (azure-storage-blob) as a third opinion for
tests/integration/test_blob_transfer.c: it reads back what the C SDK
uploaded, uploads a blob for the C SDK to read, and mints a container SAS
the C SDK must be able to use.

    blob_python_peer.py ACCOUNT_URL ACCOUNT KEY CONTAINER READ_BLOB WRITE_BLOB
prints one JSON line: {"md5": <hex of READ_BLOB's bytes>, "size": N,
"written": <bytes it wrote, latin-1>, "sas": <container SAS token>}.
Exit 3 when azure-storage-blob is not installed (the case is skipped)."""
import datetime
import hashlib
import json
import sys

try:
    from azure.storage.blob import BlobServiceClient, ContainerSasPermissions, generate_container_sas
except ImportError:
    sys.exit(3)


def main():
    account_url, account, key, container, read_blob, write_blob = sys.argv[1:7]
    service = BlobServiceClient(account_url, credential={"account_name": account, "account_key": key})
    cont = service.get_container_client(container)
    data = cont.download_blob(read_blob, max_concurrency=2).readall()
    written = bytes(range(256)) * 3 + b"written by azure-storage-blob"
    cont.upload_blob(write_blob, written, overwrite=True)
    sas = generate_container_sas(account, container, account_key=key,
                                 permission=ContainerSasPermissions(read=True, write=True, list=True,
                                                                    create=True, delete=True),
                                 expiry=datetime.datetime.utcnow() + datetime.timedelta(hours=1))
    print(json.dumps({"md5": hashlib.md5(data).hexdigest(), "size": len(data),
                      "written_md5": hashlib.md5(written).hexdigest(), "written_size": len(written),
                      "sas": sas}))


if __name__ == "__main__":
    main()
