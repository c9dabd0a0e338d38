"""Long-running operations as ARM runs them (ARM-API.md §6), with a real
provisioning delay so the intermediate states are observable."""
import time

from emu import (P, SUB, EmulatorTest, command_job, compute_body, deployment_body, endpoint_body,
                 main)

DELAY_MS = 400


class Lro(EmulatorTest):
    ARGS = ("--provisioning-delay-ms", str(DELAY_MS), "--retry-after-s", "1")

    def test_endpoint_put_patch_delete(self):
        e = self.emu
        url = f"{P}/batchEndpoints/lro-ep"
        r = e.arm("PUT", url, endpoint_body(description="first"))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["properties"]["provisioningState"], "Creating")
        aao = r.header("Azure-AsyncOperation")
        self.assertTrue(aao.startswith(e.base + f"/subscriptions/{SUB}/providers/"), aao)
        self.assertIn("api-version=", aao)
        self.assertEqual(r.header("Retry-After"), "1")
        self.assertIsNone(r.header("Location"))
        self.assertEqual(e.arm("GET", url).json["properties"]["provisioningState"], "Creating")
        st = e.arm("GET", aao)
        self.assertEqual(st.status, 200)
        self.assertEqual(st.json["status"], "InProgress")
        self.assertIn("startTime", st.json)
        self.assertLess(st.json["percentComplete"], 100)
        # a deployment cannot be created while its endpoint is being created
        r2 = e.arm("PUT", f"{url}/deployments/early", deployment_body("nowhere"))
        self.assertEqual(r2.status, 409, r2)
        self.assertEqual(r2.error_code(), "Conflict")
        done = e.wait_op(aao)
        self.assertEqual(done["status"], "Succeeded")
        self.assertIn("endTime", done)
        self.assertEqual(done["percentComplete"], 100)
        g = e.arm("GET", url)
        self.assertEqual(g.json["properties"]["provisioningState"], "Succeeded")
        self.assertTrue(g.json["properties"]["scoringUri"].startswith(e.base + "/"))

        # PUT on an existing resource: 200 + Updating
        r = e.arm("PUT", url, endpoint_body(description="second"))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["properties"]["provisioningState"], "Updating")
        self.assertEqual(e.wait_op(r.header("Azure-AsyncOperation"))["status"], "Succeeded")
        self.assertEqual(e.arm("GET", url).json["properties"]["description"], "second")

        # PATCH: 202 + Location, 202 while running, then the resource
        r = e.arm("PATCH", url, {"tags": {"team": "ml"}})
        self.assertEqual(r.status, 202, r)
        self.assertEqual(r.raw, "")
        loc = r.header("Location")
        self.assertIn("/mfeOperationResults/", loc)
        self.assertEqual(r.header("Retry-After"), "1")
        self.assertEqual(r.header("x-ms-async-operation-timeout"), "PT1H")
        first = e.arm("GET", loc)
        self.assertEqual(first.status, 202)
        self.assertEqual(first.header("Location"), loc)
        final = e.wait_location(loc)
        self.assertEqual(final.status, 200, final)
        self.assertEqual(final.json["tags"], {"team": "ml"})
        self.assertEqual(final.json["properties"]["provisioningState"], "Succeeded")

        # DELETE: 202 + Location; Deleting; then gone
        r = e.arm("DELETE", url)
        self.assertEqual(r.status, 202, r)
        loc = r.header("Location")
        self.assertEqual(e.arm("GET", url).json["properties"]["provisioningState"], "Deleting")
        again = e.arm("DELETE", url)  # a retried DELETE joins the running one
        self.assertEqual(again.status, 202)
        self.assertEqual(again.header("Location"), loc)
        self.assertEqual(e.wait_location(loc).status, 200)
        self.assertEqual(e.arm("GET", url).status, 404)
        self.assertEqual(e.arm("DELETE", url).status, 204)

    def test_deployment_conflicts_and_missing_compute(self):
        e = self.emu
        ep = f"{P}/batchEndpoints/lro-dep-ep"
        self.create_endpoint("lro-dep-ep")
        r = e.arm("PUT", f"{ep}/deployments/blue", deployment_body("no-such-cluster"))
        self.assertEqual(r.status, 201, r)
        # the endpoint cannot be deleted while a deployment is being created
        d = e.arm("DELETE", ep)
        self.assertEqual(d.status, 409, d)
        st = e.wait_op(r.header("Azure-AsyncOperation"))
        self.assertEqual(st["status"], "Failed")
        self.assertEqual(st["error"]["code"], "UserError")
        self.assertEqual(st["error"]["details"][0]["code"], "ComputeNotFound")
        g = e.arm("GET", f"{ep}/deployments/blue")
        self.assertEqual(g.json["properties"]["provisioningState"], "Failed")
        # with the cluster present the deployment provisions
        self.create_compute("lro-cluster")
        r = e.arm("PUT", f"{ep}/deployments/green", deployment_body("lro-cluster"))
        self.assertEqual(e.wait_op(r.header("Azure-AsyncOperation"))["status"], "Succeeded")
        # deleting the endpoint takes its deployments with it
        d = e.arm("DELETE", ep)
        self.assertEqual(d.status, 202, d)
        self.assertEqual(e.wait_location(d.header("Location")).status, 200)
        self.assertEqual(e.arm("GET", f"{ep}/deployments/green").status, 404)

    def test_compute_lifecycle(self):
        e = self.emu
        url = f"{P}/computes/lro-cc"
        r = e.arm("PUT", url, compute_body(max_nodes=4, min_nodes=2))
        self.assertEqual(r.status, 201, r)
        self.assertIsNotNone(r.header("Azure-AsyncOperation"))
        self.assertIn("/computeOperationsStatus/", r.header("Azure-AsyncOperation"))
        self.assertIsNone(r.header("Location"))
        p = r.json["properties"]
        self.assertEqual(p["provisioningState"], "Creating")
        self.assertEqual(p["properties"]["allocationState"], "Resizing")
        self.assertEqual(p["properties"]["currentNodeCount"], 0)
        self.assertEqual(p["properties"]["targetNodeCount"], 2)
        self.assertEqual(e.wait_op(r.header("Azure-AsyncOperation"))["status"], "Succeeded")
        p = e.arm("GET", url).json["properties"]
        self.assertEqual(p["provisioningState"], "Succeeded")
        self.assertEqual(p["properties"]["allocationState"], "Steady")
        self.assertEqual(p["properties"]["currentNodeCount"], 2)
        self.assertEqual(p["properties"]["nodeStateCounts"]["idleNodeCount"], 2)
        nodes = e.arm("POST", f"{url}/listNodes")
        self.assertEqual(len(nodes.json["nodes"]), 2)
        self.assertEqual(nodes.json["nodes"][0]["nodeState"], "idle")
        usages = e.arm("GET", f"/subscriptions/{SUB}/providers/"
                              "Microsoft.MachineLearningServices/locations/eastus/usages")
        cores = [u for u in usages.json["value"] if u["name"]["value"] == "Cores"][0]
        self.assertGreaterEqual(cores["currentValue"], 8)  # 2 x Standard_DS3_v2 (4 vCPUs)
        sizes = e.arm("GET", f"/subscriptions/{SUB}/providers/"
                             "Microsoft.MachineLearningServices/locations/eastus/vmSizes")
        self.assertIn("Standard_DS3_v2", [s["name"] for s in sizes.json["value"]])

        # resize: PATCH answers 200 + Azure-AsyncOperation (+ Location)
        r = e.arm("PATCH", url, {"properties": {"properties": {"scaleSettings": {
            "maxNodeCount": 4, "minNodeCount": 1}}}})
        self.assertEqual(r.status, 200, r)
        self.assertIsNotNone(r.header("Azure-AsyncOperation"))
        self.assertIsNotNone(r.header("Location"))
        self.assertEqual(r.json["properties"]["properties"]["allocationState"], "Resizing")
        self.assertEqual(r.json["properties"]["properties"]["nodeStateCounts"]["leavingNodeCount"],
                         1)
        self.assertEqual(e.wait_op(r.header("Azure-AsyncOperation"))["status"], "Succeeded")
        p = e.arm("GET", url).json["properties"]["properties"]
        self.assertEqual((p["allocationState"], p["currentNodeCount"]), ("Steady", 1))
        bad = e.arm("PATCH", url, {"properties": {"properties": {"scaleSettings": {
            "maxNodeCount": 1, "minNodeCount": 3}}}})
        self.assertEqual(bad.status, 400)

        # delete: 202 with both headers
        r = e.arm("DELETE", url, query={"underlyingResourceAction": "Delete"})
        self.assertEqual(r.status, 202, r)
        self.assertIsNotNone(r.header("Azure-AsyncOperation"))
        self.assertIsNotNone(r.header("Location"))
        self.assertEqual(e.wait_op(r.header("Azure-AsyncOperation"))["status"], "Succeeded")
        self.assertEqual(e.arm("GET", url).status, 404)

    def test_job_cancel_and_delete(self):
        e = self.emu
        url = f"{P}/jobs/lro-job-1"
        r = e.arm("PUT", url, command_job())
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["properties"]["status"], "NotStarted")
        c = e.arm("POST", f"{url}/cancel")
        self.assertEqual(c.status, 202, c)
        self.assertEqual(e.arm("GET", url).json["properties"]["status"], "CancelRequested")
        self.assertEqual(e.wait_location(c.header("Location")).status, 200)
        self.assertEqual(e.arm("GET", url).json["properties"]["status"], "Canceled")
        self.assertEqual(e.arm("POST", f"{url}/cancel").status, 200)  # already terminal
        d = e.arm("DELETE", url)
        self.assertEqual(d.status, 202, d)
        self.assertEqual(e.wait_location(d.header("Location")).status, 200)
        self.assertEqual(e.arm("GET", url).status, 404)
        self.assertEqual(e.arm("POST", f"{url}/cancel").status, 404)

    def test_unknown_operation(self):
        r = self.emu.arm("GET", f"/subscriptions/{SUB}/providers/Microsoft.MachineLearningServices"
                                "/locations/eastus/mfeOperationsStatus/nope")
        self.assertEqual(r.status, 404, r)

    def test_settle_control(self):
        e = self.emu
        r = e.arm("PUT", f"{P}/batchEndpoints/settle-ep", endpoint_body())
        self.assertEqual(e.control("POST", "/_emulator/settle").status, 204)
        self.assertEqual(e.arm("GET", r.header("Azure-AsyncOperation")).json["status"],
                         "Succeeded")


if __name__ == "__main__":
    main()
