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
  /** A parallel step's branches with the status of their first run (null: never started). */
  branches?: { name: string; id: string; status: string | null }[];
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
        by: ["status"],
        where: { id: { startsWith: `${prefix}.` }, workflowId: run.workflowId },
        _count: { _all: true },
      });
      const counts = Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
      const state = states[stateId] as Loose;
      if (state.type === "map") return { stateId, kind: "map", prefix, counts };
      const names = Object.keys((state.branches as Loose | undefined) ?? {});
      const rows = await db.run.findMany({
        where: { id: { in: names.map((n) => `${prefix}.${n}`) } },
        select: { id: true, status: true },
      });
      const status = new Map(rows.map((r) => [r.id, r.status]));
      const branches = names.map((name) => ({ name, id: `${prefix}.${name}`, status: status.get(`${prefix}.${name}`) ?? null }));
      return { stateId, kind: "parallel", prefix, counts, branches };
    }),
  );
}
