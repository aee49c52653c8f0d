import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/databases";
import { seedDemo } from "./demo-seed";
import { listWorkflows, archiveWorkflow } from "./workflows";
import { SecretBox } from "../security/secrets";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";

describe("demo seed", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
  });
  afterAll(async () => {
    await t.dispose();
  });

  const options = { box: new SecretBox(randomBytes(32)), dataDir: tmpdir() };

  it("publishes the support-escalation demo and registers its servers on first start, and only then", async () => {
    expect(await seedDemo(t.db, options)).toEqual({ seeded: true });
    const servers = await t.db.mcpServer.findMany({ orderBy: { name: "asc" } });
    expect(servers.map((s) => s.name)).toEqual(["crm", "docs", "email", "orders", "ticketing"]);
    const [demo] = await listWorkflows(t.db);
    expect(demo).toMatchObject({
      name: "Customer support escalation",
      latestVersion: 1,
      errorCount: 0,
      stateCount: 11,
      unpublishedChanges: false,
    });

    // A user who archives (or deletes) the demo does not get it back on the next start.
    await archiveWorkflow(t.db, { id: demo!.id, archived: true });
    expect(await seedDemo(t.db, options)).toEqual({ seeded: false });
    expect(await listWorkflows(t.db)).toEqual([]);
  });
});
