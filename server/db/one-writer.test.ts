/**
 * One writer for runs and escalations: only the run store (server/db/run-store-*.ts, its Prisma cold paths in
 * run-cold-queries.ts) creates or changes Run and Escalation rows, so the invariants of a new run (queued, seq 0, the
 * wake-up of other engines) and of an escalation (open, resolved once) live in one place. This scans the code for
 * Prisma writes (`db.run.create`, `tx.escalation.updateMany`, ...) and raw SQL writes (`INSERT INTO "Run"`, ...) to those
 * tables and fails on any outside the store. Tests and their fixtures (which seed rows) and the benchmark's baselines
 * (scripts/bench) are left out.
 */
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const SCANNED = ["server", "app", "lib", "scripts", "instrumentation.ts"];
const SKIPPED_DIRS = new Set(["node_modules", "generated", "test", "bench", "fixtures"]);
const WRITERS = [/^server\/db\/run-store-[\w-]+\.ts$/, /^server\/db\/run-cold-queries\.ts$/];

const PRISMA_WRITE =
  /\.(run|escalation)\s*\.\s*(create|createMany|createManyAndReturn|update|updateMany|upsert|delete|deleteMany)\s*\(/;
const SQL_WRITE = /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"(Run|Escalation)"/;

/** The lines of `text` that write Run or Escalation rows. */
export function writesOf(text: string): string[] {
  return text.split("\n").filter((line) => PRISMA_WRITE.test(line) || SQL_WRITE.test(line));
}

function files(rel: string): string[] {
  const abs = path.join(root, rel);
  if (!statSync(abs, { throwIfNoEntry: false })) return [];
  if (statSync(abs).isFile()) return [rel];
  return readdirSync(abs).flatMap((name) => {
    if (SKIPPED_DIRS.has(name)) return [];
    const child = path.posix.join(rel, name);
    if (statSync(path.join(root, child)).isDirectory()) return files(child);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [child] : [];
  });
}

describe("one writer for Run and Escalation rows", () => {
  it("recognises a write by Prisma or raw SQL (and not a read)", () => {
    expect(writesOf(`await tx.run.create({ data })`)).toHaveLength(1);
    expect(writesOf(`await this.db.escalation.updateMany({ where })`)).toHaveLength(1);
    expect(writesOf('q = `UPDATE "Escalation" SET "status" = ?`')).toHaveLength(1);
    expect(writesOf('q = `INSERT INTO "Run" ("id") VALUES (?)`')).toHaveLength(1);
    expect(writesOf(`await db.run.findMany({ where })`)).toHaveLength(0);
    expect(writesOf('q = `UPDATE "StepAttempt" SET "sentAt" = ?`')).toHaveLength(0);
  });

  it("only the run store writes them", () => {
    const scanned = SCANNED.flatMap(files);
    expect(scanned.length).toBeGreaterThan(100);
    const offenders = scanned
      .filter((file) => !WRITERS.some((w) => w.test(file)))
      .flatMap((file) => writesOf(readFileSync(path.join(root, file), "utf8")).map((line) => `${file}: ${line.trim()}`));
    expect(offenders, "write Run / Escalation rows through the run store (server/db/run-store-*.ts)").toEqual([]);
  });

  it("the run store's files are where the writes are", () => {
    const store = files("server/db").filter((file) => WRITERS.some((w) => w.test(file)));
    const writing = store.filter((file) => writesOf(readFileSync(path.join(root, file), "utf8")).length > 0);
    expect(writing).toEqual(expect.arrayContaining(["server/db/run-store-sqlite-sql.ts", "server/db/run-store-escalations.ts"]));
  });
});
