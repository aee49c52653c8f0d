/**
 * The latest-published-version cache (issue 24) on a real SQLite file: one query for starts made together, the new
 * version as soon as this process publishes it, another process's publish seen once the entry is MAX_AGE_MS old, and
 * unpublished workflows never remembered.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/databases";
import { createWorkflow, publishWorkflow, updateDraft } from "./workflows";
import { MAX_AGE_MS, PublishedVersions, publishedVersions } from "./published-versions";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { newId } from "../../util/ids";
import { jsonValue } from "../../db/json";

const definition = (title: string): WorkflowDefinition => ({
  schemaVersion: 1,
  name: "Cached",
  startAt: "ask",
  states: {
    ask: { type: "human", title, options: [{ id: "done", label: "Done", next: "end" }] },
    end: { type: "succeed" },
  },
});

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase("sqlite");
});
afterAll(async () => {
  await t.dispose();
});

/** Counts the version lookups that reach the database. */
function counting(db: TestDatabase["db"]): { db: TestDatabase["db"]; reads: () => number } {
  let reads = 0;
  const counted = db.$extends({
    query: {
      workflowVersion: {
        findFirst({ args, query }) {
          reads++;
          return query(args);
        },
      },
    },
  }) as unknown as TestDatabase["db"];
  return { db: counted, reads: () => reads };
}

describe("published versions", () => {
  it("answers starts made together with one query, and the version just published in this process at once", async () => {
    const { db, reads } = counting(t.db);
    const { id } = await createWorkflow(db, { name: "Cached", definition: definition("v1") });
    const first = await publishWorkflow(db, { id });
    const cache = publishedVersions();
    const together = await Promise.all(Array.from({ length: 20 }, () => cache.latest(db, id)));
    expect(together.every((v) => v?.id === first.versionId && v.version === 1)).toBe(true);
    expect(reads()).toBe(1);

    await updateDraft(db, { id, definition: definition("v2") });
    const second = await publishWorkflow(db, { id });
    const latest = await cache.latest(db, id);
    expect(latest).toMatchObject({ id: second.versionId, version: 2 });
    expect((latest?.definition.states.ask as { title: string }).title).toBe("v2");
  });

  it("sees a version published by another process once its entry is older than MAX_AGE_MS", async () => {
    let now = 1_000_000;
    const cache = new PublishedVersions(() => now);
    const { id } = await createWorkflow(t.db, { name: "Elsewhere", definition: definition("v1") });
    const first = await publishWorkflow(t.db, { id });
    expect((await cache.latest(t.db, id))?.id).toBe(first.versionId);
    // Another process publishes: a row written straight to the database, this cache not told.
    const otherId = newId("wfv");
    await t.db.workflowVersion.create({
      data: { id: otherId, workflowId: id, version: 2, definition: jsonValue(definition("other")), contentHash: "x", notes: "" },
    });
    now += MAX_AGE_MS - 1;
    expect((await cache.latest(t.db, id))?.id).toBe(first.versionId);
    now += 1;
    expect((await cache.latest(t.db, id))?.id).toBe(otherId);
  });

  it("does not remember a workflow that has no version yet", async () => {
    const cache = new PublishedVersions(() => 0);
    const { id } = await createWorkflow(t.db, { name: "Later", definition: definition("v1") });
    expect(await cache.latest(t.db, id)).toBeNull();
    const published = await publishWorkflow(t.db, { id });
    // The same instant: without a remembered "none", the new version is found.
    expect((await cache.latest(t.db, id))?.id).toBe(published.versionId);
  });
});
