/** A Switchyard on a test database with one MCP server, "fixture", and one published workflow: lighter than the demo world. */
import { randomBytes } from "node:crypto";
import type { DemoWorld } from "./demo-setup";
import { createTestDatabase } from "./databases";
import { SecretBox } from "../security/secrets";
import { checkServer, createServer } from "../services/servers/servers";
import { createMcpPool } from "../services/servers/mcp-pool";
import { createWorkflow, publishWorkflow } from "../services/workflows/workflows";
import { createEngine, type EngineSettings } from "../services/host/engine-host";
import type { McpServerConfig } from "@/lib/mcp/server-config";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

export async function fixtureWorld(
  config: McpServerConfig,
  definition: WorkflowDefinition,
  settings: Partial<EngineSettings> = {},
  opts: { startEngine?: boolean } = {},
): Promise<DemoWorld> {
  const t = await createTestDatabase("sqlite");
  const key = randomBytes(32);
  const box = new SecretBox(key);
  const pool = createMcpPool(t.db, box);
  const { id } = await createServer({ db: t.db, box, pool }, { name: "fixture", config });
  await checkServer({ db: t.db, box, pool }, id);
  const { id: workflowId } = await createWorkflow(t.db, { name: definition.name, definition });
  await publishWorkflow(t.db, { id: workflowId });
  const engine = createEngine(t.db, pool, { url: t.url, pollMs: 50, box, ...settings });
  if (opts.startEngine !== false) await engine.start();
  return {
    t,
    pool,
    engine,
    secretKey: key.toString("base64"),
    stateDir: "",
    workflowId,
    async dispose() {
      await engine.stop();
      await pool.closeAll();
      await t.dispose();
    },
  };
}
