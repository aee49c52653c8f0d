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
import { makeAgentState } from "./agent-schema";
import { pinsSchema } from "./pins";

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
  /**
   * A result whose structured content breaks the tool's declared output schema fails the step (protocol_error, the
   * default); false takes it as it is.
   */
  validateOutput: z.boolean().optional(),
  breaker: z
    .strictObject({
      whenOpen: z.enum(["wait", "use_cached", "escalate"]),
      /** use_cached: a cached result older than this is not used (the run waits instead); any age when absent. */
      maxCacheAgeSeconds: z.int().min(1).max(31_536_000).optional(),
    })
    .optional(),
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
  /** A run started over MCP asks its caller (elicitation, when the caller declared it) instead of the inbox. */
  askCaller: z.boolean().optional(),
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
  /** The shape of the result (an object), published as the MCP tool's output schema when the workflow is offered. */
  outputSchema: inputSchema.optional(),
});

export const failState = z.strictObject({
  type: z.literal("fail"),
  ...common,
  error: z.string().max(200).optional(),
  message: z.string().max(4000).optional(),
});

/** An event type: plain words joined by dots, dashes or underscores (e.g. "order.shipped"). */
export const eventType = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/, "must be a name of letters, digits, dots, dashes or underscores, e.g. order.shipped");

/** Publishes an event to the shared event log (other workflows can start on it or be waiting for it). */
export const emitState = z.strictObject({
  type: z.literal("emit"),
  ...common,
  eventType,
  /** The event's data: a value or "{% expression %}". */
  payload: json.optional(),
  /** The correlation key (e.g. "{% $customer.id %}") that waiting runs are matched on. */
  key: z.string().max(500).optional(),
  next: stateRef,
});

/** Parks the run until an event of a type (and correlation key) arrives, or a time limit passes. */
export const waitForEventState = z.strictObject({
  type: z.literal("waitForEvent"),
  ...common,
  eventType,
  /** The correlation key to match (e.g. "{% $input.customerId %}"); without it, any event of the type. */
  key: z.string().max(500).optional(),
  /** Events published up to this long before the run got here still count (default 300 s). */
  lookbackSeconds: z.int().min(0).max(2_592_000).optional(),
  timeoutSeconds: z.int().min(1).max(31_536_000).optional(),
  onTimeout: stateRef.optional(),
  /** Variables to set from the event ($event: {id, type, payload, key, source, time}). */
  assign: assignments.optional(),
  next: stateRef,
});

/**
 * Takes a named lock (e.g. "customer:{% $input.customerId %}") before going on; runs that cannot get it wait their turn
 * (first come, first served). Held until an unlock step or the end of the run (cancel and roll-back included).
 */
export const lockState = z.strictObject({
  type: z.literal("lock"),
  ...common,
  key: z.string().min(1, "needs a lock name").max(300),
  /** exclusive (default): one run at a time; shared: up to `limit` runs at a time. */
  mode: z.enum(["exclusive", "shared"]).optional(),
  limit: z.int().min(1).max(10_000).optional(),
  next: stateRef,
});

/** Gives back a lock taken by a lock step (or, without a name, every lock the run holds). */
export const unlockState = z.strictObject({
  type: z.literal("unlock"),
  ...common,
  key: z.string().min(1).max(300).optional(),
  next: stateRef,
});

/**
 * Reads or updates a value shared by all runs (e.g. escalations:{% $input.customerId %}) with compare-and-set: a
 * write names the version it is based on and fails with error kind "conflict" when another run wrote first (route it
 * with catch: read again and retry, or escalate). $shared = {key, value, version} after it.
 */
export const sharedValueState = z.strictObject({
  type: z.literal("sharedValue"),
  ...common,
  action: z.enum(["read", "write"]),
  key: z.string().min(1, "needs a name").max(300),
  /** write: the new value, or "{% expression %}". */
  value: json.optional(),
  /** write: the version it is based on, e.g. "{% $counter.version %}"; 0 when the value must not exist yet. */
  expectedVersion: z.union([z.int().min(0), z.string().min(1)]).optional(),
  assign: assignments.optional(),
  catch: z.array(catchRoute).optional(),
  next: stateRef,
});

/**
 * A small state machine inside a parallel branch or a map's item body. Its states are checked by the validator like a
 * workflow's own (lib/workflow/validate-machines.ts); the shape here is kept loose so the schema is not recursive.
 */
export const innerMachine = z.strictObject({
  title: z.string().max(200).optional(),
  startAt: stateRef,
  states: z.record(z.string(), z.unknown()),
});

