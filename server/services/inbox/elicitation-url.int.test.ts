/**
 * URL-mode questions in the inbox (issue 19, defect 9), against the fidelity fixture as a real process over stdio and
 * Streamable HTTP, with the real engine and database: the item names the link's domain and waits for consent; consent
 * reaches the server as `accept` while the item stays open; the person's visit to the server's page makes the server
 * send notifications/elicitation/complete, which closes the item; the call goes on and the run finishes.
 */
import { afterEach, describe, expect, it } from "vitest";
import { settle, type DemoWorld } from "../../test/demo-setup";
import { fixtureWorld } from "../../test/fixture-world";
import { until } from "../../test/until";
import { startRun } from "../runs/runs";
import { answerRequest } from "./elicitation-requests";
import { getEscalation } from "./escalations";
import { FIDELITY, startFidelityHttp, stdio, type HttpFixture } from "../../mcp/testing";
import type { McpServerConfig } from "@/lib/mcp/server-config";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

let world: DemoWorld | null = null;
let fixture: HttpFixture | null = null;
afterEach(async () => {
  await world?.dispose();
  await fixture?.kill();
  world = fixture = null;
});

const CONNECT = {
  schemaVersion: 1,
  name: "Connect an account",
  input: { type: "object", properties: {} },
  startAt: "connect",
  states: {
    connect: {
      type: "tool",
      server: "fixture",
      tool: "connect-account",
      input: { account: "crm" },
      assign: { connected: "{% $result %}" },
      timeoutMs: 120_000,
      next: "done",
    },
    done: { type: "succeed", output: "{% $connected %}" },
  },
} as unknown as WorkflowDefinition;

const configs: [string, () => Promise<McpServerConfig>][] = [
  ["stdio", () => Promise.resolve(stdio(FIDELITY))],
  ["Streamable HTTP", async () => ({ transport: "http", url: (fixture = await startFidelityHttp()).url, headers: {} })],
];

describe.each(configs)("a URL-mode question over %s", (_label, config) => {
  it("shows the link's domain, asks for consent, and closes when the server reports completion; the run finishes", async () => {
    world = await fixtureWorld(await config(), CONNECT);
    const w = world;
    const { runId } = await startRun(w.t.db, w.engine, { workflowId: w.workflowId, input: {} });
    const open = await until(
      () => w.t.db.escalation.findFirst({ where: { runId, reason: "mcp_request", status: "open" } }),
      "the URL-mode item",
      60_000,
    );
    const item = await getEscalation(w.t.db, open.id);
    expect(item.title).toMatch(/^fixture asks you to open a page on 127\.0\.0\.1:\d+$/);
    expect(item.message).toBe("Sign in to connect crm");
    const request = item.request as { mode: string; url: string; domain: string; consent: unknown };
    expect(request).toMatchObject({ mode: "url", consent: null });
    expect(request.url).toMatch(new RegExp(`^http://${request.domain.replace(/\./g, "\\.")}/connect/`));

    // Consent: the server is told yes; the item stays open, showing who consented, until the server says it is done.
    await answerRequest(w.t.db, { id: open.id, by: "Ada", action: "accept" });
    await expect(answerRequest(w.t.db, { id: open.id, by: "Bob", action: "accept" })).rejects.toThrow(/Ada already consented/);
    const consented = await getEscalation(w.t.db, open.id);
    expect(consented.status).toBe("open");
    expect(consented.request).toMatchObject({ consent: { by: "Ada" } });

    // The person signs in on the server's page (out of band): the server reports completion and the call goes on.
    expect((await fetch(request.url)).status).toBe(200);
    const run = await settle(w, runId);
    expect(run.status).toBe("succeeded");
    expect(run.output).toMatchObject({ value: "connected crm" });
    const closed = await until(async () => {
      const e = await getEscalation(w.t.db, open.id);
      return e.status === "resolved" ? e : null;
    }, "the item to close");
    expect(closed.resolvedBy).toBe("Ada");
    expect(closed.request).toMatchObject({ completion: "fixture reported that it finished." });
  });

  it("a decline reaches the server, which answers the call without the sign-in", async () => {
    world = await fixtureWorld(await config(), CONNECT);
    const w = world;
    const { runId } = await startRun(w.t.db, w.engine, { workflowId: w.workflowId, input: {} });
    const open = await until(
      () => w.t.db.escalation.findFirst({ where: { runId, reason: "mcp_request", status: "open" } }),
      "the URL-mode item",
      60_000,
    );
    await answerRequest(w.t.db, { id: open.id, by: "Ada", action: "decline" });
    expect((await settle(w, runId)).output).toMatchObject({ value: "not connected: decline" });
  });
});

describe("a call refused with URLElicitationRequired (stdio)", () => {
  it("asks in the inbox; after consent and the server's completion the call is sent again and the run finishes", async () => {
    const readPrivate = JSON.parse(JSON.stringify(CONNECT)) as { states: { connect: { tool: string } } };
    readPrivate.states.connect.tool = "read-private";
    world = await fixtureWorld(stdio(FIDELITY), readPrivate as unknown as WorkflowDefinition);
    const w = world;
    const { runId } = await startRun(w.t.db, w.engine, { workflowId: w.workflowId, input: {} });
    const open = await until(
      () => w.t.db.escalation.findFirst({ where: { runId, reason: "mcp_request", status: "open" } }),
      "the URL-mode item",
      60_000,
    );
    const item = await getEscalation(w.t.db, open.id);
    expect(item.message).toBe("Sign in to read crm");
    await answerRequest(w.t.db, { id: open.id, by: "Ada", action: "accept" });
    expect((await fetch((item.request as { url: string }).url)).status).toBe(200);
    const run = await settle(w, runId);
    expect(run.output).toMatchObject({ value: "private data of crm" });
    const closed = await getEscalation(w.t.db, open.id);
    expect(closed).toMatchObject({ status: "resolved", resolvedBy: "Ada" });
    expect(closed.request).toMatchObject({ completion: "fixture reported that it finished." });
  });
});
