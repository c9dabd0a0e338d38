"""Service-side validation: status codes and ARM error codes."""
import socket

from emu import (P, EmulatorTest, command_job, compute_body, deployment_body, endpoint_body,
                 main)


class Validation(EmulatorTest):
    def assertError(self, r, status, code, detail=None):
        self.assertEqual(r.status, status, r)
        self.assertEqual(r.error_code(), code, r)
        err = r.json["error"]
        self.assertIn("message", err)
        if detail:
            self.assertEqual(err["details"][0]["code"], detail, r)

    # api-version -----------------------------------------------------------
    def test_missing_api_version(self):
        self.assertError(self.emu.arm("GET", P, api=None), 400, "MissingApiVersionParameter")

    def test_malformed_api_version(self):
        self.assertError(self.emu.arm("GET", P, api="latest"), 400, "InvalidApiVersionParameter")

    def test_unknown_api_version(self):
        self.assertError(self.emu.arm("GET", P, api="2021-01-01"), 400,
                         "NoRegisteredProviderFound")

    def test_every_supported_api_version(self):
        for v in ("2022-05-01", "2022-10-01", "2022-10-01-preview", "2023-04-01", "2023-10-01",
                  "2024-04-01", "2024-10-01", "2025-04-01", "2025-06-01", "2025-09-01",
                  "2025-12-01", "2026-07-01"):
            self.assertEqual(self.emu.arm("GET", P, api=v).status, 200, v)

    # names -------------------------------------------------------------------
    def test_endpoint_names(self):
        for bad in ("ab", "a" * 33, "1abc", "abc-", "ab_c", "ab.c"):
            self.assertError(self.emu.arm("PUT", f"{P}/batchEndpoints/{bad}", endpoint_body()),
                             400, "InvalidResourceName")
        for good in ("abc", "a" * 32, "My-Endpoint-1"):
            r = self.emu.arm("PUT", f"{P}/batchEndpoints/{good}", endpoint_body())
            self.assertEqual(r.status, 201, (good, r))

    def test_compute_names(self):
        for bad in ("ab", "a" * 25, "1abc", "cluster-12", "a_b"):
            self.assertError(self.emu.arm("PUT", f"{P}/computes/{bad}", compute_body()), 400,
                             "InvalidResourceName")
        r = self.emu.arm("PUT", f"{P}/computes/cpu-cluster", compute_body())
        self.assertEqual(r.status, 201, r)

    # bodies ------------------------------------------------------------------
    def test_bad_json(self):
        self.assertError(self.emu.arm("PUT", f"{P}/batchEndpoints/badjson", "{not json"), 400,
                         "InvalidRequestContent")
        self.assertError(self.emu.arm("PUT", f"{P}/batchEndpoints/badjson", "[1]"), 400,
                         "InvalidRequestContent")
        self.assertError(self.emu.arm("PUT", f"{P}/batchEndpoints/badjson", ""), 400,
                         "InvalidRequestContent")

    def test_endpoint_required_fields(self):
        self.assertError(self.emu.arm("PUT", f"{P}/batchEndpoints/noloc",
                                      {"properties": {"authMode": "AADToken"}}),
                         400, "LocationRequired")
        self.assertError(self.emu.arm("PUT", f"{P}/batchEndpoints/noprops", {"location": "eastus"}),
                         400, "UserError", "RequiredFieldMissing")
        self.assertError(self.emu.arm("PUT", f"{P}/batchEndpoints/noauth",
                                      {"location": "eastus", "properties": {}}),
                         400, "UserError", "RequiredFieldMissing")
        r = self.emu.arm("PUT", f"{P}/batchEndpoints/badauth", endpoint_body(authMode="Magic"))
        self.assertError(r, 400, "UserError", "InvalidFieldValue")
        self.assertEqual(r.json["error"]["target"], "properties.authMode")
        r = self.emu.arm("PUT", f"{P}/batchEndpoints/nulltag",
                         dict(endpoint_body(), tags={"a": None}))
        self.assertError(r, 400, "UserError")

    def test_auth_mode_normalized(self):
        r = self.emu.arm("PUT", f"{P}/batchEndpoints/camel", endpoint_body(authMode="aadToken"))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["properties"]["authMode"], "AADToken")

    def test_compute_required_fields(self):
        url = f"{P}/computes/reqfields"
        self.assertError(self.emu.arm("PUT", url, {"location": "eastus"}), 400, "UserError",
                         "RequiredFieldMissing")
        self.assertError(self.emu.arm("PUT", url, {"properties": {}}), 400, "UserError",
                         "RequiredFieldMissing")
        self.assertError(self.emu.arm("PUT", url, {"properties": {"computeType": "AKS"}}), 400,
                         "UserError", "UnsupportedComputeType")
        body = compute_body()
        del body["properties"]["properties"]["scaleSettings"]["maxNodeCount"]
        r = self.emu.arm("PUT", url, body)
        self.assertError(r, 400, "UserError", "RequiredFieldMissing")
        self.assertEqual(r.json["error"]["target"],
                         "properties.properties.scaleSettings.maxNodeCount")
        self.assertError(self.emu.arm("PUT", url, compute_body(max_nodes=1, min_nodes=2)), 400,
                         "UserError", "MinNodeCountGreaterThanMax")
        self.assertError(self.emu.arm("PUT", url, compute_body(vm="Standard_Imaginary")), 400,
                         "UserError", "InvalidVmSize")
        body = compute_body()
        body["properties"]["properties"]["scaleSettings"]["nodeIdleTimeBeforeScaleDown"] = "2m"
        self.assertError(self.emu.arm("PUT", url, body), 400, "UserError", "InvalidFieldValue")

    def test_compute_secrets_not_returned(self):
        body = compute_body()
        body["properties"]["properties"]["userAccountCredentials"] = {
            "adminUserName": "azureuser", "adminUserPassword": "hunter2-secret"}
        r = self.emu.arm("PUT", f"{P}/computes/withcreds", body)
        self.assertEqual(r.status, 201, r)
        g = self.emu.arm("GET", f"{P}/computes/withcreds")
        self.assertNotIn("hunter2-secret", g.raw)
        self.assertEqual(g.json["properties"]["properties"]["userAccountCredentials"],
                         {"adminUserName": "azureuser"})

    def test_compute_delete_needs_action(self):
        self.create_compute("del-action")
        r = self.emu.arm("DELETE", f"{P}/computes/del-action")
        self.assertError(r, 400, "MissingRequiredQueryParameter")
        r = self.emu.arm("DELETE", f"{P}/computes/del-action",
                         query={"underlyingResourceAction": "Explode"})
        self.assertError(r, 400, "InvalidQueryParameterValue")

    def test_deployment_validation(self):
        self.create_endpoint("dep-val")
        self.create_compute("dep-val-cc")
        url = f"{P}/batchEndpoints/dep-val/deployments"
        self.assertError(self.emu.arm("PUT", f"{url}/dep1", {"location": "eastus",
                                                             "properties": {}}),
                         400, "UserError", "RequiredFieldMissing")
        self.assertError(self.emu.arm("PUT", f"{url}/dep1",
                                      deployment_body("dep-val-cc", outputAction="Everything")),
                         400, "UserError", "InvalidFieldValue")
        self.assertError(self.emu.arm("PUT", f"{url}/dep1",
                                      deployment_body("dep-val-cc", miniBatchSize=0)),
                         400, "UserError", "InvalidFieldValue")
        self.assertError(self.emu.arm("PUT", f"{url}/dep1",
                                      deployment_body("dep-val-cc",
                                                      retrySettings={"timeout": "30 seconds"})),
                         400, "UserError", "InvalidFieldValue")
        self.assertError(self.emu.arm("PUT", f"{url}/dep1",
                                      deployment_body("dep-val-cc",
                                                      codeConfiguration={"codeId": "x"})),
                         400, "UserError", "RequiredFieldMissing")
        missing_model = f"{P}/models/nomodel/versions/1"
        self.assertError(self.emu.arm("PUT", f"{url}/dep1", deployment_body(
            "dep-val-cc", model={"referenceType": "Id", "assetId": missing_model})),
            400, "UserError", "AssetNotFound")
        self.assertError(self.emu.arm("PUT", f"{url}/x_y", deployment_body("dep-val-cc")),
                         400, "InvalidResourceName")
        # defaults are filled in and enum spellings normalized
        r = self.emu.arm("PUT", f"{url}/dep1", deployment_body("dep-val-cc", loggingLevel="info",
                                                              outputAction="appendrow"))
        self.assertEqual(r.status, 201, r)
        p = r.json["properties"]
        self.assertEqual(p["loggingLevel"], "Info")
        self.assertEqual(p["outputAction"], "AppendRow")
        self.assertEqual(p["errorThreshold"], -1)
        self.assertEqual(p["miniBatchSize"], 10)
        self.assertEqual(p["outputFileName"], "predictions.csv")
        self.assertEqual(p["retrySettings"], {"maxRetries": 3, "timeout": "PT30S"})
        self.assertEqual(p["resources"]["instanceCount"], 1)

    def test_deployment_parent_missing(self):
        r = self.emu.arm("PUT", f"{P}/batchEndpoints/no-such-ep/deployments/dep1",
                         deployment_body("c"))
        self.assertError(r, 404, "ParentResourceNotFound")

    def test_not_found(self):
        self.assertError(self.emu.arm("GET", f"{P}/batchEndpoints/missing"), 404,
                         "ResourceNotFound")
        self.assertError(self.emu.arm("GET", f"{P}/computes/missing"), 404, "ResourceNotFound")
        self.assertError(self.emu.arm("GET", f"{P}/jobs/missing"), 404, "ResourceNotFound")
        self.assertError(self.emu.arm("GET", f"{P}/widgets"), 404, "InvalidResourceType")
        # deletes of missing resources are no-ops
        self.assertEqual(self.emu.arm("DELETE", f"{P}/batchEndpoints/missing").status, 204)

    def test_method_not_allowed(self):
        self.assertError(self.emu.arm("POST", f"{P}/batchEndpoints"), 405,
                         "HttpMethodNotSupported")

    def test_auto_workspace_and_bad_names(self):
        other = P.replace("aml-emulator-ws", "second-ws")
        r = self.emu.arm("GET", other)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["name"], "second-ws")
        bad = P.replace("aml-emulator-ws", "x")
        self.assertError(self.emu.arm("GET", bad), 404, "ResourceNotFound")

    def test_assets(self):
        self.assertError(self.emu.arm("PUT", f"{P}/models/m1/versions/1", {"properties": {}}),
                         400, "UserError", "RequiredFieldMissing")
        r = self.emu.arm("PUT", f"{P}/models/m1/versions/1",
                         {"properties": {"modelUri": "azureml://datastores/ds/paths/m"}})
        self.assertEqual(r.status, 201, r)
        r = self.emu.arm("PUT", f"{P}/models/m1/versions/1",
                         {"properties": {"modelUri": "azureml://datastores/ds/paths/m2"}})
        self.assertEqual(r.status, 200, r)
        c = self.emu.arm("GET", f"{P}/models/m1")
        self.assertEqual(c.json["properties"]["latestVersion"], "1")
        self.assertEqual(c.json["properties"]["nextVersion"], "2")
        self.assertError(self.emu.arm("PUT", f"{P}/environments/e1/versions/1",
                                      {"properties": {}}), 400, "UserError")
        r = self.emu.arm("PUT", f"{P}/environments/e1/versions/1",
                         {"properties": {"image": "mcr.microsoft.com/azureml/base:latest"}})
        self.assertEqual(r.status, 201, r)
        r = self.emu.arm("PUT", f"{P}/codes/c1/versions/1",
                         {"properties": {"codeUri": "azureml://datastores/ds/paths/src"}})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(self.emu.arm("GET", f"{P}/codes/c1/versions").json["value"][0]["name"],
                         "1")


