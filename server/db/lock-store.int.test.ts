/**
 * A run created and started in one commit asks for a lock in that very commit: its claim is written just before the
 * run row exists. A grant pass in between must not take the claim for a stale one (the run would wait for ever).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../test/databases";
import { PrismaLockStore } from "./lock-store";

describe.each(PROVIDERS)("lock claims of runs not committed yet (%s)", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("keeps the claim while its run's first commit may still come, and drops it once its creator must have died", async () => {
    const store = new PrismaLockStore(t.db);
    const now = Date.parse("2026-12-07T10:00:00Z");
    const lock = { type: "lock", lockId: "lk_1", stateId: "take", key: "ledger", mode: "exclusive", limit: 1 } as const;
    await store.request("run_not_yet_committed", lock, 1, now);

    expect(await store.grant("ledger", now + 5)).toEqual([]);
    expect(await t.db.lockClaim.count({ where: { id: "lk_1" } })).toBe(1);

    expect(await store.grant("ledger", now + 61_000)).toEqual([]);
    expect(await t.db.lockClaim.count({ where: { id: "lk_1" } })).toBe(0);
  });
});
