/**
 * A question from an MCP server during a run's call (elicitation) goes to the
 * inbox and the answer back to the server, against the real executor, database
 * and the demo orders server over stdio (it asks before refunds above its limit).
 */
import { afterEach, describe, expect, it } from "vitest";
import { demoWorld, settle, type DemoWorld } from "../../test/demo-setup";
import { readCallLog } from "@/examples/mcp-servers/shared/call-log";
import { startRun } from "../runs/runs";
import { getEscalation } from "./escalations";
import { answerRequest, sweepLostRequests } from "./elicitation-requests";
import type { AppError } from "@/lib/errors";
import type { WorkflowDefinition } from "@/lib/workflow/schema";
import { SecretBox } from "../../security/secrets";
import { EVERYTHING, stdio } from "../../mcp/testing";
import { checkServer, createServer } from "../servers/servers";

let world: DemoWorld | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

/** Refund ORD-1003 (1,249.00, above the demo's 1,000 limit): the orders server asks a person first. */
const refundWorkflow = (extra: Record<string, unknown> = {}): WorkflowDefinition =>
  ({
    schemaVersion: 1,
    name: "Large refund",
    startAt: "refund",
    states: {
      refund: {
        type: "tool",
        server: "orders",
        tool: "issue_refund",
        input: { orderId: "ORD-1003", amount: 1249, reason: "Broken on arrival" },
        assign: { refund: "{% $result %}" },
        timeoutMs: 20_000,
        catch: [{ errors: ["*"], next: "refused" }],
        next: "done",
        ...extra,
      },
      done: { type: "succeed", output: "{% $refund %}" },
      refused: { type: "fail", error: "refused", message: "{% $error.message %}" },
    },
  }) as unknown as WorkflowDefinition;

