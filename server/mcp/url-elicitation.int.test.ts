/**
 * URL-mode elicitation (issue 19, defect 9), against the fidelity fixture as a real process over stdio and Streamable
 * HTTP: the connection declares URL elicitation, the server's link reaches the elicitation handler tied to its call, and
 * the server's notifications/elicitation/complete reaches the completion handler with the same id.
 */
import { afterEach, describe, expect, it } from "vitest";
import { McpConnection } from "./connection";
import { FIDELITY, startFidelityHttp, stdio, type HttpFixture } from "./testing";
import type { ElicitationParams } from "./types";
import { until } from "../test/until";

let server: HttpFixture | null = null;
afterEach(async () => {
  await server?.kill();
  server = null;
});

const text = (r: { content: { type: string; text?: string }[] }) => r.content.map((c) => c.text ?? "").join("");
const KEY = { "dev.switchyard/idempotency-key": "run1:connect:1" };

describe.each([
  ["stdio", () => Promise.resolve(stdio(FIDELITY))],
  ["Streamable HTTP", async () => ({ transport: "http" as const, url: (server = await startFidelityHttp()).url, headers: {} })],
] as const)("a URL-mode question over %s", (_label, config) => {
  it("reaches the handler with its link, tied to its call; consent, a visit, then the server's completion", async () => {
    const asked: { params: ElicitationParams; related: unknown }[] = [];
    const completed: string[] = [];
    const conn = new McpConnection({
      name: "fixture",
      config: await config(),
      handlers: {
        elicitation: (_server, params, extra) => {
          asked.push({ params, related: extra.related?.meta });
          return Promise.resolve({ action: "accept" });
        },
        elicitationComplete: (server, id) => completed.push(`${server} ${id}`),
      },
    });
    try {
      const call = conn.callTool("connect-account", { account: "crm" }, { timeoutMs: 30_000, meta: KEY });
      const { params, related } = await until(() => asked[0], "the URL-mode question");
      expect(params).toMatchObject({ mode: "url", message: "Sign in to connect crm" });
      expect(related).toEqual(KEY);
      const { url, elicitationId } = params as { url: string; elicitationId: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/connect\//);
      // The person opens the page (out of band); the server then reports completion and answers the call.
      expect((await fetch(url)).status).toBe(200);
      expect(text(await call)).toBe("connected crm");
      await until(() => completed.length === 1, "the completion notification");
      expect(completed).toEqual([`fixture ${elicitationId}`]);
    } finally {
      await conn.close();
    }
  });

  it("a call refused with URLElicitationRequired asks for the link, waits for completion, and is sent again once", async () => {
    const asked: ElicitationParams[] = [];
    const conn = new McpConnection({
      name: "fixture",
      config: await config(),
      handlers: {
        elicitation: (_server, params) => {
          asked.push(params);
          // The person consents and signs in on the server's page (out of band).
          void fetch((params as { url: string }).url);
          return Promise.resolve({ action: "accept" });
        },
      },
    });
    try {
      const result = await conn.callTool("read-private", { account: "crm" }, { timeoutMs: 30_000, meta: KEY });
      expect(text(result)).toBe("private data of crm");
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatchObject({ mode: "url", message: "Sign in to read crm" });
    } finally {
      await conn.close();
    }
  });

  it("gives the server a person's refusal", async () => {
    const conn = new McpConnection({
      name: "fixture",
      config: await config(),
      handlers: { elicitation: () => Promise.resolve({ action: "decline" }) },
    });
    try {
      expect(text(await conn.callTool("connect-account", { account: "crm" }, { timeoutMs: 30_000 }))).toBe(
        "not connected: decline",
      );
    } finally {
      await conn.close();
    }
  });
});
