/**
 * npm run bench:mcp — what the MCP connection layer adds to a tool call.
 *
 * Calls `echo` on @modelcontextprotocol/server-everything through the bare SDK
 * Client and through McpConnectionManager, over stdio and Streamable HTTP, side
 * by side in one run: p50/p99 of sequential calls (the two clients alternate
 * call by call) and calls/s with 32 calls in flight (bursts alternate ABBA),
 * repeated in rounds; figures are medians across rounds. Then, with the SDK
 * call replaced by a resolved promise, the layer's own CPU cost per call.
 *
 * Target (docs/performance.md): the manager adds < 0.1 ms p50 on stdio.
 *
 *   npx tsx scripts/bench/mcp.ts [--rounds 10] [--transports stdio,http] ...   (--help lists all)
 *
 * Every option also reads from the environment: --stdio-calls is BENCH_STDIO_CALLS, and so on.
 */
import { parseArgs } from "node:util";
import { setMaxListeners } from "node:events";
import os from "node:os";
import type { McpServerConfig } from "@/lib/mcp/server-config";
import { McpConnectionManager } from "@/server/mcp/manager";
import { EVERYTHING, startEverythingHttp, stdio } from "@/server/mcp/testing";
import { connectBare } from "./bare-sdk";
import { int, median, ms, quantile, range, signedMs, table } from "./stats";

const TARGET_STDIO_ADDED_P50_MS = 0.1;

const OPTIONS = {
  rounds: { default: "10", help: "measured rounds per transport" },
  transports: { default: "stdio,http", help: "comma-separated: stdio, http" },
  "stdio-calls": { default: "600", help: "sequential calls per client per round over stdio" },
  "http-calls": { default: "200", help: "sequential calls per client per round over HTTP" },
  "stdio-burst": { default: "5000", help: "calls per client per round in the in-flight burst over stdio" },
  "http-burst": { default: "1000", help: "calls per client per round in the in-flight burst over HTTP" },
  concurrency: { default: "32", help: "calls in flight during a burst" },
  warmup: { default: "2", help: "unmeasured rounds before measuring" },
  "micro-calls": { default: "20000", help: "calls per variant per round in the in-process cost test (0 skips it)" },
} as const;
type OptionName = keyof typeof OPTIONS;

function readOptions(): Record<OptionName, string> & { control: boolean } {
  const { values } = parseArgs({
    options: {
      help: { type: "boolean" },
      control: { type: "boolean" },
      ...(Object.fromEntries(Object.keys(OPTIONS).map((name) => [name, { type: "string" }])) as Record<
        OptionName,
        { type: "string" }
      >),
    },
    strict: true,
  });
  if (values.help) {
    console.log("Usage: npx tsx scripts/bench/mcp.ts [options]\n");
    for (const [name, o] of Object.entries(OPTIONS)) {
      const env = `BENCH_${name.toUpperCase().replaceAll("-", "_")}`;
      console.log(`  --${name.padEnd(12)} ${o.help} (default ${o.default}; env ${env})`);
    }
    console.log(
      `  --control      A/A run: a second bare SDK client in place of the manager, to see the noise floor (env BENCH_CONTROL=1)`,
    );
    process.exit(0);
  }
  const out = { control: values.control === true || process.env.BENCH_CONTROL === "1" } as Record<OptionName, string> & {
    control: boolean;
  };
  for (const name of Object.keys(OPTIONS) as OptionName[]) {
    const fromFlag = values[name];
    const fromEnv = process.env[`BENCH_${name.toUpperCase().replaceAll("-", "_")}`];
    out[name] = typeof fromFlag === "string" ? fromFlag : (fromEnv ?? OPTIONS[name].default);
  }
  return out;
}

function count(options: Record<OptionName, string>, name: OptionName, min = 1): number {
  const n = Number(options[name]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min} (got "${options[name]}")`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Clean-up: every server process is tracked, closed in `finally`, killed on exit if still there.

interface Owned {
  close: () => Promise<void>;
  /** Server processes behind it, killed on exit if still listed. */
  pids: number[];
}
const owned = new Set<Owned>();
let closing: Promise<void> | null = null;
let interrupted = false;

/** Registers something to close; `release()` closes it now (once). */
function own(close: () => Promise<void>, pids: (number | null | undefined)[] = []): Owned & { release(): Promise<void> } {
  const entry = {
    close,
    pids: pids.filter((p): p is number => typeof p === "number"),
    release: async () => {
      if (!owned.has(entry)) return;
      await close().catch((err: unknown) => console.error(`clean-up: ${String(err)}`));
      owned.delete(entry);
    },
  };
  owned.add(entry);
  return entry;
}

function closeAll(): Promise<void> {
  closing ??= (async () => {
    for (const entry of [...owned].reverse()) {
      await entry.close().catch((err: unknown) => console.error(`clean-up: ${String(err)}`));
      owned.delete(entry);
    }
  })();
  return closing;
}

process.on("exit", () => {
  for (const entry of owned) {
    for (const pid of entry.pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n${signal}: shutting down`);
    void closeAll().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// Measuring.

