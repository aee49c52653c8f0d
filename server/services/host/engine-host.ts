/**
 * Wires the executor runtime to this process: the run store for the database
 * URL (driver hot path + Prisma cold paths, server/db/run-stores.ts), the MCP
 * connection pool (calls carry the idempotency key in request _meta), the
 * tool catalog's annotations, and real time and ids.
 */
import type { SecretBox } from "../../security/secrets";
import { createModelPort } from "../agents/model-port";
import { dbModelResolver } from "../agents/model-providers";
import type { ModelPort } from "../../engine/runtime/agent-ports";
import { Engine } from "../../engine/runtime/engine";
import type { BreakerSource } from "../../engine/runtime/calls";
import type { Clock, ToolPort } from "../../engine/runtime/ports";
import type { Db } from "../../db/client";
import { createRunStore, type RunStoreSettings } from "../../db/run-stores";
import { PrismaEventStore } from "../../db/event-store";
import { PrismaLockStore } from "../../db/lock-store";
import { PrismaSharedStore } from "../../db/shared-store";
import { PrismaCallSlots } from "../../db/call-slots";
import { RunMessages } from "../../db/run-messages";
import { applyMessages } from "../runs/run-control";
import { providerOf } from "../../db/config";
import { TriggerRunner } from "../coordination/trigger-runner";
import type { McpConnectionManager } from "../../mcp/manager";
import { IDEMPOTENCY_META_KEY } from "../../mcp/types";
import { resultValue } from "../runs/tool-result";
import { newId } from "../../util/ids";
import { deskFor } from "../inbox/elicitation-desk";
import { honoursKeysSource } from "../servers/idempotency-settings";
import { breakerSource } from "../servers/breaker-settings";
import { prismaBlobPort } from "../runs/run-blobs";
import { prismaChildRunPort } from "../runs/child-run-port";
import { randomInt } from "node:crypto";
import { hostname } from "node:os";
import { engineObservers } from "../../observability/engine-observers";
import { builtinDeps } from "../notify/builtin-deps";
import { withBuiltinTools } from "../notify/builtin-tools";

export const systemClock: Clock = {
  now: () => Date.now(),
  newId: (prefix) => newId(prefix),
  random: () => randomInt(0, 2 ** 32) / 2 ** 32,
};

/** Tool calls through the pool; while one is in flight, a question its server asks (elicitation) goes to the inbox. */
export function mcpToolPort(db: Db, pool: McpConnectionManager, workerId = "unknown"): ToolPort {
  const desk = deskFor(pool);
  const port: ToolPort = {
    async call(server, tool, args, opts) {
      const { idempotencyKey, timeoutMs, signal } = opts;
      const untrack = desk?.track({ server, tool, idempotencyKey, workerId, timeoutMs, signal });
      try {
        const result = await pool.callTool(server, tool, args, {
          timeoutMs: opts.timeoutMs,
          signal: opts.signal,
          meta: { [IDEMPOTENCY_META_KEY]: opts.idempotencyKey },
          beforeSend: opts.beforeSend,
          onTask: opts.onTask,
          resumeTask: opts.resumeTask,
          validateOutput: opts.validateOutput,
          onLog: opts.onLog,
          // Asks for progress: each notification starts the step's time limit again (up to 10 × it, at most 1 h), and
          // the live views show it.
          onProgress: opts.onProgress ?? (() => undefined),
          onTaskStatus: opts.onTaskStatus,
          // The server restarted and lost the session before processing the call: idempotent tools are sent again.
          resendOnNewSession: async () => {
            const a = await port.annotations(server, tool);
            return a.idempotent || a.readOnly;
          },
        });
        return { result: resultValue(result), latencyMs: result.latencyMs };
      } finally {
        untrack?.();
      }
    },
    async annotations(server, tool) {
      const row = await db.mcpTool.findFirst({ where: { name: tool, server: { name: server } }, select: { annotations: true } });
      const a = (row?.annotations ?? {}) as { idempotentHint?: boolean; readOnlyHint?: boolean };
      return { idempotent: a.idempotentHint === true, readOnly: a.readOnlyHint === true };
    },
  };
  return port;
}

