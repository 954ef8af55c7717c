// Bootstraps an organization from nothing through orgsite's Core API with Luzmo's official
// Node.js SDK (@luzmo/nodejs-sdk, unmodified), as a Luzmo script would, changing only the host.
//
//   ORGSITE_URL=http://localhost:8000 node scenario.js
//
// The SDK sends get as SEARCH, create as POST, update as PATCH, delete as DELETE,
// associate as LINK and dissociate as UNLINK, with the credentials in the body. Every step is
// checked here; the script prints one JSON report on stdout (for the pytest test that drives
// it, orgsite/tests/test_coreapi_node.py) and exits with 1 at the first unexpected answer.

"use strict";

const assert = require("node:assert/strict");
const Luzmo = require("@luzmo/nodejs-sdk");

const base = new URL(process.env.ORGSITE_URL || "http://localhost:8000");
const host = `${base.protocol}//${base.hostname}`;
const port = base.port || (base.protocol === "https:" ? "443" : "80");

function client(key, token) {
  return new Luzmo({ api_key: key, api_token: token, host, port });
}

// The SDK rejects with the parsed error body: {type: {code, description}, message, validation}.
async function refusal(promise) {
  try {
    await promise;
  } catch (error) {
    assert.equal(typeof error.message, "string");
    assert.equal(typeof error.type.code, "number");
    return error;
  }
  throw new Error("expected a refusal, got an answer");
}

