/**
 * An app process without an executor (SWITCHYARD_ENGINE=off beside workers) never runs anything itself: a run it
 * starts is created queued and waits for a worker; a person's decision and a cancel it receives become durable
 * messages that the worker's engine applies (the decision's audit row in that transition's commit).
 */
import { afterEach, describe, expect, it } from "vitest";
import { PROVIDERS } from "../../test/databases";
import { ADA, demoWorld, settle, type DemoWorld } from "../../test/demo-setup";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { readCallLog } from "@/examples/mcp-servers/shared/call-log";
import { createEngine } from "../host/engine-host";
import { messageControl } from "./run-control";
import type { Engine } from "../../engine/runtime/engine";
import { RunMessages } from "../../db/run-messages";
import { cancelRun, startRun } from "./runs";
import { resolveEscalation } from "../inbox/escalations";

const APPROVE_THEN_LOOKUP: WorkflowDefinition = {
  schemaVersion: 1,
  name: "Approve, then look up",
  input: { type: "object", properties: { customerEmail: { type: "string" } }, required: ["customerEmail"] },
  startAt: "approve",
  states: {
    approve: {
      type: "human",
      title: "Approve the lookup",
      options: [
        { id: "go", label: "Go ahead", next: "lookup" },
        { id: "stop", label: "Stop", next: "stopped" },
      ],
    },
    lookup: { type: "tool", server: "crm", tool: "find_customer", input: { email: "{% $input.customerEmail %}" }, next: "done" },
    done: { type: "succeed" },
    stopped: { type: "fail", error: "stopped", message: "Stopped by a person" },
  },
};

let world: DemoWorld | null = null;
let frontEngine: Engine | null = null;
afterEach(async () => {
  await frontEngine?.stop();
  frontEngine = null;
  await world?.dispose();
  world = null;
});

/** The front process's control: an engine built for its stores and never started, and the durable messages. */
function frontOf(w: DemoWorld) {
  const messages = new RunMessages(w.t.db, w.t.url);
  frontEngine = createEngine(w.t.db, w.pool, { url: w.t.url, shared: true });
  return { messages, front: messageControl(frontEngine, messages) };
}

describe.each(PROVIDERS)("a process without an executor, beside a worker (%s)", (provider) => {
  it("queues the runs it starts and sends decisions and cancels to the worker as durable messages", async () => {
    // The worker's engine (started below, after the front has acted), and the front's: built, never started.
    world = await demoWorld(provider, { definition: APPROVE_THEN_LOOKUP, startEngine: false });
    const w = world;
    const { messages, front } = frontOf(w);
    const input = { customerEmail: ADA.customerEmail };

    const { runId } = await startRun(w.t.db, front, { workflowId: w.workflowId, input });
    const other = await startRun(w.t.db, front, { workflowId: w.workflowId, input });
    expect(await w.t.db.run.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "queued", seq: 0 });
    expect(await w.t.db.transition.count({ where: { runId } })).toBe(0);

    await w.engine.start();
    expect((await settle(w, runId)).status).toBe("waiting");
    expect((await settle(w, other.runId)).status).toBe("waiting");
    const escalation = await w.t.db.escalation.findFirstOrThrow({ where: { runId } });

    const audit = {
      id: "aud_front_1",
      actor: "ada",
      action: "escalation.resolve",
      target: escalation.id,
      detail: "",
      address: "",
    };
    await resolveEscalation(w.t.db, front, {
      id: escalation.id,
      by: "ada",
      resolution: { action: "option", optionId: "go" },
      audit,
    });
    await cancelRun(w.t.db, front, { runId: other.runId, compensate: false, by: "bob" });

    expect((await settle(w, runId, 30_000, (s) => s === "succeeded" || s === "failed")).status).toBe("succeeded");
    expect((await settle(w, other.runId, 30_000, (s) => s === "cancelled")).status).toBe("cancelled");
    expect(await w.t.db.escalation.findUniqueOrThrow({ where: { id: escalation.id } })).toMatchObject({
      status: "resolved",
      resolvedBy: "ada",
    });
    expect(await w.t.db.auditEvent.findUniqueOrThrow({ where: { id: "aud_front_1" } })).toMatchObject({ actor: "ada" });
    expect(readCallLog(w.stateDir, "crm")).toHaveLength(1);
    await w.engine.idle();
    expect(await messages.count()).toBe(0);
  });

  it("applies a decision once even when two messages resolve the same escalation", async () => {
    world = await demoWorld(provider, { definition: APPROVE_THEN_LOOKUP });
    const w = world;
    const { messages, front } = frontOf(w);
    const { runId } = await startRun(w.t.db, w.engine, { workflowId: w.workflowId, input: { customerEmail: ADA.customerEmail } });
    await settle(w, runId);
    const escalation = await w.t.db.escalation.findFirstOrThrow({ where: { runId } });
    // Both sent before either is applied (as by two people at once, or a message taken again after a crash).
    await front.deliver(runId, { type: "human_resolved", escalationId: escalation.id, optionId: "go", by: "ada" }, undefined, {
      id: escalation.id,
      by: "ada",
      resolution: { action: "option", optionId: "go" },
    });
    await front.deliver(runId, { type: "human_resolved", escalationId: escalation.id, optionId: "stop", by: "bob" }, undefined, {
      id: escalation.id,
      by: "bob",
      resolution: { action: "option", optionId: "stop" },
    });
    expect((await settle(w, runId, 30_000, (s) => s === "succeeded" || s === "failed")).status).toBe("succeeded");
    expect(await w.t.db.escalation.findUniqueOrThrow({ where: { id: escalation.id } })).toMatchObject({ resolvedBy: "ada" });
    await w.engine.idle();
    expect(await messages.count()).toBe(0);
  });
});
