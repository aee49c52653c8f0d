/**
 * The agent step in the core: a durable loop inside one state. Each model call
 * is a command; its answer is committed (the `model_done` transition carries it)
 * before any tool call it asks for runs; each tool call is an ordinary call
 * (purpose "agent", key runId:stateId:visit:turn:index, breaker, timeout); the
 * results go back to the model, until a valid answer or a budget ends it.
 */
import type { AgentToolCall, AgentToolResult } from "@/lib/agent/messages";
import type { AgentState, WorkflowDefinition } from "@/lib/workflow/schema";
import { AGENT_DEFAULTS } from "@/lib/workflow/agent-schema";
import { assign, bindings, evaluate } from "./data";
import { enter, DEFAULT_TIMEOUT_MS } from "./enter";
import { failStep } from "./failure";
import { budgetAfterTurn, budgetBeforeTurn, budgetForCalls } from "./agent-budgets";
import { offeredSpecs, outputInstructions, parseStructuredAnswer } from "./agent-tools";
import { BUILTIN_SERVER, MAX_STORED_CHARS, RESULT_VIEW_CHARS, runBuiltin, storedView } from "@/lib/agent/stored-results";
import type { AgentProgress, ModelOutcome, PendingModel } from "./agent-types";
import type { PendingCall, PendingHuman, RunState, StepError, StepInputs, StepResult } from "./types";
import { approvalDecision, askApproval, needsApproval } from "./agent-approval";
import {
  compactConversation,
  DEFAULT_KEEP_RECENT_RESULTS,
  DEFAULT_PROMPT_SHARE,
  DEFAULT_SUMMARY_CHARS,
} from "@/lib/agent/context";

export const DEFAULT_TURN_TIMEOUT_MS = 120_000;
/** The pending model call's timer fires this long after the call's own time limit: the engine died, call again. */
const REISSUE_MARGIN_MS = 15_000;
/** Retryable provider failures (rate limits, 5xx, timeouts) of one turn before the step fails with model_error. */
const MODEL_ATTEMPTS = 3;

export async function enterAgent(
  def: WorkflowDefinition,
  run: RunState,
  id: string,
  state: AgentState,
  inputs: StepInputs,
): Promise<StepResult> {
  const b = bindings(run);
  const instructions = await evaluate<unknown>(state.instructions, b, `The instructions of "${id}"`);
  if (!instructions.ok) return failStep(def, run, instructions.error, inputs);
  const data = state.input === undefined ? undefined : await evaluate<unknown>(state.input, b, `The input of "${id}"`);
  if (data && !data.ok) return failStep(def, run, data.error, inputs);
  const system = [text(instructions.value), ...(state.output ? [outputInstructions(state.output)] : [])].join("\n\n");
  const progress: AgentProgress = {
    stateId: id,
    visit: run.visits[id] ?? 1,
    startedAt: inputs.now,
    turns: 0,
    toolCalls: 0,
    spend: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
    messages: [
      { role: "system", text: system },
      { role: "user", text: data === undefined ? "Begin." : `Input:\n${JSON.stringify(data.value ?? null)}` },
    ],
    queue: [],
    results: [],
    corrections: 0,
  };
  return callModel(def, { ...run, agent: progress }, state, inputs, 1);
}

/** The next model call, unless a budget is used up. */
function callModel(
  def: WorkflowDefinition,
  run: RunState,
  state: AgentState,
  inputs: StepInputs,
  attempt: number,
): StepResult | Promise<StepResult> {
  const progress = fitContext(state, run.agent!);
  const over = budgetBeforeTurn(state, progress, inputs.now);
  if (over) return failAgent(def, run, over, inputs);
  const timeoutMs = state.turnTimeoutMs ?? DEFAULT_TURN_TIMEOUT_MS;
  const pending: PendingModel = {
    type: "model",
    stateId: progress.stateId,
    visit: progress.visit,
    callKey: `${run.runId}:${progress.stateId}:${progress.visit}:${progress.turns + 1}`,
    attempt,
    provider: state.model.provider,
    model: state.model.model,
    timerId: inputs.newId("tmr"),
    wakeAt: inputs.now + timeoutMs + REISSUE_MARGIN_MS,
  };
  return {
    state: { ...run, status: attempt > 1 ? "retrying" : "running", pending, agent: progress },
    commands: [
      {
        type: "call_model",
        call: {
          callKey: pending.callKey,
          stateId: progress.stateId,
          provider: state.model.provider,
          model: state.model.model,
          messages: progress.messages,
          tools: offeredSpecs(state.tools, progress.stored),
          timeoutMs,
        },
      },
    ],
  };
}

