/** Agent tests: the demo servers' tools in the catalog, and the scripted model server registered as a provider. */
import type { Scenario } from "@/examples/model-server/script";
import type { ModelServer } from "@/examples/model-server/server";
import { SecretBox } from "../security/secrets";
import { checkServer } from "../services/servers/servers";
import { createModelProvider } from "../services/agents/model-providers";
import type { AgentState, State, WorkflowDefinition } from "@/lib/workflow/schema";
import { ADA, type DemoWorld } from "./demo-setup";

export const SCRIPTED_KEY = "sk-scripted-test-key";

/** The tools offered to a model come from the catalog: on a loaded machine a first check may time out, so check again. */
export async function ensureCatalog(world: DemoWorld, servers = ["crm", "orders", "docs"]): Promise<void> {
  const box = new SecretBox(Buffer.from(world.secretKey, "base64"));
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    const failed = await world.t.db.mcpServer.findMany({
      where: { lastCheckOk: { not: true }, name: { in: servers } },
      select: { id: true },
    });
    if (failed.length === 0) return;
    await Promise.all(failed.map((s) => checkServer({ db: world.t.db, box, pool: world.pool }, s.id)));
  }
  throw new Error("The demo servers' tools could not be listed");
}

/** Registers the scripted server like any OpenAI-compatible provider named "Scripted" (its key must reach the server). */
export async function registerScripted(
  world: DemoWorld,
  server: ModelServer,
  scenarios: readonly Scenario[],
  prices: Record<string, number> = {},
  contextTokens: Record<string, number> = {},
): Promise<void> {
  await createModelProvider(world.t.db, new SecretBox(Buffer.from(world.secretKey, "base64")), {
    name: "Scripted",
    kind: "openai-compatible",
    baseUrl: server.baseUrl,
    apiKey: SCRIPTED_KEY,
    models: scenarios.map((s) => ({
      modelId: s.model,
      ...(prices[s.model] ? { inputPricePerMTok: prices[s.model] } : {}),
      ...(contextTokens[s.model] ? { contextTokens: contextTokens[s.model] } : {}),
    })),
  });
}

/** Looks the customer up, then the order and the procedures (only when the CRM really answered), then answers. */
export const TRIAGE_TURNS: Scenario["turns"] = [
  { toolCalls: [{ name: "crm__find_customer", args: { email: ADA.customerEmail } }] },
  [
    {
      ifLastMessageIncludes: "cust_001",
      toolCalls: [
        { name: "orders__get_order", args: { orderId: "ORD-1001" } },
        { name: "docs__search_procedures", args: { query: "damaged on arrival" } },
      ],
    },
    { text: "The CRM did not find the customer." },
  ],
  { text: '{"category":"damaged","priority":"high","reply":"Dear Ada, we are sorry the kettle arrived damaged."}' },
];

const OUTPUT = {
  type: "object" as const,
  properties: {
    category: { type: "string" as const },
    priority: { type: "string" as const, enum: ["low", "normal", "high"] },
    reply: { type: "string" as const },
  },
  required: ["category", "priority", "reply"],
};

export function agentWorkflow(model: string, extra: Partial<AgentState> = {}): WorkflowDefinition {
  const triage: State = {
    type: "agent",
    title: "Triage the complaint",
    instructions: "Triage the complaint of {% $input.customerEmail %}. Use the CRM, the order and the procedures.",
    input: "{% $input %}",
    model: { provider: "Scripted", model },
    tools: [
      { server: "crm", tool: "find_customer" },
      { server: "orders", tool: "get_order" },
      { server: "docs", tool: "search_procedures" },
    ],
    output: OUTPUT,
    assign: { triage: "{% $result %}", spent: "{% $agent %}" },
    catch: [{ errors: ["budget_exceeded"], next: "gaveUp", assign: { why: "{% $error.message %}" } }],
    next: "done",
    ...extra,
  };
  return {
    schemaVersion: 1,
    name: `Agent ${model}`,
    startAt: "triage",
    states: {
      triage,
      done: { type: "succeed", output: { triage: "{% $triage %}", spent: "{% $spent %}" } },
      gaveUp: { type: "succeed", output: { gaveUp: "{% $why %}" } },
    },
  };
}