export interface EngineSettings {
  /** The DATABASE_URL of `db`: the run store talks to the same database through its driver. */
  url: string;
  clock?: Clock | undefined;
  pollMs?: number | undefined;
  /** Several engines share the database (PostgreSQL): runs of dead engines are taken over when their lease expires. */
  shared?: boolean | undefined;
  leaseMs?: number | undefined;
  /** One config for every server, or a source of per-server configs; the Servers page's settings by default. */
  breaker?: BreakerSource | undefined;
  store?: Omit<RunStoreSettings, "now"> | undefined;
  /** Step results larger than this (bytes of JSON) are stored apart (RunBlob); 64 KB by default. */
  resultBudgetBytes?: number | undefined;
  /** A map's collected results may be this large (bytes of JSON); 8 MB by default. */
  maxMapResultsBytes?: number | undefined;
  /** Logs, metrics, breaker history and traces of the engine (default on; the benchmark measures both). */
  observability?: boolean | undefined;
  /** Model calls of agent steps (server/services/agents/model-port.ts); by default over the providers table, given the secret box. */
  models?: ModelPort | undefined;
  /** Decrypts model providers' API keys (server/security). */
  box?: SecretBox | undefined;
}

export function createEngine(db: Db, pool: McpConnectionManager, settings: EngineSettings): Engine {
  const clock = settings.clock ?? systemClock;
  const workerId = `${hostname()}:${process.pid}:${newId("w").slice(-6)}`;
  const postgres = providerOf(settings.url) === "postgresql";
  const engine = new Engine({
    store: createRunStore(db, settings.url, { ...settings.store, now: () => clock.now() }),
    // Switchyard's own tools ("Notify a person") in front of the MCP servers (server/services/notify).
    tools: withBuiltinTools(mcpToolPort(db, pool, workerId), builtinDeps(db, settings.box)),
    clock,
    pollMs: settings.pollMs,
    shared: settings.shared,
    leaseMs: settings.leaseMs,
    // Thresholds set per server on the Servers page, unless the caller (a test, the benchmark) fixes one for all.
    breaker: settings.breaker ?? breakerSource(db),
    blobs: prismaBlobPort(db),
    ...(settings.resultBudgetBytes ? { resultBudgetBytes: settings.resultBudgetBytes } : {}),
    workerId,
    observer: settings.observability === false ? undefined : engineObservers(db, workerId),
    events: new PrismaEventStore(db, postgres),
    locks: new PrismaLockStore(db),
    sharedValues: new PrismaSharedStore(db),
    callSlots: new PrismaCallSlots(db),
    ...(settings.models
      ? { models: settings.models }
      : settings.box
        ? { models: createModelPort(db, dbModelResolver(db, settings.box)) }
        : {}),
    honoursKeys: honoursKeysSource(db),
    childRuns: prismaChildRunPort(db),
    ...(settings.maxMapResultsBytes ? { maxMapResultsBytes: settings.maxMapResultsBytes } : {}),
  });
  const triggers = new TriggerRunner(db, {
    now: () => clock.now(),
    // The run store tells the other engines of queued runs (PostgreSQL NOTIFY after the commit).
    enqueue: (run, firing) => engine.enqueueFiring(run, firing),
    started: () => engine.wake(),
    log: (err) => console.error(`[triggers] ${err instanceof Error ? err.message : String(err)}`),
  });
  engine.addPollTask(() => triggers.poll());
  // Decisions sent by processes without an executor (SWITCHYARD_ENGINE=off), applied here.
  engine.addPollTask(
    applyMessages(
      engine,
      new RunMessages(db, settings.url),
      () => settings.leaseMs ?? 10_000,
      () => clock.now(),
    ),
  );
  return engine;
}
