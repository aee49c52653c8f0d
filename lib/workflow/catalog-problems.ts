/**
 * Problems only the designer can see, because they depend on the connected
 * servers: a step whose server or tool is gone, whose tool changed since the
 * last published version, or which misses an input the tool requires.
 */
import type { CatalogServer, CatalogTool } from "../mcp/catalog";
import { problem, type Problem } from "./problems";
import { allEdges } from "./graph";
import { loopProblems } from "./validate-references";

type Loose = Record<string, unknown>;

function asRecord(v: unknown): Loose | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Loose) : undefined;
}

function checkCall(
  call: Loose,
  path: (string | number)[],
  servers: ReadonlyMap<string, CatalogServer>,
  publishedAt: Date | null,
): Problem[] {
  const serverName = call.server;
  const toolName = call.tool;
  if (typeof serverName !== "string" || serverName === "" || typeof toolName !== "string" || toolName === "") return [];
  const server = servers.get(serverName);
  if (!server) {
    return [
      problem(
        [...path, "server"],
        "server_missing",
        `No MCP server named "${serverName}" is registered: add it on the Servers page or choose another tool`,
        "warning",
      ),
    ];
  }
  if (!server.enabled)
    return [
      problem(
        [...path, "server"],
        "server_disabled",
        `The server "${serverName}" is disabled: runs will fail at this step until it is enabled`,
        "warning",
      ),
    ];
  const tool = server.tools.find((t) => t.name === toolName);
  if (!tool && server.tools.length === 0) {
    const why = server.status === "error" ? "could not be reached at its last check" : "has not been checked yet";
    return [
      problem(
        [...path, "tool"],
        "tools_unknown",
        `"${server.title || serverName}" ${why}, so its tools are unknown: check it on the Servers page`,
        "warning",
      ),
    ];
  }
  if (!tool) {
    return [
      problem(
        [...path, "tool"],
        "tool_missing",
        `"${server.title || serverName}" no longer offers the tool "${toolName}"`,
        "warning",
      ),
    ];
  }
  const out: Problem[] = [];
  if (publishedAt && tool.changedAt && tool.changedAt > publishedAt) {
    out.push(
      problem(
        [...path, "tool"],
        "tool_changed",
        `The tool "${toolName}" changed its inputs or hints since the last published version: check this step`,
        "warning",
      ),
    );
  }
  out.push(...missingInputs(tool, asRecord(call.input) ?? {}, [...path, "input"]));
  return out;
}

/**
 * A required input left out (or empty) is an error: every run would stop at this step and wait for a person, so
 * publishing is refused (here in the designer, and by the server: server/services/workflows/workflows.ts).
 */
function missingInputs(tool: Pick<CatalogTool, "inputSchema">, input: Loose, path: (string | number)[]): Problem[] {
  const required = Array.isArray(tool.inputSchema.required) ? (tool.inputSchema.required as unknown[]) : [];
  return required
    .filter(
      (name): name is string =>
        typeof name === "string" && (input[name] === undefined || input[name] === "" || input[name] === null),
    )
    .map((name) => problem([...path, name], "input_missing", `The tool needs "${name}": fill it in`));
}

/** Branches and item bodies nest at most this deep in what is checked (the validator bounds the nesting). */
const MAX_NESTING = 10;

/**
 * Every tool step of a definition with its path: top-level steps, and the steps inside parallel branches and map item
 * bodies (nested ones too), e.g. ["states", "lookup", "branches", "customer", "states", "call"].
 */
export function toolSteps(doc: unknown): { state: Loose; path: (string | number)[] }[] {
  const out: { state: Loose; path: (string | number)[] }[] = [];
  const walk = (states: Loose, base: (string | number)[], depth: number) => {
    for (const [id, raw] of Object.entries(states)) {
      const state = asRecord(raw);
      if (!state) continue;
      const path = [...base, "states", id];
      if (state.type === "tool") out.push({ state, path });
      if (depth >= MAX_NESTING) continue;
      if (state.type === "parallel")
        for (const [name, m] of Object.entries(asRecord(state.branches) ?? {}))
          walk(asRecord(asRecord(m)?.states) ?? {}, [...path, "branches", name], depth + 1);
      if (state.type === "map") walk(asRecord(asRecord(state.itemBody)?.states) ?? {}, [...path, "itemBody"], depth + 1);
    }
  };
  walk(asRecord(asRecord(doc)?.states) ?? {}, [], 0);
  return out;
}

/** The missing required inputs of every tool call (steps and their undo), given the known tools' input schemas. */
export function requiredInputProblems(
  doc: unknown,
  tools: readonly { server: string; name: string; inputSchema: unknown }[],
): Problem[] {
  const byKey = new Map(tools.map((t) => [`${t.server}\u0000${t.name}`, asRecord(t.inputSchema) ?? {}]));
  const out: Problem[] = [];
  const check = (call: Loose | undefined, path: (string | number)[]) => {
    const schema = call ? byKey.get(`${String(call.server)}\u0000${String(call.tool)}`) : undefined;
    if (call && schema) out.push(...missingInputs({ inputSchema: schema }, asRecord(call.input) ?? {}, [...path, "input"]));
  };
  for (const { state, path } of toolSteps(doc)) {
    check(state, path);
    check(asRecord(state.compensate), [...path, "compensate"]);
  }
  return out;
}

export function catalogProblems(doc: unknown, catalog: readonly CatalogServer[], publishedAt: Date | null): Problem[] {
  const servers = new Map(catalog.map((s) => [s.name, s]));
  const states = asRecord(asRecord(doc)?.states) ?? {};
  const out: Problem[] = [];
  // Steps inside branches and item bodies too: their problems belong to their parallel or map step.
  for (const { state, path } of toolSteps(doc)) {
    out.push(...checkCall(state, path, servers, publishedAt));
    const undo = asRecord(state.compensate);
    if (undo) out.push(...checkCall(undo, [...path, "compensate"], servers, publishedAt));
  }
  // A loop back to a step whose tool is neither idempotent nor read-only (the step not saying otherwise).
  const annotated = (s: Loose) => {
    if (s.idempotent !== undefined) return false; // the pure validator judges explicit overrides
    const tool = findTool(catalog, s.server, s.tool);
    return tool !== undefined && tool.annotations.idempotentHint !== true && tool.annotations.readOnlyHint !== true;
  };
  out.push(...loopProblems(states, allEdges(states), annotated));
  return out;
}

export function findTool(catalog: readonly CatalogServer[], server: unknown, tool: unknown): CatalogTool | undefined {
  return catalog.find((s) => s.name === server)?.tools.find((t) => t.name === tool);
}
