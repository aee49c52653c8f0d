/** Evaluating the definition's expressions against a run's data. */
import { evaluateValue, describeJsonataError, isExpressionLimit } from "@/lib/workflow/expressions";
import type { RunState, StepError } from "./types";

export type Bindings = Record<string, unknown>;

/** $input, the assigned variables, $run, $error (the last error a catch route handled), plus extras such as $result. */
export function bindings(state: RunState, extra: Bindings = {}): Bindings {
  return { error: state.lastError ?? null, ...state.vars, input: state.input, run: { id: state.runId }, ...extra };
}

export type Evaluated<T> = { ok: true; value: T } | { ok: false; error: StepError };

export async function evaluate<T = unknown>(value: unknown, b: Bindings, what: string): Promise<Evaluated<T>> {
  try {
    return { ok: true, value: (await evaluateValue(value, b)) as T };
  } catch (err) {
    if (isExpressionLimit(err)) {
      return { ok: false, error: { kind: "expression_limit", message: `${what}: ${err.message}`, retryable: false } };
    }
    return { ok: false, error: { kind: "expression_error", message: `${what}: ${describeJsonataError(err)}`, retryable: false } };
  }
}

/** Evaluates an `assign` map into the run's variables. */
export async function assign(
  state: RunState,
  spec: Record<string, unknown> | undefined,
  b: Bindings,
  what: string,
): Promise<Evaluated<RunState>> {
  if (!spec) return { ok: true, value: state };
  const values = await evaluate<Record<string, unknown>>(spec, b, what);
  if (!values.ok) return values;
  return { ok: true, value: { ...state, vars: { ...state.vars, ...values.value } } };
}

export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}