class Updates(EmulatorTest):
    def test_compute_update_keeps_create_only_fields(self):
        body = compute_body(vm="STANDARD_DS2_V2")
        body["properties"]["properties"]["osType"] = "Windows"
        self.assertEqual(self.emu.arm("PUT", f"{P}/computes/keep-cc", body).status, 201)
        self.emu.control("POST", "/_emulator/settle")
        again = compute_body(max_nodes=3)
        del again["properties"]["properties"]["vmSize"]
        r = self.emu.arm("PUT", f"{P}/computes/keep-cc", again)
        self.assertEqual(r.status, 200, r)
        p = r.json["properties"]["properties"]
        self.assertEqual((p["vmSize"], p["osType"]), ("STANDARD_DS2_V2", "Windows"))
        self.assertEqual(p["scaleSettings"]["maxNodeCount"], 3)
        self.emu.control("POST", "/_emulator/settle")
        r = self.emu.arm("PUT", f"{P}/computes/keep-cc", compute_body(vm="STANDARD_DS3_V2"))
        self.assertEqual(r.status, 400, r)
        self.assertIn("vmSize", r.json["error"]["message"])

    def test_identities_filled(self):
        sys_id = {"type": "SystemAssigned"}
        r = self.emu.arm("PUT", f"{P}/batchEndpoints/ident-ep", endpoint_body() | {
            "identity": sys_id})
        self.assertEqual(r.status, 201, r)
        ident = r.json["identity"]
        self.assertEqual(ident["type"], "SystemAssigned")
        self.assertEqual(len(ident["principalId"]), 36)
        self.assertEqual(ident["tenantId"], "00000000-0000-0000-0000-0000000000aa")
        self.emu.control("POST", "/_emulator/settle")
        r = self.emu.arm("PUT", f"{P}/batchEndpoints/ident-ep", endpoint_body() | {
            "identity": sys_id})
        self.assertEqual(r.json["identity"]["principalId"], ident["principalId"])
        uai = "/subscriptions/x/resourceGroups/y/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u"
        body = compute_body()
        body["identity"] = {"type": "SystemAssigned,UserAssigned",
                            "userAssignedIdentities": {uai: {}}}
        r = self.emu.arm("PUT", f"{P}/computes/ident-cc", body)
        self.assertEqual(r.status, 201, r)
        u = r.json["identity"]["userAssignedIdentities"][uai]
        self.assertEqual((len(u["principalId"]), len(u["clientId"])), (36, 36))
        for bad in ({"type": "Foo"}, {"type": "UserAssigned"}, "SystemAssigned",
                    {"type": "SystemAssigned", "userAssignedIdentities": {uai: {}}}):
            r = self.emu.arm("PUT", f"{P}/computes/ident-bad", compute_body() | {"identity": bad})
            self.assertEqual(r.status, 400, (bad, r))
            r = self.emu.arm("PUT", f"{P}/batchEndpoints/ident-bad", endpoint_body() | {
                "identity": bad})
            self.assertEqual(r.status, 400, (bad, r))


