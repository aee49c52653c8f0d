/**
 * The error kinds a step can fail with. They are shared by the definition
 * language (catch routes, retry filters), the MCP layer and the executor.
 */
export const ERROR_KINDS = [
  "tool_error",
  "invalid_input",
  "timeout",
  "connection_lost",
  "protocol_error",
  "auth_required",
  "server_unavailable",
  "breaker_open",
  "outcome_unknown",
  "expression_error",
  "expression_limit",
  "lock_lost",
  "deadlock",
  "conflict",
  "budget_exceeded",
  "invalid_output",
  "model_error",
  "result_too_large",
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

/**
 * The message prefix of an `auth_required` error that asks an admin to reconnect the server (OAuth refresh refused,
 * tokens revoked): the run parks on an inbox item instead of failing (server/mcp/oauth, server/engine/core/failure.ts).
 */
export const AUTHORIZATION_NEEDED = "Authorization needed";

/** A catch route or retry filter may name "*" to match every error kind. */
export const ANY_ERROR = "*";

export const ERROR_KIND_LABELS: Record<ErrorKind, string> = {
  tool_error: "The tool reported an error",
  invalid_input: "The tool rejected its input",
  timeout: "The call took too long",
  connection_lost: "The connection to the server was lost",
  protocol_error: "The server broke the MCP protocol",
  auth_required: "The server requires authorization",
  server_unavailable: "The server could not be reached",
  breaker_open: "The server's circuit breaker is open",
  outcome_unknown: "The call may or may not have happened",
  expression_error: "An expression could not be evaluated",
  expression_limit: "An expression ran over a time, depth or size limit",
  lock_lost: "The run lost its lock while its worker was down",
  deadlock: "Taking the lock could block runs forever",
  conflict: "Someone else changed the value first",
  budget_exceeded: "The AI agent used up a budget (turns, tool calls, tokens, cost or time)",
  invalid_output: "The AI agent's answer did not match the output schema",
  model_error: "The AI model could not be called",
  result_too_large: "A step's collected results were over their size limit",
};