/** The pending model call's timer fired: no answer came (the engine died, or a retry's backoff ended): call again. */
export function reissueModel(def: WorkflowDefinition, run: RunState, pending: PendingModel, inputs: StepInputs) {
  const state = def.states[pending.stateId];
  if (state?.type !== "agent" || !run.agent) return ignored(run, `"${pending.stateId}" is not a running agent step`);
  return callModel(def, run, state, inputs, pending.attempt);
}

export async function modelDone(
  def: WorkflowDefinition,
  run: RunState,
  pending: PendingModel,
  outcome: ModelOutcome,
  inputs: StepInputs,
): Promise<StepResult> {
  const state = def.states[pending.stateId];
  if (state?.type !== "agent" || !run.agent) return ignored(run, `"${pending.stateId}" is not a running agent step`);
  if (!outcome.ok) return modelFailed(def, run, state, pending, outcome.error, inputs);
  const { answer, costUsd } = outcome;
  const before = run.agent;
  const progress: AgentProgress = {
    ...before,
    turns: before.turns + 1,
    spend: {
      inputTokens: before.spend.inputTokens + answer.usage.inputTokens,
      outputTokens: before.spend.outputTokens + answer.usage.outputTokens,
      costUsd: before.spend.costUsd + costUsd,
    },
    messages: [...before.messages, { role: "assistant", text: answer.text, toolCalls: answer.toolCalls }],
    queue: answer.toolCalls,
    results: [],
    destructive: outcome.destructive ?? before.destructive,
    contextTokens: outcome.contextTokens ?? before.contextTokens,
    approved: null,
  };
  const answered: RunState = { ...run, pending: null, agent: progress };
  const over =
    budgetAfterTurn(state, progress, inputs.now) ??
    (answer.toolCalls.length > 0 ? budgetForCalls(state, progress, answer.toolCalls.length) : null);
  if (over) return failAgent(def, answered, over, inputs);
  if (answer.toolCalls.length > 0) return nextToolCall(def, answered, state, inputs);
  return finalAnswer(def, answered, state, answer.text, inputs);
}

function modelFailed(
  def: WorkflowDefinition,
  run: RunState,
  state: AgentState,
  pending: PendingModel,
  error: StepError & { retryAfterMs?: number | undefined },
  inputs: StepInputs,
): StepResult | Promise<StepResult> {
  const stepError: StepError = { kind: error.kind, message: error.message, retryable: error.retryable };
  if (!error.retryable || pending.attempt >= MODEL_ATTEMPTS) return failAgent(def, { ...run, pending: null }, stepError, inputs);
  // Try the same turn again after a backoff: the pending call's timer is the backoff.
  const delay = Math.max(error.retryAfterMs ?? 0, 1000 * 2 ** (pending.attempt - 1));
  const again: PendingModel = {
    ...pending,
    attempt: pending.attempt + 1,
    timerId: inputs.newId("tmr"),
    wakeAt: inputs.now + delay,
  };
  void state;
  return {
    state: { ...run, status: "retrying", error: stepError, pending: again },
    commands: [
      {
        type: "schedule_timer",
        timer: { type: "timer", timerId: again.timerId, stateId: pending.stateId, reason: "retry", wakeAt: again.wakeAt },
      },
    ],
  };
}

