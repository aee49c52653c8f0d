/** The run history's filters and cursor pagination, on real databases. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../../test/databases";
import { historyWorkflow, seedRuns, type Kind, type SeededRun } from "../../test/run-history-fixtures";
import { listRuns, setStuckAfterMinutes, type RunListFilter } from "./run-list";
import { createCaller } from "../../test/caller";

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);

describe.each(PROVIDERS)("run history (%s)", (provider) => {
  let t: TestDatabase;
  let seeded: SeededRun[];
  let other: SeededRun[];
  let versionIds: string[];

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    const main = await historyWorkflow(t.db, "Refunds");
    versionIds = main.versionIds;
    seeded = await seedRuns(t.db, { count: 45, ...main, now: NOW });
    const second = await historyWorkflow(t.db, "Onboarding");
    other = await seedRuns(t.db, { count: 9, ...second, now: NOW, offsetMs: 3_600_000, prefix: "other" });
  });
  afterAll(() => t.dispose());

  const ids = async (filter: RunListFilter) => (await listRuns(t.db, { limit: 200, ...filter }, NOW)).runs.map((r) => r.id);
  const expected = (pred: (r: SeededRun) => boolean) =>
    [...seeded, ...other]
      .filter(pred)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
      .map((r) => r.id);
  const kind =
    (...kinds: Kind[]) =>
    (r: SeededRun) =>
      kinds.includes(r.kind);

  it("filters by the statuses people ask about, including the kinds of waiting and stuck", async () => {
    expect(await ids({ status: "failed" })).toEqual(expected(kind("failed")));
    expect(await ids({ status: "retrying" })).toEqual(expected(kind("retrying")));
    expect(await ids({ status: "waiting_person" })).toEqual(expected(kind("waiting_person")));
    expect(await ids({ status: "waiting_breaker" })).toEqual(expected(kind("waiting_breaker")));
    expect(await ids({ status: "waiting" })).toEqual(expected(kind("waiting_person", "waiting_breaker", "waiting_timer")));
    expect(await ids({ status: "stuck" })).toEqual(expected(kind("stuck")));
    expect(await ids({ status: "active" })).toEqual(
      expected(kind("running", "retrying", "waiting_person", "waiting_breaker", "waiting_timer", "stuck")),
    );
  });

  it("takes the stuck threshold from the setting", async () => {
    await setStuckAfterMinutes(t.db, 120); // the stuck runs are an hour without progress: not stuck any more
    expect(await ids({ status: "stuck" })).toEqual([]);
    await setStuckAfterMinutes(t.db, 10);
    expect((await ids({ status: "stuck" })).length).toBe(6);
  });

  it("also lists the runs the stuck-run detector has an active alert for, until it is cleared", async () => {
    const person = seeded.find((r) => r.kind === "waiting_person")!;
    const alert = await t.db.runAlert.create({
      data: {
        id: `alert_${provider}`,
        runId: person.id,
        workflowId: person.workflowId,
        reason: "human_sla",
        message: "Waiting for a person past the SLA",
        details: {},
        seq: 1,
        activeKey: `${person.id}:human_sla`,
        raisedAt: new Date(NOW),
      },
    });
    expect(await ids({ status: "stuck" })).toEqual(expected((r) => r.kind === "stuck" || r.id === person.id));
    await t.db.runAlert.update({ where: { id: alert.id }, data: { clearedAt: new Date(NOW), activeKey: null } });
    expect(await ids({ status: "stuck" })).toEqual(expected(kind("stuck")));
  });

  it("filters by workflow, version, time range and text in the error", async () => {
    const workflowId = seeded[0]!.workflowId;
    expect(await ids({ workflowId })).toEqual(expected((r) => r.workflowId === workflowId));
    expect(await ids({ versionId: versionIds[1] })).toEqual(expected((r) => r.versionId === versionIds[1]));
    const from = new Date(NOW - 10_000);
    const to = new Date(NOW - 2_000);
    expect(await ids({ from, to })).toEqual(expected((r) => r.createdAt >= from && r.createdAt < to));
    expect(await ids({ error: "timed out" })).toEqual(expected(kind("failed")));
    expect(await ids({ error: seeded[1]!.id })).toEqual([seeded[1]!.id]);
    expect(await ids({ error: "no such text" })).toEqual([]);
    expect(await ids({ status: "failed", workflowId, from: new Date(NOW - 20_000) })).toEqual(
      expected((r) => r.kind === "failed" && r.workflowId === workflowId && r.createdAt >= new Date(NOW - 20_000)),
    );
  });

  it("pages with a cursor through every run once, newest first", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const result = await listRuns(t.db, { limit: 7, ...(cursor ? { cursor } : {}) }, NOW);
      seen.push(...result.runs.map((r) => r.id));
      if (!result.nextCursor) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual(expected(() => true));
  });

  it("refuses a bad filter with a message that names it", async () => {
    const caller = createCaller(t.db);
    await expect(caller.runs.list({ status: "exploded" as never })).rejects.toThrow(/The status filter must be one of/);
    await expect(caller.runs.list({ from: new Date(NOW), to: new Date(NOW - 1) })).rejects.toThrow(
      /The start of the time range must be before its end/,
    );
    await expect(caller.runs.list({ cursor: "run_123" })).rejects.toThrow(/The cursor is not one this list gave out/);
  });
});
