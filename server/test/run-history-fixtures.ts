/**
 * Runs in every kind of status, written straight to the database as engines would have left them: for the run
 * history's filter tests and its benchmark (scripts/bench/runs.ts).
 */
import type { Db } from "../db/client";
import { createWorkflow, publishWorkflow, updateDraft } from "../services/workflows/workflows";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

export const HISTORY_WORKFLOW: WorkflowDefinition = {
  schemaVersion: 1,
  name: "History",
  startAt: "call",
  states: { call: { type: "tool", server: "crm", tool: "find_customer", next: "done" }, done: { type: "succeed" } },
};

/** The kinds of run seeded, in rotation. */
export const KINDS = [
  "succeeded",
  "failed",
  "running",
  "retrying",
  "waiting_person",
  "waiting_breaker",
  "waiting_timer",
  "stuck",
  "cancelled",
] as const;
export type Kind = (typeof KINDS)[number];

export interface SeededRun {
  id: string;
  kind: Kind;
  versionId: string;
  workflowId: string;
  createdAt: Date;
}

/** Publishes a workflow (twice: two versions) and returns the ids. */
export async function historyWorkflow(db: Db, name = "History") {
  const { id } = await createWorkflow(db, { name, definition: { ...HISTORY_WORKFLOW, name } });
  await publishWorkflow(db, { id });
  const v2 = {
    ...HISTORY_WORKFLOW,
    name,
    states: { ...HISTORY_WORKFLOW.states, call: { ...HISTORY_WORKFLOW.states.call!, timeoutMs: 5000 } },
  };
  await updateDraft(db, { id, definition: v2 });
  await publishWorkflow(db, { id });
  const versions = await db.workflowVersion.findMany({ where: { workflowId: id }, orderBy: { version: "asc" } });
  return { workflowId: id, versionIds: versions.map((v) => v.id) };
}

function row(kind: Kind, base: { id: string; workflowId: string; versionId: string; createdAt: Date; now: number }) {
  const minutesAgo = (m: number) => new Date(base.now - m * 60_000);
  const pending =
    kind === "waiting_person"
      ? { type: "human", reason: "human_step", stateId: "call", escalationId: "esc", dueAt: null }
      : kind === "waiting_breaker" || kind === "waiting_timer" || kind === "retrying"
        ? {
            type: "timer",
            reason: kind === "waiting_breaker" ? "breaker" : kind === "retrying" ? "retry" : "wait",
            stateId: "call",
            timerId: "t",
            wakeAt: base.now + 60_000,
          }
        : null;
  const status = kind.startsWith("waiting") ? "waiting" : kind === "stuck" ? "running" : kind === "failed" ? "failed" : kind;
  const failure =
    kind === "failed"
      ? { code: "retries_exhausted", message: `The call to crm timed out after 15000 ms (${base.id})` }
      : kind === "cancelled"
        ? { code: "cancelled", message: "The run was cancelled" }
        : undefined;
  return {
    id: base.id,
    workflowId: base.workflowId,
    versionId: base.versionId,
    status,
    currentState: status === "succeeded" || status === "failed" || status === "cancelled" ? null : "call",
    state: { pending, path: ["call"] },
    input: {},
    seq: 2,
    ...(failure ? { failure } : {}),
    wakeAt: pending?.wakeAt === undefined ? null : new Date(pending.wakeAt),
    createdAt: base.createdAt,
    // A stuck run made no progress for an hour; the others moved a moment ago.
    updatedAt: kind === "stuck" ? minutesAgo(60) : minutesAgo(0.5),
  };
}

/**
 * Seeds `count` runs over the given versions, one kind after the other, one second apart going back from `now` (less
 * `offsetMs`).
 * Returns what was seeded (newest first).
 */
export async function seedRuns(
  db: Db,
  opts: {
    count: number;
    workflowId: string;
    versionIds: string[];
    now: number;
    /** How long before `now` the newest run started. */
    offsetMs?: number;
    prefix?: string;
    chunk?: number;
  },
): Promise<SeededRun[]> {
  const seeded: SeededRun[] = [];
  const chunk = opts.chunk ?? 2000;
  for (let start = 0; start < opts.count; start += chunk) {
    const rows = [];
    for (let i = start; i < Math.min(opts.count, start + chunk); i++) {
      const kind = KINDS[i % KINDS.length]!;
      const versionId = opts.versionIds[i % opts.versionIds.length]!;
      const id = `${opts.prefix ?? "run"}_${String(i).padStart(7, "0")}`;
      const createdAt = new Date(opts.now - (opts.offsetMs ?? 0) - i * 1000);
      rows.push(row(kind, { id, workflowId: opts.workflowId, versionId, createdAt, now: opts.now }));
      seeded.push({ id, kind, versionId, workflowId: opts.workflowId, createdAt });
    }
    await db.run.createMany({ data: rows });
  }
  return seeded;
}
