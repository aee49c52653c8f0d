/**
 * A small walker over the sequential support workflow (examples/test-fixtures) for the
 * tests: it runs the workflow's states against the demo servers with the
 * workflow's own JSONata expressions, so tool names, argument names and
 * result fields are checked against the real definition. Tool calls carry an
 * idempotency key per run and state, like the Switchyard executor's.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import jsonata from "jsonata";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { structured, type DemoServerName } from "./testing";
import { IDEMPOTENCY_KEY_META } from "./tools";

export interface WorkflowState {
  type: "tool" | "choice" | "human" | "succeed" | "fail";
  server?: DemoServerName;
  tool?: string;
  input?: Record<string, unknown>;
  assign?: Record<string, string>;
  next?: string;
  choices?: { when: string; next: string }[];
  default?: string;
  options?: { id: string; next: string }[];
  output?: Record<string, unknown>;
  compensate?: { server: DemoServerName; tool: string; input: Record<string, unknown> };
}
const workflowFile = path.join(import.meta.dirname, "..", "..", "test-fixtures", "support-escalation-sequential.json");
export const workflow = JSON.parse(readFileSync(workflowFile, "utf8")) as {
  startAt: string;
  states: Record<string, WorkflowState>;
};

/** Evaluates "{% expr %}" strings (recursively) with the variables as JSONata bindings. */
export async function evaluate(value: unknown, vars: Record<string, unknown>): Promise<unknown> {
  if (typeof value === "string") {
    const expr = /^\{%([\s\S]*)%\}$/.exec(value.trim())?.[1];
    return expr === undefined ? value : ((await jsonata(expr).evaluate({}, vars)) as unknown);
  }
  if (Array.isArray(value)) return Promise.all(value.map((v) => evaluate(v, vars)));
  if (value && typeof value === "object") {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await evaluate(v, vars)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}

/** Runs the workflow against the servers: tool calls carry an idempotency key per run and state, like the executor's. */
export async function walk(
  clients: Record<DemoServerName, Client>,
  runId: string,
  input: Record<string, string>,
  decision = "approve",
) {
  const vars: Record<string, unknown> = { input };
  const visited: string[] = [];
  let name = workflow.startAt;
  for (;;) {
    const state = workflow.states[name]!;
    visited.push(name);
    switch (state.type) {
      case "tool": {
        const args = (await evaluate(state.input, vars)) as Record<string, unknown>;
        const result = await clients[state.server!].callTool({
          name: state.tool!,
          arguments: args,
          _meta: { [IDEMPOTENCY_KEY_META]: `${runId}/${name}` },
        });
        const value = structured(result);
        for (const [v, expr] of Object.entries(state.assign ?? {})) vars[v] = await evaluate(expr, { ...vars, result: value });
        name = state.next!;
        break;
      }
      case "choice": {
        let next = state.default!;
        for (const c of state.choices ?? []) {
          if ((await evaluate(c.when, vars)) === true) {
            next = c.next;
            break;
          }
        }
        name = next;
        break;
      }
      case "human":
        name = state.options!.find((o) => o.id === decision)!.next;
        break;
      case "succeed":
      case "fail":
        return { path: visited, vars, output: await evaluate(state.output, vars) };
    }
  }
}
