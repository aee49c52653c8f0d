/**
 * What the MCP server adapter needs from Switchyard, for one authenticated caller. The app implements it over the
 * tRPC procedures and services (server/api/mcp-backend.ts); this folder only speaks MCP.
 */

export interface ToolSpec {
  name: string;
  title?: string;
  description: string;
  inputSchema: { type: "object"; [key: string]: unknown };
  outputSchema?: { type: "object"; [key: string]: unknown } | undefined;
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint?: boolean };
  /** A workflow tool starts a run (and may be answered as a task); an operator tool answers at once. */
  kind: "workflow" | "operator";
  /** For a workflow tool: its workflow. */
  workflowId?: string;
}

export type RunTaskStatus = "working" | "input_required" | "completed" | "failed" | "cancelled";

export interface RunView {
  runId: string;
  workflowId: string;
  workflowName: string;
  version: number;
  status: string;
  taskStatus: RunTaskStatus;
  statusMessage: string;
  currentState: string | null;
  output: unknown;
  failure: { code: string; message: string } | null;
  createdAt: Date;
  updatedAt: Date;
  escalation: { id: string; title: string; message: string; stateId: string; options: unknown } | null;
  /** Where a person sees the run. */
  url: string;
}

export interface HumanQuestion {
  escalationId: string;
  title: string;
  message: string;
  options: { id: string; label: string; description?: string }[];
}

export interface ClientInfo {
  name: string;
  version: string;
}

export interface McpBackend {
  /** The tools this caller may use (workflow tools and operator tools, by role). */
  listTools(): Promise<ToolSpec[]>;
  /** Starts a run of the workflow behind a workflow tool; a repeated idempotency key returns the first run. */
  startWorkflowRun(
    tool: string,
    args: unknown,
    opts: { idempotencyKey?: string | undefined; client: ClientInfo },
  ): Promise<{ runId: string; version: number; repeated: boolean; outputSchema: ToolSpec["outputSchema"] }>;
  /** Calls an operator tool; the result is JSON. */
  callOperatorTool(tool: string, args: unknown): Promise<unknown>;
  /** A run as an MCP task sees it (not found: null; also for a run not started over MCP). */
  runView(runId: string): Promise<RunView | null>;
  /** Runs started over MCP, newest first. */
  listRunIds(limit: number): Promise<string[]>;
  /** Follows a run's committed transitions until it ends or the signal aborts. */
  watch(runId: string, signal: AbortSignal): AsyncIterable<{ seq: number; stateId: string | null; status: string }>;
  cancelRun(runId: string): Promise<void>;
  /** The question of a human step routed to the caller (askCaller), or null when it goes to the inbox. */
  questionForCaller(runId: string): Promise<HumanQuestion | null>;
  /** The caller's answer to that question. */
  answerQuestion(escalationId: string, optionId: string, note: string | undefined): Promise<void>;
}

/** A backend for the caller of one HTTP request (authenticated by the route). */
export type McpBackendFactory = (auth: McpAuth) => McpBackend;

export interface McpAuth {
  /** A stable id of the caller (sessions must not change hands). */
  callerId: string;
  /** The original request's headers the backend authenticates each call with. */
  headers: Headers;
  origin: string;
}
