/**
 * "Run this step" in the designer (issue 23): one tool step of the draft, called for real through the same tool port
 * as the engine (MCP servers and Switchyard's built-in tools), with sample data instead of a run's. Bounded: the sample
 * data (64 KB, depth 20), the time (the step's own limit, at most 60 s) and the answer (64 KB, a preview beyond). No run
 * is created; the step comes from the designer (as shown, not as last saved); the call's idempotency key is `step-test:<workflow>:<step>:<id>`.
 */
import { z } from "zod";
import type { Db } from "../../db/client";
import type { ToolPort } from "../../engine/runtime/ports";
import { AppError, notFound } from "@/lib/errors";
import { describeJsonataError, evaluateValue } from "@/lib/workflow/expressions";
import { valueDepthProblem } from "@/lib/workflow/json-depth";
import { toolState } from "@/lib/workflow/schema";

export const MAX_SAMPLE_BYTES = 64 * 1024;
export const MAX_STEP_OUTPUT_BYTES = 64 * 1024;
export const MAX_STEP_TIMEOUT_MS = 60_000;

export const runStepInput = z.object({
  workflowId: z.string().min(1).max(100),
  stateId: z.string().min(1).max(200),
  /** The tool step as it is in the designer (checked against the language's schema). */
  state: z.unknown(),
  /** The run's data as the step would see it: { input: {...}, customer: {...} } gives $input and $customer. */
  data: z.record(z.string(), z.json()),
});

/** What a step test reads of the step (its routes may still be unconnected). */
const runnableStep = z.object({
  type: z.literal("tool"),
  server: toolState.shape.server,
  tool: toolState.shape.tool,
  input: toolState.shape.input,
  timeoutMs: toolState.shape.timeoutMs,
});

export type StepTestResult =
  | { ok: true; args: Record<string, unknown>; output: unknown; truncated: boolean; latencyMs: number }
  | { ok: false; args: Record<string, unknown> | null; error: { kind: string; message: string } };

function checkSample(data: Record<string, unknown>): void {
  const bytes = Buffer.byteLength(JSON.stringify(data));
  if (bytes > MAX_SAMPLE_BYTES)
    throw new AppError("invalid", `The sample data is ${bytes} bytes; at most ${MAX_SAMPLE_BYTES} are taken`);
  const deep = valueDepthProblem(data, 20);
  if (deep) throw new AppError("invalid", `The sample data: ${deep}`);
}

/** The output as it is when small enough, else a preview of its JSON (the designer shows it; it cannot be pinned). */
export function boundOutput(output: unknown): { output: unknown; truncated: boolean } {
  const text = JSON.stringify(output ?? null);
  if (Buffer.byteLength(text) <= MAX_STEP_OUTPUT_BYTES) return { output: output ?? null, truncated: false };
  return { output: `${text.slice(0, 2000)}…`, truncated: true };
}

function errorOf(err: unknown): { kind: string; message: string } {
  const e = err as { kind?: unknown; message?: unknown };
  return {
    kind: typeof e.kind === "string" ? e.kind : "tool_error",
    message: typeof e.message === "string" ? e.message.slice(0, 2000) : "The call failed",
  };
}

export async function runStep(
  db: Db,
  tools: ToolPort,
  input: z.infer<typeof runStepInput>,
  callId: string,
): Promise<StepTestResult> {
  checkSample(input.data);
  const row = await db.workflow.findUnique({ where: { id: input.workflowId }, select: { id: true } });
  if (!row) throw notFound(`Workflow ${input.workflowId}`);
  // The step as the designer shows it now (autosave may be a moment behind), checked like a saved one.
  const parsed = runnableStep.safeParse(input.state);
  if (!parsed.success || !parsed.data.tool)
    throw new AppError("invalid", "Only a tool step with its tool chosen can be run on its own");
  const state = parsed.data;
  let args: Record<string, unknown>;
  try {
    const bindings = { ...input.data, input: input.data.input ?? {}, run: { id: `step-test:${callId}` } };
    args = (await evaluateValue(state.input ?? {}, bindings)) as Record<string, unknown>;
  } catch (err) {
    return { ok: false, args: null, error: { kind: "expression_error", message: describeJsonataError(err) } };
  }
  const timeoutMs = Math.min(state.timeoutMs ?? 30_000, MAX_STEP_TIMEOUT_MS);
  try {
    const { result, latencyMs } = await tools.call(state.server, state.tool, args, {
      timeoutMs,
      signal: AbortSignal.timeout(timeoutMs + 1_000),
      idempotencyKey: `step-test:${input.workflowId}:${input.stateId}:${callId}`,
    });
    return { ok: true, args, ...boundOutput(result), latencyMs: Math.round(latencyMs) };
  } catch (err) {
    return { ok: false, args, error: errorOf(err) };
  }
}
