/**
 * The statuses of a run and the run history's status filters: one list for the executor, the services and the UI.
 */
export const RUN_STATUSES = [
  "queued",
  "running",
  "waiting",
  "retrying",
  "compensating",
  "succeeded",
  "failed",
  "compensated",
  "cancelled",
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A run in one of these never changes again. */
export const FINAL_STATUSES: readonly RunStatus[] = ["succeeded", "failed", "compensated", "cancelled"];
/** Every status a run can still move from. */
export const UNFINISHED_STATUSES: readonly RunStatus[] = ["queued", "running", "waiting", "retrying", "compensating"];

export const isFinalStatus = (status: string): boolean => (FINAL_STATUSES as readonly string[]).includes(status);

/**
 * The run history's status filter: a status, "active" (not finished), the kinds of waiting (for a person, on a
 * breaker) and "stuck" (no progress for longer than a setting).
 */
export const RUN_STATUS_FILTERS = [
  "active",
  "queued",
  "running",
  "retrying",
  "waiting",
  "waiting_person",
  "waiting_breaker",
  "compensating",
  "stuck",
  "succeeded",
  "failed",
  "compensated",
  "cancelled",
] as const;
export type RunStatusFilter = (typeof RUN_STATUS_FILTERS)[number];
