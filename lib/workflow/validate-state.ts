/** Checks inside one state that its schema cannot express. */
import type { State } from "./schema";
import { problem, type Problem } from "./problems";
import { checkExpression, expressionSources, parseTemplate } from "./expressions";
import { isValidVariableName, RESERVED_VARIABLES } from "./ids";
import { checkInputSchema } from "./validate-input-schema";

type Path = (string | number)[];

export function checkStateSemantics(id: string, state: State): Problem[] {
  const base: Path = ["states", id];
  const out: Problem[] = [];
  switch (state.type) {
    case "tool":
      checkAssign(state.assign, [...base, "assign"], out);
      state.catch?.forEach((c, i) => checkAssign(c.assign, [...base, "catch", i, "assign"], out));
      if (state.retry) checkRetry(state.retry, [...base, "retry"], out);
      break;
    case "agent":
      checkAssign(state.assign, [...base, "assign"], out);
      state.catch?.forEach((c, i) => checkAssign(c.assign, [...base, "catch", i, "assign"], out));
      checkAgent(state, base, out);
      break;
    case "choice":
      state.choices.forEach((c, i) => checkCondition(c.when, [...base, "choices", i, "when"], out));
      if (state.default === undefined) {
        out.push(
          problem(
            [...base, "default"],
            "no_default",
            'If no condition matches, the run fails: add an "otherwise" route',
            "warning",
          ),
        );
      }
      break;
    case "human":
      checkAssign(state.assign, [...base, "assign"], out);
      checkOptions(state, base, out);
      if (state.onTimeout !== undefined && state.slaMinutes === undefined) {
        out.push(problem([...base, "onTimeout"], "timeout_without_sla", "A timeout route needs a time limit (SLA minutes)"));
      }
      break;
    case "wait":
      checkWait(state, base, out);
      break;
    case "emit":
      break;
    case "waitForEvent":
      checkAssign(state.assign, [...base, "assign"], out);
      if (state.onTimeout !== undefined && state.timeoutSeconds === undefined) {
        out.push(problem([...base, "onTimeout"], "timeout_without_limit", "A timeout route needs a time limit"));
      }
      if (state.timeoutSeconds !== undefined && state.onTimeout === undefined) {
        out.push(problem([...base, "onTimeout"], "timeout_without_route", "Choose where to go when no event comes in time"));
      }
      break;
    case "lock":
      if (state.limit !== undefined && state.mode !== "shared")
        out.push(problem([...base, "limit"], "limit_without_shared", "A limit applies to a shared lock only", "warning"));
      break;
    case "unlock":
      break;
    case "sharedValue":
      checkAssign(state.assign, [...base, "assign"], out);
      state.catch?.forEach((c, i) => checkAssign(c.assign, [...base, "catch", i, "assign"], out));
      if (state.action === "write" && state.value === undefined)
        out.push(problem([...base, "value"], "missing_value", "Say what value to write"));
      if (state.action === "write" && state.expectedVersion === undefined)
        out.push(
          problem([...base, "expectedVersion"], "missing_version", "Say which version the new value is based on (0 if new)"),
        );
      break;
    case "parallel":
    case "map":
    case "subWorkflow":
      checkAssign(state.assign, [...base, "assign"], out);
      if (state.type === "map") checkAssign(state.itemVars, [...base, "itemVars"], out);
      state.catch?.forEach((c, i) => checkAssign(c.assign, [...base, "catch", i, "assign"], out));
      if (state.retry) checkRetry(state.retry, [...base, "retry"], out);
      break;
    case "succeed":
    case "fail":
      break;
  }
  return out;
}

/** Every string inside `value` (a state, even one that failed its schema) that holds expressions must parse. */
export function checkExpressionsIn(value: unknown, path: Path, out: Problem[]): void {
  if (typeof value === "string") {
    for (const source of expressionSources(value)) {
      const error = checkExpression(source);
      if (error) out.push(problem(path, "bad_expression", `The expression does not parse: ${error}`));
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkExpressionsIn(v, [...path, i], out));
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) checkExpressionsIn(v, [...path, k], out);
  }
}

