/**
 * Why a run is not moving, decided from its row, its pending work and the clock: a pure function (time and thresholds
 * are inputs) so that every reason is a table-driven unit test. The checker (stuck-checker.ts) gathers the inputs and
 * turns the findings into alerts.
 */
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import type { RunState } from "../../engine/core/types";
import type { StuckReason } from "@/lib/runs/stuck-reasons";
import { isFinalStatus } from "@/lib/runs/status";
import { fillTemplate } from "@/lib/workflow/step-titles";

export interface StuckSettings {
  /** No transition for this long (a workflow's stuckAfterMinutes overrides it). */
  noProgressMs: number;
  /** The same step retrying for longer than this (from its first attempt). */
  retryingMs: number;
  /** Waiting on a breaker that has been open longer than this. */
  breakerMs: number;
  /** A call still running this long after its timeout. */
  callMarginMs: number;
  /** A lease expired this long ago and nobody took the run over. */
  leaseGraceMs: number;
}

export const DEFAULT_STUCK_SETTINGS: StuckSettings = {
  noProgressMs: 60 * 60_000,
  retryingMs: 15 * 60_000,
  breakerMs: 5 * 60_000,
  callMarginMs: 30_000,
  leaseGraceMs: 30_000,
};

export interface RunSnapshot {
  id: string;
  status: string;
  seq: number;
  state: RunState;
  /** When the last transition was committed (ms). */
  lastTransitionAt: number;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
}

export interface StuckInputs {
  now: number;
  settings: StuckSettings;
  definition: WorkflowDefinition | null;
  /** When the pending call's attempt started (its StepAttempt row). */
  callStartedAt?: number | undefined;
  /** When the current step's first attempt of this visit started. */
  firstAttemptAt?: number | undefined;
  /** The stored breaker of the pending call's server. */
  breaker?: { status: string; since: number } | undefined;
}

export interface Finding {
  reason: StuckReason;
  message: string;
  stateId: string | null;
  details: Record<string, unknown>;
}

export function detectStuck(run: RunSnapshot, x: StuckInputs): Finding[] {
  if (isFinalStatus(run.status)) return [];
  const pending = run.state.pending;
  const stateId = run.state.current;
  const findings: Finding[] = [];
  const add = (reason: StuckReason, message: string, details: Record<string, unknown>) =>
    findings.push({ reason, message, stateId, details });
  const since = (ms: number) => duration(x.now - ms);
  const step = (id: string | null) => stepName(x.definition, id, run.state);

  if (pending?.type === "human" && pending.dueAt !== null && x.now > pending.dueAt)
    add("human_sla", `Waiting for a person at "${step(pending.stateId)}": the SLA passed ${since(pending.dueAt)} ago`, {
      escalationId: pending.escalationId,
      escalationReason: pending.reason,
      dueAt: new Date(pending.dueAt).toISOString(),
    });

  // Waiting for a retry's backoff, or making a retry (attempt > 1).
  const retrying =
    (pending?.type === "timer" && pending.reason === "retry") || (pending?.type === "call" && run.state.attempt > 1);
  if (retrying && x.firstAttemptAt !== undefined && x.now - x.firstAttemptAt > x.settings.retryingMs)
    add(
      "retrying_too_long",
      `"${step(stateId)}" has been retrying for ${since(x.firstAttemptAt)} (attempt ${run.state.attempt})`,
      {
        attempt: run.state.attempt,
        firstAttemptAt: new Date(x.firstAttemptAt).toISOString(),
        lastError: run.state.error,
      },
    );

  if (pending?.type === "timer" && pending.reason === "breaker" && x.breaker && x.breaker.status !== "closed") {
    if (x.now - x.breaker.since > x.settings.breakerMs)
      add(
        "breaker_open",
        `Waiting on the open circuit breaker of "${serverOf(x.definition, pending.stateId) ?? "?"}" for ${since(x.breaker.since)}`,
        {
          server: serverOf(x.definition, pending.stateId),
          breakerSince: new Date(x.breaker.since).toISOString(),
          retryAt: new Date(pending.wakeAt).toISOString(),
        },
      );
  }

  if (pending?.type === "call" && x.callStartedAt !== undefined) {
    const timeoutMs = timeoutOf(x.definition, pending.stateId, pending.purpose);
    const overdue = x.now - (x.callStartedAt + timeoutMs);
    if (overdue > x.settings.callMarginMs)
      add(
        "call_overrun",
        `The call ${pending.server}/${pending.tool} has been running ${since(x.callStartedAt)} (time limit ${duration(timeoutMs)})`,
        {
          server: pending.server,
          tool: pending.tool,
          attempt: pending.attempt,
          startedAt: new Date(x.callStartedAt).toISOString(),
          timeoutMs,
        },
      );
  }

  if (
    pending?.type === "call" &&
    run.leaseOwner &&
    run.leaseExpiresAt !== null &&
    x.now - run.leaseExpiresAt > x.settings.leaseGraceMs
  )
    add(
      "lease_lost",
      `The engine holding the run (${run.leaseOwner}) stopped renewing its lease ${since(run.leaseExpiresAt)} ago`,
      {
        leaseOwner: run.leaseOwner,
        leaseExpiredAt: new Date(run.leaseExpiresAt).toISOString(),
      },
    );

  // Sleeping on purpose (a wait state or a backoff not yet due) and waiting for a person are not "no progress".
  const sleeping = pending?.type === "timer" && pending.wakeAt > x.now;
  const limit = x.definition?.stuckAfterMinutes ? x.definition.stuckAfterMinutes * 60_000 : x.settings.noProgressMs;
  if (pending?.type !== "human" && !sleeping && x.now - run.lastTransitionAt > limit)
    add("no_progress", `No transition for ${since(run.lastTransitionAt)} (limit ${duration(limit)})`, {
      lastTransitionAt: new Date(run.lastTransitionAt).toISOString(),
      seq: run.seq,
      limitMs: limit,
    });
  return findings;
}

function serverOf(definition: WorkflowDefinition | null, stateId: string): string | null {
  const state = definition?.states[stateId];
  return state?.type === "tool" ? state.server : null;
}

function timeoutOf(definition: WorkflowDefinition | null, stateId: string, purpose: "step" | "compensation" | "agent"): number {
  const state = definition?.states[stateId];
  return state?.type === "tool" && purpose === "step" ? (state.timeoutMs ?? 60_000) : 60_000;
}

/** "45 s", "12 min", "3.5 h", "2 days". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} min`;
  const h = ms / 3_600_000;
  if (h < 48) return `${h.toFixed(1)} h`;
  return `${Math.round(h / 24)} days`;
}

/** A step as people read it in an alert: its title (placeholders filled from the run's data), else its id. */
export function stepName(definition: WorkflowDefinition | null, stateId: string | null, run: Pick<RunState, "input" | "vars">) {
  if (stateId === null) return "?";
  const title = (definition?.states[stateId] as { title?: unknown } | undefined)?.title;
  if (typeof title !== "string" || title.trim() === "") return stateId;
  return fillTemplate(title, { ...run.vars, input: run.input });
}
