/** A run's finished parallel and map steps: how their branches and items ended, so the run page can open any of them. */
import type { Db } from "../../db/client";
import type { RunState } from "../../engine/core/types";
import { childPrefix } from "../../engine/core/children";

type Loose = Record<string, unknown>;

export interface FanoutSummary {
  stateId: string;
  kind: "parallel" | "map";
  /** Child run ids are `<prefix>.<branch or index>`. */
  prefix: string;
  /** Runs under the prefix by status (a map's retried items count once per attempt). */
  counts: Record<string, number>;
  /**
   * A parallel step's branches: their last run (a retry of the step runs a branch again as `~attempt`), its status
   * (null: never started), the steps it passed, the one it ended at, the steps a re-run reused, and its failure.
   */
  branches?: FanoutBranch[];
  /** A map's item runs by the step they ended at (or are at) and status: the run canvas shows them on the item body. */
  at?: { stateId: string | null; status: string; count: number }[];
}

export interface FanoutBranch {
  name: string;
  id: string;
  status: string | null;
  path: string[];
  current: string | null;
  reused: string[];
  failure: string | null;
}

/** At most this many group steps are summarised (a run that visits more shows the first ones). */
const MAX_STEPS = 10;

/**
 * The parallel and map steps the run went through, except the one it waits on now (its pending shows that one), with
 * the outcome of their last visit's branches and items.
 */
export async function finishedFanouts(
  db: Db,
  run: { workflowId: string; state: RunState },
  states: Loose,
): Promise<FanoutSummary[]> {
  const waitingOn = run.state.pending?.type === "children" ? run.state.pending.stateId : null;
  const ids = [...new Set(run.state.path)].filter((id) => {
    const type = (states[id] as Loose | undefined)?.type;
    return (type === "parallel" || type === "map") && id !== waitingOn;
  });
  return Promise.all(
    ids.slice(0, MAX_STEPS).map(async (stateId): Promise<FanoutSummary> => {
      const prefix = childPrefix(run.state, stateId);
      const groups = await db.run.groupBy({
        by: ["status", "currentState"],
        where: { id: { startsWith: `${prefix}.` }, workflowId: run.workflowId },
        _count: { _all: true },
      });
      const counts: Record<string, number> = {};
      for (const g of groups) counts[g.status] = (counts[g.status] ?? 0) + g._count._all;
      const state = states[stateId] as Loose;
      if (state.type === "map") {
        const at = groups.map((g) => ({ stateId: g.currentState, status: g.status, count: g._count._all }));
        return { stateId, kind: "map", prefix, counts, at };
      }
      const names = Object.keys((state.branches as Loose | undefined) ?? {});
      return { stateId, kind: "parallel", prefix, counts, branches: await branchRuns(db, prefix, names) };
    }),
  );
}

/** Each branch's last run (the highest `~attempt`, else `<prefix>.<name>`) with what the run canvas shows of it. */
async function branchRuns(db: Db, prefix: string, names: string[]): Promise<FanoutBranch[]> {
  const rows = await db.run.findMany({
    where: { OR: names.flatMap((n) => [{ id: `${prefix}.${n}` }, { id: { startsWith: `${prefix}.${n}~` } }]) },
    select: { id: true, status: true, currentState: true, state: true, seed: true },
  });
  return names.map((name) => {
    const id = `${prefix}.${name}`;
    const attempt = (rowId: string) => (rowId === id ? 1 : Number(rowId.slice(id.length + 1)));
    const last = rows
      .filter((r) => r.id === id || (r.id.startsWith(`${id}~`) && attempt(r.id) > 0))
      .sort((a, b) => attempt(b.id) - attempt(a.id))[0];
    if (!last) return { name, id, status: null, path: [], current: null, reused: [], failure: null };
    const s = last.state as unknown as RunState;
    const seed = last.seed as unknown as RunState | null;
    return {
      name,
      id: last.id,
      status: last.status,
      path: s.path,
      current: last.currentState ?? s.path.at(-1) ?? null,
      reused: seed?.path ?? [],
      failure: s.failure?.message ?? null,
    };
  });
}
