/**
 * What a tool call in flight reports while it runs (MCP progress notifications, a task's status), as the run page and
 * the canvas show it live. Never stored: it lives only as long as the call, in the process that makes it.
 */

export interface CallProgress {
  stateId: string;
  attempt: number;
  /** The latest progress notification of the call. */
  progress?: number | undefined;
  total?: number | undefined;
  message?: string | undefined;
  /** The call's task on its server (MCP Tasks): its latest status. */
  task?: { taskId: string; status: string; message?: string | undefined } | undefined;
  /** When it was reported (ms since the epoch). */
  at: number;
}

/** The longest message shown (a server's text: bounded). */
export const MAX_PROGRESS_MESSAGE = 200;

export function boundedMessage(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const oneLine = message.replace(/\s+/g, " ").trim();
  if (oneLine === "") return undefined;
  return oneLine.length > MAX_PROGRESS_MESSAGE ? `${oneLine.slice(0, MAX_PROGRESS_MESSAGE - 1)}…` : oneLine;
}

const TASK_STATUS: Record<string, string> = {
  working: "Task working",
  input_required: "Task waiting for an answer",
  completed: "Task completed",
  failed: "Task failed",
  cancelled: "Task cancelled",
};

/** "3 of 5 (60%) · Copying files", "Task working: Analyzing content…". */
export function progressLabel(p: CallProgress): string {
  const parts: string[] = [];
  if (p.task)
    parts.push(`${TASK_STATUS[p.task.status] ?? `Task ${p.task.status}`}${p.task.message ? `: ${p.task.message}` : ""}`);
  if (p.progress !== undefined) {
    const pct = p.total !== undefined && p.total > 0 ? ` (${Math.min(100, Math.round((p.progress / p.total) * 100))}%)` : "";
    parts.push(p.total !== undefined ? `${fmt(p.progress)} of ${fmt(p.total)}${pct}` : fmt(p.progress));
  }
  if (p.message) parts.push(p.message);
  return parts.join(" · ");
}

/** The share done, 0..1, when the server says of how much. */
export function progressShare(p: CallProgress): number | null {
  if (p.progress === undefined || p.total === undefined || p.total <= 0) return null;
  return Math.max(0, Math.min(1, p.progress / p.total));
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
