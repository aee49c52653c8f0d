/**
 * A server's own circuit breaker thresholds (Servers page) reach the engine: with the default a few failures leave the
 * breaker closed; after an admin sets "over 50% of the last 2 calls", the same failures open it. Real engine, SQLite,
 * the demo CRM failing every call.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoWorld, settle, type DemoWorld } from "../../test/demo-setup";
import { startRun } from "../runs/runs";
import {
  breakerSettings,
  breakerSource,
  setBreakerSettings,
  toConfig,
  DEFAULT_SETTINGS,
  type BreakerSettingsSource,
} from "./breaker-settings";
import { DEFAULT_BREAKER } from "../../engine/core/breaker";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

const definition = {
  schemaVersion: 1,
  name: "Find a customer",
  startAt: "find",
  states: {
    find: {
      type: "tool",
      server: "crm",
      tool: "find_customer",
      input: { email: "ada.lovelace@example.com" },
      retry: { maxAttempts: 3, initialDelayMs: 0, jitter: "none", retryOn: ["protocol_error"] },
      breaker: { whenOpen: "escalate" },
      next: "done",
    },
    done: { type: "succeed" },
  },
} as unknown as WorkflowDefinition;

let world: DemoWorld;
let source: BreakerSettingsSource;
beforeAll(async () => {
  // The engine reads each server's thresholds from the settings, as in the app (breakerSource, engine-host.ts).
  // (The app's own source, made here so the test can ask it to read the settings now.)
  world = await demoWorld("sqlite", {
    definition,
    servers: ["crm"],
    faults: { crm: { DEMO_FAILURE_RATE: "1", DEMO_FAILURE_KIND: "protocol_error" } },
    breaker: (server) => source(server),
  });
  source = breakerSource(world.t.db);
});
afterAll(() => world.dispose());

const refusals = async (runId: string) =>
  (await world.t.db.transition.findMany({ where: { runId }, select: { event: true } })).filter(
    (t) => (t.event as { type: string }).type === "breaker_open",
  ).length;

describe("circuit breaker thresholds per server", () => {
  it("maps what people set to the engine's config, with the default matching the engine's", () => {
    expect(toConfig(DEFAULT_SETTINGS)).toEqual(DEFAULT_BREAKER);
    expect(toConfig({ failurePercent: 50, window: 2, coolDownSeconds: 60, alsoCount: ["tool_error"] })).toEqual({
      window: 2,
      failureRate: 0.5,
      minCalls: 2,
      coolDownMs: 60_000,
      failureKinds: ["timeout", "connection_lost", "server_unavailable", "protocol_error", "tool_error"],
    });
  });

  it("uses the default until a server has its own, then the server's own, in every call after it is read", async () => {
    const first = (await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: {} })).runId;
    await settle(world, first, 90_000, (s) => s !== "queued" && s !== "running" && s !== "retrying");
    // Three failures out of the ten calls needed: the default leaves the breaker closed.
    expect(await refusals(first)).toBe(0);
    expect(await world.t.db.stepAttempt.count({ where: { runId: first } })).toBe(3);

    await setBreakerSettings(world.t.db, {
      server: "crm",
      settings: { failurePercent: 50, window: 2, coolDownSeconds: 60, alsoCount: [] },
    });
    expect(await breakerSettings(world.t.db)).toEqual({
      crm: { failurePercent: 50, window: 2, coolDownSeconds: 60, alsoCount: [] },
    });
    // Saved in this process: its engines use them from the next call on (not after their 5 s re-read).
    expect(source("crm")).toMatchObject({ window: 2, failureRate: 0.5 });

    const second = (await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: {} })).runId;
    await settle(world, second, 90_000, (s) => s !== "queued" && s !== "running" && s !== "retrying");
    // Now two failures in a window of two open it: a later attempt is refused without calling the server.
    expect(await refusals(second)).toBeGreaterThan(0);
    const breaker = await world.t.db.circuitBreaker.findUniqueOrThrow({ where: { server: "crm" } });
    expect((breaker.state as { status: string }).status).toBe("open");
  });

  it("refuses thresholds that make no sense, saying which and why, and unknown servers", async () => {
    const { breakerSettingsInput } = await import("./breaker-settings");
    const bad = breakerSettingsInput.safeParse({ server: "crm", settings: { failurePercent: 0, window: 1, coolDownSeconds: 0 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      "settings.failurePercent: must be at least 1%",
      "settings.window: must be at least 2 calls",
      "settings.coolDownSeconds: must be at least 1 second",
    ]);
    await expect(
      setBreakerSettings(world.t.db, {
        server: "nope",
        settings: { failurePercent: 50, window: 2, coolDownSeconds: 1, alsoCount: [] },
      }),
    ).rejects.toMatchObject({ kind: "not_found" });
  });
});
