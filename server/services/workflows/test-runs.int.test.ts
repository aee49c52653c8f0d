/**
 * Test runs of a draft (issue 23) on a real SQLite file and a real engine: the draft runs before it is published, on a
 * snapshot that is never taken for a published version (numbers, history, the next publish, Insights).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "../../test/databases";
import { settle } from "../../test/demo-setup";
import { SecretBox } from "../../security/secrets";
import { createMcpPool } from "../servers/mcp-pool";
import { createEngine } from "../host/engine-host";
import { createWorkflow, getWorkflow, listWorkflows, publishWorkflow, updateDraft } from "./workflows";
import { publishedVersions } from "./published-versions";
import { startRun } from "../runs/runs";
import { startTestRun } from "./test-runs";
import { getRun } from "../runs/run-views";
import { listRuns } from "../runs/run-list";
import { insightsOverview } from "../insights/insights";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

const definition = (threshold: number): WorkflowDefinition => ({
  schemaVersion: 1,
  name: "Size check",
  input: { type: "object", properties: { name: { type: "string" }, amount: { type: "number" } }, required: ["amount"] },
  startAt: "decide",
  states: {
    decide: {
      type: "choice",
      choices: [{ when: `{% $input.amount > ${threshold} %}`, next: "big" }],
      default: "small",
    },
    big: { type: "succeed", output: "{% 'big order for ' & $input.name %}" },
    small: { type: "succeed", output: "{% 'small order for ' & $input.name %}" },
  },
});

let t: TestDatabase;
let engine: ReturnType<typeof createEngine>;
let pool: ReturnType<typeof createMcpPool>;
beforeAll(async () => {
  t = await createTestDatabase("sqlite");
  const box = new SecretBox(randomBytes(32));
  pool = createMcpPool(t.db, box);
  engine = createEngine(t.db, pool, { url: t.url, pollMs: 50, box });
  await engine.start();
});
afterAll(async () => {
  await engine.stop();
  await pool.closeAll();
  await t.dispose();
});

describe("test runs of a draft", () => {
  it("run the unpublished draft, marked as a test, and the next publish is still version 1", async () => {
    const { id } = await createWorkflow(t.db, { name: "Size check", definition: definition(100) });
    await expect(startRun(t.db, engine, { workflowId: id, input: { amount: 5 } })).rejects.toThrow(/not been published/);

    const first = await startTestRun(t.db, engine, { workflowId: id, input: { name: "Ada", amount: 500 } });
    expect(first.version).toBe(-1);
    expect((await settle({ t } as never, first.runId)).status).toBe("succeeded");
    const view = await getRun(t.db, first.runId);
    expect(view).toMatchObject({ test: true, version: -1, output: "big order for Ada" });

    // The same draft again: the same snapshot. A changed draft: a new one.
    expect((await startTestRun(t.db, engine, { workflowId: id, input: { name: "Bo", amount: 1 } })).version).toBe(-1);
    await updateDraft(t.db, { id, definition: definition(1000) });
    const changed = await startTestRun(t.db, engine, { workflowId: id, input: { name: "Cy", amount: 500 } });
    expect(changed.version).toBe(-2);
    expect((await settle({ t } as never, changed.runId)).status).toBe("succeeded");
    expect((await getRun(t.db, changed.runId)).output).toBe("small order for Cy");

    // Not published: no latest version anywhere, and the first publish is version 1.
    expect(await publishedVersions().latest(t.db, id)).toBeNull();
    expect((await listWorkflows(t.db)).find((w) => w.id === id)?.latestVersion).toBeNull();
    expect((await getWorkflow(t.db, id)).versions).toEqual([]);
    const published = await publishWorkflow(t.db, { id });
    expect(published.version).toBe(1);
    expect((await getWorkflow(t.db, id)).versions.map((v) => v.version)).toEqual([1]);
    expect((await publishedVersions().latest(t.db, id))?.version).toBe(1);
    const real = await startRun(t.db, engine, { workflowId: id, input: { name: "Di", amount: 5 } });
    expect(real.version).toBe(1);
    await settle({ t } as never, real.runId);

    // The run list marks them; Insights count only the published version's run.
    const rows = (await listRuns(t.db, { workflowId: id })).runs;
    expect(rows.map((r) => r.test).sort()).toEqual([false, true, true, true]);
    const insights = await insightsOverview(t.db, { period: "24h", provider: "sqlite" });
    expect(insights.workflows.find((w) => w.workflowId === id)).toMatchObject({ started: 1 });
  });

  it("refuses a draft with errors, bad input and an archived workflow, starting nothing", async () => {
    const broken = { ...definition(1), startAt: "nowhere" };
    const { id } = await createWorkflow(t.db, { name: "Broken", definition: broken });
    await expect(startTestRun(t.db, engine, { workflowId: id, input: { amount: 1 } })).rejects.toThrow(
      /problems? to fix before testing/,
    );
    await updateDraft(t.db, { id, definition: definition(1) });
    await expect(startTestRun(t.db, engine, { workflowId: id, input: { amount: "many" } })).rejects.toThrow(
      /The input has 1 problem/,
    );
    expect(await t.db.run.count({ where: { workflowId: id } })).toBe(0);
    await expect(startTestRun(t.db, engine, { workflowId: "wf_missing", input: {} })).rejects.toThrow(/not found/i);
  });
});
