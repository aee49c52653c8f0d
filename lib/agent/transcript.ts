/**
 * An agent step's transcript as the run page shows it, rebuilt from the run's
 * committed transitions: each `call_model` command carries the conversation as
 * sent, each `model_done` event the answer with its tokens, cost and latency.
 * The step still running adds what its state holds (results of the current turn).
 */
import type { AgentMessage, AgentToolCall } from "./messages";

export interface AgentTurnView {
  turn: number;
  at: Date;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs: number;
  modelId: string;
  toolCalls: number;
  /** The model call failed (a provider error); the turn's figures are zero. */
  error?: string | undefined;
}

export interface AgentStepView {
  stateId: string;
  visit: number;
  messages: AgentMessage[];
  turns: AgentTurnView[];
  spend: { inputTokens: number; outputTokens: number; costUsd: number; toolCalls: number };
}

interface TransitionLike {
  event: unknown;
  commands: unknown;
  at: Date;
}

interface Answer {
  text: string;
  toolCalls: AgentToolCall[];
  usage: { inputTokens: number; outputTokens: number };
  latencyMs: number;
  modelId: string;
}

type ModelDone = { type: "model_done"; callKey: string } & (
  { ok: true; answer: Answer; costUsd: number } | { ok: false; error: { message: string } }
);

/** The step and visit a call key (runId:stateId:visit:turn) belongs to. */
function stepOf(callKey: string): { key: string; stateId: string; visit: number } | null {
  const parts = callKey.split(":");
  if (parts.length < 4) return null;
  const visit = Number(parts[parts.length - 2]);
  const stateId = parts.slice(1, -2).join(":");
  return Number.isFinite(visit) ? { key: `${stateId}#${visit}`, stateId, visit } : null;
}

export function agentSteps(
  transitions: readonly TransitionLike[],
  running?: { stateId: string; visit: number; messages: AgentMessage[] } | null,
): AgentStepView[] {
  const views = new Map<string, AgentStepView & { last: AgentMessage | null }>();
  const view = (s: { key: string; stateId: string; visit: number }) => {
    let v = views.get(s.key);
    if (!v) {
      v = { stateId: s.stateId, visit: s.visit, messages: [], turns: [], last: null, spend: zero() };
      views.set(s.key, v);
    }
    return v;
  };
  for (const t of transitions) {
    for (const c of Array.isArray(t.commands) ? (t.commands as { type?: string; call?: unknown }[]) : []) {
      if (c.type !== "call_model") continue;
      const call = c.call as { callKey: string; messages: AgentMessage[] };
      const s = stepOf(call.callKey);
      if (!s) continue;
      const v = view(s);
      v.messages = call.messages;
      v.last = null;
    }
    const e = t.event as Partial<ModelDone> | null;
    if (e?.type !== "model_done" || typeof e.callKey !== "string") continue;
    const s = stepOf(e.callKey);
    if (!s) continue;
    const v = view(s);
    const done = e as ModelDone;
    if (!done.ok) {
      v.turns.push({ ...emptyTurn(v.turns.length + 1, t.at), error: done.error.message });
      continue;
    }
    const a = done.answer;
    v.turns.push({
      turn: v.turns.length + 1,
      at: t.at,
      inputTokens: a.usage.inputTokens,
      outputTokens: a.usage.outputTokens,
      costUsd: done.costUsd,
      latencyMs: a.latencyMs,
      modelId: a.modelId,
      toolCalls: a.toolCalls.length,
    });
    v.spend = {
      inputTokens: v.spend.inputTokens + a.usage.inputTokens,
      outputTokens: v.spend.outputTokens + a.usage.outputTokens,
      costUsd: v.spend.costUsd + done.costUsd,
      toolCalls: v.spend.toolCalls + a.toolCalls.length,
    };
    v.last = { role: "assistant", text: a.text, toolCalls: a.toolCalls };
  }
  return [...views.values()].map(({ last, ...v }) => {
    const live = running && running.stateId === v.stateId && running.visit === v.visit ? running.messages : null;
    return { ...v, messages: live ?? (last ? [...v.messages, last] : v.messages) };
  });
}

function zero() {
  return { inputTokens: 0, outputTokens: 0, costUsd: 0, toolCalls: 0 };
}

function emptyTurn(turn: number, at: Date): AgentTurnView {
  return { turn, at, inputTokens: 0, outputTokens: 0, costUsd: 0, latencyMs: 0, modelId: "", toolCalls: 0 };
}

/** "$0.0123" for small amounts, "$1.23" otherwise. */
export function formatUsd(usd: number): string {
  return usd === 0 ? "$0" : usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}
