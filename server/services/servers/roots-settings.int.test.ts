/**
 * Roots (issue 19): a server that asks `roots/list` gets the roots set for it on the Servers page, or an empty list, and
 * a change is announced with roots/list_changed. Against server-everything over stdio (its get-roots-list tool shows
 * the roots it got; it keeps them per session and asks again only on list_changed), through the app's pool on a real
 * database.
 */
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/databases";
import { SecretBox } from "../../security/secrets";
import { createMcpPool } from "./mcp-pool";
import { createServer } from "./servers";
import { rootsOf, setRoots } from "./roots-settings";
import { EVERYTHING, stdio } from "../../mcp/testing";
import type { McpConnectionManager } from "../../mcp/manager";
import { until } from "../../test/until";

let t: TestDatabase | null = null;
let pool: McpConnectionManager | null = null;
afterEach(async () => {
  await pool?.closeAll();
  await t?.dispose();
  pool = t = null;
});

const text = (r: { content: { type: string; text?: string }[] }) => r.content.map((c) => c.text ?? "").join("");

describe("roots offered to a server", () => {
  it("are the server's configured roots when it asks, and an empty list when none are set", async () => {
    t = await createTestDatabase("sqlite");
    const box = new SecretBox(randomBytes(32));
    pool = createMcpPool(t.db, box);
    await createServer({ db: t.db, box, pool }, { name: "everything", config: stdio(EVERYTHING) });
    await createServer({ db: t.db, box, pool }, { name: "bare", config: stdio(EVERYTHING) });
    await setRoots(t.db, {
      server: "everything",
      roots: [{ uri: "file:///srv/shared-data", name: "Shared data" }, { uri: "file:///tmp/work" }],
    });
    expect(await rootsOf(t.db, "everything")).toHaveLength(2);

    const listed = text(await pool.callTool("everything", "get-roots-list", {}, { timeoutMs: 20_000 }));
    expect(listed).toContain("file:///srv/shared-data");
    expect(listed).toContain("Shared data");
    expect(listed).toContain("file:///tmp/work");
    const none = text(await pool.callTool("bare", "get-roots-list", {}, { timeoutMs: 20_000 }));
    expect(none).toMatch(/no roots are currently configured/);

    // Cleared: an empty list again (no row left behind).
    await setRoots(t.db, { server: "everything", roots: [] });
    expect(await rootsOf(t.db, "everything")).toEqual([]);
    expect(await t.db.appSetting.count({ where: { key: { startsWith: "mcp.roots." } } })).toBe(0);
  });
});

describe("a change of a server's roots", () => {
  it("is announced to the connected server, by the process that saves it at once and by the others within seconds", async () => {
    t = await createTestDatabase("sqlite");
    const box = new SecretBox(randomBytes(32));
    const p = (pool = createMcpPool(t.db, box, { rootsCheckMs: 100 }));
    const db = t.db;
    await createServer({ db, box, pool: p }, { name: "everything", config: stdio(EVERYTHING) });
    await setRoots(db, { server: "everything", roots: [{ uri: "file:///srv/first" }] });
    const listed = () => p.callTool("everything", "get-roots-list", {}, { timeoutMs: 20_000 }).then(text);
    await until(async () => (await listed()).includes("file:///srv/first"), "the first roots");

    // Saved through this process's pool: announced at once; the server asks again and shows the new roots.
    await setRoots(db, { server: "everything", roots: [{ uri: "file:///srv/second", name: "Second" }] }, p);
    await until(async () => (await listed()).includes("file:///srv/second"), "the roots saved in this process");

    // Saved by another process (no pool here): this process notices the setting changed and announces it.
    await setRoots(db, { server: "everything", roots: [{ uri: "file:///srv/third" }] });
    await until(async () => (await listed()).includes("file:///srv/third"), "the roots saved by another process");
    expect(await listed()).not.toContain("file:///srv/second");
  });
});