async function main() {
  const report = { steps: [] };
  const step = (name) => report.steps.push(name);

  // 1. Empty credentials: the new user gets a new organization, which they own.
  const anonymous = client("", "");
  const founder = await anonymous.create("user", {
    email: "founder@node.test",
    name: "Fay Founder",
    password: "a long enough password 9",
    locale_id: "en",
  });
  assert.ok(founder.id);
  assert.ok(founder.authorization.id && founder.authorization.token);
  report.founder = { id: founder.id, email: founder.email };
  step("create user without credentials");

  const owner = client(founder.authorization.id, founder.authorization.token);
  const organizations = await owner.get("organization", { include: [{ model: "User" }] });
  assert.equal(organizations.count, 1);
  const organizationId = organizations.rows[0].id;
  assert.equal(organizations.rows[0].users[0].organizationRole.flagOwn, true);
  report.organizationId = organizationId;
  step("SEARCH organization with users");

  // 2. The organization's name, language, country and logo.
  const renamed = await owner.update("organization", organizationId, {
    name: { en: "Your organization", nl: "Jouw organisatie", fr: "Ton association" },
  });
  assert.equal(renamed.name.nl, "Jouw organisatie");
  step("PATCH organization");
  await owner.associate("organization", organizationId, { role: "Locales", id: "nl" });
  await owner.associate("organization", organizationId, { role: "Countries", id: "BE" });
  const logo = await owner.create("thumbnail", { data: process.env.LOGO_BASE64 });
  assert.ok(logo.url);
  await owner.associate("organization", organizationId, { role: "Thumbnails", id: logo.id });
  step("LINK locale, country and logo");

  // 3. Members, created with the owner's pair: they join the organization.
  const created = {};
  for (const [email, name] of [
    ["amy@node.test", "Amy Evans"],
    ["david@node.test", "David Contorence"],
    ["julia@node.test", "Julia Robinson"],
  ]) {
    created[email] = await owner.create("user", { email, name, role: "member" });
  }
  const amy = created["amy@node.test"];
  const david = created["david@node.test"];
  const julia = created["julia@node.test"];
  step("POST users with the owner's pair");

  const invalid = await refusal(owner.create("user", { email: "not an e-mail" }));
  assert.equal(invalid.type.code, 400);
  assert.equal(invalid.type.description, "Bad Request");
  assert.ok(Array.isArray(invalid.validation.email));
  report.invalidEmail = invalid;
  step("invalid e-mail refused");

  // 4. Roles through the association's flags, and removing a member.
  await owner.associate(
    "organization",
    organizationId,
    { role: "Users", id: david.id },
    { flagAdmin: true }
  );
  await owner.dissociate("organization", organizationId, { role: "Users", id: julia.id });
  const members = await owner.get("user", { attributes: ["email"], order: [["email", "asc"]] });
  assert.deepEqual(
    members.rows.map((row) => row.email),
    ["amy@node.test", "david@node.test", "founder@node.test"]
  );
  step("LINK role flags, UNLINK member");

  // 5. Groups: the Free plan has one team, My Team, which every created user joined.
  const refusedGroup = await refusal(owner.create("group", { name: { en: "Analysts" } }));
  assert.equal(refusedGroup.type.code, 400);
  const groups = await owner.get("group", {
    include: [{ model: "User", attributes: ["email"] }],
  });
  assert.equal(groups.count, 1);
  const group = groups.rows[0];
  assert.deepEqual(
    group.users.map((user) => user.email),
    ["amy@node.test", "david@node.test", "founder@node.test"]
  );
  await owner.associate("group", group.id, { role: "Users", id: amy.id }, { flagOwn: true });
  const amyInGroup = await owner.get("user", {
    where: { id: amy.id },
    include: [{ model: "Group" }],
  });
  assert.equal(amyInGroup.rows[0].groups[0].groupRole.flagOwn, true);
  report.groupId = group.id;
  step("SEARCH groups, LINK team admin");

  // 6. A securable made by a member, shared with a user and with the group.
  const asAmy = client(amy.authorization.id, amy.authorization.token);
  // Created with associations: the SDK links each one right after the create, all at
  // once. The test database shares one SQLite connection between the server's threads,
  // which can't serve concurrent writes, so there the group is linked by the next call only.
  const associations = [{ role: "Users", id: david.id }];
  if (process.env.PARALLEL_ASSOCIATIONS === "1") {
    associations.push({ role: "Groups", id: group.id });
  }
  const dashboard = await asAmy.create(
    "securable",
    { type: "dashboard", name: { en: "Sales" }, contents: { version: 1 } },
    associations
  );
  await asAmy.associate(
    "securable",
    dashboard.id,
    { role: "Groups", id: group.id },
    { flagRead: true, flagUse: true }
  );
  const asDavid = client(david.authorization.id, david.authorization.token);
  const seenByDavid = await asDavid.get("securable", { where: { id: dashboard.id } });
  assert.equal(seenByDavid.count, 1);
  assert.equal(seenByDavid.rows[0].access.flagRead, true);
  report.securableId = dashboard.id;
  step("POST securable with associations, LINK group flags");

  // 7. A plugin, made available to the organization by a member.
  const plugin = await asAmy.create("plugin", {
    slug: "nodeplugin",
    name: { en: "Node plugin" },
    base_url: "https://plugin.example.com/api",
    authorize: "none",
  });
  assert.ok(plugin.id && plugin.secret);
  await asAmy.associate("plugin", plugin.id, { role: "Organizations", id: organizationId });
  const pluginsOfDavid = await asDavid.get("plugin", {});
  assert.equal(pluginsOfDavid.count, 1);
  assert.equal(pluginsOfDavid.rows[0].secret, null);
  await asAmy.dissociate("plugin", plugin.id, { role: "Organizations", id: organizationId });
  assert.equal((await asDavid.get("plugin", {})).count, 0);
  await asAmy.associate("plugin", plugin.id, { role: "Organizations", id: organizationId });
  report.pluginId = plugin.id;
  step("POST plugin, LINK and UNLINK organization");

  // 8. Another organization is out of reach; a wrong token is refused.
  const stranger = await anonymous.create("user", { email: "stranger@node.test" });
  const asStranger = client(stranger.authorization.id, stranger.authorization.token);
  const foreign = await refusal(
    asStranger.update("organization", organizationId, { name: { en: "Mine" } })
  );
  assert.equal(foreign.type.code, 404);
  assert.equal((await asStranger.get("user", { where: { id: amy.id } })).count, 0);
  const wrong = await refusal(client(founder.authorization.id, "wrong").get("organization", {}));
  assert.equal(wrong.type.code, 401);
  step("isolation and wrong token");

  // 9. The owner hands the organization over to David through flagOwn.
  await owner.associate(
    "user",
    david.id,
    { role: "Organizations", id: organizationId },
    { flagOwn: true }
  );
  const final = await owner.get("organization", {
    include: [{ model: "User" }],
  });
  const roles = Object.fromEntries(
    final.rows[0].users.map((user) => [user.email, user.organizationRole])
  );
  assert.equal(roles["david@node.test"].flagOwn, true);
  assert.equal(roles["founder@node.test"].flagOwn, false);
  assert.equal(roles["founder@node.test"].flagAdmin, true);
  report.organization = final;
  step("LINK flagOwn transfers ownership");

  // 10. An authorization of one's own, deleted again.
  const pair = await asDavid.create("authorization", { name: "temporary" });
  assert.ok(pair.token);
  assert.deepEqual(await asDavid.delete("authorization", pair.id), { code: 200 });
  step("authorization create and DELETE");

  process.stdout.write(JSON.stringify(report));
}

main().catch((error) => {
  process.stderr.write(
    `Core API scenario failed: ${error && error.stack ? error.stack : JSON.stringify(error)}\n`
  );
  process.exit(1);
});
