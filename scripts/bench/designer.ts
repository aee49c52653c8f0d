/**
 * Designer benchmark (issue 5, "Scale"): opens a 300-state workflow in the real
 * app with Chromium and measures how long until the canvas is drawn, then the
 * frame times while panning and while dragging a step.
 *
 *   npm run bench:designer            (STATES=300 by default)
 *
 * Starts its own server (scripts/start.ts, building if needed) on BENCH_PORT
 * (3190) with a throwaway data directory. Prints figures; asserts nothing.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import superjson from "superjson";
import { chromium, type Page } from "@playwright/test";
import { int, median, quantile, table } from "./stats";
import { profile } from "./cpu-profile";

const STATES = Number(process.env.STATES ?? 300);
const PORT = Number(process.env.BENCH_PORT ?? 3190);
const BASE = `http://127.0.0.1:${PORT}`;

/** A long workflow with branches every tenth step and error routes, like a big real one. */
export function bigWorkflow(n: number) {
  const states: Record<string, unknown> = {};
  for (let i = 0; i < n - 1; i++) {
    const next = i + 1 < n - 1 ? `s${i + 1}` : "done";
    states[`s${i}`] =
      i % 10 === 9
        ? {
            type: "choice",
            title: `Decide ${i}`,
            choices: [{ label: "Big", when: "{% $input.amount > 100 %}", next }],
            default: next,
          }
        : {
            type: "tool",
            title: `Step ${i}`,
            server: "crm",
            tool: "find_customer",
            input: { email: "{% $input.email %}" },
            retry: { maxAttempts: 3 },
            catch: [{ errors: ["*"], next: "done" }],
            next,
          };
  }
  states.done = { type: "succeed", title: "Done" };
  return {
    schemaVersion: 1,
    name: `Big workflow (${n} steps)`,
    input: { type: "object", properties: { email: { type: "string" }, amount: { type: "number" } } },
    startAt: "s0",
    states,
  };
}

async function trpc<T>(procedure: string, input: unknown): Promise<T> {
  const res = await fetch(`${BASE}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(superjson.serialize(input)),
  });
  const raw = (await res.json()) as { result?: { data: never }; error?: unknown };
  if (!raw.result) throw new Error(`${procedure} failed: ${JSON.stringify(raw.error)}`);
  return superjson.deserialize<T>(raw.result.data);
}

async function waitForServer(deadline: number) {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${BASE}/api/trpc/system.info`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`The server did not start on ${BASE}`);
}

/** Frame intervals (ms) recorded in the page while `work` runs. Scripts are strings: tsx would wrap functions in helpers the page lacks. */
async function frameTimes(page: Page, work: () => Promise<void>): Promise<number[]> {
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__stop = false;
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (!window.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await work();
  return page.evaluate<number[]>(`(() => { window.__stop = true; return window.__frames.slice(1); })()`);
}

async function drag(page: Page, from: { x: number; y: number }, dx: number, dy: number, steps: number) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) await page.mouse.move(from.x + (dx * i) / steps, from.y + (dy * i) / steps);
  await page.mouse.up();
}

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), "switchyard-bench-designer-"));
  const server = spawn("npx", ["tsx", "scripts/start.ts"], {
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      SEED_DEMO: "false",
      SWITCHYARD_ENGINE: "off",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox"],
  });
  try {
    await waitForServer(Date.now() + 300_000);
    const { id } = await trpc<{ id: string }>("workflows.importJson", { text: JSON.stringify(bigWorkflow(STATES)) });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${BASE}/workflows/${id}`); // warm-up: compiles nothing in production, fills caches
    await page.locator(".react-flow__node").first().waitFor();

    const opens: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = Date.now();
      await page.goto(`${BASE}/workflows/${id}`);
      await page.locator(".react-flow__node").first().waitFor();
      await page.evaluate(`new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))`);
      opens.push(Date.now() - t0);
    }
    const openProfile =
      process.env.PROFILE === "1"
        ? await profile(page, async () => {
            await page.goto(`${BASE}/workflows/${id}`);
            await page.locator(".react-flow__node").first().waitFor();
          })
        : null;
    const pane = (await page.locator(".react-flow__pane").boundingBox())!;
    const centre = { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 };
    const fit = async () => {
      await page.keyboard.press("Shift+F");
      await page.waitForTimeout(500); // the zoom-to-fit animation (300 ms)
    };
    if (process.env.CSS) await page.addStyleTag({ content: process.env.CSS });
    await fit();
    const drawn = await page.locator(".react-flow__node").count();
    const pan = await frameTimes(page, () => drag(page, { x: centre.x, y: pane.y + 20 }, -400, 300, 90));
    // Back to the whole workflow: the pan may have moved every step out of view.
    await fit();
    const node = (await page
      .locator(".react-flow__node")
      .nth(Math.floor((await page.locator(".react-flow__node").count()) / 2))
      .boundingBox())!;
    const move = await frameTimes(page, () => drag(page, { x: node.x + 40, y: node.y + 20 }, 250, 120, 90));
    // PROFILE=1: where the time of a drag goes (functions by self time; a production build has short names).
    const dragProfile =
      process.env.PROFILE === "1"
        ? await profile(page, () => drag(page, { x: node.x + 290, y: node.y + 140 }, -250, -120, 90))
        : null;

    const row = (label: string, values: number[]) => [
      label,
      int(median(values)),
      int(quantile(values, 0.95)),
      int(Math.max(...values)),
    ];
    console.log(`\nDesigner with ${STATES} states (${drawn} nodes drawn at fit view; only visible ones are rendered)\n`);
    console.log(
      table(
        ["measure", "p50 ms", "p95 ms", "max ms"],
        [row("open page -> canvas drawn", opens), row("frame while panning", pan), row("frame while dragging a step", move)],
        [false, true, true, true],
      ),
    );
    console.log(
      `\nFPS while panning: ${int(1000 / median(pan))}, while dragging: ${int(1000 / median(move))} (target: opens < 1500 ms, smooth = frames ~16.7 ms)`,
    );
    if (openProfile) console.log(`\nOpening the page. ${openProfile}`);
    if (dragProfile) console.log(`\nDragging a step. ${dragProfile}`);
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid, "SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
