/** bench:engine's tables: figures beside their targets, the timed-ports profile, the micro-measurements. */
import { int, median, ms, quantile, range, table } from "./stats";
import type { Throughput } from "./engine-phases";
import type { Spans } from "./engine-spans";
import type { MicroRow } from "./engine-micro";

/** One engine's figures: the app's (PrismaRunStore) or the prototype store's. */
export interface EngineFigures {
  store: string;
  rounds: { one: Throughput; many: Throughput }[];
  /** Per step with 1 run: wall ms from commit to commit, and the call's own latencyMs. */
  steps1: { gap: number; call: number }[];
  escalationsIdle: number[];
  escalationsLoaded: number[] | null;
  note: string | null;
}

export interface Report {
  provider: "sqlite" | "postgresql";
  label: string;
  steps: number;
  concurrency: number;
  engines: EngineFigures[];
  bare: number[];
  /** Bare calls per second through the pool with `concurrency` in flight. */
  burst: number;
  loadChains: number;
  profiles: { concurrency: number; throughput: Throughput; spans: ReturnType<Spans["summary"]> }[];
  micro: MicroRow[];
  elapsedSeconds: number;
}

interface Targets {
  throughput: number | null;
  throughputNote: string;
  added: [number, number];
  resolve: { p50: number | null; p99: number; note: string };
}

function targetsOf(r: Report): Targets {
  if (r.provider === "postgresql")
    return {
      throughput: 3000,
      throughputNote: ">= 3,000",
      added: [1.5, 10],
      resolve: { p50: 5, p99: 50, note: "multi-worker p50 <= 5, p99 <= 50 (measured here in one process)" },
    };
  const full = r.label.includes("synchronous=FULL");
  return {
    throughput: full ? 5000 : null,
    throughputNote: full ? ">= 5,000 (stretch 8,000)" : "(>= 5,000 is set for synchronous=FULL)",
    added: full ? [0.5, 5] : [0.5, 5],
    resolve: { p50: null, p99: 20, note: "embedded p99 <= 20" },
  };
}

const pair = (a: number, b: number) => `${ms(a)} / ${ms(b)}`;
const p50p99 = (values: number[]) => pair(quantile(values, 0.5), quantile(values, 0.99));

/** "1,234 (97%) + 56": medians over rounds. */
function cpu(list: Throughput[]): string {
  const server = list.flatMap((t) => (t.serverCpuUsPerTransition === null ? [] : [t.serverCpuUsPerTransition]));
  const own = `${int(median(list.map((t) => t.cpuUsPerTransition)))} (${(100 * median(list.map((t) => t.eventLoop))).toFixed(0)}%)`;
  return server.length > 0 ? `${own} + ${int(median(server))}` : own;
}

/** One table row: the measure, one figure (and verdict) per engine, the target. */
type Line = { measure: string; target: string; figure: (e: EngineFigures) => string; ok?: (e: EngineFigures) => boolean };

