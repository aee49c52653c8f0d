/**
 * A run's finished parallel and map steps: how their branches and items ended, so the run page can open any of them.
 * A re-run that started after such a step took it over from the run it re-ran and has no branch or item runs of its
 * own there: its summary is of the run that did go through the step (following the re-runs back), marked reused.
 */
import type { Db } from "../../db/client";
import type { RunState } from "../../engine/core/types";
import { childPrefix, visitPrefix } from "../../engine/core/children";
import { reusedVisit, visitsOf, type FanoutBranch, type FanoutSummary } from "@/lib/runs/fanout-summary";

type Loose = Record<string, unknown>;

/** At most this many group steps are summarised (a run that visits more shows the first ones). */
const MAX_STEPS = 10;
/** At most this many re-runs are followed back to the run that went through a step. */
const MAX_LINEAGE = 50;

interface RunForFanouts {
  workflowId: string;
  state: RunState;
  /** A re-run's start (the path and visits it took over) and the run it re-ran. */
  seed?: Pick<RunState, "path" | "visits"> | null;
  parentRunId?: string | null;
}

/**
 * The parallel and map steps the run went through, except the one it waits on now (its pending shows that one), with
 * the outcome of their last visit's branches and items.
 */
export async function finishedFanouts(db: Db, run: RunForFanouts, states: Loose): Promise<FanoutSummary[]> {
  const waitingOn = run.state.pending?.type === "children" ? run.state.pending.stateId : null;
  const ids = [...new Set(run.state.path)].filter((id) => {
    const type = (states[id] as Loose | undefined)?.type;
    return (type === "parallel" || type === "map") && id !== waitingOn;
  });
  // The re-runs back from this one, read once for all its reused steps (and only when one is reused).
  let chain: Promise<Link[]> | null = null;
  return Promise.all(
    ids.slice(0, MAX_STEPS).map(async (stateId): Promise<FanoutSummary> => {
      const reused = run.parentRunId ? reusedVisit(run.state, run.seed ?? null, stateId) : null;
      const parent = run.parentRunId;
      const owner = reused !== null && parent ? wentThrough(await (chain ??= lineage(db, parent)), stateId, reused) : null;
      const prefix = owner && reused !== null ? visitPrefix(owner, stateId, reused) : childPrefix(run.state, stateId);
      const summary = await summarise(db, run.workflowId, stateId, states[stateId] as Loose, prefix);
      return owner ? { ...summary, reusedFrom: owner } : summary;
    }),
  );
}

/** One run of a re-run chain: its id, the start it took over (none for a first run) and the run it re-ran. */
interface Link {
  id: string;
  seed: RunForFanouts["seed"];
  parentRunId: string | null;
}

/** `runId` and the runs it re-ran, back to a first run (at most MAX_LINEAGE of them). */
async function lineage(db: Db, runId: string): Promise<Link[]> {
  const chain: Link[] = [];
  for (let id: string | null = runId; id && chain.length < MAX_LINEAGE;) {
    const row = await db.run.findUnique({ where: { id }, select: { parentRunId: true, seed: true } });
    const link: Link = { id, seed: (row?.seed ?? null) as unknown as Link["seed"], parentRunId: row?.parentRunId ?? null };
    chain.push(link);
    id = link.seed ? link.parentRunId : null;
  }
  return chain;
}

/** The run of the chain that went through the step's visit itself: the first one that did not take it over. */
function wentThrough(chain: readonly Link[], stateId: string, visit: number): string {
  const owner = chain.find((l) => !l.parentRunId || !l.seed || visitsOf(l.seed, stateId) < visit);
  const last = chain.at(-1)!;
  return owner?.id ?? last.parentRunId ?? last.id;
}

async function summarise(db: Db, workflowId: string, stateId: string, state: Loose, prefix: string): Promise<FanoutSummary> {
  const groups = await db.run.groupBy({
    by: ["status", "currentState"],
    where: { id: { startsWith: `${prefix}.` }, workflowId },
    _count: { _all: true },
  });
  const counts: Record<string, number> = {};
  for (const g of groups) counts[g.status] = (counts[g.status] ?? 0) + g._count._all;
  if (state.type === "map") {
    const at = groups.map((g) => ({ stateId: g.currentState, status: g.status, count: g._count._all }));
    return { stateId, kind: "map", prefix, counts, at };
  }
  const names = Object.keys((state.branches as Loose | undefined) ?? {});
  return { stateId, kind: "parallel", prefix, counts, branches: await branchRuns(db, prefix, names) };
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
