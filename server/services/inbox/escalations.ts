/**
 * The inbox: decisions handed to people. Resolving and resuming are one
 * transaction (the engine commits the run's next transition together with the
 * escalation's resolution); when two people act at once, one wins and the
 * other is told who did it and when.
 */
import type { AgentMessage } from "@/lib/agent/messages";
import type { Db } from "../../db/client";
import type { RunControl } from "../runs/run-control";
import { scopedDefinition } from "../../engine/core/children";
import type { RunEvent } from "../../engine/core/types";
import type { AuditRow } from "../../engine/runtime/ports";
import { AppError, notFound } from "@/lib/errors";
import { checkValue, type InputSchema } from "@/lib/workflow/input-schema";
import { problem } from "@/lib/workflow/problems";
import { runData, withRunTitles } from "@/lib/workflow/step-titles";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { escalationHistory } from "./escalation-assign";

export { listEscalations, openCount, escalationFacets } from "./escalation-list";
export { claimEscalation, unclaimEscalation, reassignEscalation } from "./escalation-assign";

import type { Resolution } from "@/lib/inbox/escalations";

export type { Resolution };

/** The run (and its workflow) whose sub-workflow step started this run, if one did. */
async function startedBy(db: Db, state: { parent?: { runId: string; stateId: string; kind?: string } | null }) {
  const parent = state.parent;
  if (parent?.kind !== "workflow") return null;
  const row = await db.run.findUnique({
    where: { id: parent.runId },
    select: { version: { select: { workflow: { select: { name: true } } } } },
  });
  return { runId: parent.runId, stateId: parent.stateId, workflowName: row?.version.workflow.name ?? null };
}

export async function getEscalation(db: Db, id: string) {
  const e = await db.escalation.findUnique({
    where: { id },
    include: {
      run: {
        select: {
          id: true,
          state: true,
          input: true,
          version: { select: { version: true, definition: true, workflow: { select: { id: true, name: true } } } },
          attempts: {
            where: { status: "succeeded" },
            orderBy: { startedAt: "asc" },
            select: { stateId: true, tool: true, server: true, output: true, purpose: true, startedAt: true },
          },
        },
      },
      events: { orderBy: { createdAt: "asc" } },
      deliveries: { orderBy: { createdAt: "asc" } },
    },
  });
  if (!e) throw notFound(`Escalation ${id}`);
  // Step titles read with the run's data ("Review the case of Grace Hopper"), on the small canvas and in the lists.
  const definition = withRunTitles(e.run.version.definition as unknown as WorkflowDefinition, runData(e.run));
  const state = definition.states[e.stateId];
  const path = (e.run.state as { path?: string[] }).path ?? [];
  const partOf = await startedBy(db, e.run.state as { parent?: { runId: string; stateId: string; kind?: string } | null });
  return {
    id: e.id,
    title: e.title,
    message: e.message,
    reason: e.reason,
    status: e.status,
    stateId: e.stateId,
    stateTitle: state?.title ?? e.stateId,
    stepNumber: path.lastIndexOf(e.stateId) + 1,
    pathLength: path.length,
    /** The version's definition and the path taken, for the small canvas. */
    definition: definition as unknown as Record<string, unknown>,
    path,
    context: e.context as Record<string, unknown>,
    options: e.options as { id: string; label: string; next: string | null }[],
    optionForms:
      state?.type === "human" ? Object.fromEntries(state.options.filter((o) => o.form).map((o) => [o.id, o.form])) : {},
    details: e.details,
    assigneeGroup: e.assigneeGroup,
    claimedBy: e.claimedBy,
    dueAt: e.dueAt,
    createdAt: e.createdAt,
    resolvedBy: e.resolvedBy,
    resolvedAt: e.resolvedAt,
    resolution: e.resolution,
    run: { id: e.run.id, input: e.run.input, workflow: e.run.version.workflow, version: e.run.version.version },
    /** A sub-workflow's run: the run whose step started it (it waits for this one). */
    partOf,
    earlierSteps: [
      ...e.run.attempts
        .filter((a) => a.purpose === "step" && a.startedAt <= e.createdAt)
        .map((a) => ({ ...a, title: definition.states[a.stateId]?.title ?? a.stateId })),
      ...(await branchAttempts(db, e.run.id, e.createdAt, definition)),
    ]
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())
      .map((a) => ({
        stateId: a.stateId,
        title: a.title,
        server: a.server,
        tool: a.tool,
        output: (a.output as { value: unknown } | null)?.value ?? null,
      })),
    history: escalationHistory(e),
    /** For a question from an MCP server (elicitation): what it asks and the form of its answer. */
    request: requestOf(e.reason, e.details),
    /** For an AI agent's call waiting for approval: the call and the agent's reasoning so far. */
    agentCall: agentCallOf(e.reason, e.details),
    /** For a failed tool step: the arguments of its last attempt, to edit before retrying. */
    lastArgs: state?.type === "tool" ? ((e.details as { call?: { args?: unknown } } | null)?.call?.args ?? null) : null,
  };
}

