/**
 * Runs started over MCP: one McpRunRequest row per run (the client's name, the caller, the caller's idempotency
 * key), written BEFORE the run with the run's id chosen in advance, so two calls with the same key start one run: the
 * second finds the first one's row (unique key) and gets its run. The run itself is started by the ordinary service
 * (services/runs/runs.ts), so input validation and run creation are the same as everywhere else.
 */
import type { Db } from "../../db/client";
import type { RunControl } from "../runs/run-control";
import { AppError, notFound } from "@/lib/errors";
import { startRun } from "../runs/runs";
import { newId } from "../../util/ids";

export interface McpCaller {
  /** Who calls (a stable id of the actor: user or token), for scoping idempotency keys. */
  callerId: string;
  /** The caller's name, shown on the run page. */
  callerName: string;
  client: { name: string; version: string };
}

/** Idempotency keys are at most this long (a Switchyard caller sends "runId:stateId:visit"). */
export const MAX_IDEMPOTENCY_KEY = 300;

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}

export async function startRunOverMcp(
  db: Db,
  engine: RunControl,
  input: { workflowId: string; input: unknown; idempotencyKey?: string | undefined; caller: McpCaller },
): Promise<{ runId: string; version: number; repeated: boolean }> {
  const key = input.idempotencyKey;
  if (key !== undefined && (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY))
    throw new AppError("invalid", `The idempotency key must be 1 to ${MAX_IDEMPOTENCY_KEY} characters long`);
  const scopedKey = key === undefined ? null : `${input.workflowId}:${input.caller.callerId}:${key}`;
  if (scopedKey) {
    const earlier = await repeatOf(db, scopedKey);
    if (earlier) return earlier;
  }
  const runId = newId("run");
  try {
    await db.mcpRunRequest.create({
      data: {
        id: newId("mrr"),
        runId,
        workflowId: input.workflowId,
        idempotencyKey: scopedKey,
        clientName: input.caller.client.name.slice(0, 200),
        clientVersion: input.caller.client.version.slice(0, 100),
        caller: input.caller.callerName.slice(0, 200),
        callerId: input.caller.callerId.slice(0, 200),
      },
    });
  } catch (err) {
    if (!scopedKey || !isUniqueViolation(err)) throw err;
    const earlier = await repeatOf(db, scopedKey); // a concurrent call with the same key won
    if (earlier) return earlier;
    throw err;
  }
  try {
    const started = await startRun(db, engine, { workflowId: input.workflowId, input: input.input, runId });
    return { ...started, repeated: false };
  } catch (err) {
    // Nothing was started (bad input, not published): the key is free again.
    await db.mcpRunRequest.deleteMany({ where: { runId } });
    throw err;
  }
}

/** How long a repeated call waits for the first call with its key to create its run. */
const REPEAT_WAIT_MS = 5000;
const REPEAT_POLL_MS = 25;

/**
 * The run an earlier call with this key started. A concurrent first call may have written its row but not yet its
 * run (startRun validates and writes in between): wait for that run a little, as the caller would retry.
 */
async function repeatOf(db: Db, scopedKey: string): Promise<{ runId: string; version: number; repeated: true } | null> {
  const row = await db.mcpRunRequest.findUnique({ where: { idempotencyKey: scopedKey }, select: { runId: true } });
  if (!row) return null;
  const deadline = Date.now() + REPEAT_WAIT_MS;
  for (;;) {
    const run = await db.run.findUnique({ where: { id: row.runId }, select: { version: { select: { version: true } } } });
    if (run) return { runId: row.runId, version: run.version.version, repeated: true };
    const stillStarting = await db.mcpRunRequest.count({ where: { runId: row.runId } });
    if (!stillStarting || Date.now() > deadline)
      throw new AppError("conflict", "A call with this idempotency key is still starting its run; try again");
    await new Promise((resolve) => setTimeout(resolve, REPEAT_POLL_MS));
  }
}

export type McpRunStatus = "working" | "input_required" | "completed" | "failed" | "cancelled";

export interface McpRunSnapshot {
  runId: string;
  workflowId: string;
  workflowName: string;
  version: number;
  status: string;
  taskStatus: McpRunStatus;
  statusMessage: string;
  currentState: string | null;
  output: unknown;
  failure: { code: string; message: string } | null;
  createdAt: Date;
  updatedAt: Date;
  /** The open escalation the run waits on, if any. */
  escalation: { id: string; title: string; message: string; stateId: string; options: unknown } | null;
}

const TERMINAL: Record<string, McpRunStatus> = {
  succeeded: "completed",
  failed: "failed",
  compensated: "failed",
  cancelled: "cancelled",
};

/** A run as an MCP task sees it: a run waiting for a person is `input_required`. */
export async function mcpRunSnapshot(db: Db, runId: string): Promise<McpRunSnapshot> {
  const run = await db.run.findUnique({
    where: { id: runId },
    select: {
      id: true,
      status: true,
      currentState: true,
      output: true,
      failure: true,
      createdAt: true,
      updatedAt: true,
      workflowId: true,
      version: { select: { version: true, workflow: { select: { name: true } } } },
      escalations: {
        where: { status: { in: ["open", "claimed"] } },
        orderBy: { createdAt: "desc" },
        take: 1,
        select: { id: true, title: true, message: true, stateId: true, options: true },
      },
    },
  });
  if (!run) throw notFound(`Run ${runId}`);
  const escalation = run.escalations[0] ?? null;
  const failure = run.failure as { code: string; message: string } | null;
  const taskStatus = TERMINAL[run.status] ?? (escalation ? "input_required" : "working");
  return {
    runId: run.id,
    workflowId: run.workflowId,
    workflowName: run.version.workflow.name,
    version: run.version.version,
    status: run.status,
    taskStatus,
    statusMessage: statusMessage(run.status, run.currentState, escalation, failure),
    currentState: run.currentState,
    output: (run.output as { value: unknown } | null)?.value ?? null,
    failure,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    escalation,
  };
}

function statusMessage(
  status: string,
  state: string | null,
  escalation: { title: string } | null,
  failure: { code: string; message: string } | null,
): string {
  if (escalation) return `Waiting for a person: ${escalation.title} (answered in Switchyard's inbox)`;
  if (failure) return `${status}: ${failure.code}: ${failure.message}`;
  if (status === "succeeded") return "Succeeded";
  return state ? `${status} at ${state}` : status;
}

/** Who started a run over MCP (null: it was not started over MCP). */
export async function mcpOriginOf(db: Db, runId: string) {
  return db.mcpRunRequest.findUnique({
    where: { runId },
    select: { clientName: true, clientVersion: true, caller: true, createdAt: true },
  });
}

/** Runs started over MCP, newest first (tasks/list). */
export async function listMcpRuns(db: Db, opts: { limit: number }): Promise<string[]> {
  const rows = await db.mcpRunRequest.findMany({ orderBy: { createdAt: "desc" }, take: opts.limit, select: { runId: true } });
  return rows.map((r) => r.runId);
}

/** Whether this caller started the run over MCP (only they are asked its questions and may answer them). */
export async function isRunOfCaller(db: Db, runId: string, callerId: string): Promise<boolean> {
  const row = await db.mcpRunRequest.findUnique({ where: { runId }, select: { callerId: true } });
  return row !== null && row.callerId !== "" && row.callerId === callerId;
}
