/**
 * A whole Switchyard on a test database: the demo MCP servers registered
 * (real processes over stdio, with their own state directory and optional
 * fault injection), the demo workflow published, and an engine.
 */
import { setHonoursKeys } from "../services/servers/idempotency-settings";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "./databases";
import { demoServerBundle } from "@/examples/mcp-servers/shared/bundles";
import { SecretBox } from "../security/secrets";
import { createMcpPool } from "../services/servers/mcp-pool";
import { checkServer, createServer } from "../services/servers/servers";
import { createWorkflow, publishWorkflow } from "../services/workflows/workflows";
import { createEngine, systemClock } from "../services/host/engine-host";
import type { Engine } from "../engine/runtime/engine";
import type { McpConnectionManager } from "../mcp/manager";
import type { Clock } from "../engine/runtime/ports";
import type { BreakerSource } from "../engine/runtime/calls";
import { DEMO_SERVERS } from "../services/demo/demo-seed";
import type { State, WorkflowDefinition } from "@/lib/workflow/schema";
import { FINAL_STATUSES, type RunStatus } from "../engine/core/types";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const DEMO_WORKFLOW = JSON.parse(
  readFileSync(path.join(ROOT, "examples/test-fixtures/support-escalation-sequential.json"), "utf8"),
) as WorkflowDefinition;

export interface DemoWorld {
  t: TestDatabase;
  pool: McpConnectionManager;
  engine: Engine;
  /** base64 of the secret key, for worker processes (SWITCHYARD_SECRET_KEY). */
  secretKey: string;
  stateDir: string;
  workflowId: string;
  dispose(): Promise<void>;
}

/** No jitter: retries happen at once, so tests of retry paths stay fast. */
export const instantClock: Clock = { ...systemClock, random: () => 0 };

