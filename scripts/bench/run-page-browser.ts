/**
 * Commit-to-browser latency of a live run page, in a real browser (issue 24, live views: p99 <= 100 ms). The built app
 * runs as `npm start` runs it (scripts/start.ts, embedded engine, SQLite); a workflow of --steps human steps is
 * published, a run started and approved over HTTP up to --measured decisions before its end; then Chromium opens the
 * run's page (the run then has --steps - --measured transitions, its canvas --steps steps) and each of the last
 * --measured decisions is timed from its transition's time (Transition.createdAt, taken by the engine just before the
 * commit) to the moment the page shows it (the timeline's `data-last-seq`, seen by a MutationObserver; same machine,
 * same clock). It also counts the page's reads of the whole run (runs.get) and of deltas (runs.delta) meanwhile.
 * Prints figures; asserts nothing.
 *
 *   npx tsx scripts/bench/run-page-browser.ts [--steps 1000] [--measured 100] [--port 3430]
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import superjson from "superjson";
import { chromium } from "playwright-core";
import { createWorkflow, publishWorkflow } from "@/server/services/workflows/workflows";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { openSqlite } from "./engine-world";
import { median, quantile, table } from "./stats";

const ROOT = path.resolve(import.meta.dirname, "../..");
const { values: opts } = parseArgs({
  options: {
    steps: { type: "string", default: "1000" },
    measured: { type: "string", default: "100" },
    port: { type: "string", default: process.env.E2E_PORT ?? "3430" },
  },
});
const STEPS = Number(opts.steps);
const MEASURED = Math.min(Number(opts.measured), STEPS - 1);
const BASE = `http://127.0.0.1:${opts.port}`;

function checks(steps: number): WorkflowDefinition {
  const states: WorkflowDefinition["states"] = { done: { type: "succeed" } };
  for (let i = 1; i <= steps; i++) {
    const next = i === steps ? "done" : `s${i + 1}`;
    states[`s${i}`] = { type: "human", title: `Check ${i}`, options: [{ id: "ok", label: "OK", next }] };
  }
  return { schemaVersion: 1, name: `bench page ${steps}`, startAt: "s1", states };
}

async function trpc<T>(kind: "query" | "mutation", name: string, input: unknown): Promise<T> {
  const payload = JSON.stringify(superjson.serialize(input));
  const res =
    kind === "query"
      ? await fetch(`${BASE}/api/trpc/${name}?input=${encodeURIComponent(payload)}`)
      : await fetch(`${BASE}/api/trpc/${name}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: payload,
        });
  const body = (await res.json()) as { result?: { data: never }; error?: unknown };
  if (!body.result) throw new Error(`${name} failed: ${JSON.stringify(body.error)}`);
  return superjson.deserialize<T>(body.result.data);
}

/** Approves the step the run waits at (seq: its latest transition); returns the new seq. */
async function approve(runId: string, seq: number): Promise<number> {
  const delta = await trpc<{ head: { pending: { escalationId?: string } | null } }>("query", "runs.delta", {
    id: runId,
    after: seq - 1,
  });
  const id = delta.head.pending?.escalationId;
  if (!id) throw new Error(`run ${runId} waits for no person at seq ${seq}`);
  await trpc("mutation", "escalations.resolve", { id, resolution: { action: "option", optionId: "ok" } });
  return seq + 1;
}

function startApp(url: string): Promise<ChildProcess> {
  const app = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: opts.port,
      HOST: "127.0.0.1",
      DATABASE_URL: url,
      DATA_DIR: path.dirname(url.slice("file:".length)),
      SEED_DEMO: "false",
      SWITCHYARD_SECRET_KEY: randomBytes(32).toString("base64"),
      LOG_LEVEL: "error",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let seen = "";
    app.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes("Switchyard is ready")) resolve(app);
    });
    app.once("exit", (code) => reject(new Error(`the app exited before it was ready (exit ${code}):\n${seen.slice(-2000)}`)));
  });
}

