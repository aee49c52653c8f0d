/**
 * What each step of a run looks like on the canvas: not reached, running,
 * retrying (attempt n of m), waiting for a person or a breaker, done, failed,
 * undone. Pure: computed from the run view the server returns.
 */
import type { NodeStatus } from "@/components/designer/canvas/types";
import { isFinalStatus } from "@/lib/runs/status";
import { formatUsd } from "@/lib/agent/transcript";
import { progressLabel, type CallProgress } from "@/lib/runs/call-progress";

export interface RunForOverlay {
  status: string;
  currentState: string | null;
  path: string[];
  pending:
    | { type: "call"; stateId: string; attempt: number; purpose: string }
    | { type: "timer"; stateId: string; reason: string; wakeAt: number }
    | { type: "human"; stateId: string; reason: string }
    | { type: "event"; stateId: string; eventType: string; key: string | null; wakeAt: number | null }
    | { type: "lock"; stateId: string; key: string }
    | { type: "shared"; stateId: string; key: string; action: string }
    | { type: "model"; stateId: string; attempt: number }
    | {
        type: "children";
        stateId: string;
        branches?: Record<string, { status: string; attempt?: number | undefined }> | undefined;
        map?:
          | { total: number; running: number[]; succeeded: number; failed: number; attempts?: Record<string, number> | undefined }
          | undefined;
        collecting?: boolean | undefined;
      }
    | null;
  error: { message: string } | null;
  attempts: { stateId: string; attempt: number; purpose: string; status: string; fromCache: boolean }[];
  definition: Record<string, unknown>;
  /** For a finished run that did not succeed: the step whose failure ended it. */
  failedStep?: string | null;
  /** Steps a person skipped (giving their result instead). */
  skipped?: string[];
  /** For a re-run: the steps before its start, whose results came from the parent run. */
  reused?: { runId: string; states: string[] } | null;
  /** Agent steps' spend (the latest visit of each counts). */
  agents?: { stateId: string; turns: unknown[]; spend: { inputTokens: number; outputTokens: number; costUsd: number } }[];
}

/** "2 of 8 turns · 1,234 tokens · $0.01 of $0.50": an agent step's spend against its budgets, for its node. */
export function agentSpendLabel(run: RunForOverlay, stateId: string): string | null {
  const views = (run.agents ?? []).filter((a) => a.stateId === stateId);
  const v = views[views.length - 1];
  if (!v) return null;
  const states = (run.definition.states ?? {}) as Record<string, { budgets?: Record<string, number> } | undefined>;
  const b = states[stateId]?.budgets ?? {};
  const tokens = v.spend.inputTokens + v.spend.outputTokens;
  const tokenBudget =
    b.maxInputTokens !== undefined && b.maxOutputTokens !== undefined ? b.maxInputTokens + b.maxOutputTokens : b.maxInputTokens;
  return [
    `${v.turns.length}${b.maxTurns !== undefined ? ` of ${b.maxTurns}` : ""} turns`,
    `${tokens.toLocaleString("en")}${tokenBudget !== undefined ? ` of ${tokenBudget.toLocaleString("en")}` : ""} tokens`,
    `${formatUsd(v.spend.costUsd)}${b.maxCostUsd !== undefined ? ` of ${formatUsd(b.maxCostUsd)}` : ""}`,
  ].join(" · ");
}

function maxAttempts(definition: Record<string, unknown>, stateId: string): number {
  const states = (definition.states ?? {}) as Record<string, { retry?: { maxAttempts?: number } }>;
  return states[stateId]?.retry?.maxAttempts ?? 1;
}

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString();
}

function current(run: RunForOverlay, stateId: string): NodeStatus {
  const p = run.pending;
  const of = maxAttempts(run.definition, stateId);
  if (p?.type === "call" && p.purpose === "agent") return { tone: "running", label: "Agent calling a tool…" };
  if (p?.type === "model")
    return p.attempt > 1
      ? { tone: "retrying", label: `Asking the model again (attempt ${p.attempt})` }
      : { tone: "running", label: "Agent thinking…" };
  if (p?.type === "call" && p.purpose !== "step") return { tone: "retrying", label: "Undoing…" };
  if (p?.type === "call") {
    return p.attempt > 1
      ? { tone: "retrying", label: `Running attempt ${p.attempt} of ${of}` }
      : { tone: "running", label: "Running…" };
  }
  if (p?.type === "timer") {
    if (p.reason === "retry")
      return { tone: "retrying", label: `Retrying at ${clock(p.wakeAt)} (attempt ${nextAttempt(run, stateId)} of ${of})` };
    if (p.reason === "breaker")
      return { tone: "waiting", label: `Server failing: waiting for its breaker until ${clock(p.wakeAt)}` };
    return { tone: "waiting", label: `Waiting until ${clock(p.wakeAt)}` };
  }
  if (p?.type === "event") return { tone: "waiting", label: eventWaitLabel(p) };
  if (p?.type === "lock") return { tone: "waiting", label: `Waiting for lock ${p.key}` };
  if (p?.type === "shared") return { tone: "running", label: `${p.action === "write" ? "Updating" : "Reading"} ${p.key}…` };
  if (p?.type === "children") return { tone: "running", label: childrenLabel(p) };
  if (p?.type === "human")
    return { tone: "waiting", label: p.reason === "human_step" ? "Waiting for a person" : "Waiting for a person to decide" };
  return { tone: "running", label: "Running…" };
}

