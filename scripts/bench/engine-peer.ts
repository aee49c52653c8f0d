/**
 * bench:engine beside DBOS Transact: after each database's figures, DBOS (peers/dbos.ts) runs the same chain (same step
 * count, same runs in flight, same stdio no-op MCP tool) on PostgreSQL, and one table sets the engine's 32-run
 * transitions/s and added latency per step beside DBOS's steps/s and its own added latency, with the ratios and the
 * targets of issue 24 (>= 8x DBOS on SQLite, >= 4x on PostgreSQL; added per step p50 <= 0.5 ms SQLite, <= 1.5 ms
 * PostgreSQL).
 */
import { DBOS_VERSION, type DbosFigures } from "./peers/dbos";
import type { EngineFigures, Report } from "./engine-report";
import { int, median, ms, table } from "./stats";

export const PEER_TARGETS = {
  sqlite: { ratio: 8, addedP50: 0.5 },
  postgresql: { ratio: 4, addedP50: 1.5 },
} as const;

const verdict = (ok: boolean) => (ok ? "met" : "NOT MET");
const throughputOf = (e: EngineFigures) => median(e.rounds.map((x) => x.many.perSecond));
const addedP50 = (e: EngineFigures) => median(e.steps1.map((s) => s.gap - s.call));

/** The side-by-side table and one ratio line per engine measured. */
export function peerComparison(r: Report, peer: DbosFigures, peerRuns: number): string {
  const target = PEER_TARGETS[r.provider];
  const database = r.provider === "sqlite" ? "SQLite" : "PostgreSQL";
  const dbosAdded = median(peer.solo.map((s) => s.wall - s.call));
  const dbosWall = median(peer.solo.map((s) => s.wall));
  const rows = [
    [
      `transitions/s, ${r.concurrency} runs in flight (DBOS: steps/s), x DBOS`,
      ...r.engines.map((e) => {
        const ratio = throughputOf(e) / peer.stepsPerSecond;
        return `${int(throughputOf(e))} (${ratio.toFixed(1)}x) ${verdict(ratio >= target.ratio)}`;
      }),
      int(peer.stepsPerSecond),
      `>= ${target.ratio}x DBOS`,
    ],
    [
      `added per step, 1 run, p50 ms (wall - its MCP call)`,
      ...r.engines.map((e) => `${ms(addedP50(e))} ${verdict(addedP50(e) <= target.addedP50)}`),
      ms(dbosAdded),
      `<= ${target.addedP50}`,
    ],
    [`step wall time, 1 run, p50 ms`, ...r.engines.map((e) => ms(median(e.steps1.map((s) => s.gap)))), ms(dbosWall), "-"],
  ];
  const head =
    `\n### beside DBOS Transact ${DBOS_VERSION} (PostgreSQL, scratch database; same chain of ${r.steps} no-op MCP steps, ` +
    `${r.concurrency} in flight, ${peerRuns} workflows in ${peer.seconds.toFixed(1)} s; then ${peer.solo.length} steps one run at a time)\n`;
  const ratios = r.engines.map((e) => {
    const ratio = throughputOf(e) / peer.stepsPerSecond;
    return (
      `ratio Switchyard on ${database} (${e.store}) / DBOS on PostgreSQL: ${ratio.toFixed(2)}x transitions/s (target >= ${target.ratio}x: ` +
      `${verdict(ratio >= target.ratio)}); added per step p50 ${ms(addedP50(e))} ms vs DBOS ${ms(dbosAdded)} ms ` +
      `(target <= ${target.addedP50} ms: ${verdict(addedP50(e) <= target.addedP50)})`
    );
  });
  const note =
    `(A chain run commits ${r.steps + 1} transitions: its start and one per step; DBOS's figure counts the ${r.steps} ` +
    `steps. DBOS's step wall time is DBOS.runStep's: the call and its checkpoint.)`;
  return [
    head,
    table(["measure", ...r.engines.map((e) => e.store), `DBOS ${DBOS_VERSION}`, "target"], rows, [
      false,
      ...r.engines.map(() => true),
      true,
      false,
    ]),
    "",
    ...ratios,
    note,
  ].join("\n");
}
