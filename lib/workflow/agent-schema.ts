/**
 * The `agent` state: an AI model acts within one step, with the tools chosen for
 * it, hard budgets and an output schema; the workflow's next step is still
 * decided by the definition. Built by schema.ts from its shared parts (a
 * function, so the two files do not import each other at run time).
 */
import { z } from "zod";
import type { catchRoute as CatchRouteSchema } from "./schema";
import { inputSchema } from "./input-schema";

export const agentToolRef = z.strictObject({
  server: z.string().min(1, "must name an MCP server"),
  tool: z.string().min(1, "must name a tool"),
  /** "always": a person approves each call first; default: only tools annotated destructive need approval. */
  approval: z.enum(["auto", "always", "never"]).optional(),
});

export const agentBudgets = z.strictObject({
  /** Model calls (default 20). */
  maxTurns: z.int().min(1).max(500).optional(),
  /** Tool calls in all (default 50). */
  maxToolCalls: z.int().min(0).max(5000).optional(),
  /** Input (prompt) tokens added up over the turns. */
  maxInputTokens: z.int().min(1).max(1_000_000_000).optional(),
  /** Output tokens added up over the turns. */
  maxOutputTokens: z.int().min(1).max(100_000_000).optional(),
  /** US dollars, from the model's prices. */
  maxCostUsd: z.number().positive().max(100_000).optional(),
  /** Wall time from entering the step (default 900 s). */
  maxSeconds: z.int().min(1).max(604_800).optional(),
});

/** Context management near the model's context size (lib/agent/context.ts). */
export const agentContext = z.strictObject({
  /** The prompt budget (estimated tokens); default: 75% of the model's context size (Settings -> Models). */
  maxPromptTokens: z.int().min(500).max(10_000_000).optional(),
  /** The most recent tool messages never summarised (default 2). */
  keepRecentResults: z.int().min(0).max(50).optional(),
  /** Characters of a summarised result kept in the prompt (default 400; the whole stays readable by pages). */
  summaryChars: z.int().min(0).max(4000).optional(),
});

export const AGENT_DEFAULTS = { maxTurns: 20, maxToolCalls: 50, maxSeconds: 900, outputAttempts: 2 } as const;

interface Parts {
  stateRef: z.ZodString;
  json: z.ZodType<z.core.util.JSONType>;
  assignments: z.ZodRecord<z.ZodString, z.ZodType<z.core.util.JSONType>>;
  catchRoute: typeof CatchRouteSchema;
  common: { title: z.ZodOptional<z.ZodString>; description: z.ZodOptional<z.ZodString> };
}

export function makeAgentState({ stateRef, json, assignments, catchRoute, common }: Parts) {
  return z.strictObject({
    type: z.literal("agent"),
    ...common,
    /** What the agent is to do; may embed "{% expression %}" placeholders. */
    instructions: z.string().min(1, "tell the agent what to do").max(20_000),
    /** The data it starts from: a value or "{% expression %}" (shown to the model as JSON). */
    input: json.optional(),
    model: z.strictObject({
      /** A model provider's name (Settings -> Models). */
      provider: z.string().min(1, "choose a model provider").max(200),
      model: z.string().min(1, "choose a model").max(200),
    }),
    /** The only tools offered to the model. */
    tools: z.array(agentToolRef).max(64, "offer at most 64 tools"),
    budgets: agentBudgets.optional(),
    /** What to keep when the conversation nears the model's context size: older tool results are summarised first. */
    context: agentContext.optional(),
    /** The structured answer: the model's final answer must match (a JSON object). Without it, the answer is text. */
    output: inputSchema.optional(),
    /** How many times an answer that does not match is sent back with the errors (default 2). */
    outputAttempts: z.int().min(0).max(5).optional(),
    /** One model call's time limit (default 120 s). */
    turnTimeoutMs: z.int().min(1000).max(600_000).optional(),
    /** Variables to set from the answer ($result: the structured answer, or the text). */
    assign: assignments.optional(),
    catch: z.array(catchRoute).optional(),
    next: stateRef,
  });
}

export type AgentState = z.infer<ReturnType<typeof makeAgentState>>;
export type AgentBudgets = z.infer<typeof agentBudgets>;
export type AgentContextSettings = z.infer<typeof agentContext>;
export type AgentToolRef = z.infer<typeof agentToolRef>;
