/**
 * MCP Tasks (specification 2025-11-25) on the client side: a tool call that returns a task instead of a result, then
 * `tasks/get` at the server's poll interval until the task ends, `tasks/result` for the result (also when the server
 * asks a question: `input_required` is answered through the request that `tasks/result` delivers), `tasks/cancel`
 * when the caller gives up. The task's reference is handed out before any waiting, so a caller can persist it and
 * resume waiting in another process without calling the tool again.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { CallToolResultSchema, CreateTaskResultSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { McpCallError } from "./errors";
import type { TaskRef, TaskStatusUpdate } from "./types";

/** Poll intervals a server may ask for are kept within these bounds. */
const MIN_POLL_MS = 100;
const MAX_POLL_MS = 30_000;
const DEFAULT_POLL_MS = 1_000;

export function pollMsOf(pollInterval: number | undefined): number {
  if (pollInterval === undefined || !Number.isFinite(pollInterval)) return DEFAULT_POLL_MS;
  return Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, Math.round(pollInterval)));
}

export interface TaskWait {
  server: string;
  tool: string;
  /** The call's time limit: it starts again on every change of the task's status or status message. */
  timeoutMs: number;
  /** The most the task may take from its creation, however often its status changes. */
  totalMs: number;
  signal?: AbortSignal | undefined;
  onStatus?: ((update: TaskStatusUpdate) => void) | undefined;
}

/** Sends `tools/call` as a task; resolves with the task's reference (nothing is waited for yet). */
export async function createToolTask(
  client: Client,
  call: { tool: string; args: Record<string, unknown>; meta?: Record<string, unknown> | undefined },
  opts: { timeoutMs: number; ttlMs: number; signal?: AbortSignal | undefined; sessionId?: string | undefined },
): Promise<TaskRef> {
  const created = await client.request(
    { method: "tools/call", params: { name: call.tool, arguments: call.args, ...(call.meta ? { _meta: call.meta } : {}) } },
    CreateTaskResultSchema,
    { timeout: opts.timeoutMs, ...(opts.signal ? { signal: opts.signal } : {}), task: { ttl: opts.ttlMs } },
  );
  const { task } = created;
  return {
    taskId: task.taskId,
    pollMs: pollMsOf(task.pollInterval),
    createdAt: Date.now(),
    ...(opts.sessionId ? { sessionId: opts.sessionId } : {}),
  };
}

/**
 * Waits for a task to end and fetches its result once. Gives up (and cancels the task on the server) when the signal
 * aborts or the time limit passes.
 */
export async function awaitTask(client: Client, ref: TaskRef, wait: TaskWait): Promise<CallToolResult> {
  const where = { server: wait.server, tool: wait.tool };
  let lastChange = Date.now();
  let last = "";
  const totalDeadline = ref.createdAt + wait.totalMs;
  const deadline = () => Math.min(lastChange + wait.timeoutMs, totalDeadline);
  for (;;) {
    if (wait.signal?.aborted)
      throw await cancelled(client, ref, where, "The call was cancelled; the task was cancelled on the server");
    if (Date.now() >= deadline()) {
      const total = Date.now() >= totalDeadline;
      throw await cancelled(
        client,
        ref,
        where,
        total
          ? `The task was still not finished after ${wait.totalMs} ms, the most a task may take; it was cancelled on the server`
          : `The task's status did not change within ${wait.timeoutMs} ms; it was cancelled on the server`,
        "timeout",
      );
    }
    let task: Awaited<ReturnType<Client["experimental"]["tasks"]["getTask"]>>;
    try {
      task = await client.experimental.tasks.getTask(ref.taskId, {
        timeout: Math.max(1, Math.min(10_000, deadline() - Date.now())),
        ...(wait.signal ? { signal: wait.signal } : {}),
      });
    } catch (err) {
      if (wait.signal?.aborted) continue; // cancelled at the top of the loop
      throw taskError(err, ref, where);
    }
    const key = `${task.status}\u0000${task.statusMessage ?? ""}`;
    if (key !== last) {
      last = key;
      lastChange = Date.now();
      wait.onStatus?.({ taskId: ref.taskId, status: task.status, message: task.statusMessage });
    }
    switch (task.status) {
      case "completed":
      case "failed":
      case "input_required":
        // input_required: the server's question comes with tasks/result (it blocks until the task ends), answered by
        // the connection's elicitation handler; a person may take long, so only the total limit applies.
        return fetchResult(client, ref, wait, task.status === "input_required" ? totalDeadline : deadline());
      case "cancelled":
        throw new McpCallError(
          "cancelled",
          `The server cancelled the task${task.statusMessage ? `: ${task.statusMessage}` : ""}`,
          where,
        );
      case "working":
        await sleep(pollMsOf(task.pollInterval ?? ref.pollMs), wait.signal);
    }
  }
}

async function fetchResult(client: Client, ref: TaskRef, wait: TaskWait, until: number): Promise<CallToolResult> {
  const where = { server: wait.server, tool: wait.tool };
  try {
    return await client.experimental.tasks.getTaskResult(ref.taskId, CallToolResultSchema, {
      timeout: Math.max(1, until - Date.now()),
      ...(wait.signal ? { signal: wait.signal } : {}),
    });
  } catch (err) {
    if (wait.signal?.aborted)
      throw await cancelled(client, ref, where, "The call was cancelled; the task was cancelled on the server");
    const error = taskError(err, ref, where);
    if (error.kind === "timeout") throw await cancelled(client, ref, where, error.message, "timeout");
    throw error;
  }
}

/**
 * The caller could not record a task it created (its `onTask` failed): nobody would wait for it, so it is cancelled on
 * the server (best effort, briefly) and the call fails as `task_lost`, its outcome unknown (the tool may have begun).
 */
export async function unrecordedTask(
  client: Client,
  ref: TaskRef,
  where: { server: string; tool: string },
  cause: unknown,
): Promise<McpCallError> {
  const done = await client.experimental.tasks.cancelTask(ref.taskId, { timeout: 5_000 }).then(
    () => true,
    () => false,
  );
  const why = cause instanceof Error ? cause.message : String(cause);
  const message = `Task ${ref.taskId} could not be recorded (${why.slice(0, 300)}); it was ${done ? "" : "asked to be "}cancelled on the server: whether the tool did (part of) its work is unknown`;
  return new McpCallError("task_lost", message, { ...where, cause });
}

/** Asks the server to cancel the task (best effort, briefly), and returns the error to fail the call with. */
async function cancelled(
  client: Client,
  ref: TaskRef,
  where: { server: string; tool: string },
  message: string,
  kind: "cancelled" | "timeout" = "cancelled",
): Promise<McpCallError> {
  await client.experimental.tasks.cancelTask(ref.taskId, { timeout: 5_000 }).catch(() => undefined);
  return new McpCallError(kind, message, where);
}

/** A task the server no longer knows (it restarted, or the task expired) is lost: its outcome is unknown. */
function taskError(err: unknown, ref: TaskRef, where: { server: string; tool: string }): McpCallError {
  if (err instanceof McpCallError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (/task not found|not found/i.test(message))
    return new McpCallError(
      "task_lost",
      `The server no longer knows task ${ref.taskId} (it restarted or the task expired): whether the tool did its work is unknown`,
      { ...where, cause: err },
    );
  if (/timed out|timeout/i.test(message))
    return new McpCallError("timeout", `No answer from the server about task ${ref.taskId}`, where);
  return new McpCallError("protocol_error", `Task ${ref.taskId}: ${message}`, { ...where, cause: err });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
