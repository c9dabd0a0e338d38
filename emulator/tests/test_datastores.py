"""ARM datastores: the built-in workspaceblobstore (default) and
workspaceartifactstore plus --datastore ones, paged list with isDefault,
listSecrets (a working account key, a working container SAS, none for
identity-based stores); secrets never in a GET."""
import urllib.parse

import blobclient
from emu import P, EmulatorTest, main


class Datastores(EmulatorTest):
    ARGS = ("--provisioning-delay-ms", "0", "--page-size", "2",
            "--datastore", "sasstore:sas-container:Sas",
            "--datastore", "idstore:id-container:None",
            "--datastore", "keystore:key-container")

    def test_get_builtin(self):
        r = self.emu.arm("GET", f"{P}/datastores/workspaceblobstore")
        self.assertEqual(r.status, 200, r)
        p = r.json["properties"]
        self.assertEqual(r.json["name"], "workspaceblobstore")
        self.assertTrue(r.json["id"].endswith("/datastores/workspaceblobstore"))
        self.assertEqual(p["datastoreType"], "AzureBlob")
        self.assertEqual(p["accountName"], "amlemulator")
        self.assertEqual(p["containerName"], "azureml-blobstore")
        self.assertEqual(p["endpoint"], self.emu.base.split("://")[1])
        self.assertEqual(p["protocol"], "http")
        self.assertTrue(p["isDefault"])
        self.assertEqual(p["credentials"], {"credentialsType": "AccountKey",
                                            "secrets": {"secretsType": "AccountKey"}})
        r = self.emu.arm("GET", f"{P}/datastores/workspaceartifactstore")
        self.assertEqual(r.json["properties"]["containerName"], "azureml")
        self.assertFalse(r.json["properties"]["isDefault"])
        r = self.emu.arm("GET", f"{P}/datastores/idstore")
        self.assertEqual(r.json["properties"]["credentials"], {"credentialsType": "None"})
        self.assertEqual(self.emu.arm("GET", f"{P}/datastores/nope").status, 404)

    def test_list_paged_and_default(self):
        names, url = [], f"{P}/datastores"
        pages = 0
        while url:
            r = self.emu.arm("GET", url)
            self.assertEqual(r.status, 200, r)
            names += [v["name"] for v in r.json["value"]]
            url = r.json.get("nextLink")
            pages += 1
        self.assertEqual(names, ["workspaceblobstore", "workspaceartifactstore", "sasstore",
                                 "idstore", "keystore"])
        self.assertEqual(pages, 3)
        r = self.emu.arm("GET", f"{P}/datastores", query={"isDefault": "true"})
        self.assertEqual([v["name"] for v in r.json["value"]], ["workspaceblobstore"])
        r = self.emu.arm("GET", f"{P}/datastores", query={"isDefault": "maybe"})
        self.assertEqual(r.status, 400)

    def test_list_secrets_account_key_works(self):
        r = self.emu.arm("POST", f"{P}/datastores/workspaceblobstore/listSecrets")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["secretsType"], "AccountKey")
        self.assertEqual(r.json["key"], blobclient.DEV_KEY)
        c = blobclient.BlobClient(self.emu.base, key=r.json["key"])
        self.assertEqual(c.put_blob("azureml-blobstore", "ds/k.txt", b"key").status, 201)
        self.assertEqual(c.get_blob("azureml-blobstore", "ds/k.txt").body, b"key")
        # GET never shows it
        g = self.emu.arm("GET", f"{P}/datastores/workspaceblobstore")
        self.assertNotIn(blobclient.DEV_KEY, g.raw)

    def test_list_secrets_sas_works_on_its_container_only(self):
        r = self.emu.arm("POST", f"{P}/datastores/sasstore/listSecrets")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["secretsType"], "Sas")
        tok = r.json["sasToken"]
        self.assertFalse(tok.startswith("?"))
        q = urllib.parse.parse_qs(tok)
        self.assertEqual(q["sr"], ["c"])
        c = blobclient.BlobClient(self.emu.base, auth="sas", sas=tok)
        self.assertEqual(c.put_blob("sas-container", "a/b.txt", b"sas").status, 201)
        self.assertEqual(c.get_blob("sas-container", "a/b.txt").body, b"sas")
        self.assertEqual(c.list_blobs("sas-container").status, 200)
        other = c.get_blob("azureml-blobstore", "ds/k.txt")
        self.assertEqual(other.status, 403, other)
        self.assertEqual(other.code(), "AuthenticationFailed")

    def test_list_secrets_none_is_refused(self):
        r = self.emu.arm("POST", f"{P}/datastores/idstore/listSecrets")
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.json["error"]["details"][0]["code"], "NoSecrets")
        self.assertEqual(self.emu.arm("POST", f"{P}/datastores/nope/listSecrets").status, 404)
        self.assertEqual(self.emu.arm("GET", f"{P}/datastores/idstore/listSecrets").status, 405)


if __name__ == "__main__":
    main()
