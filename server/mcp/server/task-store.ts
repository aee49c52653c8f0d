/**
 * MCP tasks (2025-11-25) over Switchyard runs: the task id IS the run id and the task's status is read from the run
 * (waiting for a person = input_required), so there is no second state machine and any process serving /mcp answers
 * for any task. Cancelling the task cancels the run.
 */
import type { TaskStore } from "@modelcontextprotocol/sdk/experimental/tasks";
import type { Result, Task } from "@modelcontextprotocol/sdk/types.js";
import type { McpBackend } from "./backend";
import { resultOf, taskOf } from "./results";

const LIST_PAGE = 50;

export function runTaskStore(backend: McpBackend): TaskStore {
  const outputSchemaOf = async (workflowId: string) =>
    (await backend.listTools()).find((t) => t.kind === "workflow" && t.workflowId === workflowId)?.outputSchema;
  return {
    createTask(): Promise<Task> {
      // Tool calls create their task by starting a run (server.ts); nothing else creates tasks.
      return Promise.reject(new Error("Tasks are created by calling a workflow tool"));
    },
    async getTask(taskId) {
      const view = await backend.runView(taskId);
      return view ? taskOf(view) : null;
    },
    storeTaskResult() {
      // The run's own output is the result.
      return Promise.resolve();
    },
    async getTaskResult(taskId): Promise<Result> {
      const view = await backend.runView(taskId);
      if (!view) throw new Error(`Task not found: ${taskId}`);
      return resultOf(view, await outputSchemaOf(view.workflowId));
    },
    async updateTaskStatus(taskId, status) {
      if (status === "cancelled") await backend.cancelRun(taskId);
      // Other statuses follow the run; the server never sets them by hand.
    },
    /** The newest runs started over MCP (one page). */
    async listTasks() {
      const ids = await backend.listRunIds(LIST_PAGE);
      const views = await Promise.all(ids.map((id) => backend.runView(id)));
      return { tasks: views.flatMap((v) => (v ? [taskOf(v)] : [])) };
    },
  };
}
