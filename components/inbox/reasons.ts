import type { EscalationReason } from "@/lib/inbox/escalations";

/** What each reason is called in the inbox (every reason has a label: the type says so). */
export const REASONS: Record<EscalationReason, string> & Record<string, string> = {
  human_step: "Decision needed",
  retries_exhausted: "Step kept failing",
  no_route: "Step failed",
  breaker_open: "Server failing (breaker open)",
  outcome_unknown: "Outcome unknown after a crash",
  compensation_failed: "Undo failed",
  mcp_request: "Question from a server",
  authorization_needed: "Authorization needed (reconnect the server)",
  agent_approval: "AI agent asks to run a tool",
};
