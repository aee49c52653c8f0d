import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../../test/databases";
import * as workflows from "./workflows";
import { AppError } from "@/lib/errors";
import { canonicalJson } from "@/lib/workflow/canonical";
import { formatPath } from "@/lib/workflow/problems";

const demoText = readFileSync(path.join(import.meta.dirname, "../../../examples/workflows/support-escalation.json"), "utf8");
/** The demo as it was before its lookups ran in parallel: every step at the top level, for breaking them one by one. */
const sequentialText = readFileSync(
  path.join(import.meta.dirname, "../../../examples/test-fixtures/support-escalation-sequential.json"),
  "utf8",
);

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

describe.each(PROVIDERS)("workflows on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("creates a workflow that is listed as a draft with one step", async () => {
    const { id } = await workflows.createWorkflow(t.db, { name: "  Refund damaged orders ", description: "From photos" });
    const list = await workflows.listWorkflows(t.db);
    const row = list.find((w) => w.id === id);
    expect(row).toMatchObject({
      name: "Refund damaged orders",
      description: "From photos",
      latestVersion: null,
      stateCount: 1,
      errorCount: 0,
    });
  });

  it("refuses to import an invalid workflow, reports every problem with its path, and stores nothing", async () => {
    const before = await t.db.workflow.count();
    const broken = JSON.parse(sequentialText) as { states: Record<string, Record<string, unknown>>; startAt: string };
    broken.startAt = "nowhere";
    broken.states.check_order!.next = "ghost";
    broken.states.refund!.retry = { maxAttempts: 0 };
    broken.states.decide!.choices = [{ when: "{% $order.( %}", next: "refund" }];
    const text = JSON.stringify(broken).replace('"done":', '"email_customer":{"type":"succeed"},"done":');
    const err = await rejection(workflows.importWorkflow(t.db, { text }));
    expect(err.kind).toBe("invalid");
    expect(err.problems.map((p) => `${p.code}@${formatPath(p.path)}`)).toEqual(
      expect.arrayContaining([
        "duplicate_key@states.email_customer",
        "unknown_start@startAt",
        "unknown_target@states.check_order.next",
        "too_small@states.refund.retry.maxAttempts",
        "bad_expression@states.decide.choices[0].when",
      ]),
    );
    expect(await t.db.workflow.count()).toBe(before);
  });

  it("refuses text that is not JSON, saying where it breaks", async () => {
    const err = await rejection(workflows.importWorkflow(t.db, { text: '{"schemaVersion": 1,\n"name": }' }));
    expect(err.message).toMatch(/line 2, column 9/);
  });

  it("round-trips a valid workflow through import and export, equal in meaning", async () => {
    const { id } = await workflows.importWorkflow(t.db, { text: demoText });
    const exported = await workflows.exportWorkflow(t.db, { id });
    expect(exported.fileName).toBe("customer-support-escalation.json");
    expect(canonicalJson(JSON.parse(exported.json))).toBe(canonicalJson(JSON.parse(demoText)));
    const { id: again } = await workflows.importWorkflow(t.db, { text: exported.json });
    const second = await workflows.exportWorkflow(t.db, { id: again });
    expect(second.json).toBe(exported.json);
  });

  it("publishes immutable numbered versions and refuses to publish nothing new", async () => {
    const { id } = await workflows.importWorkflow(t.db, { text: demoText });
    const v1 = await workflows.publishWorkflow(t.db, { id, notes: "first" });
    expect(v1.version).toBe(1);
    expect((await rejection(workflows.publishWorkflow(t.db, { id }))).message).toBe("Nothing changed since version 1");

    const detail = await workflows.getWorkflow(t.db, id);
    const draft = { ...detail.draft, description: "Changed" };
    await workflows.updateDraft(t.db, { id, definition: draft, expectedRevision: detail.draftRevision });
    const v2 = await workflows.publishWorkflow(t.db, { id, notes: "second" });
    expect(v2.version).toBe(2);
    expect(v2.contentHash).not.toBe(v1.contentHash);

    const versions = (await workflows.getWorkflow(t.db, id)).versions;
    expect(versions.map((v) => [v.version, v.notes])).toEqual([
      [2, "second"],
      [1, "first"],
    ]);
    const old = await workflows.exportWorkflow(t.db, { id, version: 1 });
    expect(JSON.parse(old.json)).not.toHaveProperty("description", "Changed");
  });

  it("refuses to publish a draft with errors and lists them all; nothing is published", async () => {
    const { id } = await workflows.createWorkflow(t.db, { name: "Broken" });
    await workflows.updateDraft(t.db, {
      id,
      definition: { schemaVersion: 1, name: "Broken", startAt: "a", states: { a: { type: "tool", server: "crm", next: "zz" } } },
    });
    const err = await rejection(workflows.publishWorkflow(t.db, { id }));
    expect(err.message).toMatch(/problems to fix before publishing/);
    expect(err.problems.map((p) => p.code).sort()).toEqual(["invalid_type", "no_terminal", "unknown_target"]);
    expect(await t.db.workflowVersion.count({ where: { workflowId: id } })).toBe(0);
  });

  it("detects a draft saved from a stale copy instead of overwriting it", async () => {
    const { id } = await workflows.createWorkflow(t.db, { name: "Shared" });
    const { draft, draftRevision } = await workflows.getWorkflow(t.db, id);
    await workflows.updateDraft(t.db, { id, definition: { ...draft, name: "Renamed by Ann" }, expectedRevision: draftRevision });
    const err = await rejection(
      workflows.updateDraft(t.db, { id, definition: { ...draft, name: "Renamed by Bob" }, expectedRevision: draftRevision }),
    );
    expect(err.kind).toBe("conflict");
    expect((await workflows.getWorkflow(t.db, id)).name).toBe("Renamed by Ann");
  });

  it("hides archived workflows unless asked, and restores them", async () => {
    const { id } = await workflows.createWorkflow(t.db, { name: "Old process" });
    await workflows.archiveWorkflow(t.db, { id, archived: true });
    expect((await workflows.listWorkflows(t.db)).some((w) => w.id === id)).toBe(false);
    expect((await workflows.listWorkflows(t.db, { includeArchived: true })).find((w) => w.id === id)?.archived).toBe(true);
    await workflows.archiveWorkflow(t.db, { id, archived: false });
    expect((await workflows.listWorkflows(t.db)).some((w) => w.id === id)).toBe(true);
  });

  it("says which workflow was not found", async () => {
    expect((await rejection(workflows.getWorkflow(t.db, "wf_missing"))).message).toBe("Workflow wf_missing was not found");
  });
});
