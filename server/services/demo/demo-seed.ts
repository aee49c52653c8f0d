/**
 * Demo content, seeded once on first start (remembered in AppSetting, so a
 * user who deletes the demo does not get it back on the next start).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "../../db/client";
import { createWorkflow, publishWorkflow } from "../workflows/workflows";
import { validateDefinition } from "@/lib/workflow";
import { createServer } from "../servers/servers";
import { setHonoursKeys } from "../servers/idempotency-settings";
import type { SecretBox } from "../../security/secrets";
import { McpConnectionManager } from "../../mcp/manager";
import { registerDemoModel } from "./demo-model";

const SEEDED_KEY = "demo.seededAt";

/** The support-desk demo MCP servers (examples/mcp-servers), run over stdio. */
export const DEMO_SERVERS = [
  { name: "crm", title: "Customer CRM", description: "Customers, their addresses and contact history." },
  {
    name: "orders",
    title: "Order system",
    description: "Orders, shipping addresses, refunds and their reversal. Refunds above 1,000 ask finance to approve.",
    // The server asks a person (MCP elicitation, shown in the inbox) before refunding more than this.
    env: { DEMO_REFUND_CONFIRM_ABOVE: "1000" },
  },
  { name: "docs", title: "Resolution docs", description: "The support team's resolution procedures." },
  { name: "ticketing", title: "Ticketing", description: "Support tickets." },
  { name: "email", title: "Email", description: "Sends email to customers (kept in an outbox)." },
] as const;

/** The demo servers whose writing tools deduplicate by idempotency key (examples/mcp-servers/shared/idempotency.ts). */
export const DEMO_SERVERS_HONOURING_KEYS = ["orders", "ticketing", "email"] as const;

export interface SeedOptions {
  box: SecretBox;
  dataDir: string;
  root?: string;
}

export async function seedDemo(db: Db, options: SeedOptions): Promise<{ seeded: boolean }> {
  const root = options.root ?? process.cwd();
  const marker = await db.appSetting.findUnique({ where: { key: SEEDED_KEY } });
  if (marker) return { seeded: false };
  await registerDemoServers(db, options.box, path.resolve(options.dataDir, "demo-servers"));
  await registerDemoModel(db, options.box, root);
  for (const file of DEMO_WORKFLOWS) await publishDemoWorkflow(db, path.join(root, "examples", "workflows", file));
  await db.appSetting.create({ data: { key: SEEDED_KEY, value: new Date().toISOString() } });
  return { seeded: true };
}

/** The support escalation demo, and the AI triage demo (an agent step on the scripted demo model). */
export const DEMO_WORKFLOWS = ["support-escalation.json", "support-triage-agent.json"] as const;

async function publishDemoWorkflow(db: Db, file: string): Promise<void> {
  const { definition, problems } = validateDefinition(JSON.parse(readFileSync(file, "utf8")));
  if (!definition) throw new Error(`The demo workflow ${file} is invalid: ${problems.map((p) => p.message).join("; ")}`);
  const { id } = await createWorkflow(db, { name: definition.name, description: definition.description, definition });
  await publishWorkflow(db, { id, notes: "The demo workflow, as shipped." });
}

async function registerDemoServers(db: Db, box: SecretBox, stateDir: string): Promise<void> {
  // Registration only writes rows; no connection is made (the pool is a throwaway).
  const pool = new McpConnectionManager({ resolve: () => Promise.resolve(null) });
  for (const { env, ...server } of DEMO_SERVERS.map((s) => ({ env: {}, ...s }))) {
    if (await db.mcpServer.findUnique({ where: { name: server.name } })) continue;
    await createServer(
      { db, box, pool },
      {
        ...server,
        config: {
          transport: "stdio",
          command: "node",
          args: ["--import", "tsx", `examples/mcp-servers/${server.name}.ts`],
          env: { ...env, DEMO_STATE_DIR: stateDir },
        },
      },
    );
    if ((DEMO_SERVERS_HONOURING_KEYS as readonly string[]).includes(server.name))
      await setHonoursKeys(db, { server: server.name, honours: true });
  }
}
