/** Claim, unclaim and reassign: conditional, recorded on the escalation's history and its run's, and announced live. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../../test/databases";
import { fixtureEscalation, fixtureWorkflow, type FixtureWorkflow } from "../../test/inbox-fixtures";
import { claimEscalation, reassignEscalation, unclaimEscalation } from "./escalation-assign";
import { getEscalation } from "./escalations";
import { getRun } from "../runs/run-views";
import { EscalationWatcher } from "./escalation-feed";
import { ChangeBus, type Envelope } from "../../events/bus";
import type { AppError } from "@/lib/errors";

describe.each(PROVIDERS)("assigning escalations on %s", (provider) => {
  let t: TestDatabase;
  let wf: FixtureWorkflow;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    wf = await fixtureWorkflow(t.db, "Refunds");
  });
  afterAll(() => t.dispose());

  const conflict = async (p: Promise<unknown>) => {
    const err = (await p.then(
      () => null,
      (e: unknown) => e,
    )) as AppError | null;
    expect(err?.kind).toBe("conflict");
    return err!.message;
  };

  it("records who claimed, unclaimed and reassigned, when, and their note", async () => {
    const id = await fixtureEscalation(t.db, wf, { title: "Refund?", group: "support" });
    await claimEscalation(t.db, { id, by: "ann", note: "on it" });
    await claimEscalation(t.db, { id, by: "ann" }); // already hers: nothing new
    expect(await conflict(claimEscalation(t.db, { id, by: "bob" }))).toBe(
      "Already claimed by ann: they (or anyone) can unclaim it first",
    );
    await unclaimEscalation(t.db, { id, by: "bob", note: "ann is away" });
    expect(await conflict(unclaimEscalation(t.db, { id, by: "bob" }))).toBe("This item is not claimed");
    await claimEscalation(t.db, { id, by: "bob" });
    await reassignEscalation(t.db, { id, by: "bob", group: "billing", note: "a billing question" });

    const e = await getEscalation(t.db, id);
    expect(e).toMatchObject({ status: "open", claimedBy: null, assigneeGroup: "billing" });
    const steps = e.history.map((h) => [h.kind, "by" in h ? h.by : null, "note" in h ? h.note : null]);
    expect(steps).toEqual([
      ["opened", null, null],
      ["claimed", "ann", "on it"],
      ["unclaimed", "bob", "ann is away"],
      ["claimed", "bob", ""],
      ["reassigned", "bob", "a billing question"],
    ]);
    expect(e.history[0]).toMatchObject({ kind: "opened", group: "support" });
    expect(e.history[4]).toMatchObject({ fromGroup: "support", toGroup: "billing" });

    const run = await getRun(t.db, wf.runId);
    expect(run.escalationEvents.filter((v) => v.escalationId === id).map((v) => `${v.action} ${v.by}`)).toEqual([
      "claimed ann",
      "unclaimed bob",
      "claimed bob",
      "reassigned bob",
    ]);
  });

  it("lets one of two people claim at the same time", async () => {
    const id = await fixtureEscalation(t.db, wf, { title: "Race" });
    const outcomes = await Promise.allSettled([
      claimEscalation(t.db, { id, by: "ann" }),
      claimEscalation(t.db, { id, by: "bob" }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const events = await t.db.escalationEvent.findMany({ where: { escalationId: id } });
    expect(events).toHaveLength(1);
  });

  it("refuses to touch a resolved item, and a reassignment to the same group", async () => {
    const done = await fixtureEscalation(t.db, wf, { title: "Done", status: "resolved", resolvedBy: "cy" });
    expect(await conflict(claimEscalation(t.db, { id: done, by: "ann" }))).toMatch(/^Already resolved by cy at /);
    const id = await fixtureEscalation(t.db, wf, { title: "Same", group: "support" });
    await expect(reassignEscalation(t.db, { id, by: "ann", group: "support" })).rejects.toThrow("Already assigned to support");
    await reassignEscalation(t.db, { id, by: "ann", group: null });
    expect((await getEscalation(t.db, id)).assigneeGroup).toBeNull();
  });

  it("announces every change on the bus, whichever process made it", async () => {
    const bus = new ChangeBus();
    const seen: Envelope[] = [];
    const stop = new AbortController();
    const reading = (async () => {
      for await (const e of bus.subscribe(null, stop.signal, "escalations")) seen.push(e);
    })();
    const watcher = new EscalationWatcher(t.db, bus, 20, Date.now() - 1);
    const id = await fixtureEscalation(t.db, wf, { title: "Live" });
    expect(await watcher.scan()).toBeGreaterThanOrEqual(1);
    await claimEscalation(t.db, { id, by: "ann" });
    await watcher.scan();
    expect(await watcher.scan()).toBe(0); // nothing new: nothing published twice
    stop.abort();
    await reading;
    const mine = seen.filter((e) => e.event.topic === "escalations" && e.event.escalationId === id);
    expect(mine.map((e) => (e.event.topic === "escalations" ? e.event.status : null))).toEqual(["open", "claimed"]);
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
  });
});
