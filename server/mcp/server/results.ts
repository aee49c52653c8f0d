/** Run views as MCP results and tasks. */
import type { CallToolResult, Task } from "@modelcontextprotocol/sdk/types.js";
import type { RunView, ToolSpec } from "./backend";

/** How often a task's caller is asked to poll (ms). */
export const TASK_POLL_MS = 1000;
export const RUN_META_KEY = "dev.switchyard/run";

export function taskOf(view: RunView): Task {
  return {
    taskId: view.runId,
    status: view.taskStatus,
    statusMessage: view.statusMessage,
    createdAt: view.createdAt.toISOString(),
    lastUpdatedAt: view.updatedAt.toISOString(),
    // The run is the task: it is kept as long as the run is.
    ttl: null,
    pollInterval: TASK_POLL_MS,
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A run's outcome as a tool result; a run not finished yet says where it is and how to follow it. */
export function resultOf(view: RunView, outputSchema: ToolSpec["outputSchema"]): CallToolResult {
  const meta = {
    [RUN_META_KEY]: { runId: view.runId, version: view.version, workflowId: view.workflowId, status: view.status, url: view.url },
  };
  const head = `Run ${view.runId} of "${view.workflowName}" (version ${view.version})`;
  switch (view.taskStatus) {
    case "completed": {
      const output = view.output;
      if (outputSchema && !isPlainObject(output))
        return {
          isError: true,
          content: [
            { type: "text", text: `${head} succeeded, but its result is not an object as the tool's output schema says` },
          ],
          _meta: meta,
        };
      return {
        content: [{ type: "text", text: `${head} succeeded.\n${JSON.stringify(output ?? null)}` }],
        ...(isPlainObject(output) ? { structuredContent: output } : {}),
        _meta: meta,
      };
    }
    case "failed":
    case "cancelled":
      return {
        isError: true,
        content: [{ type: "text", text: `${head}: ${view.statusMessage}. Details: ${view.url}` }],
        _meta: meta,
      };
    case "working":
    case "input_required":
      return {
        // A tool with an output schema must return structured content unless it reports an error.
        isError: Boolean(outputSchema),
        content: [
          {
            type: "text",
            text: `${head} has not finished: ${view.statusMessage}. Follow it at ${view.url} or with the switchyard_get_run tool (runId ${view.runId}).`,
          },
        ],
        _meta: meta,
      };
  }
}

export function errorResult(message: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text: message }] };
}
