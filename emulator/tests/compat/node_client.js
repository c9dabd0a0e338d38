// Runs with @azure/identity and @azure/arm-machinelearning@2.1.1 on the module
// path: signs in against the emulator as authority host and drives batch
// endpoints, deployments and an AmlCompute cluster through the official
// JavaScript client. Environment: what aml-emulator prints (+ NODE_EXTRA_CA_CERTS).
"use strict";
const assert = require("assert");
const { ClientSecretCredential } = require("@azure/identity");
const { AzureMachineLearningWorkspaces } = require("@azure/arm-machinelearning");

const env = process.env;
const rg = env.AZURE_RESOURCE_GROUP;
const ws = env.AZUREML_WORKSPACE;
const poll = { updateIntervalInMs: 100 };

async function main() {
  const cred = new ClientSecretCredential(env.AZURE_TENANT_ID, env.AZURE_CLIENT_ID,
    env.AZURE_CLIENT_SECRET, {
      authorityHost: env.AZURE_AUTHORITY_HOST,
      // Otherwise MSAL asks login.microsoftonline.com about the authority host.
      disableInstanceDiscovery: true,
    });
  const tok = await cred.getToken("https://management.azure.com/.default");
  assert.strictEqual(tok.token.split(".").length, 3);
  console.log("token ok");

  // Without explicit scopes the client would ask for "<endpoint>/.default".
  const client = new AzureMachineLearningWorkspaces(cred, env.AZURE_SUBSCRIPTION_ID, {
    endpoint: env.AZURE_RESOURCE_MANAGER_URL,
    credentialScopes: ["https://management.azure.com/.default"],
  });
  const w = await client.workspaces.get(rg, ws);
  console.log("workspace", w.name, w.location);

  const c = await client.computeOperations.beginCreateOrUpdateAndWait(rg, ws, "node-cluster", {
    location: w.location,
    properties: {
      computeType: "AmlCompute",
      properties: { vmSize: "STANDARD_DS3_V2", scaleSettings: { maxNodeCount: 3, minNodeCount: 2 } },
    },
  }, poll);
  console.log("compute", c.name, c.properties.provisioningState);
  assert.strictEqual(c.properties.provisioningState, "Succeeded");
  const nodes = [];
  for await (const n of client.computeOperations.listNodes(rg, ws, "node-cluster")) nodes.push(n);
  assert.strictEqual(nodes.length, 2);
  // The 2.1.1 model flattens ClusterUpdateParameters: `properties` here is
  // serialized as properties.properties on the wire.
  const resized = await client.computeOperations.beginUpdateAndWait(rg, ws, "node-cluster", {
    properties: { scaleSettings: { maxNodeCount: 3, minNodeCount: 1 } },
  }, poll);
  console.log("resized", resized.properties.properties.currentNodeCount);

  const ep = await client.batchEndpoints.beginCreateOrUpdateAndWait(rg, ws, "node-ep", {
    location: w.location, properties: { authMode: "AADToken", description: "from JS" },
  }, poll);
  assert.strictEqual(ep.properties.provisioningState, "Succeeded");
  const patched = await client.batchEndpoints.beginUpdateAndWait(rg, ws, "node-ep",
    { tags: { via: "js" } }, poll);
  assert.deepStrictEqual(patched.tags, { via: "js" });
  const keys = await client.batchEndpoints.listKeys(rg, ws, "node-ep");
  assert.ok(keys.primaryKey);

  const dep = await client.batchDeployments.beginCreateOrUpdateAndWait(rg, ws, "node-ep", "blue", {
    location: w.location,
    properties: { compute: c.id, miniBatchSize: 3, outputAction: "AppendRow",
                  retrySettings: { maxRetries: 2, timeout: "PT1M" } },
  }, poll);
  assert.strictEqual(dep.properties.provisioningState, "Succeeded");
  const names = [];
  for await (const e of client.batchEndpoints.list(rg, ws)) names.push(e.name);
  assert.ok(names.includes("node-ep"));

  await client.batchEndpoints.beginDeleteAndWait(rg, ws, "node-ep", poll);
  await client.computeOperations.beginDeleteAndWait(rg, ws, "node-cluster", "Delete", poll);
  let gone = false;
  try { await client.batchEndpoints.get(rg, ws, "node-ep"); } catch (e) { gone = e.statusCode === 404; }
  assert.ok(gone, "endpoint still there after delete");
  console.log("node compat: all steps passed");
}

main().catch((e) => { console.error(e); process.exit(1); });
