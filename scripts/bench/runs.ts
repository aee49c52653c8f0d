/**
 * Run history benchmark (issue 7): seeds RUNS (100,000 by default) runs of every kind into a fresh SQLite file, over
 * three workflows with two versions each, then times the run list's query for each filter (first page of 50, and the
 * page after it through the cursor), as the runs.list procedure runs it (server/services/runs/run-list.ts).
 *
 *   npm run bench:runs            (RUNS=100000, REPEAT=15)
 *
 * Then the live run view's latency (scripts/bench/run-feed.ts): commit -> SSE event, embedded and from another process.
 *
 * Prints figures (median and p95 per filter); asserts nothing. Targets: < 100 ms per list query; a transition visible
 * <= 100 ms after its commit embedded, <= 1 s from another process.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { migrate } from "../../server/db/migrate";
import { createDb } from "../../server/db/client";
import { historyWorkflow, seedRuns } from "../../server/test/run-history-fixtures";
import { listRuns, type RunListFilter } from "../../server/services/runs/run-list";
import { int, median, ms, quantile, table } from "./stats";
import { benchRunFeed } from "./run-feed";

const RUNS = Number(process.env.RUNS ?? 100_000);
const REPEAT = Number(process.env.REPEAT ?? 15);
const NOW = Date.now();

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-runs-"));
  const url = `file:${path.join(dir, "runs.db")}`;
  try {
    await migrate(url);
    const db = createDb(url);
    const seedStart = performance.now();
    const workflows = [];
    for (const [i, name] of ["Refunds", "Onboarding", "Returns"].entries()) {
      const w = await historyWorkflow(db, name);
      workflows.push(w);
      // Interleaved in time: each workflow's runs cover the whole period.
      await seedRuns(db, { count: Math.floor(RUNS / 3), ...w, now: NOW, offsetMs: i * 333, prefix: `r${i}` });
    }
    await db.$executeRawUnsafe("ANALYZE");
    console.log(`Seeded ${int(RUNS)} runs in ${((performance.now() - seedStart) / 1000).toFixed(1)} s (${url})\n`);

    const w = workflows[0]!;
    const hourAgo = new Date(NOW - 3_600_000);
    const cases: [string, RunListFilter][] = [
      ["no filter", {}],
      ["workflow", { workflowId: w.workflowId }],
      ["version", { versionId: w.versionIds[1] }],
      ["status failed", { status: "failed" }],
      ["status retrying", { status: "retrying" }],
      ["waiting for a person", { status: "waiting_person" }],
      ["waiting on a breaker", { status: "waiting_breaker" }],
      ["stuck", { status: "stuck" }],
      ["not finished", { status: "active" }],
      ["last hour", { from: hourAgo }],
      ["a day, a week ago", { from: new Date(NOW - 8 * 86_400_000), to: new Date(NOW - 7 * 86_400_000) }],
      ["error text", { error: "timed out" }],
      ["error text, rare", { error: `r0_${String(Math.floor((RUNS / 3 - 2) / 9) * 9 + 1).padStart(7, "0")}` }],
      ["workflow + failed + last hour", { workflowId: w.workflowId, status: "failed", from: hourAgo }],
    ];
    const rows: string[][] = [];
    for (const [name, filter] of cases) {
      const first: number[] = [];
      const next: number[] = [];
      let found = 0;
      for (let i = 0; i < REPEAT + 2; i++) {
        const t0 = performance.now();
        const page = await listRuns(db, { ...filter, limit: 50 }, NOW);
        const t1 = performance.now();
        if (page.nextCursor) await listRuns(db, { ...filter, limit: 50, cursor: page.nextCursor }, NOW);
        const t2 = performance.now();
        found = page.runs.length;
        if (i < 2) continue; // warm-up
        first.push(t1 - t0);
        if (page.nextCursor) next.push(t2 - t1);
      }
      rows.push([name, String(found), ms(median(first)), ms(quantile(first, 0.95)), next.length ? ms(median(next)) : "-"]);
    }
    console.log(
      table(["filter", "rows", "first page median ms", "p95 ms", "next page median ms"], rows, [false, true, true, true, true]),
    );
    console.log("\nLive run view: commit -> event on the runs.watch SSE stream\n");
    console.log(await benchRunFeed(db, url));
    await db.$disconnect();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
