// Luzmo's embed guide, run unmodified with the official Node.js SDK against orgsite: a
// customer's server, holding an organization owner's key/token, asks for embed tokens for
// one of its end users; the browser's pair reads the granted dashboard and nothing else.
//
//   ORGSITE_URL=… OWNER_KEY=… OWNER_TOKEN=… DASHBOARD_ID=… OTHER_DASHBOARD_ID=… node embed.js
//
// Prints one JSON report on stdout (for orgsite/tests/test_coreapi_node.py) and exits
// with 1 at the first unexpected answer.

"use strict";

const assert = require("node:assert/strict");
const Luzmo = require("@luzmo/nodejs-sdk");

const base = new URL(process.env.ORGSITE_URL || "http://localhost:8000");
const host = `${base.protocol}//${base.hostname}`;
const port = base.port || (base.protocol === "https:" ? "443" : "80");

function client(key, token) {
  return new Luzmo({ api_key: key, api_token: token, host, port });
}

async function refusal(promise) {
  try {
    await promise;
  } catch (error) {
    assert.equal(typeof error.message, "string");
    return error;
  }
  throw new Error("expected a refusal, got an answer");
}

async function main() {
  const report = { steps: [] };
  const step = (name) => report.steps.push(name);
  const server = client(process.env.OWNER_KEY, process.env.OWNER_TOKEN);
  const dashboardId = process.env.DASHBOARD_ID;

  // The guide's request, as it is written there (collections left empty).
  const embedRequest = {
    type: "embed",
    username: "node-user-1",
    name: "Nora Node",
    email: "nora@customer.test",
    suborganization: "Node Customer",
    role: "viewer",
    access: {
      collections: [],
      datasets: [],
      dashboards: [{ id: dashboardId, rights: "use" }],
    },
    expiry: "24 hours",
    inactivity_interval: "10 minutes",
    metadata: { client_id: 1234 },
  };
  const authorization = await server.create("authorization", embedRequest);
  assert.equal(authorization.type, "embed");
  assert.ok(authorization.id && authorization.token && authorization.user_id);
  report.first = authorization;
  step("POST embed authorization");

  const browser = client(authorization.id, authorization.token);
  const seen = await browser.get("securable", {});
  assert.deepEqual(
    seen.rows.map((row) => row.id),
    [dashboardId]
  );
  const other = await browser.get("securable", {
    where: { id: process.env.OTHER_DASHBOARD_ID },
  });
  assert.equal(other.count, 0);
  report.seen = seen;
  step("SEARCH securable with the embed pair");

  for (const resource of ["user", "organization", "plugin"]) {
    const refused = await refusal(browser.get(resource, {}));
    assert.equal(refused.type.code, 401);
  }
  const refusedUpdate = await refusal(browser.update("securable", dashboardId, { name: "x" }));
  assert.equal(refusedUpdate.type.code, 401);
  step("nothing else");

  const again = await server.create("authorization", { ...embedRequest, name: "Nora N." });
  assert.equal(again.user_id, authorization.user_id);
  assert.equal(again.name, "Nora N.");
  report.second = again;
  step("second POST reuses the end user");

  const collections = await refusal(
    server.create("authorization", {
      ...embedRequest,
      access: { collections: [{ id: dashboardId, inheritRights: "use" }] },
    })
  );
  assert.equal(collections.type.code, 400);
  assert.ok(Array.isArray(collections.validation["access.collections"]));
  report.collections = collections;
  step("collections refused");

  assert.deepEqual(await server.delete("authorization", authorization.id), { code: 200 });
  const revoked = await refusal(browser.get("securable", {}));
  assert.equal(revoked.type.code, 401);
  const stillWorks = await client(again.id, again.token).get("securable", {});
  assert.equal(stillWorks.count, 1);
  step("DELETE revokes the pair");

  process.stdout.write(JSON.stringify(report));
}

main().catch((error) => {
  process.stderr.write(
    `Embed scenario failed: ${error && error.stack ? error.stack : JSON.stringify(error)}\n`
  );
  process.exit(1);
});
