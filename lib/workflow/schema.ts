/**
 * The workflow definition language, version 1: a JSON document describing an
 * explicit state machine. States live in a map keyed by stable ids; the
 * layout (positions on the canvas) is kept beside the semantics.
 *
 * Strings of the form "{% expr %}" are JSONata expressions evaluated over the
 * run's data ($input, assigned variables, and $result inside a tool state's
 * assign). Texts shown to people (human titles and messages) may embed
 * "{% expr %}" placeholders.
 *
 * The schema only checks the shape of each part; lib/workflow/validate.ts adds
 * the checks that span parts (targets, reachability, expressions).
 */
import { z } from "zod";
import { ANY_ERROR, ERROR_KINDS } from "./errors";
import { inputSchema, fieldSchema } from "./input-schema";

export const SCHEMA_VERSION = 1;

const stateRef = z.string().min(1, "is not connected to a step yet");
const errorMatcher = z.union([z.enum(ERROR_KINDS), z.literal(ANY_ERROR)]);
const json = z.json();
/** A map of variable name -> value or "{% expression %}". */
const assignments = z.record(z.string(), json);

const common = {
  title: z.string().max(200).optional(),
  description: z.string().max(4000).optional(),
};

export const retryPolicy = z.strictObject({
  maxAttempts: z.int().min(1).max(100),
  initialDelayMs: z.int().min(0).max(86_400_000).optional(),
  backoffRate: z.number().min(1).max(10).optional(),
  maxDelayMs: z.int().min(0).max(86_400_000).optional(),
  jitter: z.enum(["none", "full"]).optional(),
  /** Which error kinds are retried; by default the retryable ones. */
  retryOn: z.array(errorMatcher).min(1).optional(),
});
export type RetryPolicy = z.infer<typeof retryPolicy>;

export const DEFAULT_RETRY = {
  initialDelayMs: 500,
  backoffRate: 2,
  maxDelayMs: 30_000,
  jitter: "full",
} as const satisfies Partial<RetryPolicy>;

export const catchRoute = z.strictObject({
  errors: z.array(errorMatcher).min(1),
  next: stateRef,
  /** Run the compensations of completed steps (newest first) before going on. */
  rollback: z.boolean().optional(),
  /** Variables to set from the error ($error) before going on. */
  assign: assignments.optional(),
});
export type CatchRoute = z.infer<typeof catchRoute>;

export const toolCall = z.strictObject({
  server: z.string().min(1, "must name an MCP server"),
  tool: z.string().min(1, "must name a tool"),
  input: z.record(z.string(), json).optional(),
});
export type ToolCall = z.infer<typeof toolCall>;

export const toolState = z.strictObject({
  type: z.literal("tool"),
  ...common,
  ...toolCall.shape,
  assign: assignments.optional(),
  retry: retryPolicy.optional(),
  timeoutMs: z.int().min(1).max(86_400_000).optional(),
  /** Overrides the tool's idempotentHint annotation. */
  idempotent: z.boolean().optional(),
  breaker: z.strictObject({ whenOpen: z.enum(["wait", "use_cached", "escalate"]) }).optional(),
  catch: z.array(catchRoute).optional(),
  compensate: toolCall.optional(),
  next: stateRef,
});

export const choiceState = z.strictObject({
  type: z.literal("choice"),
  ...common,
  choices: z
    .array(z.strictObject({ when: z.string().min(1), next: stateRef, label: z.string().max(200).optional() }))
    .min(1, "needs at least one condition"),
  default: stateRef.optional(),
});

export const humanOption = z.strictObject({
  id: z.string().min(1),
  label: z.string().min(1).max(200),
  next: stateRef,
  description: z.string().max(2000).optional(),
  /** Fields the person fills in when choosing this option; stored in $decision. */
  form: inputSchema.optional(),
});

export const humanState = z.strictObject({
  type: z.literal("human"),
  ...common,
  title: z.string().min(1).max(200),
  message: z.string().max(8000).optional(),
  /** Label -> value or "{% expression %}" shown to the person. */
  context: z.record(z.string(), json).optional(),
  options: z.array(humanOption).min(1, "needs at least one option"),
  assigneeGroup: z.string().min(1).max(100).optional(),
  slaMinutes: z.int().min(1).max(525_600).optional(),
  onTimeout: stateRef.optional(),
  assign: assignments.optional(),
});

export const waitState = z.strictObject({
  type: z.literal("wait"),
  ...common,
  seconds: z.int().min(0).max(31_536_000).optional(),
  /** "{% expression %}" giving an ISO date-time to wait until. */
  until: z.string().min(1).optional(),
  next: stateRef,
});

export const succeedState = z.strictObject({
  type: z.literal("succeed"),
  ...common,
  /** The run's result: a value or "{% expression %}". */
  output: json.optional(),
});

export const failState = z.strictObject({
  type: z.literal("fail"),
  ...common,
  error: z.string().max(200).optional(),
  message: z.string().max(4000).optional(),
});

export const STATE_TYPES = ["tool", "choice", "human", "wait", "succeed", "fail"] as const;
export type StateType = (typeof STATE_TYPES)[number];

export const stateSchema = z.discriminatedUnion("type", [toolState, choiceState, humanState, waitState, succeedState, failState]);

export const layoutSchema = z.record(z.string(), z.strictObject({ x: z.number(), y: z.number() }));

export const definitionSchema = z.strictObject({
  schemaVersion: z.literal(SCHEMA_VERSION),
  name: z.string().trim().min(1, "must not be empty").max(200),
  description: z.string().max(4000).optional(),
  input: inputSchema.optional(),
  startAt: stateRef,
  states: z.record(z.string(), stateSchema),
  layout: layoutSchema.optional(),
  /** A run with no transition for this long is reported stuck (default: SWITCHYARD_STUCK_AFTER_MINUTES, 60). */
  stuckAfterMinutes: z.int().min(1).max(525_600).optional(),
});

export type WorkflowDefinition = z.infer<typeof definitionSchema>;
export type State = z.infer<typeof stateSchema>;
export type ToolState = z.infer<typeof toolState>;
export type ChoiceState = z.infer<typeof choiceState>;
export type HumanState = z.infer<typeof humanState>;
export type HumanOption = z.infer<typeof humanOption>;
export type WaitState = z.infer<typeof waitState>;
export type SucceedState = z.infer<typeof succeedState>;
export type FailState = z.infer<typeof failState>;
export type Layout = z.infer<typeof layoutSchema>;
export { inputSchema, fieldSchema };

/** A state of the given type, for exhaustive handling. */
export type StateOf<T extends StateType> = Extract<State, { type: T }>;

/** The smallest valid definition: what "New workflow" starts from. */
export function emptyDefinition(name: string): WorkflowDefinition {
  return {
    schemaVersion: SCHEMA_VERSION,
    name,
    input: { type: "object", properties: {} },
    startAt: "done",
    states: { done: { type: "succeed", title: "Done" } },
    layout: { done: { x: 0, y: 0 } },
  };
}
