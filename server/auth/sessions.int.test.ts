import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/databases";
import { createSession, findSession } from "./sessions";
import { createUser } from "./users";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase("sqlite");
});
afterAll(async () => t.dispose());

describe("sessions", () => {
  it("end after the idle time, and a use in the second half of it renews them", async () => {
    const user = await createUser(t.db, {
      email: "s@example.com",
      name: "S",
      role: "viewer",
      groups: [],
      password: "long enough pw",
    });
    const t0 = new Date("2030-01-01T00:00:00Z");
    const day = 86_400_000;
    const { token, expiresAt } = await createSession(t.db, user.id, { now: t0, days: 2, address: "" });
    expect(expiresAt).toEqual(new Date(t0.getTime() + 2 * day));
    const early = await findSession(t.db, token, { now: new Date(t0.getTime() + 0.5 * day), days: 2 });
    expect(early?.renewedUntil).toBeNull();
    const late = await findSession(t.db, token, { now: new Date(t0.getTime() + 1.5 * day), days: 2 });
    expect(late?.renewedUntil).toEqual(new Date(t0.getTime() + 3.5 * day));
    // Not used for more than two days after that: gone.
    expect(await findSession(t.db, token, { now: new Date(t0.getTime() + 3.6 * day), days: 2 })).toBeNull();
    expect(await t.db.session.count()).toBe(0); // the expired row is gone
    expect(await findSession(t.db, "sys_forged", { now: t0, days: 2 })).toBeNull();
  });
});
