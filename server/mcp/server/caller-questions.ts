/**
 * A human step routed to "the caller", asked through MCP elicitation in a way any process can take the answer: the
 * request id names the run and the escalation (`switchyard-question:<runId>:<escalationId>`), so the client's answer,
 * a JSON-RPC response POSTed to /mcp, resolves the escalation in the database wherever it lands. No in-memory promise
 * waits for it; the run continuing is what the waiting call or tasks/result sees.
 */
import {
  ElicitResultSchema,
  RELATED_TASK_META_KEY,
  type JSONRPCRequest,
  type ElicitRequestFormParams,
} from "@modelcontextprotocol/sdk/types.js";
import type { HumanQuestion, McpBackend } from "./backend";

const PREFIX = "switchyard-question:";
const ID_PART = /^[A-Za-z0-9_-]{1,100}$/;

export function questionRequest(runId: string, question: HumanQuestion, relatedTaskId?: string): JSONRPCRequest {
  const params: ElicitRequestFormParams = {
    mode: "form",
    message: question.message ? `${question.title}\n\n${question.message}` : question.title,
    requestedSchema: {
      type: "object",
      properties: {
        choice: {
          type: "string",
          title: "Your decision",
          oneOf: question.options.map((o) => ({ const: o.id, title: o.label })),
        },
        note: { type: "string", title: "Note (optional)", maxLength: 2000 },
      },
      required: ["choice"],
    },
    ...(relatedTaskId ? { _meta: { [RELATED_TASK_META_KEY]: { taskId: relatedTaskId } } } : {}),
  };
  return { jsonrpc: "2.0", id: `${PREFIX}${runId}:${question.escalationId}`, method: "elicitation/create", params };
}

export interface CallerAnswer {
  runId: string;
  escalationId: string;
  /** The chosen option; null when the caller declined, dismissed or answered with an error (the inbox keeps it). */
  choice: string | null;
  note: string | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The caller's answer when the message is a response to one of these questions; null for any other message. */
export function callerAnswerOf(message: unknown): CallerAnswer | null {
  if (!isRecord(message) || typeof message.id !== "string" || !message.id.startsWith(PREFIX) || "method" in message) return null;
  const [runId = "", escalationId = "", ...rest] = message.id.slice(PREFIX.length).split(":");
  if (rest.length > 0 || !ID_PART.test(runId) || !ID_PART.test(escalationId)) return null;
  const parsed = ElicitResultSchema.safeParse(message.result);
  const accepted = parsed.success && parsed.data.action === "accept" ? parsed.data.content : undefined;
  const choice = typeof accepted?.choice === "string" ? accepted.choice : null;
  const note = typeof accepted?.note === "string" ? accepted.note : undefined;
  return { runId, escalationId, choice, note };
}

/**
 * Applies the caller's answer: only to the question its run still asks the caller (a stale or forged id changes
 * nothing), with the caller's own credentials and role (backend.answerQuestion).
 */
export async function applyCallerAnswer(backend: McpBackend, answer: CallerAnswer): Promise<"answered" | "ignored"> {
  if (answer.choice === null) return "ignored";
  const question = await backend.questionForCaller(answer.runId);
  if (question?.escalationId !== answer.escalationId) return "ignored";
  if (!question.options.some((o) => o.id === answer.choice)) return "ignored";
  await backend.answerQuestion(answer.escalationId, answer.choice, answer.note);
  return "answered";
}