class SpecRules(EmulatorTest):
    def test_types_enums_ranges_patterns(self):
        e = self.emu
        e.arm("PUT", f"{P}/computes/spec-cc", compute_body())
        e.arm("PUT", f"{P}/batchEndpoints/spec-ep", endpoint_body())
        e.control("POST", "/_emulator/settle")
        bad_computes = []
        for key, val in (("enableNodePublicIp", "yes"), ("isolatedNetwork", 1), ("subnet", {}),
                         ("subnet", "id")):
            b = compute_body()
            b["properties"]["properties"][key] = val
            bad_computes.append(b)
        for b in bad_computes:
            r = e.arm("PUT", f"{P}/computes/spec-bad", b)
            self.assertEqual(r.status, 400, (b, r))
        for sku in ({"name": "S1", "capacity": "1"}, {"name": "S1", "tier": "Gold"},
                    {"tier": "Standard"}, "S1"):
            r = e.arm("PUT", f"{P}/batchEndpoints/spec-bad", endpoint_body() | {"sku": sku})
            self.assertEqual(r.status, 400, (sku, r))
            r = e.arm("PUT", f"{P}/batchEndpoints/spec-ep/deployments/spec-d",
                      deployment_body("spec-cc") | {"sku": sku})
            self.assertEqual(r.status, 400, (sku, r))
        ok = e.arm("PUT", f"{P}/batchEndpoints/spec-ok", endpoint_body() | {
            "sku": {"name": "Default", "tier": "Standard", "capacity": 1}})
        self.assertEqual(ok.status, 201, ok)
        for props in ({"errorThreshold": 2147483648}, {"miniBatchSize": 0},
                      {"codeConfiguration": {"scoringScript": "..."}}):
            r = e.arm("PUT", f"{P}/batchEndpoints/spec-ep/deployments/spec-d",
                      deployment_body("spec-cc", **props))
            self.assertEqual(r.status, 400, (props, r))
        for job in ({"jobType": "Foo"},
                    {"jobType": "Command", "inputs": {"x": {"jobInputType": "table"}}},
                    {"jobType": "Command", "inputs": {"x": "uri"}}):
            r = e.arm("PUT", f"{P}/jobs/spec-job", {"properties": job})
            self.assertEqual(r.status, 400, (job, r))
        r = e.arm("PUT", f"{P}/jobs/spec-job", command_job(
            jobType="command", inputs={"x": {"jobInputType": "uri_folder", "uri": "u"}}))
        self.assertEqual(r.status, 201, r)