/** "Waiting for event order.shipped (customer 42)", with the time limit when there is one. */
export function eventWaitLabel(p: { eventType: string; key: string | null; wakeAt: number | null }): string {
  const key = p.key === null ? "" : ` (${p.key})`;
  return `Waiting for event ${p.eventType}${key}${p.wakeAt === null ? "" : ` until ${clock(p.wakeAt)}`}`;
}

/** "2 of 3 branches done" / "812 of 1000 items done, 16 running, 3 failed". */
export function childrenLabel(p: Extract<RunForOverlay["pending"], { type: "children" }>): string {
  if (p.map) {
    const done = p.map.succeeded + p.map.failed;
    const failed = p.map.failed > 0 ? `, ${p.map.failed} failed` : "";
    if (p.collecting) return `All ${p.map.total} items done${failed}: collecting results…`;
    return `${done} of ${p.map.total} items done, ${p.map.running.length} running${failed}`;
  }
  const all = Object.values(p.branches ?? {});
  return `${all.filter((b) => b.status === "succeeded").length} of ${all.length} branches done`;
}

function nextAttempt(run: RunForOverlay, stateId: string): number {
  const tries = run.attempts.filter((a) => a.stateId === stateId && a.purpose === "step").map((a) => a.attempt);
  return (tries.length > 0 ? Math.max(...tries) : 0) + 1;
}

/** `progress`: the live report of the call in flight (its node says how far it is). */
export function runOverlay(
  run: RunForOverlay,
  progress: CallProgress | null = null,
): {
  statusOf: (id: string) => NodeStatus;
  pathPairs: [string, string][];
} {
  const final = isFinalStatus(run.status);
  const visited = new Set(run.path);
  const undone = new Set(run.attempts.filter((a) => a.purpose !== "step" && a.status === "succeeded").map((a) => a.stateId));
  const cached = new Set(run.attempts.filter((a) => a.fromCache).map((a) => a.stateId));
  const skipped = new Set(run.skipped ?? []);
  const ran = new Set(run.attempts.map((a) => a.stateId));
  const reused = new Set(run.reused?.states ?? []);
  const statusOf = (id: string): NodeStatus => {
    const status = baseStatus(id);
    const spend = agentSpendLabel(run, id);
    return spend ? { ...status, label: `${status.label} · ${spend}` } : status;
  };
  const baseStatus = (id: string): NodeStatus => {
    if (undone.has(id)) return { tone: "compensated", label: "Undone" };
    if (id === run.currentState && !final) {
      const now = current(run, id);
      return progress?.stateId === id && run.pending?.type === "call"
        ? { ...now, label: `${now.label} ${progressLabel(progress)}` }
        : now;
    }
    if (id === run.currentState && (run.status === "failed" || run.status === "compensated")) {
      return { tone: "failed", label: run.error ? `Failed: ${run.error.message}` : "Failed" };
    }
    if (id === run.currentState && run.status === "cancelled") return { tone: "skipped", label: "Cancelled here" };
    if (final && id === run.failedStep) {
      return { tone: "failed", label: run.error ? `Failed: ${run.error.message}` : "Failed" };
    }
    if (skipped.has(id)) return { tone: "skipped", label: "Skipped by a person" };
    if (reused.has(id) && !ran.has(id)) return { tone: "succeeded", label: "Reused from the earlier run" };
    if (visited.has(id)) return { tone: "succeeded", label: cached.has(id) ? "Done (result from cache)" : "Done" };
    return { tone: "idle", label: final ? "Not reached" : "Not reached yet" };
  };
  const pathPairs: [string, string][] = [];
  for (let i = 1; i < run.path.length; i++) pathPairs.push([run.path[i - 1]!, run.path[i]!]);
  return { statusOf, pathPairs };
}
