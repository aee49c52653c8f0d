/**
 * URL-mode questions in the inbox (issue 19, defect 9), against the fidelity fixture as a real process over stdio and
 * Streamable HTTP, with the real engine and database: the item names the link's domain and waits for consent; consent
 * reaches the server as `accept` while the item stays open; the person's visit to the server's page makes the server
 * send notifications/elicitation/complete, which closes the item; the call goes on and the run finishes.
 */
import { describe, expect, it } from "vitest";
import { settle } from "../../test/demo-setup";
import { fixtureWorlds, openRequestOf, startFixtureRun } from "../../test/fixture-worlds";
import { until } from "../../test/until";
import { answerRequest } from "./elicitation-requests";
import { getEscalation } from "./escalations";
import { FIDELITY, stdio } from "../../mcp/testing";
import type { McpServerConfig } from "@/lib/mcp/server-config";
import type { WorkflowDefinition } from "@/lib/workflow/schema";

const worlds = fixtureWorlds();

/** One call to the fixture's `tool` (a tool that asks the person to open a link), whose result is the run's output. */
const connectWorkflow = (tool: string) =>
  ({
    schemaVersion: 1,
    name: "Connect an account",
    input: { type: "object", properties: {} },
    startAt: "connect",
    states: {
      connect: {
        type: "tool",
        server: "fixture",
        tool,
        input: { account: "crm" },
        assign: { connected: "{% $result %}" },
        timeoutMs: 120_000,
        next: "done",
      },
      done: { type: "succeed", output: "{% $connected %}" },
    },
  }) as unknown as WorkflowDefinition;
const CONNECT = connectWorkflow("connect-account");

/** A world on `config` with the workflow started: the run and its URL-mode item once the server has asked. */
async function askedOver(config: McpServerConfig, definition = CONNECT) {
  const w = await worlds.open(config, definition);
  const runId = await startFixtureRun(w);
  return { w, runId, open: await openRequestOf(w, runId, "the URL-mode item") };
}

const configs: [string, () => Promise<McpServerConfig>][] = [
  ["stdio", () => Promise.resolve(stdio(FIDELITY))],
  ["Streamable HTTP", () => worlds.fidelityHttp()],
];

describe.each(configs)("a URL-mode question over %s", (_label, config) => {
  it("shows the link's domain, asks for consent, and closes when the server reports completion; the run finishes", async () => {
    const { w, runId, open } = await askedOver(await config());
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
    const { w, runId, open } = await askedOver(await config());
    await answerRequest(w.t.db, { id: open.id, by: "Ada", action: "decline" });
    expect((await settle(w, runId)).output).toMatchObject({ value: "not connected: decline" });
  });
});

describe("a call refused with URLElicitationRequired (stdio)", () => {
  it("asks in the inbox; after consent and the server's completion the call is sent again and the run finishes", async () => {
    const { w, runId, open } = await askedOver(stdio(FIDELITY), connectWorkflow("read-private"));
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