function checkAssign(assign: Record<string, unknown> | undefined, path: Path, out: Problem[]): void {
  if (!assign) return;
  for (const name of Object.keys(assign)) {
    if (!isValidVariableName(name)) {
      const reserved = (RESERVED_VARIABLES as readonly string[]).includes(name);
      out.push(
        problem(
          [...path, name],
          "invalid_variable",
          reserved
            ? `"${name}" is reserved: choose another name`
            : `"${name}" is not a valid name: use letters, digits and _, starting with a letter`,
        ),
      );
    }
  }
}

/** Conditions and wait times must be whole expressions; the generic walk checks they parse. */
function checkCondition(when: string, path: Path, out: Problem[]): void {
  if (parseTemplate(when).kind !== "expression") {
    out.push(problem(path, "not_expression", 'This must be an expression written as "{% ... %}"'));
  }
}

/**
 * A decision's condition with no rules ("{% true %}", as a new decision has) always or never takes its branch. Checked on
 * the raw state, so it shows while the decision is still being wired (its shape not complete yet).
 */
export function checkConstantConditions(raw: unknown, base: Path, out: Problem[]): void {
  const state = raw as { type?: unknown; choices?: unknown } | null;
  if (state?.type !== "choice" || !Array.isArray(state.choices)) return;
  state.choices.forEach((c: unknown, i) => {
    const when = (c as { when?: unknown } | null)?.when;
    if (typeof when === "string") checkConstantCondition(when, i, [...base, "choices", i, "when"], out);
  });
}

function checkConstantCondition(when: string, index: number, path: Path, out: Problem[]): void {
  const parsed = parseTemplate(when);
  if (parsed.kind !== "expression") return;
  const constant = parsed.source.trim();
  if (constant !== "true" && constant !== "false") return;
  out.push(
    problem(
      path,
      "constant_condition",
      constant === "true"
        ? `Condition ${index + 1} has no rules, so it always matches and the other branches are never taken: add a rule`
        : `Condition ${index + 1} has no rules and never matches: add a rule`,
      "warning",
    ),
  );
}

function checkRetry(retry: NonNullable<Extract<State, { type: "tool" }>["retry"]>, path: Path, out: Problem[]): void {
  if (retry.maxDelayMs !== undefined && retry.initialDelayMs !== undefined && retry.maxDelayMs < retry.initialDelayMs) {
    out.push(problem([...path, "maxDelayMs"], "retry_delays", "The longest delay must not be shorter than the first delay"));
  }
}

function checkOptions(state: Extract<State, { type: "human" }>, base: Path, out: Problem[]): void {
  const seen = new Set<string>();
  state.options.forEach((option, i) => {
    if (seen.has(option.id)) {
      out.push(problem([...base, "options", i, "id"], "duplicate_id", `Two options have the id "${option.id}"`));
    }
    seen.add(option.id);
    if (option.form) out.push(...checkInputSchema(option.form, [...base, "options", i, "form"]));
  });
}

function checkWait(state: Extract<State, { type: "wait" }>, base: Path, out: Problem[]): void {
  const has = (state.seconds !== undefined ? 1 : 0) + (state.until !== undefined ? 1 : 0);
  if (has !== 1) {
    out.push(
      problem(
        [...base, "seconds"],
        "wait_duration",
        "A wait needs either a duration in seconds or a time to wait until, not both",
      ),
    );
  }
  if (state.until !== undefined) checkCondition(state.until, [...base, "until"], out);
}

function checkAgent(state: Extract<State, { type: "agent" }>, base: Path, out: Problem[]): void {
  const seen = new Set<string>();
  state.tools.forEach((t, i) => {
    const key = `${t.server}/${t.tool}`;
    if (seen.has(key)) out.push(problem([...base, "tools", i], "duplicate_tool", `${key} is offered twice`));
    seen.add(key);
  });
  if (state.output) out.push(...checkInputSchema(state.output, [...base, "output"]));
  if (state.outputAttempts !== undefined && !state.output)
    out.push(
      problem([...base, "outputAttempts"], "attempts_without_output", "Corrections apply to an output schema only", "warning"),
    );
}
