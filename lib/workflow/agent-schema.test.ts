import { describe, expect, it } from "vitest";
import { validateDefinition } from "./validate";
import { formatPath } from "./problems";
import { workflowJsonSchema } from "./json-schema";

const agent = (extra: Record<string, unknown> = {}) => ({
  type: "agent",
  instructions: "Triage {% $input.email %}",
  model: { provider: "OpenAI", model: "gpt-test" },
  tools: [{ server: "crm", tool: "find_customer" }],
  next: "done",
  ...extra,
});

function found(state: Record<string, unknown>): string[] {
  const doc = { schemaVersion: 1, name: "T", startAt: "a", states: { a: state, done: { type: "succeed" } } };
  return validateDefinition(doc).problems.map((p) => `${p.code}@${formatPath(p.path)}`);
}

describe("the agent state in the language", () => {
  it("accepts an agent with a model, tools, budgets, an output schema and a catch route", () => {
    expect(
      found(
        agent({
          budgets: {
            maxTurns: 5,
            maxToolCalls: 10,
            maxInputTokens: 50_000,
            maxOutputTokens: 5000,
            maxCostUsd: 0.5,
            maxSeconds: 60,
          },
          output: { type: "object", properties: { reply: { type: "string" } }, required: ["reply"] },
          outputAttempts: 2,
          assign: { triage: "{% $result %}" },
          catch: [{ errors: ["budget_exceeded"], next: "done" }],
        }),
      ),
    ).toEqual([]);
  });

  it.each([
    [{ instructions: "" }, "too_small@states.a.instructions"],
    [{ model: { provider: "", model: "m" } }, "too_small@states.a.model.provider"],
    [{ budgets: { maxTurns: 0 } }, "too_small@states.a.budgets.maxTurns"],
    [{ budgets: { maxCostUsd: -1 } }, "too_small@states.a.budgets.maxCostUsd"],
    [{ budgets: { tokens: 5 } }, "unknown_field@states.a.budgets.tokens"],
    [{ instructions: "Hi {% $input. %}" }, "bad_expression@states.a.instructions"],
    [
      {
        tools: [
          { server: "crm", tool: "find_customer" },
          { server: "crm", tool: "find_customer" },
        ],
      },
      "duplicate_tool@states.a.tools[1]",
    ],
    [{ outputAttempts: 2 }, "attempts_without_output@states.a.outputAttempts"],
    [{ assign: { input: "{% $result %}" } }, "invalid_variable@states.a.assign.input"],
  ])("reports %j as %s", (extra, problem) => {
    expect(found(agent(extra))).toContain(problem);
  });

  it("is part of the exported JSON Schema", () => {
    expect(JSON.stringify(workflowJsonSchema())).toContain('"agent"');
  });
});