/** Runs the first queued tool call, or sends the results to the model when none is left. */
function nextToolCall(
  def: WorkflowDefinition,
  run: RunState,
  state: AgentState,
  inputs: StepInputs,
): StepResult | Promise<StepResult> {
  let progress = run.agent!;
  const specs = offeredSpecs(state.tools, progress.stored);
  while (progress.queue.length > 0) {
    const call = progress.queue[0]!;
    const spec = specs.find((s) => s.name === call.name);
    const refusal = call.invalid
      ? `The call could not be read: ${call.invalid}`
      : !spec
        ? `There is no tool "${call.name}". Use one of: ${specs.map((s) => s.name).join(", ") || "(none)"}`
        : typeof call.args !== "object" || call.args === null || Array.isArray(call.args)
          ? "The arguments must be a JSON object"
          : null;
    if (refusal === null && spec?.server === BUILTIN_SERVER) {
      // A built-in reader of stored results: answered here, from the step's own data (no call is made).
      const out = runBuiltin(progress.stored ?? {}, spec.tool, call.args as Record<string, unknown>);
      progress = withResult(progress, { callId: call.id, name: call.name, isError: !out.ok, content: out.content });
      continue;
    }
    if (refusal === null && spec) {
      if (progress.approved?.callId !== call.id && needsApproval(state, spec, progress))
        return askApproval(def, { ...run, agent: progress }, state, call, spec, inputs);
      const index = progress.toolCalls + 1;
      const pending: PendingCall = {
        type: "call",
        stateId: progress.stateId,
        visit: progress.visit,
        attempt: index,
        server: spec.server,
        tool: spec.tool,
        args: call.args as Record<string, unknown>,
        idempotencyKey: `${run.runId}:${progress.stateId}:${progress.visit}:${progress.turns}:${index}`,
        purpose: "agent",
      };
      return {
        state: { ...run, status: "running", agent: progress, pending },
        commands: [{ type: "call_tool", call: pending, timeoutMs: DEFAULT_TIMEOUT_MS }],
      };
    }
    progress = withResult(progress, { callId: call.id, name: call.name, isError: true, content: refusal ?? "" });
  }
  const sent: AgentProgress = {
    ...progress,
    messages: [...progress.messages, { role: "tool", results: progress.results }],
    results: [],
  };
  return callModel(def, { ...run, agent: sent }, state, inputs, 1);
}

/** A tool call of the agent ended (result or error): the model will see it. */
export function agentCallDone(
  def: WorkflowDefinition,
  run: RunState,
  outcome: { ok: true; result: unknown } | { ok: false; error: StepError },
  inputs: StepInputs,
): StepResult | Promise<StepResult> {
  const progress = run.agent;
  const state = progress ? def.states[progress.stateId] : undefined;
  if (!progress || state?.type !== "agent") return ignored(run, "no agent step is running");
  const call = progress.queue[0];
  if (!call) return ignored(run, "the agent has no call in flight");
  const edited = progress.approved?.callId === call.id && progress.approved.edited;
  const { content: text, stored } = outcome.ok
    ? viewOf(progress, typeof outcome.result === "string" ? outcome.result : JSON.stringify(outcome.result ?? null))
    : { content: `${outcome.error.kind}: ${outcome.error.message}`, stored: progress.stored };
  const content = (edited ? `(A person approved this call with edited arguments: ${JSON.stringify(call.args)})\n` : "") + text;
  const next = withResult({ ...progress, stored }, { callId: call.id, name: call.name, isError: !outcome.ok, content });
  return nextToolCall(def, { ...run, pending: null, agent: next }, state, inputs);
}

async function finalAnswer(
  def: WorkflowDefinition,
  run: RunState,
  state: AgentState,
  answer: string,
  inputs: StepInputs,
): Promise<StepResult> {
  const progress = run.agent!;
  let result: unknown = answer;
  if (state.output) {
    const parsed = parseStructuredAnswer(answer, state.output);
    if (!parsed.ok) {
      const attempts = state.outputAttempts ?? AGENT_DEFAULTS.outputAttempts;
      const message = `The answer does not match the output schema:\n- ${parsed.problems.join("\n- ")}`;
      if (progress.corrections >= attempts) {
        return failAgent(def, run, { kind: "invalid_output", message, retryable: false }, inputs);
      }
      const corrected: AgentProgress = {
        ...progress,
        corrections: progress.corrections + 1,
        messages: [...progress.messages, { role: "user", text: `${message}\nAnswer again with only the corrected JSON object.` }],
      };
      return callModel(def, { ...run, agent: corrected }, state, inputs, 1);
    }
    result = parsed.value;
  }
  const done: RunState = { ...run, pending: null, agent: null };
  const agent = { turns: progress.turns, toolCalls: progress.toolCalls, spend: progress.spend };
  const assigned = await assign(
    done,
    state.assign,
    bindings(done, { result, agent }),
    `Saving the answer of "${progress.stateId}"`,
  );
  if (!assigned.ok) return failStep(def, { ...run, pending: null }, assigned.error, inputs);
  return enter(def, assigned.value, state.next, inputs);
}

/** The step fails: its catch routes take the error; uncaught, a person gets it with the transcript. */
function failAgent(def: WorkflowDefinition, run: RunState, error: StepError, inputs: StepInputs) {
  return failStep(def, { ...run, pending: null }, error, inputs);
}