class Issue8Bodies(EmulatorTest):
    def test_locations_are_azure_regions(self):
        e = self.emu
        e.arm("PUT", f"{P}/computes/loc-cc", compute_body())
        e.control("POST", "/_emulator/settle")
        for loc in ("East US", "eastus", "EASTUS2", "West Europe", "westeurope"):
            r = e.arm("PUT", f"{P}/batchEndpoints/loc-ep", endpoint_body() | {"location": loc})
            self.assertIn(r.status, (200, 201), (loc, r))
        e.control("POST", "/_emulator/settle")
        for loc in ("moon", "east-us", "eastus9", " ", "eastus\u00e9"):
            r = e.arm("PUT", f"{P}/batchEndpoints/loc-bad", endpoint_body() | {"location": loc})
            self.assertEqual(r.status, 400, (loc, r))
            if loc.strip():
                self.assertEqual(r.error_code(), "LocationNotAvailableForResourceType", r)
            r = e.arm("PUT", f"{P}/batchEndpoints/loc-ep/deployments/loc-d",
                      deployment_body("loc-cc") | {"location": loc})
            self.assertEqual(r.status, 400, (loc, r))
            r = e.arm("PUT", f"{P}/computes/loc-bad", compute_body() | {"location": loc})
            self.assertEqual(r.status, 400, (loc, r))

    def test_vm_sizes_of_the_spec_examples_listed(self):
        # Every vmSize in the 2025-12-01 examples Compute/*.json and
        # VirtualMachineSize/list.json (azure-rest-api-specs).
        used = {"STANDARD_NC6", "Standard_DS1_v2", "Standard_DS2_v2", "Standard_DS3_v2",
                "Standard_DS4_v2", "Standard_DS5_v2", "Standard_DS11_v2", "Standard_DS12_v2",
                "Standard_DS13_v2", "Standard_DS14_v2"}
        r = self.emu.arm("GET", "/subscriptions/00000000-0000-0000-0000-000000000000/providers/"
                         "Microsoft.MachineLearningServices/locations/eastus/vmSizes")
        self.assertEqual(r.status, 200, r)
        listed = {v["name"].lower() for v in r.json["value"]}
        self.assertEqual({u for u in used if u.lower() not in listed}, set())
        r = self.emu.arm("PUT", f"{P}/computes/nc6-cc", compute_body(vm="STANDARD_NC6"))
        self.assertEqual(r.status, 201, r)

    def test_the_issues_invalid_bodies_refused(self):
        e = self.emu
        e.arm("PUT", f"{P}/computes/inv-cc", compute_body())
        e.arm("PUT", f"{P}/batchEndpoints/inv-ep", endpoint_body())
        e.control("POST", "/_emulator/settle")
        dep = f"{P}/batchEndpoints/inv-ep/deployments/inv-d"

        def compute(**props):
            b = compute_body()
            b["properties"]["properties"].update(props)
            return b

        cases = [
            ("computes/inv-bad", compute(enableNodePublicIp="yes")),
            ("computes/inv-bad", compute(subnet={})),
            ("batchEndpoints/inv-bad", endpoint_body() | {"sku": {"name": "S1", "capacity": "1"}}),
            ("batchEndpoints/inv-bad", endpoint_body() | {"sku": {"name": "S1", "tier": "Gold"}}),
            ("batchEndpoints/inv-ep/deployments/inv-d",
             deployment_body("inv-cc") | {"sku": {"name": "S1", "capacity": "1"}}),
            ("batchEndpoints/inv-ep/deployments/inv-d",
             deployment_body("inv-cc") | {"sku": {"name": "S1", "tier": "Gold"}}),
            ("batchEndpoints/inv-ep/deployments/inv-d",
             deployment_body("inv-cc") | {"identity": {"type": "Foo"}}),
            ("computes/inv-bad", compute_body() | {"identity": {"type": "Foo"}}),
            ("batchEndpoints/inv-ep/deployments/inv-d", deployment_body(
                "inv-cc", deploymentConfiguration={"deploymentConfigurationType": "Foo"})),
            ("batchEndpoints/inv-ep/deployments/inv-d", deployment_body(
                "inv-cc", errorThreshold=2147483648)),
            ("batchEndpoints/inv-ep/deployments/inv-d", deployment_body(
                "inv-cc", codeConfiguration={"scoringScript": "   "})),
            ("batchEndpoints/inv-bad", endpoint_body() | {"location": "atlantis"}),
            ("computes/inv-bad", compute_body() | {"location": "atlantis"}),
            ("batchEndpoints/inv-ep/deployments/inv-d",
             deployment_body("inv-cc") | {"location": "atlantis"}),
            ("jobs/inv-job", {"properties": {"jobType": "Foo"}}),
            ("jobs/inv-job", {"properties": {"jobType": "Command", "inputs": {
                "x": {"jobInputType": "Foo", "uri": "u"}}}}),
        ]
        for path, body in cases:
            r = e.arm("PUT", f"{P}/{path}", body)
            self.assertEqual(r.status, 400, (path, body, r))
        r = e.arm("GET", dep)
        self.assertEqual(r.status, 404, r)
        ok = e.arm("PUT", dep, deployment_body("inv-cc", deploymentConfiguration={
            "deploymentConfigurationType": "Model"}))
        self.assertEqual(ok.status, 201, ok)


class Framing(EmulatorTest):
    def test_content_length_with_transfer_encoding_refused(self):
        port = int(self.emu.base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(b"POST /_emulator/settle HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                      b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            answer = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                answer += chunk
        self.assertTrue(answer.startswith(b"HTTP/1.1 400"), answer)
        self.assertEqual(answer.count(b"HTTP/1.1"), 1, answer)  # closed: nothing smuggled
        self.assertEqual(self.emu.control("GET", "/_emulator/config").status, 200)

    def test_job_names(self):
        body = command_job()
        ok = self.emu.arm("PUT", f"{P}/jobs/a", body)
        self.assertIn(ok.status, (200, 201), ok)
        for bad in ("a%00b", "a%0Ab", "..", "a.b", "x" * 256, "sp%20ace"):
            r = self.emu.arm("PUT", f"{P}/jobs/{bad}", body)
            self.assertEqual(r.status, 400, (bad, r))
        self.assertEqual(self.emu.arm("PUT", f"{P}/jobs/{'x' * 255}", body).status, 201)
        # job "a" was not overwritten by "a%00b"
        self.assertEqual(self.emu.arm("GET", f"{P}/jobs/a").json["properties"]["jobType"],
                         "Command")


if __name__ == "__main__":
    main()
