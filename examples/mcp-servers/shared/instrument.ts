/**
 * Every tools/call of a demo server goes through here: it is logged before the
 * tool runs and completed after, injected latency is reported as progress, and
 * the injected faults (failure, hang, crash, exit) happen. It wraps the SDK's
 * own tools/call handler (validation included), so rejected arguments are
 * logged too, and a protocol error can escape as a JSON-RPC error (McpServer
 * turns exceptions thrown by tools into `isError` results).
 */
import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  McpError,
  type CallToolRequest,
  type CallToolResult,
  type ServerNotification,
  type ServerRequest,
} from "@modelcontextprotocol/sdk/types.js";
import { finishCall, startCall, type CallEnd } from "./call-log";
import { type FaultDecision, type FaultInjector } from "./faults";
import { type Store } from "./state-store";
import { callContext, idempotencyKeyOf, toolError, type CallContext } from "./tools";

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;
type CallHandler = (request: CallToolRequest, extra: Extra) => Promise<CallToolResult>;

/** What the instrumentation needs of a running demo server. */
export interface DemoRuntime {
  server: string;
  stateDir: string;
  db: Store;
  faults: FaultInjector;
  /** What crash and exit faults do: process.exit by default. */
  exit: (code: number) => void;
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Waits until the request is cancelled (a hung call). */
const untilAborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });

/** Injected latency, in up to 5 steps each reported as progress when the request has a progressToken. */
async function delay(ms: number, request: CallToolRequest, extra: Extra): Promise<boolean> {
  const token = request.params._meta?.progressToken;
  if (token === undefined) return sleep(ms, extra.signal);
  const steps = Math.max(1, Math.min(5, Math.floor(ms / 50)));
  for (let i = 1; i <= steps; i++) {
    if (!(await sleep(ms / steps, extra.signal))) return false;
    const params = { progressToken: token, progress: i, total: steps, message: `${request.params.name}: step ${i} of ${steps}` };
    await extra.sendNotification({ method: "notifications/progress", params });
  }
  return true;
}

const textOf = (result: CallToolResult) =>
  result.content
    .map((c) => (c.type === "text" ? c.text : `[${c.type}]`))
    .join("\n")
    .slice(0, 500);

/** Runs one call with logging and faults around the SDK's handler. */
async function instrumentedCall(runtime: DemoRuntime, inner: CallHandler, request: CallToolRequest, extra: Extra) {
  const tool = request.params.name;
  const id = startCall(runtime.db, {
    server: runtime.server,
    tool,
    arguments: request.params.arguments,
    idempotencyKey: idempotencyKeyOf(request.params._meta),
    requestId: String(extra.requestId),
    sessionId: extra.sessionId,
  });
  const ctx: CallContext = { executed: false, replayed: false };
  let finished = false;
  const finish = (end: Omit<CallEnd, "executed" | "replayed">) => {
    if (finished) return;
    finished = true;
    finishCall(runtime.db, id, { ...end, ...ctx });
  };
  const run = () => callContext.run(ctx, () => inner(request, extra));
  try {
    const fault = runtime.faults.decide(tool);
    if (fault.latencyMs > 0 && !(await delay(fault.latencyMs, request, extra))) {
      finish({ outcome: "fault", detail: `latency ${fault.latencyMs} ms: cancelled by the client` });
      return toolError("Cancelled.");
    }
    if (!fault.exit && !fault.hang && fault.failure === null) {
      const result = await run();
      finish(result.isError ? { outcome: "error", detail: textOf(result) } : { outcome: "ok" });
      return result;
    }
    // With DEMO_FAULT_PHASE=after the tool runs (its effects commit) and the fault replaces its answer.
    if (fault.phase === "after") await run();
    return await injectFault(runtime, fault, tool, finish, extra);
  } catch (err) {
    finish({ outcome: "error", detail: err instanceof Error ? err.message : String(err) });
    throw err;
  }
}

/** The injected fault itself; the call log row is completed before the process exits. */
async function injectFault(
  runtime: DemoRuntime,
  fault: FaultDecision,
  tool: string,
  finish: (end: Omit<CallEnd, "executed" | "replayed">) => void,
  extra: Extra,
): Promise<CallToolResult> {
  const when = fault.phase === "after" ? " after the tool ran" : "";
  const never = new Promise<never>(() => {});
  if (fault.exit) {
    finish({ outcome: "fault", detail: `exit_after${when}: the process exits` });
    runtime.exit(0);
    return never;
  }
  if (fault.hang) {
    await untilAborted(extra.signal);
    finish({ outcome: "fault", detail: `hang${when}: cancelled by the client` });
    return toolError("Cancelled.");
  }
  switch (fault.failure) {
    case "crash":
      finish({ outcome: "fault", detail: `crash${when}: the process exits` });
      runtime.exit(1);
      return never;
    case "protocol_error":
      finish({ outcome: "fault", detail: `protocol_error${when}` });
      throw new McpError(ErrorCode.InternalError, `Injected protocol error in ${tool} (DEMO_FAILURE_KIND=protocol_error)`);
    default:
      finish({ outcome: "fault", detail: `tool_error${when}` });
      return toolError(`${tool} is temporarily unavailable (injected failure, DEMO_FAILURE_RATE). Try again.`);
  }
}

/**
 * Routes the tools/call handler that McpServer installs through
 * `instrumentedCall`. Call it on a fresh McpServer's `server`, before the first
 * registerTool (which installs the handler).
 */
export function instrumentToolCalls(server: Server, runtime: DemoRuntime): void {
  type AnyHandler = (request: CallToolRequest, extra: Extra) => Promise<CallToolResult>;
  const setRequestHandler = server.setRequestHandler.bind(server) as (schema: unknown, handler: AnyHandler) => void;
  Object.assign(server, {
    setRequestHandler(schema: unknown, handler: AnyHandler) {
      const wrapped: AnyHandler = (request, extra) => instrumentedCall(runtime, handler, request, extra);
      setRequestHandler(schema, schema === CallToolRequestSchema ? wrapped : handler);
    },
  });
}
