/**
 * Starting a run for a trigger, once per delivery: the TriggerFiring row
 * (unique per trigger and dedup key: event id, schedule tick, webhook delivery
 * id) and the queued run are written in ONE transaction by the run store (the
 * only writer of Run rows), so a duplicate delivery, or a second worker doing
 * the same, starts nothing. A delivery the
 * filter turns down, or whose input does not fit, is recorded as skipped with
 * the reason, so it is not looked at again.
 */
import type { Db } from "../../db/client";
import type { LogEvent } from "../../engine/core/types";
import type { NewRunInput } from "../../engine/runtime/engine";
import type { NewRun } from "../../engine/runtime/ports";
import { evaluateValue, describeJsonataError } from "@/lib/workflow/expressions";
import { checkValue } from "@/lib/workflow/input-schema";
import type { TriggerConfig } from "@/lib/workflow/triggers";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { newId } from "../../util/ids";
import { PUBLISHED } from "../workflows/published-versions";

export type FireResult = { status: "started"; runId: string } | { status: "duplicate" } | { status: "skipped"; reason: string };

/** Creates a queued run with its delivery (Engine.enqueueFiring); null when the delivery was already recorded. */
export type EnqueueFiring = (run: NewRunInput, firing: NonNullable<NewRun["firing"]>) => Promise<string | null>;

export interface FiringTrigger {
  id: string;
  workflowId: string;
  config: TriggerConfig;
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}

export async function fireTrigger(
  db: Db,
  enqueue: EnqueueFiring,
  trigger: FiringTrigger,
  dedupKey: string,
  event: LogEvent,
  now: number,
): Promise<FireResult> {
  const decided = await decide(db, trigger, event);
  const firing = { id: newId("trf"), triggerId: trigger.id, dedupKey };
  if (decided.ok) {
    const run = { workflowId: trigger.workflowId, versionId: decided.versionId, input: decided.input };
    const runId = await enqueue(run, firing);
    return runId ? { status: "started", runId } : { status: "duplicate" };
  }
  try {
    await db.triggerFiring.create({ data: { ...firing, runId: null, skipped: decided.reason, createdAt: new Date(now) } });
  } catch (err) {
    if (isUniqueViolation(err)) return { status: "duplicate" };
    throw err;
  }
  return { status: "skipped", reason: decided.reason };
}

type Decision = { ok: true; versionId: string; input: unknown } | { ok: false; reason: string };

async function decide(db: Db, trigger: FiringTrigger, event: LogEvent): Promise<Decision> {
  const c = trigger.config;
  const bindings = { event };
  if (c.kind === "event" && c.filter !== undefined) {
    try {
      if (!(await evaluateValue(c.filter, bindings))) return { ok: false, reason: "The filter turned this event down" };
    } catch (err) {
      return { ok: false, reason: `The filter could not be evaluated: ${describeJsonataError(err)}` };
    }
  }
  const version = await db.workflowVersion.findFirst({
    where: { workflowId: trigger.workflowId, ...PUBLISHED },
    orderBy: { version: "desc" },
    select: { id: true, definition: true },
  });
  if (!version) return { ok: false, reason: "The workflow has not been published yet" };
  let input: unknown;
  try {
    input = c.input !== undefined ? await evaluateValue(c.input, bindings) : defaultInput(c.kind, event);
  } catch (err) {
    return { ok: false, reason: `The input could not be made: ${describeJsonataError(err)}` };
  }
  if (typeof input !== "object" || input === null || Array.isArray(input))
    return { ok: false, reason: "The run's input must be an object (set the input mapping)" };
  const definition = version.definition as unknown as WorkflowDefinition;
  const problems = definition.input ? checkValue(definition.input, input) : [];
  if (problems.length > 0)
    return {
      ok: false,
      reason: `The input does not fit the workflow: ${problems.map((p) => `${p.path.join(".") || "input"} ${p.message}`).join("; ")}`,
    };
  return { ok: true, versionId: version.id, input };
}

function defaultInput(kind: TriggerConfig["kind"], event: LogEvent): unknown {
  if (kind === "schedule") return {};
  const p = event.payload;
  return typeof p === "object" && p !== null && !Array.isArray(p) ? p : {};
}
