/**
 * The executor of this app process (embedded mode): one Engine on globalThis,
 * since Next.js may load this module in more than one bundle.
 */
import type { Engine } from "../../engine/runtime/engine";
import type { Db } from "../../db/client";
import type { McpConnectionManager } from "../../mcp/manager";
import { createEngine } from "./engine-host";
import { getEnv } from "../../env";
import { getSecretBox } from "../../security/secrets";
import { providerOf } from "../../db/config";
import { publishRunChanges } from "../runs/run-feed";

import type { ExecutorStatus } from "../../observability/health";
import { messageControl, type RunControl } from "../runs/run-control";
import { RunMessages } from "../../db/run-messages";

const globalForEngine = globalThis as unknown as {
  switchyardEngine?: { engine: Engine; started: Promise<void>; status: ExecutorStatus };
  switchyardControl?: RunControl;
};

/**
 * What request code uses to start runs and send decisions: this process's engine, or, with SWITCHYARD_ENGINE=off,
 * queued runs and durable messages for the workers (an engine that is never started, for its stores only).
 */
export function getRunControl(db: Db, pool: McpConnectionManager): RunControl {
  const env = getEnv();
  if (env.SWITCHYARD_ENGINE !== "off") return getEngine(db, pool);
  globalForEngine.switchyardControl ??= messageControl(
    createEngine(db, pool, { url: env.DATABASE_URL, shared: true, box: getSecretBox(env) }),
    new RunMessages(db, env.DATABASE_URL),
  );
  return globalForEngine.switchyardControl;
}

export function getEngine(db: Db, pool: McpConnectionManager): Engine {
  if (!globalForEngine.switchyardEngine) {
    const env = getEnv();
    const url = env.DATABASE_URL; // the URL `db` was opened with (server/context.ts)
    const shared = providerOf(url) === "postgresql";
    const engine = createEngine(db, pool, {
      url,
      shared,
      pollMs: env.SWITCHYARD_POLL_MS,
      leaseMs: env.SWITCHYARD_LEASE_MS,
      resultBudgetBytes: env.SWITCHYARD_RESULT_BUDGET_BYTES,
      box: getSecretBox(env),
    });
    // Run pages watching a run wake up at once on this process's commits (server/services/runs/run-feed.ts).
    publishRunChanges(engine);
    const entry: { engine: Engine; started: Promise<void>; status: ExecutorStatus } = {
      engine,
      started: Promise.resolve(),
      status: "starting",
    };
    entry.started = engine.start().then(
      () => {
        entry.status = "running";
      },
      (err: unknown) => {
        entry.status = "failed";
        console.error("[engine] could not start:", err);
      },
    );
    globalForEngine.switchyardEngine = entry;
  }
  return globalForEngine.switchyardEngine.engine;
}

/** For /api/ready: whether this process's executor is running. */
export function executorStatus(): ExecutorStatus {
  if (getEnv().SWITCHYARD_ENGINE === "off") return "off";
  return globalForEngine.switchyardEngine?.status ?? "stopped";
}

export async function stopEngine(): Promise<void> {
  const current = globalForEngine.switchyardEngine;
  if (!current) return;
  globalForEngine.switchyardEngine = undefined;
  await current.engine.stop();
}
