/**
 * Pinned step outputs (issue 23): a sample result kept with the draft for a tool step, shown as pinned in the inspector.
 * Later steps' expression suggestions and rule builder read its fields (sampleSchema), and test runs use it instead of
 * calling the tool (withPinsForTest). Published runs never do: only a test snapshot is rewritten.
 */
import { z } from "zod";

export const MAX_PIN_BYTES = 64 * 1024;
export const MAX_PINS = 50;

export const pinnedOutput = z
  .strictObject({ output: z.json(), pinnedAt: z.string().max(40) })
  .refine((p) => JSON.stringify(p.output ?? null).length <= MAX_PIN_BYTES, `a pinned output is at most ${MAX_PIN_BYTES} bytes`);
export const pinsSchema = z
  .record(z.string(), pinnedOutput)
  .refine((p) => Object.keys(p).length <= MAX_PINS, `at most ${MAX_PINS} steps may have a pinned output`);
export type PinnedOutput = z.infer<typeof pinnedOutput>;
export type Pins = z.infer<typeof pinsSchema>;

/** The built-in tool a pinned step becomes in a test snapshot (server/services/notify/builtin-tools.ts). */
export const PINNED_SERVER = "switchyard";
export const PINNED_TOOL = "pinned";
export const PINNED_SUFFIX = " (pinned output)";

type Loose = Record<string, unknown>;
const MAX_SCHEMA_DEPTH = 4;
const MAX_SCHEMA_PROPERTIES = 60;

/** A JSON Schema describing a sample value (objects' properties, a list's first item), bounded in depth and size. */
export function sampleSchema(value: unknown, depth = 0): Loose {
  if (value === null) return { type: "null" };
  if (Array.isArray(value)) {
    return depth >= MAX_SCHEMA_DEPTH || value.length === 0
      ? { type: "array" }
      : { type: "array", items: sampleSchema(value[0], depth + 1) };
  }
  switch (typeof value) {
    case "string":
      return { type: "string" };
    case "number":
      return { type: Number.isInteger(value) ? "integer" : "number" };
    case "boolean":
      return { type: "boolean" };
    case "object": {
      if (depth >= MAX_SCHEMA_DEPTH) return { type: "object" };
      const properties: Loose = {};
      for (const [k, v] of Object.entries(value as Loose).slice(0, MAX_SCHEMA_PROPERTIES))
        properties[k] = sampleSchema(v, depth + 1);
      return { type: "object", properties };
    }
    default:
      return {};
  }
}

function pinsOf(doc: Loose): Loose {
  const pins = doc.pins;
  return typeof pins === "object" && pins !== null && !Array.isArray(pins) ? (pins as Loose) : {};
}

/** The pinned output of a step, if any. */
export function pinOf(doc: Loose, stateId: string): PinnedOutput | undefined {
  const pin = pinsOf(doc)[stateId];
  return typeof pin === "object" && pin !== null && "output" in pin ? (pin as PinnedOutput) : undefined;
}

/** The draft with `output` pinned on `stateId` (or the pin removed with undefined). */
export function setPin(doc: Loose, stateId: string, pin: PinnedOutput | undefined): Loose {
  const pins = { ...pinsOf(doc) };
  if (pin) pins[stateId] = pin;
  else delete pins[stateId];
  const { pins: _old, ...rest } = doc;
  return Object.keys(pins).length === 0 ? rest : { ...rest, pins };
}

/** UTF-8 safe base64 (browser and server), so a pinned value's "{% %}" text is never read as an expression. */
export function encodePinned(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value ?? null));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function decodePinned(text: string): unknown {
  const binary = atob(text);
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))) as unknown;
}

/**
 * A test snapshot's definition: each top-level tool step with a pinned output becomes a call of the built-in tool
 * "pinned", which answers that output (the step keeps its id, title + " (pinned output)", assign, routes and next);
 * the pins themselves are dropped. Only test runs are started from this (server/services/workflows/test-runs.ts).
 */
export function withPinsForTest<T extends Loose>(doc: T): T {
  const pins = pinsOf(doc);
  const states = { ...((doc.states ?? {}) as Record<string, Loose>) };
  for (const [id, pin] of Object.entries(pins)) {
    const state = states[id];
    if (!state || state.type !== "tool" || typeof pin !== "object" || pin === null) continue;
    const { compensate: _undo, breaker: _breaker, idempotent: _idempotent, validateOutput: _validate, ...kept } = state;
    states[id] = {
      ...kept,
      title: `${typeof state.title === "string" && state.title ? state.title : id}${PINNED_SUFFIX}`.slice(0, 200),
      server: PINNED_SERVER,
      tool: PINNED_TOOL,
      input: { output: encodePinned((pin as PinnedOutput).output), tool: `${String(state.server)}/${String(state.tool)}` },
    };
  }
  const out: Loose = { ...doc, states };
  delete out.pins;
  return out as T;
}

/** A definition without its pins (what publishing freezes: sample data stays with the draft). */
export function withoutPins<T extends object>(doc: T): T {
  if (!("pins" in doc)) return doc;
  const { pins: _pins, ...rest } = doc as T & { pins?: unknown };
  return rest as T;
}

/** The variables pinned outputs give ({ customer: <sample> } after customer = {% $result %}), for sample data. */
export function pinnedVariables(doc: Loose, resultPathOf: (v: unknown) => string[] | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const states = (doc.states ?? {}) as Record<string, Loose>;
  for (const [id, pin] of Object.entries(pinsOf(doc))) {
    const assign = states[id]?.assign;
    if (typeof assign !== "object" || assign === null) continue;
    for (const [name, value] of Object.entries(assign as Loose)) {
      const path = resultPathOf(value);
      if (path === null) continue;
      let at: unknown = (pin as PinnedOutput).output;
      for (const part of path) at = part === "[]" ? (Array.isArray(at) ? at[0] : undefined) : (at as Loose | undefined)?.[part];
      if (at !== undefined) out[name] = at;
    }
  }
  return out;
}
