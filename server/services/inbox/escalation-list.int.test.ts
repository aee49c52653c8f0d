/** The inbox list's filters, sort and facets, in the database (SQLite, and PostgreSQL when configured). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../../test/databases";
import { fixtureEscalation, fixtureWorkflow, type FixtureEscalation } from "../../test/inbox-fixtures";
import { escalationFacets, listEscalations, openCount } from "./escalation-list";
import { createCaller } from "../../test/caller";

describe.each(PROVIDERS)("the inbox list on %s", (provider) => {
  let t: TestDatabase;
  const ids: Record<string, string> = {};
  let refunds: Awaited<ReturnType<typeof fixtureWorkflow>>;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    refunds = await fixtureWorkflow(t.db, "Refunds");
    const onboarding = await fixtureWorkflow(t.db, "Onboarding");
    const now = Date.now();
    const add = async (key: string, wf: typeof refunds, e: Omit<FixtureEscalation, "title">) => {
      ids[key] = await fixtureEscalation(t.db, wf, { ...e, title: key }, now);
    };
    await add("late", refunds, { group: "support", dueInMinutes: -5, ageMinutes: 70 });
    await add("soon", refunds, { group: "billing", dueInMinutes: 10, ageMinutes: 5, status: "claimed", claimedBy: "ann" });
    await add("noSla", onboarding, { reason: "no_route", ageMinutes: 120 });
    await add("later", onboarding, { group: "support", dueInMinutes: 60, ageMinutes: 1 });
    await add("done", refunds, { group: "support", status: "resolved", ageMinutes: 200, dueInMinutes: 30 });
    await add("gone", onboarding, { status: "expired", reason: "retries_exhausted", ageMinutes: 300, dueInMinutes: -100 });
  });
  afterAll(() => t.dispose());

  const titles = async (filter: Parameters<typeof listEscalations>[1]) =>
    (await listEscalations(t.db, filter)).items.map((i) => i.title);

  it("shows what still waits for a person by default, soonest due first and those without an SLA last", async () => {
    expect(await titles({})).toEqual(["late", "soon", "later", "noSla"]);
    expect(await openCount(t.db)).toBe(4);
  });

  it("sorts by age either way", async () => {
    expect(await titles({ sort: "oldest" })).toEqual(["noSla", "late", "soon", "later"]);
    expect(await titles({ sort: "newest" })).toEqual(["later", "soon", "late", "noSla"]);
  });

  it("filters by status", async () => {
    expect(await titles({ status: "unclaimed" })).toEqual(["late", "later", "noSla"]);
    expect(await titles({ status: "claimed" })).toEqual(["soon"]);
    expect(await titles({ status: "resolved" })).toEqual(["done"]);
    expect(await titles({ status: "expired" })).toEqual(["gone"]);
    expect(await titles({ status: "all", sort: "oldest" })).toEqual(["gone", "done", "noSla", "late", "soon", "later"]);
  });

  it("filters by workflow, reason, group and overdue, combined", async () => {
    expect(await titles({ workflowId: refunds.workflowId })).toEqual(["late", "soon"]);
    expect(await titles({ reason: "no_route" })).toEqual(["noSla"]);
    expect(await titles({ group: "support" })).toEqual(["late", "later"]);
    expect(await titles({ group: "support", status: "all" })).toEqual(["late", "done", "later"]);
    expect(await titles({ overdue: true })).toEqual(["late"]);
    expect(await titles({ workflowId: refunds.workflowId, group: "billing" })).toEqual(["soon"]);
    const none = await listEscalations(t.db, { workflowId: refunds.workflowId, reason: "no_route" });
    expect(none).toEqual({ total: 0, items: [] });
  });

  it("offers the workflows and groups in use", async () => {
    const facets = await escalationFacets(t.db);
    expect(facets.workflows.map((w) => w.name)).toEqual(["Onboarding", "Refunds"]);
    expect(facets.groups).toEqual(["billing", "support"]);
  });

  it("validates the filters at the API", async () => {
    const caller = createCaller(t.db);
    await expect(caller.escalations.list({ status: "pending" as "open" })).rejects.toThrow(/status/);
    await expect(caller.escalations.list({ sort: "random" as "due" })).rejects.toThrow(/sort/);
    const result = await caller.escalations.list({ reason: "human_step", group: "billing" });
    expect(result.items.map((i) => i.title)).toEqual(["soon"]);
  });
});