export async function demoWorld(
  provider: "sqlite" | "postgresql",
  opts: {
    faults?: Partial<Record<string, Record<string, string>>>;
    definition?: WorkflowDefinition;
    clock?: Clock;
    startEngine?: boolean;
    breaker?: BreakerSource;
    resultBudgetBytes?: number;
    maxMapResultsBytes?: number;
    /** Servers set to honour idempotency keys (Servers page); none by default. */
    honoursKeys?: string[];
    /**
     * The demo servers to register and start (all five by default). A test whose workflows call only the CRM, or no
     * tool at all, names just those: each server is a process, its handshake and its catalog check.
     */
    servers?: readonly string[];
  } = {},
): Promise<DemoWorld> {
  const t = await createTestDatabase(provider);
  const key = randomBytes(32);
  const box = new SecretBox(key);
  const pool = createMcpPool(t.db, box);
  const stateDir = mkdtempSync(path.join(tmpdir(), "demo-state-"));
  const ids: string[] = [];
  const wanted = DEMO_SERVERS.filter((s) => !opts.servers || opts.servers.includes(s.name));
  for (const { env, ...server } of wanted.map((s) => ({ env: {}, ...s }))) {
    const { id } = await createServer(
      { db: t.db, box, pool },
      {
        ...server,
        config: {
          transport: "stdio",
          command: process.execPath,
          args: [await demoServerBundle(server.name)],
          env: { ...env, DEMO_STATE_DIR: stateDir, ...(opts.faults?.[server.name] ?? {}) },
          cwd: ROOT,
        },
      },
    );
    ids.push(id);
  }
  for (const server of opts.honoursKeys ?? []) await setHonoursKeys(t.db, { server, honours: true });
  // The tool catalog (annotations decide idempotency); the servers start in parallel.
  // A server slow to start on a loaded machine fails its check (MCP handshake within 15 s): check it again, or its
  // tools' hints (read-only, idempotent) stay unknown to the engine.
  await Promise.all(
    ids.map(async (id) => {
      for (let tries = 0; tries < 3; tries++) if ((await checkServer({ db: t.db, box, pool }, id)).result.ok) return;
    }),
  );

  const definition = opts.definition ?? DEMO_WORKFLOW;
  const { id: workflowId } = await createWorkflow(t.db, { name: definition.name, definition });
  await publishWorkflow(t.db, { id: workflowId });
  const engine = createEngine(t.db, pool, {
    url: t.url,
    clock: opts.clock ?? instantClock,
    pollMs: 50,
    shared: provider === "postgresql",
    breaker: opts.breaker,
    resultBudgetBytes: opts.resultBudgetBytes,
    maxMapResultsBytes: opts.maxMapResultsBytes,
    box,
  });
  if (opts.startEngine !== false) await engine.start();
  return {
    t,
    pool,
    engine,
    secretKey: key.toString("base64"),
    stateDir,
    workflowId,
    async dispose() {
      await engine.stop();
      await pool.closeAll();
      await t.dispose();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until the run is final or waits on a person; returns its row. The deadline is a safety net for a better message
 * than the test's own time limit (120 s), not a measure: on 2 loaded cores a few steps of the demo workflow took 30 s.
 */
export async function settle(
  world: DemoWorld,
  runId: string,
  timeoutMs = 90_000,
  until: (status: string) => boolean = isSettled,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await world.t.db.run.findUniqueOrThrow({ where: { id: runId } });
    if (until(run.status)) return run;
    if (Date.now() > deadline)
      throw new Error(`Run ${runId} still ${run.status} at ${run.currentState ?? "?"} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function isSettled(status: string): boolean {
  return FINAL_STATUSES.includes(status as RunStatus) || status === "waiting";
}

export const ADA = { customerEmail: "ada.lovelace@example.com", orderId: "ORD-1001", issue: "The kettle arrived damaged" };
export const GRACE = { customerEmail: "grace.hopper@example.com", orderId: "ORD-1002", issue: "My order never arrived" };

/**
 * The demo workflow with every call's time limit at least a minute (the demo's are 10 s): for tests that count how
 * often each step ran, which a loaded machine must not turn into a timed-out call and its retry.
 */
export function patientDemo(): WorkflowDefinition {
  const states: WorkflowDefinition["states"] = Object.fromEntries(
    Object.entries(DEMO_WORKFLOW.states).map(([id, s]): [string, State] =>
      s.type === "tool" ? [id, { ...s, timeoutMs: Math.max(s.timeoutMs ?? 0, 60_000) }] : [id, s],
    ),
  );
  return { ...DEMO_WORKFLOW, states };
}

/**
 * The demo workflow made for stress tests: the demo servers deduplicate refunds, tickets and emails by idempotency key,
 * so those steps may say they are idempotent; each run refunds one penny, so hundreds of runs on the same order stay
 * within what it allows; and every call gets a long time limit and a few retries, so a loaded machine's slowness is not
 * mistaken for a case a person must look at.
 */
export function stressDemo(): WorkflowDefinition {
  const idempotent = ["refund", "log_ticket", "email_customer"];
  const states: WorkflowDefinition["states"] = Object.fromEntries(
    Object.entries(DEMO_WORKFLOW.states).map(([id, s]): [string, State] => {
      if (s.type !== "tool") return [id, s];
      return [
        id,
        {
          ...s,
          timeoutMs: 60_000,
          retry: { maxAttempts: 5, initialDelayMs: 200, backoffRate: 2, maxDelayMs: 2_000, jitter: "full" as const },
          ...(idempotent.includes(id) ? { idempotent: true } : {}),
          ...(id === "refund" ? { input: { ...s.input, amount: 0.01 } } : {}),
        },
      ];
    }),
  );
  return { ...DEMO_WORKFLOW, states };
}

/** Why runs wait on a person, for failure messages. */
export async function escalationSummary(world: DemoWorld): Promise<string> {
  const rows = await world.t.db.escalation.findMany({ select: { reason: true, stateId: true, message: true }, take: 200 });
  const counts = new Map<string, number>();
  for (const r of rows)
    counts.set(
      `${r.reason}@${r.stateId}: ${r.message.slice(0, 120)}`,
      (counts.get(`${r.reason}@${r.stateId}: ${r.message.slice(0, 120)}`) ?? 0) + 1,
    );
  const failed = await world.t.db.stepAttempt.findMany({
    where: { status: "failed" },
    select: { stateId: true, error: true },
    take: 500,
  });
  const errors = new Map<string, number>();
  for (const f of failed) {
    const key = `${f.stateId}: ${((f.error as { kind?: string; message?: string } | null)?.message ?? "").slice(0, 160)}`;
    errors.set(key, (errors.get(key) ?? 0) + 1);
  }
  const waiting = await world.t.db.run.findFirst({ where: { status: "waiting" }, select: { state: true } });
  const state = waiting?.state as { path?: string[]; vars?: Record<string, unknown> } | undefined;
  const sample = state ? { path: state.path, vars: JSON.stringify(state.vars).slice(0, 600) } : null;
  return JSON.stringify({
    escalations: [...counts.entries()].slice(0, 10),
    failedAttempts: [...errors.entries()].slice(0, 10),
    sample,
  });
}