export async function resolveEscalation(
  db: Db,
  engine: RunControl,
  input: { id: string; by: string; note?: string | undefined; resolution: Resolution; audit?: AuditRow | undefined },
): Promise<void> {
  const e = await db.escalation.findUnique({
    where: { id: input.id },
    include: { run: { select: { version: { select: { definition: true } } } } },
  });
  if (!e) throw notFound(`Escalation ${input.id}`);
  if (e.status === "resolved" || e.status === "expired") throw alreadyResolved(e.resolvedBy, e.resolvedAt);
  const event = toEvent(
    e.reason,
    input.resolution,
    input.by,
    input.id,
    e.run.version.definition as unknown as WorkflowDefinition,
    e.stateId,
  );
  // The decision, the escalation's resolution and the audit row: one transaction.
  const resolves = { id: input.id, by: input.by, resolution: { ...input.resolution, note: input.note ?? null } };
  const result = await engine.deliver(e.runId, event, undefined, resolves, input.audit);
  // Sent to a worker's engine: it applies the decision (or finds it resolved by someone else first) shortly.
  if (result === "queued") return;
  if (result === null) {
    const now = await db.escalation.findUniqueOrThrow({ where: { id: input.id } });
    throw alreadyResolved(now.resolvedBy, now.resolvedAt);
  }
  if (result.ignored) {
    const now = await db.escalation.findUniqueOrThrow({ where: { id: input.id } });
    if (now.status === "resolved" || now.status === "expired") throw alreadyResolved(now.resolvedBy, now.resolvedAt);
    throw new AppError("conflict", `This cannot be done now: ${result.ignored}`);
  }
}

function toEvent(
  reason: string,
  r: Resolution,
  by: string,
  escalationId: string,
  def: WorkflowDefinition,
  stateId: string,
): RunEvent {
  switch (r.action) {
    case "option": {
      if (reason === "agent_approval") return approvalEvent(r, by, escalationId);
      if (reason !== "human_step") throw new AppError("invalid", "This item has no options: retry, skip or cancel instead");
      const state = def.states[stateId];
      const form = state?.type === "human" ? state.options.find((o) => o.id === r.optionId)?.form : undefined;
      const problems = form ? checkValue(form, r.data ?? {}) : [];
      if (problems.length > 0) {
        throw new AppError(
          "invalid",
          "The form has problems",
          problems.map((p) => problem(["data", ...p.path], "invalid_input", p.message)),
        );
      }
      return { type: "human_resolved", escalationId, optionId: r.optionId, data: r.data, by };
    }
    case "retry":
      if (reason === "agent_approval") throw new AppError("invalid", "Approve or reject the agent's call");
      if (reason === "human_step") throw new AppError("invalid", "Choose one of the options for this item");
      return { type: "retry_step", args: r.args, by };
    case "skip":
      if (reason === "agent_approval") throw new AppError("invalid", "Approve or reject the agent's call");
      if (reason === "human_step") throw new AppError("invalid", "Choose one of the options for this item");
      return { type: "skip_step", result: r.result, by };
    case "cancel":
      return { type: "cancel", compensate: r.compensate, by };
  }
}

