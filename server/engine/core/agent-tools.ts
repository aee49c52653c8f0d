/**
 * The names the model sees for an agent step's tools ("server__tool", only the
 * characters providers accept, at most 64) and the parsing of its final answer.
 */
import { checkValue, type InputSchema } from "@/lib/workflow/input-schema";
import type { AgentToolRef } from "@/lib/workflow/schema";
import type { AgentToolSpec } from "./agent-types";
import { BUILTIN_SERVER, BUILTIN_TOOLS } from "@/lib/agent/stored-results";

/** The tools offered: the state's, plus the built-in readers of stored results once a result was stored apart. */
export function offeredSpecs(
  tools: readonly AgentToolRef[],
  stored: Readonly<Record<string, unknown>> | undefined,
): AgentToolSpec[] {
  const specs = agentToolSpecs(tools);
  if (!stored || Object.keys(stored).length === 0) return specs;
  return [...specs, ...BUILTIN_TOOLS.map((b) => ({ name: b.name, server: BUILTIN_SERVER, tool: b.tool }))];
}

export function agentToolSpecs(tools: readonly AgentToolRef[]): AgentToolSpec[] {
  const taken = new Set<string>();
  return tools.map(({ server, tool }) => {
    const base = `${server}__${tool}`.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 60);
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return { name, server, tool };
  });
}

export type ParsedAnswer = { ok: true; value: Record<string, unknown> } | { ok: false; problems: string[] };

/** The final answer as the structured result: a JSON object (a fenced code block is accepted) that matches the schema. */
export function parseStructuredAnswer(text: string, schema: InputSchema): ParsedAnswer {
  const body = unfence(text.trim());
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, problems: ["The answer is not JSON: answer with only a JSON object, no other text"] };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, problems: ["The answer must be a JSON object"] };
  }
  const problems = checkValue(schema, value).map((p) => `${p.path.length > 0 ? p.path.join(".") : "(answer)"}: ${p.message}`);
  return problems.length > 0
    ? { ok: false, problems: problems.slice(0, 20) }
    : { ok: true, value: value as Record<string, unknown> };
}

function unfence(text: string): string {
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(text);
  return fenced ? fenced[1]!.trim() : text;
}

/** What the model is told about the answer's shape. */
export function outputInstructions(schema: InputSchema): string {
  return (
    "When you have finished, answer with only a JSON object (no other text) that matches this JSON Schema:\n" +
    JSON.stringify(schema)
  );
}
