/**
 * Templates to start a workflow from: the example workflows shipped in examples/workflows (the demo ones). Read once
 * per process; a file that does not validate is left out (the validator's tests keep the shipped ones valid).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { validateDefinition, type WorkflowDefinition } from "@/lib/workflow";
import { notFound } from "@/lib/errors";

export interface Template {
  id: string;
  name: string;
  description: string;
  steps: number;
  definition: WorkflowDefinition;
}

let cache: Template[] | null = null;

export function loadTemplates(dir = path.join(process.cwd(), "examples", "workflows")): Template[] {
  const out: Template[] = [];
  for (const file of jsonFiles(dir)) {
    // Read at run time from a folder named by a variable: not something for the bundler to trace (it would trace the
    // whole project into the build output).
    const text = readFileSync(path.join(/* turbopackIgnore: true */ dir, file), "utf8");
    const { definition } = validateDefinition(JSON.parse(text) as unknown);
    if (!definition) continue;
    const id = file.replace(/\.json$/, "");
    const steps = Object.keys(definition.states).length;
    out.push({ id, name: definition.name, description: definition.description ?? "", steps, definition });
  }
  return out;
}

function jsonFiles(dir: string): string[] {
  try {
    return readdirSync(/* turbopackIgnore: true */ dir)
      .filter((f) => f.endsWith(".json"))
      .sort();
  } catch {
    return []; // Not shipped with this installation.
  }
}

export function templates(): Template[] {
  cache ??= loadTemplates();
  return cache;
}

export function templateDefinition(id: string): WorkflowDefinition {
  const found = templates().find((t) => t.id === id);
  if (!found) throw notFound(`Template ${id}`);
  return found.definition;
}
