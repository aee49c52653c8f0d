/**
 * Switchyard as an MCP server: one SDK `Server` per HTTP request (http.ts), over a backend for the request's caller
 * and the session's facts (session-id.ts). Workflow tools start runs: a call without task augmentation waits for
 * the run (progress notifications per step, a human step routed to the caller asked through elicitation when the
 * client declared it); a task-augmented call answers at once with a task over the run (task-store.ts), and
 * tasks/result follows the run to its end, asking the caller the same way, the questions related to the task.
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ErrorCode,
  RELATED_TASK_META_KEY,
  type CallToolResult,
  type ServerNotification,
  type ServerRequest,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import { GetTaskPayloadRequestSchema, type CreateTaskResult } from "@modelcontextprotocol/sdk/experimental/tasks";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ClientInfo, McpBackend, ToolSpec } from "./backend";
import { runTaskStore } from "./task-store";
import { errorResult, resultOf, taskOf } from "./results";
import { questionRequest } from "./caller-questions";
import type { SessionFacts } from "./session-id";

/** The idempotency key a caller sends in the call's `_meta` (Switchyard's own calls send it too). */
export const IDEMPOTENCY_META_KEY = "dev.switchyard/idempotency-key";
/** Operator tools are named switchyard_*; workflow tools never are (see the backend). */
export const OPERATOR_PREFIX = "switchyard_";
const TERMINAL = new Set(["completed", "failed", "cancelled"]);

export interface McpServerOptions {
  version: string;
  /** How long a call without task augmentation waits for its run before answering that it is still running (ms). */
  waitMs: number;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export function createSwitchyardServer(backend: McpBackend, options: McpServerOptions, session: SessionFacts): Server {
  const server = new Server(
    { name: "switchyard", title: "Switchyard", version: options.version },
    {
      capabilities: {
        tools: { listChanged: false },
        tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } },
      },
      taskStore: runTaskStore(backend),
      instructions:
        "Each workflow tool starts a durable Switchyard run. Long runs are answered as tasks: poll them; a run that waits " +
        "for a person is input_required until someone answers in Switchyard's inbox, or you do, when the step asks " +
        "its caller and you support elicitation (call tasks/result to receive the question).",
    },
  );
  const client: ClientInfo = { name: session.clientName, version: session.clientVersion };
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: (await backend.listTools()).map(toTool) }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult | CreateTaskResult> => {
    const { name, arguments: args, task } = request.params;
    // A tool this caller's role does not list is still tried, so the answer says which role it needs.
    const spec = (await backend.listTools()).find((t) => t.name === name);
    if (spec?.kind === "operator" || (!spec && name.startsWith(OPERATOR_PREFIX))) return operatorCall(backend, name, args ?? {});
    const key = request.params._meta?.[IDEMPOTENCY_META_KEY];
    if (key !== undefined && typeof key !== "string")
      throw new McpError(ErrorCode.InvalidParams, `_meta["${IDEMPOTENCY_META_KEY}"] must be a string`);
    let started: Awaited<ReturnType<McpBackend["startWorkflowRun"]>>;
    try {
      started = await backend.startWorkflowRun(name, args ?? {}, { idempotencyKey: key, client });
    } catch (err) {
      // A task-augmented call cannot answer with a tool result: the refusal is a protocol error there.
      if (task) throw new McpError(ErrorCode.InvalidParams, messageOf(err));
      return errorResult(messageOf(err));
    }
    const first = await backend.runView(started.runId);
    if (!first) throw new McpError(ErrorCode.InternalError, `Run ${started.runId} disappeared`);
    if (task) return { task: taskOf(first) };
    if (!TERMINAL.has(first.taskStatus))
      await followRun({ server, backend, session, extra, waitMs: options.waitMs }, started.runId);
    const view = await backend.runView(started.runId);
    return view ? resultOf(view, started.outputSchema) : errorResult(`Run ${started.runId} disappeared`);
  });
  // tasks/result: the run's result once it ends; until then, questions for the caller ride this response stream.
  server.setRequestHandler(GetTaskPayloadRequestSchema, async (request, extra) => {
    const { taskId } = request.params;
    const first = await backend.runView(taskId);
    if (!first) throw new McpError(ErrorCode.InvalidParams, `Task not found: ${taskId}`);
    if (!TERMINAL.has(first.taskStatus)) await followRun({ server, backend, session, extra, taskId }, taskId);
    const view = await backend.runView(taskId);
    if (!view) throw new McpError(ErrorCode.InvalidParams, `Task not found: ${taskId}`);
    if (!TERMINAL.has(view.taskStatus)) throw new McpError(ErrorCode.InvalidRequest, "Request cancelled");
    const outputSchema = (await backend.listTools()).find((t) => t.workflowId === view.workflowId)?.outputSchema;
    const result = resultOf(view, outputSchema);
    return { ...result, _meta: { ...result._meta, [RELATED_TASK_META_KEY]: { taskId } } };
  });
  return server;
}