/** Named branches that run at the same time; done when all are, with $results = { branch name: its output }. */
export const parallelState = z.strictObject({
  type: z.literal("parallel"),
  ...common,
  branches: z.record(z.string(), innerMachine),
  /** Variables to set from $results once every branch is done. */
  assign: assignments.optional(),
  retry: retryPolicy.optional(),
  catch: z.array(catchRoute).optional(),
  next: stateRef,
});

/** Runs its item body once per item of a list ($item, $index in the body), with $results in the list's order. */
export const mapState = z.strictObject({
  type: z.literal("map"),
  ...common,
  /** "{% expression %}" giving the list. */
  items: z.string().min(1, "needs the list to go through"),
  /** Variables of each item's body besides $item and $index (evaluated per item, with $item and $index). */
  itemVars: assignments.optional(),
  itemBody: innerMachine,
  maxConcurrency: z.int().min(1).max(1000).optional(),
  toleratedFailureCount: z.int().min(0).max(100_000).optional(),
  toleratedFailurePercentage: z.number().min(0).max(100).optional(),
  assign: assignments.optional(),
  retry: retryPolicy.optional(),
  catch: z.array(catchRoute).optional(),
  next: stateRef,
});

/**
 * Starts a run of another published workflow, waits for it and takes its output ($result). The child run has its own
 * run page; cancelling this run cancels it. Its input is checked against the child's input schema when this workflow
 * is designed and again when the step starts the child.
 */
export const subWorkflowState = z.strictObject({
  type: z.literal("subWorkflow"),
  ...common,
  /** The id of the workflow to run. */
  workflowId: z.string().min(1, "choose the workflow to run").max(200),
  /** A published version number of it; without one, its latest published version when the step starts. */
  version: z.int().min(1).optional(),
  /** The child's input: a value or "{% expression %}" per input field. */
  input: z.record(z.string(), json).optional(),
  assign: assignments.optional(),
  retry: retryPolicy.optional(),
  catch: z.array(catchRoute).optional(),
  next: stateRef,
});

/** An AI model acting within one step (lib/workflow/agent-schema.ts). */
export const agentState = makeAgentState({ stateRef, json, assignments, catchRoute, common });

export const STATE_TYPES = [
  "tool",
  "agent",
  "choice",
  "human",
  "wait",
  "emit",
  "waitForEvent",
  "lock",
  "unlock",
  "sharedValue",
  "parallel",
  "map",
  "subWorkflow",
  "succeed",
  "fail",
] as const;
export type StateType = (typeof STATE_TYPES)[number];

export const stateSchema = z.discriminatedUnion("type", [
  toolState,
  agentState,
  choiceState,
  humanState,
  waitState,
  emitState,
  waitForEventState,
  lockState,
  unlockState,
  sharedValueState,
  parallelState,
  mapState,
  subWorkflowState,
  succeedState,
  failState,
]);

const pointSchema = z.strictObject({ x: z.number(), y: z.number() });

/** Positions on the canvas; a parallel or map step's entry also says whether its group is collapsed and where its
 * inner steps were dragged in their lanes ("<branch>::<step>", relative to the lane). Drawing only. */
export const layoutSchema = z.record(
  z.string(),
  z.strictObject({
    x: z.number(),
    y: z.number(),
    collapsed: z.boolean().optional(),
    inner: z.record(z.string().max(400), pointSchema).optional(),
  }),
);

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
  /** Sample outputs pinned in the designer (lib/workflow/pins.ts): test runs use them; published runs never do. */
  pins: pinsSchema.optional(),
});

export type WorkflowDefinition = z.infer<typeof definitionSchema>;
export type State = z.infer<typeof stateSchema>;
export type ToolState = z.infer<typeof toolState>;
export type { AgentState, AgentBudgets, AgentContextSettings, AgentToolRef } from "./agent-schema";
export type ChoiceState = z.infer<typeof choiceState>;
export type HumanState = z.infer<typeof humanState>;
export type HumanOption = z.infer<typeof humanOption>;
export type WaitState = z.infer<typeof waitState>;
export type EmitState = z.infer<typeof emitState>;
export type WaitForEventState = z.infer<typeof waitForEventState>;
export type LockState = z.infer<typeof lockState>;
export type UnlockState = z.infer<typeof unlockState>;
export type SharedValueState = z.infer<typeof sharedValueState>;
export type ParallelState = z.infer<typeof parallelState>;
export type MapState = z.infer<typeof mapState>;
export type SubWorkflowState = z.infer<typeof subWorkflowState>;
export type InnerMachine = z.infer<typeof innerMachine>;
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
