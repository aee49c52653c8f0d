/** An agent step's budgets: which one, if any, the agent has used up. */
import { AGENT_DEFAULTS } from "@/lib/workflow/agent-schema";
import type { AgentState } from "@/lib/workflow/schema";
import type { AgentProgress } from "./agent-types";
import type { StepError } from "./types";

/** Checked before each model call: turns and time, and the tokens and cost spent so far. */
export function budgetBeforeTurn(state: AgentState, progress: AgentProgress, now: number): StepError | null {
  const b = state.budgets ?? {};
  const maxTurns = b.maxTurns ?? AGENT_DEFAULTS.maxTurns;
  if (progress.turns >= maxTurns) return exceeded("turns", `${maxTurns} model turns`);
  return budgetAfterTurn(state, progress, now);
}

/** Checked after each answer: the spend so far and the time. */
export function budgetAfterTurn(state: AgentState, progress: AgentProgress, now: number): StepError | null {
  const b = state.budgets ?? {};
  const { spend } = progress;
  if (b.maxInputTokens !== undefined && spend.inputTokens > b.maxInputTokens)
    return exceeded("input tokens", `${b.maxInputTokens} input tokens (used ${spend.inputTokens})`);
  if (b.maxOutputTokens !== undefined && spend.outputTokens > b.maxOutputTokens)
    return exceeded("output tokens", `${b.maxOutputTokens} output tokens (used ${spend.outputTokens})`);
  if (b.maxCostUsd !== undefined && spend.costUsd > b.maxCostUsd)
    return exceeded("cost", `$${b.maxCostUsd} (spent $${spend.costUsd.toFixed(4)})`);
  const maxSeconds = b.maxSeconds ?? AGENT_DEFAULTS.maxSeconds;
  if (now - progress.startedAt >= maxSeconds * 1000) return exceeded("time", `${maxSeconds} s`);
  return null;
}

/** Checked when an answer asks for tool calls. */
export function budgetForCalls(state: AgentState, progress: AgentProgress, asked: number): StepError | null {
  const max = state.budgets?.maxToolCalls ?? AGENT_DEFAULTS.maxToolCalls;
  if (progress.toolCalls + asked > max)
    return exceeded("tool calls", `${max} tool calls (${progress.toolCalls} made, ${asked} more asked for)`);
  return null;
}

function exceeded(budget: string, what: string): StepError {
  return { kind: "budget_exceeded", message: `Budget exceeded (${budget}): the agent used its ${what}`, retryable: false };
}