function toTool(spec: ToolSpec): Tool {
  return {
    name: spec.name,
    ...(spec.title ? { title: spec.title } : {}),
    description: spec.description,
    inputSchema: spec.inputSchema,
    ...(spec.outputSchema ? { outputSchema: spec.outputSchema } : {}),
    ...(spec.annotations ? { annotations: spec.annotations } : {}),
    ...(spec.kind === "workflow" ? { execution: { taskSupport: "optional" as const } } : {}),
  };
}

async function operatorCall(backend: McpBackend, name: string, args: unknown): Promise<CallToolResult> {
  try {
    const value = await backend.callOperatorTool(name, args);
    const structured = { result: value ?? null };
    return { content: [{ type: "text", text: JSON.stringify(value ?? null) }], structuredContent: structured };
  } catch (err) {
    return errorResult(messageOf(err));
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** How a request follows its run: the call's own wait (progress per step, up to waitMs) or tasks/result (to the end). */
interface Following {
  server: Server;
  backend: McpBackend;
  session: SessionFacts;
  extra: Extra;
  /** Stop waiting after this long (ms); without it, follow until the run ends or the request is cancelled. */
  waitMs?: number;
  /** tasks/result: the questions asked are related to this task. */
  taskId?: string;
}

/** Waits for the run: progress per step; a question routed to the caller is asked on this request's stream. */
async function followRun(f: Following, runId: string): Promise<void> {
  const stop = new AbortController();
  const timer = f.waitMs === undefined ? undefined : setTimeout(() => stop.abort(), f.waitMs);
  const onAbort = () => stop.abort();
  f.extra.signal.addEventListener("abort", onAbort, { once: true });
  const asked = new Set<string>();
  const progressToken = f.extra._meta?.progressToken;
  let steps = 0;
  try {
    await askCallerIfRouted(f, runId, asked);
    for await (const change of f.backend.watch(runId, stop.signal)) {
      steps += 1;
      if (progressToken !== undefined)
        await f.extra.sendNotification({
          method: "notifications/progress",
          params: { progressToken, progress: steps, message: `${change.status}${change.stateId ? ` at ${change.stateId}` : ""}` },
        });
      if (change.status === "waiting") await askCallerIfRouted(f, runId, asked);
    }
  } catch (err) {
    if (!stop.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    f.extra.signal.removeEventListener("abort", onAbort);
  }
}

/**
 * A human step marked "ask the caller": when the caller declared elicitation, the question goes out on this
 * request's response stream (caller-questions.ts); the answer may come back to any process. Otherwise, and when
 * the caller declines, the question stays in the inbox for a person.
 */
async function askCallerIfRouted(f: Following, runId: string, asked: Set<string>): Promise<void> {
  if (!f.session.elicitation || !f.server.transport) return;
  const question = await f.backend.questionForCaller(runId);
  if (!question || asked.has(question.escalationId)) return;
  asked.add(question.escalationId);
  await f.server.transport.send(questionRequest(runId, question, f.taskId), { relatedRequestId: f.extra.requestId });
}
