"""Data assets: containers and versions (synchronous PUT 201/200, GET, list
in creation order and newest first with $orderBy=createdtime desc and
$top, paging; latestVersion/nextVersion; dataType/dataUri/name rules), and
batch job inputs that name a data asset (ARM id, azureml:<n>:<v>,
azureml:<n>@latest) running over its dataUri; an unknown asset fails the
invoke."""
import urllib.parse

from batch import BatchTest
from emu import P, main

SCORE = """
import os
def init():
    pass
def run(mini_batch):
    return [os.path.basename(f) for f in mini_batch]
"""


def version_body(uri, dtype="uri_folder", **extra):
    return {"properties": dict(extra, dataType=dtype, dataUri=uri)}


class DataAssets(BatchTest):
    ENDPOINT = "data-ep"

    def test_versions_and_latest(self):
        e = self.emu
        r = e.arm("PUT", f"{P}/data/ds1/versions/1", version_body(self.uri("d/1/")))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["properties"]["dataUri"], self.uri("d/1/"))
        self.assertTrue(r.json["id"].endswith("/data/ds1/versions/1"))
        self.assertEqual(e.arm("PUT", f"{P}/data/ds1/versions/1",
                               version_body(self.uri("d/1/"), description="again")).status, 200)
        for v in ("3", "2"):
            self.assertEqual(e.arm("PUT", f"{P}/data/ds1/versions/{v}",
                                   version_body(self.uri(f"d/{v}/"))).status, 201)
        c = e.arm("GET", f"{P}/data/ds1").json["properties"]
        self.assertEqual((c["dataType"], c["latestVersion"], c["nextVersion"]),
                         ("uri_folder", "2", "4"))
        g = e.arm("GET", f"{P}/data/ds1/versions/3")
        self.assertEqual((g.status, g.json["properties"]["dataType"]), (200, "uri_folder"))
        self.assertEqual(e.arm("GET", f"{P}/data/ds1/versions/9").status, 404)
        # azure-ai-ml's @latest: newest created first, one item
        r = e.arm("GET", f"{P}/data/ds1/versions",
                  query={"$orderBy": "createdtime desc", "$top": "1"})
        self.assertEqual([v["name"] for v in r.json["value"]], ["2"])
        # newest first across pages
        got, url = [], None
        r = e.arm("GET", f"{P}/data/ds1/versions",
                  query={"$orderBy": "createdtime desc", "$top": "2"})
        while True:
            self.assertEqual(r.status, 200, r)
            got += [v["name"] for v in r.json["value"]]
            url = r.json.get("nextLink")
            if not url:
                break
            q = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
            self.assertEqual(q["$orderBy"], ["createdtime desc"])
            r = e.arm("GET", url)
        self.assertEqual(got, ["2", "3", "1"])
        r = e.arm("GET", f"{P}/data/ds1/versions")
        self.assertEqual([v["name"] for v in r.json["value"]], ["1", "3", "2"])
        self.assertIn("ds1", [d["name"] for d in e.arm("GET", f"{P}/data").json["value"]])

    def test_validation(self):
        e = self.emu
        r = e.arm("PUT", f"{P}/data/ds2/versions/1", {"properties": {"dataType": "uri_folder"}})
        self.assertEqual(r.status, 400, r)
        self.assertEqual(r.json["error"]["details"][0]["code"], "RequiredFieldMissing")
        r = e.arm("PUT", f"{P}/data/ds2/versions/1", version_body("x", dtype="table"))
        self.assertEqual(r.json["error"]["details"][0]["code"], "InvalidFieldValue")
        r = e.arm("PUT", f"{P}/data/ds2/versions/1", {"properties": {"dataUri": "x"}})
        self.assertEqual(r.status, 400)
        r = e.arm("PUT", f"{P}/data/bad.name/versions/1", version_body(self.uri("d/")))
        self.assertEqual((r.status, r.error_code()), (400, "InvalidResourceName"))
        r = e.arm("PUT", f"{P}/data/ds3", {"properties": {}})
        self.assertEqual(r.status, 400, r)
        r = e.arm("PUT", f"{P}/data/ds3", {"properties": {"dataType": "uri_file"}})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(e.arm("GET", f"{P}/data/ds3").json["properties"]["dataType"], "uri_file")

    def test_job_input_names_a_data_asset(self):
        dep = self.deployment("dataasset", SCORE)
        self.data("dataasset/v1", 2)
        self.data("dataasset/v2", 3)
        e = self.emu
        e.arm("PUT", f"{P}/data/inputs/versions/1", version_body(self.uri("dataasset/v1/")))
        e.arm("PUT", f"{P}/data/inputs/versions/2", version_body(self.uri("dataasset/v2/")))
        for ref, n in ((f"{P}/data/inputs/versions/1", 2),
                       (f"azureml:{P}/data/inputs/versions/2", 3),
                       ("azureml:inputs:1", 2),
                       ("azureml:inputs@latest", 3),
                       ("azureml://locations/eastus/workspaces/x/data/inputs/versions/2", 3)):
            name = self.invoke(dep, ref)
            job = self.assert_status(name, "Completed")
            self.assertEqual(job["properties"]["inputs"]["in"]["uri"], ref)
            self.assertEqual(len(self.rows(name)), n, ref)
        for ref in (f"{P}/data/inputs/versions/7", "azureml:nope:1", "azureml:nope@latest"):
            body = {"properties": {"inputData": {"in": {"jobInputType": "UriFolder",
                                                        "uri": ref}}}}
            r = e.raw("POST", self.scoring_uri, body,
                      {"Authorization": "Bearer " + e.token("https://ml.azure.com/.default"),
                       "azureml-model-deployment": dep})
            self.assertEqual(r.status, 400, (ref, r))
            self.assertEqual(r.json["error"]["details"][0]["code"], "AssetNotFound")
            self.assertIn(ref, r.json["error"]["message"])


if __name__ == "__main__":
    main()
