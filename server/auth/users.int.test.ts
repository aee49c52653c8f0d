import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/databases";
import { createUser, ensureAdminFromEnv, updateUser } from "./users";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase("sqlite");
});
afterAll(async () => t.dispose());

describe("users", () => {
  it("ADMIN_EMAIL / ADMIN_PASSWORD create the first admin once, and say what is wrong with them", async () => {
    await expect(ensureAdminFromEnv(t.db, { ADMIN_EMAIL: "root@example.com" })).rejects.toThrow(
      "ADMIN_EMAIL is set but ADMIN_PASSWORD is not",
    );
    await expect(ensureAdminFromEnv(t.db, { ADMIN_EMAIL: "root@example.com", ADMIN_PASSWORD: "short" })).rejects.toThrow(
      "ADMIN_PASSWORD: The password must have at least 10 characters",
    );
    const admin = await ensureAdminFromEnv(t.db, { ADMIN_EMAIL: "Root@Example.com", ADMIN_PASSWORD: "long enough pw" });
    expect(admin).toMatchObject({ email: "root@example.com", role: "admin", name: "Root" });
    expect(await ensureAdminFromEnv(t.db, { ADMIN_EMAIL: "other@example.com", ADMIN_PASSWORD: "long enough pw" })).toBeNull();
    expect(await t.db.user.count()).toBe(1);
  });

  it("never leaves the installation without an active admin, and refuses a second account for one email", async () => {
    const admin = (await t.db.user.findFirstOrThrow({ where: { role: "admin" } })).id;
    await expect(updateUser(t.db, { id: admin, role: "viewer" })).rejects.toThrow("This is the only active admin");
    await expect(updateUser(t.db, { id: admin, active: false })).rejects.toThrow("This is the only active admin");
    const second = await createUser(t.db, {
      email: "b@example.com",
      name: "B",
      role: "admin",
      groups: [],
      password: "long enough pw",
    });
    await expect(
      createUser(t.db, { email: "B@example.com ", name: "B2", role: "viewer", groups: [], password: "long enough pw" }),
    ).rejects.toThrow("A user with the email b@example.com already exists");
    expect(await updateUser(t.db, { id: admin, active: false })).toMatchObject({ active: false });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: second.id } })).active).toBe(true);
  });
});