/** An AI agent's proposed call: approve (with the arguments as edited, an object) or reject with a reason the model reads. */
function approvalEvent(r: Extract<Resolution, { action: "option" }>, by: string, escalationId: string): RunEvent {
  const data = r.data ?? {};
  if (r.optionId === "approve") {
    if (data.args !== undefined && (typeof data.args !== "object" || data.args === null || Array.isArray(data.args)))
      throw new AppError("invalid", "The arguments must be a JSON object", [
        problem(["data", "args"], "invalid_input", "must be a JSON object"),
      ]);
    return { type: "human_resolved", escalationId, optionId: "approve", data: data.args ? { args: data.args } : {}, by };
  }
  if (r.optionId === "reject") {
    const reason = typeof data.reason === "string" ? data.reason.trim() : "";
    if (!reason)
      throw new AppError("invalid", "Say why you reject the call: the agent reads it", [
        problem(["data", "reason"], "required", "give a reason"),
      ]);
    return { type: "human_resolved", escalationId, optionId: "reject", data: { reason: reason.slice(0, 2000) }, by };
  }
  throw new AppError("invalid", "Approve or reject the call");
}

/** For an AI agent's call waiting for approval: the proposed call and the conversation so far. */
function agentCallOf(reason: string, details: unknown) {
  if (reason !== "agent_approval") return null;
  const d = (details ?? {}) as { call?: { server?: string; tool?: string; args?: unknown }; transcript?: AgentMessage[] };
  return {
    server: d.call?.server ?? "?",
    tool: d.call?.tool ?? "?",
    args: d.call?.args ?? {},
    transcript: Array.isArray(d.transcript) ? d.transcript : [],
  };
}

function requestOf(reason: string, details: unknown) {
  if (reason !== "mcp_request") return null;
  const d = (details ?? {}) as {
    request?: { server?: string; tool?: string; form?: InputSchema; mode?: string; url?: string; domain?: string };
    attribution?: string;
    lost?: string;
    consent?: { by: string; at: string; note: string | null };
    completion?: string;
  };
  return {
    server: d.request?.server ?? "?",
    tool: d.request?.tool ?? "?",
    form: d.request?.form ?? { type: "object" as const, properties: {} },
    /** True when the server did not say which call asked and Switchyard took the oldest call to that server. */
    guessed: d.attribution === "oldest_call",
    lost: d.lost ?? null,
    /** URL mode: the link a person is asked to open (checked: https, or http on this machine), its domain first. */
    mode: d.request?.mode === "url" ? ("url" as const) : ("form" as const),
    url: d.request?.mode === "url" ? (d.request.url ?? null) : null,
    domain: d.request?.mode === "url" ? (d.request.domain ?? null) : null,
    consent: d.consent ?? null,
    completion: d.completion ?? null,
  };
}

function alreadyResolved(by: string | null, at: Date | null): AppError {
  const when = at ? ` at ${at.toISOString().replace("T", " ").slice(0, 19)} UTC` : "";
  return new AppError("conflict", `Already resolved by ${by ?? "someone"}${when}`);
}

/** At most this many steps of branches and items are shown with an escalation. */
const MAX_BRANCH_STEPS = 50;

/**
 * The succeeded steps of the run's branches and map items before the escalation (the lookups of a parallel step run
 * in runs of their own), titled from their branch's or body's steps.
 */
async function branchAttempts(db: Db, runId: string, before: Date, definition: WorkflowDefinition) {
  const rows = await db.stepAttempt.findMany({
    where: { runId: { startsWith: `${runId}.` }, status: "succeeded", purpose: "step", startedAt: { lte: before } },
    orderBy: { startedAt: "asc" },
    take: MAX_BRANCH_STEPS,
    select: { runId: true, stateId: true, tool: true, server: true, output: true, startedAt: true },
  });
  return rows.map((a) => {
    // A child's id: <run>.<step>.<visit>.<branch name or item index>[~attempt]
    const [stepId = "", , key = ""] = a.runId.slice(runId.length + 1).split(".");
    const fanout = definition.states[stepId];
    const machine = fanout?.type === "parallel" ? key.split("~")[0]! : "itemBody";
    const inner = scopedDefinition(definition, [stepId, machine])?.states[a.stateId];
    return { ...a, title: inner?.title ?? a.stateId };
  });
}
