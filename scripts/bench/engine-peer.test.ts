import { describe, expect, it } from "vitest";
import { peerComparison } from "./engine-peer";
import type { EngineFigures, Report } from "./engine-report";
import type { Throughput } from "./engine-phases";
import type { DbosFigures } from "./peers/dbos";

const rate = (perSecond: number, concurrency: number): Throughput => ({
  concurrency,
  transitions: perSecond,
  seconds: 1,
  perSecond,
  cpuUsPerTransition: 100,
  eventLoop: 0.5,
  serverCpuUsPerTransition: null,
});

/** An engine whose median 32-run rate is `many` and whose steps add `added` ms over a 1 ms call. */
function engine(store: string, many: number[], added: number): EngineFigures {
  return {
    store,
    rounds: many.map((m) => ({ one: rate(100, 1), many: rate(m, 32) })),
    steps1: Array.from({ length: 5 }, () => ({ gap: 1 + added, call: 1 })),
    escalationsIdle: [],
    escalationsLoaded: null,
    note: null,
  };
}

function report(provider: Report["provider"], engines: EngineFigures[]): Report {
  return {
    provider,
    label: provider === "sqlite" ? "SQLite WAL, synchronous=FULL" : "PostgreSQL 15",
    steps: 20,
    concurrency: 32,
    engines,
    bare: [0.5],
    burst: 1000,
    loadChains: 0,
    profiles: [],
    micro: [],
    elapsedSeconds: 1,
  };
}

const dbos: DbosFigures = {
  stepsPerSecond: 500,
  seconds: 10,
  solo: [
    { wall: 4, call: 1 },
    { wall: 5, call: 1 },
    { wall: 6, call: 1 },
  ],
};

describe("peerComparison", () => {
  it("sets the median 32-run rate against DBOS's steps/s with the SQLite target (8x)", () => {
    const text = peerComparison(
      report("sqlite", [engine("fast", [4100, 4000, 3900], 0.4), engine("slow", [3000], 0.6)]),
      dbos,
      320,
    );
    expect(text).toContain("ratio Switchyard on SQLite (fast) / DBOS on PostgreSQL: 8.00x transitions/s (target >= 8x: met)");
    expect(text).toContain("added per step p50 0.400 ms vs DBOS 4.000 ms (target <= 0.5 ms: met)");
    expect(text).toContain("ratio Switchyard on SQLite (slow) / DBOS on PostgreSQL: 6.00x transitions/s (target >= 8x: NOT MET)");
    expect(text).toContain("(target <= 0.5 ms: NOT MET)");
    expect(text).toMatch(/\| +500 \| >= 8x DBOS +\|/);
  });

  it("uses PostgreSQL's targets (4x, 1.5 ms)", () => {
    const text = peerComparison(report("postgresql", [engine("driver", [2100], 1.4)]), dbos, 320);
    expect(text).toContain("4.20x transitions/s (target >= 4x: met)");
    expect(text).toContain("added per step p50 1.400 ms vs DBOS 4.000 ms (target <= 1.5 ms: met)");
  });
});
