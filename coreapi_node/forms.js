// The rest of Luzmo's user scripts (issue 13) through the official Node.js SDK, unmodified:
// user update (role, email) and delete, every find form (search, jointype, a wrapped find,
// include on securables), unknown create properties refused, plugin properties, and a
// resource orgsite doesn't build.
//
//   ORGSITE_URL=… OWNER_KEY=… OWNER_TOKEN=… MEMBER_ID=… VIEWER_ID=… SECURABLE_ID=… node forms.js
//
// Prints one JSON report on stdout (for orgsite/tests/test_coreapi_node.py) and exits
// with 1 at the first unexpected answer.

"use strict";

const assert = require("node:assert/strict");
const Luzmo = require("@luzmo/nodejs-sdk");

const base = new URL(process.env.ORGSITE_URL || "http://localhost:8000");
const host = `${base.protocol}//${base.hostname}`;
const port = base.port || (base.protocol === "https:" ? "443" : "80");

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
  const owner = new Luzmo({
    api_key: process.env.OWNER_KEY,
    api_token: process.env.OWNER_TOKEN,
    host,
    port,
  });
  const memberId = process.env.MEMBER_ID;
  const viewerId = process.env.VIEWER_ID;
  const securableId = process.env.SECURABLE_ID;

  // User lifecycle.
  await owner.update("user", viewerId, { role: "member" });
  const renamed = await owner.update("user", memberId, { email: "renamed@node.test" });
  assert.equal(renamed.email, "renamed@node.test");
  const taken = await refusal(owner.update("user", memberId, { email: "owner@node.test" }));
  assert.equal(taken.type.code, 400);
  assert.ok(Array.isArray(taken.validation.email));
  assert.deepEqual(await owner.delete("user", viewerId), { code: 200 });
  step("PATCH and DELETE user");

  // find forms.
  const searched = await owner.get("user", { search: { keyphrase: "renamed" } });
  assert.deepEqual(
    searched.rows.map((row) => row.email),
    ["renamed@node.test"]
  );
  const wrapped = await owner.get("user", { find: { where: { id: memberId } } });
  assert.equal(wrapped.count, 1);
  const inner = await owner.get("organization", {
    include: [{ model: "User", where: { email: "nobody@node.test" }, jointype: "inner" }],
  });
  assert.equal(inner.count, 0);
  const shares = await owner.get("securable", {
    where: { id: securableId },
    include: [{ model: "User" }, { model: "Group" }],
  });
  const [share] = shares.rows[0].users;
  assert.equal(share.id, memberId);
  assert.equal(share.userAccessRight.flagUse, true);
  assert.equal(share.userAccessRight.flagModify, false);
  report.shares = shares.rows[0];
  step("SEARCH with search, a wrapped find, jointype and securable includes");

  const unknown = await refusal(owner.create("group", { name: "Analysts", color: "red" }));
  assert.equal(unknown.type.code, 400);
  assert.ok(Array.isArray(unknown.validation.color));
  const plugin = await owner.create("plugin", {
    slug: "nodewarehouse",
    name: { en: "Warehouse" },
    base_url: "https://warehouse.example.com/api",
    tiles: true,
    protocol_version: "3.0.0",
    supports_like: true,
  });
  assert.equal(plugin.tiles, true);
  assert.equal(plugin.protocol_version, "3.0.0");
  assert.equal(plugin.pushdown, false);
  assert.equal(plugin.reviewed, false);
  const group = await owner.create("group", { name: { en: "Analysts", nl: "Analisten" } });
  assert.deepEqual(group.name, { en: "Analysts", nl: "Analisten" });
  step("unknown properties refused, plugin properties and group names answered");

  const data = await refusal(owner.get("data", {}));
  assert.equal(data.type.code, 400);
  report.data = data;
  step("data refused with its reason");

  process.stdout.write(JSON.stringify(report));
}

main().catch((error) => {
  process.stderr.write(
    `Forms scenario failed: ${error && error.stack ? error.stack : JSON.stringify(error)}\n`
  );
  process.exit(1);
});
