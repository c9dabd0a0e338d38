#!/usr/bin/python3
"""For tests/integration/test_data_azurite.c: with the official Python client
(azure-storage-blob), create CONTAINER on the account and print a container
SAS token (read, write, create, list, delete; one hour) on one line.

    data_azurite_sas.py ACCOUNT_URL ACCOUNT KEY CONTAINER
Exit 3 when azure-storage-blob is not installed (the case is skipped)."""
import datetime
import sys

try:
    from azure.storage.blob import BlobServiceClient, ContainerSasPermissions, generate_container_sas
except ImportError:
    sys.exit(3)


def main():
    account_url, account, key, container = sys.argv[1:5]
    service = BlobServiceClient(account_url, credential={"account_name": account, "account_key": key})
    service.create_container(container)
    print(generate_container_sas(account, container, account_key=key,
                                 permission=ContainerSasPermissions(read=True, write=True, list=True,
                                                                    create=True, delete=True),
                                 expiry=datetime.datetime.utcnow() + datetime.timedelta(hours=1)))


if __name__ == "__main__":
    main()
