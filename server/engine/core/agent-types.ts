/** The agent step's data in the run state, its pending model call and the model port's request and outcome. */
import type { AgentMessage, AgentToolCall, AgentToolResult, ModelAnswer } from "@/lib/agent/messages";
import type { ErrorKind } from "@/lib/workflow/errors";

export interface AgentSpend {
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

/** One visit of an agent step, kept in the run state while the step runs. */
export interface AgentProgress {
  stateId: string;
  visit: number;
  /** When the step was entered (ms since the epoch): the wall-time budget counts from here. */
  startedAt: number;
  /** Model answers received. */
  turns: number;
  /** Tool calls asked for (made, refused or invalid). */
  toolCalls: number;
  spend: AgentSpend;
  /** The conversation so far, as the model sees it. */
  messages: AgentMessage[];
  /** The last answer's tool calls not yet answered (the first is in flight when a call is pending). */
  queue: AgentToolCall[];
  /** Results of the last answer's calls so far; sent to the model as one message when the queue is empty. */
  results: AgentToolResult[];
  /** Answers that did not match the output schema and were sent back. */
  corrections: number;
  /** Names of the offered tools annotated destructive (from the catalog, as the last model call saw it). */
  destructive?: string[] | undefined;
  /**
   * Tool results too large for the prompt, by reference: the model reads them by pages (lib/agent/stored-results.ts).
   * The core sees their text; the runtime stores each in a RunBlob row and persists only a StoredResultRef in the run's
   * state (runtime/agent-stored.ts), reading it back when the run is loaded.
   */
  stored?: Record<string, string | StoredResultRef> | undefined;
  /** The model's context size (tokens) as the last answer's model port reported it (Settings -> Models). */
  contextTokens?: number | undefined;
  /** The queued call a person approved (its arguments possibly edited): it runs without asking again. */
  approved?: { callId: string; by: string; edited: boolean } | null | undefined;
}

/** A stored tool result as the run's persisted state holds it: its RunBlob row and its length (characters). */
export interface StoredResultRef {
  $blob: string;
  chars: number;
  /**
   * The row is the JSON of the tool's structured result (the large result the call's transition recorded apart),
   * whose text is the row's data itself; otherwise the row holds the text as a JSON string.
   */
  raw?: true | undefined;
}

/** A model call in flight. The timer re-issues it if no answer arrives (the engine died). */
export interface PendingModel {
  type: "model";
  stateId: string;
  visit: number;
  /** runId:stateId:visit:turn — an answer for another key is ignored. */
  callKey: string;
  /** Attempts of this turn's call (retryable provider failures). */
  attempt: number;
  /** The provider and model asked (for metrics and logs; absent in states written before it was recorded). */
  provider?: string | undefined;
  model?: string | undefined;
  timerId: string;
  wakeAt: number;
}

/** A tool as offered to the model: the name it sees and the MCP tool behind it. */
export interface AgentToolSpec {
  name: string;
  server: string;
  tool: string;
}

export interface ModelCallCommand {
  callKey: string;
  stateId: string;
  provider: string;
  model: string;
  messages: AgentMessage[];
  tools: AgentToolSpec[];
  timeoutMs: number;
}

export type ModelOutcome =
  | {
      ok: true;
      answer: ModelAnswer;
      costUsd: number;
      /** The offered tools (names as the model sees them) the catalog annotates destructive: they need approval. */
      destructive?: string[] | undefined;
      /** The model's context size in tokens, when configured: the conversation is kept under a share of it. */
      contextTokens?: number | undefined;
    }
  | { ok: false; error: { kind: ErrorKind; message: string; retryable: boolean; retryAfterMs?: number | undefined } };