/** The run's questions, once `ready` holds for them (or after 20 s). */
async function questions(
  w: DemoWorld,
  runId: string,
  ready = (rows: { status: string }[]) => rows.some((r) => r.status === "open"),
) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const rows = await w.t.db.escalation.findMany({ where: { runId, reason: "mcp_request" }, orderBy: { createdAt: "asc" } });
    if (ready(rows) || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function start(w: DemoWorld) {
  return (await startRun(w.t.db, w.engine, { workflowId: w.workflowId, input: {} })).runId;
}

const refunds = (w: DemoWorld) => readCallLog(w.stateDir, "orders").filter((c) => c.tool === "issue_refund");

describe("questions from MCP servers (elicitation)", () => {
  it("files a question asked during a compensation against the step being undone", async () => {
    // The large refund is the undo of "prepare"; "check" fails, the catch route rolls back, the server asks.
    const definition = {
      schemaVersion: 1,
      name: "Undo with a question",
      startAt: "prepare",
      states: {
        prepare: {
          type: "tool",
          title: "Look up the customer",
          server: "crm",
          tool: "find_customer",
          input: { email: "ada.lovelace@example.com" },
          compensate: { server: "orders", tool: "issue_refund", input: { orderId: "ORD-1003", amount: 1249, reason: "Undo" } },
          next: "check",
        },
        check: {
          type: "tool",
          server: "orders",
          tool: "get_order",
          input: { orderId: "ORD-NOPE" },
          catch: [{ errors: ["*"], next: "failed", rollback: true }],
          next: "done",
        },
        failed: { type: "fail", error: "check_failed", message: "{% $error.message %}" },
        done: { type: "succeed" },
      },
    } as unknown as WorkflowDefinition;
    world = await demoWorld("sqlite", { definition, servers: ["crm", "orders"] });
    const runId = await start(world);
    // The run fails a step, rolls back, and the undo asks: give it time on a loaded machine.
    const deadline = Date.now() + 90_000;
    let rows = await questions(world, runId);
    while (!rows.some((r) => r.status === "open") && Date.now() < deadline) rows = await questions(world, runId);
    const row = rows.find((r) => r.status === "open");
    expect(
      row,
      JSON.stringify(await world.t.db.run.findUnique({ where: { id: runId }, select: { status: true, state: true } })),
    ).toMatchObject({ reason: "mcp_request", stateId: "prepare", status: "open" });
    const item = await getEscalation(world.t.db, row!.id);
    expect(item.stateTitle).toBe("Look up the customer");
    await answerRequest(world.t.db, {
      id: item.id,
      by: "Joan",
      action: "accept",
      content: { approve: true, approver: "Finance desk" },
    });
    const done = await settle(world, runId, 90_000, (s) => s === "failed" || s === "succeeded" || s === "compensated");
    expect(done.status).toBe("failed");
    // The fail step's message reads $error, bound after the catch route (it used to be "null").
    expect(done.failure).toMatchObject({ code: "check_failed", message: expect.stringContaining("ORD-NOPE") as unknown });
  });

  it("shows the server's question with its form; the answer reaches the server and the run goes on", async () => {
    world = await demoWorld("sqlite", { definition: refundWorkflow(), servers: ["orders"] });
    const runId = await start(world);
    const [row] = await questions(world, runId);
    const item = await getEscalation(world.t.db, row!.id);
    expect(item.reason).toBe("mcp_request");
    expect(item.title).toBe("orders asks: A refund of 1249 GBP on order ORD-1003 is above the finance limit. Approve it?");
    expect(item.message).toBe(""); // Said in full by the title.
    expect(item.stateId).toBe("refund");
    expect(item.request).toMatchObject({
      server: "orders",
      tool: "issue_refund",
      guessed: false,
      form: {
        properties: { approve: { type: "boolean", default: false }, approver: { type: "string", minLength: 2 } },
        required: ["approve", "approver"],
      },
    });
    expect((await world.t.db.run.findUniqueOrThrow({ where: { id: runId } })).status).toBe("running");

    // A bad answer is refused, naming the field, and changes nothing.
    const bad = await answerRequest(world.t.db, { id: item.id, by: "Joan", action: "accept", content: { approve: true } }).catch(
      (e: unknown) => e as AppError,
    );
    expect(bad).toMatchObject({ kind: "invalid", problems: [{ path: ["content", "approver"], message: "is required" }] });
    expect((await getEscalation(world.t.db, item.id)).status).toBe("open");

    await answerRequest(world.t.db, {
      id: item.id,
      by: "Joan",
      note: "Checked with finance",
      action: "accept",
      content: { approve: true, approver: "Finance desk" },
    });
    const run = await settle(world, runId);
    expect(run.status).toBe("succeeded");
    expect((run.output as { value: unknown }).value).toMatchObject({ orderId: "ORD-1003", amount: 1249, status: "issued" });
    expect(refunds(world)).toHaveLength(1);
    const after = await getEscalation(world.t.db, item.id);
    expect(after).toMatchObject({ status: "resolved", resolvedBy: "Joan" });
    expect(after.history.at(-1)).toMatchObject({ kind: "resolved", by: "Joan", decision: "answered the server" });
  });

  it("a decline goes back to the server, whose refusal takes the step's error route; two answers at once: one wins", async () => {
    world = await demoWorld("sqlite", { definition: refundWorkflow(), servers: ["orders"] });
    const runId = await start(world);
    const [row] = await questions(world, runId);
    const outcomes = await Promise.allSettled(
      ["Ann", "Bob"].map((by) => answerRequest(world!.t.db, { id: row!.id, by, action: "decline" })),
    );
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect((rejected[0]!.reason as AppError).message).toMatch(/^Already resolved by (Ann|Bob) at /);
    const run = await settle(world, runId);
    expect(run.status).toBe("failed");
    expect((run.state as { path: string[] }).path).toEqual(["refund", "refused"]);
    const attempt = await world.t.db.stepAttempt.findFirstOrThrow({ where: { runId, stateId: "refund" } });
    expect(JSON.stringify(attempt.error)).toContain("The refund was not approved (the person chose to decline)");
  });

  it("an API answer that leaves out a field with a default gets the default, as the browser's form does (issue 19, defect 10)", async () => {
    world = await demoWorld("sqlite", { definition: refundWorkflow(), servers: ["orders"] });
    const runId = await start(world);
    const [row] = await questions(world, runId);
    // `approve` is required and defaults to false: left out, the server receives false (not a refusal of the answer).
    await answerRequest(world.t.db, { id: row!.id, by: "Ann", action: "accept", content: { approver: "Finance desk" } });
    expect((await getEscalation(world.t.db, row!.id)).status).toBe("resolved");
    const run = await settle(world, runId);
    expect((run.state as { path: string[] }).path).toEqual(["refund", "refused"]);
    const attempt = await world.t.db.stepAttempt.findFirstOrThrow({ where: { runId, stateId: "refund" } });
    expect(JSON.stringify(attempt.error)).toContain("The refund was not approved by Finance desk");
    expect(refunds(world)).toHaveLength(1);
  });

  it("when the call's time limit passes before anyone answers, the item says so and the step follows its retry policy", async () => {
    world = await demoWorld("sqlite", {
      servers: ["orders"],
      // The first call's limit passes unanswered; the second must be answered within the same limit: 1.5 s was too
      // short for that on 2 loaded cores (the answer's round trip alone took longer), 10 s is not.
      definition: refundWorkflow({ timeoutMs: 10_000, retry: { maxAttempts: 2, initialDelayMs: 0, retryOn: ["timeout"] } }),
    });
    const runId = await start(world);
    const [first] = await questions(world, runId);
    // The first call times out; the retry asks again (a new item).
    const rows = await questions(world, runId, (r) => r.length >= 2);
    expect(rows).toHaveLength(2);
    const lost = await getEscalation(world.t.db, first!.id);
    expect(lost.status).toBe("expired");
    expect(lost.request?.lost).toMatch(
      /time limit, cancel or failure\) before anyone answered; the step follows its retry policy/,
    );
    const late = await answerRequest(world.t.db, { id: first!.id, by: "Ann", action: "accept", content: {} }).catch(
      (e: unknown) => e as AppError,
    );
    expect(late).toMatchObject({ kind: "conflict", message: lost.request?.lost });

    await answerRequest(world.t.db, {
      id: rows[1]!.id,
      by: "Ann",
      action: "accept",
      content: { approve: true, approver: "Finance desk" },
    });
    expect((await settle(world, runId)).status).toBe("succeeded");
    expect(refunds(world).filter((c) => c.outcome === "ok")).toHaveLength(1);
  });

  it("closes a question whose call died with its process (restart), and refuses answers to it", async () => {
    world = await demoWorld("sqlite", { definition: refundWorkflow(), servers: ["orders"] });
    const runId = await start(world);
    const [row] = await questions(world, runId);
    // The process that made the call is gone: another engine holds the run now.
    await world.t.db.run.update({ where: { id: runId }, data: { leaseOwner: "another-process" } });
    expect(await sweepLostRequests(world.t.db, Date.now())).toBe(1);
    const item = await getEscalation(world.t.db, row!.id);
    expect(item.status).toBe("expired");
    expect(item.request?.lost).toMatch(/process making the call stopped/);
    await expect(answerRequest(world.t.db, { id: row!.id, by: "Ann", action: "decline" })).rejects.toMatchObject({
      kind: "conflict",
    });
  });

  it("answers server-everything's elicitation tool from the inbox; the tool returns the answer", async () => {
    world = await demoWorld("sqlite", {
      servers: [],
      definition: {
        schemaVersion: 1,
        name: "Ask through everything",
        startAt: "ask",
        states: {
          ask: {
            type: "tool",
            server: "everything",
            tool: "trigger-elicitation-request",
            input: {},
            assign: { answer: "{% $result %}" },
            next: "done",
          },
          done: { type: "succeed", output: "{% $answer %}" },
        },
      } as unknown as WorkflowDefinition,
    });
    const deps = { db: world.t.db, box: new SecretBox(Buffer.from(world.secretKey, "base64")), pool: world.pool };
    const { id } = await createServer(deps, { name: "everything", config: stdio(EVERYTHING, ["stdio"]) });
    await checkServer(deps, id);
    const runId = await start(world);
    const [row] = await questions(world, runId);
    const item = await getEscalation(world.t.db, row!.id);
    expect(item.title).toBe("everything asks: Please provide inputs for the following fields:");
    expect(item.request).toMatchObject({ server: "everything", tool: "trigger-elicitation-request", guessed: false });
    expect(item.request?.form.required).toEqual(["name"]);
    expect(item.request?.form.properties.titledSingleSelectEnum).toMatchObject({ enum: ["hero-1", "hero-2", "hero-3"] });
    expect(item.request?.form.properties.integer).toMatchObject({ type: "integer", minimum: 1, maximum: 100, default: 42 });

    await answerRequest(world.t.db, {
      id: item.id,
      by: "Ada",
      action: "accept",
      content: { name: "Ada Lovelace", check: true, email: "ada@example.com", integer: 7 },
    });
    const run = await settle(world, runId);
    expect(run.status).toBe("succeeded");
    const text = JSON.stringify((run.output as { value: unknown }).value);
    expect(text).toContain("User provided the requested information");
    expect(text).toContain("- Name: Ada Lovelace");
    expect(text).toContain("- Favorite Integer: 7");
  });
});