function withResult(progress: AgentProgress, result: AgentToolResult): AgentProgress {
  return {
    ...progress,
    queue: progress.queue.slice(1),
    results: [...progress.results, result],
    toolCalls: progress.toolCalls + 1,
  };
}

/** A result over the view budget is stored with the step; the model gets its start and a reference to read it by pages. */
function viewOf(progress: AgentProgress, full: string): { content: string; stored: AgentProgress["stored"] } {
  if (full.length <= RESULT_VIEW_CHARS) return { content: full, stored: progress.stored };
  const ref = `result-${progress.toolCalls + 1}`;
  const kept = full.slice(0, MAX_STORED_CHARS);
  return { content: storedView(ref, kept, full.length), stored: { ...progress.stored, [ref]: kept } };
}

/** The conversation summarised to the prompt budget when it has grown near the model's context size (lib/agent/context.ts). */
function fitContext(state: AgentState, progress: AgentProgress): AgentProgress {
  const c = state.context;
  const maxPromptTokens =
    c?.maxPromptTokens ?? (progress.contextTokens ? Math.floor(progress.contextTokens * DEFAULT_PROMPT_SHARE) : undefined);
  if (maxPromptTokens === undefined) return progress;
  const taken = Object.keys(progress.stored ?? {}).length;
  const fitted = compactConversation(
    progress.messages,
    {
      maxPromptTokens,
      keepRecentResults: c?.keepRecentResults ?? DEFAULT_KEEP_RECENT_RESULTS,
      summaryChars: c?.summaryChars ?? DEFAULT_SUMMARY_CHARS,
    },
    (n) => `earlier-${taken + n}`,
  );
  if (fitted.summarised === 0) return progress;
  return { ...progress, messages: fitted.messages, stored: { ...progress.stored, ...fitted.added } };
}

function text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value ?? "");
}

function ignored(run: RunState, why: string): StepResult {
  return { state: run, commands: [], ignored: why };
}

/** A person retries an agent's tool call whose outcome was unknown: the same call again (same key). */
export function retryAgentCall(def: WorkflowDefinition, run: RunState, inputs: StepInputs): StepResult | Promise<StepResult> {
  const state = run.agent ? def.states[run.agent.stateId] : undefined;
  if (state?.type !== "agent" || !run.agent?.queue.length) return ignored(run, "the agent has no tool call to retry");
  return nextToolCall(def, { ...run, pending: null, error: null }, state, inputs);
}

/** A person answers an agent's tool call whose outcome was unknown with a result the model will see. */
export function skipAgentCall(def: WorkflowDefinition, run: RunState, result: unknown, inputs: StepInputs) {
  if (!run.agent?.queue.length) return ignored(run, "the agent has no tool call to skip");
  return agentCallDone(def, { ...run, pending: null, error: null }, { ok: true, result }, inputs);
}

/** A person decided on a call waiting for approval: approved (maybe with edited arguments) it runs; rejected, the model reads why. */
export function agentApprovalResolved(
  def: WorkflowDefinition,
  run: RunState,
  human: PendingHuman,
  optionId: string,
  data: unknown,
  by: string,
  inputs: StepInputs,
): StepResult | Promise<StepResult> {
  const progress = run.agent;
  const state = def.states[human.stateId];
  const call = progress?.queue[0];
  if (!progress || !call || state?.type !== "agent") return ignored(run, "the agent has no call waiting for approval");
  const decision = approvalDecision(optionId, data);
  if (!decision) return ignored(run, `"${optionId}" is neither approve nor reject`);
  const resumed: RunState = { ...run, pending: null, error: null };
  if (!decision.approve) {
    const content = `A person (${by}) rejected this call. Their reason: ${decision.reason}`;
    const next = withResult(progress, { callId: call.id, name: call.name, isError: true, content });
    return nextToolCall(def, { ...resumed, agent: next }, state, inputs);
  }
  const args = decision.args ?? (call.args as Record<string, unknown>);
  const edited = decision.args !== undefined && JSON.stringify(decision.args) !== JSON.stringify(call.args);
  const approved: AgentProgress = {
    ...progress,
    queue: [{ ...call, args: args as AgentToolCall["args"] }, ...progress.queue.slice(1)],
    approved: { callId: call.id, by, edited },
  };
  return nextToolCall(def, { ...resumed, agent: approved }, state, inputs);
}
