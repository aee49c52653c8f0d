/**
 * People in the loop of an agent step: a call of a tool annotated destructive (or
 * marked "always" in the state) waits for a person. The inbox item shows the
 * agent's reasoning so far and the proposed call; the person approves it (the
 * arguments possibly edited) or rejects it with a reason the model then reads.
 */
import type { AgentMessage, AgentToolCall } from "@/lib/agent/messages";
import type { AgentState, WorkflowDefinition } from "@/lib/workflow/schema";
import type { AgentProgress, AgentToolSpec } from "./agent-types";
import { stepName } from "./failure";
import type { RunState, StepInputs, StepResult } from "./types";

export const APPROVE = "approve";
export const REJECT = "reject";
const MAX_MESSAGE_CHARS = 2000;
const MAX_MESSAGES = 24;

export function needsApproval(state: AgentState, spec: AgentToolSpec, progress: AgentProgress): boolean {
  const ref = state.tools.find((t) => t.server === spec.server && t.tool === spec.tool);
  if (ref?.approval === "always") return true;
  if (ref?.approval === "never") return false;
  return (progress.destructive ?? []).includes(spec.name);
}

/** Parks the run on a person for the queued call (committed first: the call is made only after the decision). */
export function askApproval(
  def: WorkflowDefinition,
  run: RunState,
  state: AgentState,
  call: AgentToolCall,
  spec: AgentToolSpec,
  inputs: StepInputs,
): StepResult {
  const progress = run.agent!;
  const escalationId = inputs.newId("esc");
  const always = state.tools.find((t) => t.server === spec.server && t.tool === spec.tool)?.approval === "always";
  return {
    state: {
      ...run,
      status: "waiting",
      agent: progress,
      pending: { type: "human", escalationId, stateId: progress.stateId, reason: "agent_approval", dueAt: null },
    },
    commands: [
      {
        type: "open_escalation",
        escalation: {
          escalationId,
          stateId: progress.stateId,
          reason: "agent_approval",
          title: `“${stepName(def, progress.stateId)}” asks to run ${spec.server}.${spec.tool}`,
          message:
            "The AI agent wants to make this call. Approve it (you may edit its arguments first) or reject it with a reason: " +
            "the agent reads your reason and carries on.",
          context: {
            Tool: `${spec.server}.${spec.tool}`,
            "Why a person decides": always
              ? "The step asks for approval of every call of this tool"
              : "The tool is annotated destructive",
            "Turns so far": progress.turns,
            "Tool calls so far": progress.toolCalls,
          },
          options: [
            { id: APPROVE, label: "Approve the call", next: null },
            { id: REJECT, label: "Reject the call", next: null },
          ],
          assigneeGroup: null,
          dueAt: null,
          details: {
            call: { server: spec.server, tool: spec.tool, name: call.name, callId: call.id, args: call.args },
            transcript: transcriptForPeople(progress.messages),
          },
        },
      },
    ],
  };
}

/** The conversation without the system prompt, each message bounded: what the agent reasoned and saw so far. */
function transcriptForPeople(messages: readonly AgentMessage[]): AgentMessage[] {
  const cut = (t: string) => (t.length > MAX_MESSAGE_CHARS ? `${t.slice(0, MAX_MESSAGE_CHARS)}…` : t);
  return messages
    .filter((m) => m.role !== "system")
    .slice(-MAX_MESSAGES)
    .map((m) =>
      m.role === "tool"
        ? { ...m, results: m.results.map((r) => ({ ...r, content: cut(r.content) })) }
        : "text" in m
          ? { ...m, text: cut(m.text) }
          : m,
    );
}

/** What the person decided, read from the escalation's answer; undefined when it is not a decision on this call. */
export function approvalDecision(
  optionId: string,
  data: unknown,
): { approve: true; args?: Record<string, unknown> | undefined } | { approve: false; reason: string } | undefined {
  const d = (data ?? {}) as { args?: unknown; reason?: unknown };
  if (optionId === APPROVE) {
    const args = d.args;
    return args && typeof args === "object" && !Array.isArray(args)
      ? { approve: true, args: args as Record<string, unknown> }
      : { approve: true };
  }
  if (optionId === REJECT)
    return { approve: false, reason: typeof d.reason === "string" && d.reason.trim() ? d.reason.trim() : "No reason given" };
  return undefined;
}
