/**
 * What changed between two versions of a workflow, in words an analyst reads:
 * steps added, removed and changed (and how), input fields, start step, name.
 * Positions on the canvas are not changes.
 */
import { canonicalJson } from "./canonical";

type Loose = Record<string, unknown>;

export interface StepChange {
  id: string;
  title: string;
  change: "added" | "removed" | "changed";
  /** For changed steps: which parts changed, in plain words. */
  parts: string[];
}

export interface DefinitionDiff {
  steps: StepChange[];
  other: string[];
}

const PART_LABELS: Record<string, string> = {
  input: "inputs",
  assign: "what it keeps",
  retry: "retries",
  timeoutMs: "time limit",
  catch: "error routes",
  compensate: "undo step",
  breaker: "breaker behaviour",
  idempotent: "repeat safety",
  next: "next step",
  choices: "conditions",
  default: "otherwise route",
  options: "options",
  onTimeout: "timeout route",
  slaMinutes: "SLA",
  message: "message",
  context: "context shown",
  title: "title",
  server: "server",
  tool: "tool",
};

function asRecord(v: unknown): Loose {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Loose) : {};
}

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? null) === canonicalJson(b ?? null);
}

function titleOf(id: string, state: Loose): string {
  return typeof state.title === "string" && state.title !== "" ? state.title : id;
}

function changedParts(before: Loose, after: Loose): string[] {
  if (before.type !== after.type) return ["kind of step"];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.filter((k) => !same(before[k], after[k])).map((k) => PART_LABELS[k] ?? k);
}

export function diffDefinitions(beforeDoc: unknown, afterDoc: unknown): DefinitionDiff {
  const before = asRecord(beforeDoc);
  const after = asRecord(afterDoc);
  const a = asRecord(before.states);
  const b = asRecord(after.states);
  const steps: StepChange[] = [];
  for (const [id, raw] of Object.entries(b)) {
    const state = asRecord(raw);
    if (!(id in a)) steps.push({ id, title: titleOf(id, state), change: "added", parts: [] });
    else {
      const parts = changedParts(asRecord(a[id]), state);
      if (parts.length > 0) steps.push({ id, title: titleOf(id, state), change: "changed", parts });
    }
  }
  for (const [id, raw] of Object.entries(a)) {
    if (!(id in b)) steps.push({ id, title: titleOf(id, asRecord(raw)), change: "removed", parts: [] });
  }
  const other: string[] = [];
  if (before.name !== after.name) other.push(`Renamed to "${String(after.name)}"`);
  if (!same(before.description, after.description)) other.push("Description changed");
  if (before.startAt !== after.startAt)
    other.push(`Starts at "${titleOf(String(after.startAt), asRecord(b[String(after.startAt)]))}"`);
  if (!same(before.input, after.input)) other.push("Input fields changed");
  return { steps, other };
}

/** One line, e.g. "1 step added, 2 changed; input fields changed". */
export function summarizeDiff(diff: DefinitionDiff): string {
  const count = (c: StepChange["change"]) => diff.steps.filter((s) => s.change === c).length;
  const parts = (["added", "changed", "removed"] as const)
    .map((c) => [c, count(c)] as const)
    .filter(([, n]) => n > 0)
    .map(([c, n], i) => (i === 0 ? `${n} step${n === 1 ? "" : "s"} ${c}` : `${n} ${c}`));
  const all = [
    parts.join(", "),
    ...diff.other.map((o, i) => (i === 0 && parts.length > 0 ? o.charAt(0).toLowerCase() + o.slice(1) : o)),
  ].filter(Boolean);
  return all.length === 0 ? "No changes to the steps (only their positions)" : all.join("; ");
}

/** Both versions in one drawing: the newer version's steps, plus the older one's removed steps where they stood. */
export interface Comparison {
  definition: Loose;
  diff: DefinitionDiff;
  /** Each added, changed or removed step by id (unchanged steps are absent). */
  marks: Record<string, StepChange>;
}

export function compareVersions(beforeDoc: unknown, afterDoc: unknown): Comparison {
  const before = asRecord(beforeDoc);
  const after = asRecord(afterDoc);
  const diff = diffDefinitions(before, after);
  const marks: Record<string, StepChange> = Object.fromEntries(diff.steps.map((s) => [s.id, s]));
  const removed = diff.steps.filter((s) => s.change === "removed").map((s) => s.id);
  const oldStates = asRecord(before.states);
  const oldLayout = asRecord(before.layout);
  const states: Loose = { ...asRecord(after.states) };
  const layout: Loose = { ...asRecord(after.layout) };
  for (const id of removed) {
    states[id] = oldStates[id];
    if (id in oldLayout) layout[id] = oldLayout[id];
  }
  return { definition: { ...after, states, layout }, diff, marks };
}
