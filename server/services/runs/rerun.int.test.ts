/**
 * Re-running from a step against the real demo servers: the steps before it are reused from the parent's recorded
 * results, so their tools are not called again (the servers' call logs say so); the step and those after it run anew.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readCallLog } from "@/examples/mcp-servers/shared/call-log";
import { ADA, DEMO_WORKFLOW, demoWorld, settle, type DemoWorld } from "../../test/demo-setup";
import { PROVIDERS } from "../../test/databases";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { startRun } from "./runs";
import { rerun, rerunPreview } from "./rerun";
import { getRun } from "./run-views";

// One penny per refund: every run of the case may refund (the demo order allows its total, not more).
const refund = DEMO_WORKFLOW.states.refund as Extract<WorkflowDefinition["states"][string], { type: "tool" }>;
const definition: WorkflowDefinition = {
  ...DEMO_WORKFLOW,
  states: { ...DEMO_WORKFLOW.states, refund: { ...refund, input: { ...refund.input, amount: 0.01 } } },
};
const final = (status: string) => ["succeeded", "failed", "compensated", "cancelled"].includes(status);

const SERVERS = ["crm", "orders", "docs", "ticketing", "email"] as const;
const executed = (world: DemoWorld) =>
  Object.fromEntries(
    SERVERS.map((s) => [
      s,
      readCallLog(world.stateDir, s)
        .filter((c) => c.executed)
        .map((c) => c.tool),
    ]),
  );

describe.each(PROVIDERS)("re-run from a step (%s, demo servers)", (provider) => {
  let world: DemoWorld;
  let faults: string;
  const dir = mkdtempSync(path.join(tmpdir(), "rerun-faults-"));

  beforeAll(async () => {
    faults = path.join(dir, "email.json");
    // The email server's breaker stays closed through this file's few failures (breakers have their own tests).
    const breaker = { window: 20, failureRate: 0.9, minCalls: 20, coolDownMs: 1_000 };
    world = await demoWorld(provider, { definition, breaker, faults: { email: { DEMO_FAULTS_FILE: faults } } });
  });
  afterAll(async () => {
    await world.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("from a middle step: earlier tools are not called again, later ones are, and the new run links to its parent", async () => {
    const { runId: parentId } = await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: ADA });
    expect((await settle(world, parentId)).status).toBe("succeeded");
    const before = executed(world);
    expect(before.orders).toEqual(["get_order", "issue_refund"]);
    expect(before.email).toEqual(["send_email"]);

    const preview = await rerunPreview(world.t.db, parentId, "log_ticket");
    // The ticket and the email are sent again; the refund is before the step, so it is not repeated.
    expect(preview.notIdempotent.map((s) => s.stateId).sort()).toEqual(["email_customer", "log_ticket"]);

    const { runId } = await rerun(world.t.db, world.engine, { runId: parentId, stateId: "log_ticket" });
    expect((await settle(world, runId)).status).toBe("succeeded");
    const after = executed(world);
    expect(after.crm).toEqual(before.crm);
    expect(after.orders).toEqual(before.orders);
    expect(after.docs).toEqual(before.docs);
    expect(after.ticketing).toEqual([...before.ticketing!, "create_ticket"]);
    expect(after.email).toEqual([...before.email!, "send_email"]);

    const child = await getRun(world.t.db, runId);
    expect(child.parentRunId).toBe(parentId);
    expect(child.fromStateId).toBe("log_ticket");
    expect(child.reused?.states).toEqual(["lookup_customer", "check_order", "search_docs", "decide", "refund"]);
    expect(child.path).toEqual([...child.reused!.states, "log_ticket", "email_customer", "done"]);
    // The email used the data of the reused steps (the customer found by the parent run).
    const email = readCallLog(world.stateDir, "email").at(-1)!;
    expect(JSON.stringify(email.arguments)).toContain("ada.lovelace@example.com");
    expect(email.idempotencyKey).toBe(`${runId}:email_customer:1`);
    expect((await getRun(world.t.db, parentId)).children.map((c) => c.id)).toEqual([runId]);
  });

  it("retries a failed step after the server is fixed, with edited arguments", async () => {
    writeFileSync(faults, JSON.stringify({ DEMO_FAILURE_RATE: 1, DEMO_FAULT_TOOLS: "send_email" }));
    const { runId: parentId } = await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: ADA });
    const failed = await settle(world, parentId, 90_000, final);
    expect(failed.status).toBe("failed");
    expect((await getRun(world.t.db, parentId)).failedStep).toBe("email_customer");
    const refunds = executed(world).orders!.length;

    rmSync(faults); // the server is fixed
    const last = await rerunPreview(world.t.db, parentId, "email_customer");
    const args = { ...last.lastArgs, subject: "Your refund (sent again)" };
    const { runId } = await rerun(world.t.db, world.engine, { runId: parentId, stateId: "email_customer", args });
    expect((await settle(world, runId, 90_000, final)).status).toBe("succeeded");
    expect(executed(world).orders!.length).toBe(refunds);
    const email = readCallLog(world.stateDir, "email").at(-1)!;
    expect(email.outcome).toBe("ok");
    expect((email.arguments as { subject?: string }).subject).toBe("Your refund (sent again)");
    // The parent rolled its refund back; the new run does not carry that undo (it would reverse it twice).
    const seed = (await world.t.db.run.findUniqueOrThrow({ where: { id: runId } })).seed as { compensations: unknown[] };
    expect(seed.compensations).toEqual([]);
  });

  it("refuses a run that has not finished and a step the run never reached", async () => {
    const { runId } = await startRun(world.t.db, world.engine, { workflowId: world.workflowId, input: ADA });
    await expect(rerun(world.t.db, world.engine, { runId, stateId: "refund" })).rejects.toThrow(
      /Only a finished run can be re-run/,
    );
    await settle(world, runId, 90_000, final);
    await expect(rerun(world.t.db, world.engine, { runId, stateId: "review_case" })).rejects.toThrow(
      /never reached the step "review_case"/,
    );
  });
});