export function printReport(r: Report): void {
  const t = targetsOf(r);
  const many = (e: EngineFigures) => median(e.rounds.map((x) => x.many.perSecond));
  const added = (e: EngineFigures) => e.steps1.map((s) => s.gap - s.call);
  const gaps = (e: EngineFigures) => e.steps1.map((s) => s.gap);
  const spread = (values: number[]) => {
    const [lo, hi] = range(values);
    return `${int(median(values))} (${int(lo)}-${int(hi)})`;
  };
  const resolveOk = (values: number[]) =>
    quantile(values, 0.99) <= t.resolve.p99 && (t.resolve.p50 === null || quantile(values, 0.5) <= t.resolve.p50);
  const bareP50 = quantile(r.bare, 0.5);
  const lines: Line[] = [
    {
      measure: `durable step transitions/s, ${r.concurrency} runs in flight, median (range) of rounds`,
      target: t.throughputNote,
      figure: (e) => spread(e.rounds.map((x) => x.many.perSecond)),
      ok: t.throughput === null ? undefined : (e) => many(e) >= (t.throughput ?? 0),
    },
    {
      measure: `  CPU µs per transition: executor (event loop busy) + MCP server`,
      target: "-",
      figure: (e) => cpu(e.rounds.map((x) => x.many)),
    },
    { measure: `durable step transitions/s, 1 run`, target: "-", figure: (e) => spread(e.rounds.map((x) => x.one.perSecond)) },
    {
      measure: `  CPU µs per transition: executor (event loop busy) + MCP server`,
      target: "-",
      figure: (e) => cpu(e.rounds.map((x) => x.one)),
    },
    { measure: `step wall time, commit to commit, 1 run, p50 / p99 ms`, target: "-", figure: (e) => p50p99(gaps(e)) },
    {
      measure: `  its MCP call (StepAttempt.latencyMs), p50 / p99 ms`,
      target: "-",
      figure: (e) => p50p99(e.steps1.map((s) => s.call)),
    },
    {
      measure: `  added per step (wall - its call), p50 / p99 ms`,
      target: `<= ${t.added[0]} / ${t.added[1]}`,
      figure: (e) => p50p99(added(e)),
      ok: (e) => quantile(added(e), 0.5) <= t.added[0] && quantile(added(e), 0.99) <= t.added[1],
    },
    {
      measure: `  step wall p50 - bare call p50 (${ms(bareP50)}), ms`,
      target: `<= ${t.added[0]}`,
      figure: (e) => ms(quantile(gaps(e), 0.5) - bareP50),
      ok: (e) => quantile(gaps(e), 0.5) - bareP50 <= t.added[0],
    },
    {
      measure: `escalation resolved -> next call_tool committed, idle, p50 / p99 ms`,
      target: t.resolve.note,
      figure: (e) => p50p99(e.escalationsIdle),
      ok: (e) => resolveOk(e.escalationsIdle),
    },
  ];
  if (r.loadChains > 0)
    lines.push({
      measure: `  same with ${r.loadChains} chains running, p50 / p99 ms`,
      target: t.resolve.note,
      figure: (e) => (e.escalationsLoaded ? p50p99(e.escalationsLoaded) : "-"),
      ok: (e) => (e.escalationsLoaded ? resolveOk(e.escalationsLoaded) : true),
    });

  console.log(`\n## ${r.label}\n`);
  console.log(
    table(
      ["measure", ...r.engines.map((e) => e.store), "target"],
      lines.map((l) => [
        l.measure,
        ...r.engines.map((e) => (l.ok ? `${l.figure(e)} ${l.ok(e) ? "met" : "NOT MET"}` : l.figure(e))),
        l.target,
      ]),
      [false, ...r.engines.map(() => true), false],
    ),
  );
  console.log(
    `\nbare MCP call through the pool: p50 / p99 ${p50p99(r.bare)} ms (${r.bare.length} sequential), ${int(r.burst)} calls/s ` +
      `with ${r.concurrency} in flight. ${r.engines[0]?.rounds.length ?? 0} rounds; ` +
      `${r.engines.map((e) => `${e.store}: ${e.steps1.length} steps sampled, ${e.escalationsIdle.length} + ${e.escalationsLoaded?.length ?? 0} escalations${e.note ? `, ${e.note}` : ""}`).join("; ")}; ` +
      `${r.elapsedSeconds.toFixed(0)} s.`,
  );

  for (const p of r.profiles) {
    const wall = 1000 / p.throughput.perSecond;
    console.log(
      `\n### where the time goes, ${p.concurrency} run${p.concurrency === 1 ? "" : "s"} in flight (ports timed per call): ` +
        `${int(p.throughput.perSecond)} transitions/s, ${ms(wall)} ms of wall time per transition\n`,
    );
    const spanRows = p.spans.map((s) => [
      s.name,
      s.perTransition.toFixed(2),
      ms(s.mean),
      ms(s.p50),
      ms(s.p99),
      ms(s.msPerTransition),
    ]);
    if (p.concurrency === 1) {
      const inSpans = p.spans.reduce((a, s) => a + s.msPerTransition, 0);
      spanRows.push(["outside the ports (core step, JSONata, engine, listeners)", "-", "-", "-", "-", ms(wall - inSpans)]);
    }
    console.log(
      table(["span", "per transition", "mean ms", "p50 ms", "p99 ms", "ms per transition"], spanRows, [
        false,
        true,
        true,
        true,
        true,
        true,
      ]),
    );
  }

  if (r.micro.length > 0) {
    console.log(`\n### underneath: the same writes and reads, measured alone\n`);
    console.log(
      table(
        ["operation", "µs per op", "ops/s", "note"],
        r.micro.map((m) => [m.what, m.usPerOp.toFixed(1), int(m.perSecond), m.note]),
        [false, true, true, false],
      ),
    );
  }
}
