/**
 * For the /mcp integration tests: a real SQLite database in accounts mode, an admin and a viewer with API tokens,
 * offered workflows (a quick one with an output schema, one that waits for a person, one asking its caller, one not
 * offered), and the real endpoint on a real HTTP server (the one `npm run worker` serves).
 */
import { randomBytes } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "./databases";
import { createWorkflow, publishWorkflow } from "../services/workflows/workflows";
import { setMcpTool } from "../services/mcp-server/mcp-tools";
import { createUser } from "../auth/users";
import { createApiToken } from "../auth/api-tokens";
import { createAppContext } from "../context";
import { stopEngine } from "../services/host/app-engine";
import { resetEnv } from "../env";
import { startMcpNodeServer, type McpNodeServer } from "../api/mcp-node-server";
import type { Actor } from "../auth/actor";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

export const QUICK: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Greet customer",
  description: "Greets a customer by name.",
  input: { type: "object", properties: { name: { type: "string", title: "Name" } }, required: ["name"] },
  startAt: "done",
  states: {
    done: {
      type: "succeed",
      output: { greeting: "{% 'Hello ' & $input.name %}" },
      outputSchema: { type: "object", properties: { greeting: { type: "string" } }, required: ["greeting"] },
    },
  },
};

export const APPROVAL: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Approve refund",
  input: { type: "object", properties: { amount: { type: "number" } }, required: ["amount"] },
  startAt: "approve",
  states: {
    approve: {
      type: "human",
      title: "Approve the refund?",
      options: [
        { id: "yes", label: "Approve", next: "done" },
        { id: "no", label: "Reject", next: "rejected" },
      ],
    },
    done: { type: "succeed", output: { approved: true } },
    rejected: { type: "fail", error: "rejected", message: "The refund was rejected" },
  },
};

export const ASK_CALLER: WorkflowDefinition = {
  ...APPROVAL,
  name: "Confirm with caller",
  states: {
    ...APPROVAL.states,
    approve: { ...(APPROVAL.states.approve as object), askCaller: true } as WorkflowDefinition["states"][string],
  },
};

/** Two steps a second apart, so the call sees progress. */
export const SLOW: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Slow greeting",
  startAt: "pause",
  states: {
    pause: { type: "wait", seconds: 1, next: "done" },
    done: { type: "succeed", output: { greeting: "Hello, eventually" } },
  },
};

export const HIDDEN: WorkflowDefinition = { ...QUICK, name: "Internal only" };

export interface McpTestEnv {
  t: TestDatabase;
  server: McpNodeServer;
  /** SWITCHYARD_SECRET_KEY of this test (another process serving /mcp needs the same one). */
  secretKey: string;
  adminToken: string;
  viewerToken: string;
  runnerToken: string;
  workflows: { quick: string; approval: string; askCaller: string; slow: string; hidden: string };
  dispose(): Promise<void>;
}

const ENV_KEYS = ["DATABASE_URL", "SWITCHYARD_SECRET_KEY", "SWITCHYARD_AUTH", "SWITCHYARD_MCP_WAIT_SECONDS"] as const;

export async function setUpMcpTest(provider: "sqlite" | "postgresql" = "sqlite"): Promise<McpTestEnv> {
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  const t = await createTestDatabase(provider);
  process.env.DATABASE_URL = t.url;
  const secretKey = randomBytes(32).toString("base64");
  process.env.SWITCHYARD_SECRET_KEY = secretKey;
  process.env.SWITCHYARD_AUTH = "accounts";
  resetEnv();
  const tokenFor = async (role: "admin" | "viewer" | "designer", email: string) => {
    const user = await createUser(t.db, { email, name: `${role} person`, role, groups: [], password: "correct horse battery" });
    const actor: Actor = { kind: "session", userId: user.id, name: user.name, email: user.email, role, groups: [] };
    return (await createApiToken(t.db, actor, { name: `${role} token`, role })).token;
  };
  const adminToken = await tokenFor("admin", "admin@example.com");
  const viewerToken = await tokenFor("viewer", "viewer@example.com");
  const runnerToken = await tokenFor("designer", "designer@example.com");
  const publish = async (definition: WorkflowDefinition, offered: boolean) => {
    const { id } = await createWorkflow(t.db, { name: definition.name, definition });
    await publishWorkflow(t.db, { id });
    if (offered) await setMcpTool(t.db, { id, offered: true });
    return id;
  };
  const workflows = {
    quick: await publish(QUICK, true),
    approval: await publish(APPROVAL, true),
    askCaller: await publish(ASK_CALLER, true),
    slow: await publish(SLOW, true),
    hidden: await publish(HIDDEN, false),
  };
  const server = await startMcpNodeServer(
    () => {
      const { http: _http, ...base } = createAppContext();
      return base;
    },
    { port: 0, host: "127.0.0.1" },
  );
  return {
    t,
    server,
    secretKey,
    adminToken,
    viewerToken,
    runnerToken,
    workflows,
    async dispose() {
      await server.close();
      await stopEngine();
      await t.dispose();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      resetEnv();
    },
  };
}