async function main(): Promise<void> {
  const database = await openSqlite(null);
  const definition = checks(STEPS);
  const { id: workflowId } = await createWorkflow(database.db, { name: definition.name, definition });
  await publishWorkflow(database.db, { id: workflowId });
  const app = await startApp(database.url);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"].concat([
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ]),
  });
  try {
    const { runId } = await trpc<{ runId: string }>("mutation", "runs.start", { workflowId, input: {} });
    let seq = 1;
    const t0 = performance.now();
    while (seq < STEPS - MEASURED) seq = await approve(runId, seq);
    const prepared = (performance.now() - t0) / 1000;

    const page = await browser.newPage();
    // When each run delta reaches the page (before React renders it): the live connection's EventSource messages.
    await page.addInitScript(() => {
      const arrived: Record<number, number> = {};
      (window as unknown as { arrived: Record<number, number> }).arrived = arrived;
      const Original = window.EventSource;
      window.EventSource = class extends Original {
        constructor(url: string | URL, init?: EventSourceInit) {
          super(url, init);
          this.addEventListener("message", (e: MessageEvent<string>) => {
            const now = Date.now();
            const seq = (JSON.parse(e.data) as { json?: { delta?: { seq?: number } } }).json?.delta?.seq;
            if (seq) for (let s = seq; s > 0 && !(s in arrived); s--) arrived[s] = now;
          });
        }
      };
    });
    const reads = { whole: 0, delta: 0 };
    page.on("request", (r) => {
      if (r.url().includes("runs.get")) reads.whole++;
      if (r.url().includes("runs.delta")) reads.delta++;
    });
    const opened = performance.now();
    await page.goto(`${BASE}/runs/${runId}`);
    await page.locator(`[data-last-seq="${seq}"]`).waitFor({ state: "attached", timeout: 600_000 });
    await page.getByText("Live", { exact: true }).waitFor({ timeout: 60_000 });
    const openMs = performance.now() - opened;
    await page.evaluate(() => {
      const seen: Record<number, number> = {};
      (window as unknown as { seen: Record<number, number> }).seen = seen;
      new MutationObserver(() => {
        const now = Date.now();
        const last = Number(document.querySelector("[data-last-seq]")?.getAttribute("data-last-seq") ?? 0);
        for (let s = last; s > 0 && !(s in seen); s--) seen[s] = now;
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["data-last-seq"] });
    });
    const before = { ...reads };
    const first = seq + 1;
    while (seq < STEPS) {
      seq = await approve(runId, seq);
      await page.waitForFunction((s) => s in (window as unknown as { seen: object }).seen, seq, { timeout: 30_000 });
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 180)); // not in step with anything
    }
    const { seen, arrived } = await page.evaluate(() => {
      const w = window as unknown as Record<"seen" | "arrived", Record<number, number>>;
      return { seen: w.seen, arrived: w.arrived };
    });
    const rows = await database.db.transition.findMany({
      where: { runId, seq: { gte: first, lte: seq } },
      select: { seq: true, createdAt: true },
    });
    const latencies = rows.map((r) => (seen[r.seq] ?? Number.NaN) - r.createdAt.getTime());
    const arrivals = rows.map((r) => (arrived[r.seq] ?? Number.NaN) - r.createdAt.getTime());
    const f = (v: number) => v.toFixed(0);
    const spread = (v: number[]) => [0.5, 0.95, 0.99].map((q) => f(quantile(v, q))).join(" / ") + ` / ${f(Math.max(...v))}`;
    const header = [
      "run",
      "page opened in",
      "measured",
      "commit -> delta in the page p50 / p95 / p99 / max ms",
      "commit -> shown p50 / p95 / p99 / max ms",
      "runs.get / runs.delta reads",
    ];
    const row = [
      `${STEPS} steps (${first - 1} transitions when opened; prepared in ${prepared.toFixed(0)} s)`,
      `${(openMs / 1000).toFixed(1)} s`,
      String(latencies.length),
      spread(arrivals),
      spread(latencies),
      `${reads.whole - before.whole} / ${reads.delta - before.delta}`,
    ];
    process.stdout.write(`${table(header, [row])}\n(median shown ${f(median(latencies))} ms)\n`);
  } finally {
    await browser.close();
    app.kill("SIGTERM");
    await new Promise((r) => app.once("exit", r));
    await database.dispose();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
