import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { RunState, PendingCall } from "../engine/core/types";
import type { TransitionObserved } from "../engine/runtime/observer";
import { createLogger, type LogLevel } from "./logger";
import { logObserver } from "./engine-logs";
import { VersionDirectory } from "./versions";

const call: PendingCall = {
  type: "call",
  stateId: "check",
  visit: 1,
  attempt: 2,
  server: "orders",
  tool: "get_order",
  args: {},
  idempotencyKey: "run_1:check:1",
  purpose: "step",
};
const state = (o: Partial<RunState>): RunState => ({
  runId: "run_1",
  status: "running",
  current: "check",
  visits: { check: 1 },
  attempt: 2,
  input: {},
  vars: {},
  compensations: [],
  rollback: null,
  pending: null,
  output: null,
  error: null,
  failure: null,
  path: [],
  ...o,
});

/** A failed attempt followed by a retry timer and an escalation request, as one transition. */
const failedThenEscalated: TransitionObserved = {
  runId: "run_1",
  versionId: "ver_1",
  seq: 5,
  before: state({ pending: call }),
  event: { type: "call_failed", error: { kind: "tool_error", message: "down", retryable: true } },
  result: {
    state: state({ status: "waiting", error: { kind: "tool_error", message: "down", retryable: true } }),
    commands: [
      { type: "schedule_timer", timer: { type: "timer", timerId: "t", stateId: "check", reason: "retry", wakeAt: 1_500 } },
      {
        type: "open_escalation",
        escalation: {
          escalationId: "esc_1",
          stateId: "check",
          reason: "retries_exhausted",
          title: "t",
          message: "",
          context: {},
          options: [],
          assigneeGroup: null,
          dueAt: null,
          details: null,
        },
      },
    ],
  },
  completed: {
    call,
    outcome: { status: "failed", error: { kind: "tool_error", message: "down", retryable: true }, latencyMs: 12 },
  },
  now: 1_000,
};

async function linesAt(level: LogLevel): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level,
    destination: new Writable({
      write(chunk: Buffer, _e, done) {
        for (const l of chunk.toString().split("\n")) if (l) lines.push(JSON.parse(l) as Record<string, unknown>);
        done();
      },
    }),
  });
  const versions = new VersionDirectory(() => Promise.resolve({ workflowId: "wf_1", workflowName: "W", version: 3 }));
  await versions.resolve("ver_1");
  logObserver(logger, versions).transition?.(failedThenEscalated);
  return lines;
}

describe("engine log lines", () => {
  it("logs the transition, the tool call, the retry and the escalation with run, workflow, version, state and attempt", async () => {
    const lines = await linesAt("info");
    expect(lines.map((l) => l.kind)).toEqual(["transition", "tool_call", "retry", "escalation"]);
    for (const l of lines) expect(l).toMatchObject({ runId: "run_1", workflowId: "wf_1", version: 3, stateId: "check" });
    expect(lines[1]).toMatchObject({
      server: "orders",
      tool: "get_order",
      attempt: 2,
      durationMs: 12,
      outcome: "failed",
      errorKind: "tool_error",
    });
    expect(lines[2]).toMatchObject({ delayMs: 500 });
    expect(lines[3]).toMatchObject({ escalationId: "esc_1", reason: "retries_exhausted" });
  });

  it("keeps only the warnings at LOG_LEVEL=warn, and nothing when silent", async () => {
    expect((await linesAt("warn")).map((l) => l.kind)).toEqual(["tool_call", "escalation"]);
    expect(await linesAt("silent")).toEqual([]);
  });
});
