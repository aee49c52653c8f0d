/** A transition's event in words, for the timeline; `optionLabel` names a person's choice by its label. */
export function eventLabel(
  event: unknown,
  optionLabel: (escalationId: string, optionId: string) => string | null = () => null,
): string {
  const e = (event ?? {}) as {
    type?: string;
    error?: { kind?: string; message?: string };
    optionId?: string;
    escalationId?: string;
    by?: string;
    compensate?: boolean;
    ok?: boolean;
    answer?: { toolCalls?: unknown[] };
    task?: { taskId?: string };
    childId?: string;
    status?: string;
    results?: unknown[];
    event?: { type?: string };
  };
  switch (e.type) {
    case "start":
      return "Started";
    case "call_succeeded":
      return "Step completed";
    case "call_failed":
      return `Step failed: ${e.error?.message ?? e.error?.kind ?? "error"}`;
    case "timer_fired":
      return "Timer fired";
    case "human_resolved":
      return `${e.by ?? "Someone"} chose “${optionLabel(e.escalationId ?? "", e.optionId ?? "") ?? e.optionId ?? "?"}”`;
    case "human_timed_out":
      return "Nobody decided in time";
    case "call_outcome_unknown":
      return "Interrupted mid-call: outcome unknown";
    case "call_task_created":
      return `The server runs the call as task ${e.task?.taskId ?? "?"}`;
    case "breaker_open":
      return "Refused by the server's open circuit breaker (no call was made)";
    case "retry_step":
      return `${e.by ?? "Someone"} retried the step`;
    case "skip_step":
      return `${e.by ?? "Someone"} skipped the step`;
    case "cancel":
      return `${e.by ?? "Someone"} cancelled the run${e.compensate ? " (undoing completed steps)" : ""}`;
    case "model_done": {
      if (e.ok === false) return `The model call failed: ${e.error?.message ?? "error"}`;
      const calls = e.answer?.toolCalls?.length ?? 0;
      return calls > 0 ? `The model asked for ${calls} tool call${calls === 1 ? "" : "s"}` : "The model answered";
    }
    case "child_finished":
      return `${childName(e.childId)} ${e.status === "succeeded" ? "finished" : (e.status ?? "ended")}`;
    case "children_collected":
      return `Collected the results of ${e.results?.length ?? 0} item${e.results?.length === 1 ? "" : "s"}`;
    case "event_received":
      return `Received the event ${e.event?.type ?? ""}`.trim();
    case "lock_granted":
      return "Got the lock";
    case "shared_done":
      return "Shared value read or written";
    default:
      return e.type ?? "Event";
  }
}

/** "Branch customer" or "Item 3" (a map item's key is its index) from a child run's id: <run>.<step>.<visit>.<key>. */
function childName(childId: string | undefined): string {
  const key = (childId ?? "").split(".").pop()?.split("~")[0] ?? "";
  if (/^\d+$/.test(key)) return `Item ${Number(key) + 1}`;
  return key ? `Branch “${key}”` : "A branch";
}
