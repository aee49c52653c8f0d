/**
 * Bounds on evaluating an expression. Expressions come from workflow authors and run on data from outside, so they are
 * untrusted code: each evaluation is limited in time, in depth (nested calls, recursion) and in the size of what it
 * builds (items in a sequence or array, characters in a string). JSONata checks depth on entry to every node (its
 * `stack` option) and the length of every sequence it builds (`sequence`, ranges included); the entry and exit hooks
 * here count the evaluation's own time and check each node's result; `$pad` and `$join` are checked before they
 * build anything. Over a limit, evaluation stops with an `ExpressionLimitError` (kind `expression_limit`).
 *
 * Time is the evaluation's OWN time, not the wall clock since it began: evaluations are async and interleave (many
 * runs at once), and a loaded machine deschedules the process (or collects garbage) for 100 ms and more, so a
 * wall-clock limit (JSONata's `timeout` option) fails cheap expressions on a busy server. The clock charges the time
 * between two hook calls (microseconds apart) to the evaluation that made the first of them, at most MAX_GAP_MS per
 * gap (a longer gap is the machine, not the expression: one node's work is bounded by the size limits). Reading the
 * process's CPU time instead costs a system call per node (4-5x slower).
 */
import { SafeRegex } from "./safe-regex";

export interface ExpressionLimits {
  /** Wall-clock time of one evaluation. */
  timeoutMs: number;
  /** Nesting of evaluation (function calls, recursion, nested expressions). */
  maxDepth: number;
  /** Items in one sequence or array built. */
  maxItems: number;
  /** Characters in one string built. */
  maxStringLength: number;
}

export const DEFAULT_EXPRESSION_LIMITS: ExpressionLimits = {
  timeoutMs: 100,
  maxDepth: 1_000,
  maxItems: 100_000,
  maxStringLength: 5_000_000,
};

let limits: ExpressionLimits = { ...DEFAULT_EXPRESSION_LIMITS };

/** Set once at start-up from the environment (server/env.ts); tests may set and reset them. */
export function setExpressionLimits(next: Partial<ExpressionLimits>): void {
  limits = { ...limits, ...next };
}

export function expressionLimits(): ExpressionLimits {
  return limits;
}

export type LimitName = keyof ExpressionLimits;

const LIMIT_TEXT: Record<LimitName, (n: number) => string> = {
  timeoutMs: (n) => `took longer than ${n} ms`,
  maxDepth: (n) => `nested deeper than ${n} levels (runaway recursion?)`,
  maxItems: (n) => `built a list of more than ${n} items`,
  maxStringLength: (n) => `built a text of more than ${n} characters`,
};

/** An evaluation stopped at one of the limits. */
export class ExpressionLimitError extends Error {
  readonly kind = "expression_limit" as const;
  constructor(
    readonly limit: LimitName,
    readonly value: number,
    /** Where the expression is inside the value being evaluated, e.g. `input.customer` (empty at the top). */
    readonly path: string,
    readonly source: string,
  ) {
    const at = path ? ` at ${path}` : "";
    const src = source.length > 80 ? `${source.slice(0, 77)}...` : source;
    super(`The expression${at} (${src}) ${LIMIT_TEXT[limit](value)}; it was stopped (limit ${limit} = ${value})`);
    this.name = "ExpressionLimitError";
  }
}

/** Thrown from inside JSONata; turned into an ExpressionLimitError with the path and source by the caller. */
export class LimitSignal extends Error {
  readonly code = "SY_LIMIT";
  constructor(
    readonly limit: LimitName,
    readonly value: number,
  ) {
    super(`over the expression limit ${limit} (${value})`);
  }
}

function signal(limit: LimitName): LimitSignal {
  return new LimitSignal(limit, limits[limit]);
}

/** Which limit a JSONata error is about, if any (also inside `$eval`'s wrapping error). */
export function limitOf(err: unknown): LimitSignal | null {
  for (let e = err, i = 0; typeof e === "object" && e !== null && i < 5; i++) {
    const code = (e as { code?: unknown }).code;
    if (e instanceof LimitSignal) return e;
    if (code === "D1012") return signal("timeoutMs");
    if (code === "D1011") return signal("maxDepth");
    if (code === "D2014" || code === "D2015") return signal("maxItems");
    if (e instanceof RangeError) return signal(/string length/i.test(e.message) ? "maxStringLength" : "maxDepth");
    e = (e as { error?: unknown }).error;
  }
  return null;
}

/** The limits as JSONata's options (plus RE2 for regex literals); getters, so a change applies to expressions compiled before it. */
export const jsonataGuards = {
  RegexEngine: SafeRegex as unknown as RegExpConstructor,
  get stack(): number {
    return limits.maxDepth;
  },
  get sequence(): number {
    return limits.maxItems;
  },
};

interface Clock {
  spent: number;
}
const clocks = new WeakMap<object, Clock>();
let running: Clock | null = null;
let lastTick = 0;

/** The most one gap between two hook calls of an evaluation is charged. */
const MAX_GAP_MS = 10;

/**
 * Charges the time since the last hook call (of any evaluation) to the evaluation that was running then, and throws
 * when the evaluation whose (per-evaluation) environment this is has spent more than its time. Evaluations interleave
 * at every node (each node is awaited), so the gap between two hook calls of different evaluations is the work of the
 * one that ran before; charging nobody for it would let many runaway evaluations at once run for ever.
 */
export function tick(base: object): void {
  const now = performance.now();
  if (running) running.spent += Math.min(now - lastTick, MAX_GAP_MS);
  let clock = clocks.get(base);
  if (!clock) {
    clock = { spent: 0 };
    clocks.set(base, clock);
  }
  running = clock;
  lastTick = now;
  if (clock.spent > limits.timeoutMs) throw signal("timeoutMs");
}

/**
 * An evaluation ended: the time until the next hook call belongs to no evaluation (the server's other work between
 * two evaluations is not charged to the one that happened to end last).
 */
export function evaluationEnded(): void {
  running = null;
}

/** Checks what one node of the expression produced. */
export function checkResult(result: unknown): void {
  if (typeof result === "string") {
    if (result.length > limits.maxStringLength) throw signal("maxStringLength");
  } else if (Array.isArray(result)) {
    if (result.length > limits.maxItems) throw signal("maxItems");
  }
}

/** `$pad`, bounded before it builds anything (JSONata's own would build a string of any width). */
export function pad(str: string | undefined, width: number, char?: string): string | undefined {
  if (str === undefined) return undefined;
  const w = Math.trunc(width);
  if (Math.abs(w) > limits.maxStringLength) throw signal("maxStringLength");
  const chars = [...(char === undefined || char.length === 0 ? " " : char)];
  const padLength = Math.abs(w) - [...str].length;
  if (padLength <= 0) return str;
  const unit = chars.join("");
  const repeated = unit.repeat(Math.ceil(padLength / chars.length));
  // Cut at padLength code points (a unit of surrogate pairs is longer in UTF-16 than in code points).
  const padding = unit.length === chars.length ? repeated.slice(0, padLength) : [...repeated].slice(0, padLength).join("");
  return w > 0 ? str + padding : padding + str;
}

/** `$join`, bounded before it builds anything. */
export function join(items: string[] | undefined, separator?: string): string | undefined {
  if (items === undefined) return undefined;
  const sep = separator ?? "";
  let total = 0;
  for (const item of items) {
    total += item.length + sep.length;
    if (total > limits.maxStringLength + sep.length) throw signal("maxStringLength");
  }
  return items.join(sep);
}
