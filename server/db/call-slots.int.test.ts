/**
 * Taking a slot is a database transaction; when the database is busy (another process holds the write lock longer
 * than a transaction may last) the call keeps waiting for its slot instead of failing: a slot is queued, never failed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Worker } from "node:worker_threads";
import { once } from "node:events";
import { createRequire } from "node:module";
import { createTestDatabase, type TestDatabase } from "../test/databases";
import { createDb } from "./client";
import { PrismaCallSlots, LIMIT_PREFIX } from "./call-slots";

/** Another writer (a thread with its own connection) holding SQLite's write lock for `ms`. */
async function holdWriteLock(file: string, ms: number): Promise<Worker> {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
     const Database = require(workerData.driver);
     const db = new Database(workerData.file, { timeout: 100 });
     db.prepare("BEGIN IMMEDIATE").run();
     parentPort.postMessage("locked");
     setTimeout(() => { db.prepare("COMMIT").run(); db.close(); parentPort.postMessage("released"); }, workerData.ms);`,
    { eval: true, workerData: { driver, file, ms } },
  );
  await once(worker, "message");
  return worker;
}

describe("call slots on a busy SQLite database", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase("sqlite");
    await t.db.appSetting.create({ data: { key: `${LIMIT_PREFIX}crm`, value: "1" } });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it("waits out a write lock held longer than its statements wait, then takes the slot", async () => {
    // This worker's statements give up on a lock after 50 ms (10 s by default): the other writer outlasts several.
    const impatient = createDb(t.url, { sqliteBusyMs: 50 });
    const worker = await holdWriteLock(t.url.slice("file:".length), 1000);
    const released = once(worker, "message");
    const slots = new PrismaCallSlots(impatient);
    const release = await slots.acquire("crm", "call_1", 60_000, new AbortController().signal);
    await released;
    await impatient.$disconnect();
    expect(release).toBeTypeOf("function");
    expect(await t.db.mcpCallSlot.count({ where: { server: "crm" } })).toBe(1);
    await release!();
    expect(await t.db.mcpCallSlot.count()).toBe(0);
  });

  it("stops waiting when the call is cancelled", async () => {
    const slots = new PrismaCallSlots(t.db);
    const first = await slots.acquire("crm", "call_2", 60_000, new AbortController().signal);
    const controller = new AbortController();
    const taking = slots.acquire("crm", "call_3", 60_000, controller.signal);
    controller.abort();
    await expect(taking).rejects.toThrow(/cancelled while waiting for a free slot/);
    await first!();
  });
});