type Call = () => Promise<unknown>;
const ARGS = { message: "bench" };

interface RoundFigures {
  p50: number;
  p99: number;
  callsPerSecond: number;
}

interface Side {
  label: string;
  call: Call;
}

async function timed(call: Call): Promise<number> {
  const start = performance.now();
  await call();
  return performance.now() - start;
}

/** n sequential calls per side, alternating call by call (ABBA), so drift on the machine hits both alike. */
async function sequential(a: Call, b: Call, n: number): Promise<[Float64Array, Float64Array]> {
  const ta = new Float64Array(n);
  const tb = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) {
      ta[i] = await timed(a);
      tb[i] = await timed(b);
    } else {
      tb[i] = await timed(b);
      ta[i] = await timed(a);
    }
  }
  return [ta, tb];
}

/** `total` calls with `concurrency` in flight; calls per second. */
async function burst(call: Call, total: number, concurrency: number): Promise<number> {
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      await call();
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / ((performance.now() - start) / 1000);
}

async function round(
  sides: [Side, Side],
  r: number,
  calls: number,
  burstCalls: number,
  concurrency: number,
): Promise<[RoundFigures, RoundFigures]> {
  const [ta, tb] = await sequential(sides[0].call, sides[1].call, calls);
  // Alternate which side bursts first from round to round.
  let cpsA: number;
  let cpsB: number;
  if (r % 2 === 0) {
    cpsA = await burst(sides[0].call, burstCalls, concurrency);
    cpsB = await burst(sides[1].call, burstCalls, concurrency);
  } else {
    cpsB = await burst(sides[1].call, burstCalls, concurrency);
    cpsA = await burst(sides[0].call, burstCalls, concurrency);
  }
  return [
    { p50: median(ta), p99: quantile(ta, 0.99), callsPerSecond: cpsA },
    { p50: median(tb), p99: quantile(tb, 0.99), callsPerSecond: cpsB },
  ];
}

interface TransportResult {
  transport: string;
  rows: { label: string; p50: number; p99: number; callsPerSecond: number; p50Range: [number, number] }[];
  /** Median over rounds of (manager p50 - bare p50) in the same round, and its range. */
  addedP50: number;
  addedP50Range: [number, number];
  throughputRatio: number;
}

/** True when a tools/call result (bare or through the manager) echoed our message. */
function echoed(result: unknown): boolean {
  const r = result as { content?: { text?: string }[]; isError?: boolean };
  return !r.isError && (r.content ?? []).some((c) => c.text?.includes(ARGS.message));
}

async function benchTransport(
  transport: string,
  sides: [Side, Side],
  o: { rounds: number; warmup: number; calls: number; burst: number; concurrency: number },
): Promise<TransportResult> {
  // Both must really echo (a bare isError result would not throw).
  for (const side of sides) {
    const result = await side.call();
    if (!echoed(result)) throw new Error(`echo through ${side.label} over ${transport} failed: ${JSON.stringify(result)}`);
  }

  for (let r = 0; r < o.warmup; r++) await round(sides, r, o.calls, o.burst, o.concurrency);
  const perRound: [RoundFigures, RoundFigures][] = [];
  for (let r = 0; r < o.rounds; r++) {
    const figures = await round(sides, r, o.calls, o.burst, o.concurrency);
    perRound.push(figures);
    const [a, b] = figures;
    process.stderr.write(
      `  ${transport} round ${r + 1}/${o.rounds}: p50 ${ms(a.p50)} / ${ms(b.p50)} ms, ${int(a.callsPerSecond)} / ${int(b.callsPerSecond)} calls/s\n`,
    );
  }
  const rows = sides.map((side, i) => {
    const mine = perRound.map((f) => f[i] as RoundFigures);
    return {
      label: side.label,
      p50: median(mine.map((f) => f.p50)),
      p99: median(mine.map((f) => f.p99)),
      callsPerSecond: median(mine.map((f) => f.callsPerSecond)),
      p50Range: range(mine.map((f) => f.p50)),
    };
  });
  const added = perRound.map(([a, b]) => b.p50 - a.p50);
  const ratios = perRound.map(([a, b]) => b.callsPerSecond / a.callsPerSecond);
  return { transport, rows, addedP50: median(added), addedP50Range: range(added), throughputRatio: median(ratios) };
}

