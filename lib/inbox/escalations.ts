/**
 * What the inbox and the server agree on about escalations: why one was raised, the list's filters and sorts, and
 * what a person can decide.
 */

/** Why a run asks a person (the executor raises all but mcp_request, which a server's question raises). */
export const ESCALATION_REASONS = [
  "human_step",
  "retries_exhausted",
  "no_route",
  "breaker_open",
  "outcome_unknown",
  "compensation_failed",
  "mcp_request",
  "authorization_needed",
  "agent_approval",
] as const;
export type EscalationReason = (typeof ESCALATION_REASONS)[number];

/** "open" is everything still waiting for a person (unclaimed or claimed); "unclaimed" and "claimed" split it. */
export const ESCALATION_STATUS_FILTERS = ["open", "unclaimed", "claimed", "resolved", "expired", "all"] as const;
export type EscalationStatusFilter = (typeof ESCALATION_STATUS_FILTERS)[number];

export const ESCALATION_SORTS = ["due", "oldest", "newest"] as const;
export type EscalationSort = (typeof ESCALATION_SORTS)[number];

/** A person's decision on an escalation. */
export type Resolution =
  | { action: "option"; optionId: string; data?: Record<string, unknown> | undefined }
  | { action: "retry"; args?: Record<string, unknown> | undefined }
  | { action: "skip"; result: unknown }
  | { action: "cancel"; compensate: boolean };
