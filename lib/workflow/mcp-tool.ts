/**
 * How a published workflow looks as an MCP tool (the /mcp endpoint): its tool name, output schema and annotations.
 * Pure: the catalog's tool annotations come in as a lookup.
 */
import type { WorkflowDefinition } from "./schema";
import type { InputSchema } from "./input-schema";

/** MCP tool names: 1-64 characters of letters, digits, "_", "-" and "." (SEP-986). */
const MAX_NAME = 64;

/** The tool name of a workflow: its name in snake case ("Refund request" -> "refund_request"); never switchyard_*. */
export function toolNameFor(workflowName: string): string {
  const slug = workflowName
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, MAX_NAME);
  if (slug === "") return "workflow";
  // switchyard_* names are Switchyard's own operator tools.
  return slug.startsWith("switchyard_") ? `wf_${slug}`.slice(0, MAX_NAME) : slug;
}

/**
 * Tool names for several workflows, unique: the oldest keeps the plain name; a later one with the same name gets the
 * end of its id appended ("refund_request_x7k2p9").
 */
export function uniqueToolNames(workflows: readonly { id: string; name: string }[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const w of workflows) {
    let name = toolNameFor(w.name);
    if (taken.has(name)) {
      const suffix = `_${w.id
        .replace(/[^a-zA-Z0-9]/g, "")
        .slice(-6)
        .toLowerCase()}`;
      name = `${name.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    }
    taken.add(name);
    names.set(w.id, name);
  }
  return names;
}

/** The output schema from the succeed states: the one declared (all that declare one must agree), else none. */
export function outputSchemaOf(definition: WorkflowDefinition): InputSchema | undefined {
  const declared = Object.values(definition.states).flatMap((s) =>
    s.type === "succeed" && s.outputSchema ? [s.outputSchema] : [],
  );
  const first = declared[0];
  if (!first) return undefined;
  const same = declared.every((s) => JSON.stringify(s) === JSON.stringify(first));
  return same ? first : undefined;
}

export interface ToolHints {
  readOnlyHint?: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint?: boolean;
}

/**
 * Annotations of the workflow as a tool, from the MCP tools its steps call (compensations included): read-only only
 * when every call is to a read-only tool; destructive when any call is to a tool that says it is destructive (a tool
 * that says nothing counts as destructive, as the MCP specification's default). A workflow without tool calls changes
 * nothing outside Switchyard but still starts a run, so it is not read-only.
 */
export function workflowAnnotations(
  definition: WorkflowDefinition,
  hintsOf: (server: string, tool: string) => ToolHints | undefined,
): { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean } {
  const calls: { server: string; tool: string }[] = [];
  for (const state of Object.values(definition.states)) {
    if (state.type !== "tool") continue;
    calls.push({ server: state.server, tool: state.tool });
    if (state.compensate) calls.push({ server: state.compensate.server, tool: state.compensate.tool });
  }
  const hints = calls.map((c) => hintsOf(c.server, c.tool) ?? {});
  const readOnly = hints.length > 0 && hints.every((h) => h.readOnlyHint === true);
  const destructive = !readOnly && hints.some((h) => h.readOnlyHint !== true && h.destructiveHint !== false);
  return {
    readOnlyHint: readOnly,
    destructiveHint: destructive,
    // A call with the same idempotency key returns the same run.
    idempotentHint: true,
    openWorldHint: hints.some((h) => h.openWorldHint !== false),
  };
}
