/**
 * Fault injection, configured by environment variables and, re-read on every
 * call, by the optional JSON file `DEMO_FAULTS_FILE` whose keys are the same
 * variable names (a test or a demo can make a running server flaky, then fix
 * it). The file's keys override the environment; a missing file means "no
 * override".
 *
 *   DEMO_LATENCY_MS    added latency per call (reported as progress when asked)
 *   DEMO_FAILURE_RATE  0..1, fraction of calls that fail
 *   DEMO_FAILURE_KIND  tool_error (default) | protocol_error | crash
 *   DEMO_HANG          1/true: calls never answer until cancelled
 *   DEMO_EXIT_AFTER    N: answer N calls, exit the process during the next one
 *   DEMO_FAULT_TOOLS   comma list: only these tools get faults (and count for DEMO_EXIT_AFTER)
 *   DEMO_FAULT_PHASE   before (default): the tool does not run; after: it runs
 *                      (its effects commit) and the fault replaces the answer
 *   DEMO_SEED          integer seed of the failure draws (deterministic tests)
 */
import { readFileSync } from "node:fs";

export type FailureKind = "tool_error" | "protocol_error" | "crash";
export type FaultPhase = "before" | "after";

export interface FaultConfig {
  latencyMs: number;
  failureRate: number;
  failureKind: FailureKind;
  hang: boolean;
  exitAfter: number | null;
  tools: string[] | null;
  phase: FaultPhase;
  seed: number | null;
}

type Env = Record<string, string | undefined>;

const FAILURE_KINDS: readonly FailureKind[] = ["tool_error", "protocol_error", "crash"];

/** Reads `DEMO_FAULTS_FILE` (if set and present) as string values over `env`. */
function withFileOverrides(env: Env): Env {
  const file = env.DEMO_FAULTS_FILE;
  if (!file) return env;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return env; // no file: no override
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not a JSON object");
    const overrides: Env = {};
    for (const [k, v] of Object.entries(parsed)) overrides[k] = v === null ? undefined : String(v);
    return { ...env, ...overrides };
  } catch (err) {
    console.error(`[demo] ignoring ${file}: ${err instanceof Error ? err.message : String(err)}`);
    return env;
  }
}

function number(value: string | undefined, name: string, min: number, max: number): number | null {
  if (value === undefined || value.trim() === "") return null;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) {
    console.error(`[demo] ignoring ${name}=${value}: expected a number in ${min}..${max}`);
    return null;
  }
  return n;
}

/** The fault configuration in effect now. */
export function readFaultConfig(baseEnv: Env = process.env): FaultConfig {
  const env = withFileOverrides(baseEnv);
  const kind = (env.DEMO_FAILURE_KIND ?? "tool_error").trim() as FailureKind;
  const tools = (env.DEMO_FAULT_TOOLS ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const exitAfter = number(env.DEMO_EXIT_AFTER, "DEMO_EXIT_AFTER", 0, Number.MAX_SAFE_INTEGER);
  const seed = number(env.DEMO_SEED, "DEMO_SEED", -(2 ** 31), 2 ** 32);
  return {
    latencyMs: number(env.DEMO_LATENCY_MS, "DEMO_LATENCY_MS", 0, 3_600_000) ?? 0,
    failureRate: number(env.DEMO_FAILURE_RATE, "DEMO_FAILURE_RATE", 0, 1) ?? 0,
    failureKind: FAILURE_KINDS.includes(kind) ? kind : "tool_error",
    hang: /^(1|true|yes|on)$/i.test(env.DEMO_HANG ?? ""),
    exitAfter: exitAfter === null ? null : Math.floor(exitAfter),
    tools: tools.length > 0 ? tools : null,
    phase: env.DEMO_FAULT_PHASE === "after" ? "after" : "before",
    seed: seed === null ? null : Math.floor(seed),
  };
}

/** A small seedable random generator (mulberry32): the same seed gives the same draws. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What to do to one call. */
export interface FaultDecision {
  latencyMs: number;
  hang: boolean;
  failure: FailureKind | null;
  /** Exit the process during this call (DEMO_EXIT_AFTER reached). */
  exit: boolean;
  phase: FaultPhase;
}

/**
 * Decides the faults of each call. One per server and process: it counts the
 * calls for DEMO_EXIT_AFTER and owns the random sequence (re-seeded when
 * DEMO_SEED changes). Only calls to DEMO_FAULT_TOOLS (all when unset) count and
 * draw.
 */
export class FaultInjector {
  private calls = 0;
  private seed: number | null = null;
  private random: () => number = Math.random;

  constructor(private readonly env: Env = process.env) {}

  decide(tool: string): FaultDecision {
    const config = readFaultConfig(this.env);
    const none: FaultDecision = { latencyMs: 0, hang: false, failure: null, exit: false, phase: config.phase };
    if (config.tools && !config.tools.includes(tool)) return none;
    if (config.seed !== this.seed) {
      this.seed = config.seed;
      this.random = config.seed === null ? Math.random : createRandom(config.seed);
    }
    this.calls += 1;
    const exit = config.exitAfter !== null && this.calls > config.exitAfter;
    const failure = config.failureRate > 0 && this.random() < config.failureRate ? config.failureKind : null;
    return { latencyMs: config.latencyMs, hang: config.hang, failure, exit, phase: config.phase };
  }
}
