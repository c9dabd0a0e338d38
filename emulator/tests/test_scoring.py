"""The batch scoring URI: invoke creates a NotStarted job that the ARM jobs
surface then shows; repeatability ids make a retried invoke idempotent."""
from emu import ML_SCOPE, P, EmulatorTest, deployment_body, endpoint_body, main


class Scoring(EmulatorTest):
    # Jobs stay NotStarted for the whole test (no race with the start delay).
    ARGS = ("--provisioning-delay-ms", "0", "--job-start-delay-ms", "3600000")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        e = cls.emu
        e.arm("PUT", f"{P}/computes/score-cc", {"properties": {
            "computeType": "AmlCompute", "properties": {"scaleSettings": {"maxNodeCount": 2}}}})
        e.arm("PUT", f"{P}/batchEndpoints/score-ep", endpoint_body())
        e.control("POST", "/_emulator/settle")
        e.arm("PUT", f"{P}/batchEndpoints/score-ep/deployments/blue",
              deployment_body("score-cc"))
        e.control("POST", "/_emulator/settle")
        e.arm("PUT", f"{P}/batchEndpoints/score-ep",
              endpoint_body(defaults={"deploymentName": "blue"}))
        e.control("POST", "/_emulator/settle")
        cls.uri = e.arm("GET", f"{P}/batchEndpoints/score-ep").json["properties"]["scoringUri"]

    def invoke(self, body, headers=None):
        h = {"Authorization": "Bearer " + self.emu.token(ML_SCOPE)}
        h.update(headers or {})
        return self.emu.raw("POST", self.uri, body, h)

    BODY = {"properties": {"inputData": {"heart": {"jobInputType": "UriFolder",
                                                   "uri": "https://example/data/"}}}}

    def test_unknown_input_type_refused(self):
        for inp, code in (({"jobInputType": "Table", "uri": "u"}, "InvalidFieldValue"),
                          ("u", "InvalidFieldValue"), ({"uri": "u"}, "RequiredFieldMissing")):
            r = self.invoke({"properties": {"inputData": {"x": inp}}})
            self.assertEqual(r.status, 400, (inp, r))
            self.assertEqual(r.json["error"]["details"][0]["code"], code, (inp, r))

    def test_invoke_creates_job(self):
        r = self.invoke(self.BODY)
        self.assertEqual(r.status, 200, r)
        name = r.json["name"]
        self.assertEqual(r.json["properties"]["status"], "NotStarted")
        job = self.emu.arm("GET", f"{P}/jobs/{name}")
        self.assertEqual(job.status, 200, job)
        p = job.json["properties"]
        self.assertEqual(p["status"], "NotStarted")
        self.assertEqual(p["properties"]["azureml.deploymentname"], "blue")
        self.assertEqual(p["inputs"]["heart"]["uri"], "https://example/data/")
        # ARM jobs spell input types in snake case, the data plane in PascalCase
        self.assertEqual(p["inputs"]["heart"]["jobInputType"], "uri_folder")
        self.assertEqual(r.json["properties"]["inputData"]["heart"]["jobInputType"], "UriFolder")
        # the test hook moves the job on; then cancel is a no-op
        s = self.emu.control("POST", f"/_emulator/jobs/{name}/status", {"status": "Completed"})
        self.assertEqual(s.status, 200, s)
        self.assertEqual(self.emu.arm("GET", f"{P}/jobs/{name}").json["properties"]["status"],
                         "Completed")
        # MFE list of the endpoint's jobs, as azure-ai-ml's list_jobs calls it
        mfe = self.emu.arm("GET", "/mferp/managementfrontend" + P +
                           "/batchEndpoints/score-ep/jobs", api="2020-09-01-dataplanepreview")
        self.assertEqual(mfe.status, 200, mfe)
        self.assertIn(name, [j["name"] for j in mfe.json["value"]])

    def test_named_deployment_and_job_name(self):
        r = self.invoke(dict(self.BODY, properties=dict(self.BODY["properties"],
                                                        name="my-named-job")),
                        {"azureml-model-deployment": "blue"})
        self.assertEqual((r.status, r.json["name"]), (200, "my-named-job"), r)
        again = self.invoke(dict(self.BODY, properties=dict(self.BODY["properties"],
                                                            name="my-named-job")))
        self.assertEqual(again.status, 409, again)
        missing = self.invoke(self.BODY, {"azureml-model-deployment": "nope"})
        self.assertEqual(missing.status, 404, missing)

    def test_repeatability(self):
        h = {"repeatability_request-id": "4d7f2c1e-0000-4000-8000-000000000001"}
        a = self.invoke(self.BODY, h)
        b = self.invoke(self.BODY, h)
        self.assertEqual(a.status, 200, a)
        self.assertEqual(a.json["name"], b.json["name"])

    def test_bad_invocations(self):
        self.assertEqual(self.invoke({"properties": {}}).status, 400)
        self.assertEqual(self.invoke("nope").status, 400)
        r = self.emu.raw("POST", self.uri.replace("score-ep", "nope-ep"), self.BODY,
                         {"Authorization": "Bearer " + self.emu.token(ML_SCOPE)})
        self.assertEqual(r.status, 404, r)


if __name__ == "__main__":
    main()
