/**
 * The fixture worlds a test file opens (and the fidelity fixture over Streamable HTTP it starts), disposed after each
 * test; and the steps those tests repeat: start a run of the world's workflow, wait for a server's question to it.
 */
import { afterEach } from "vitest";
import type { DemoWorld } from "./demo-setup";
import { fixtureWorld } from "./fixture-world";
import { until } from "./until";
import { startRun } from "../services/runs/runs";
import { startFidelityHttp, type HttpFixture } from "../mcp/testing";
import type { McpServerConfig } from "@/lib/mcp/server-config";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

export function fixtureWorlds() {
  let world: DemoWorld | null = null;
  let fixture: HttpFixture | null = null;
  afterEach(async () => {
    await world?.dispose();
    await fixture?.kill();
    world = fixture = null;
  });
  return {
    /** A world with `config` as its one server, "fixture", and `definition` published. */
    open: async (config: McpServerConfig, definition: WorkflowDefinition) => (world = await fixtureWorld(config, definition)),
    /** The fidelity fixture as a real process over Streamable HTTP. */
    fidelityHttp: async (): Promise<McpServerConfig> => {
      fixture = await startFidelityHttp();
      return { transport: "http", url: fixture.url, headers: {} };
    },
  };
}

/** Starts a run of the world's workflow; answers its id. */
export async function startFixtureRun(w: DemoWorld, input: Record<string, unknown> = {}): Promise<string> {
  return (await startRun(w.t.db, w.engine, { workflowId: w.workflowId, input })).runId;
}

/** The run's open question from an MCP server (its inbox item), once the engine has filed it. */
export function openRequestOf(w: DemoWorld, runId: string, what: string) {
  return until(() => w.t.db.escalation.findFirst({ where: { runId, reason: "mcp_request", status: "open" } }), what, 60_000);
}
