/** Why a run is not moving (RunAlert.reason), with the words the dashboard shows. */
export const STUCK_REASONS = [
  "human_sla",
  "retrying_too_long",
  "breaker_open",
  "call_overrun",
  "lease_lost",
  "no_progress",
] as const;

export type StuckReason = (typeof STUCK_REASONS)[number];

export const STUCK_REASON_LABELS: Record<StuckReason, string> = {
  human_sla: "Waiting for a person past the SLA",
  retrying_too_long: "Retrying for too long",
  breaker_open: "Waiting on an open circuit breaker",
  call_overrun: "Tool call running past its timeout",
  lease_lost: "Engine holding the run vanished",
  no_progress: "No transition for too long",
};