/**
 * The layer's own cost per call, with the SDK call on the manager's client replaced by an
 * already-resolved promise: what remains is McpConnectionManager.callTool -> McpConnection.callTool
 * -> ensure() -> the options object -> performance.now() twice -> the result object.
 * Variants alternate in rounds; figures are medians of microseconds per call.
 */
async function inProcessCost(manager: McpConnectionManager, server: string, calls: number, rounds: number) {
  const connection = await manager.connection(server);
  const client = await connection.ensure();
  const result = { content: [{ type: "text", text: `Echo: ${ARGS.message}` }] };
  const original = client.callTool.bind(client);
  client.callTool = (() => Promise.resolve(result)) as unknown as typeof client.callTool;
  const params = { name: "echo", arguments: ARGS };
  const variants: [string, Call][] = [
    ["SDK client.callTool (stubbed), as a bare caller makes it", () => client.callTool(params, undefined, { timeout: 60_000 })],
    ["McpConnection.ensure() alone", () => connection.ensure()],
    ["McpConnectionManager.connection() alone", () => manager.connection(server)],
    ["McpConnection.callTool (stubbed SDK call)", () => connection.callTool("echo", ARGS)],
    ["McpConnectionManager.callTool (stubbed SDK call)", () => manager.callTool(server, "echo", ARGS)],
  ];
  const samples = variants.map(() => [] as number[]);
  try {
    for (let r = 0; r < rounds + 1; r++) {
      const order = r % 2 === 0 ? variants.map((_, i) => i) : variants.map((_, i) => variants.length - 1 - i);
      for (const i of order) {
        const call = (variants[i] as [string, Call])[1];
        const start = performance.now();
        for (let k = 0; k < calls; k++) await call();
        const usPerCall = ((performance.now() - start) * 1000) / calls;
        if (r > 0) samples[i]?.push(usPerCall); // round 0 warms the JIT
      }
    }
  } finally {
    client.callTool = original;
  }
  return variants.map(([label], i) => ({ label, us: median(samples[i] ?? []) }));
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = readOptions();
  const rounds = count(options, "rounds");
  const warmup = count(options, "warmup", 0);
  const concurrency = count(options, "concurrency");
  const microCalls = count(options, "micro-calls", 0);
  const stdioCalls = count(options, "stdio-calls");
  const httpCalls = count(options, "http-calls");
  const stdioBurst = count(options, "stdio-burst");
  const httpBurst = count(options, "http-burst");
  const transports = options.transports.split(",").map((t) => t.trim());
  for (const t of transports) if (t !== "stdio" && t !== "http") throw new Error(`unknown transport "${t}"`);

  // The SDK's HTTP client adds an abort listener per request to a shared signal; without this,
  // Node prints MaxListenersExceededWarning after a few thousand calls (noise: the heap stays flat).
  setMaxListeners(0);

  const cpus = os.cpus();
  console.log(`# bench:mcp — ${new Date().toISOString()}`);
  console.log(
    `node ${process.version}, ${cpus.length} CPU (${cpus[0]?.model.trim() ?? "?"}), load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  console.log(
    `rounds ${rounds} (+${warmup} warm-up); sequential calls per client per round: stdio ${options["stdio-calls"]}, HTTP ${options["http-calls"]}; ` +
      `burst: stdio ${options["stdio-burst"]}, HTTP ${options["http-burst"]} calls, ${concurrency} in flight\n`,
  );

  const configs = new Map<string, McpServerConfig>();
  const manager = new McpConnectionManager({ resolve: (name) => Promise.resolve(configs.get(name) ?? null) });
  const managerOwned = own(() => manager.closeAll());

  /** Bare clients opened for the current transport, closed when it is done. */
  const bareOwned: { release(): Promise<void> }[] = [];
  const openBare = async (config: McpServerConfig) => {
    const bare = await connectBare(config);
    bareOwned.push(own(() => bare.close(), [bare.pid]));
    return bare;
  };
  const releaseBare = async () => {
    for (const b of bareOwned.splice(0)) await b.release();
  };

  /** The two sides compared: the bare SDK and the manager, or (--control) two bare SDK clients. */
  const pair = async (config: McpServerConfig, server: string): Promise<[Side, Side]> => {
    const bare = await openBare(config);
    const first: Side = { label: "bare SDK Client", call: () => bare.call("echo", ARGS) };
    if (options.control) {
      const second = await openBare(config);
      return [first, { label: "bare SDK Client #2 (control)", call: () => second.call("echo", ARGS) }];
    }
    const connection = await manager.connection(server);
    await connection.ensure();
    if (connection.info?.pid) managerOwned.pids.push(connection.info.pid);
    return [first, { label: "McpConnectionManager", call: () => manager.callTool(server, "echo", ARGS) }];
  };

  const results: TransportResult[] = [];
  let micro: Awaited<ReturnType<typeof inProcessCost>> | null = null;

  if (transports.includes("stdio")) {
    configs.set("everything-stdio", stdio(EVERYTHING));
    const sides = await pair(stdio(EVERYTHING), "everything-stdio");
    results.push(
      await benchTransport("stdio", sides, {
        rounds,
        warmup,
        calls: stdioCalls,
        burst: stdioBurst,
        concurrency,
      }),
    );
    if (microCalls > 0 && !options.control) {
      micro = await inProcessCost(manager, "everything-stdio", microCalls, Math.max(3, Math.ceil(rounds / 2)));
    }
    // Stop the stdio servers before measuring HTTP.
    await releaseBare();
    await manager.invalidate("everything-stdio");
    managerOwned.pids.splice(0);
  }

  if (transports.includes("http")) {
    // One server process; each client holds its own session on it.
    const http = await startEverythingHttp();
    own(() => http.stop(), [http.process.pid]);
    const config: McpServerConfig = { transport: "http", url: http.url, headers: {} };
    configs.set("everything-http", config);
    results.push(
      await benchTransport("Streamable HTTP", await pair(config, "everything-http"), {
        rounds,
        warmup,
        calls: httpCalls,
        burst: httpBurst,
        concurrency,
      }),
    );
  }

  // ------------------------------------------------------------------------------------------
  console.log(`\n## echo on server-everything, medians of ${rounds} rounds\n`);
  console.log(
    table(
      ["transport", "client", "p50 ms", "p99 ms", `calls/s, ${concurrency} in flight`, "p50 range over rounds"],
      results.flatMap((r) =>
        r.rows.map((row) => [
          r.transport,
          row.label,
          ms(row.p50),
          ms(row.p99),
          int(row.callsPerSecond),
          `${ms(row.p50Range[0])}-${ms(row.p50Range[1])}`,
        ]),
      ),
      [false, false, true, true, true, true],
    ),
  );
  console.log(
    `\n## added by ${options.control ? "the second bare client (control)" : "the manager"} (median of per-round differences, same round)\n`,
  );
  console.log(
    table(
      ["transport", "added p50 ms", "range over rounds", "throughput vs bare", "target"],
      results.map((r) => [
        r.transport,
        signedMs(r.addedP50),
        `${signedMs(r.addedP50Range[0])} to ${signedMs(r.addedP50Range[1])}`,
        `${(r.throughputRatio * 100).toFixed(1)}%`,
        r.transport === "stdio" && !options.control
          ? `< ${TARGET_STDIO_ADDED_P50_MS} ms: ${r.addedP50 < TARGET_STDIO_ADDED_P50_MS ? "met" : "NOT MET"}`
          : "-",
      ]),
      [false, true, false, true, false],
    ),
  );
  if (micro) {
    const base = micro[0]?.us ?? 0;
    console.log(`\n## in-process cost per call, SDK call stubbed (${microCalls} calls per variant per round, median)\n`);
    console.log(
      table(
        ["path", "µs per call", "over the stubbed SDK call"],
        micro.map((m, i) => [
          m.label,
          m.us.toFixed(2),
          i === 0 ? "-" : `${m.us - base >= 0 ? "+" : ""}${(m.us - base).toFixed(2)}`,
        ]),
        [false, true, true],
      ),
    );
  }
  const stdioResult = results.find((r) => r.transport === "stdio");
  if (stdioResult && !options.control) {
    const met = stdioResult.addedP50 < TARGET_STDIO_ADDED_P50_MS;
    console.log(
      `\nTarget: the manager adds < ${TARGET_STDIO_ADDED_P50_MS} ms p50 on stdio — ${met ? "met" : "NOT MET"} (${signedMs(stdioResult.addedP50)} ms).`,
    );
  }
}

let exitCode = 0;
try {
  await main();
} catch (err) {
  // After SIGINT/SIGTERM the calls in flight fail as their servers stop: not worth a stack.
  if (!interrupted) console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  exitCode = 1;
} finally {
  await closeAll();
}
process.exit(interrupted ? 130 : exitCode);
