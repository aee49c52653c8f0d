/**
 * Step titles as people read them. A title may hold placeholders ("Review the case of {% $customer.name %}"):
 * where a run's data is at hand (its page, its inbox item) each placeholder that is a plain data path is filled in
 * ("Review the case of Grace Hopper"); a placeholder that is not a path, or whose value is not there yet or not a
 * short text, number or yes/no, reads ‹customer.name› as where no data is at hand (previewTemplate).
 */
import { parseTemplate } from "./expressions";

const PATH = /^\$([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/;
/** A value longer than this is not put in a title. */
const MAX_VALUE = 120;

function valueAt(data: Readonly<Record<string, unknown>>, source: string): string | undefined {
  const match = PATH.exec(source);
  if (!match) return undefined;
  let at: unknown = Object.hasOwn(data, match[1]!) ? data[match[1]!] : undefined;
  for (const name of (match[2] ?? "").split(".").filter((s) => s !== "")) {
    if (typeof at !== "object" || at === null || Array.isArray(at) || !Object.hasOwn(at, name)) return undefined;
    at = (at as Record<string, unknown>)[name];
  }
  if (typeof at === "string") return at.trim() !== "" && at.length <= MAX_VALUE ? at : undefined;
  if (typeof at === "number" && Number.isFinite(at)) return String(at);
  if (typeof at === "boolean") return at ? "yes" : "no";
  return undefined;
}

/** A template filled from a run's data (`{ input, ...variables }`), placeholders it cannot fill shown as ‹path›. */
export function fillTemplate(value: string, data: Readonly<Record<string, unknown>>): string {
  const t = parseTemplate(value);
  const show = (source: string) => valueAt(data, source) ?? `‹${source.replace(/^\$/, "")}›`;
  if (t.kind === "literal") return t.value;
  if (t.kind === "expression") return show(t.source);
  return t.parts.map((p) => ("text" in p ? p.text : show(p.source))).join("");
}

/** The definition with each step's title filled from the run's data (for a run's canvas and lists). */
export function withRunTitles<D extends { states: Record<string, unknown> }>(
  definition: D,
  data: Readonly<Record<string, unknown>>,
): D {
  const states: Record<string, unknown> = {};
  for (const [id, state] of Object.entries(definition.states)) {
    const title = (state as { title?: unknown } | null)?.title;
    states[id] =
      typeof title === "string" && title.includes("{%") ? { ...(state as object), title: fillTemplate(title, data) } : state;
  }
  return { ...definition, states };
}

/** What titles read from a run: its input and its variables (as expressions see them). */
export function runData(run: { input: unknown; state: unknown }): Record<string, unknown> {
  const vars = (run.state as { vars?: unknown } | null)?.vars;
  const own = typeof vars === "object" && vars !== null && !Array.isArray(vars) ? (vars as Record<string, unknown>) : {};
  return { ...own, input: run.input };
}
