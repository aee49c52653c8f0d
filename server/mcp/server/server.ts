/**
 * Switchyard as an MCP server: one SDK `Server` per MCP session, over a backend for the session's caller. Workflow
 * tools start runs: a call without task augmentation waits for the run (progress notifications per step, a human
 * step routed to the caller asked through elicitation when the client declared it); a task-augmented call answers
 * at once with a task over the run (task-store.ts).
 */
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ElicitResultSchema,
  ListToolsRequestSchema,
  McpError,
  ErrorCode,
  type CallToolResult,
  type ServerNotification,
  type ServerRequest,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { CreateTaskResult } from "@modelcontextprotocol/sdk/experimental/tasks";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ClientInfo, McpBackend, RunView, ToolSpec } from "./backend";
import { runTaskStore } from "./task-store";
import { errorResult, resultOf, taskOf } from "./results";

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

export function createSwitchyardServer(backend: McpBackend, options: McpServerOptions): Server {
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
        "for a person is input_required until someone answers in Switchyard's inbox.",
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: (await backend.listTools()).map(toTool) }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult | CreateTaskResult> => {
    const { name, arguments: args, task } = request.params;
    // A tool this caller's role does not list is still tried, so the answer says which role it needs.
    const spec = (await backend.listTools()).find((t) => t.name === name);
    if (spec?.kind === "operator" || (!spec && name.startsWith(OPERATOR_PREFIX))) return operatorCall(backend, name, args ?? {});
    const key = request.params._meta?.[IDEMPOTENCY_META_KEY];
    if (key !== undefined && typeof key !== "string")
      throw new McpError(ErrorCode.InvalidParams, `_meta["${IDEMPOTENCY_META_KEY}"] must be a string`);
    const client: ClientInfo = { name: server.getClientVersion()?.name ?? "", version: server.getClientVersion()?.version ?? "" };
    let started: Awaited<ReturnType<McpBackend["startWorkflowRun"]>>;
    try {
      started = await backend.startWorkflowRun(name, args ?? {}, { idempotencyKey: key, client });
    } catch (err) {
      // A task-augmented call cannot answer with a tool result: the refusal is a protocol error there.
      if (task) throw new McpError(ErrorCode.InvalidParams, messageOf(err));
      return errorResult(messageOf(err));
    }
    const view = await backend.runView(started.runId);
    if (!view) throw new McpError(ErrorCode.InternalError, `Run ${started.runId} disappeared`);
    if (task) return { task: taskOf(view) };
    return followRun(server, backend, view, started.outputSchema, extra, options.waitMs);
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

/** Waits for the run (progress per step; questions for the caller), up to waitMs. */
async function followRun(
  server: Server,
  backend: McpBackend,
  first: RunView,
  outputSchema: ToolSpec["outputSchema"],
  extra: Extra,
  waitMs: number,
): Promise<CallToolResult> {
  if (TERMINAL.has(first.taskStatus)) return resultOf(first, outputSchema);
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), waitMs);
  const onAbort = () => stop.abort();
  extra.signal.addEventListener("abort", onAbort, { once: true });
  const asked = new Set<string>();
  const progressToken = extra._meta?.progressToken;
  let steps = 0;
  try {
    await askCallerIfRouted(server, backend, first.runId, asked, extra);
    for await (const change of backend.watch(first.runId, stop.signal)) {
      steps += 1;
      if (progressToken !== undefined)
        await extra.sendNotification({
          method: "notifications/progress",
          params: { progressToken, progress: steps, message: `${change.status}${change.stateId ? ` at ${change.stateId}` : ""}` },
        });
      if (change.status === "waiting") await askCallerIfRouted(server, backend, first.runId, asked, extra);
    }
  } catch (err) {
    if (!stop.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
    extra.signal.removeEventListener("abort", onAbort);
  }
  const view = await backend.runView(first.runId);
  return view ? resultOf(view, outputSchema) : errorResult(`Run ${first.runId} disappeared`);
}

/** A human step marked "ask the caller": the question goes to the caller when it declared elicitation. */
async function askCallerIfRouted(server: Server, backend: McpBackend, runId: string, asked: Set<string>, extra: Extra) {
  if (!server.getClientCapabilities()?.elicitation) return;
  const question = await backend.questionForCaller(runId);
  if (!question || asked.has(question.escalationId)) return;
  asked.add(question.escalationId);
  const answer = await extra.sendRequest(
    {
      method: "elicitation/create",
      params: {
        message: question.message ? `${question.title}\n\n${question.message}` : question.title,
        requestedSchema: {
          type: "object",
          properties: {
            choice: {
              type: "string",
              title: "Your decision",
              oneOf: question.options.map((o) => ({ const: o.id, title: o.label })),
            },
            note: { type: "string", title: "Note (optional)", maxLength: 2000 },
          },
          required: ["choice"],
        },
      },
    },
    ElicitResultSchema,
  );
  // Declined or dismissed: the question stays in the inbox for a person.
  if (answer.action !== "accept") return;
  const choice = answer.content?.choice;
  const note = answer.content?.note;
  if (typeof choice !== "string") return;
  await backend.answerQuestion(question.escalationId, choice, typeof note === "string" ? note : undefined);
}
