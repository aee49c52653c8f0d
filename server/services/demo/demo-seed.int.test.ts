import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/databases";
import { seedDemo } from "./demo-seed";
import { listModelProviders } from "../agents/model-providers";
import { pointDemoModel } from "./demo-model";
import { listWorkflows, archiveWorkflow } from "../workflows/workflows";
import { SecretBox } from "../../security/secrets";
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
    const workflows = await listWorkflows(t.db);
    const demo = workflows.find((w) => w.name === "Customer support escalation");
    expect(demo).toMatchObject({
      name: "Customer support escalation",
      latestVersion: 1,
      errorCount: 0,
      stateCount: 9,
      unpublishedChanges: false,
    });

    // The AI triage demo runs on the scripted model, registered like any provider and labelled as scripted.
    expect(workflows.find((w) => w.name === "AI support triage")).toMatchObject({
      latestVersion: 1,
      errorCount: 0,
      stateCount: 3,
    });
    const [model] = await listModelProviders(t.db);
    expect(model).toMatchObject({ name: "Demo model (scripted)", kind: "openai-compatible", hasApiKey: false });
    expect(model?.models).toContainEqual(
      expect.objectContaining({ modelId: "support-triage", label: expect.stringContaining("(scripted)") as string }),
    );
    expect(await pointDemoModel(t.db, "http://127.0.0.1:4555/v1")).toBe(true);
    expect((await listModelProviders(t.db))[0]?.baseUrl).toBe("http://127.0.0.1:4555/v1");

    // A user who archives (or deletes) the demo does not get it back on the next start.
    for (const w of workflows) await archiveWorkflow(t.db, { id: w.id, archived: true });
    expect(await seedDemo(t.db, options)).toEqual({ seeded: false });
    expect(await listWorkflows(t.db)).toEqual([]);
  });
});
